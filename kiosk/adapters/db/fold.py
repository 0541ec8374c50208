"""The row order the manager's caches fold by: rows written since a watermark, in either database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, literal_column, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from kiosk.domain.errors import StorageError

# PostgreSQL: every INSERT into a folded table holds this advisory lock (plus the table's oid) shared until it
# commits (the fold_enter triggers of 0023 and 0024); a fold takes it exclusively for a moment to learn how far
# it may go (settled_top).
FOLD_LOCK = 0x6B696F << 32
SETTLE_TIMEOUT_MS = 2000


def row_seq(conn: Connection, table: Any) -> Any:
    """A table's own `seq` (the ledger's); else SQLite's rowid, or the fold_seq column 0007 added on PostgreSQL."""
    if "seq" in table.c:
        return table.c.seq
    return literal_column(f"{table.name}.{'fold_seq' if conn.dialect.name == 'postgresql' else 'rowid'}")


def seq_top(conn: Connection, table: Any) -> int:
    """The last row written so far (0: none)."""
    return int(conn.execute(select(func.max(row_seq(conn, table))).select_from(table)).scalar() or 0)


def settled_top(engine: Engine, table: Any) -> int | None:
    """PostgreSQL: the highest number below which no row of `table` can still commit; None on SQLite (one
    writer, and a rowid is taken inside the write lock, so a fold sees every row numbered so far).

    PostgreSQL hands the number out at insert, so two sessions writing at once may commit out of order: a fold
    between the two commits would move past the earlier number and never see that row. Taking the inserts'
    lock exclusively waits for the sessions numbering rows now; the ones after get higher numbers.
    """
    if engine.dialect.name != "postgresql":
        return None
    try:
        with engine.begin() as conn:
            # a session inserting for longer (a long hub push, one left idle in a transaction) would otherwise hold
            # the fold up, and the inserts queued behind this request with it
            conn.execute(text(f"SET LOCAL lock_timeout = '{SETTLE_TIMEOUT_MS}ms'"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:lock + CAST(:name AS regclass)::oid::bigint)"),
                         {"lock": FOLD_LOCK, "name": table.name})
            return seq_top(conn, table)
    except OperationalError as exc:  # lock_timeout: "busy, try again" (the background pass tries again in an hour)
        raise StorageError("storage.database_locked") from exc


def capped(top: int, horizon: int | None) -> int:
    return top if horizon is None else min(top, horizon)
