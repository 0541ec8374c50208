"""Coalition partners: find a partner's transaction in the ledger by its request id, on any device.

A partner's receipt (earned or spent there, typed at a counter or imported from the partner's signed file) is
applied once per partner and receipt: the request id says which, and it travels with the entry through the hub.
This partial index holds only the partner entries' ids, so checking one before applying it costs a lookup, not
a scan of the ledger, and the index stays as small as the coalition's activity.

Revision ID: 0019
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

WHERE = "kind IN ('partner', 'partner_redeem')"


def upgrade() -> None:
    op.create_index("ix_ledger_entries_partner_command", "ledger_entries", ["command_id"],
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_partner_command", table_name="ledger_entries")
