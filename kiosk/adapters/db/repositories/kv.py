"""Small named values: chain heads, settings and cursors that are one string each."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from .. import tables as t
from .common import upsert
from .fast import FastStatement

# a sale asks for one (whether the device is still taking a hub's history, for the receipt's account): below
# SQLAlchemy's per-statement machinery, which cost that read ~0.3 ms of the sale's ~2
_GET = FastStatement(select(t.kv.c.value).where(t.kv.c.key == bindparam("key")))


class SqlKeyValue:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        value = _GET.scalar(self.conn, {"key": key})
        return None if value is None else str(value)

    def set(self, key: str, value: str) -> None:
        upsert(self.conn, t.kv, dict(key=key, value=value), ["key"], lambda stmt: {"value": stmt.excluded.value})
