"""Processed commands: what makes every use case idempotent under its caller-chosen command id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection

from .. import tables as t
from .fast import FastStatement

_GET = FastStatement(select(t.processed_commands.c.kind, t.processed_commands.c.request_hash,
                            t.processed_commands.c.result_json).where(t.processed_commands.c.id == bindparam("id")))
_ADD = FastStatement(insert(t.processed_commands))


class SqlCommands:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, command_id: str) -> tuple[str, str, str] | None:
        row = _GET.first(self.conn, {"id": command_id})
        return (row[0], row[1], row[2]) if row else None

    def add(self, command_id: str, *, kind: str, request_hash: str, result_json: str, at: datetime) -> None:
        _ADD.execute(self.conn, dict(id=command_id, kind=kind, request_hash=request_hash, result_json=result_json,
                                     created_at=at))
