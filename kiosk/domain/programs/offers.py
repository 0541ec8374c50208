"""Personal offers: rules that pick members (birthday month, at risk of lapsing, close to the next tier, big
spenders, lapsed for N days) and the offer they are shown ("a free pastry with any coffee today"), used at most
once per member before it expires. Pure rules; the service gathers the facts and keeps who saw and used what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.domain.money import Money
from kiosk.domain.programs.naming import Named

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


def validate_offers(offers: tuple[Offer, ...], *, skus: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for o in offers:
        where = f"offer {o.id!r}"
        if not o.id or o.id in seen:
            problems.append(f"{where}: every offer needs an id of its own")
        seen.add(o.id)
        if not o.name.strip():
            problems.append(f"{where} needs a name")
        if o.selector not in SELECTORS:
            problems.append(f"{where}: selector must be one of {', '.join(SELECTORS)}")
        if o.kind not in OFFER_KINDS:
            problems.append(f"{where}: kind must be free_item or bonus_points")
        if o.kind == "free_item" and (not o.sku or (skus and o.sku not in skus)):
            problems.append(f"{where}: a free item needs the SKU of an item the shop sells")
        if o.kind == "bonus_points" and not 0 < o.points <= 100_000:
            problems.append(f"{where}: points must be 1..100000")
        if not 1 <= o.valid_days <= 366:
            problems.append(f"{where}: valid_days must be 1..366")
        if o.selector == "lapsed" and o.lapsed_days < 1:
            problems.append(f"{where}: lapsed_days must be at least 1")
        if o.selector == "big_spender" and o.spend_over.minor <= 0:
            problems.append(f"{where}: spend_over must be more than zero")
        if not 1 <= o.near_percent <= 99:
            problems.append(f"{where}: near_percent must be 1..99")
        if o.status not in ("active", "paused", "ended"):
            problems.append(f"{where}: status must be active, paused or ended")
    return problems
