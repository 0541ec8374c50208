"""Two member reads every sale makes are answered from their index alone (issue 15: a sale's CPU).

A member sale asks, before pricing it, which of the member's units hold a lot past its date and, for its
receipt, which hold a lot ending soon: one query over every posting of the member that carries a date. With
`ix_postings_member_unit (member_id, unit)` each of those postings was then looked up in the table for its
amount and date, a page read each (the member's postings lie wherever their sales put them): about 6 % of a sale's
time. The index now carries the date and the amount too, so the query reads the member's few index pages only.

The tier's qualifying sum (the member's sales since the tier window began: how many, or how much less refunds
plus store credit) read each sale row for its status and amounts: `ix_sales_member_created` now carries them,
and holds members' sales only (every reader asks for one member, or for members; a walk-in sale no longer adds
an entry to it).

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

# (index, table, columns before, WHERE before, columns now, WHERE now)
INDEXES = (
    ("ix_postings_member_unit", "postings", ["member_id", "unit"], "member_id IS NOT NULL",
     ["member_id", "unit", "expires_at", "amount"], "member_id IS NOT NULL"),
    ("ix_sales_member_created", "sales", ["member_id", "created_at"], None,
     ["member_id", "created_at", "status", "total_minor", "refunded_minor", "credit_paid_minor"],
     "member_id IS NOT NULL"),
)


def _create(name: str, table: str, columns: list[str], where: str | None) -> None:
    clause = None if where is None else sa.text(where)
    op.create_index(name, table, columns, sqlite_where=clause, postgresql_where=clause)


def upgrade() -> None:
    for name, table, _columns, _where, columns, where in INDEXES:
        op.drop_index(name, table_name=table)
        _create(name, table, columns, where)


def downgrade() -> None:
    for name, table, columns, where, _columns, _where in INDEXES:
        op.drop_index(name, table_name=table)
        _create(name, table, columns, where)
