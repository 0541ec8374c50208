"""Time-limited promotions: "double points this weekend", "triple stamps 14:00-16:00 on weekdays", "+50 points
on any cake in December". Pure rules: which promotions are live at a moment of the shop's own wall clock, who
they are for, and what each gives on a basket, in a stated order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.programs.naming import Named
from kiosk.domain.programs.problems import MAX_BONUS_POINTS, Problems, problem, thing

PROMOTION_KINDS = ("points_multiplier", "bonus_points", "stamps_multiplier")
AUDIENCES = ("all", "tier", "segment")
STATUSES = ("active", "paused", "ended")
# Segments a promotion may target; the service says which a member is in (kiosk.services.engagement). Rules
# with thresholds of their own (big spenders, lapsed for N days) are personal offers' selectors.
SEGMENTS = ("birthday_month", "new_member", "paid_member", "at_risk", "near_next_tier")
FACT_SEGMENTS = ("at_risk", "near_next_tier")  # these read the member's history (offers.member_facts)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Promotion(Named):
    """One promotion. Times are the shop's wall clock (Asia/Bangkok for a Thai shop), naive.

    `hours` is (from, to) in minutes after midnight; a `to` at or before `from` runs across midnight, and then
    the part after midnight belongs to the day it started on (Friday 22:00-02:00 is live at 01:00 Saturday).
    """

    id: str
    name: str
    kind: str = "points_multiplier"
    name_th: str = ""
    percent: int = 200  # multipliers: 200 doubles, 300 triples what the sale earns
    points: int = 0  # bonus_points: this many per matching item, or per sale
    per: str = "sale"  # bonus_points: "item" or "sale"
    skus: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # empty skus and categories: the whole basket
    audience: str = "all"
    tiers: tuple[str, ...] = ()
    segment: str = ""
    starts: datetime | None = None
    ends: datetime | None = None  # exclusive
    weekdays: tuple[int, ...] = ()  # 0 = Monday; empty: every day
    hours: tuple[int, int] | None = None
    cap: int = 0  # most a member gets from it over its life (points, or stamps); 0: no cap
    status: str = "active"
    order: int = 100  # lower first; then by id

    @property
    def unit(self) -> str:
        return "stamps" if self.kind == "stamps_multiplier" else "points"

    def live_at(self, at: datetime) -> bool:
        """Live at the shop's wall-clock moment `at`: running (not paused or ended), in its dates and hours."""
        if self.status != "active":
            return False
        if self.starts is not None and at < self.starts:
            return False
        if self.ends is not None and at >= self.ends:
            return False
        minute = at.hour * 60 + at.minute
        day = at.weekday()
        if self.hours is not None:
            start, end = self.hours
            if start < end:
                if not start <= minute < end:
                    return False
            elif minute >= start:
                pass  # the evening part: today's window
            elif minute < end:
                day = (at - timedelta(days=1)).weekday()  # after midnight: the window began yesterday
            else:
                return False
        return not self.weekdays or day in self.weekdays

    def for_member(self, *, tier: str | None, segments: frozenset[str]) -> bool:
        if self.audience == "tier":
            return tier is not None and tier in self.tiers
        if self.audience == "segment":
            return self.segment in segments
        return True

    def matches(self, sku: str | None, category: str) -> bool:
        if not self.skus and not self.categories:
            return True
        return (sku is not None and sku in self.skus) or (bool(category) and category in self.categories)


@dataclass(frozen=True)
class BasketLine:
    """What a promotion reads of a basket line: its item, category, quantity and value in money."""

    sku: str | None
    category: str
    quantity: int
    value_minor: int


@dataclass(frozen=True)
class PromotionAward:
    promotion_id: str
    label: str
    points: int = 0
    stamps: tuple[tuple[str, int], ...] = ()  # (card id, extra stamps)
    capped: bool = False  # the member's cap cut it short

    @property
    def stamp_total(self) -> int:
        return sum(n for _, n in self.stamps)


def in_order(promotions: tuple[Promotion, ...]) -> list[Promotion]:
    """The stated order promotions apply in: `order` (lower first), then id."""
    return sorted(promotions, key=lambda p: (p.order, p.id))


def apply_promotions(promotions: tuple[Promotion, ...], *, at: datetime, lines: tuple[BasketLine, ...],
                     earned_points: int, stamps: Mapping[str, int], tier: str | None,
                     segments: frozenset[str], used: Mapping[str, int], language: str) -> tuple[PromotionAward, ...]:
    """What every live promotion for this member adds to a sale, in order.

    `earned_points` is what the sale earns before promotions (tier and membership included); a multiplier adds
    (percent - 100)% of it, or of the share the matching lines make of the basket's value. Multipliers add to
    the regular earn, never to each other, so two never compound. `stamps` are the stamps each card earns
    before promotions. `used` is what each promotion already gave this member (its cap counts it).
    """
    total_value = sum(ln.value_minor for ln in lines)
    awards: list[PromotionAward] = []
    for promo in in_order(promotions):
        if not promo.live_at(at) or not promo.for_member(tier=tier, segments=segments):
            continue
        matching = [ln for ln in lines if promo.matches(ln.sku, ln.category)]
        if not matching:
            continue
        points = 0
        extra_stamps: list[tuple[str, int]] = []
        if promo.kind == "points_multiplier":
            share = sum(ln.value_minor for ln in matching)
            base = earned_points if share >= total_value or not total_value else earned_points * share // total_value
            points = base * max(promo.percent - 100, 0) // 100
        elif promo.kind == "bonus_points":
            points = promo.points * (sum(ln.quantity for ln in matching) if promo.per == "item" else 1)
        else:
            for card_id, got in sorted(stamps.items()):
                extra = got * max(promo.percent - 100, 0) // 100
                if extra:
                    extra_stamps.append((card_id, extra))
        capped = False
        if promo.cap:
            room = max(promo.cap - used.get(promo.id, 0), 0)
            if promo.unit == "points" and points > room:
                points, capped = room, True
            elif promo.unit == "stamps":
                trimmed: list[tuple[str, int]] = []
                for card_id, extra in extra_stamps:
                    give = min(extra, room)
                    room -= give
                    capped = capped or give < extra
                    if give:
                        trimmed.append((card_id, give))
                extra_stamps = trimmed
        if points or extra_stamps:
            awards.append(PromotionAward(promo.id, promo.label(language), points, tuple(extra_stamps), capped))
    return tuple(awards)


_SHARE_BASIS = re.compile(r"^(?P<id>.*)\|(?P<basis>items|value):(?P<lines>[0-9]+(?:,[0-9]+)*)$")


def share_basis(promo: Promotion, lines: tuple[BasketLine, ...]) -> str:
    """What a promotion's points were earned on, written after its id in the ledger entry's memo so a refund
    takes back the share of the lines it was for, whatever the promotion's settings say by then: "|items:1"
    (a bonus per item: by how many of those items go back) or "|value:0,1" (a multiplier, or a bonus per sale:
    by the value of those lines going back). Empty when no line matches or it was earned on the whole basket's
    value (then the sale's share is its share, and the memo stays as it always was)."""
    matching = [str(i) for i, ln in enumerate(lines) if promo.matches(ln.sku, ln.category)]
    if not matching:
        return ""
    basis = "items" if promo.kind == "bonus_points" and promo.per == "item" else "value"
    if basis == "value" and len(matching) == len(lines):
        return ""  # the whole basket's value: the share every entry of the sale follows
    return f"|{basis}:{','.join(matching)}"


def split_share_basis(text: str) -> tuple[str, str, tuple[int, ...]]:
    """A promotion memo's tail: (promotion id, basis, line indexes); ("<text>", "", ()) for an entry written
    before promotions recorded their lines (its share follows the sale's value)."""
    found = _SHARE_BASIS.match(text)
    if found is None:
        return text, "", ()
    return found["id"], found["basis"], tuple(int(i) for i in found["lines"].split(","))


def parse_hours(text: str) -> tuple[int, int]:
    """"14:00-16:00" -> (840, 960). Raises ValueError with a plain reason."""
    try:
        left, right = text.split("-")
        return _minutes(left), _minutes(right)
    except ValueError:
        raise ValueError(f"hours must look like 14:00-16:00 (got {text!r})") from None


def _minutes(text: str) -> int:
    hour, minute = text.strip().split(":")
    h, m = int(hour), int(minute)
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 60 + m > 24 * 60:
        raise ValueError(text)
    return h * 60 + m


def format_hours(hours: tuple[int, int]) -> str:
    return "-".join(f"{m // 60:02d}:{m % 60:02d}" for m in hours)


def validate_promotions(promotions: tuple[Promotion, ...], *, tiers: tuple[str, ...],
                        skus: tuple[str, ...]) -> Problems:
    """Problems with the promotions (kiosk.domain.programs.problems), empty when they are fine."""
    problems: Problems = []
    seen: set[str] = set()
    for p in promotions:
        where = thing("settings.thing.promotion", p.name, p.name_th, fallback=p.id)
        if not p.id or p.id in seen:
            problems.append(problem("settings.problem.id_taken", where, value=p.id))
        seen.add(p.id)
        if not p.name.strip():
            problems.append(problem("settings.problem.no_name", where))
        if p.kind not in PROMOTION_KINDS:
            problems.append(problem("settings.problem.kind", where, value=p.kind))
        if p.kind != "bonus_points" and not 100 < p.percent <= 1000:
            problems.append(problem("settings.problem.promotion_percent", where))
        if p.kind == "bonus_points" and not 0 < p.points <= MAX_BONUS_POINTS:
            problems.append(problem("settings.problem.points_range", where, min=1, max=MAX_BONUS_POINTS))
        if p.per not in ("item", "sale"):
            problems.append(problem("settings.problem.promotion_per", where, value=p.per))
        if p.audience not in AUDIENCES:
            problems.append(problem("settings.problem.promotion_audience", where, value=p.audience))
        if p.audience == "tier" and not p.tiers:
            problems.append(problem("settings.problem.promotion_no_tiers", where))
        unknown_tiers = tuple(t for t in p.tiers if t not in tiers)
        if unknown_tiers:
            problems.append(problem("settings.problem.promotion_unknown_tiers", where, tiers=unknown_tiers))
        if p.audience == "segment" and p.segment not in SEGMENTS:
            problems.append(problem("settings.problem.group", where, value=p.segment))
        unknown_skus = tuple(s for s in p.skus if skus and s not in skus)
        if unknown_skus:
            problems.append(problem("settings.problem.unknown_items", where, skus=unknown_skus))
        if p.starts is not None and p.ends is not None and p.ends <= p.starts:
            problems.append(problem("settings.problem.ends_before_start", where))
        if any(not 0 <= d <= 6 for d in p.weekdays):
            problems.append(problem("settings.problem.promotion_weekdays", where))
        if p.hours is not None and p.hours[0] == p.hours[1]:
            problems.append(problem("settings.problem.promotion_hours", where))
        if p.cap < 0:
            problems.append(problem("settings.problem.promotion_cap", where))
        if p.status not in STATUSES:
            problems.append(problem("settings.problem.status", where, value=p.status))
    return problems
