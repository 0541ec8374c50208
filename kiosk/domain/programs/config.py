"""A shop's program configuration as frozen values, validated when built."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import Challenge, validate_challenges
from kiosk.domain.programs.menu import Category, Modifier, validate_menu
from kiosk.domain.programs.naming import Named, check_aligned, in_language, lines_in_language
from kiosk.domain.programs.offers import Offer, validate_offers
from kiosk.domain.programs.promotions import Promotion, validate_promotions

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
    one receipt, or `max_points_per_day` for one member in a day there, a manager must approve.
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
    """Refuse a configuration that would mint points from nothing or divide by zero."""
    problems: list[str] = []
    p = config.points
    if p.basis not in ("spend", "item", "visit"):
        problems.append(f"points.basis must be spend, item or visit (got {p.basis!r})")
    if p.rounding not in ("down", "nearest", "up"):
        problems.append(f"points.rounding must be down, nearest or up (got {p.rounding!r})")
    if p.spend_unit.minor <= 0:
        problems.append("points.spend_unit must be more than zero")
    if min(p.points_per_unit, p.points_per_item, p.points_per_visit, p.min_redeem_points) < 0:
        problems.append("points rates cannot be negative")
    if p.point_value.minor < 0 or not 0 <= p.max_redeem_percent <= 100:
        problems.append("points.point_value must be >= 0 and max_redeem_percent 0..100")
    seen: set[str] = set()
    for r in p.rewards:
        if r.id in seen:
            problems.append(f"reward id {r.id!r} is used twice")
        seen.add(r.id)
        if r.points <= 0 or r.value.minor < 0:
            problems.append(f"reward {r.id!r} needs a positive point cost and a value >= 0")
        if r.kind not in ("discount", "free_item"):
            problems.append(f"reward {r.id!r}: kind must be discount or free_item")
    for c in config.stamp_cards:
        if c.required < 1 or c.max_per_visit < 1:
            problems.append(f"stamp card {c.id!r}: required and max_per_visit must be at least 1")
    t = config.tiers
    if t.enabled and t.levels:
        if t.metric not in ("spend", "points", "visits"):
            problems.append(f"tiers.metric must be spend, points or visits (got {t.metric!r})")
        if t.window not in ("rolling", "calendar_year"):
            problems.append("tiers.window must be rolling or calendar_year")
        thresholds = [lv.threshold for lv in t.levels]
        if thresholds != sorted(thresholds) or thresholds[0] != 0 or len(set(thresholds)) != len(thresholds):
            problems.append("tier thresholds must start at 0 and rise strictly")
        if any(lv.multiplier_percent < 0 for lv in t.levels):
            problems.append("tier multipliers cannot be negative")
    for lv in t.levels:
        problems += check_aligned(lv.perks, lv.perks_th, where=f"tier {lv.name!r}", what="perks")
    if not 0 <= config.cashback.percent_bp <= 10_000:
        problems.append("cashback.percent_bp must be 0..10000")
    b = config.bonuses
    if min(b.signup_points, b.birthday_points, b.referral_referrer_points,
           b.referral_new_member_points, b.review_points) < 0:
        problems.append("bonuses cannot be negative")
    for plan in config.memberships:
        if plan.interval not in ("month", "year") or plan.price.minor <= 0:
            problems.append(f"membership {plan.id!r}: interval month|year and a positive price")
    partner_ids: set[str] = set()
    for pt in config.partners:
        # The id goes into ledger account names and request ids (at most 36 characters with the receipt's).
        if not _PARTNER_ID.match(pt.id) or pt.id in partner_ids:
            problems.append(f"partner id {pt.id!r} must be unique, 1-12 lowercase letters, digits, - or _")
        partner_ids.add(pt.id)
        if pt.spend_unit.minor <= 0 or pt.points_per_unit < 0:
            problems.append(f"partner {pt.id!r}: spend_unit must be more than zero and points_per_unit >= 0")
        if pt.settlement_value.minor < 0 or pt.settlement_points < 1:
            problems.append(f"partner {pt.id!r}: settlement_value must be >= 0 and settlement_points at least 1")
        if pt.max_points_per_transaction < 1 or pt.max_points_per_day < 1:
            problems.append(f"partner {pt.id!r}: max_points_per_transaction and max_points_per_day must be "
                            "at least 1")
    skus = [i.sku for i in config.items]
    if len(skus) != len(set(skus)):
        problems.append("item SKUs must be unique")
    problems += validate_offers(config.offers, skus=tuple(skus))
    problems += validate_challenges(config.challenges, skus=tuple(skus))
    problems += validate_promotions(config.promotions, tiers=tuple(lv.name for lv in t.levels), skus=tuple(skus))
    problems += validate_menu(config.categories, config.modifiers)
    if problems:
        # the problems are the validators' own words (English): the manager's settings screen names them as they are
        raise InvalidInput("program.settings_invalid", problems="; ".join(problems))
