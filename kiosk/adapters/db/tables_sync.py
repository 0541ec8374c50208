"""Stripe sync tables on the shared metadata: customer links, first-send times, checkouts, subscriptions."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table

from kiosk.adapters.db.tables import UTCDateTime, metadata

# member -> Stripe customer, and the ledger_version last written there (so an unchanged member costs nothing).
stripe_customers = Table(
    "stripe_customers",
    metadata,
    Column("member_id", String(32), primary_key=True),
    Column("customer_id", String(64), nullable=False, unique=True),
    Column("ledger_version", BigInteger, nullable=False, server_default="-1"),
    Column("updated_at", UTCDateTime(), nullable=False),
)

# When a request for an outbox row first left the kiosk. Stripe forgets idempotency keys after ~24 h, so a row
# first sent longer ago than that is looked up on Stripe before it is sent again. Committed before the send.
stripe_outbox_sends = Table(
    "stripe_outbox_sends",
    metadata,
    Column("outbox_seq", Integer, primary_key=True),
    Column("first_sent_at", UTCDateTime(), nullable=False),
)

# Checkout sessions shown as QR codes at the counter or kiosk, until they complete or expire.
stripe_checkouts = Table(
    "stripe_checkouts",
    metadata,
    Column("session_id", String(96), primary_key=True),
    Column("member_id", String(32), nullable=False),
    Column("plan_id", String(32), nullable=False),
    Column("url", String(512), nullable=True),
    Column("status", String(16), nullable=False),  # open | complete | expired
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Index("ix_stripe_checkouts_member_status", "member_id", "status"),
)

# Membership subscriptions of members, with the status last pulled from Stripe.
stripe_subscriptions = Table(
    "stripe_subscriptions",
    metadata,
    Column("subscription_id", String(64), primary_key=True),
    Column("member_id", String(32), nullable=False, index=True),
    Column("plan_id", String(32), nullable=False),
    Column("status", String(24), nullable=False),
    Column("current_period_end", UTCDateTime(), nullable=True),
    Column("checked_at", UTCDateTime(), nullable=True),
)

SYNC_TABLES = ("stripe_customers", "stripe_outbox_sends", "stripe_checkouts", "stripe_subscriptions")
