"""SQL helpers the repositories and the other stores share: a portable upsert, LIKE escaping, an index hint."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from .. import tables as t
from .fast import FastStatement

if TYPE_CHECKING:  # the dialects themselves load only when a statement needs one
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


def dialect_insert(conn: Connection, table: Any) -> PostgresInsert | SqliteInsert:
    """INSERT for this connection's dialect, the one that has ON CONFLICT DO UPDATE."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert(table)


def upsert(conn: Connection, table: Any, values: dict[str, Any], keys: list[str],
           increments: dict[str, Any] | Callable[[Any], dict[str, Any]]) -> None:
    """INSERT, or add to the existing row: ON CONFLICT DO UPDATE on both SQLite and PostgreSQL.

    `increments` is the SET clause, or a function of the statement when it needs `stmt.excluded`.
    """
    unknown = [name for name in values if name not in table.c]
    if unknown:  # what .values() would refuse: the values go as parameters, which would ignore them silently
        raise ValueError(f"{table.name} has no column {', '.join(unknown)}")
    stmt = dialect_insert(conn, table)
    set_ = increments(stmt) if callable(increments) else increments
    # The values as parameters, not in the statement: the statement is then the same for every row and its
    # compiled form is reused; with .values() each row was a new statement to key and compile (most of the
    # time a hub pull spent applying rows).
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=set_), values)


_FAST: dict[tuple[str, str], FastStatement] = {}


def fast_upsert(conn: Connection, name: str, table: Any, keys: list[str],
                increments: Callable[[Any], dict[str, Any]], returning: Any = None) -> FastStatement:
    """The upsert `name` (INSERT ... ON CONFLICT DO UPDATE) for this connection's dialect, built once and run
    below SQLAlchemy's execution machinery on SQLite (repositories/fast.py): execute it with the row's values as
    parameters, or a list of rows. For upserts done once per row of a sale or of a big batch (a ledger entry's
    balances, a chain head), where building the statement cost more than running it. `returning`: a column the
    upsert answers with as it stands after it (a counter's next value)."""
    found = _FAST.get((conn.dialect.name, name))
    if found is None:
        stmt = dialect_insert(conn, table)
        upserting: Any = stmt.on_conflict_do_update(index_elements=keys, set_=increments(stmt))
        if returning is not None:
            upserting = upserting.returning(returning)
        found = _FAST[(conn.dialect.name, name)] = FastStatement(upserting)
    return found


def set_kv(conn: Connection, key: str, value: str) -> None:
    """kv[key] = value (chain heads, cursors)."""
    fast_upsert(conn, "kv", t.kv, ["key"], lambda stmt: {"value": stmt.excluded.value}).execute(
        conn, {"key": key, "value": value})


def like_prefix(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching values that start with `text`, wildcards in it taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class NotIndexed(ColumnElement[Any]):
    """A column whose condition must not choose the query's index (`not_indexed`)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type

    @property
    def _from_objects(self) -> list[Any]:  # the column's table stays in the FROM clause when only this names it
        return list(self.column._from_objects)


def not_indexed(column: ColumnElement[Any]) -> NotIndexed:
    """`column` as it is, except that on SQLite it is written `+column`, SQLite's documented way of keeping a
    condition on it from choosing an index (the value compared is the same). Without statistics (no ANALYZE)
    SQLite may start from an index on the member that covers all of a regular's history where another index
    finds the few rows of one day."""
    return NotIndexed(column)


@compiles(NotIndexed)
def _as_it_is(element: NotIndexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(NotIndexed, "sqlite")
def _unary_plus(element: NotIndexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))
