"""Parked sales: a counter sets a basket aside while it serves the next customer and recalls it later, after a
restart too. A parked sale is not a sale: it has no ledger entry, no receipt number and no record-chain link
until it is recalled and paid like any other.

Revision ID: 0020
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kiosk.adapters.db.tables import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parked_sales",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("parked_at", UTCDateTime(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=True),
        sa.Column("member_id", sa.String(length=32), nullable=True),
        sa.Column("member_name", sa.String(length=120), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("lines_json", sa.Text(), nullable=False),
        sa.Column("vouchers_json", sa.Text(), server_default="[]", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parked_sales")),
    )
    with op.batch_alter_table("parked_sales", schema=None) as batch_op:
        batch_op.create_index("ix_parked_sales_device", ["device_id", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parked_sales", schema=None) as batch_op:
        batch_op.drop_index("ix_parked_sales_device")
    op.drop_table("parked_sales")
