"""Stamp cards: "buy 9, the 10th is free", with carry-over of extra stamps."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.money import Money
from kiosk.domain.programs.config import StampCard


@dataclass(frozen=True)
class StampResult:
    card_id: str
    earned: int  # stamps given this visit
    completed: int  # cards filled this visit (each becomes one reward)
    stamps_after: int  # stamps on the current card afterwards
    forfeited: int = 0  # stamps beyond a full card when carry-over is off


def stamps_earned(card: StampCard, *, eligible_quantity: int, purchase_value: Money, earned_today: int = 0) -> int:
    """Stamps this sale gives. The per-visit cap counts the member's whole day (`card.visit == "day"`, what a
    visit means at a counter: two receipts a minute apart are one visit) or this sale alone ("sale")."""
    if purchase_value.minor < card.min_spend.minor:
        return 0
    if card.skus:
        wanted = eligible_quantity if card.per_item else (1 if eligible_quantity else 0)
    else:
        wanted = 1 if purchase_value.minor > 0 else 0
    left = card.max_per_visit - (earned_today if card.visit == "day" else 0)
    return max(0, min(wanted, left))


def add_stamps(card: StampCard, *, current: int, earned: int) -> StampResult:
    total = current + earned
    if total < card.required:
        return StampResult(card.id, earned, 0, total)
    if card.carry_over:
        return StampResult(card.id, earned, total // card.required, total % card.required)
    return StampResult(card.id, earned, 1, 0, forfeited=total - card.required)


def waiting_to_complete(card: StampCard, stamps: int) -> int:
    """Cards full on the ledger that no completion entry has turned into rewards yet: stamps given on tills
    apart meet on each device when it pulls the others', past the card's size with no sale to complete it.
    Every device reads them as rewards ready (one device writes the entry: kiosk.services.stamp_cards)."""
    if card.required <= 0 or stamps < card.required:
        return 0
    return stamps // card.required if card.carry_over else 1


def on_the_card(card: StampCard, stamps: int) -> tuple[int, int]:
    """(stamps the card shows, rewards waiting to be written) for a ledger balance of `stamps`: a full card
    shows what starts the next one, never more than its size with nothing ready."""
    waiting = waiting_to_complete(card, stamps)
    if not waiting:
        return stamps, 0
    return (stamps - waiting * card.required if card.carry_over else 0), waiting


@dataclass(frozen=True)
class CardReading:
    """A stamp card as every screen and the CLI say it, read once from its balance: a refund that took back
    stamps whose free item was already used leaves the balance below zero, and the card then shows none filled
    and owes the rest rather than showing "-7 of 9"."""

    required: int
    shown: int  # the stamps the card holds, as its count says them ("3 of 9"): never below zero
    filled: int  # the circles drawn filled: `shown` within the card's size
    owed: int  # stamps a refund took back beyond what the card held, made up before the card fills again
    to_go: int  # stamps before the next free item: what is owed, then the empty slots

    @property
    def owing(self) -> bool:
        return self.owed > 0


def read_card(*, stamps: int, required: int) -> CardReading:
    """The reading of a card whose current balance (what `on_the_card` shows) is `stamps`."""
    owed = max(-stamps, 0)
    shown = max(stamps, 0)
    filled = min(shown, max(required, 0))
    return CardReading(required=required, shown=shown, filled=filled, owed=owed,
                       to_go=owed + max(required, 0) - filled)
