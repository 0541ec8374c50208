"""Challenges: "visit 3 times in 7 days", "try 3 different drinks this month", "spend 1,000 baht this month".
Pure rules: a challenge's period on the shop's calendar, a member's progress from their visits in it, when it
is complete, and where they stand (ChallengeStanding: the edges say "2 of 3 visits: one more by Sunday for +100
points" in their language)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kiosk.domain.events import ChallengeStanding
from kiosk.domain.money import Money
from kiosk.domain.programs.naming import Named
from kiosk.domain.text import Localized

CHALLENGE_KINDS = ("visits", "spend", "distinct_items")
PERIODS = ("week", "month", "days")


@dataclass(frozen=True)
class Challenge(Named):
    """`period`: a calendar week (Monday to Sunday), a calendar month, or `days` days running (a rolling window
    that starts again after each completion). With `repeat` off a member completes it once, ever."""

    id: str
    name: str
    kind: str = "visits"
    target: int = 3  # visits, distinct items, or minor units of money spent
    period: str = "week"
    days: int = 7
    points: int = 100
    name_th: str = ""
    skus: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # which items count (distinct_items; and what a visit must buy, if set)
    repeat: bool = True
    starts: date | None = None
    ends: date | None = None  # inclusive
    status: str = "active"  # active | paused | ended

    def matches(self, sku: str | None, category: str) -> bool:
        if not self.skus and not self.categories:
            return True
        return (sku is not None and sku in self.skus) or (bool(category) and category in self.categories)

    def running_on(self, day: date) -> bool:
        return (self.status == "active" and (self.starts is None or day >= self.starts)
                and (self.ends is None or day <= self.ends))


@dataclass(frozen=True)
class Activity:
    """One of the member's sales as a challenge reads it: its day, money paid (less refunds) and items kept."""

    day: date
    at: datetime
    spend_minor: int
    items: Mapping[str, int] = field(default_factory=dict)  # sku -> quantity kept
    categories: Mapping[str, str] = field(default_factory=dict)  # sku -> category


@dataclass(frozen=True)
class Window:
    """The days a challenge counts now, and the key its award is filed under (one award per key)."""

    start: date
    end: date  # inclusive: the deadline
    key: str


def window_for(challenge: Challenge, day: date) -> Window:
    """The period `day` falls in: its week, its month, or the `days` days ending on `day` (a rolling window,
    counted from after the last completion; its award is filed under the day it completes on)."""
    if challenge.period == "week":
        start = day - timedelta(days=day.weekday())
        iso = day.isocalendar()
        return Window(start, start + timedelta(days=6), f"{iso.year}-W{iso.week:02d}")
    if challenge.period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Window(day.replace(day=1), day.replace(day=last), f"{day.year}-{day.month:02d}")
    return Window(day - timedelta(days=challenge.days - 1), day, f"on-{day.isoformat()}")


def deadline(challenge: Challenge, window: Window, activities: Iterable[Activity], today: date) -> date:
    """The last day to finish: the period's end, or for a rolling window `days` days from the first visit
    that counts (from today when none does yet)."""
    if challenge.period != "days":
        return window.end
    days = [a.day for a in activities if _counts(challenge, a)]
    return min(days, default=today) + timedelta(days=challenge.days - 1)


def progress(challenge: Challenge, activities: Iterable[Activity], *, after: datetime | None = None) -> int:
    """How far the member is with these activities (already limited to the window; `after`: only those after
    the last completion, for a rolling window)."""
    chosen = [a for a in activities if after is None or a.at > after]
    if challenge.kind == "spend":
        return sum(a.spend_minor for a in chosen if _counts(challenge, a))
    if challenge.kind == "distinct_items":
        return len({sku for a in chosen for sku, qty in a.items.items()
                    if qty > 0 and challenge.matches(sku, a.categories.get(sku, ""))})
    return len({a.day for a in chosen if _counts(challenge, a)})


def _counts(challenge: Challenge, activity: Activity) -> bool:
    """A visit (or spend) counts when the sale kept something; with items named, one of those."""
    if not any(q > 0 for q in activity.items.values()) and activity.spend_minor <= 0:
        return False
    if not challenge.skus and not challenge.categories:
        return True
    return any(q > 0 and challenge.matches(sku, activity.categories.get(sku, "")) for sku, q in activity.items.items())


@dataclass(frozen=True)
class ChallengeProgress:
    challenge_id: str
    name: Localized  # the challenge's name in both languages: the edges say it in theirs
    kind: str
    progress: int
    target: int
    deadline: date
    points: int
    completed: bool  # done in this period (awarded and not taken back)

    @property
    def remaining(self) -> int:
        return max(self.target - self.progress, 0)

    def standing(self, currency: str) -> ChallengeStanding:
        """How far the member is, for the counter, the kiosk and the receipt to say in their language ("2 of 3
        visits: one more by Sunday for +100 points"); a spend challenge counts minor units of `currency`."""
        kind = "done" if self.completed else self.kind

        def money(minor: int) -> Money:
            return Money(minor if self.kind == "spend" else 0, currency)

        return ChallengeStanding(kind, self.name, self.progress, self.target, self.remaining,
                                 money(self.progress), money(self.target), money(self.remaining), self.points,
                                 self.deadline)


def validate_challenges(challenges: tuple[Challenge, ...], *, skus: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for c in challenges:
        where = f"challenge {c.id!r}"
        if not c.id or c.id in seen:
            problems.append(f"{where}: every challenge needs an id of its own")
        seen.add(c.id)
        if not c.name.strip():
            problems.append(f"{where} needs a name")
        if c.kind not in CHALLENGE_KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(CHALLENGE_KINDS)}")
        if c.period not in PERIODS:
            problems.append(f"{where}: period must be week, month or days")
        if c.period == "days" and not 1 <= c.days <= 366:
            problems.append(f"{where}: days must be 1..366")
        if c.target < 1:
            problems.append(f"{where}: target must be at least 1")
        if not 0 < c.points <= 100_000:
            problems.append(f"{where}: points must be 1..100000")
        unknown = [s for s in c.skus if skus and s not in skus]
        if unknown:
            problems.append(f"{where}: no item has SKU {', '.join(unknown)}")
        if c.starts is not None and c.ends is not None and c.ends < c.starts:
            problems.append(f"{where}: it must end on or after the day it starts")
        if c.status not in ("active", "paused", "ended"):
            problems.append(f"{where}: status must be active, paused or ended")
    return problems
