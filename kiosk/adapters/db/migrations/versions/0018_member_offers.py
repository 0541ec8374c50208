"""Personal offers: which member was shown which offer (from then it runs until its expiry) and whether they
used it, on which sale. One row per member and offer: an offer is used at most once.

Revision ID: 0018
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kiosk.adapters.db.tables import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_offers",
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("shown_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_offers_member_id_members")),
        sa.PrimaryKeyConstraint("offer_id", "member_id", name=op.f("pk_member_offers")),
    )
    op.create_index(op.f("ix_member_offers_member_id"), "member_offers", ["member_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_member_offers_member_id"), table_name="member_offers")
    op.drop_table("member_offers")
