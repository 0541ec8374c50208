"""A sale costs less disk (issue 15).

- processed_commands keeps, for a sale, only the facts its sale row does not hold (the change given, points
  earned and spent, balances and tier after it, stamps, messages, the print job: checkout.remember_sale's
  format 1); a retry rebuilds the whole result from the two. Existing sale records are converted. On SQLite
  the table becomes WITHOUT ROWID: its key is the command id, so it is stored once instead of twice.
- ix_sales_business_date goes: ix_sales_date_member starts with business_date and serves every query it did.
- ix_ledger_entries_reverses_id becomes partial (reverses_id IS NOT NULL): only reversals are ever looked up
  by it, and most entries reverse nothing.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

KEPT_FORMAT = 1
BATCH = 5000


def slim(text: str) -> str:
    """A whole sale result as the log kept it before, in checkout.remember_sale's format 1 (frozen here)."""
    try:
        whole = json.loads(text)
    except ValueError:
        return text
    if not isinstance(whole, dict) or whole.get("v") == KEPT_FORMAT:
        return text

    def minor(key: str) -> int | None:
        value = whole.get(key)
        return int(value["minor"]) if isinstance(value, dict) and "minor" in value else None

    facts: dict[str, Any] = {
        "v": KEPT_FORMAT, "change": minor("change"), "earned": whole.get("points_earned", 0),
        "spent": whole.get("points_spent", 0), "cashback": minor("cashback") or 0,
        "stamps": [[s["card_id"], s["name"], s["earned"], s["completed"], s["stamps_after"], s["required"]]
                   for s in whole.get("stamps") or []],
        "points": whole.get("points_balance"), "credit": minor("credit_balance"), "tier": whole.get("tier"),
        "tier_from": whole.get("tier_changed_from"), "messages": list(whole.get("messages") or []),
        "job": whole.get("print_job"),
    }
    return json.dumps({k: v for k, v in facts.items() if v not in (None, 0, [])}, ensure_ascii=False,
                      separators=(",", ":"))


def _convert_sales(conn: sa.Connection, table: str) -> None:
    last = ""
    while True:
        rows = conn.execute(sa.text(f"SELECT id, result_json FROM {table} WHERE kind = 'sale' AND id > :last "
                                    "ORDER BY id LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            return
        changed = [{"id": row.id, "kept": kept} for row in rows if (kept := slim(row.result_json)) != row.result_json]
        if changed:
            conn.execute(sa.text(f"UPDATE {table} SET result_json = :kept WHERE id = :id"), changed)
        last = rows[-1].id


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("CREATE TABLE processed_commands_new ("
                   "id VARCHAR(64) NOT NULL, kind VARCHAR(32) NOT NULL, request_hash VARCHAR(64) NOT NULL, "
                   "result_json TEXT NOT NULL, created_at DATETIME NOT NULL, "
                   "CONSTRAINT pk_processed_commands PRIMARY KEY (id)) WITHOUT ROWID")
        op.execute("INSERT INTO processed_commands_new (id, kind, request_hash, result_json, created_at) "
                   "SELECT id, kind, request_hash, result_json, created_at FROM processed_commands")
        op.execute("DROP TABLE processed_commands")
        op.execute("ALTER TABLE processed_commands_new RENAME TO processed_commands")
    _convert_sales(conn, "processed_commands")
    op.drop_index("ix_sales_business_date", table_name="sales")
    op.drop_index("ix_ledger_entries_reverses_id", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_reverses_id", "ledger_entries", ["reverses_id"],
                    sqlite_where=sa.text("reverses_id IS NOT NULL"),
                    postgresql_where=sa.text("reverses_id IS NOT NULL"))


def downgrade() -> None:
    # The slim sale records stay slim: this version's checkout reads both forms.
    op.drop_index("ix_ledger_entries_reverses_id", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_reverses_id", "ledger_entries", ["reverses_id"])
    op.create_index("ix_sales_business_date", "sales", ["business_date"])
