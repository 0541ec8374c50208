"""A shop's program configuration as frozen values, validated when built."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import Challenge, validate_challenges
from kiosk.domain.programs.menu import Category, Modifier, validate_menu
from kiosk.domain.programs.naming import Named, in_language, lines_in_language
from kiosk.domain.programs.offers import Offer, validate_offers
from kiosk.domain.programs.problems import BONUSES, CASHBACK, ITEMS, POINTS, TIERS, Problems, problem, thing
from kiosk.domain.programs.promotions import Promotion, validate_promotions
from kiosk.domain.text import Localized, Phrase

_PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,11}$")


@dataclass(frozen=True)
class Item(Named):
    sku: str
    name: str
    price: Money
    name_th: str = ""
    category: str = ""


@dataclass(frozen=True)
class Reward(Named):
    """A catalogue reward bought with points: money off, or an item free up to `value`."""

    id: str
    name: str
    points: int
    value: Money
    kind: str = "discount"  # discount | free_item
    sku: str | None = None
    name_th: str = ""


@dataclass(frozen=True)
class PointsRules:
    enabled: bool = True
    basis: str = "spend"  # spend | item | visit
    spend_unit: Money = Money(2500)  # every 25.00 spent ...
    points_per_unit: int = 1  # ... earns this many points
    points_per_item: int = 1
    points_per_visit: int = 10
    min_spend: Money = Money(0)
    rounding: str = "down"  # down | nearest | up
    point_value: Money = Money(25)  # what one point is worth when spent at checkout
    min_redeem_points: int = 1
    max_redeem_percent: int = 100  # share of the bill that points may pay
    expiry_months: int | None = 12
    rewards: tuple[Reward, ...] = ()


@dataclass(frozen=True)
class StampCard(Named):
    id: str
    name: str
    required: int = 10
    skus: tuple[str, ...] = ()  # empty: any sale earns a stamp
    min_spend: Money = Money(0)
    per_item: bool = True  # one stamp per eligible item (else one per visit)
    max_per_visit: int = 5
    reward_name: str = "Free item"
    reward_value: Money = Money(0)  # the free item is worth at most this
    carry_over: bool = True
    name_th: str = ""
    reward_name_th: str = ""
    reward_expiry_months: int | None = 6
    visit: str = "day"  # what max_per_visit counts: a member's business day ("day") or one sale ("sale")

    def reward_label(self, language: str) -> str:
        return in_language(language, self.reward_name, self.reward_name_th)


@dataclass(frozen=True)
class Tier(Named):
    name: str
    threshold: int  # in the metric's unit: minor currency units, points, or visits
    multiplier_percent: int = 100  # 125 earns 1.25x points
    perks: tuple[str, ...] = ()
    name_th: str = ""
    perks_th: tuple[str, ...] = ()  # the same perks in the same order, in Thai

    def perk_labels(self, language: str) -> tuple[str, ...]:
        return lines_in_language(language, self.perks, self.perks_th)


@dataclass(frozen=True)
class TierRules:
    enabled: bool = True
    metric: str = "spend"  # spend | points | visits
    window: str = "rolling"  # rolling | calendar_year
    window_days: int = 365
    retention_days: int = 365
    levels: tuple[Tier, ...] = ()


@dataclass(frozen=True)
class CashbackRules:
    enabled: bool = False
    percent_bp: int = 200  # 2.00 %
    min_spend: Money = Money(0)
    max_per_sale: Money | None = None
    expiry_months: int | None = 12


@dataclass(frozen=True)
class BonusRules:
    signup_points: int = 0
    birthday_points: int = 0
    birthday_owed_days: int = 30  # a birthday bonus a void or refund took back is paid by a purchase this long after
    referral_referrer_points: int = 0
    referral_new_member_points: int = 0
    review_points: int = 0


@dataclass(frozen=True)
class Cause(Named):
    id: str
    name: str
    name_th: str = ""


@dataclass(frozen=True)
class CharityRules:
    enabled: bool = False
    causes: tuple[Cause, ...] = ()
    point_value: Money = Money(25)
    min_points: int = 10


@dataclass(frozen=True)
class MembershipPlan(Named):
    """A paid membership tier billed through Stripe; perks apply while active (plus a grace period)."""

    id: str
    name: str
    price: Money
    interval: str = "month"  # month | year
    discount_bp: int = 0  # money off every sale, in basis points
    earn_bonus_percent: int = 0  # extra points on top of the tier multiplier
    grace_days: int = 7
    name_th: str = ""


@dataclass(frozen=True)
class Partner(Named):
    """A coalition partner: its customers' purchases earn our points at the partner's rate, members spend our
    points there, and the two sides settle what that is worth at `settlement_value` per `settlement_points`.

    Points earned at the partner are limited like the shop's own sales: above `max_points_per_transaction` on
    one receipt, or `max_points_per_day` for one member in a day there, a manager must approve. Points spent
    there by one member in a day above `max_redeem_points_per_day` need a manager too (None: the points worth
    the shop's per-redemption approval limit, so receipts split smaller need the approval one receipt would).
    """

    id: str
    name: str
    spend_unit: Money = Money(10000)
    points_per_unit: int = 1
    settlement_value: Money = Money(10)  # what `settlement_points` of our points are worth between the two
    settlement_points: int = 1
    max_points_per_transaction: int = 2000
    max_points_per_day: int = 4000
    name_th: str = ""
    max_redeem_points_per_day: int | None = None


@dataclass(frozen=True)
class ProgramConfig:
    currency: str = "THB"
    points: PointsRules = field(default_factory=PointsRules)
    stamp_cards: tuple[StampCard, ...] = ()
    tiers: TierRules = field(default_factory=TierRules)
    cashback: CashbackRules = field(default_factory=CashbackRules)
    bonuses: BonusRules = field(default_factory=BonusRules)
    charity: CharityRules = field(default_factory=CharityRules)
    memberships: tuple[MembershipPlan, ...] = ()
    partners: tuple[Partner, ...] = ()
    items: tuple[Item, ...] = ()
    credit_expiry_months: int | None = 12
    promotions: tuple[Promotion, ...] = ()
    challenges: tuple[Challenge, ...] = ()
    offers: tuple[Offer, ...] = ()
    categories: tuple[Category, ...] = ()
    modifiers: tuple[Modifier, ...] = ()

    def __post_init__(self) -> None:
        validate_config(self)

    def item(self, sku: str) -> Item | None:
        return next((i for i in self.items if i.sku == sku), None)

    def reward(self, reward_id: str) -> Reward | None:
        return next((r for r in self.points.rewards if r.id == reward_id), None)

    def stamp_card(self, card_id: str) -> StampCard | None:
        return next((c for c in self.stamp_cards if c.id == card_id), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def item_modifiers(self, sku: str) -> tuple[Modifier, ...]:
        """The questions asked when this item is rung up (none for an unknown SKU)."""
        item = self.item(sku)
        return tuple(m for m in self.modifiers if m.applies_to(sku, item.category)) if item else ()

    def plan(self, plan_id: str) -> MembershipPlan | None:
        return next((p for p in self.memberships if p.id == plan_id), None)

    def promotion(self, promotion_id: str) -> Promotion | None:
        return next((p for p in self.promotions if p.id == promotion_id), None)

    def challenge(self, challenge_id: str) -> Challenge | None:
        return next((c for c in self.challenges if c.id == challenge_id), None)

    def offer(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)

    def category_of(self, sku: str | None) -> str:
        item = self.item(sku) if sku else None
        return item.category if item else ""

    def cause(self, cause_id: str) -> Cause | None:
        return next((c for c in self.charity.causes if c.id == cause_id), None)


def validate_config(config: ProgramConfig) -> None:
    """Refuse a configuration that would mint points from nothing or divide by zero, naming every problem."""
    problems = _points_problems(config.points) + _tier_problems(config.tiers)
    for c in config.stamp_cards:
        card = thing("settings.thing.stamp_card", c.name, c.name_th, fallback=c.id)
        if c.required < 1:
            problems.append(problem("settings.problem.stamps_required", card))
        if c.max_per_visit < 1:
            problems.append(problem("settings.problem.stamps_per_visit", card))
    if not 0 <= config.cashback.percent_bp <= 10_000:
        problems.append(problem("settings.problem.cashback_percent", CASHBACK))
    b = config.bonuses
    if min(b.signup_points, b.birthday_points, b.referral_referrer_points,
           b.referral_new_member_points, b.review_points) < 0:
        problems.append(problem("settings.problem.bonus_negative", BONUSES))
    if b.birthday_owed_days < 0:  # days, not points: said in its own words
        problems.append(problem("settings.problem.owed_days_negative", BONUSES))
    for plan in config.memberships:
        where = thing("settings.thing.membership", plan.name, plan.name_th, fallback=plan.id)
        if plan.interval not in ("month", "year"):
            problems.append(problem("settings.problem.membership_interval", where, value=plan.interval))
        if plan.price.minor <= 0:
            problems.append(problem("settings.problem.price_zero", where))
    problems += _partner_problems(config.partners)
    skus = [i.sku for i in config.items]
    problems += [problem("settings.problem.sku_twice", ITEMS, value=sku)
                 for sku in sorted({sku for sku in skus if skus.count(sku) > 1})]
    problems += validate_offers(config.offers, skus=tuple(skus))
    problems += validate_challenges(config.challenges, skus=tuple(skus))
    problems += validate_promotions(config.promotions, tiers=tuple(lv.name for lv in config.tiers.levels),
                                    skus=tuple(skus))
    problems += validate_menu(config.categories, config.modifiers)
    if problems:
        # the first problem in words, the rest counted (one line); `problems` keeps them all for a caller
        code = "program.settings_invalid" if len(problems) == 1 else "program.settings_invalid_more"
        raise InvalidInput(code, problem=problems[0], more=len(problems) - 1, problems=tuple(problems))


def _points_problems(p: PointsRules) -> Problems:
    problems: Problems = []
    if p.basis not in ("spend", "item", "visit"):
        problems.append(problem("settings.problem.points_basis", POINTS, value=p.basis))
    if p.rounding not in ("down", "nearest", "up"):
        problems.append(problem("settings.problem.points_rounding", POINTS, value=p.rounding))
    if p.spend_unit.minor <= 0:
        problems.append(problem("settings.problem.spend_unit", POINTS))
    if min(p.points_per_unit, p.points_per_item, p.points_per_visit, p.min_redeem_points) < 0:
        problems.append(problem("settings.problem.points_negative", POINTS))
    if p.point_value.minor < 0:
        problems.append(problem("settings.problem.point_value", POINTS))
    if not 0 <= p.max_redeem_percent <= 100:
        problems.append(problem("settings.problem.redeem_percent", POINTS))
    seen: set[str] = set()
    for r in p.rewards:
        reward = thing("settings.thing.reward", r.name, r.name_th, fallback=r.id)
        if r.id in seen:
            problems.append(problem("settings.problem.id_taken", reward, value=r.id))
        seen.add(r.id)
        if r.points <= 0:
            problems.append(problem("settings.problem.reward_cost", reward))
        if r.value.minor < 0:
            problems.append(problem("settings.problem.value_negative", reward))
        if r.kind not in ("discount", "free_item"):
            problems.append(problem("settings.problem.kind", reward, value=r.kind))
    return problems


def _tier_problems(t: TierRules) -> Problems:
    problems: Problems = []
    if t.enabled and t.levels:
        if t.metric not in ("spend", "points", "visits"):
            problems.append(problem("settings.problem.tier_metric", TIERS, value=t.metric))
        if t.window not in ("rolling", "calendar_year"):
            problems.append(problem("settings.problem.tier_window", TIERS, value=t.window))
        first = t.levels[0]
        if first.threshold != 0:
            problems.append(problem("settings.problem.tier_first", _tier(first)))
        rises = {"points": "settings.problem.tier_rises_points",
                 "visits": "settings.problem.tier_rises_visits"}.get(t.metric, "settings.problem.tier_rises_spend")
        for below, level in zip(t.levels, t.levels[1:], strict=False):
            if level.threshold <= below.threshold:
                problems.append(problem(rises, _tier(level), below=Localized(below.name, below.name_th)))
        problems += [problem("settings.problem.tier_multiplier", _tier(lv))
                     for lv in t.levels if lv.multiplier_percent < 0]
    for lv in t.levels:
        if lv.perks_th and len(lv.perks_th) != len(lv.perks):
            problems.append(problem("settings.problem.perks_unaligned", _tier(lv), english=len(lv.perks),
                                    thai=len(lv.perks_th)))
    return problems


def _tier(level: Tier) -> Phrase:
    return thing("settings.thing.tier", level.name, level.name_th)


def _partner_problems(partners: tuple[Partner, ...]) -> Problems:
    problems: Problems = []
    partner_ids: set[str] = set()
    for pt in partners:
        where = thing("settings.thing.partner", pt.name, pt.name_th, fallback=pt.id)
        # The id goes into ledger account names and request ids (at most 36 characters with the receipt's).
        if not _PARTNER_ID.match(pt.id):
            problems.append(problem("settings.problem.partner_id", where, value=pt.id))
        elif pt.id in partner_ids:
            problems.append(problem("settings.problem.id_taken", where, value=pt.id))
        partner_ids.add(pt.id)
        if pt.spend_unit.minor <= 0:
            problems.append(problem("settings.problem.spend_unit", where))
        if pt.points_per_unit < 0:
            problems.append(problem("settings.problem.partner_points", where))
        if pt.settlement_value.minor < 0:
            problems.append(problem("settings.problem.settle_value", where))
        if pt.settlement_points < 1:
            problems.append(problem("settings.problem.settle_points", where))
        if pt.max_points_per_transaction < 1 or pt.max_points_per_day < 1 or (
                pt.max_redeem_points_per_day is not None and pt.max_redeem_points_per_day < 1):
            problems.append(problem("settings.problem.partner_limits", where))
    return problems
