"""Manager: analytics indexes and the daily ledger-flow cache.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Covering indexes: each lets one analytics query read an index alone instead of the table.
INDEXES = (
    # buyers, repeat rate, cohorts, top members, at-risk: a date range of sales, by member
    ("ix_sales_date_member", "sales", ["business_date", "member_id", "status", "total_minor"]),
    # engagement: distinct members who earned / redeemed since a date
    ("ix_ledger_entries_kind_date_member", "ledger_entries", ["kind", "business_date", "member_id"]),
    # tier distribution
    ("ix_member_tiers_tier", "member_tiers", ["tier"]),
)


def upgrade() -> None:
    op.create_table(
        "ledger_day_flows",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("account", sa.String(length=96), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("business_date", "account", "unit", "kind", name=op.f("pk_ledger_day_flows")),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_table("ledger_day_flows")
