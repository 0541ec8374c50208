"""Program-health queries in SQL: every figure is an aggregate the database computes, never rows in Python."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Engine, and_, case, cast, distinct, func, literal, select
from sqlalchemy.engine import Connection

from kiosk.domain.ledger import EntryKind
from kiosk.services.analytics import CohortCell, FeedbackRaw, MemberRevenueRow, MonthFlow

from . import tables as t
from . import tables_manager as tm
from .tables_selfservice import visit_feedback
from .uow import AWARD_KINDS, _upsert

REDEEM_KINDS = (EntryKind.SALE_REDEEM.value, EntryKind.VOUCHER_ISSUED.value, EntryKind.DONATION.value)
FLOW_BATCH = 200_000  # postings folded into the flow cache per transaction: the counter never waits long
COMPLETED = "completed"


def month_of(conn: Connection, column: Any) -> Any:
    """'YYYY-MM' of a date column (SQLite keeps dates as ISO text; PostgreSQL formats them)."""
    if conn.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.substr(column, 1, 7)


def day_number(conn: Connection, column: Any) -> Any:
    """A date as a number of days, so gaps between visits are a subtraction in either database."""
    if conn.dialect.name == "postgresql":
        return column - cast(literal("2000-01-01"), Date)
    return func.julianday(column)


def refresh_day_flows(engine: Engine) -> int:
    """Fold program-side postings written since the last refresh into the daily cache; returns how many.

    In batches, each its own short write transaction, so a first fill on a big shop never holds the counter up.
    """
    p, e, f, kv = t.postings, t.ledger_entries, tm.ledger_day_flows, t.kv
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        # the usual case, nothing new since the last look: answer without taking the write lock
        done = int(conn.execute(select(kv.c.value).where(kv.c.key == tm.FLOWS_SEQ_KEY)).scalar() or 0)
        if (conn.execute(select(func.max(p.c.seq))).scalar() or 0) <= done:
            return 0
    folded = 0
    while True:
        with engine.begin() as conn:
            _insert_missing(conn, kv, dict(key=tm.FLOWS_SEQ_KEY, value="0"))
            # FOR UPDATE: two PostgreSQL sessions folding at once must not both add the same batch
            done = int(conn.execute(select(kv.c.value).where(kv.c.key == tm.FLOWS_SEQ_KEY).with_for_update())
                       .scalar_one())
            top = conn.execute(select(func.max(p.c.seq))).scalar() or 0
            if top <= done:
                return folded
            upto = min(top, done + FLOW_BATCH)
            rows = conn.execute(
                select(e.c.business_date, p.c.account, p.c.unit, e.c.kind, func.sum(p.c.amount))
                .select_from(p.join(e, e.c.id == p.c.entry_id))
                .where(p.c.seq > done, p.c.seq <= upto, p.c.member_id.is_(None))
                .group_by(e.c.business_date, p.c.account, p.c.unit, e.c.kind)).all()
            for day, account, unit, kind, amount in rows:
                _upsert(conn, f, dict(business_date=day, account=account, unit=unit, kind=kind, amount=int(amount)),
                        ["business_date", "account", "unit", "kind"],
                        lambda stmt: {"amount": f.c.amount + stmt.excluded.amount})
            conn.execute(kv.update().where(kv.c.key == tm.FLOWS_SEQ_KEY).values(value=str(upto)))
            folded += upto - done


def _insert_missing(conn: Connection, table: Any, values: dict[str, Any]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    conn.execute(dialect_insert(table).values(**values).on_conflict_do_nothing())


def _month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


class SqlAnalytics:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _read(self) -> Connection:
        return self.engine.connect().execution_options(kiosk_readonly=True)

    # -- liability ---------------------------------------------------------------------------------
    def member_holdings(self) -> dict[str, int]:
        # Every entry balances per unit, so members hold exactly minus what the few program accounts hold:
        # a read of a dozen rows instead of a million member balances.
        b = t.account_balances
        with self._read() as conn:
            rows = conn.execute(select(b.c.unit, func.sum(b.c.balance)).where(b.c.member_id.is_(None))
                                .group_by(b.c.unit)).all()
        return {unit: -int(total) for unit, total in rows if total}

    def program_totals(self) -> dict[tuple[str, str], int]:
        b = t.account_balances
        with self._read() as conn:
            rows = conn.execute(select(b.c.account, b.c.unit, b.c.balance).where(b.c.member_id.is_(None))).all()
        return {(r.account, r.unit): int(r.balance) for r in rows}

    def refresh_month_flows(self) -> int:
        return refresh_day_flows(self.engine)

    def month_flows(self, since: date) -> list[MonthFlow]:
        refresh_day_flows(self.engine)
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
            month = month_of(conn, m.c.enrolled_date)
            rows = conn.execute(select(month, func.count()).where(
                m.c.enrolled_date >= first_month, m.c.enrolled_date <= last_day).group_by(month)).all()
        return {_month(r[0]): int(r[1]) for r in rows}

    def cohort_activity(self, first_month: date, last_day: date) -> list[CohortCell]:
        s, m = t.sales, t.members
        with self._read() as conn:
            cohort, active = month_of(conn, m.c.enrolled_date), month_of(conn, s.c.business_date)
            # one row per member and month first, so the join to members runs once per active member-month
            visits = (select(s.c.member_id.label("member_id"), active.label("month"))
                      .where(s.c.business_date >= first_month, s.c.business_date <= last_day,
                             s.c.member_id.is_not(None), s.c.status == COMPLETED)
                      .group_by(s.c.member_id, active).subquery())
            rows = conn.execute(
                select(cohort.label("cohort"), visits.c.month, func.count())
                .select_from(visits.join(m, m.c.id == visits.c.member_id))
                .where(m.c.enrolled_date >= first_month)
                .group_by(cohort, visits.c.month)).all()
        return [CohortCell(_month(r[0]), _month(r[1]), int(r[2])) for r in rows]

    def _per_member(self, conn: Connection, date_from: date, date_to: date) -> Any:
        s = t.sales
        return (select(s.c.member_id.label("member_id"), func.count().label("visits"),
                       func.sum(s.c.total_minor).label("revenue"),
                       func.min(s.c.business_date).label("first"), func.max(s.c.business_date).label("last"))
                .where(s.c.business_date >= date_from, s.c.business_date <= date_to, s.c.member_id.is_not(None),
                       s.c.status == COMPLETED)
                .group_by(s.c.member_id))

    def buyers(self, date_from: date, date_to: date) -> tuple[int, int]:
        with self._read() as conn:
            per = self._per_member(conn, date_from, date_to).subquery()
            row = conn.execute(select(func.count(), func.count(case((per.c.visits >= 2, 1))))
                               .select_from(per)).one()
        return int(row[0]), int(row[1])

    def active_buyers(self, date_from: date, date_to: date) -> tuple[int, int]:
        s = t.sales
        with self._read() as conn:
            row = conn.execute(select(func.count(distinct(s.c.member_id)), func.coalesce(func.sum(s.c.total_minor), 0))
                               .where(s.c.business_date >= date_from, s.c.business_date <= date_to,
                                      s.c.member_id.is_not(None), s.c.status == COMPLETED)).one()
        return int(row[0]), int(row[1])

    def retained(self, a_from: date, a_to: date, b_from: date, b_to: date) -> tuple[int, int]:
        s = t.sales
        with self._read() as conn:
            in_a = (select(s.c.member_id).where(s.c.business_date >= a_from, s.c.business_date <= a_to,
                                                s.c.member_id.is_not(None), s.c.status == COMPLETED)
                    .distinct().subquery())
            later = s.alias("later")
            came_back = (select(later.c.member_id).where(
                later.c.member_id == in_a.c.member_id, later.c.business_date >= b_from,
                later.c.business_date <= b_to, later.c.status == COMPLETED).exists())
            row = conn.execute(select(func.count(), func.count(case((came_back, 1)))).select_from(in_a)).one()
        return int(row[0]), int(row[1])

    def engaged(self, since: date, until: date) -> tuple[int, int]:
        e = t.ledger_entries
        with self._read() as conn:
            def members(kinds: tuple[str, ...]) -> int:
                return int(conn.execute(select(func.count(distinct(e.c.member_id))).where(
                    e.c.kind.in_(kinds), e.c.business_date >= since, e.c.business_date <= until)).scalar_one())

            return members(AWARD_KINDS), members(REDEEM_KINDS)

    def member_revenue(self) -> tuple[int, int]:
        s = t.sales
        with self._read() as conn:
            row = conn.execute(select(func.count(distinct(s.c.member_id)), func.coalesce(func.sum(s.c.total_minor), 0))
                               .where(s.c.member_id.is_not(None), s.c.status == COMPLETED)).one()
        return int(row[0]), int(row[1])

    def _rows(self, conn: Connection, per: Any, where: Any, limit: int) -> list[MemberRevenueRow]:
        m = t.members
        rows = conn.execute(select(per.c.member_id, m.c.name, m.c.short_id, per.c.visits, per.c.revenue,
                                   per.c.first, per.c.last)
                            .select_from(per.join(m, m.c.id == per.c.member_id))
                            .where(m.c.erased_at.is_(None), where)
                            .order_by(per.c.revenue.desc(), per.c.member_id).limit(limit)).all()
        return [MemberRevenueRow(r.member_id, r.name, r.short_id, int(r.visits), int(r.revenue), _date(r.first),
                                 _date(r.last)) for r in rows]

    def top_members(self, date_from: date, date_to: date, *, limit: int) -> list[MemberRevenueRow]:
        with self._read() as conn:
            per = self._per_member(conn, date_from, date_to).subquery()
            return self._rows(conn, per, literal(True), limit)

    def at_risk(self, date_from: date, today: date, *, limit: int) -> tuple[int, list[MemberRevenueRow]]:
        with self._read() as conn:
            per = self._per_member(conn, date_from, today).subquery()
            first, last = day_number(conn, per.c.first), day_number(conn, per.c.last)
            now = day_number(conn, cast(literal(today.isoformat()), Date)) \
                if conn.dialect.name == "postgresql" else func.julianday(today.isoformat())
            # usual gap = (last - first) / (visits - 1); at risk when today - last > 1.5 x usual gap
            risky = and_(per.c.visits >= 2, last > first, (now - last) * 2 * (per.c.visits - 1) > (last - first) * 3)
            count = int(conn.execute(select(func.count()).select_from(per).where(risky)).scalar_one())
            return count, self._rows(conn, per, risky, limit)

    def tier_counts(self) -> dict[str, int]:
        mt = t.member_tiers
        with self._read() as conn:
            rows = conn.execute(select(mt.c.tier, func.count()).group_by(mt.c.tier)).all()
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
                           recent=tuple((_date(r[0]), int(r[1]), str(r[2])) for r in rows))


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
