"""A refund counts on the day it is made; the day of the sale it gives back keeps its figures.

`sales_day_totals` (0023) summed each day's sales net of what had been given back so far, and left out a sale
once wholly refunded: a refund made days later rewrote the sale's day, already closed and printed. A day's row
now holds the sales made that day as they were made (every sale but a voided one, all it took): `revenue_minor`
and `member_revenue_minor` become `takings_minor` and `member_takings_minor`. The period summary takes the
refunds off on their own day, from `refunds` (each row its own date and amount).

The cache's meaning changes, so it is emptied with its watermark and its notes: the next period summary fills it
again from the sales, in batches (sales_days.refresh_sales_days). The 0023 triggers stay as they are (a void
still moves a day: its sale is no longer counted there). Downgrade puts the old columns back, empty too.

Revision ID: 0031
Revises: 0030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

KINDS = ("membership", "stamp_reward", "reward", "points", "voucher")  # tables_manager.DISCOUNT_KINDS, frozen here
SEQ_KEY = "reports:sales_days_seq"  # tables_manager.SALES_DAYS_KEY, frozen here


def _day_totals(total: str, member_total: str) -> None:
    op.create_table(
        "sales_day_totals",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.Column(total, sa.BigInteger(), nullable=False),
        sa.Column("member_sales", sa.Integer(), nullable=False),
        sa.Column(member_total, sa.BigInteger(), nullable=False),
        sa.Column("discount_minor", sa.BigInteger(), nullable=False),
        sa.Column("overrides", sa.Integer(), nullable=False),
        sa.Column("fraud_flags", sa.Integer(), nullable=False),
        *(sa.Column(f"kind_{kind}", sa.Integer(), nullable=False) for kind in KINDS),
        sa.PrimaryKeyConstraint("business_date", "device_id", name=op.f("pk_sales_day_totals")),
        sqlite_with_rowid=False,
    )


def _refill(total: str, member_total: str) -> None:
    # A cache with nothing to keep: made again empty (no table rebuild on SQLite, no copy of stale figures), and
    # its watermark and notes dropped with it, so the next summary folds every sale from the first.
    op.drop_table("sales_day_totals")
    _day_totals(total, member_total)
    op.execute("DELETE FROM sales_day_stale")
    op.execute(f"DELETE FROM kv WHERE key = '{SEQ_KEY}'")


def upgrade() -> None:
    _refill("takings_minor", "member_takings_minor")


def downgrade() -> None:
    _refill("revenue_minor", "member_revenue_minor")
