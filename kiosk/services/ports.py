"""Ports: what the use cases need from the outside world, as Protocols. Adapters implement them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from kiosk.domain.documents import Document
from kiosk.domain.ledger import ChainedEntry, Entry
from kiosk.domain.members import Member
from kiosk.domain.programs.tiers import TierStatus
from kiosk.domain.staff import StaffMember


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class MemberCard:
    id: str
    member_id: str
    serial: int
    key_id: str
    issued_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class SaleRecord:
    id: str
    receipt_no: str
    device_id: str
    created_at: datetime
    business_date: date
    member_id: str | None
    staff_id: str | None
    currency: str
    subtotal_minor: int
    discount_minor: int
    credit_paid_minor: int
    total_minor: int
    payment_method: str
    lines_json: str
    status: str = "completed"
    flags: str = ""
    discounts_json: str = "[]"


@dataclass(frozen=True)
class RefundRecord:
    id: str
    sale_id: str
    receipt_no: str
    device_id: str
    created_at: datetime
    business_date: date
    staff_id: str | None
    approved_by: str | None
    amount_minor: int
    currency: str
    kind: str
    reason: str


@dataclass(frozen=True)
class Voucher:
    id: str
    code: str
    member_id: str | None
    reward_id: str
    entry_id: str | None
    created_at: datetime
    expires_at: datetime | None
    redeemed_at: datetime | None = None
    redeemed_sale_id: str | None = None


@dataclass(frozen=True)
class PostingRow:
    amount: int
    expires_at: datetime | None
    created_at: datetime
    entry_kind: str


class MemberRepository(Protocol):
    def add(self, member: Member, *, device_id: str, business_date: date) -> None: ...
    def get(self, member_id: str) -> Member | None: ...
    def by_short_id(self, short_id: str) -> Member | None: ...
    def by_phone(self, phone: str) -> Member | None: ...
    def by_referral_code(self, code: str) -> Member | None: ...
    def search(self, text: str, *, limit: int = 20) -> list[Member]: ...
    def update(self, member: Member) -> None: ...
    def active_card(self, member_id: str) -> MemberCard | None: ...
    def card(self, member_id: str, serial: int) -> MemberCard | None: ...
    def add_card(self, card: MemberCard) -> None: ...
    def revoke_cards(self, member_id: str, at: datetime) -> None: ...
    def count(self) -> int: ...
    # Trust: export, erasure and key rotation.
    def cards(self, member_id: str) -> list[MemberCard]: ...
    def active_cards_on_keys(self, key_ids: Sequence[str], *, limit: int = 500) -> list[MemberCard]: ...
    def active_cards_per_key(self) -> dict[str, int]: ...


class LedgerRepository(Protocol):
    def add(self, entry: Entry) -> None: ...
    def get(self, entry_id: str) -> Entry | None: ...
    def for_sale(self, sale_id: str) -> list[Entry]: ...
    def reversed_ids(self, entry_ids: Sequence[str]) -> set[str]: ...
    def member_balances(self, member_id: str) -> dict[str, int]: ...
    def member_postings(self, member_id: str, unit: str) -> list[PostingRow]: ...
    def members_with_expired_lots(self, now: datetime) -> list[tuple[str, str]]: ...
    def count_for_member(self, member_id: str) -> int: ...
    def last_entry_of_kind(self, member_id: str, kind: str) -> Entry | None: ...
    def earn_entries_today(self, member_id: str, business_date: date) -> int: ...
    def points_earned_since(self, member_id: str, since: datetime) -> int: ...
    def for_member(self, member_id: str) -> list[Entry]:
        """Every entry with a posting on one of the member's accounts, oldest first (for a data export)."""
        ...

    # Verification: streamed, so it scales to millions of entries; the invariants are kiosk.domain.validators.
    def devices(self) -> list[str]: ...
    def iter_chain(self, device_id: str) -> Iterator[ChainedEntry]: ...
    def cached_balances(self) -> Iterator[tuple[str, str, int]]:
        """Every cached (account, unit, balance) row, in no particular order."""
        ...


class SaleRepository(Protocol):
    def add(self, sale: SaleRecord) -> None: ...
    def get(self, sale_id: str) -> SaleRecord | None: ...
    def by_receipt(self, receipt_no: str) -> SaleRecord | None: ...
    def set_status(self, sale_id: str, status: str) -> None: ...
    def add_refund(self, refund: RefundRecord) -> None: ...
    def refund_for(self, sale_id: str) -> RefundRecord | None: ...
    def refund_by_receipt(self, receipt_no: str) -> RefundRecord | None: ...
    def recent_for_member(self, member_id: str, *, limit: int = 5) -> list[SaleRecord]: ...
    def qualifying(self, member_id: str, *, metric: str, since: datetime) -> int: ...
    def next_number(self, counter: str) -> int: ...
    def last_receipt(self, device_id: str) -> SaleRecord | None: ...


class StaffRepository(Protocol):
    def add(self, staff: StaffMember, pin_hash: str, *, created_at: datetime) -> None: ...
    def get(self, staff_id: str) -> StaffMember | None: ...
    def pin_hash(self, staff_id: str) -> str | None: ...
    def all(self) -> list[StaffMember]: ...
    def record_attempt(self, staff_id: str, *, failed_attempts: int, locked_until: datetime | None) -> None: ...
    def update(self, staff: StaffMember, *, pin_hash: str | None = None) -> None: ...


class CommandLog(Protocol):
    def get(self, command_id: str) -> tuple[str, str, str] | None:
        """(kind, request_hash, result_json) of a command already applied."""
        ...

    def add(self, command_id: str, *, kind: str, request_hash: str, result_json: str, at: datetime) -> None: ...


class Outbox(Protocol):
    def add(self, *, topic: str, payload: dict[str, Any], idempotency_key: str, created_at: datetime,
            member_id: str | None = None, entry_id: str | None = None) -> None: ...
    def pending_count(self) -> int: ...


class PrintJobs(Protocol):
    def add(self, *, document: Document, created_at: datetime, device_id: str, printer: str = "receipt",
            source_id: str | None = None) -> str: ...


class VoucherRepository(Protocol):
    def add(self, voucher: Voucher) -> None: ...
    def by_code(self, code: str) -> Voucher | None: ...
    def mark_redeemed(self, voucher_id: str, *, at: datetime, sale_id: str, device_id: str) -> bool:
        """Atomically claim an unredeemed voucher; False when someone already did (another counter)."""
        ...

    def unredeem(self, sale_id: str) -> int: ...
    def for_member(self, member_id: str) -> list[Voucher]: ...


@dataclass(frozen=True)
class SigningKey:
    """A code-signing key's public facts (never its secret)."""

    key_id: str
    created_at: datetime
    retired_at: datetime | None = None


class KeyStore(Protocol):
    def active(self) -> tuple[str, bytes]: ...
    def get(self, key_id: str) -> bytes | None: ...
    def add(self, key_id: str, secret: bytes, *, at: datetime) -> None: ...
    def retire_all(self, at: datetime) -> None: ...
    def all(self) -> list[SigningKey]: ...


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


class AuditCanonical(Protocol):
    """The text an audit record's hash covers, as the adapter that wrote it made it, so verify can recompute it."""

    def __call__(self, record_id: str, at: datetime, device_id: str, staff_id: str | None, action: str,
                 subject: str | None, details_json: str) -> str: ...


class TierRepository(Protocol):
    def get(self, member_id: str) -> TierStatus | None: ...
    def set(self, member_id: str, status: TierStatus, *, at: datetime) -> None: ...


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
    kv: KeyValue

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, readonly: bool = False) -> UnitOfWork: ...
