"""Work a transaction leaves for later, committed with it: Stripe outbox rows and receipt print jobs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from kiosk.domain.documents import Document, document_kind, document_to_json
from kiosk.domain.ids import new_id

from .. import tables as t

_INSERT_OUTBOX = insert(t.outbox)
_INSERT_JOB = insert(t.print_jobs)


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, topic: str, payload: dict[str, Any], idempotency_key: str, created_at: datetime,
            member_id: str | None = None, entry_id: str | None = None) -> None:
        self.conn.execute(_INSERT_OUTBOX, dict(
            id=new_id(), created_at=created_at, topic=topic, member_id=member_id, entry_id=entry_id,
            payload_json=json.dumps(payload, sort_keys=True), idempotency_key=idempotency_key, status="pending"))

    def pending_count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.outbox)
                                     .where(t.outbox.c.status == "pending")).scalar_one())


class SqlPrintJobs:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, document: Document, created_at: datetime, device_id: str, printer: str = "receipt",
            source_id: str | None = None, status: str = "queued") -> str:
        job_id = new_id()
        self.conn.execute(_INSERT_JOB, dict(
            id=job_id, created_at=created_at, device_id=device_id, printer=printer, kind=document_kind(document),
            source_id=source_id, document_json=document_to_json(document), status=status))
        return job_id
