"""Self-service: visit feedback and phone-check attempts.

`visit_feedback` holds the 1-5 ratings and comments customers leave at the kiosk (the manager's feedback
figure); `phone_checks` counts wrong answers to the kiosk's phone sign-in check per hashed phone number and
per device, so guessing stops after a few tries on every kiosk sharing the database.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kiosk.adapters.db.tables import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_feedback",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("business_date", sa.String(length=10), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_visit_feedback_rating_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_feedback")),
    )
    with op.batch_alter_table("visit_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_visit_feedback_business_date", ["business_date"], unique=False)
    op.create_table(
        "phone_checks",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("window_started", UTCDateTime(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_phone_checks")),
    )


def downgrade() -> None:
    op.drop_table("phone_checks")
    with op.batch_alter_table("visit_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_feedback_business_date")
    op.drop_table("visit_feedback")
