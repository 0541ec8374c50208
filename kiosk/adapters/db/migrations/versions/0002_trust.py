"""Trust: intentionally empty; the trust features need no schema beyond the core revision.

Key rotation uses `signing_keys.retired_at`, erasure uses `members.erased_at` and an `erasure` ledger entry,
staff lockout uses `staff.failed_attempts/locked_until`, the per-till manager-approval lockout is a `kv` row
(`approval_lock:<device>`), and daily backups are files in <data dir>/backups found by their names. The
revision stays in the chain so 0003+ keep a linear history.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # nothing to add: see the module docstring


def downgrade() -> None:
    pass
