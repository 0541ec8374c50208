"""Voucher ports: issued reward vouchers and claiming one exactly once across counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


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


class VoucherRepository(Protocol):
    def add(self, voucher: Voucher, *, device_id: str) -> None: ...
    def by_code(self, code: str) -> Voucher | None: ...
    def get(self, voucher_id: str) -> Voucher | None: ...
    def mark_redeemed(self, voucher_id: str, *, at: datetime, sale_id: str, device_id: str) -> bool:
        """Atomically claim an unredeemed voucher; False when someone already did (another counter)."""
        ...

    def unredeem(self, sale_id: str) -> int: ...
    def unredeem_one(self, voucher_id: str, *, sale_id: str) -> int:
        """Make one voucher that `sale_id` used usable again (1), or nothing (0)."""
        ...

    def for_member(self, member_id: str) -> list[Voucher]: ...
    def unused_for_member(self, member_id: str) -> list[Voucher]:
        """The member's vouchers not redeemed (by the row), oldest first: read with every member sale."""
        ...
