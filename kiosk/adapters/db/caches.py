"""The manager's caches kept by folding what was written since a watermark: the program side of the ledger per
day (ledger_day_flows), each member's completed sales per month and in all (member_month_activity, member_stats:
0007), and what is kept from them (cohort_cells, member totals, retention figures of past months: 0024).

Sales and postings are only ever added (a refund flips its sale's status and writes a refunds row), so new rows
are folded in after a watermark (SQLite rowid, PostgreSQL fold_seq or seq, as far as kiosk.adapters.db.fold lets
a fold go), in batches, each its own short write transaction; a refund rebuilds just its member's month.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Engine, and_, case, cast, func, select
from sqlalchemy.engine import Connection

from kiosk.services.ports.analytics import add_months, month_start
from kiosk.services.ports.sales import COUNTED_STATUSES

from . import tables as t
from . import tables_manager as tm
from .fold import capped, row_seq, seq_top, settled_top
from .repositories.common import dialect_insert, upsert

FLOW_BATCH = 200_000  # postings folded into the flow cache per transaction: the counter never waits long
ACTIVITY_BATCH = 200_000  # sales folded into the member activity caches per transaction


def refresh_day_flows(engine: Engine) -> int:
    """Fold program-side postings written since the last refresh into the daily cache; returns how many.

    In batches, each its own short write transaction, so a first fill on a big shop never holds the counter up.
    """
    p, e, f = t.postings, t.ledger_entries, tm.ledger_day_flows
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        # the usual case, nothing new since the last look: answer without taking the write lock
        if seq_top(conn, p) <= int(kv_get(conn, tm.FLOWS_SEQ_KEY) or 0):
            return 0
    horizon = settled_top(engine, p)  # PostgreSQL: no posting numbered below it can still commit
    folded = 0
    while True:
        with engine.begin() as conn:
            done, upto, top = next_batch(conn, p, tm.FLOWS_SEQ_KEY, horizon, FLOW_BATCH)
            if top <= done:
                return folded
            rows = conn.execute(
                select(e.c.business_date, p.c.account, p.c.unit, e.c.kind, e.c.device_id, func.sum(p.c.amount))
                .select_from(p.join(e, e.c.id == p.c.entry_id))
                .where(p.c.seq > done, p.c.seq <= upto, p.c.member_id.is_(None))
                .group_by(e.c.business_date, p.c.account, p.c.unit, e.c.kind, e.c.device_id)).all()
            for day, account, unit, kind, device_id, amount in rows:
                upsert(conn, f, dict(business_date=day, account=account, unit=unit, kind=kind, device_id=device_id,
                                     amount=int(amount)),
                       ["business_date", "account", "unit", "kind", "device_id"],
                       lambda stmt: {"amount": f.c.amount + stmt.excluded.amount})
            kv_update(conn, tm.FLOWS_SEQ_KEY, str(upto))
            folded += upto - done


def month_first(conn: Connection, column: Any) -> Any:
    """The first day of a date column's month, as a date (SQLite: ISO text 'YYYY-MM-01')."""
    if conn.dialect.name == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return func.substr(column, 1, 7).concat("-01")


def _least(conn: Connection, a: Any, b: Any) -> Any:
    return func.least(a, b) if conn.dialect.name == "postgresql" else func.min(a, b)


def _greatest(conn: Connection, a: Any, b: Any) -> Any:
    return func.greatest(a, b) if conn.dialect.name == "postgresql" else func.max(a, b)


ACTIVITY_COLUMNS = ["member_id", "cohort", "visits", "revenue_minor", "first_day", "last_day"]


def _add_activity(conn: Connection, sales_where: Any, *, fresh: bool = False) -> None:
    """Add the completed member sales matching `sales_where` to both caches, merging into existing rows.

    `fresh`: every (member, month) of these sales is known to be new (a month of the first fill), so the
    member totals are added from the month's cache rows rather than by grouping the sales a second time.
    """
    s, m, a = t.sales, t.members, tm.member_month_activity
    month = month_first(conn, s.c.business_date)
    where = and_(sales_where, s.c.member_id.is_not(None), s.c.status.in_(COUNTED_STATUSES))

    def grouped(*keys: Any) -> Any:
        # sum the sales first and look each member's enrolment month up once, not once per sale
        per = (select(*keys, func.count().label("visits"),
                      func.sum(s.c.total_minor - s.c.refunded_minor).label("revenue"),
                      func.min(s.c.business_date).label("first"), func.max(s.c.business_date).label("last"))
               .where(where).group_by(*keys).subquery())
        columns = [per.c.month] if "month" in per.c else []
        return (select(*columns, per.c.member_id, month_first(conn, m.c.enrolled_date).label("cohort"),
                       per.c.visits, per.c.revenue, per.c.first, per.c.last)
                .select_from(per.join(m, m.c.id == per.c.member_id)))

    if not fresh:  # the (month, member) rows these sales start, rather than add to, are new in their cells
        g = grouped(s.c.member_id, month.label("month")).subquery()
        _add_cells(conn, select(g.c.cohort, g.c.month, func.count())
                   .select_from(g.outerjoin(a, and_(a.c.month == g.c.month, a.c.member_id == g.c.member_id)))
                   .where(a.c.member_id.is_(None)).group_by(g.c.cohort, g.c.month))
    _merge(conn, a, ["month", "member_id"], grouped(s.c.member_id, month.label("month")))
    if not fresh:
        _add_member_totals(conn, grouped(s.c.member_id))


def _merge(conn: Connection, table: Any, keys: list[str], rows: Any) -> None:
    """Merge `rows` (`keys`, then ACTIVITY_COLUMNS from the cohort on) into a member activity cache: a row new
    there is added, an existing one gets the visits and revenue added and its first and last day widened."""
    stmt = dialect_insert(conn, table).from_select(keys + ACTIVITY_COLUMNS[1:], rows)
    new = stmt.excluded
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_={
        "visits": table.c.visits + new.visits, "revenue_minor": table.c.revenue_minor + new.revenue_minor,
        "first_day": _least(conn, table.c.first_day, new.first_day),
        "last_day": _greatest(conn, table.c.last_day, new.last_day)}))


def _add_member_totals(conn: Connection, rows: Any) -> None:
    """Merge per-member rows (ACTIVITY_COLUMNS, the revenue labelled `revenue`) into member_stats, moving the
    totals kept of it by the members new there and the revenue added."""
    st = tm.member_stats
    per = rows.subquery()
    _totals_moved(conn, conn.execute(
        select(func.count(case((st.c.member_id.is_(None), 1))), func.coalesce(func.sum(per.c.revenue), 0))
        .select_from(per.outerjoin(st, st.c.member_id == per.c.member_id))).one())
    _merge(conn, st, ["member_id"], rows)


def _totals_moved(conn: Connection, by: Any) -> None:
    """Move the count and revenue of all members who ever bought (member_stats') by (members, revenue)."""
    members, revenue = int(by[0]), int(by[1])
    kept = kv_get(conn, tm.MEMBER_TOTALS_KEY)
    if kept is not None and (members or revenue):
        count, total = (int(v) for v in kept.split(","))
        kv_set(conn, tm.MEMBER_TOTALS_KEY, f"{count + members},{total + revenue}")


def _add_cells(conn: Connection, rows: Any) -> None:
    """Add (cohort, month, members) rows to the cohort cells (0024)."""
    c = tm.cohort_cells
    stmt = dialect_insert(conn, c).from_select(["cohort", "month", "members"], rows)
    conn.execute(stmt.on_conflict_do_update(index_elements=["cohort", "month"],
                                            set_={"members": c.c.members + stmt.excluded.members}))


def _cell_moved(conn: Connection, cohort: Any, month: date, by: int) -> None:
    c = tm.cohort_cells
    conn.execute(c.update().where(c.c.cohort == cohort, c.c.month == month).values(members=c.c.members + by))


def _forget_retained(conn: Connection, since: Any | None) -> None:
    """Retention figures whose second month ends on or after `since` (a day of sales just folded): gone."""
    if since is None:
        return
    kv = t.kv
    day = as_date(since).isoformat()
    # the day is compared here, not by the keys' order: a PostgreSQL collation other than C ignores punctuation
    keys = conn.execute(select(kv.c.key).where(kv.c.key.startswith(tm.RETAINED_KEY, autoescape=True))).scalars()
    stale = [key for key in keys if key[len(tm.RETAINED_KEY):len(tm.RETAINED_KEY) + 10] >= day]
    if stale:
        conn.execute(kv.delete().where(kv.c.key.in_(stale)))


def _add_month_totals(conn: Connection, month: date) -> None:
    """Add one freshly filled month of the monthly cache to the per-member totals."""
    a = tm.member_month_activity
    _add_member_totals(conn, select(a.c.member_id, a.c.cohort, a.c.visits, a.c.revenue_minor.label("revenue"),
                                    a.c.first_day, a.c.last_day).where(a.c.month == month))


def _recompute_refunded(conn: Connection, lo: int, hi: int, sales_upto: int) -> None:
    """Refunds (lo, hi]: rebuild the cache rows of their members' months from the sales already folded."""
    s, r, a, st = t.sales, t.refunds, tm.member_month_activity, tm.member_stats
    refunded = (select(s.c.member_id.label("member_id"), month_first(conn, s.c.business_date).label("month"))
                .distinct().select_from(r.join(s, s.c.id == r.c.sale_id))
                .where(row_seq(conn, r) > lo, row_seq(conn, r) <= hi, s.c.member_id.is_not(None)))
    pairs = conn.execute(refunded).all()
    if not pairs:
        return
    months = refunded.subquery()
    members = select(months.c.member_id)

    def cohorts() -> dict[tuple[str, date], Any]:
        """The refunded (member, month) rows of the monthly cache, with their cohorts."""
        return {(member_id, as_date(month)): cohort for member_id, month, cohort in conn.execute(
            select(a.c.member_id, a.c.month, a.c.cohort).select_from(a.join(months, and_(
                a.c.month == months.c.month, a.c.member_id == months.c.member_id))))}

    def revenues() -> dict[str, int]:
        """The refunded members' all-time revenue (member_stats)."""
        return {member_id: int(revenue) for member_id, revenue in conn.execute(
            select(st.c.member_id, st.c.revenue_minor).where(st.c.member_id.in_(members)))}

    had = cohorts()
    for member_id, first in pairs:
        first = as_date(first)
        conn.execute(a.delete().where(a.c.month == first, a.c.member_id == member_id))
        _add_activity(conn, and_(s.c.member_id == member_id, s.c.business_date >= first,
                                 s.c.business_date < add_months(first, 1), row_seq(conn, s) <= sales_upto), fresh=True)
    has = cohorts()
    cells: Counter[tuple[Any, date]] = Counter()
    for member_month in had.keys() - has.keys():  # the month's every sale went back: one member fewer in its cell
        cells[had[member_month], member_month[1]] -= 1
    for member_month in has.keys() - had.keys():
        cells[has[member_month], member_month[1]] += 1
    for (cohort, month), by in cells.items():
        if by:
            _cell_moved(conn, cohort, month, by)
    _forget_retained(conn, min(as_date(p[1]) for p in pairs))
    was = revenues()
    conn.execute(st.delete().where(st.c.member_id.in_(members)))
    conn.execute(dialect_insert(conn, st).from_select(ACTIVITY_COLUMNS, select(
        a.c.member_id, func.min(a.c.cohort), func.sum(a.c.visits), func.sum(a.c.revenue_minor),
        func.min(a.c.first_day), func.max(a.c.last_day)).where(a.c.member_id.in_(members))
        .group_by(a.c.member_id)))
    now = revenues()
    _totals_moved(conn, (len(now) - len(was), sum(now.values()) - sum(was.values())))


def kv_get(conn: Connection, key: str, *, lock: bool = False) -> str | None:
    """A cache's kv value; `lock`: FOR UPDATE (on PostgreSQL, two sessions folding at once take turns)."""
    kv = t.kv
    stmt = select(kv.c.value).where(kv.c.key == key)
    return conn.execute(stmt.with_for_update() if lock else stmt).scalar()


def next_batch(conn: Connection, table: Any, key: str, horizon: int | None, batch: int) -> tuple[int, int, int]:
    """(done, upto, top) of a fold of `table`'s new rows whose watermark is kv `key`: how far it went, the end of
    its next batch of at most `batch` rows, and how far the rows go (capped at the settled `horizon`). The
    watermark row is made if missing and locked (FOR UPDATE: two PostgreSQL sessions folding at once must not
    both add the same batch); the caller folds (done, upto] and moves the watermark with kv_update."""
    insert_missing(conn, t.kv, dict(key=key, value="0"))
    done = int(kv_get(conn, key, lock=True) or 0)
    top = capped(seq_top(conn, table), horizon)
    return done, min(top, done + batch), top


def kv_update(conn: Connection, key: str, value: str) -> None:
    """Change a value in place: for the rows a fold locks (kv_get(lock=True)) as its watermark. Deleted and written
    again (kv_set), a PostgreSQL session waiting on the lock would find no row once it is let through."""
    kv = t.kv
    conn.execute(kv.update().where(kv.c.key == key).values(value=value))


def kv_set(conn: Connection, key: str, value: str | None) -> None:
    """Set a cache's kv value (None: delete it)."""
    kv = t.kv
    conn.execute(kv.delete().where(kv.c.key == key))
    if value is not None:
        conn.execute(kv.insert().values(key=key, value=value))


def refresh_member_activity(engine: Engine) -> int:
    """Fold completed sales and refunds written since the last refresh into the member activity caches.

    Returns how many sales and refunds rows it moved past. Sales are only ever added (a refund flips its
    sale's status and writes a refunds row), so new sales merge into the rows they touch and each new refund
    rebuilds just its member's month. The first fill goes a month per transaction, each one INSERT ... SELECT
    over that month's slice of the sales date index, so the counter is never held up for long.
    """
    s, r = t.sales, t.refunds
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        # the usual case, nothing new since the last look: answer without taking the write lock
        seen_s, seen_r = kv_get(conn, tm.ACTIVITY_SALES_KEY), kv_get(conn, tm.ACTIVITY_REFUNDS_KEY)
        if seen_s not in (None, "fill") and \
                seq_top(conn, s) <= int(seen_s) and \
                seq_top(conn, r) <= int(seen_r or 0):
            return 0
    horizons = settled_top(engine, s), settled_top(engine, r)  # PostgreSQL: nothing below them can still commit
    folded = 0
    while True:
        with engine.begin() as conn:
            insert_missing(conn, t.kv, dict(key=tm.ACTIVITY_SALES_KEY, value="fill"))
            # FOR UPDATE: two PostgreSQL sessions folding at once must not both add the same rows
            state = kv_get(conn, tm.ACTIVITY_SALES_KEY, lock=True) or "fill"  # written just above if missing
            top_s = capped(seq_top(conn, s), horizons[0])
            top_r = capped(seq_top(conn, r), horizons[1])
            if state == "fill":
                fill_top, next_month = kv_get(conn, tm.ACTIVITY_FILL_TOP_KEY), kv_get(conn, tm.ACTIVITY_FILL_NEXT_KEY)
                if fill_top is None:  # start: fill up to the sales there are now; later ones fold as usual
                    conn.execute(tm.cohort_cells.delete())
                    kv_set(conn, tm.MEMBER_TOTALS_KEY, "0,0")
                    _forget_retained(conn, date.min)
                    first = conn.execute(select(func.min(s.c.business_date))).scalar()
                    kv_set(conn, tm.ACTIVITY_REFUNDS_KEY, str(top_r))
                    kv_set(conn, tm.ACTIVITY_FILL_TOP_KEY, str(top_s))
                    kv_set(conn, tm.ACTIVITY_FILL_NEXT_KEY, month_start(as_date(first)).isoformat() if first else None)
                    folded += top_r
                    continue
                fill_upto = int(fill_top)
                if next_month is not None:
                    month = date.fromisoformat(next_month)
                    _add_activity(conn, and_(s.c.business_date >= month, s.c.business_date < add_months(month, 1),
                                             row_seq(conn, s) <= fill_upto), fresh=True)
                    _add_month_totals(conn, month)
                    a = tm.member_month_activity
                    _add_cells(conn, select(a.c.cohort, a.c.month, func.count()).where(a.c.month == month)
                               .group_by(a.c.cohort, a.c.month))
                    last = conn.execute(select(func.max(s.c.business_date))).scalar()
                    following = add_months(month, 1)
                    if last is not None and following <= as_date(last):
                        kv_set(conn, tm.ACTIVITY_FILL_NEXT_KEY, following.isoformat())
                        continue
                kv_set(conn, tm.ACTIVITY_FILL_NEXT_KEY, None)
                kv_set(conn, tm.ACTIVITY_FILL_TOP_KEY, None)
                if kv_get(conn, tm.MEMBER_TOTALS_KEY) is None:  # a fill the 0024 upgrade found under way
                    st = tm.member_stats
                    count, total = conn.execute(select(func.count(), func.coalesce(func.sum(st.c.revenue_minor),
                                                                                    0))).one()
                    kv_set(conn, tm.MEMBER_TOTALS_KEY, f"{int(count)},{int(total)}")
                kv_update(conn, tm.ACTIVITY_SALES_KEY, str(fill_upto))
                folded += fill_upto
                continue
            done_s, done_r = int(state), int(kv_get(conn, tm.ACTIVITY_REFUNDS_KEY) or 0)
            if top_s <= done_s and top_r <= done_r:
                return folded
            upto = min(top_s, done_s + ACTIVITY_BATCH)
            if upto > done_s:
                batch = and_(row_seq(conn, s) > done_s, row_seq(conn, s) <= upto)
                _forget_retained(conn, conn.execute(select(func.min(s.c.business_date)).where(batch)).scalar())
                _add_activity(conn, batch)
                kv_update(conn, tm.ACTIVITY_SALES_KEY, str(upto))
                folded += upto - done_s
            if upto == top_s and top_r > done_r:  # refunds once the sales are caught up: rebuilt from all of them
                _recompute_refunded(conn, done_r, top_r, upto)
                kv_set(conn, tm.ACTIVITY_REFUNDS_KEY, str(top_r))
                folded += top_r - done_r


def insert_missing(conn: Connection, table: Any, values: dict[str, Any]) -> None:
    conn.execute(dialect_insert(conn, table).values(**values).on_conflict_do_nothing())


def as_date(value: Any) -> date:
    """A date however the database gave it back (PostgreSQL a date, SQLite ISO text, either maybe a datetime)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
