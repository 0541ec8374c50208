"""The personal-offers port: which member was shown which offer, until when, and whether they used it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class MemberOffer:
    offer_id: str
    member_id: str
    shown_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    sale_id: str | None = None


class OfferStore(Protocol):
    def for_member(self, member_id: str) -> dict[str, MemberOffer]: ...
    def shown(self, *, offer_id: str, member_id: str, at: datetime, expires_at: datetime, device_id: str) -> bool:
        """Record the first time the member is shown the offer (its expiry runs from then); False if seen before."""
        ...

    def use(self, *, offer_id: str, member_id: str, at: datetime, sale_id: str) -> bool:
        """Mark it used on `sale_id`, only if it was shown, is unused and has not expired: False otherwise."""
        ...

    def give_back(self, *, sale_id: str, at: datetime) -> tuple[int, int]:
        """The offers used on `sale_id` (wholly refunded) unused again, those not expired by `at`. Returns
        (given back, left used because they have expired)."""
        ...

    def all(self) -> list[MemberOffer]: ...
