"""Stripe sync: customer links, first-send times of outbox rows, membership checkouts and subscriptions.

Cursors, the last success and the worker lease live in the `kv` table under `sync:` keys.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kiosk.adapters.db.tables import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stripe_customers",
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("ledger_version", sa.BigInteger(), server_default="-1", nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_stripe_customers")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_stripe_customers_customer_id")),
    )
    op.create_table(
        "stripe_outbox_sends",
        sa.Column("outbox_seq", sa.Integer(), nullable=False),
        sa.Column("first_sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("outbox_seq", name=op.f("pk_stripe_outbox_sends")),
    )
    op.create_table(
        "stripe_checkouts",
        sa.Column("session_id", sa.String(length=96), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_stripe_checkouts")),
    )
    op.create_index("ix_stripe_checkouts_member_status", "stripe_checkouts", ["member_id", "status"])
    op.create_table(
        "stripe_subscriptions",
        sa.Column("subscription_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("current_period_end", UTCDateTime(), nullable=True),
        sa.Column("checked_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("subscription_id", name=op.f("pk_stripe_subscriptions")),
    )
    op.create_index("ix_stripe_subscriptions_member_id", "stripe_subscriptions", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_stripe_subscriptions_member_id", table_name="stripe_subscriptions")
    op.drop_table("stripe_subscriptions")
    op.drop_index("ix_stripe_checkouts_member_status", table_name="stripe_checkouts")
    op.drop_table("stripe_checkouts")
    op.drop_table("stripe_outbox_sends")
    op.drop_table("stripe_customers")
