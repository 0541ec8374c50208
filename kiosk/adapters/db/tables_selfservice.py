"""Self-service kiosk tables: visit feedback and phone-check attempt counters, on the one shared metadata."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Table, Text

from kiosk.adapters.db.tables import UTCDateTime, metadata

visit_feedback = Table(
    "visit_feedback",
    metadata,
    # The caller's command id: a retried "send" stores one rating, not two.
    Column("id", String(64), primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("business_date", String(10), nullable=False),  # ISO date in the shop's time zone
    Column("device_id", String(32), nullable=False),
    Column("member_id", String(32), nullable=True),  # no foreign key: erasure keeps the anonymous rating
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
)
Index("ix_visit_feedback_business_date", visit_feedback.c.business_date)

# One row per phone number (hashed, never the number itself) and one per kiosk device: wrong answers to the
# phone check so far, and until when further tries are refused.
phone_checks = Table(
    "phone_checks",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("window_started", UTCDateTime(), nullable=False),
    Column("locked_until", UTCDateTime(), nullable=True),
)
