"""Sale ports: sale and refund records (receipts), the sale repository, and receipt number counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kiosk.domain.commands import RefundLine
from kiosk.domain.ledger import Flag
from kiosk.domain.programs.engine import CartLine, Discount


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
    lines: tuple[CartLine, ...]
    status: str = "completed"  # completed | partly_refunded | refunded | voided: kept with the refunds
    flags: tuple[Flag, ...] = ()
    discounts: tuple[Discount, ...] = ()
    refunded_minor: int = 0  # money given back so far, kept with the refunds


# A sale that still counts in revenue and visits (less what was given back).
COUNTED_STATUSES = ("completed", "partly_refunded")
# A sale made on its day, whatever was given back later: what a day's report counts as its sales and takings (the
# refunds count on the day they are made). Only a void (the same day, the whole sale) unmakes it.
MADE_STATUSES = ("completed", "partly_refunded", "refunded")


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
    lines: tuple[RefundLine, ...] = ()  # what went back this time


class SaleRepository(Protocol):
    def add(self, sale: SaleRecord) -> None: ...
    def get(self, sale_id: str) -> SaleRecord | None: ...
    def by_receipt(self, receipt_no: str) -> SaleRecord | None: ...
    def record_refunded(self, sale_id: str, *, status: str, refunded_minor: int, was_refunded_minor: int) -> bool:
        """Set the sale's status and money given back, if nobody changed them since `was_refunded_minor` was
        read (False: another counter refunded it at the same moment)."""
        ...

    def add_refund(self, refund: RefundRecord) -> None: ...
    def refunds_for(self, sale_id: str) -> list[RefundRecord]:
        """The sale's refunds (a sale may be refunded a few lines at a time), oldest first."""
        ...

    def refund_by_receipt(self, receipt_no: str) -> RefundRecord | None: ...
    def recent_for_member(self, member_id: str, *, limit: int = 5) -> list[SaleRecord]: ...
    def for_member_between(self, member_id: str, start: date, end: date) -> list[SaleRecord]:
        """The member's sales on those business days that still count (not wholly refunded), oldest first."""
        ...

    def qualifying(self, member_id: str, *, metric: str, since: datetime) -> int: ...
    def next_number(self, counter: str) -> int: ...
    def last_receipt(self, device_id: str) -> SaleRecord | None: ...
    def count(self) -> int: ...
