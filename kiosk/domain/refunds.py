"""Refunds of part of a receipt: which lines go back, and what share of the sale's money and loyalty goes with them.

A sale can be refunded a few lines at a time. A unit a free-item reward paid for (a stamp card's free item, a
catalogue reward, a free-item voucher or offer) cost the customer that reward, not money: when it goes back
the reward goes back, never money. Of a line with free units the free ones go back first. Money, and money off
spent on the whole basket (points as money, a baht-off reward, store credit), go back in proportion to the value
the customer paid for the goods returned. What the sale earned is taken back as the whole award less what the
goods kept would have earned under the same caps and minimums (kept_award). Amounts are cumulative (what should
have moved once everything returned so far is back, less what earlier refunds already moved), so the parts
always add up to the whole and the last refund leaves nothing behind, exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

from kiosk.domain.commands import RefundLine
from kiosk.domain.errors import Conflict, InvalidInput
from kiosk.domain.ledger import POINTS, Entry, Posting, member_of
from kiosk.domain.money import Money
from kiosk.domain.programs.cashback import cashback_for
from kiosk.domain.programs.config import ProgramConfig, StampCard
from kiosk.domain.programs.engine import CartLine, Discount, DiscountKind


@dataclass(frozen=True)
class RefundShares:
    """How much of the sale has gone back once this refund is done (1 for everything)."""

    value: Fraction  # of the goods' value: money, points, store credit, rewards used
    cards: Mapping[str, Fraction]  # per stamp card: of the items that earn its stamps
    lines: tuple[RefundLine, ...]  # what goes back this time
    complete: bool  # nothing of the sale is left to refund
    returned: Mapping[int, int] = field(default_factory=dict)  # per line: how many have gone back, this refund too
    # the sale's free-item discounts (by their place among its discounts) whose unit has gone back, this refund
    # too; and of them, those going back with this refund
    free_back: frozenset[int] = frozenset()
    free_now: frozenset[int] = frozenset()

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


def free_units(discounts: tuple[Discount, ...], line_count: int) -> dict[int, list[int]]:
    """Per basket line, the free-item discounts (their places among the sale's) that made a unit of it free, in
    the order they go back. A sale recorded before discounts named their line has none: all is money off."""
    free: dict[int, list[int]] = {}
    for place, discount in enumerate(discounts):
        if discount.line is not None and 0 <= discount.line < line_count:
            free.setdefault(discount.line, []).append(place)
    return free


def _free_gone_back(free: Mapping[int, list[int]], returned: Mapping[int, int]) -> frozenset[int]:
    """The free units among those `returned` per line: of a line, its free units go back first."""
    return frozenset(place for i, places in free.items() for place in places[:returned.get(i, 0)])


def value_returned(lines: tuple[tuple[int, int], ...], discounts: tuple[Discount, ...],
                   returned: Mapping[int, int]) -> Fraction:
    """The share of a sale's goods, by what the customer paid for them, that `returned` (per line: how many have
    gone back) makes. `lines` are (unit price in minor units, quantity). A unit a free-item reward took is worth
    what the reward left to pay, and of a line the free units go back first. The money a refund gives back is
    the sale's payment times this (the counter shows it before the refund is made)."""
    free = free_units(discounts, len(lines))

    def worth(i: int, units: int) -> int:  # what the first `units` of line i cost the customer (free ones first)
        return lines[i][0] * units - sum(discounts[p].amount.minor for p in free.get(i, [])[:units])

    total = sum(worth(i, quantity) for i, (_, quantity) in enumerate(lines))
    back = sum(worth(i, min(returned.get(i, 0), quantity)) for i, (_, quantity) in enumerate(lines))
    if total <= 0:  # every unit was free: nothing was paid to share out, so the goods' count decides
        total = sum(price * quantity for price, quantity in lines)
        back = sum(price * min(returned.get(i, 0), quantity) for i, (price, quantity) in enumerate(lines))
    return Fraction(max(back, 0), total) if total else Fraction(1)


def plan_shares(lines: tuple[CartLine, ...], *, before: Mapping[int, int], asked: tuple[RefundLine, ...],
                cards: tuple[StampCard, ...], discounts: tuple[Discount, ...] = ()) -> RefundShares:
    """Check what is asked for against what is left, and say what share of the sale has then gone back.

    The value share is of what the customer paid for the goods: a unit a free-item reward took is worth what the
    reward left to pay (nothing, mostly). A card's share is of the units that earned its stamps (the paid ones).
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
    free = free_units(discounts, len(lines))
    free_back = _free_gone_back(free, after)
    free_before = _free_gone_back(free, before)
    value = Fraction(1) if complete else value_returned(
        tuple((ln.unit_price.minor, ln.quantity) for ln in lines), discounts, after)
    shares: dict[str, Fraction] = {}
    for card in cards:
        eligible = [i for i, ln in enumerate(lines) if ln.sku and (not card.skus or ln.sku in card.skus)]
        paid = sum(lines[i].quantity - len(free.get(i, [])) for i in eligible)
        paid_back = sum(max(min(after[i], lines[i].quantity) - len(free.get(i, [])), 0) for i in eligible)
        shares[card.id] = Fraction(1) if complete else (Fraction(paid_back, paid) if paid > 0 else value)
    return RefundShares(value, shares, tuple(RefundLine(i, n) for i, n in sorted(wanted.items())), complete, after,
                        free_back, free_back - free_before)


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


def reversal_toward(original: Entry, target: Callable[[str, int], int], done: Mapping[tuple[str, str], int]
                    ) -> tuple[Posting, ...]:
    """Postings that bring `original`'s reversal up to `target(unit, whole)`: how much of the `whole` the entry
    moved in a unit (signed as the entry has it) should have gone back once this refund is done. `done` is what
    earlier reversals of it already moved, summed per (account, unit). Entries are written as transfer pairs,
    each balancing on its own, and are undone pair by pair so every reversal balances too; a pair is measured on
    its program side, which stays put when an erased member's side is redirected. Pairs of one unit between the
    same accounts (two free items of one card) fill in order. Nothing already moved is ever moved back: empty
    when nothing is left to move."""
    postings = original.postings
    groups: dict[tuple[str, str, str], list[tuple[Posting, Posting]]] = {}
    for i in range(0, len(postings) - 1, 2):
        first, second = postings[i], postings[i + 1]
        groups.setdefault((first.account, first.unit, second.account), []).append((first, second))
    out: list[Posting] = []
    for pairs in groups.values():
        first, second = pairs[0]
        whole = sum(f.amount for f, _ in pairs)
        sign = 1 if whole >= 0 else -1
        wanted = min(max(sign * target(first.unit, whole), 0), sign * whole)
        if member_of(first.account) is None:
            moved = -sign * done.get((first.account, first.unit), 0)
        else:
            moved = sign * done.get((second.account, second.unit), 0)
        step = wanted - moved
        for f, s in pairs:
            if step <= 0:
                break
            room = sign * f.amount - min(max(moved, 0), sign * f.amount)
            moved = max(moved - sign * f.amount, 0)
            part = min(room, step)
            if part <= 0:
                continue
            step -= part
            # a reversed award keeps its lot's expiry, so the lot book takes back that very lot
            out.append(Posting(f.account, f.unit, -sign * part, f.expires_at if f.amount > 0 else None))
            out.append(Posting(s.account, s.unit, sign * part, s.expires_at if s.amount > 0 else None))
    return tuple(out)


def spent_back(unit: str, whole: int, shares: RefundShares, discounts: tuple[Discount, ...]) -> int:
    """How much of what a sale spent in `unit` (its `whole`, signed as the entry has it: points, a card's free
    items, a voucher, store credit) has gone back once this refund is done. A free-item reward goes back with
    its unit, whole (the points it cost, its free item, its voucher); money off spent on the whole basket goes
    back in proportion to the value paid for the goods returned."""
    if shares.complete:
        return whole
    sign = 1 if whole >= 0 else -1
    kind, _, ref = unit.partition(":")
    if unit == POINTS:
        tied = [(p, d.points_cost) for p, d in enumerate(discounts)
                if d.line is not None and d.kind == DiscountKind.REWARD]
    elif kind == "REWARD":
        tied = [(p, 1) for p, d in enumerate(discounts)
                if d.line is not None and d.kind == DiscountKind.STAMP_REWARD and d.ref == ref]
    elif kind == "VOUCHER":
        tied = [(p, 1) for p, d in enumerate(discounts)
                if d.line is not None and d.kind == DiscountKind.VOUCHER and d.ref == ref]
    else:
        tied = []
    rest = abs(whole) - sum(n for _, n in tied)
    if not tied or rest < 0:  # nothing tied to a unit (or a sale whose discounts say otherwise): in proportion
        return share_of(whole, shares.of(unit))
    back = sum(n for p, n in tied if p in shares.free_back)
    return sign * (back + share_of(rest, shares.of(unit)))


def kept_award(unit: str, whole: int, shares: RefundShares, *, lines: tuple[CartLine, ...],
               discounts: tuple[Discount, ...], programs: ProgramConfig, paid_minor: int,
               purchase_minor: int) -> int | None:
    """What the goods still kept would have earned of a sale's regular award in `unit` (`whole`, signed as the
    entry has it) under the same rules, so a refund takes back the award less this: a cap the whole sale met
    (cashback's most per sale, a card's stamps a day) is still met by fewer goods, and below a minimum spend
    nothing is earned. None when the shop's rules no longer say (then the share in proportion goes back)."""
    amount = abs(whole)
    if shares.complete:
        return 0
    kept_paid = paid_minor - share_of(paid_minor, shares.value)
    kept_purchase = purchase_minor - share_of(purchase_minor, shares.value)
    kind, _, ref = unit.partition(":")
    if unit == POINTS:
        rules = programs.points
        if rules.enabled and kept_paid < rules.min_spend.minor:
            return 0
        return None
    if unit == programs.currency:
        if not programs.cashback.enabled:
            return None
        return min(amount, cashback_for(programs.cashback, paid=Money(kept_paid, programs.currency)).minor)
    if kind == "STAMP":
        card = programs.stamp_card(ref)
        if card is None:
            return None
        if kept_purchase < card.min_spend.minor:
            return 0
        if not card.skus:
            return amount if kept_purchase > 0 else 0
        free = free_units(discounts, len(lines))
        kept_units = sum(ln.quantity - len(free.get(i, [])) - max(min(shares.returned.get(i, 0), ln.quantity)
                                                                  - len(free.get(i, [])), 0)
                         for i, ln in enumerate(lines) if ln.sku and ln.sku in card.skus)
        return min(amount, max(kept_units, 0) if card.per_item else (1 if kept_units > 0 else 0))
    return None


def kept_bonus(unit: str, whole: int, shares: RefundShares, *, per_item: int | None, lines: tuple[CartLine, ...],
               indexes: tuple[int, ...]) -> int | None:
    """What the goods kept would have earned of a promotion's bonus of `per_item` points an item on the lines
    `indexes` (`whole`, signed as its entry has it): a cap the whole sale met is still met by fewer items. None
    for any other promotion (its share of the lines goes back in proportion)."""
    if shares.complete:
        return 0
    if unit != POINTS or not per_item or not indexes or any(not 0 <= i < len(lines) for i in indexes):
        return None
    kept_items = sum(lines[i].quantity - min(shares.returned.get(i, 0), lines[i].quantity) for i in indexes)
    return min(abs(whole), per_item * kept_items)


def earned_back(unit: str, whole: int, shares: RefundShares, kept: int | None) -> int:
    """What should have gone back of an award once this refund is done: all of it less what is kept, or its
    share in proportion when the rules say nothing (`kept` None)."""
    if shares.complete:
        return whole
    if kept is None:
        return share_of(whole, shares.of(unit))
    sign = 1 if whole >= 0 else -1
    return sign * max(abs(whole) - kept, 0)


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
