"""Chain reports: the daily ledger-flow cache is kept per device too, so one shop of a chain reads its own
points issued, redeemed and expired from the cache (its devices' rows) and the whole database still reads it
in one pass.

The cache is rebuilt: the table is made anew and its watermark dropped, so the next report folds every posting
again, in batches of its own short transactions (as on a shop's first report ever). Nothing else reads it.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

FLOWS_SEQ_KEY = "analytics:day_flows_posting_seq"  # kiosk.adapters.db.tables_manager.FLOWS_SEQ_KEY


def _flows(*, by_device: bool) -> None:
    columns = ["business_date", "account", "unit", "kind"] + (["device_id"] if by_device else [])
    op.create_table(
        "ledger_day_flows",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("account", sa.String(length=96), nullable=False),
        sa.Column("unit", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        *([sa.Column("device_id", sa.String(length=32), nullable=False)] if by_device else []),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*columns, name=op.f("pk_ledger_day_flows")),
    )
    op.execute(sa.text("DELETE FROM kv WHERE key = :key").bindparams(key=FLOWS_SEQ_KEY))


def upgrade() -> None:
    op.drop_table("ledger_day_flows")
    _flows(by_device=True)


def downgrade() -> None:
    op.drop_table("ledger_day_flows")
    _flows(by_device=False)
