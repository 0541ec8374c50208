"""The audit log port: a hash-chained record per device of who did what, for `verify` and the manager."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class AuditRecord:
    id: str
    at: datetime
    device_id: str
    staff_id: str | None
    action: str
    subject: str | None
    details_json: str
    prev_hash: str
    hash: str


class AuditLog(Protocol):
    def add(self, *, action: str, at: datetime, device_id: str, staff_id: str | None = None,
            subject: str | None = None, details: dict[str, Any] | None = None) -> None: ...
    def iter_chain(self, device_id: str) -> Iterator[AuditRecord]: ...
    def devices(self) -> list[str]: ...
    def records(self, *, since: datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        """Audit records of every device, oldest first (newest `limit` when given)."""
        ...
    def last_by_staff(self, action: str) -> dict[str, datetime]:
        """When each staff member last did `action`, on any device (those who never did are absent)."""
        ...
    def about(self, action: str, subject: str, *, since: datetime) -> list[AuditRecord]:
        """The records of `action` about `subject` at or after `since`, on any device, oldest first."""
        ...


class AuditCanonical(Protocol):
    """The text an audit record's hash covers, as the adapter that wrote it made it, so verify can recompute it."""

    def __call__(self, record_id: str, at: datetime, device_id: str, staff_id: str | None, action: str,
                 subject: str | None, details_json: str) -> str: ...
