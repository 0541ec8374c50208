"""Two member indexes hold members' rows only (issue 15: a sale's commit and its bytes).

`ix_postings_member_unit (member_id, unit)` held every posting, and half of them are the program's side of an
entry (`program:issued`, `program:redeemed`, ..., `member_id` NULL). Those entries sorted by unit among the NULLs,
so a sale's program postings landed on a page of their own for each unit: about 3 of the ~45 pages a member
sale's commit wrote to the WAL, and an index entry each posting, for no query. Every reader of the index asks
for one member (`member_id = ?`, or an equality with another member column), which a partial index
`WHERE member_id IS NOT NULL` serves on SQLite and PostgreSQL alike; the program's postings are read by their
entry (`ix_postings_entry_id`) or by sequence (the day-flow fold).

`ix_account_balances_debts (unit) WHERE balance < 0` (0009) is for the members below zero (the liability, the
hub's overdrafts), and every reader asks `member_id IS NOT NULL` too. But the program's own accounts are below
zero by design (`program:issued` gives what members hold), and every sale moves them: a page of that index in
every sale's commit. Now `WHERE balance < 0 AND member_id IS NOT NULL`.

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

# (index, table, columns, WHERE before, WHERE now)
INDEXES = (
    ("ix_postings_member_unit", "postings", ["member_id", "unit"], None, "member_id IS NOT NULL"),
    ("ix_account_balances_debts", "account_balances", ["unit"], "balance < 0",
     "balance < 0 AND member_id IS NOT NULL"),
)


def _create(name: str, table: str, columns: list[str], where: str | None) -> None:
    clause = None if where is None else sa.text(where)
    op.create_index(name, table, columns, sqlite_where=clause, postgresql_where=clause)


def upgrade() -> None:
    for name, table, columns, _before, now in INDEXES:
        op.drop_index(name, table_name=table)
        _create(name, table, columns, now)


def downgrade() -> None:
    for name, table, columns, before, _now in INDEXES:
        op.drop_index(name, table_name=table)
        _create(name, table, columns, before)
