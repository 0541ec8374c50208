"""The record chain: sales, refunds and vouchers digested and hash-chained per device, so `kiosk verify` names an
edited, deleted or smuggled-in row (issue 13, item 8). Rows from before this revision are chained here, in the
order each device wrote them, so the whole shop is covered from the upgrade on.

Also: ledger units get room for a voucher's own unit (`VOUCHER:<id>`, 40 characters) on PostgreSQL.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UNIT_COLUMNS = (("postings", "unit"), ("account_balances", "unit"), ("ledger_day_flows", "unit"))


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "postgresql":
        for table, column in UNIT_COLUMNS:
            op.alter_column(table, column, type_=sa.String(48), existing_nullable=False)
    op.create_table(
        "record_chain",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(32), nullable=False),
        sa.Column("record_table", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("record_table", "record_id", name="uq_record_chain_record"),
    )
    op.create_index("ix_record_chain_device_seq", "record_chain", ["device_id", "seq"])
    _backfill(bind)
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER record_chain_no_{action.lower()} BEFORE {action} ON record_chain "
                       "BEGIN SELECT RAISE(ABORT, 'record_chain is append-only'); END")
    elif dialect == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION record_chain_append_only() RETURNS trigger AS $$ BEGIN "
                   "RAISE EXCEPTION 'record_chain is append-only'; END; $$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER record_chain_append_only BEFORE UPDATE OR DELETE ON record_chain "
                   "FOR EACH ROW EXECUTE FUNCTION record_chain_append_only()")


def _backfill(bind: Any) -> None:
    from kiosk.adapters.db import tables as t
    from kiosk.adapters.db.repositories.links import LABELS, digest, head_key, link_hash
    from kiosk.domain.ledger import GENESIS_HASH

    rows: list[tuple[str, Any, str, str, dict[str, Any]]] = []  # (device, written at, table, id, row)
    for row in bind.execute(sa.select(t.sales)):
        rows.append((row.device_id, row.created_at, "sales", row.id, dict(row._mapping)))
    for row in bind.execute(sa.select(t.refunds)):
        rows.append((row.device_id, row.created_at, "refunds", row.id, dict(row._mapping)))
    entries = t.ledger_entries
    for row in bind.execute(sa.select(t.vouchers, entries.c.device_id.label("_device"))
                            .select_from(t.vouchers.outerjoin(entries, entries.c.id == t.vouchers.c.entry_id))):
        values = {k: v for k, v in row._mapping.items() if k != "_device"}
        rows.append((row._device or "unknown", row.created_at, "vouchers", row.id, values))
    heads: dict[str, str] = {}
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    for device, _at, table, record_id, values in rows:
        prev = heads.get(device, GENESIS_HASH)
        row_digest = digest(table, values)
        heads[device] = link_hash(prev, table, record_id, row_digest)
        bind.execute(t.record_chain.insert().values(device_id=device, record_table=table, record_id=record_id,
                                                    label=str(values[LABELS[table]]), digest=row_digest,
                                                    prev_hash=prev, hash=heads[device]))
    for device, head in heads.items():
        bind.execute(t.kv.delete().where(t.kv.c.key == head_key(device)))
        bind.execute(t.kv.insert().values(key=head_key(device), value=head))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS record_chain_no_update")
        op.execute("DROP TRIGGER IF EXISTS record_chain_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS record_chain_append_only ON record_chain")
        op.execute("DROP FUNCTION IF EXISTS record_chain_append_only()")
    op.drop_index("ix_record_chain_device_seq", table_name="record_chain")
    op.drop_table("record_chain")
    op.execute("DELETE FROM kv WHERE key LIKE 'records_head:%'")
