"""Work a transaction leaves for later, committed with it: Stripe outbox rows and receipt print jobs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from kiosk.domain.documents import Document, document_kind, document_to_json
from kiosk.domain.ids import ordered_id

from .. import tables as t
from .fast import FastStatement

_INSERT_OUTBOX = FastStatement(insert(t.outbox))
_INSERT_JOB = FastStatement(insert(t.print_jobs))


def payload_to_json(payload: dict[str, Any], *, member_id: str | None, entry_id: str | None) -> str:
    """The payload as the outbox row keeps it: without the member and entry ids its columns already hold."""
    columns = {"member_id": member_id, "entry_id": entry_id}
    return json.dumps({k: v for k, v in payload.items() if not (k in columns and v is not None and v == columns[k])},
                      sort_keys=True)


def payload_from_json(text: str, *, member_id: str | None, entry_id: str | None) -> dict[str, Any]:
    """The payload as it was given to the outbox (a row written before the ids moved out reads as it is)."""
    payload: dict[str, Any] = json.loads(text)
    for key, value in (("member_id", member_id), ("entry_id", entry_id)):
        if value is not None:
            payload.setdefault(key, value)
    return payload


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, topic: str, payload: dict[str, Any], idempotency_key: str, created_at: datetime,
            member_id: str | None = None, entry_id: str | None = None) -> None:
        _INSERT_OUTBOX.execute(self.conn, dict(
            id=ordered_id(), created_at=created_at, topic=topic, member_id=member_id, entry_id=entry_id,
            payload_json=payload_to_json(payload, member_id=member_id, entry_id=entry_id),
            idempotency_key=idempotency_key, status="pending"))

    def pending_count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.outbox)
                                     .where(t.outbox.c.status == "pending")).scalar_one())


class SqlPrintJobs:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, document: Document, created_at: datetime, device_id: str, printer: str = "receipt",
            source_id: str | None = None, status: str = "queued") -> str:
        job_id = ordered_id()
        _INSERT_JOB.execute(self.conn, dict(
            id=job_id, created_at=created_at, device_id=device_id, printer=printer, kind=document_kind(document),
            source_id=source_id, document_json=document_to_json(document), status=status))
        return job_id
