"""Small named values: chain heads, settings and cursors that are one string each."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from .. import tables as t
from .common import upsert
from .fast import FastStatement

# below SQLAlchemy's per-statement machinery (~0.25 ms a read through it): a sale on a device joined to a hub
# asks whether the device is still taking the hub's history, for the receipt's account
_GET = FastStatement(select(t.kv.c.value).where(t.kv.c.key == bindparam("key")))


class SqlKeyValue:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        value = _GET.scalar(self.conn, {"key": key})
        return None if value is None else str(value)

    def set(self, key: str, value: str) -> None:
        upsert(self.conn, t.kv, dict(key=key, value=value), ["key"], lambda stmt: {"value": stmt.excluded.value})
