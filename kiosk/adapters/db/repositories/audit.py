"""The audit log of privileged actions, hash-chained per device, and the canonical form its hashes cover."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from kiosk.domain.ids import new_id
from kiosk.domain.ledger import GENESIS_HASH
from kiosk.services.ports import AuditRecord

from .. import tables as t
from .common import upsert


class SqlAudit:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, action: str, at: datetime, device_id: str, staff_id: str | None = None,
            subject: str | None = None, details: dict[str, Any] | None = None) -> None:
        head_key = f"audit_head:{device_id}"
        prev = self.conn.execute(select(t.kv.c.value).where(t.kv.c.key == head_key)).scalar() or GENESIS_HASH
        record_id = new_id()
        details_json = json.dumps(details or {}, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256((prev + audit_canonical(record_id, at, device_id, staff_id, action, subject,
                                                        details_json)).encode()).hexdigest()
        self.conn.execute(insert(t.audit_log).values(id=record_id, at=at, device_id=device_id, staff_id=staff_id,
                                                     action=action, subject=subject, details_json=details_json,
                                                     prev_hash=prev, hash=digest))
        upsert(self.conn, t.kv, dict(key=head_key, value=digest), ["key"],
               lambda stmt: {"value": stmt.excluded.value})

    def iter_chain(self, device_id: str) -> Iterator[AuditRecord]:
        for row in self.conn.execute(select(t.audit_log).where(t.audit_log.c.device_id == device_id)
                                     .order_by(t.audit_log.c.seq)):
            yield AuditRecord(row.id, row.at, row.device_id, row.staff_id, row.action, row.subject, row.details_json,
                              row.prev_hash, row.hash)

    def devices(self) -> list[str]:
        return list(self.conn.execute(select(t.audit_log.c.device_id).distinct()).scalars())

    def records(self, *, since: datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        query = select(t.audit_log)
        if since is not None:
            query = query.where(t.audit_log.c.at >= since)
        if limit is not None:
            query = query.order_by(t.audit_log.c.at.desc(), t.audit_log.c.seq.desc()).limit(limit)
        else:
            query = query.order_by(t.audit_log.c.at, t.audit_log.c.seq)
        rows = self.conn.execute(query).all()
        if limit is not None:
            rows = list(reversed(rows))
        return [AuditRecord(r.id, r.at, r.device_id, r.staff_id, r.action, r.subject, r.details_json, r.prev_hash,
                            r.hash) for r in rows]

    def last_by_staff(self, action: str) -> dict[str, datetime]:
        log = t.audit_log
        rows = self.conn.execute(select(log.c.staff_id, func.max(log.c.at).label("at"))
                                 .where(log.c.action == action, log.c.staff_id.is_not(None))
                                 .group_by(log.c.staff_id)).all()
        return {str(row.staff_id): row.at for row in rows}

    def about(self, action: str, subject: str, *, since: datetime) -> list[AuditRecord]:
        log = t.audit_log
        rows = self.conn.execute(select(log).where(log.c.action == action, log.c.subject == subject,
                                                   log.c.at >= since).order_by(log.c.at, log.c.seq)).all()
        return [AuditRecord(r.id, r.at, r.device_id, r.staff_id, r.action, r.subject, r.details_json, r.prev_hash,
                            r.hash) for r in rows]


def audit_canonical(record_id: str, at: datetime, device_id: str, staff_id: str | None, action: str,
                    subject: str | None, details_json: str) -> str:
    """What an audit record's hash covers; `kiosk verify` recomputes it, so it must never change."""
    return json.dumps([record_id, at.astimezone(UTC).isoformat(), device_id, staff_id, action, subject,
                       details_json],
                      ensure_ascii=False, separators=(",", ":"))
