"""Member debts indexed: liability is what members hold, never less for what some owe.

A refund after the points were spent leaves a member below zero. The program side's net balance (the fast
way to total member holdings) counts that debt against everyone else's points; the few negative balances,
found through this partial index, are added back.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_account_balances_debts ON account_balances (unit) WHERE balance < 0")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_account_balances_debts")
