"""A sale's hot statements run below SQLAlchemy's per-statement machinery, on SQLite only.

A member sale runs ~28 statements; SQLAlchemy spends ~30-45 us on each beyond what sqlite3 itself costs (an
execution context, parameter dictionaries, a result object). A `FastStatement` is a Core statement built once at
module level. On SQLite it is compiled once per set of parameter names (as `Connection.execute` would compile it:
the same SQL text, the same positional order) and then run on the connection's own sqlite3 connection, inside the
transaction the unit of work began, with the compiled statement's bind processors applied to the parameters
(UTCDateTime, JSON, ... exactly the functions SQLAlchemy would call) and its result processors to the rows.

What stays as SQLAlchemy does it:
- any other dialect or driver (PostgreSQL: the hub; SQLite through anything but pysqlite), a savepoint left
  broken, and any statement this cannot run as compiled (expanding IN lists,
  Python-side column defaults, insertmanyvalues, schema translation, echo) go through `conn.execute` unchanged;
- so does a connection outside a transaction (its autobegin issues our BEGIN IMMEDIATE);
- the engine's before/after_cursor_execute listeners see every statement, with its SQL and positional parameters
  (the context they get is a small stand-in: `executemany`, `compiled`, `statement`, `parameters`);
- a value a bind processor refuses is a StatementError, as SQLAlchemy raises it;
- an error is handed to the connection's own error handling, so sqlite3's errors arrive wrapped as
  `sqlalchemy.exc.DBAPIError.instance` wraps them (IntegrityError, OperationalError, ...) and a lost connection is
  invalidated as before.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, bindparam
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import StatementError
from sqlalchemy.sql.compiler import SQLCompiler

__all__ = ["FastStatement", "bound_list", "named_list"]

_Params = Mapping[str, Any]
_MISSING = object()
_CACHE = "_kiosk_fast_forms"


class _Context:
    """What a cursor listener or SQLAlchemy's error handling is given for `context` on the fast path."""

    __slots__ = ("compiled", "connection", "cursor", "execution_options", "executemany", "isdelete", "isinsert",
                 "isupdate", "is_text", "parameters", "statement")

    def __init__(self, compiled: SQLCompiler, statement: str, parameters: Any, executemany: bool, *,
                 connection: Connection | None = None, cursor: Any = None) -> None:
        self.compiled = compiled
        self.statement = statement
        self.parameters = parameters
        self.executemany = executemany
        # what listeners most often read of SQLAlchemy's own context
        self.connection = connection
        self.cursor = cursor
        self.execution_options = connection._execution_options if connection is not None else {}
        self.isinsert, self.isupdate, self.isdelete = compiled.isinsert, compiled.isupdate, compiled.isdelete
        self.is_text = False

    def handle_dbapi_exception(self, _exc: BaseException) -> None:  # as DefaultExecutionContext's: nothing
        return None


class _Form:
    """The statement compiled for one dialect and one set of parameter names; `sql` None: not runnable here."""

    __slots__ = ("binds", "compiled", "many", "row", "results", "sql")

    def __init__(self, statement: Any, dialect: Dialect, keys: list[str], many: bool) -> None:
        compiled: Any = statement.compile(dialect=dialect, column_keys=keys, for_executemany=many)
        self.compiled = compiled
        self.many = many
        self.sql: str | None = None
        self.binds: list[tuple[str, str, Any, Any, bool]] = []
        self.results: list[Any] | None = None
        self.row: Any = None
        if (not compiled.positional or compiled.positiontup is None or compiled.insert_prefetch
                or compiled.update_prefetch or compiled.literal_execute_params or compiled.post_compile_params
                or compiled.schema_translate_map or (many and compiled._insertmanyvalues)):
            return
        processors = compiled._bind_processors
        for name in compiled.positiontup:
            bind = compiled.binds[name]
            # as SQLCompiler.construct_params: the parameter by the bind's key, else by its name, else its value
            self.binds.append((bind.key, name, bind, processors.get(name), bool(bind.required)))
        if compiled._result_columns:
            # as CursorResultMetaData for a compiled statement whose columns match the cursor's one to one
            self.results = [entry[3]._cached_result_processor(dialect, None) for entry in compiled._result_columns]
            names = [str(entry[0]) for entry in compiled._result_columns]
            self.row = namedtuple("Row", names, rename=True)  # type: ignore[misc]  # noqa: PYI024
        self.sql = compiled.string

    def arguments(self, params: _Params) -> tuple[Any, ...] | None:
        """The positional parameters SQLAlchemy would send; None when a required one is missing (SQLAlchemy then
        raises its own error)."""
        values = []
        for key, name, bind, processor, required in self.binds:
            value = params.get(key, _MISSING)
            if value is _MISSING:
                value = params.get(name, _MISSING)
                if value is _MISSING:
                    if required:
                        return None
                    value = bind.effective_value  # its value, or what its callable answers now
            values.append(value if processor is None else processor(value))
        return tuple(values)


def bound_list(values: Iterable[Any]) -> list[BindParameter[Any]]:
    """A constant IN list as one bound parameter per value: `column.in_(bound_list(KINDS))` renders the SQL an
    expanding IN renders when it runs (`IN (?, ?)`, the values sent as parameters), but compiled once, so the
    statement can run on the fast path (an expanding IN cannot)."""
    return [bindparam(None, value, unique=True) for value in values]


def named_list(name: str, count: int) -> list[BindParameter[Any]]:
    """`count` parameters `name_0`, `name_1`, ... for an IN list of that length (see `named_values`)."""
    return [bindparam(f"{name}_{i}") for i in range(count)]


def named_values(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The parameters of a `named_list(name, len(values))`."""
    return {f"{name}_{i}": value for i, value in enumerate(values)}


class FastStatement:
    """A Core statement that runs on SQLite's own cursor (see the module's docstring); anywhere else, as usual."""

    __slots__ = ("statement",)

    def __init__(self, statement: Any) -> None:
        self.statement = statement

    def _form(self, conn: Connection, params: _Params, many: bool) -> _Form | None:
        dialect = conn.dialect
        # The compiled forms live on the dialect (its engine's), so they go when the engine goes: a compiled
        # statement holds its dialect, and a cache keyed by the dialect elsewhere would keep both for ever. Only a
        # pysqlite dialect gets one.
        forms: dict[tuple[FastStatement, tuple[str, ...], bool], _Form] | None = dialect.__dict__.get(_CACHE)
        if forms is None:
            if dialect.name != "sqlite" or dialect.driver != "pysqlite":
                return None
            forms = dialect.__dict__.setdefault(_CACHE, {})
        nested = conn._nested_transaction
        if not conn.in_transaction() or conn._echo or (nested is not None and not nested.is_active):
            return None  # outside a transaction, echoed, or a broken savepoint (SQLAlchemy refuses): as usual
        # by the names as given: callers pass their keys in one order, and another order only compiles the same
        # statement once more
        keys = tuple(params)
        form = forms.get((self, keys, many))
        if form is None:
            form = forms[(self, keys, many)] = _Form(self.statement, dialect, list(keys), many)
        if form.sql is None or "schema_translate_map" in conn._execution_options:
            return None
        return form

    def execute(self, conn: Connection, params: _Params | Sequence[_Params]) -> None:
        """Run it for one row of parameters, or for each of a list of them (executemany)."""
        if isinstance(params, Mapping):
            self._run(conn, params, None)
        elif len(params) == 1:
            self._run(conn, params[0], None)
        elif params:
            self._run(conn, params[0], params)
        else:
            conn.execute(self.statement, [])

    def rows(self, conn: Connection, params: _Params) -> list[Any]:
        """Its rows (named tuples on the fast path, Rows otherwise: index them or name their columns)."""
        return self._run(conn, params, None)

    def first(self, conn: Connection, params: _Params) -> Any:
        found = self._run(conn, params, None)
        return found[0] if found else None

    def scalar(self, conn: Connection, params: _Params) -> Any:
        found = self._run(conn, params, None)
        return found[0][0] if found else None

    def scalars(self, conn: Connection, params: _Params) -> list[Any]:
        return [row[0] for row in self._run(conn, params, None)]

    def _run(self, conn: Connection, params: _Params, many: Sequence[_Params] | None) -> list[Any]:
        form = self._form(conn, params, many is not None)
        arguments: Any = None
        if form is not None:
            try:
                if many is None:
                    arguments = form.arguments(params)
                else:
                    listed = [form.arguments(p) for p in many]  # rows after the first: as SQLAlchemy, by its names
                    arguments = None if any(a is None for a in listed) else listed
            except Exception as exc:  # a value a bind processor refuses (a naive datetime): as SQLAlchemy says it
                raise StatementError(f"({type(exc).__module__}.{type(exc).__name__}) {exc}", form.sql,
                                     params if many is None else list(many), exc) from exc
        if form is None or arguments is None:
            result = conn.execute(self.statement, params if many is None else list(many))
            return list(result.all()) if result.returns_rows else []
        assert form.sql is not None
        statement = form.sql
        cursor = None
        context = None
        try:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            # the engine's connect and begin listeners make SQLAlchemy say it has events: build the listeners'
            # context only when one of them listens to cursors
            dispatch = conn.dispatch
            listening = ((conn._has_events or conn.engine._has_events)
                         and (bool(dispatch.before_cursor_execute) or bool(dispatch.after_cursor_execute)))
            if listening:
                context = _Context(form.compiled, statement, arguments, many is not None, connection=conn,
                                   cursor=cursor)
                for fn in conn.dispatch.before_cursor_execute:
                    statement, arguments = fn(conn, cursor, statement, arguments, context, many is not None)
            if many is None:
                cursor.execute(statement, arguments)
            else:
                cursor.executemany(statement, arguments)
            rows = cursor.fetchall() if form.results is not None else []
            if listening:
                conn.dispatch.after_cursor_execute(conn, cursor, statement, arguments, context, many is not None)
        except BaseException as exc:
            if context is None:
                context = _Context(form.compiled, statement, arguments, many is not None)
            # SQLAlchemy's own handling: wraps DBAPI errors as DBAPIError.instance does, invalidates a lost
            # connection, closes the cursor, and raises
            conn._handle_dbapi_exception(exc, statement, arguments, cursor, context)  # type: ignore[arg-type]
        cursor.close()
        if not rows:
            return []
        results, make = form.results, form.row._make
        assert results is not None
        if not any(results):
            return [make(row) for row in rows]
        return [make([value if fn is None else fn(value) for fn, value in zip(results, row, strict=True)])
                for row in rows]
