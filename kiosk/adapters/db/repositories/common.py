"""SQL helpers the repositories and the other stores share: a portable upsert and LIKE escaping."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from .. import tables as t
from .fast import FastStatement

if TYPE_CHECKING:  # the dialects themselves load only when a statement needs one
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


def upsert(conn: Connection, table: Any, values: dict[str, Any], keys: list[str],
           increments: dict[str, Any] | Callable[[Any], dict[str, Any]]) -> None:
    """INSERT, or add to the existing row: ON CONFLICT DO UPDATE on both SQLite and PostgreSQL.

    `increments` is the SET clause, or a function of the statement when it needs `stmt.excluded`.
    """
    unknown = [name for name in values if name not in table.c]
    if unknown:  # what .values() would refuse: the values go as parameters, which would ignore them silently
        raise ValueError(f"{table.name} has no column {', '.join(unknown)}")
    stmt: PostgresInsert | SqliteInsert
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        stmt = postgresql_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        stmt = sqlite_insert(table)
    set_ = increments(stmt) if callable(increments) else increments
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=set_)
    # The values as parameters, not in the statement: the statement is then the same for every row and its
    # compiled form is reused; with .values() each row was a new statement to key and compile (most of the
    # time a hub pull spent applying rows).
    conn.execute(stmt, values)


_PREPARED: dict[tuple[str, str], Any] = {}


def prepared_upsert(conn: Connection, name: str, table: Any, keys: list[str],
                    increments: Callable[[Any], dict[str, Any]], returning: Any = None) -> Any:
    """The upsert `name` (INSERT ... ON CONFLICT DO UPDATE) for this connection's dialect, built once: execute
    it with the row's values as parameters, or a list of rows. For upserts done once per row of a big batch (a
    ledger entry's balances, a chain head), where building the statement cost more than running it.
    `returning`: a column the upsert answers with as it stands after it (a counter's next value)."""
    found = _PREPARED.get((conn.dialect.name, name))
    if found is None:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert
            stmt: Any = postgresql_insert(table)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert
            stmt = sqlite_insert(table)
        found = stmt.on_conflict_do_update(index_elements=keys, set_=increments(stmt))
        if returning is not None:
            found = found.returning(returning)
        _PREPARED[(conn.dialect.name, name)] = found
    return found


_FAST: dict[tuple[str, str], FastStatement] = {}


def fast_upsert(conn: Connection, name: str, table: Any, keys: list[str],
                increments: Callable[[Any], dict[str, Any]], returning: Any = None) -> FastStatement:
    """prepared_upsert as a FastStatement: run below SQLAlchemy's execution machinery on SQLite (a sale's)."""
    found = _FAST.get((conn.dialect.name, name))
    if found is None:
        found = _FAST[(conn.dialect.name, name)] = FastStatement(
            prepared_upsert(conn, name, table, keys, increments, returning))
    return found


def set_kv(conn: Connection, key: str, value: str) -> None:
    """kv[key] = value (chain heads, cursors)."""
    fast_upsert(conn, "kv", t.kv, ["key"], lambda stmt: {"value": stmt.excluded.value}).execute(
        conn, {"key": key, "value": value})


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
