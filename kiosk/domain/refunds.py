"""Refunds of part of a receipt: which lines go back, and what share of the sale's money and loyalty goes with them.

A sale can be refunded a few lines at a time. Each refund takes back its share of what the sale earned and gives
back its share of what the sale spent, in proportion to the goods returned; stamps follow the stamp card's own
items. Amounts are cumulative (the share of everything returned so far, less what earlier refunds already
moved), so the parts always add up to the whole and the last refund leaves nothing behind, exactly once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

from kiosk.domain.commands import RefundLine
from kiosk.domain.errors import Conflict, InvalidInput
from kiosk.domain.ledger import Entry, Posting, member_of
from kiosk.domain.programs.config import StampCard
from kiosk.domain.programs.engine import CartLine


@dataclass(frozen=True)
class RefundShares:
    """How much of the sale has gone back once this refund is done (1 for everything)."""

    value: Fraction  # of the goods' value: money, points, store credit, rewards used
    cards: Mapping[str, Fraction]  # per stamp card: of the items that earn its stamps
    lines: tuple[RefundLine, ...]  # what goes back this time
    complete: bool  # nothing of the sale is left to refund
    returned: Mapping[int, int] = field(default_factory=dict)  # per line: how many have gone back, this refund too

    def of(self, unit: str) -> Fraction:
        """The share for value held in `unit`: a stamp card's stamps and free items follow its own items."""
        kind, _, card = unit.partition(":")
        if kind in ("STAMP", "REWARD") and card in self.cards:
            return self.cards[card]
        return self.value


def refunded_quantities(refunds: list[tuple[RefundLine, ...]], line_count: int) -> dict[int, int]:
    """What earlier refunds took back, per line. A refund recorded with no lines took the whole sale."""
    taken: dict[int, int] = {}
    for lines in refunds:
        for line in lines:
            taken[line.index] = taken.get(line.index, 0) + line.quantity
    return taken


def plan_shares(lines: tuple[CartLine, ...], *, before: Mapping[int, int], asked: tuple[RefundLine, ...],
                cards: tuple[StampCard, ...]) -> RefundShares:
    """Check what is asked for against what is left, and say what share of the sale has then gone back.

    No lines asked for means everything that is left. Raises InvalidInput for a line the receipt has not, or
    more than is left of one; Conflict when nothing is left at all.
    """
    left = {i: ln.quantity - before.get(i, 0) for i, ln in enumerate(lines)}
    if all(n <= 0 for n in left.values()):
        raise Conflict("refund.already_refunded")
    wanted: dict[int, int] = {}
    for item in asked:
        if not 0 <= item.index < len(lines):
            raise InvalidInput("refund.bad_refund_line", value=item.index + 1)
        if item.quantity < 1:
            raise InvalidInput("refund.bad_refund_quantity")
        wanted[item.index] = wanted.get(item.index, 0) + item.quantity
    if not wanted:
        wanted = {i: n for i, n in left.items() if n > 0}
    for i, n in wanted.items():
        if n > left[i]:
            raise InvalidInput("refund.more_than_sold", value=i + 1, name=lines[i].name, value2=max(left[i], 0))
    after = {i: before.get(i, 0) + wanted.get(i, 0) for i in range(len(lines))}
    complete = all(after[i] >= ln.quantity for i, ln in enumerate(lines))
    total = sum(ln.unit_price.minor * ln.quantity for ln in lines)
    back = sum(ln.unit_price.minor * after[i] for i, ln in enumerate(lines))
    value = Fraction(1) if complete or not total else Fraction(back, total)
    shares: dict[str, Fraction] = {}
    for card in cards:
        eligible = [i for i, ln in enumerate(lines) if ln.sku and (not card.skus or ln.sku in card.skus)]
        count = sum(lines[i].quantity for i in eligible)
        shares[card.id] = Fraction(1) if complete else (
            Fraction(sum(after[i] for i in eligible), count) if count else value)
    return RefundShares(value, shares, tuple(RefundLine(i, n) for i, n in sorted(wanted.items())), complete, after)


def share_of_lines(shares: RefundShares, lines: tuple[CartLine, ...], *, basis: str,
                   indexes: tuple[int, ...]) -> RefundShares:
    """`shares` with its value share measured on some lines only (what a promotion was earned on): by how many of
    them have gone back ("items") or by their value ("value"). Stamps keep their cards' shares. Unchanged when the
    lines are not the sale's (then the sale's value decides, as for any entry)."""
    if shares.complete or not indexes or any(not 0 <= i < len(lines) for i in indexes):
        return shares
    if basis == "items":
        whole = sum(lines[i].quantity for i in indexes)
        back = sum(min(shares.returned.get(i, 0), lines[i].quantity) for i in indexes)
    else:
        whole = sum(lines[i].unit_price.minor * lines[i].quantity for i in indexes)
        back = sum(lines[i].unit_price.minor * min(shares.returned.get(i, 0), lines[i].quantity) for i in indexes)
    if not whole:
        return shares
    return replace(shares, value=Fraction(back, whole))


def share_of(amount: int, share: Fraction) -> int:
    """`amount` × `share`, rounded half away from zero (so a debit and its credit round alike)."""
    exact = abs(amount) * share
    whole = int(exact)
    if exact - whole >= Fraction(1, 2):
        whole += 1
    return whole if amount >= 0 else -whole


def proportional_reversal(original: Entry, shares: RefundShares, done: Mapping[tuple[str, str], int]
                          ) -> tuple[Posting, ...]:
    """Postings that bring `original`'s reversal up to its share. `done` is what earlier reversals of it already
    moved, summed per (account, unit). Entries are written as transfer pairs, each balancing on its own, and
    are undone pair by pair so every reversal balances too; a pair is measured on its program side, which
    stays put when an erased member's side is redirected. Empty when nothing is left to move."""
    out: list[Posting] = []
    postings = original.postings
    for i in range(0, len(postings) - 1, 2):
        first, second = postings[i], postings[i + 1]
        target = share_of(first.amount, shares.of(first.unit))
        if member_of(first.account) is None:
            moved = -done.get((first.account, first.unit), 0)
        else:
            moved = done.get((second.account, second.unit), 0)
        step = target - moved
        if step:
            # a reversed award keeps its lot's expiry, so the lot book takes back that very lot
            out.append(Posting(first.account, first.unit, -step, first.expires_at if first.amount > 0 else None))
            out.append(Posting(second.account, second.unit, step, second.expires_at if second.amount > 0 else None))
    return tuple(out)


def status_after_refunds(line_quantities: tuple[int, ...], refunds: list[tuple[str, tuple[RefundLine, ...]]]) -> str:
    """A sale's status from its refunds (kind, lines; no lines: the whole sale), oldest first.

    The hub computes the same in SQL (kiosk.adapters.hub.schema, hub_refresh_sale) when a refund arrives from
    another device; verify checks each sale against it.
    """
    if not refunds:
        return "completed"
    taken = refunded_quantities([lines or tuple(RefundLine(i, q) for i, q in enumerate(line_quantities))
                                 for _, lines in refunds], len(line_quantities))
    if all(taken.get(i, 0) >= q for i, q in enumerate(line_quantities)):
        return "voided" if refunds[-1][0] == "void" else "refunded"
    return "partly_refunded"
