"""Signing keys are told apart by their secret, not only their one-character id: the shops of a chain each
made their keys on their own, so two of them can share an id (one in 32). Through the hub both keys now
reach every device, and a code is checked against every secret its id names.

Rows get an `id` made of the key id and a digest of the secret; `key_id` stays what codes carry.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def key_row_id(key_id: str, secret_hex: str) -> str:
    """kiosk.adapters.db.repositories.keys.row_id: the same, frozen here as the migration wrote it."""
    return f"{key_id}-{hashlib.sha256(bytes.fromhex(secret_hex)).hexdigest()[:16]}"


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT key_id, secret_hex, created_at, retired_at FROM signing_keys")).all()
    op.drop_table("signing_keys")  # on a device in a hub, its change triggers go with it; the app puts them back
    table = op.create_table(
        "signing_keys",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("key_id", sa.String(8), nullable=False, index=True),
        sa.Column("secret_hex", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
    )
    if rows:
        op.bulk_insert(table, [dict(id=key_row_id(r.key_id, r.secret_hex), key_id=r.key_id, secret_hex=r.secret_hex,
                                    created_at=r.created_at, retired_at=r.retired_at) for r in rows])


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT key_id, secret_hex, created_at, retired_at FROM signing_keys "
                                "ORDER BY created_at")).all()
    op.drop_table("signing_keys")
    table = op.create_table(
        "signing_keys",
        sa.Column("key_id", sa.String(8), primary_key=True),
        sa.Column("secret_hex", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
    )
    kept = {r.key_id: r for r in rows}  # one per id: the newest
    if kept:
        op.bulk_insert(table, [dict(r._mapping) for r in kept.values()])
