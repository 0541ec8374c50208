"""The unit of work: one transaction over every repository, and the small per-transaction stores it carries
(command log for idempotency, the outbox, print jobs, key-value settings).

The outbox rows and the receipt job commit with the sale and its ledger entries, so a committed sale always
has its queued receipt and its queued sync, and a rolled-back one has neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from kiosk.domain.documents import Document
from kiosk.services.ports.audit import AuditLog
from kiosk.services.ports.keys import KeyStore
from kiosk.services.ports.ledger import LedgerRepository
from kiosk.services.ports.members import MemberRepository, TierRepository
from kiosk.services.ports.offers import OfferStore
from kiosk.services.ports.records import RecordChain
from kiosk.services.ports.sales import SaleRepository
from kiosk.services.ports.staff import StaffRepository
from kiosk.services.ports.vouchers import VoucherRepository


class CommandLog(Protocol):
    def get(self, command_id: str) -> tuple[str, str, str] | None:
        """(kind, request_hash, result_json) of a command already applied."""
        ...

    def add(self, command_id: str, *, kind: str, request_hash: str, result_json: str, at: datetime) -> None: ...


@dataclass(frozen=True)
class OutboxRow:
    """A Stripe update a ledger entry calls for; its key is fixed by the entry, so writing it twice is harmless."""

    topic: str
    payload: dict[str, Any]
    idempotency_key: str
    member_id: str | None = None
    entry_id: str | None = None


class Outbox(Protocol):
    def add(self, *, topic: str, payload: dict[str, Any], idempotency_key: str, created_at: datetime,
            member_id: str | None = None, entry_id: str | None = None) -> None: ...
    def pending_count(self) -> int: ...


QUEUED = "queued"
UNPRINTED = "unprinted"  # a receipt the customer declined: never sent, kept for a reprint


class PrintJobs(Protocol):
    def add(self, *, document: Document, created_at: datetime, device_id: str, printer: str = "receipt",
            source_id: str | None = None, status: str = QUEUED) -> str: ...


class KeyValue(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...


class UnitOfWork(Protocol):
    members: MemberRepository
    ledger: LedgerRepository
    sales: SaleRepository
    staff: StaffRepository
    commands: CommandLog
    outbox: Outbox
    print_jobs: PrintJobs
    vouchers: VoucherRepository
    keys: KeyStore
    audit: AuditLog
    tiers: TierRepository
    offers: OfferStore
    kv: KeyValue
    records: RecordChain

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None, /) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, readonly: bool = False) -> UnitOfWork: ...
