"""Engines with the pragmas an offline till needs: WAL, synchronous=FULL, foreign keys, busy timeout, and the
WAL checkpoint left to a background worker."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from kiosk.adapters.db.checkpoint import AUTOCHECKPOINT_BACKSTOP_PAGES
from kiosk.domain.errors import StorageError

BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str, *, echo: bool = False, busy_timeout_ms: int | None = None) -> Engine:
    """An engine for the shop database; SQLite gets its pragmas and BEGIN IMMEDIATE for writes.

    `busy_timeout_ms` is how long a write waits for another window's transaction before it reports
    "busy" (setting database.busy_timeout_ms; tests make it short).
    """
    timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else int(busy_timeout_ms)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise StorageError("storage.data_dir_missing", parent=parent)
        engine = create_engine(url, echo=echo, poolclass=NullPool if path in ("", ":memory:") else None,
                               connect_args={"timeout": timeout_ms / 1000, "check_same_thread": False})
        _configure_sqlite(engine, timeout_ms)
        return engine
    if url.startswith("postgresql"):
        from kiosk.adapters.db.tables import declare_postgresql_partial_indexes

        declare_postgresql_partial_indexes()
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is deferred, which
        # deadlocks two writers that both read first).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # The checkpoint runs in the background (adapters/db/checkpoint.py), never inside a sale's commit;
        # this is only the backstop for a process that runs no checkpointer.
        cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_BACKSTOP_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("kiosk_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            # Take the write lock up front: a sale never fails half way for lack of it.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

