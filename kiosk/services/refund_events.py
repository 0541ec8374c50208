"""What a refund moved of the member's, counted by kind and said as events, for its result, its slip and a copy
of the slip made again later (value past its date counted apart, so the figures match the balances)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from kiosk.domain.events import (
    BonusTakenBack,
    CashbackReversed,
    CashbackReversedExpired,
    Event,
    FreeItemsReturned,
    FreeItemsReturnedExpired,
    FreeItemsTakenBack,
    OffersExpiredNotReturned,
    OffersReusable,
    PointsReturned,
    PointsReturnedExpired,
    PointsReversed,
    PointsReversedExpired,
    StampsRemoved,
    StoreCreditReturned,
    StoreCreditReturnedExpired,
    VouchersBackExpired,
    VouchersReusable,
)
from kiosk.domain.expiry import expired
from kiosk.domain.ledger import POINTS, Entry, EntryKind, Posting, ProgramAccount, member_of
from kiosk.domain.money import Money


def reversal_totals(plans: list[tuple[Entry, tuple[Posting, ...]]], currency: str, *,
                    dead: Mapping[str, int] | None = None, erased: bool = False) -> dict[str, int]:
    """What a refund moved of the member's, per kind. Value past its date is counted apart (the "_expired" keys),
    so the figures match the balances: given back, it went to the expired value; taken back, it came from the
    expired value, or (`dead`, per unit) from the member's lots past their date that no expiry had written off
    yet, which the balance no longer counted. An erased member's all goes to breakage: none of it is theirs."""
    totals = {"points_reversed": 0, "points_returned": 0, "credit_reversed": 0, "credit_returned": 0,
              "stamps": 0, "rewards_returned": 0, "rewards_reversed": 0, "points_reversed_expired": 0,
              "points_returned_expired": 0, "credit_reversed_expired": 0, "credit_returned_expired": 0,
              "rewards_returned_expired": 0}
    for entry, postings in plans:
        for p in postings:
            owner = member_of(p.account)
            if p.account == ProgramAccount.EXPIRED.value and not erased and entry.kind != EntryKind.REFERRAL_BONUS:
                kind = {POINTS: "points", currency: "credit"}.get(p.unit, "rewards" if p.unit.startswith(
                    "REWARD:") else "")
                if kind and (p.amount > 0 or kind != "rewards"):
                    totals[f"{kind}_{'returned' if p.amount > 0 else 'reversed'}_expired"] += abs(p.amount)
                continue
            if not owner or (entry.kind == EntryKind.REFERRAL_BONUS and owner != entry.member_id):
                continue  # a referral bonus's referrer side is theirs, not this member's (BonusTakenBack says it)
            if p.unit == POINTS:
                totals["points_reversed" if p.amount < 0 else "points_returned"] += abs(p.amount)
            elif p.unit == currency:
                totals["credit_reversed" if p.amount < 0 else "credit_returned"] += abs(p.amount)
            elif p.unit.startswith("STAMP:") and p.amount < 0:
                totals["stamps"] -= p.amount
            elif p.unit.startswith("REWARD:"):
                totals["rewards_returned" if p.amount > 0 else "rewards_reversed"] += abs(p.amount)
    for unit, amount in (dead or {}).items():
        named = {POINTS: "points", currency: "credit"}.get(unit)
        if named and amount > 0:
            moved = min(amount, totals[f"{named}_reversed"])
            totals[f"{named}_reversed"] -= moved
            totals[f"{named}_reversed_expired"] += moved
    return totals


def vouchers_given_back(plans: list[tuple[Entry, tuple[Posting, ...]]]) -> set[str]:
    """The vouchers (by id) whose units a refund's reversals returned to program:vouchers: their share came back."""
    return {p.unit.split(":", 1)[1] for _, postings in plans for p in postings
            if p.account == ProgramAccount.VOUCHERS and p.unit.startswith("VOUCHER:") and p.amount > 0}


def dead_taken(plans: list[tuple[Entry, tuple[Posting, ...]]], member_id: str, at: datetime, tz: tzinfo
               ) -> dict[str, int]:
    """What a refund written at `at` took back from `member_id`'s lots already past their date, per unit (as
    the reversal names its lot: read from the postings alone, for a copy of its slip)."""
    dead: dict[str, int] = {}
    for _entry, postings in plans:
        for p in postings:
            if member_of(p.account) == member_id and p.amount < 0 and expired(p.expires_at, at, tz):
                dead[p.unit] = dead.get(p.unit, 0) - p.amount
    return dead


def reversal_events(totals: dict[str, int], currency: str, *, vouchers: int,
                    offers: tuple[int, int], bonuses: tuple[str, ...] = (), vouchers_expired: int = 0
                    ) -> tuple[Event, ...]:
    """What a refund gave back to or took from the member, in the order the slip and the screen say it."""
    def get(key: str) -> int:
        return totals.get(key, 0)

    counted: list[tuple[int, Event]] = [
        (get("points_reversed"), PointsReversed(get("points_reversed"))),
        (get("points_reversed_expired"), PointsReversedExpired(get("points_reversed_expired"))),
        (get("points_returned"), PointsReturned(get("points_returned"))),
        (get("points_returned_expired"), PointsReturnedExpired(get("points_returned_expired"))),
        (get("credit_reversed"), CashbackReversed(Money(get("credit_reversed"), currency))),
        (get("credit_reversed_expired"), CashbackReversedExpired(Money(get("credit_reversed_expired"), currency))),
        (get("credit_returned"), StoreCreditReturned(Money(get("credit_returned"), currency))),
        (get("credit_returned_expired"),
         StoreCreditReturnedExpired(Money(get("credit_returned_expired"), currency))),
        (get("stamps"), StampsRemoved(get("stamps"))),
        (get("rewards_returned"), FreeItemsReturned(get("rewards_returned"))),
        (get("rewards_returned_expired"), FreeItemsReturnedExpired(get("rewards_returned_expired"))),
        (get("rewards_reversed"), FreeItemsTakenBack(get("rewards_reversed"))),
        (vouchers, VouchersReusable(vouchers)),
        (vouchers_expired, VouchersBackExpired(vouchers_expired)),
        (offers[0], OffersReusable(offers[0])),
        (offers[1], OffersExpiredNotReturned(offers[1])),
    ]
    return tuple(event for amount, event in counted if amount) + tuple(BonusTakenBack(kind) for kind in bonuses)
