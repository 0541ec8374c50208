"""Receipt numbers are unique per device, not across the database: a chain's second shop brings its own history
to the hub, and its first till printed C1-000001 as surely as the first shop's did. Both receipts stay what
they are (their digests cover the number); the device takes a free label for the receipts it prints next, and
looking a receipt up prefers this device's, then this shop's.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("sales", "refunds"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_receipt_no", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_device_receipt", ["device_id", "receipt_no"])
        op.create_index(f"ix_{table}_receipt_no", table, ["receipt_no"])


def downgrade() -> None:
    for table in ("sales", "refunds"):
        op.drop_index(f"ix_{table}_receipt_no", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_device_receipt", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_receipt_no", ["receipt_no"])
