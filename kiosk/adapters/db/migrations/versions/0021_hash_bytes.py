"""A sale costs less disk (issue 15, second step).

- On SQLite the SHA-256 hashes a sale writes are stored as their 32 bytes instead of 64 hex characters:
  ledger_entries.prev_hash and hash, record_chain.digest, prev_hash and hash, processed_commands.request_hash
  (tables.Digest reads them back as the same hex, so the chains, their heads in kv and `kiosk verify` see the
  very text they hashed). The append-only triggers of the two chained tables are lifted for the conversion
  and put back as they were. PostgreSQL (the hub) keeps the text: its functions hash and insert the hex the
  devices send.
- ix_outbox_member_id and ix_print_jobs_source_id go: no query uses them (EXPLAIN QUERY PLAN: the outbox's
  pending rows by member go through ix_outbox_status_seq, and the reprint lookup ORs source_id with a LIKE on
  the document, which scans the table either way).

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# table -> its hash columns, and whether the database refuses UPDATE on it (an append-only trigger)
HASHED = {"ledger_entries": (("prev_hash", "hash"), True),
          "record_chain": (("digest", "prev_hash", "hash"), True),
          "processed_commands": (("request_hash",), False)}
DROPPED_INDEXES = (("ix_outbox_member_id", "outbox", "member_id"),
                   ("ix_print_jobs_source_id", "print_jobs", "source_id"))


def _unhex(value: object) -> object:
    """Hex text to its bytes; anything else (not hex: a row edited by hand) is left as it is for verify to name."""
    if isinstance(value, str):
        try:
            return bytes.fromhex(value)
        except ValueError:
            return value
    return value


def _convert(conn: sa.Connection, *, to_bytes: bool) -> None:
    conn.connection.driver_connection.create_function(  # type: ignore[union-attr]
        "kiosk_unhex", 1, _unhex, deterministic=True)
    for table, (columns, append_only) in HASHED.items():
        trigger = f"{table}_no_update"
        kept = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                    (trigger,)).scalar() if append_only else None
        if kept:
            conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
        if to_bytes:
            sets = ", ".join(f"{c} = kiosk_unhex({c})" for c in columns)
            where = " OR ".join(f"typeof({c}) = 'text'" for c in columns)
        else:
            sets = ", ".join(f"{c} = CASE WHEN typeof({c}) = 'blob' THEN lower(hex({c})) ELSE {c} END"
                             for c in columns)
            where = " OR ".join(f"typeof({c}) = 'blob'" for c in columns)
        conn.exec_driver_sql(f"UPDATE {table} SET {sets} WHERE {where}")
        if kept:
            conn.exec_driver_sql(kept)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _convert(conn, to_bytes=True)
    for name, table, _column in DROPPED_INDEXES:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    conn = op.get_bind()
    for name, table, column in DROPPED_INDEXES:
        op.create_index(name, table, [column])
    if conn.dialect.name == "sqlite":
        _convert(conn, to_bytes=False)
