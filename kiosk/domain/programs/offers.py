"""Personal offers: rules that pick members (birthday month, at risk of lapsing, close to the next tier, big
spenders, lapsed for N days) and the offer they are shown ("a free pastry with any coffee today"), used at most
once per member before it expires. Pure rules; the service gathers the facts and keeps who saw and used what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.domain.money import Money
from kiosk.domain.programs.naming import Named
from kiosk.domain.programs.problems import MAX_BONUS_POINTS, Problems, problem, thing

SELECTORS = ("everyone", "birthday_month", "at_risk", "near_next_tier", "big_spender", "lapsed")
OFFER_KINDS = ("free_item", "bonus_points")
AT_RISK_LOOKBACK_DAYS = 180  # the health report's window (kiosk.services.analytics: today - 179 .. today)
BIG_SPENDER_DAYS = 90


@dataclass(frozen=True)
class Offer(Named):
    id: str
    name: str  # what the member reads: "A free pastry with any coffee today"
    selector: str = "everyone"
    kind: str = "free_item"
    name_th: str = ""
    sku: str = ""  # free_item: the item that is free (up to its price)
    requires: tuple[str, ...] = ()  # SKUs or categories one of which must be in the basket ("with any coffee")
    points: int = 0  # bonus_points: given on the sale it is used on
    valid_days: int = 7  # from when the member is first shown it
    lapsed_days: int = 30  # lapsed: no visit for this many days
    spend_over: Money = Money(0)  # big_spender: spent at least this in the last 90 days
    near_percent: int = 80  # near_next_tier: at least this far to the next tier
    starts: date | None = None
    ends: date | None = None  # inclusive
    status: str = "active"

    def running_on(self, day: date) -> bool:
        return (self.status == "active" and (self.starts is None or day >= self.starts)
                and (self.ends is None or day <= self.ends))

    def basket_qualifies(self, items: tuple[tuple[str | None, str], ...]) -> bool:
        """`items`: (sku, category) of each basket line."""
        if self.kind == "free_item" and not any(sku == self.sku for sku, _ in items):
            return False
        if not self.requires:
            return True
        return any((sku is not None and sku in self.requires) or (cat and cat in self.requires)
                   for sku, cat in items if not (self.kind == "free_item" and sku == self.sku))


@dataclass(frozen=True)
class MemberFacts:
    """What the selectors read about one member today."""

    today: date
    birthday: date | None
    visit_days: tuple[date, ...]  # distinct days with a sale that counts, in the last 180 days, oldest first
    last_visit: date | None  # ever
    spend_90_days_minor: int
    tier_percent: int | None  # progress to the next tier (None: no tiers, or the top one)


def at_risk(visit_days: tuple[date, ...], today: date) -> bool:
    """The health report's definition: 2+ visits in the last 180 days, and the gap since the last one over 1.5x
    the member's usual gap ((last - first) / (visits - 1))."""
    days = [d for d in visit_days if today - timedelta(days=AT_RISK_LOOKBACK_DAYS - 1) <= d <= today]
    if len(days) < 2:
        return False
    first, last = min(days), max(days)
    if last <= first:
        return False
    return (today - last).days * 2 * (len(days) - 1) > (last - first).days * 3


def picks(offer: Offer, facts: MemberFacts) -> bool:
    """Whether the offer's rule picks this member today."""
    if offer.selector == "birthday_month":
        return facts.birthday is not None and facts.birthday.month == facts.today.month
    if offer.selector == "at_risk":
        return at_risk(facts.visit_days, facts.today)
    if offer.selector == "near_next_tier":
        return facts.tier_percent is not None and offer.near_percent <= facts.tier_percent < 100
    if offer.selector == "big_spender":
        return facts.spend_90_days_minor >= offer.spend_over.minor > 0
    if offer.selector == "lapsed":
        return facts.last_visit is not None and (facts.today - facts.last_visit).days >= offer.lapsed_days
    return True


def validate_offers(offers: tuple[Offer, ...], *, skus: tuple[str, ...]) -> Problems:
    """Problems with the personal offers (kiosk.domain.programs.problems), empty when they are fine."""
    problems: Problems = []
    seen: set[str] = set()
    for o in offers:
        where = thing("settings.thing.offer", o.name, o.name_th, fallback=o.id)
        if not o.id or o.id in seen:
            problems.append(problem("settings.problem.id_taken", where, value=o.id))
        seen.add(o.id)
        if not o.name.strip():
            problems.append(problem("settings.problem.no_name", where))
        if o.selector not in SELECTORS:
            problems.append(problem("settings.problem.group", where, value=o.selector))
        if o.kind not in OFFER_KINDS:
            problems.append(problem("settings.problem.kind", where, value=o.kind))
        if o.kind == "free_item" and (not o.sku or (skus and o.sku not in skus)):
            problems.append(problem("settings.problem.offer_free_item", where))
        if o.kind == "bonus_points" and not 0 < o.points <= MAX_BONUS_POINTS:
            problems.append(problem("settings.problem.points_range", where, min=1, max=MAX_BONUS_POINTS))
        if not 1 <= o.valid_days <= 366:
            problems.append(problem("settings.problem.offer_days", where))
        if o.selector == "lapsed" and o.lapsed_days < 1:
            problems.append(problem("settings.problem.offer_lapsed_days", where))
        if o.selector == "big_spender" and o.spend_over.minor <= 0:
            problems.append(problem("settings.problem.offer_spend_over", where))
        if not 1 <= o.near_percent <= 99:
            problems.append(problem("settings.problem.offer_near_percent", where))
        if o.status not in ("active", "paused", "ended"):
            problems.append(problem("settings.problem.status", where, value=o.status))
    return problems
