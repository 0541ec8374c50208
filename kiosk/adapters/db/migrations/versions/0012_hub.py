"""Several devices through a hub (issue 14): the device's outgoing journal, changed rows, the device directory;
members that can be merged; one phone on two members becomes a conflict to show, not an error to hide.

Two devices offline can each enrol the same phone number. When their members meet, a unique index would
refuse the second one and stop the sync: the index becomes an ordinary one, enrolment still refuses a phone
it can see, and the manager merges the two (a ledger entry; both cards keep working).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SeqKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "hub_journal",
        sa.Column("install_seq", SeqKey, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("device_id", sa.String(32), nullable=True),
        sa.Column("ref_table", sa.String(24), nullable=False),
        sa.Column("ref_id", sa.String(64), nullable=False),
        sa.Column("inner_hash", sa.String(64), nullable=False),
        sa.Column("body", sa.Text, nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_hub_journal_ref", "hub_journal", ["ref_table", "ref_id"])
    op.create_table(
        "hub_changes",
        sa.Column("seq", SeqKey, primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.String(24), nullable=False),
        sa.Column("row_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "hub_devices",
        sa.Column("device_id", sa.String(32), primary_key=True),
        sa.Column("install_id", sa.String(16), nullable=False),
        sa.Column("shop_id", sa.String(32), nullable=False),
        sa.Column("shop_name", sa.Text, nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_contact", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pending", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("accepted", sa.BigInteger, nullable=False, server_default="0"),
    )
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("merged_into", sa.String(32), nullable=True))
    op.execute("DROP INDEX IF EXISTS uq_members_phone_live")
    op.execute("CREATE INDEX IF NOT EXISTS ix_members_phone_live ON members (phone) "
               "WHERE erased_at IS NULL AND phone IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_members_phone_live")
    op.execute("CREATE UNIQUE INDEX uq_members_phone_live ON members (phone) "
               "WHERE erased_at IS NULL AND phone IS NOT NULL")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("merged_into")
    op.drop_table("hub_devices")
    op.drop_table("hub_changes")
    op.drop_index("ix_hub_journal_ref", table_name="hub_journal")
    op.drop_table("hub_journal")
