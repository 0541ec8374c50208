"""Small named values: chain heads, settings and cursors that are one string each."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .. import tables as t
from .common import upsert


class SqlKeyValue:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        return self.conn.execute(select(t.kv.c.value).where(t.kv.c.key == key)).scalar()

    def set(self, key: str, value: str) -> None:
        upsert(self.conn, t.kv, dict(key=key, value=value), ["key"], lambda stmt: {"value": stmt.excluded.value})
