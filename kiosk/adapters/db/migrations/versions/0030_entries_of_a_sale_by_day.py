"""SQLite keeps no index of ledger entries by sale (issue 15: a sale's disk and its commit's pages).

A sale's entries are written with it, in its transaction, so on its business day; the entries written later that
name it reverse one of those (a refund's, a challenge taken back, a write-off). The two readers (a refund, a receipt
made again) now find them by the index of (kind, day, member), the kinds walked one seek each, and the reversals by
the index of what they reverse (SqlLedger.for_sale). The index of sale ids held each member sale's id again: ~40
bytes and one of the pages its commit writes.

PostgreSQL (the hub) keeps the index.

Revision ID: 0030
Revises: 0029
"""

from __future__ import annotations

from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_ledger_entries_sale_id", table_name="ledger_entries")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_ledger_entries_sale_id", "ledger_entries", ["sale_id"])
