"""Program-health queries in SQL: every figure is an aggregate the database computes, never rows in Python."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Engine,
    and_,
    case,
    distinct,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.engine import Connection

from kiosk.domain.ledger import AWARD_KINDS, SPEND_KINDS
from kiosk.services.ports.analytics import (
    CohortCell,
    FeedbackRaw,
    MemberRevenueRow,
    MonthFlow,
    add_months,
    month_start,
)
from kiosk.services.ports.sales import COUNTED_STATUSES

from . import member_windows as mw
from . import tables as t
from . import tables_manager as tm
from .cache_view import CacheView
from .caches import (
    as_date,
    kv_get,
    kv_set,
    refresh_day_flows,
    refresh_member_activity,
)
from .chain import of_installs
from .tables_selfservice import visit_feedback


def month_of(conn: Connection, column: Any) -> Any:
    """'YYYY-MM' of a date column (SQLite keeps dates as ISO text; PostgreSQL formats them)."""
    if conn.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.substr(column, 1, 7)


def _month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


class SqlAnalytics:
    """`windows`: answer from the member windows (0024) where they can; False reads the sales every time."""

    def __init__(self, engine: Engine, *, windows: bool = True, view: CacheView | None = None) -> None:
        self.engine = engine
        self.windows = windows
        self._view = view or CacheView()  # program health shares it with its period summary (SqlReports)

    def _read(self) -> Connection:
        return self.engine.connect().execution_options(kiosk_readonly=True)

    # -- one view ----------------------------------------------------------------------------------
    def view(self) -> AbstractContextManager[None]:
        """Each cache brought up to date once for all the figures read inside (CacheView.open)."""
        return self._view.open()

    def _fold_activity(self) -> None:
        self._view.refreshed(refresh_member_activity, self.engine)

    def _latest_sale_day(self, conn: Connection) -> date | None:
        return self._view.once("latest sale day", lambda: mw.latest_sale_day(conn))

    # -- liability ---------------------------------------------------------------------------------
    def member_holdings(self) -> dict[str, int]:
        # Every entry balances per unit, so members hold, net, exactly minus what the few program accounts hold:
        # a read of a dozen rows instead of a million member balances. Debts (a member below zero) are not
        # negative holdings: what they owe is added back, so the liability is what the others hold.
        b = t.account_balances
        with self._read() as conn:
            rows = conn.execute(select(b.c.unit, func.sum(b.c.balance)).where(b.c.member_id.is_(None))
                                .group_by(b.c.unit)).all()
            debts = conn.execute(select(b.c.unit, func.sum(b.c.balance))
                                 .where(b.c.balance < 0, b.c.member_id.is_not(None)).group_by(b.c.unit)).all()
        holdings = {unit: -int(total) for unit, total in rows if total}
        for unit, owed in debts:
            holdings[unit] = holdings.get(unit, 0) - int(owed)
        return {unit: amount for unit, amount in holdings.items() if amount}

    def program_totals(self) -> dict[tuple[str, str], int]:
        b = t.account_balances
        with self._read() as conn:
            rows = conn.execute(select(b.c.account, b.c.unit, b.c.balance).where(b.c.member_id.is_(None))).all()
        return {(r.account, r.unit): int(r.balance) for r in rows}

    def refresh_month_flows(self) -> int:
        return refresh_day_flows(self.engine)

    def refresh_member_activity(self) -> int:
        return refresh_member_activity(self.engine)

    def month_flows(self, since: date) -> list[MonthFlow]:
        self._view.refreshed(refresh_day_flows, self.engine)
        f = tm.ledger_day_flows
        with self._read() as conn:
            month = month_of(conn, f.c.business_date)
            rows = conn.execute(select(month, f.c.unit, func.sum(f.c.amount)).where(f.c.business_date >= since)
                                .group_by(month, f.c.unit)).all()
        # what the program side gave out, members received: their holdings moved by minus the program's
        return [MonthFlow(_month(r[0]), r[1], -int(r[2])) for r in rows if r[2]]

    # -- members and retention -----------------------------------------------------------------------
    def live_members(self, *, enrolled_by: date) -> int:
        m = t.members
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(m).where(
                m.c.erased_at.is_(None), m.c.enrolled_date <= enrolled_by)).scalar_one())

    def cohort_sizes(self, first_month: date, last_day: date) -> dict[date, int]:
        m = t.members
        with self._read() as conn:
            # grouped by the day the index is ordered by (no sort of every member by month), months added up here
            rows = conn.execute(select(m.c.enrolled_date, func.count()).where(
                m.c.enrolled_date >= first_month, m.c.enrolled_date <= last_day).group_by(m.c.enrolled_date)).all()
        sizes: dict[date, int] = {}
        for day, count in rows:
            month = month_start(as_date(day))
            sizes[month] = sizes.get(month, 0) + int(count)
        return sizes

    def cohort_activity(self, first_month: date, last_day: date) -> list[CohortCell]:
        self._fold_activity()
        a, c = tm.member_month_activity, tm.cohort_cells
        with self._read() as conn:
            latest = self._latest_sale_day(conn)
            if self.windows and (latest is None or latest <= last_day):  # every row counts: the cells say it
                rows = conn.execute(select(c.c.cohort, c.c.month, c.c.members).where(
                    c.c.cohort >= first_month, c.c.month >= first_month, c.c.month <= last_day, c.c.members > 0)).all()
                return [CohortCell(as_date(r[0]), as_date(r[1]), int(r[2])) for r in rows]
            # one row per member and month already, with the enrolment month on it: a GROUP BY on one index;
            # first_day <= last_day keeps a month that is still running exact when asked about an earlier day
            rows = conn.execute(
                select(a.c.cohort, a.c.month, func.count())
                .where(a.c.cohort >= first_month, a.c.month >= first_month, a.c.month <= last_day,
                       a.c.first_day <= last_day)
                .group_by(a.c.cohort, a.c.month)).all()
        return [CohortCell(as_date(r[0]), as_date(r[1]), int(r[2])) for r in rows]

    def _visit_parts(self, conn: Connection, date_from: date, date_to: date,
                     installs: tuple[str, ...] | None = None) -> list[Any]:
        """Rows (member_id, visits, revenue, first, last) covering the members' completed sales in the days.

        Whole months come from the monthly cache; the days of a month cut by the range from the sales
        themselves. A month is whole for a range that starts or ends inside it when no sale falls outside.
        One shop of a chain (`installs`) reads its own devices' sales of the days directly: the caches are per
        member across the chain, and a period's sales are a range of the date index.
        """
        a, s = tm.member_month_activity, t.sales

        def from_sales(lo: date, hi: date) -> Any:
            return select(s.c.member_id.label("member_id"), literal(1).label("visits"),
                          (s.c.total_minor - s.c.refunded_minor).label("revenue"), s.c.business_date.label("first"),
                          s.c.business_date.label("last")).where(
                s.c.business_date >= lo, s.c.business_date <= hi, s.c.member_id.is_not(None),
                s.c.status.in_(COUNTED_STATUSES))

        if installs is not None:
            return [from_sales(date_from, date_to).where(of_installs(s.c.device_id, installs))]
        # the month's cache row, not the date: a range starting on the 4th of a month with no sale before it
        # (the shop's first month) read none of that month at all
        first_whole = month_start(date_from) if date_from.day == 1 or not self._sales_between(
            conn, month_start(date_from), date_from - timedelta(days=1)) else add_months(month_start(date_from), 1)
        end_month = month_start(date_to)
        month_end = add_months(end_month, 1) - timedelta(days=1)
        last_whole = end_month if date_to == month_end or not self._sales_between(
            conn, date_to + timedelta(days=1), month_end) else add_months(end_month, -1)
        if first_whole > last_whole:
            return [from_sales(date_from, date_to)]
        parts = [select(a.c.member_id.label("member_id"), a.c.visits.label("visits"),
                        a.c.revenue_minor.label("revenue"), a.c.first_day.label("first"),
                        a.c.last_day.label("last")).where(a.c.month >= first_whole, a.c.month <= last_whole)]
        if date_from < first_whole:
            parts.append(from_sales(date_from, first_whole - timedelta(days=1)))
        after = add_months(last_whole, 1)
        if after <= date_to:
            parts.append(from_sales(after, date_to))
        return parts

    @staticmethod
    def _sales_between(conn: Connection, lo: date, hi: date) -> bool:
        s = t.sales
        return lo <= hi and conn.execute(select(literal(1)).where(s.c.business_date >= lo, s.c.business_date <= hi)
                                         .limit(1)).first() is not None

    def _per_member(self, conn: Connection, date_from: date, date_to: date,
                    installs: tuple[str, ...] | None = None) -> Any:
        parts = union_all(*self._visit_parts(conn, date_from, date_to, installs)).subquery()
        return (select(parts.c.member_id.label("member_id"), func.sum(parts.c.visits).label("visits"),
                       func.sum(parts.c.revenue).label("revenue"), func.min(parts.c.first).label("first"),
                       func.max(parts.c.last).label("last"))
                .group_by(parts.c.member_id))

    def _refresh_for(self, installs: tuple[str, ...] | None) -> None:
        if installs is None:  # one shop's figures read its sales directly, not the caches
            self._fold_activity()

    def keep_current(self, today: date) -> None:
        """Fold what was written since the last look and move the member windows to `today`, once a manager
        has looked at program health on this database (a till whose manager never does pays nothing)."""
        if self.windows and mw.in_use(self.engine):
            refresh_day_flows(self.engine)
            refresh_member_activity(self.engine)
            mw.refresh_member_windows(self.engine, today)

    def _span(self, date_from: date, date_to: date, installs: tuple[str, ...] | None) -> int | None:
        """The member window (0024) that answers for these days exactly, kept current first; None: none does."""
        span = (date_to - date_from).days + 1
        if not self.windows or installs is not None or span not in mw.SPANS or not self._view.once(
                ("windows", date_to), lambda: mw.refresh_member_windows(self.engine, date_to,
                                                                        latest=self._latest_sale_day)):
            return None
        return span

    def buyers(self, date_from: date, date_to: date, *,
               installs: tuple[str, ...] | None = None) -> tuple[int, int]:
        if (span := self._span(date_from, date_to, installs)) is not None:
            with self._read() as conn:
                buyers, repeaters, *_ = mw.totals(conn, span)
            return buyers, repeaters
        self._refresh_for(installs)
        with self._read() as conn:
            per = self._per_member(conn, date_from, date_to, installs).subquery()
            row = conn.execute(select(func.count(), func.count(case((per.c.visits >= 2, 1))))
                               .select_from(per)).one()
        return int(row[0]), int(row[1])

    def active_buyers(self, date_from: date, date_to: date, *,
                      installs: tuple[str, ...] | None = None) -> tuple[int, int]:
        if (span := self._span(date_from, date_to, installs)) is not None:
            with self._read() as conn:
                buyers, _, revenue, *_ = mw.totals(conn, span)
            return buyers, revenue
        self._refresh_for(installs)
        with self._read() as conn:
            parts = union_all(*self._visit_parts(conn, date_from, date_to, installs)).subquery()
            row = conn.execute(select(func.count(distinct(parts.c.member_id)),
                                      func.coalesce(func.sum(parts.c.revenue), 0))).one()
        return int(row[0]), int(row[1])

    def retained(self, a_from: date, a_to: date, b_from: date, b_to: date) -> tuple[int, int]:
        self._fold_activity()
        key = f"{tm.RETAINED_KEY}{b_to.isoformat()}:{a_from.isoformat()}:{a_to.isoformat()}:{b_from.isoformat()}"
        with self._read() as conn:
            kept, marks = kv_get(conn, key), self._activity_marks(conn)
        if kept is not None and self.windows:
            earlier, stayed = kept.split(",")
            return int(earlier), int(stayed)
        found = self._retained(a_from, a_to, b_from, b_to)
        if self.windows:
            with self.engine.begin() as conn:  # kept unless a fold ran meanwhile (it might have made it stale)
                if self._activity_marks(conn, lock=True) == marks:
                    kv_set(conn, key, f"{found[0]},{found[1]}")
        return found

    @staticmethod
    def _activity_marks(conn: Connection, *, lock: bool = False) -> tuple[str | None, str | None]:
        """The activity fold's watermarks; `lock`: FOR UPDATE, as the fold takes them (PostgreSQL: a fold not yet
        committed has moved them, and this waits for it rather than reading the marks from before it)."""
        kv = t.kv
        stmt = select(kv.c.key, kv.c.value).where(kv.c.key.in_((tm.ACTIVITY_SALES_KEY, tm.ACTIVITY_REFUNDS_KEY)))
        values = dict(conn.execute(stmt.with_for_update() if lock else stmt).all())
        return values.get(tm.ACTIVITY_SALES_KEY), values.get(tm.ACTIVITY_REFUNDS_KEY)

    def _retained(self, a_from: date, a_to: date, b_from: date, b_to: date) -> tuple[int, int]:
        with self._read() as conn:
            def flagged(lo: date, hi: date, in_a: int) -> list[Any]:
                return [select(p.c.member_id.label("member_id"), literal(in_a).label("in_a"),
                               literal(1 - in_a).label("in_b")).select_from(p)
                        for p in (part.subquery() for part in self._visit_parts(conn, lo, hi))]

            rows = union_all(*flagged(a_from, a_to, 1), *flagged(b_from, b_to, 0)).subquery()
            per = (select(func.max(rows.c.in_b).label("in_b")).group_by(rows.c.member_id)
                   .having(func.max(rows.c.in_a) == 1).subquery())
            row = conn.execute(select(func.count(), func.coalesce(func.sum(per.c.in_b), 0))).one()
        return int(row[0]), int(row[1])

    def engaged(self, since: date, until: date, *, installs: tuple[str, ...] | None = None) -> tuple[int, int]:
        if (span := self._span(since, until, installs)) is not None:
            with self._read() as conn:
                *_, awarded, redeemed = mw.totals(conn, span)
            return awarded, redeemed
        e = t.ledger_entries
        here = [] if installs is None else [of_installs(e.c.device_id, installs)]
        with self._read() as conn:
            def members(kinds: tuple[str, ...]) -> int:
                return int(conn.execute(select(func.count(distinct(e.c.member_id))).where(
                    e.c.kind.in_(kinds), e.c.business_date >= since, e.c.business_date <= until, *here))
                    .scalar_one())

            return members(AWARD_KINDS), members(SPEND_KINDS)

    def member_revenue(self) -> tuple[int, int]:
        self._fold_activity()
        st = tm.member_stats
        with self._read() as conn:
            kept = kv_get(conn, tm.MEMBER_TOTALS_KEY) if self.windows else None
            if kept is not None:
                count, total = kept.split(",")
                return int(count), int(total)
            row = conn.execute(select(func.count(), func.coalesce(func.sum(st.c.revenue_minor), 0))).one()
        return int(row[0]), int(row[1])

    def top_members(self, date_from: date, date_to: date, *, limit: int,
                    installs: tuple[str, ...] | None = None) -> list[MemberRevenueRow]:
        if (span := self._span(date_from, date_to, installs)) is not None:
            w = tm.member_windows
            with self._read() as conn:
                return self._window_rows(conn, and_(w.c.span == span, w.c.visits > 0), limit)
        self._refresh_for(installs)
        with self._read() as conn:
            per = self._per_member(conn, date_from, date_to, installs).subquery()
            return _member_rows(conn.execute(_member_lines(per, _line_of(per), true(), limit)).all(), as_date)

    def at_risk(self, date_from: date, today: date, *, limit: int,
                installs: tuple[str, ...] | None = None) -> tuple[int, list[MemberRevenueRow]]:
        if (span := self._span(date_from, today, installs)) is not None:
            w = tm.member_windows
            risky = and_(w.c.span == span, w.c.risk_day < mw.day_no(today))  # NULL: not two visits apart
            with self._read() as conn:
                count = int(conn.execute(select(func.count()).select_from(w).where(risky)).scalar_one())
                # the few richest at risk: the revenue index read backwards, risk_day checked on each row (+ 0:
                # not the risk index, which would sort every member at risk to find them)
                at_risk = and_(w.c.span == span, w.c.risk_day + 0 < mw.day_no(today))
                return count, self._window_rows(conn, at_risk, limit) if count else []
        self._refresh_for(installs)
        with self._read() as conn:
            per = self._per_member(conn, date_from, today, installs).subquery()
            first, last, now = mw.day_int(conn, per.c.first), mw.day_int(conn, per.c.last), mw.day_no(today)
            # usual gap = (last - first) / (visits - 1); at risk when today - last > 1.5 x usual gap
            risky = and_(per.c.visits >= 2, last > first, (now - last) * 2 * (per.c.visits - 1) > (last - first) * 3)
            # the members at risk once, counted alongside (a window over them), then the top few by revenue
            risk = select(*_line_of(per), func.count().over().label("total")).where(risky).subquery()
            rows = conn.execute(_member_lines(risk, _line_of(risk), true(), limit, risk.c.total)).all()
            if rows:
                count = int(rows[0].total)
            else:  # nobody, or only erased members: count them on their own
                count = int(conn.execute(select(func.count()).select_from(risk)).scalar_one())
            return count, _member_rows(rows, as_date)

    @staticmethod
    def _window_rows(conn: Connection, where: Any, limit: int) -> list[MemberRevenueRow]:
        """The chosen members' window rows, most revenue first (the revenue index read backwards)."""
        w = tm.member_windows
        line = (w.c.member_id, w.c.visits, w.c.revenue_minor, w.c.first_day, w.c.last_day)
        return _member_rows(conn.execute(_member_lines(w, line, where, limit)).all(), lambda day: mw.day_of(int(day)))

    def tier_counts(self) -> dict[str | None, int]:
        m, mt = t.members, t.member_tiers
        with self._read() as conn:
            rows = conn.execute(select(mt.c.tier, func.count()).select_from(m.outerjoin(mt, mt.c.member_id == m.c.id))
                                .where(m.c.erased_at.is_(None), m.c.merged_into.is_(None))
                                .group_by(mt.c.tier)).all()
        return {r[0]: int(r[1]) for r in rows}

    # -- feedback (ratings and comments customers leave at the self-service kiosk) ------------------------
    def feedback(self, date_from: date, date_to: date, *, recent: int) -> FeedbackRaw | None:
        f = visit_feedback.c
        period = and_(f.business_date >= date_from.isoformat(), f.business_date <= date_to.isoformat())
        with self._read() as conn:
            row = conn.execute(select(func.count(), func.coalesce(func.sum(f.rating), 0)).where(period)).one()
            rows = conn.execute(select(f.business_date, f.rating, f.comment).where(period, f.comment != "")
                                .order_by(f.at.desc(), f.id.desc()).limit(recent)).all()
        return FeedbackRaw(responses=int(row[0]), rating_sum=int(row[1]), rated=int(row[0]),
                           recent=tuple((as_date(r[0]), int(r[1]), str(r[2])) for r in rows))


Line = tuple[Any, Any, Any, Any, Any]  # a source's member id, visits, revenue, first and last day columns


def _line_of(per: Any) -> Line:
    """The line columns of the members' figures read from the sales (SqlAnalytics._per_member)."""
    return per.c.member_id, per.c.visits, per.c.revenue, per.c.first, per.c.last


def _member_lines(source: Any, line: Line, where: Any, limit: int, *also: Any) -> Any:
    """The chosen members of `source`, most revenue first, erased members left out: each one's id, name and short
    id, visits, revenue, first and last day (the columns of `line`), then the columns of `also`."""
    member_id, visits, revenue, first, last = line
    m = t.members
    return (select(member_id, m.c.name, m.c.short_id, visits, revenue, first, last, *also)
            .select_from(source.join(m, m.c.id == member_id)).where(where, m.c.erased_at.is_(None))
            .order_by(revenue.desc(), member_id).limit(limit))


def _member_rows(rows: Any, day: Callable[[Any], date]) -> list[MemberRevenueRow]:
    """_member_lines' rows, their days read by `day` (the windows keep day numbers, the sales dates)."""
    return [MemberRevenueRow(r[0], r[1], r[2], int(r[3]), int(r[4]), day(r[5]), day(r[6])) for r in rows]
