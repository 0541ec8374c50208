"""The rule engine: one pure function prices a basket for a member under every program the shop runs."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from kiosk.domain.errors import InsufficientBalance, InvalidInput, RuleViolation
from kiosk.domain.events import Event, Localized, PointsPaid, StampCardCompleted, ValueLost, VoucherUsed
from kiosk.domain.money import Money
from kiosk.domain.programs import cashback as cashback_rules
from kiosk.domain.programs import points as points_rules
from kiosk.domain.programs import stamps as stamp_rules
from kiosk.domain.programs.config import MembershipPlan, ProgramConfig, Reward, Tier
from kiosk.domain.programs.promotions import BasketLine, PromotionAward, apply_promotions
from kiosk.domain.programs.stamps import StampResult

MAX_QUANTITY = 999
MAX_LINES = 200
# The most one sale may come to, whoever approves it: ten million baht. Far above any shop's day, and the counter's
# keypad (seven whole digits) cannot key a line of more, so a bigger basket is extra zeros, not a sale. Money.parse
# alone lets a hundred billion through (MAX_MINOR), into the ledger with the points and cashback earned on it.
MAX_SALE_MINOR = 10**9


@dataclass(frozen=True)
class CartLine:
    name: str
    unit_price: Money
    quantity: int = 1
    sku: str | None = None
    # the modifiers chosen (size, sweetness, milk) as rung up; `unit_price` already includes what they add
    options: tuple[str, ...] = ()

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity

    @property
    def described(self) -> str:
        """The name with its options, as lists show it: 'Latte (Large, Oat milk)'."""
        return f"{self.name} ({', '.join(self.options)})" if self.options else self.name


@dataclass(frozen=True)
class MemberState:
    """What the engine needs to know about the member at the moment of the sale."""

    member_id: str
    points: int = 0
    credit: Money = Money(0)
    stamps: Mapping[str, int] = field(default_factory=dict)
    rewards_ready: Mapping[str, int] = field(default_factory=dict)  # those waiting to be written included
    # per card: rewards ready that no completion entry holds yet (stamps from tills apart met on a pull)
    rewards_waiting: Mapping[str, int] = field(default_factory=dict)
    stamps_today: Mapping[str, int] = field(default_factory=dict)  # per card: stamps earned today so far
    tier: Tier | None = None
    membership: MembershipPlan | None = None  # only when active or in grace
    segments: frozenset[str] = frozenset()  # which promotion segments the member is in (birthday_month, ...)
    promotions_used: Mapping[str, int] = field(default_factory=dict)  # per promotion: what it already gave them


@dataclass(frozen=True)
class VoucherUse:
    """A printed voucher scanned at checkout: a bearer reward, already paid for in points."""

    voucher_id: str
    label: str
    value: Money
    sku: str | None = None  # a free-item voucher names its item
    name: Localized | None = None  # its reward's name in both languages, for a refusal (else `label`)


@dataclass(frozen=True)
class OfferUse:
    """A personal offer the member uses on this sale: an item free (up to its price)."""

    offer_id: str
    label: str
    sku: str


@dataclass(frozen=True)
class Redemptions:
    reward_ids: tuple[str, ...] = ()  # catalogue rewards paid with points
    points: int = 0  # points spent as money off (partial redemption)
    credit: Money | None = None  # store credit spent as payment
    stamp_rewards: tuple[str, ...] = ()  # stamp-card ids whose free item is used now
    vouchers: tuple[VoucherUse, ...] = ()  # vouchers scanned at checkout
    offers: tuple[OfferUse, ...] = ()  # personal offers' free items (checked by the service first)
    # a voucher or reward (money off, or a free item a discount part paid) worth more than what is left to pay is
    # refused unless this says to use it anyway (the cashier was warned: Quote.value_lost says what goes)
    allow_value_lost: bool = False

    @property
    def needs_member(self) -> bool:
        """Everything but a voucher spends the member's own balance; a voucher is a bearer reward."""
        return bool(self.reward_ids or self.points or (self.credit and self.credit.minor) or self.stamp_rewards
                    or self.offers)


class DiscountKind(StrEnum):
    """Why money came off a sale (the order a basket is priced in)."""

    MEMBERSHIP = "membership"
    STAMP_REWARD = "stamp_reward"
    VOUCHER = "voucher"
    OFFER = "offer"
    REWARD = "reward"
    POINTS = "points"


@dataclass(frozen=True)
class Discount:
    kind: DiscountKind
    label: str
    amount: Money  # positive: money off
    points_cost: int = 0
    ref: str | None = None  # reward id / card id
    # a free-item reward's basket line (the unit it made free): a refund of that unit gives the reward back,
    # not money; None for money off, spread over the whole basket
    line: int | None = None


def discount_said(kind: str, label: str, points_cost: int, *, rewards: Collection[Reward] = ()) -> Event | None:
    """What a discount line says when its label is not a name from the config (a voucher, points paid): the
    receipt, the screens and the CLI say it in their language; None: the label is the shop's name for it.

    A sale keeps a voucher's reward by its name in the shop's language (`label`): among `rewards` it is named
    again in both languages as the reward defines it; a reward no longer offered keeps that one name in both."""
    if kind == DiscountKind.POINTS:
        return PointsPaid(points_cost)
    if kind == DiscountKind.VOUCHER:
        reward = next((r for r in rewards if label in (r.name, r.name_th)), None)
        return VoucherUsed(Localized.of(reward.label) if reward is not None else Localized(label, label))
    return None


@dataclass(frozen=True)
class Quote:
    subtotal: Money
    discounts: tuple[Discount, ...]
    credit_applied: Money
    amount_due: Money  # to pay in cash/card/QR
    points_spent: int
    base_points: int
    points_earned: int
    stamps: tuple[StampResult, ...]
    cashback: Money
    events: tuple[Event, ...] = ()  # StampCardCompleted
    promotions: tuple[PromotionAward, ...] = ()  # included in points_earned and in the stamps' `earned`
    value_lost: tuple[ValueLost, ...] = ()  # vouchers and rewards used on less than they are worth

    @property
    def promotion_points(self) -> int:
        return sum(a.points for a in self.promotions)

    def promotion_stamps(self, card_id: str) -> int:
        return sum(n for a in self.promotions for c, n in a.stamps if c == card_id)

    @property
    def discount_total(self) -> Money:
        total = Money.zero(self.subtotal.currency)
        for d in self.discounts:
            total = total + d.amount
        return total

    @property
    def purchase_value(self) -> Money:
        """What the goods cost after discounts (money plus store credit)."""
        return self.subtotal - self.discount_total

    @property
    def stamp_rewards_used(self) -> tuple[str, ...]:
        return tuple(d.ref for d in self.discounts if d.kind == "stamp_reward" and d.ref)


def validate_cart(lines: tuple[CartLine, ...], currency: str) -> None:
    if not lines:
        raise InvalidInput("program.empty_basket")
    if len(lines) > MAX_LINES:
        raise InvalidInput("program.too_many_lines", max=MAX_LINES)
    for line in lines:
        if line.unit_price.currency != currency:
            raise InvalidInput("program.currency_mismatch", currency=currency)
        if line.unit_price.minor <= 0:
            raise InvalidInput("program.bad_price", name=line.name)
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise InvalidInput("program.bad_quantity", name=line.name, max=MAX_QUANTITY)
    if sum(line.unit_price.minor * line.quantity for line in lines) > MAX_SALE_MINOR:
        raise InvalidInput("program.sale_too_large", max=Money(MAX_SALE_MINOR, currency))


def _free_item_sku(config: ProgramConfig, reward_id: str) -> str | None:
    reward = config.reward(reward_id)
    return reward.sku if reward is not None and reward.kind == "free_item" else None


def quote_sale(config: ProgramConfig, lines: tuple[CartLine, ...], member: MemberState | None,
               redemptions: Redemptions = Redemptions(), *, language: str = "en", at: datetime | None = None) -> Quote:
    """Price a basket: discounts in a fixed order, then store credit, then what the member earns.

    Order: paid-membership discount, stamp-card free items, vouchers, catalogue rewards, points as money off,
    store credit. Earning is on what is paid in money; store credit and points are not money. Then the
    promotions live at `at` (the shop's wall clock) add theirs, in their stated order (promotions.in_order).
    """
    currency = config.currency
    validate_cart(lines, currency)
    subtotal = Money.zero(currency)
    for line in lines:
        subtotal = subtotal + line.total
    if member is None and redemptions.needs_member:
        raise RuleViolation("program.member_required")

    remaining = subtotal
    discounts: list[Discount] = []
    events: list[Event] = []

    def take(amount: Money) -> Money:
        nonlocal remaining
        used = amount.min(remaining)
        remaining = remaining - used
        return used

    lost: list[ValueLost] = []

    def whole_or_told(value: Money, name: Localized) -> None:
        """Money off worth more than what is left to pay (and something is): refused, not used up on less than
        it is worth without a word, unless the cashier said to use it anyway (then the quote says what goes)."""
        if value.minor > remaining.minor > 0:
            if not redemptions.allow_value_lost:
                raise RuleViolation("program.worth_more_than_left", reward=name, value=value, left=remaining)
            lost.append(ValueLost(name, value, remaining, value - remaining))

    def take_some(amount: Money, refusal: str, name: Localized) -> Money:
        """`take` for a reward the customer gives up to use (a free item off the card, a voucher, an offer): one
        that would take nothing off (the bill is paid off already, or it is worth nothing here) is refused, not
        used up for nothing."""
        if not amount.min(remaining).minor:
            raise RuleViolation(refusal, reward=name)
        return take(amount)

    made_free = [0] * len(lines)  # per basket line: how many of its units a free-item reward has taken
    # The units the rewards naming their item will take (priced after the cards): a card's free item, which may
    # take any of several items, leaves them theirs.
    named = [sku for sku in (*(v.sku for v in redemptions.vouchers), *(o.sku for o in redemptions.offers),
                             *(_free_item_sku(config, r) for r in redemptions.reward_ids)) if sku]

    def free_unit(skus: Collection[str], missing: RuleViolation, refusal: str, name: Localized, *,
                  any_of: bool = False) -> tuple[Money, int]:
        """The price of the one unit a free-item reward takes: of the first line of `skus` with a unit no other
        reward took, so two rewards never make one cup free twice. `any_of` (a card's free item): the cheapest
        line of `skus` (any line if none), one whose unit no named reward needs if there is one. None left:
        `missing`, or take_some's `refusal` when nothing is left to pay either. Returns the price and the line."""
        covered = [i for i, ln in enumerate(lines) if not skus or ln.sku in skus]
        free = [i for i in covered if made_free[i] < lines[i].quantity]
        if not free:
            raise RuleViolation(refusal, reward=name) if covered and not remaining.minor else missing
        if any_of:
            def spare(sku: str | None) -> int:
                left = sum(ln.quantity - made_free[j] for j, ln in enumerate(lines) if ln.sku == sku)
                return left - named.count(sku) if sku else left
            free = sorted([i for i in free if spare(lines[i].sku) > 0] or free,
                          key=lambda i: lines[i].unit_price.minor)
        made_free[free[0]] += 1
        return lines[free[0]].unit_price, free[0]

    if member is not None and member.membership is not None and member.membership.discount_bp:
        off = take(subtotal.percent(member.membership.discount_bp))
        if off.minor:
            discounts.append(Discount(DiscountKind.MEMBERSHIP, member.membership.label(language), off))

    used_cards: dict[str, int] = {}
    for card_id in redemptions.stamp_rewards:
        card = config.stamp_card(card_id)
        assert member is not None
        if card is None:
            raise InvalidInput("program.unknown_card", card_id=card_id)
        used_cards[card_id] = used_cards.get(card_id, 0) + 1
        if used_cards[card_id] > member.rewards_ready.get(card_id, 0):
            raise InsufficientBalance("program.no_stamp_reward",
                                      reward=Localized.of(card.reward_label))
        value, card_line = free_unit(card.skus, RuleViolation("program.reward_not_applicable",
                                                         card=Localized.of(card.label)),
                                "program.nothing_to_discount", Localized.of(card.reward_label), any_of=True)
        if card.reward_value.minor:
            value = value.min(card.reward_value)
        off = take_some(value, "program.nothing_to_discount", Localized.of(card.reward_label))
        discounts.append(Discount(DiscountKind.STAMP_REWARD, card.reward_label(language), off, ref=card_id,
                                  line=card_line))

    # Items a reward made free earn no stamp: each takes one unit of its SKU off the cards' count.
    free_skus: dict[str, int] = {}
    for voucher in redemptions.vouchers:
        value = voucher.value
        voucher_name = voucher.name or Localized(voucher.label)
        line_of: int | None = None
        if voucher.sku:
            # A free-item voucher is worth its item, one of it, and nothing without it: its value is only the
            # most that item may take off, not money off whatever else was bought.
            item = config.item(voucher.sku)
            price, line_of = free_unit((voucher.sku,), RuleViolation(
                "program.voucher_item_missing", reward=voucher_name,
                item=Localized.of(item.label) if item else Localized(voucher.sku)),
                "program.voucher_nothing_to_discount", voucher_name)
            value = price if not value.minor else price.min(value)
            free_skus[voucher.sku] = free_skus.get(voucher.sku, 0) + 1
        # a free item an earlier discount made cheaper than it is worth loses value as money off does
        whole_or_told(value, voucher_name)
        off = take_some(value, "program.voucher_nothing_to_discount", voucher_name)
        discounts.append(Discount(DiscountKind.VOUCHER, voucher.label, off, ref=voucher.voucher_id, line=line_of))

    for offer in redemptions.offers:
        item_price, line_of = free_unit((offer.sku,), RuleViolation("program.offer_not_applicable", label=offer.label),
                               "program.nothing_to_discount", Localized(offer.label))
        free_skus[offer.sku] = free_skus.get(offer.sku, 0) + 1
        off = take_some(item_price, "program.nothing_to_discount", Localized(offer.label))
        discounts.append(Discount(DiscountKind.OFFER, offer.label, off, ref=offer.offer_id, line=line_of))

    points_spent = 0
    available = member.points if member else 0
    for reward_id in redemptions.reward_ids:
        reward = config.reward(reward_id)
        if reward is None:
            raise InvalidInput("program.unknown_reward", reward_id=reward_id)
        if reward.kind == "free_item" and reward.sku and not any(ln.sku == reward.sku for ln in lines):
            raise RuleViolation("program.reward_item_missing",
                                reward=Localized.of(reward.label))
        if points_spent + reward.points > available:
            raise InsufficientBalance("program.not_enough_points",
                                      reward=Localized.of(reward.label), points=reward.points,
                                      value=available - points_spent)
        value = reward.value
        line_of = None
        if reward.kind == "free_item" and reward.sku:
            price, line_of = free_unit((reward.sku,), RuleViolation("program.reward_item_missing",
                                                           reward=Localized.of(reward.label)),
                              "program.nothing_to_discount", Localized.of(reward.label))
            value = price if not reward.value.minor else price.min(reward.value)
            free_skus[reward.sku] = free_skus.get(reward.sku, 0) + 1
        if remaining.minor == 0:
            raise RuleViolation("program.nothing_to_discount",
                                reward=Localized.of(reward.label))
        whole_or_told(value, Localized.of(reward.label))  # a free item's too: its item may be part paid already
        points_spent += reward.points
        discounts.append(Discount(DiscountKind.REWARD, reward.label(language), take(value), reward.points, reward.id,
                                  line=line_of))

    rules = config.points
    if redemptions.points:
        wanted = redemptions.points
        if wanted < 0:
            raise InvalidInput("program.bad_points")
        if not rules.enabled or rules.point_value.minor == 0:
            raise RuleViolation("program.points_not_spendable")
        if wanted < rules.min_redeem_points:
            raise RuleViolation("program.below_min_redeem", min=rules.min_redeem_points)
        if points_spent + wanted > available:
            raise InsufficientBalance("program.not_enough_points_to_spend", value=available - points_spent,
                                      wanted=wanted)
        cap = subtotal.percent(rules.max_redeem_percent * 100).min(remaining)
        max_points = points_rules.points_for_value(rules, cap)
        if wanted > max_points:
            raise RuleViolation("program.points_exceed_bill", max_points=max_points,
                                value=points_rules.points_value(rules, max_points))
        value = points_rules.points_value(rules, wanted)
        points_spent += wanted
        discounts.append(Discount(DiscountKind.POINTS, f"{wanted:,} points", take(value), wanted))

    credit_applied = Money.zero(currency)
    if redemptions.credit is not None and redemptions.credit.minor:
        assert member is not None
        if redemptions.credit.minor < 0:
            raise InvalidInput("program.bad_credit")
        if redemptions.credit.minor > member.credit.minor:
            raise InsufficientBalance("program.not_enough_credit", credit=member.credit, credit2=redemptions.credit)
        if redemptions.credit.minor > remaining.minor:
            raise RuleViolation("program.credit_exceeds_bill", remaining=remaining)
        credit_applied = take(redemptions.credit)

    amount_due = remaining
    purchase_value = subtotal - sum((d.amount for d in discounts), Money.zero(currency))

    base = earned = 0
    promotions: tuple[PromotionAward, ...] = ()
    stamps: list[StampResult] = []
    cashback = Money.zero(currency)
    if member is not None:
        eligible_items = sum(ln.quantity for ln in lines)
        base = points_rules.base_points(rules, paid=amount_due, eligible_items=eligible_items)
        percent = (member.tier.multiplier_percent if member.tier else 100)
        if member.membership is not None:
            percent += member.membership.earn_bonus_percent
        earned = points_rules.apply_multiplier(base, percent)
        regular_stamps: dict[str, int] = {}
        for card in config.stamp_cards:
            qty = sum(ln.quantity for ln in lines if ln.sku and ln.sku in card.skus)
            qty -= used_cards.get(card.id, 0)  # the card's own free item earns no stamp ...
            qty -= sum(n for sku, n in free_skus.items() if sku in card.skus)  # ... nor one a reward paid for
            got = stamp_rules.stamps_earned(card, eligible_quantity=max(0, qty), purchase_value=purchase_value,
                                            earned_today=member.stamps_today.get(card.id, 0))
            if got:
                regular_stamps[card.id] = got
        if at is not None and config.promotions and (earned or regular_stamps):
            awards = apply_promotions(
                config.promotions, at=at, earned_points=earned, stamps=regular_stamps,
                lines=tuple(BasketLine(ln.sku, config.category_of(ln.sku), ln.quantity, ln.total.minor)
                            for ln in lines),
                tier=member.tier.name if member.tier else None, segments=member.segments,
                used=member.promotions_used, language=language)
            # Nothing is earned where nothing is paid in money: a promotion boosts an earning sale only.
            promotions = tuple(a for a in awards if (a.points and earned) or a.stamps)
            earned += sum(a.points for a in promotions)
        for card in config.stamp_cards:
            got = regular_stamps.get(card.id, 0)
            if got:
                got += sum(n for a in promotions for c, n in a.stamps if c == card.id)
                result = stamp_rules.add_stamps(card, current=member.stamps.get(card.id, 0), earned=got)
                stamps.append(result)
                if result.completed:
                    events.append(StampCardCompleted(card.id, Localized.of(card.label),
                                                     Localized.of(card.reward_label)))
        cashback = cashback_rules.cashback_for(config.cashback, paid=amount_due)
    return Quote(
        subtotal=subtotal,
        discounts=tuple(discounts),
        credit_applied=credit_applied,
        amount_due=amount_due,
        points_spent=points_spent,
        base_points=base,
        points_earned=earned,
        stamps=tuple(stamps),
        cashback=cashback,
        events=tuple(events),
        promotions=promotions,
        value_lost=tuple(lost),
    )
