"""What happened, past tense, as codes with parameters: the screens, the CLI and the receipt say it in their own
language from the message catalogue (kiosk/l10n/events.py); the services never build the sentence."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol

from kiosk.domain.money import Money
from kiosk.domain.text import Localized as Localized  # re-exported: events carry names in both languages
from kiosk.domain.text import Phrase


class Said(Protocol):
    """Anything the catalogue can say: an event, or a message of a result (a preview line, a summary row)."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Mapping[str, object]: ...


# One line of a result that is not something that happened (a settings preview line, a summary row): a code and
# values, the same value as a phrase inside another sentence.
Message = Phrase


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Event:
    """Base of every event: its `code` is "event." and the class name in snake case, its `params` its fields.

    Subclasses are frozen dataclasses whose fields are values (ints, Money, Localized), never sentences.
    """

    KINDS: ClassVar[tuple[str, ...]] = ()  # an event whose wording depends on a `kind` field lists the kinds

    @classmethod
    def base_code(cls) -> str:
        return "event." + _snake(cls.__name__)

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """Every code this event type can have, for the catalogue's completeness test."""
        return tuple(f"{cls.base_code()}.{kind}" for kind in cls.KINDS) or (cls.base_code(),)

    @property
    def code(self) -> str:
        kind = getattr(self, "kind", None)
        return f"{self.base_code()}.{kind}" if self.KINDS and kind else self.base_code()

    @property
    def params(self) -> dict[str, object]:
        assert dataclasses.is_dataclass(self)
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "kind"}


# --- a sale ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointsEarned(Event):
    points: int


@dataclass(frozen=True)
class PointsSpent(Event):
    points: int


@dataclass(frozen=True)
class StampsAdded(Event):
    card: Localized
    stamps: int
    stamps_after: int
    required: int


@dataclass(frozen=True)
class StampCardCompleted(Event):
    card_id: str
    card: Localized
    reward: Localized


@dataclass(frozen=True)
class TierChanged(Event):
    old_tier: Localized
    new_tier: Localized


@dataclass(frozen=True)
class VoucherUsed(Event):
    reward: Localized  # what the voucher paid for, money off the bill


@dataclass(frozen=True)
class ValueLost(Event):
    """A voucher or points reward worth more than what was left to pay when it came off: `lost` of its `value`
    is gone with it. The counter warns before payment; the sale takes it only when told so."""

    reward: Localized
    value: Money  # what it is worth
    left: Money  # what was left to pay when it came off (all it took)
    lost: Money


@dataclass(frozen=True)
class PointsPaid(Event):
    points: int  # points spent as money off the bill


@dataclass(frozen=True)
class RewardRedeemed(Event):
    reward: Localized


@dataclass(frozen=True)
class PointsDonated(Event):
    points: int
    value: Money
    cause: Localized


@dataclass(frozen=True)
class PointsAdjusted(Event):
    KINDS: ClassVar[tuple[str, ...]] = ("added", "removed")

    kind: str
    points: int  # how many, whichever way


@dataclass(frozen=True)
class BonusAwarded(Event):
    KINDS: ClassVar[tuple[str, ...]] = ("signup", "birthday", "referral", "review")

    kind: str
    points: int


@dataclass(frozen=True)
class TierToGo(Event):
    """How far the member is from the next tier, as a receipt and the screens say it under the tier's bar: a
    standing, not something that happened. `amount` for a spend tier, `remaining` points or visits otherwise."""

    KINDS: ClassVar[tuple[str, ...]] = ("top", "spend", "points", "visits")

    kind: str
    remaining: int
    amount: Money
    tier: Localized


@dataclass(frozen=True)
class ExpiringSoon(Event):
    """What of the member's runs out on a day, as the account screens, the receipt and the CLI say it under
    "Expiring soon": a standing, not something that happened. The phrase says what and how much ("120 points",
    "฿25.50 store credit", "1 × Free coffee"); each edge puts the day `on` where its layout wants it."""

    KINDS: ClassVar[tuple[str, ...]] = ("points", "credit", "reward", "voucher")

    kind: str
    amount: int  # points, or free items of a full stamp card, or 1 voucher (0 for credit)
    value: Money  # store credit (zero otherwise)
    reward: Localized  # the free item's name, or the reward a voucher gives (empty otherwise)
    on: date  # the shop's day it expires


@dataclass(frozen=True)
class ChallengeStanding(Event):
    """Where the member stands in one challenge, as the counter, the kiosk and the receipt say it: "Visit 3 times:
    2 of 3 visits: one more by Sunday 6 Dec 2026 for +100 points". `kind` is the challenge's kind, or "done"
    when its bonus is given for this period; a spend challenge counts money (`spent` of `goal`, `more` to go),
    the others `progress` of `target`."""

    KINDS: ClassVar[tuple[str, ...]] = ("visits", "distinct_items", "spend", "done")

    kind: str
    challenge: Localized
    progress: int
    target: int
    remaining: int
    spent: Money
    goal: Money
    more: Money
    points: int  # the bonus
    ends: date  # the last day to finish

    @property
    def params(self) -> dict[str, object]:
        # the day of the week is said with the date ("by Sunday 6 Dec"): derived, so not a field of its own
        return {**super().params, "weekday": Phrase(f"weekday.{self.ends.weekday()}")}


# --- a refund: what went back to or was taken from the member -----------------------------------------------


@dataclass(frozen=True)
class PointsReversed(Event):
    points: int  # points the sale had earned, taken back


@dataclass(frozen=True)
class PointsReturned(Event):
    points: int  # points the sale had spent, given back


@dataclass(frozen=True)
class CashbackReversed(Event):
    amount: Money


@dataclass(frozen=True)
class StoreCreditReturned(Event):
    amount: Money


@dataclass(frozen=True)
class StampsRemoved(Event):
    stamps: int


@dataclass(frozen=True)
class FreeItemsReturned(Event):
    count: int  # free items the sale had used, back on the card


@dataclass(frozen=True)
class FreeItemsTakenBack(Event):
    count: int  # free items the sale had completed, taken back


@dataclass(frozen=True)
class VouchersReusable(Event):
    count: int


@dataclass(frozen=True)
class OffersReusable(Event):
    count: int


@dataclass(frozen=True)
class OffersExpiredNotReturned(Event):
    count: int


@dataclass(frozen=True)
class PointsReversedExpired(Event):
    """Points a refund took back that had already expired (past their date): the member's balance is unchanged."""

    points: int


@dataclass(frozen=True)
class PointsReturnedExpired(Event):
    """Points the sale had spent, given back to lots whose date has passed since: they cannot be spent."""

    points: int


@dataclass(frozen=True)
class CashbackReversedExpired(Event):
    amount: Money  # cashback taken back that had already expired: the store credit is unchanged


@dataclass(frozen=True)
class StoreCreditReturnedExpired(Event):
    amount: Money  # store credit the sale had spent, given back past its date: it cannot be spent


@dataclass(frozen=True)
class FreeItemsReturnedExpired(Event):
    count: int  # free items the sale had used, given back past their date: they cannot be used


@dataclass(frozen=True)
class VouchersBackExpired(Event):
    count: int  # vouchers the sale had used, given back past their date: they cannot be used again


@dataclass(frozen=True)
class BonusTakenBack(Event):
    """A first-purchase bonus (a referral's, both sides; a birthday's) the sale paid, taken back with the sale: its
    points are in PointsReversed; the member's next purchase pays it again."""

    KINDS: ClassVar[tuple[str, ...]] = ("birthday", "referral")

    kind: str


# --- stored before the events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenLine(Event):
    """A line a print job stored as text before receipts kept events ("Card complete! Free coffee next visit"):
    a reprint of that job prints it as it was written, in the language it was written in."""

    text: str


def event_types() -> dict[str, type[Event]]:
    """Every event class by name: how a stored event (the command log, a print job) is read back."""
    found: dict[str, type[Event]] = {}
    todo = list(Event.__subclasses__())
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    return found
