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

    def used_on(self, sale_id: str) -> list[MemberOffer]:
        """The offers whose use is recorded on `sale_id`."""
        ...

    def give_back(self, *, offer_id: str, member_id: str, sale_id: str, at: datetime) -> bool:
        """Unused again, if its use is on `sale_id` and it has not expired by `at`: False otherwise."""
        ...

    def move_use(self, *, offer_id: str, member_id: str, from_sale: str, to_sale: str) -> None:
        """Its use recorded on `to_sale` instead (another sale used it too: two counters apart)."""
        ...

    def all(self) -> list[MemberOffer]: ...
