"""Stripe sync: cursors, customer links and the review list.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Reserved in the linear chain for this area; its engineer fills in the schema change.
    pass


def downgrade() -> None:
    pass
