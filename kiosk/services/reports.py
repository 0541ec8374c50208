"""Reports: the daily summary a manager reads every evening (figures computed in the database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from kiosk.domain.documents import DailySummarySlip, SummaryRow
from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.services.context import ShopContext
from kiosk.services.usecase import LiveContext, live


@dataclass(frozen=True)
class DailySummary:
    date_from: date
    date_to: date
    currency: str
    sales: int
    revenue_minor: int  # paid in money, after discounts and store credit
    member_sales: int
    member_revenue_minor: int
    non_member_sales: int
    non_member_revenue_minor: int
    new_members: int
    new_members_returned: int  # enrolled in the period and came back on a later day
    points_issued: int
    points_redeemed: int
    points_expired: int
    points_donated: int
    stamps_given: int
    cards_completed: int
    rewards_redeemed: dict[str, int]
    cashback_issued_minor: int
    credit_spent_minor: int
    discounts_minor: int
    overrides: int
    fraud_flags: int
    refunds: int
    refunded_minor: int
    sync_waiting: int
    sync_review: int
    print_waiting: int
    print_held: int

    @property
    def member_share_percent(self) -> float | None:
        return None if not self.revenue_minor else round(100 * self.member_revenue_minor / self.revenue_minor, 1)

    def average_basket(self, *, members: bool) -> Money | None:
        count = self.member_sales if members else self.non_member_sales
        total = self.member_revenue_minor if members else self.non_member_revenue_minor
        return Money(total // count, self.currency) if count else None


class ReportQueries(Protocol):
    def daily_summary(self, date_from: date, date_to: date, *, currency: str) -> DailySummary: ...


class ReportService:
    def __init__(self, queries: ReportQueries, ctx: ShopContext | LiveContext) -> None:
        self.queries = queries
        self.live = live(ctx)

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def daily(self, day: date, *, until: date | None = None) -> DailySummary:
        """The summary from `day` to `until` (both included; `day` alone without it)."""
        if until is not None and until < day:
            # Not an empty report: a reversed period is a typing mistake, and zeros would hide it.
            raise InvalidInput(f"The period ends ({until}) before it starts ({day}).", code="period_reversed",
                               params={"date_from": day.isoformat(), "date_to": until.isoformat()})
        return self.queries.daily_summary(day, until or day, currency=self.ctx.currency)

    def period(self, day: date, span: str = "day") -> DailySummary:
        """The summary for the day, the Monday-to-Sunday week, or the calendar month that contains `day`."""
        start, end = period_bounds(day, span)
        return self.queries.daily_summary(start, end, currency=self.ctx.currency)

    def summary_slip(self, summary: DailySummary, *, created_at: datetime) -> DailySummarySlip:
        return DailySummarySlip(shop=self.ctx.shop, title="End of day", period_label=period_label(summary),
                                created_at=created_at, rows=tuple(SummaryRow(k, v) for k, v in summary_rows(summary)),
                                language=self.ctx.language)


SPANS = ("day", "week", "month")


def period_bounds(day: date, span: str) -> tuple[date, date]:
    if span == "day":
        return day, day
    if span == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if span == "month":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    raise InvalidInput("A report covers a day, a week or a month.", code="bad_span")


def period_label(s: DailySummary) -> str:
    return s.date_from.isoformat() if s.date_from == s.date_to else f"{s.date_from} – {s.date_to}"


def summary_rows(s: DailySummary) -> list[tuple[str, str]]:
    def m(minor: int) -> str:
        return Money(minor, s.currency).plain()

    avg_m, avg_n = s.average_basket(members=True), s.average_basket(members=False)
    rows = [
        ("Sales", f"{s.sales:,}"),
        ("Revenue", m(s.revenue_minor)),
        ("Members' share of revenue", f"{s.member_share_percent}%" if s.member_share_percent is not None else "-"),
        ("Member sales", f"{s.member_sales:,} ({m(s.member_revenue_minor)})"),
        ("Non-member sales", f"{s.non_member_sales:,} ({m(s.non_member_revenue_minor)})"),
        ("Average basket, members", avg_m.plain() if avg_m else "-"),
        ("Average basket, non-members", avg_n.plain() if avg_n else "-"),
        ("New members", f"{s.new_members:,} ({s.new_members_returned:,} came back)"),
        ("Points issued", f"{s.points_issued:,}"),
        ("Points redeemed", f"{s.points_redeemed:,}"),
        ("Points expired", f"{s.points_expired:,}"),
        ("Points donated", f"{s.points_donated:,}"),
        ("Stamps given", f"{s.stamps_given:,}"),
        ("Stamp cards completed", f"{s.cards_completed:,}"),
    ]
    rows += [(f"Rewards: {kind}", f"{n:,}") for kind, n in sorted(s.rewards_redeemed.items())]
    rows += [
        ("Cashback issued", m(s.cashback_issued_minor)),
        ("Store credit spent", m(s.credit_spent_minor)),
        ("Discounts given", m(s.discounts_minor)),
        ("Manager overrides", f"{s.overrides:,}"),
        ("Fraud-limit flags", f"{s.fraud_flags:,}"),
        ("Refunds and voids", f"{s.refunds:,} ({m(s.refunded_minor)})"),
        ("Waiting to sync", f"{s.sync_waiting:,} ({s.sync_review:,} need review)"),
        ("Receipts waiting to print", f"{s.print_waiting:,} ({s.print_held:,} held)"),
    ]
    return rows
