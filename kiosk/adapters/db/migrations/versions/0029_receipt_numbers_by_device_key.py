"""SQLite keeps no index of sales by receipt number alone (issue 15: a sale's disk and its commit's pages).

A sale's number is unique per device, and the key of (device, number) (0015) already holds every number; the index
of numbers alone held each again: ~18 bytes a sale and one of the pages every sale's commit writes, walk-in sales
included. A receipt found by its number alone (the counter's receipt page, a reprint) is now looked up through the
key, once for each device the table holds (tables.receipt_where). Refunds keep theirs: a refund is rare.

PostgreSQL (the hub) keeps the index: nothing there is written a sale at a time by a cashier waiting.

Revision ID: 0029
Revises: 0028
"""

from __future__ import annotations

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_sales_receipt_no", table_name="sales")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_sales_receipt_no", "sales", ["receipt_no"])
