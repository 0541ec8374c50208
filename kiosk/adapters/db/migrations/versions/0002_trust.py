"""Trust: privacy erasure, staff lockout and backup bookkeeping.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Reserved in the linear chain for this area; its engineer fills in the schema change.
    pass


def downgrade() -> None:
    pass
