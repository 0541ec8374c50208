"""What program health asks of the database (kiosk/adapters/db/analytics.py answers; kiosk/services/analytics.py
turns the raw counts and sums into the figures a manager reads), and the calendar months both speak in."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Protocol


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


# -- what the database answers (raw counts and sums; the service turns them into figures) ----------------
@dataclass(frozen=True)
class MonthFlow:
    month: date  # first day of the month
    unit: str
    amount: int  # net change of what members hold in this unit during the month


@dataclass(frozen=True)
class CohortCell:
    cohort: date  # enrolment month (first day)
    activity: date  # month of the visits (first day)
    members: int  # cohort members with at least one completed sale that month


@dataclass(frozen=True)
class MemberRevenueRow:
    member_id: str
    name: str
    short_id: str
    visits: int
    revenue_minor: int
    first_visit: date
    last_visit: date


@dataclass(frozen=True)
class FeedbackRaw:
    responses: int
    rating_sum: int
    rated: int
    recent: tuple[tuple[date, int | None, str], ...]  # (day, rating, comment), newest first


class AnalyticsQueries(Protocol):
    """Aggregates computed in the database; every method is one or a few SQL statements.

    `installs` (where taken): only what these installations' devices recorded (one shop of a chain: its sales,
    its ledger entries), read live from the rows of the period; None: everything, from the caches.
    """

    def member_holdings(self) -> dict[str, int]:
        """What members hold now, per unit (PTS, STAMP:<card>, REWARD:<card>, a currency for credit)."""
        ...

    def program_totals(self) -> dict[tuple[str, str], int]:
        """All-time balances of the program's own accounts, (account, unit) -> balance."""
        ...

    def month_flows(self, since: date) -> list[MonthFlow]:
        """Net monthly change of member holdings per unit, for months starting at `since`."""
        ...

    def keep_current(self, today: date) -> None:
        """Bring the caches up to date for figures ending on `today` (the background's hourly pass)."""
        ...

    def view(self) -> AbstractContextManager[None]:
        """One view of program health: the caches are brought up to date once, for every figure read inside."""
        ...

    def live_members(self, *, enrolled_by: date) -> int: ...

    def cohort_sizes(self, first_month: date, last_day: date) -> dict[date, int]: ...

    def cohort_activity(self, first_month: date, last_day: date) -> list[CohortCell]: ...

    def buyers(self, date_from: date, date_to: date, *,
               installs: tuple[str, ...] | None = None) -> tuple[int, int]:
        """(members who bought in the period, of whom bought on two or more visits)."""
        ...

    def engaged(self, since: date, until: date, *, installs: tuple[str, ...] | None = None) -> tuple[int, int]:
        """(members who earned, members who redeemed) on or after `since`."""
        ...

    def member_revenue(self) -> tuple[int, int]:
        """(members who ever bought, their completed sales' money total) to date."""
        ...

    def active_buyers(self, date_from: date, date_to: date, *,
                      installs: tuple[str, ...] | None = None) -> tuple[int, int]:
        """(members who bought in the period, their revenue)."""
        ...

    def retained(self, a_from: date, a_to: date, b_from: date, b_to: date) -> tuple[int, int]:
        """(members who bought in period A, of whom also bought in period B)."""
        ...

    def top_members(self, date_from: date, date_to: date, *, limit: int,
                    installs: tuple[str, ...] | None = None) -> list[MemberRevenueRow]: ...

    def at_risk(self, date_from: date, today: date, *, limit: int,
                installs: tuple[str, ...] | None = None) -> tuple[int, list[MemberRevenueRow]]:
        """Members with 2+ visits since `date_from` whose gap since the last one is over 1.5x their usual."""
        ...

    def tier_counts(self) -> dict[str | None, int]:
        """Live members (not erased, not merged into another) by the tier their tier row names; None: no row yet
        (a member who never bought)."""
        ...

    def feedback(self, date_from: date, date_to: date, *, recent: int) -> FeedbackRaw | None:
        """Ratings (1-5) and comments from the self-service kiosk in the period; None when there is no store."""
        ...
