"""The postings' member index holds the members' postings only (issue 15: a sale's commit and its bytes).

`ix_postings_member_unit (member_id, unit)` held every posting, and half of them are the program's side of an
entry (`program:issued`, `program:redeemed`, ..., `member_id` NULL). Those entries sorted by unit among the NULLs,
so a sale's program postings landed on a page of their own for each unit: about 3 of the ~45 pages a member
sale's commit wrote to the WAL, and an index entry each posting, for no query. Every reader of the index asks
for one member (`member_id = ?`, or an equality with another member column), which a partial index
`WHERE member_id IS NOT NULL` serves on SQLite and PostgreSQL alike; the program's postings are read by their
entry (`ix_postings_entry_id`) or by sequence (the day-flow fold).

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

NAME, COLUMNS, WHERE = "ix_postings_member_unit", ["member_id", "unit"], "member_id IS NOT NULL"


def upgrade() -> None:
    op.drop_index(NAME, table_name="postings")
    op.create_index(NAME, "postings", COLUMNS, sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    op.drop_index(NAME, table_name="postings")
    op.create_index(NAME, "postings", COLUMNS)
