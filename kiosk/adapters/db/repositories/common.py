"""SQL helpers the repositories and the other stores share: a portable upsert and LIKE escaping."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:  # the dialects themselves load only when a statement needs one
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


def upsert(conn: Connection, table: Any, values: dict[str, Any], keys: list[str],
           increments: dict[str, Any] | Callable[[Any], dict[str, Any]]) -> None:
    """INSERT, or add to the existing row: ON CONFLICT DO UPDATE on both SQLite and PostgreSQL.

    `increments` is the SET clause, or a function of the statement when it needs `stmt.excluded`.
    """
    stmt: PostgresInsert | SqliteInsert
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        stmt = postgresql_insert(table).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        stmt = sqlite_insert(table).values(**values)
    set_ = increments(stmt) if callable(increments) else increments
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=set_)
    conn.execute(stmt)


def upsert_many(conn: Connection, table: Any, rows: list[dict[str, Any]], keys: list[str],
                increments: Callable[[Any], dict[str, Any]]) -> None:
    """upsert of several rows of the same columns in one executemany (a ledger entry's balances)."""
    if not rows:
        return
    stmt: PostgresInsert | SqliteInsert
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        stmt = postgresql_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        stmt = sqlite_insert(table)
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=increments(stmt)), rows)


def like_prefix(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching values that start with `text`, wildcards in it taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
