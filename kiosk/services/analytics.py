"""Program health: is the loyalty program paying for itself? Liability, breakage, retention, value, return."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kiosk.domain.errors import InvalidInput, KioskError
from kiosk.domain.ledger import POINTS, ProgramAccount, is_partner_issued, is_partner_redeemed, reward_unit
from kiosk.domain.members import mask_name
from kiosk.domain.money import Money, mean_minor
from kiosk.domain.programs import tiers as tier_rules
from kiosk.domain.text import Localized
from kiosk.services.backups import Stopper
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock
from kiosk.services.ports.analytics import (
    AnalyticsQueries,
    MemberRevenueRow,
    add_months,
    month_start,
    months_between,
)
from kiosk.services.reports import DailySummary, ReportQueries
from kiosk.services.scope import EVERYTHING, ChainScopes, ReportScope, ResolvedScope, ScopeKind
from kiosk.services.usecase import LiveContext, live

ENGAGEMENT_WINDOWS = (30, 90)
COHORT_MONTHS = 12
MAX_EXPECTED_MONTHS = 36  # a forward estimate further out than three years is a guess, not a figure
KEEP_CURRENT_S = 3600.0

log = logging.getLogger(__name__)


# -- the figures a manager reads ---------------------------------------------------------------------
@dataclass(frozen=True)
class CostAssumptions:
    """What the manager believes; editable on screen because the return depends on it."""

    cogs_percent: int = 35  # what a free item costs the shop, as % of its menu price
    incremental_percent: int = 15  # share of members' spending the program brought in (not there without it)

    def __post_init__(self) -> None:
        if not (0 <= self.cogs_percent <= 100 and 0 <= self.incremental_percent <= 100):
            raise InvalidInput("report.bad_assumption")


@dataclass(frozen=True)
class Liability:
    """What the shop owes its members, valued at today's program settings."""

    currency: str
    points: int
    points_value_minor: int
    credit_minor: int
    stamp_rewards: int
    stamp_rewards_value_minor: int

    @property
    def total_minor(self) -> int:
        return self.points_value_minor + self.credit_minor + self.stamp_rewards_value_minor

    @property
    def total(self) -> Money:
        return Money(self.total_minor, self.currency)


@dataclass(frozen=True)
class LiabilityPoint:
    month: date  # first day of the month; the figure is at its end (or today for this month)
    liability: Liability


@dataclass(frozen=True)
class PointsFlow:
    issued: int
    redeemed: int
    expired: int
    donated: int

    @property
    def redemption_rate(self) -> float | None:
        return _pct(self.redeemed + self.donated, self.issued)

    @property
    def breakage_rate(self) -> float | None:
        return _pct(self.expired, self.issued)


@dataclass(frozen=True)
class CohortRow:
    month: date
    size: int
    active: tuple[int, ...]  # index k: members active k months after enrolling (0 = the enrolment month)

    def retention(self, k: int) -> float | None:
        return _pct(self.active[k], self.size) if k < len(self.active) else None


@dataclass(frozen=True)
class Engagement:
    days: int
    members: int
    earned: int
    redeemed: int

    @property
    def earned_percent(self) -> float | None:
        return _pct(self.earned, self.members)

    @property
    def redeemed_percent(self) -> float | None:
        return _pct(self.redeemed, self.members)


@dataclass(frozen=True)
class LifetimeValue:
    currency: str
    buyers: int
    revenue_minor: int
    average_to_date_minor: int
    monthly_value_minor: int  # per active member per month, last 90 days
    monthly_churn_percent: float | None
    expected_months: float
    forward_minor: int
    active_members: int = 0  # bought in the last 90 days

    METHOD = "health.method.lifetime_value"  # how it is worked out: a catalogue code (kiosk/l10n/reports.py)


@dataclass(frozen=True)
class MemberLine:
    masked_name: str
    short_id: str
    visits: int
    revenue_minor: int
    last_visit: date
    usual_days: int = 0
    days_since: int = 0


@dataclass(frozen=True)
class ProgramReturn:
    currency: str
    assumptions: CostAssumptions
    member_revenue_minor: int
    member_basket_minor: int | None
    non_member_basket_minor: int | None
    incremental_revenue_minor: int
    incremental_profit_minor: int
    rewards_retail_minor: int  # menu value of everything members were given
    reward_cost_minor: int
    net_minor: int

    @property
    def basket_uplift_percent(self) -> float | None:
        if not self.member_basket_minor or not self.non_member_basket_minor:
            return None
        return round(100 * (self.member_basket_minor - self.non_member_basket_minor) / self.non_member_basket_minor, 1)

    @property
    def return_percent(self) -> float | None:
        return _pct(self.net_minor, self.reward_cost_minor)

    METHOD = "health.method.return"  # how it is worked out: a catalogue code (kiosk/l10n/reports.py)


@dataclass(frozen=True)
class FeedbackSummary:
    available: bool
    responses: int = 0
    average_rating: float | None = None
    comments: tuple[tuple[date, int | None, str], ...] = ()


@dataclass(frozen=True)
class TierCount:
    tier: str
    label: Localized  # the tier's name in the reader's language, whatever the shop speaks
    members: int


@dataclass(frozen=True)
class ShopHeadline:
    """The figures a chain compares shop by shop, for one shop or for the whole (the period's)."""

    scope: ReportScope
    sales: int  # made in the period, as DailySummary counts them
    revenue_minor: int  # net of the period's refunds
    member_revenue_minor: int
    member_share_percent: float | None  # of the takings, as DailySummary's
    buyers: int  # members who bought here in the period
    repeat_buyers: int  # of whom on two or more visits
    active_members: int  # members who bought here in the last 90 days
    new_members: int  # enrolled here in the period
    points_issued: int
    points_redeemed: int  # spent here, wherever they were earned

    @property
    def repeat_rate(self) -> float | None:
        return _pct(self.repeat_buyers, self.buyers)


# Figures that cover the whole chain whatever the scope: points and credit are spendable in every shop, so what
# members hold, what expired, and what a member is worth belong to the chain, not to the shop that issued them.
CHAIN_WIDE = ("liability", "liability_trend", "all_time", "breakage_value_minor", "cohorts", "lifetime_value",
              "tiers")


@dataclass(frozen=True)
class ProgramHealth:
    as_of: date
    currency: str
    period_from: date
    period_to: date
    liability: Liability
    liability_trend: tuple[LiabilityPoint, ...]
    all_time: PointsFlow
    period: PointsFlow
    breakage_value_minor: int
    buyers: int
    repeat_buyers: int
    cohorts: tuple[CohortRow, ...]
    engagement: tuple[Engagement, ...]
    lifetime_value: LifetimeValue
    top_members: tuple[MemberLine, ...]
    at_risk_count: int
    at_risk: tuple[MemberLine, ...]
    program_return: ProgramReturn
    feedback: FeedbackSummary
    tiers: tuple[TierCount, ...]
    summary: DailySummary = field(repr=False)
    scope: ReportScope = EVERYTHING
    headline: ShopHeadline | None = None  # the scope's headline figures
    shops: tuple[ShopHeadline, ...] = ()  # the chain: each shop's headline, side by side
    # what still covers the whole chain in a one-shop view (see CHAIN_WIDE); empty otherwise
    chain_wide: tuple[str, ...] = ()

    @property
    def repeat_rate(self) -> float | None:
        return _pct(self.repeat_buyers, self.buyers)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class AnalyticsService:
    """Program health for this device's shop (everything, with no hub), another shop or the whole chain.

    A shop's view reads the period's figures live from its devices' rows (its sales, ledger entries and
    enrolments); what members hold and what expired stays chain-wide (CHAIN_WIDE), since points are spendable
    in every shop. Who may see what, and `viewer`, as in ReportService.
    """

    def __init__(self, queries: AnalyticsQueries, reports: ReportQueries, clock: Clock,
                 ctx: ShopContext | LiveContext, scopes: ChainScopes | None = None) -> None:
        self.queries = queries
        self.reports = reports
        self.clock = clock
        self.live = live(ctx)
        self.scopes = scopes or ChainScopes()

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def today(self) -> date:
        return self.ctx.business_date(self.clock.now())

    def worker(self, stop: Stopper, *, every_s: float = KEEP_CURRENT_S) -> None:
        """Background loop: the manager's caches brought up to date now and then hourly, so that on a new day
        the members leaving and entering the windows are moved before anyone opens program health."""
        while not stop.is_set():
            try:
                self.queries.keep_current(self.today())
            except KioskError as exc:  # a busy or full database must not kill the worker: next time
                log.warning("analytics caches not brought up to date: %s (%s)", exc.message, exc.code)
            except Exception:  # noqa: BLE001 - the caches read the engine directly: a locked database or a lost
                # connection arrives as the driver's error, and the worker must live to try again in an hour
                log.exception("analytics caches not brought up to date")
            if stop.wait(every_s):
                return

    # -- liability ----------------------------------------------------------------------------------
    def value_holdings(self, holdings: dict[str, int]) -> Liability:
        programs = self.ctx.programs
        points = holdings.get(POINTS, 0)
        rewards = 0
        rewards_value = 0
        for card in programs.stamp_cards:
            count = holdings.get(f"REWARD:{card.id}", 0)
            rewards += count
            rewards_value += count * card.reward_value.minor
        point_value = programs.points.point_value.minor
        return Liability(currency=self.ctx.currency, points=points, points_value_minor=points * point_value,
                         credit_minor=holdings.get(self.ctx.currency, 0), stamp_rewards=rewards,
                         stamp_rewards_value_minor=rewards_value)

    def liability(self) -> Liability:
        return self.value_holdings(self.queries.member_holdings())

    def liability_trend(self, *, months: int = 12, today: date | None = None) -> tuple[LiabilityPoint, ...]:
        """Month-end liability walked back from today's balances by each month's net flows (one query)."""
        today = today or self.today()
        this_month = month_start(today)
        first = add_months(this_month, -(months - 1))
        now = self.queries.member_holdings()
        flows: dict[date, dict[str, int]] = {}
        for f in self.queries.month_flows(first):
            flows.setdefault(f.month, {})[f.unit] = flows.get(f.month, {}).get(f.unit, 0) + f.amount
        points: list[LiabilityPoint] = []
        held: list[bool] = []
        holdings = dict(now)
        month = this_month
        for _ in range(months):
            points.append(LiabilityPoint(month, self.value_holdings(holdings)))
            held.append(any(holdings.values()))
            for unit, amount in flows.get(month, {}).items():  # step back to the end of the month before
                holdings[unit] = holdings.get(unit, 0) - amount
            month = add_months(month, -1)
        points.reverse()
        held.reverse()
        # Months before the program held or moved anything (a shop that opened this year) are left out, not
        # drawn as a flat zero that reads as growth; the current month always stays.
        while len(points) > 1 and points[0].month not in flows and not held[0]:
            points.pop(0)
            held.pop(0)
        return tuple(points)

    # -- retention ----------------------------------------------------------------------------------
    def cohorts(self, *, months: int = COHORT_MONTHS, today: date | None = None) -> tuple[CohortRow, ...]:
        today = today or self.today()
        first = add_months(month_start(today), -(months - 1))
        sizes = self.queries.cohort_sizes(first, today)
        active: dict[date, dict[int, int]] = {}
        for cell in self.queries.cohort_activity(first, today):
            k = months_between(cell.cohort, cell.activity)
            if k >= 0:
                active.setdefault(cell.cohort, {})[k] = cell.members
        rows = []
        for i in range(months):
            month = add_months(first, i)
            span = months_between(month, month_start(today)) + 1
            rows.append(CohortRow(month, sizes.get(month, 0),
                                  tuple(active.get(month, {}).get(k, 0) for k in range(span))))
        return tuple(rows)

    # -- everything at once (what the Program health screen shows) -----------------------------------
    def health(self, *, period_days: int = 30, today: date | None = None,
               assumptions: CostAssumptions = CostAssumptions(), top: int = 10, shop: str | None = None,
               chain: bool = False, viewer: str | None = None) -> ProgramHealth:
        """`shop` (an id or a name) None: this device's own shop when joined to a hub, else everything;
        `chain`: the whole chain, with each shop's headline figures alongside (an owner only)."""
        if not 1 <= period_days <= 366:
            raise InvalidInput("report.bad_period")
        with self.queries.view(), self.reports.view():  # one view when they share it (bootstrap: they do)
            return self._health(period_days=period_days, today=today, assumptions=assumptions, top=top, shop=shop,
                                chain=chain, viewer=viewer)

    def _health(self, *, period_days: int, today: date | None, assumptions: CostAssumptions, top: int,
                shop: str | None, chain: bool, viewer: str | None) -> ProgramHealth:
        q = self.queries
        today = today or self.today()
        start = today - timedelta(days=period_days - 1)
        if chain:
            resolved, each = self.scopes.every_shop(viewer=viewer)
            shops = tuple(self._headline(s, start, today) for s in each)
        else:
            resolved, shops = self.scopes.resolve(shop=shop, viewer=viewer), ()
        scope, installs = resolved.scope, resolved.installs
        summary = self._summary(start, today, resolved)
        totals = q.program_totals()
        all_time = _flow_from_totals(totals)
        period = PointsFlow(summary.points_issued, summary.points_redeemed, summary.points_expired,
                            summary.points_donated)
        buyers, repeaters = q.buyers(start, today, installs=installs)
        engagement = []
        members = q.live_members(enrolled_by=today)  # the chain's (a member of any shop may earn or spend here)
        for days in ENGAGEMENT_WINDOWS:
            since = today - timedelta(days=days - 1)
            earned, redeemed = q.engaged(since, today, installs=installs)
            engagement.append(Engagement(days, members, earned, redeemed))
        ltv = self._lifetime_value(today)
        active = ltv.active_members if installs is None else \
            q.active_buyers(today - timedelta(days=89), today, installs=installs)[0]
        top_rows = q.top_members(start, today, limit=top, installs=installs)
        risk_count, risk_rows = q.at_risk(today - timedelta(days=179), today, limit=top, installs=installs)
        tiers = self._tiers()
        return ProgramHealth(
            as_of=today, currency=self.ctx.currency, period_from=start, period_to=today,
            liability=self.liability(), liability_trend=self.liability_trend(today=today),
            all_time=all_time, period=period,
            breakage_value_minor=self._breakage_value(totals),
            buyers=buyers, repeat_buyers=repeaters, cohorts=self.cohorts(today=today),
            engagement=tuple(engagement), lifetime_value=ltv,
            top_members=tuple(_line(r, today) for r in top_rows), at_risk_count=risk_count,
            at_risk=tuple(_line(r, today) for r in risk_rows),
            program_return=self.program_return(summary, assumptions),
            feedback=self._feedback(start, today), tiers=tiers, summary=summary,
            scope=scope, headline=_headline(summary, buyers, repeaters, active), shops=shops,
            chain_wide=CHAIN_WIDE if scope.kind == ScopeKind.SHOP else (),
        )

    def _summary(self, date_from: date, date_to: date, resolved: ResolvedScope) -> DailySummary:
        summary = self.reports.daily_summary(date_from, date_to, currency=self.ctx.currency,
                                             installs=resolved.installs)
        return summary if resolved.scope == EVERYTHING else replace(summary, scope=resolved.scope)

    def _headline(self, resolved: ResolvedScope, start: date, today: date) -> ShopHeadline:
        q, installs = self.queries, resolved.installs
        summary = self._summary(start, today, resolved)
        buyers, repeaters = q.buyers(start, today, installs=installs)
        active, _ = q.active_buyers(today - timedelta(days=89), today, installs=installs)
        return _headline(summary, buyers, repeaters, active)

    def _breakage_value(self, totals: dict[tuple[str, str], int]) -> int:
        """What members let expire (or had written off), at today's values: points, store credit, free items."""
        programs = self.ctx.programs
        expired = {unit: amount for (account, unit), amount in totals.items() if account == ProgramAccount.EXPIRED}
        value = expired.get(POINTS, 0) * programs.points.point_value.minor + expired.get(self.ctx.currency, 0)
        for card in programs.stamp_cards:
            value += expired.get(reward_unit(card.id), 0) * card.reward_value.minor
        return value

    def _lifetime_value(self, today: date) -> LifetimeValue:
        q = self.queries
        buyers, revenue = q.member_revenue()
        active, active_revenue = q.active_buyers(today - timedelta(days=89), today)
        monthly = mean_minor(active_revenue, 3 * active) if active else 0  # averages round, never cut
        # churn: of the members who bought in the month before last, the share who did not buy last month
        last_month = add_months(month_start(today), -1)
        before = add_months(last_month, -1)
        earlier, stayed = q.retained(before, last_month - timedelta(days=1), last_month,
                                     month_start(today) - timedelta(days=1))
        churn = round(100 * (earlier - stayed) / earlier, 1) if earlier else None
        expected = float(MAX_EXPECTED_MONTHS) if not churn else min(MAX_EXPECTED_MONTHS, round(100 / churn, 1))
        forward = int(monthly * expected)
        return LifetimeValue(currency=self.ctx.currency, buyers=buyers, revenue_minor=revenue,
                             average_to_date_minor=mean_minor(revenue, buyers) if buyers else 0,
                             monthly_value_minor=monthly,
                             monthly_churn_percent=churn, expected_months=expected, forward_minor=forward,
                             active_members=active)

    def program_return(self, summary: DailySummary, assumptions: CostAssumptions) -> ProgramReturn:
        programs = self.ctx.programs
        cogs = assumptions.cogs_percent
        stamp_value = max((c.reward_value.minor for c in programs.stamp_cards), default=0)
        free_items = summary.rewards_redeemed.get("stamp_reward", 0) * stamp_value
        points_value = summary.points_redeemed * programs.points.point_value.minor
        retail = free_items + points_value + summary.credit_spent_minor
        donations = summary.points_donated * programs.charity.point_value.minor
        # shares of money rounded half up to the satang, as the shop rounds money (`//` cut ฿7,019.676 to 7,019.67);
        # the profit from the exact incremental revenue, rounded once
        cost = mean_minor(retail * cogs, 100) + donations
        incremental = mean_minor(summary.member_revenue_minor * assumptions.incremental_percent, 100)
        profit = mean_minor(summary.member_revenue_minor * assumptions.incremental_percent * (100 - cogs), 10_000)
        return ProgramReturn(
            currency=summary.currency, assumptions=assumptions, member_revenue_minor=summary.member_revenue_minor,
            member_basket_minor=_minor(summary.average_basket(members=True)),
            non_member_basket_minor=_minor(summary.average_basket(members=False)),
            incremental_revenue_minor=incremental, incremental_profit_minor=profit,
            rewards_retail_minor=retail + donations, reward_cost_minor=cost, net_minor=profit - cost)

    def _tiers(self) -> tuple[TierCount, ...]:
        rules = self.ctx.programs.tiers
        counts = self.queries.tier_counts()
        if not rules.enabled or not rules.levels:
            return ()
        # Counted as `member show` shows them: a member with no tier row (never bought) or a tier since removed
        # from the configuration is in the entry tier.
        by_tier: dict[str, int] = {}
        for name, members in counts.items():
            level = tier_rules.tier_by_name(rules, name or "")
            by_tier[level.name] = by_tier.get(level.name, 0) + members
        return tuple(TierCount(t.name, Localized.of(t.label), by_tier.get(t.name, 0)) for t in rules.levels)

    def _feedback(self, date_from: date, date_to: date) -> FeedbackSummary:
        raw = self.queries.feedback(date_from, date_to, recent=8)
        if raw is None:
            return FeedbackSummary(available=False)
        average = round(raw.rating_sum / raw.rated, 1) if raw.rated else None
        return FeedbackSummary(available=True, responses=raw.responses, average_rating=average, comments=raw.recent)


def _headline(summary: DailySummary, buyers: int, repeaters: int, active: int) -> ShopHeadline:
    return ShopHeadline(scope=summary.scope, sales=summary.sales, revenue_minor=summary.revenue_minor,
                        member_revenue_minor=summary.member_revenue_minor,
                        member_share_percent=summary.member_share_percent, buyers=buyers, repeat_buyers=repeaters,
                        active_members=active, new_members=summary.new_members,
                        points_issued=summary.points_issued, points_redeemed=summary.points_redeemed)


def _flow_from_totals(totals: dict[tuple[str, str], int]) -> PointsFlow:
    def bal(account: str) -> int:
        return totals.get((account, POINTS), 0)

    # coalition partners: points earned there are issued, points spent there redeemed
    partners_issued = sum(v for (a, u), v in totals.items() if u == POINTS and is_partner_issued(a))
    partners_redeemed = sum(v for (a, u), v in totals.items() if u == POINTS and is_partner_redeemed(a))
    return PointsFlow(issued=-bal("program:issued") - partners_issued,
                      redeemed=bal("program:redeemed") + bal("program:vouchers") + partners_redeemed,
                      expired=bal("program:expired"), donated=bal("program:donations"))


def _minor(money: Money | None) -> int | None:
    return money.minor if money is not None else None


def _line(row: MemberRevenueRow, today: date) -> MemberLine:
    usual = (row.last_visit - row.first_visit).days // max(1, row.visits - 1) if row.visits > 1 else 0
    return MemberLine(masked_name=mask_name(row.name), short_id=row.short_id, visits=row.visits,
                      revenue_minor=row.revenue_minor, last_visit=row.last_visit, usual_days=usual,
                      days_since=(today - row.last_visit).days)
