"""Refunds of part of a receipt: a sale may have several refunds, and an entry several partial reversals.

- refunds: `lines_json` says which lines went back (NULL on older rows: the whole sale); one sale, many refunds.
- sales: `refunded_minor`, the money given back so far (kept with the refunds, checked by verify); a partly
  refunded sale still counts in revenue, less that.
- ledger_entries: `reverses_id` is no longer unique. Each refund reverses its share of an entry; verify checks
  that the reversals of an entry never add up to more than the entry moved.

SQLite cannot drop a table's UNIQUE constraint, so ledger_entries and refunds are rebuilt (Alembic's batch
copy). Foreign-key checks are deferred to the commit while postings briefly point at the table being
replaced, and the append-only triggers, which go with the old table, are made again on the new one.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _append_only(table: str) -> None:
    for action in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} BEFORE {action} ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: write a reversing entry instead'); END")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("sales") as batch:
        batch.add_column(sa.Column("refunded_minor", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute("UPDATE sales SET refunded_minor = total_minor WHERE status IN ('refunded', 'voided')")
    if sqlite:
        op.execute("PRAGMA defer_foreign_keys = ON")
    with op.batch_alter_table("refunds", recreate="always" if sqlite else "auto") as batch:
        batch.add_column(sa.Column("lines_json", sa.Text(), nullable=True))
        batch.drop_constraint("uq_refunds_sale_id", type_="unique")
        batch.create_index("ix_refunds_sale_id", ["sale_id"], unique=False)
    with op.batch_alter_table("ledger_entries", recreate="always" if sqlite else "auto") as batch:
        batch.drop_constraint("uq_ledger_entries_reverses_id", type_="unique")
        batch.create_index("ix_ledger_entries_reverses_id", ["reverses_id"], unique=False)
    if sqlite:
        _append_only("ledger_entries")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA defer_foreign_keys = ON")
    with op.batch_alter_table("ledger_entries", recreate="always" if sqlite else "auto") as batch:
        batch.drop_index("ix_ledger_entries_reverses_id")
        batch.create_unique_constraint("uq_ledger_entries_reverses_id", ["reverses_id"])
    if sqlite:
        _append_only("ledger_entries")
    with op.batch_alter_table("refunds", recreate="always" if sqlite else "auto") as batch:
        batch.drop_index("ix_refunds_sale_id")
        batch.create_unique_constraint("uq_refunds_sale_id", ["sale_id"])
        batch.drop_column("lines_json")
    with op.batch_alter_table("sales") as batch:
        batch.drop_column("refunded_minor")
