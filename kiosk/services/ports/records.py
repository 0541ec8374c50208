"""Record chain port: sales, refunds and vouchers as written, digested and chained per device (verify reads it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from kiosk.services.ports.sales import RefundRecord, SaleRecord
from kiosk.services.ports.vouchers import Voucher


@dataclass(frozen=True)
class RecordLink:
    """One link of a device's record chain, with the digest of its row as the row is now."""

    table: str  # sales | refunds | vouchers
    record_id: str
    label: str  # the receipt number or voucher code people know it by
    present: bool  # False when the row is gone
    digest: str  # the row's digest when it was written
    now: str | None  # the row's digest now; None when the row is gone
    prev_hash: str
    hash: str
    expected_hash: str  # what `hash` must be for this link's own contents


class RecordChain(Protocol):
    def devices(self) -> list[str]: ...
    def head(self, device_id: str) -> str | None: ...
    def iter_chain(self, device_id: str) -> Iterator[RecordLink]: ...
    def unlinked(self) -> Iterator[tuple[str, str, str]]:
        """(table, id, label) of every sale, refund or voucher no link covers."""
        ...

    def refunded_sales(self) -> Iterator[tuple[SaleRecord, list[RefundRecord]]]:
        """Every sale that was refunded or says it was, with its refunds: their totals must agree."""
        ...

    def vouchers_in_ledger(self) -> Iterator[tuple[Voucher, int]]:
        """Every voucher with a unit in the ledger, and how many of it are still outstanding (1 or 0)."""
        ...

    def voucher_redeemed_by(self, voucher_id: str) -> list[str]:
        """The device of each redemption of the voucher still standing in the ledger, oldest first."""
        ...
