"""Each member's last 30, 90 and 180 days, kept current so that program health reads an index, not the sales.

`member_windows` (0024) holds, per window span and member, the completed sales (visits, revenue, first and last
day) and the entries that earned or spent, over the days ending on one anchor day. Every change rebuilds the
rows of the members it touches from the sales and entries themselves (`_rebuild`), and adjusts `window_totals`
by the difference, so a member folded twice is counted once:

- a sale, refund or earning/spending entry written since the last look (by row sequence, as the 0007 caches);
- the anchor moving to a later day: the members with a sale or entry on a day that leaves a window or on a day
  that enters one;
- the first fill: every member, a batch of member ids per transaction.

The anchor moves and the first fill walks through the members in batches (`after` in the pending state), each
its own short write transaction, so a counter never waits long; a reader finishes any pending walk before it
reads (`refresh_member_windows`), whichever device started it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.engine import Connection

from kiosk.domain.ledger import AWARD_KINDS, SPEND_KINDS
from kiosk.services.ports.sales import COUNTED_STATUSES

from . import tables as t
from . import tables_manager as tm
from .caches import insert_missing, kv_get, kv_set, kv_update
from .fold import capped, row_seq, seq_top, settled_top

EPOCH = date(2000, 1, 1)
SPANS = tm.WINDOW_SPANS
WIDEST = max(SPANS)
REBUILD_BATCH = 500  # members rebuilt per statement group (an IN list, or a range of ids)
WALK_BATCH = 500  # members rebuilt one by one per write transaction (~0.1 s; ~0.5 s in a file larger than memory)
FOLD_BATCH = 1_000  # sales, refunds and entries folded per write transaction: ~3,000 members rebuilt at most
COPY_BATCH = 20_000  # members copied per write transaction from a first fill's one pass over the days
# A new day's move is one pass too once this many members bought in the widest window: member by member it reads
# each moved member's rows at random (1M members, a file larger than memory: 112 s of CPU against the pass's
# 66 s), while a shop whose file fits in memory walks its moved members faster (100k: 2.2 s against 5.0 s).
BULK_MOVE = 300_000
# A jump of the anchor this long rebuilds everyone: cheaper than finding who left which window.
REFILL_AFTER_DAYS = 60

Members = Callable[[Any], Any]  # a member-id column -> the condition that picks the members to rebuild


def day_no(day: date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=number)


def day_int(conn: Connection, column: Any) -> Any:
    """A date column as days since EPOCH, as day_no counts them, so the gap between two days is a subtraction in
    either database (SQLite keeps ISO text and counts Julian days; PostgreSQL subtracts dates to an integer)."""
    if conn.dialect.name == "postgresql":
        return column - cast(literal(EPOCH.isoformat()), Date)
    # the epoch's Julian day: its ordinal (day 1 is 1 January of year 1, Julian day 1721425.5) + 1721424.5
    return cast(func.julianday(column) - (EPOCH.toordinal() + 1721424.5), Integer)


# -- rebuilding members ------------------------------------------------------------------------------------

def _sums(conn: Connection, members: Members) -> dict[int, tuple[int, ...]]:
    w = tm.member_windows
    rows = conn.execute(select(
        w.c.span, func.count(case((w.c.visits > 0, 1))), func.count(case((w.c.visits >= 2, 1))),
        func.coalesce(func.sum(w.c.revenue_minor), 0), func.count(case((w.c.awards > 0, 1))),
        func.count(case((w.c.redeems > 0, 1)))).where(members(w.c.member_id)).group_by(w.c.span)).all()
    return {int(r[0]): tuple(int(v) for v in r[1:]) for r in rows}


WINDOW_COLUMNS = ["span", "member_id", "visits", "revenue_minor", "first_day", "last_day", "risk_day", "awards",
                  "redeems"]


def _window_rows(conn: Connection, anchor: date, members: Members | None) -> Any:
    """The window rows (WINDOW_COLUMNS) of the chosen members (None: everyone) from their sales and entries.

    Completed sales and partly refunded ones are read apart: the first need nothing the date index of the sales
    (ix_sales_date_member) does not hold, so everyone's window is one pass over that index, not the sales.
    """
    s, e = t.sales, t.ledger_entries
    last = day_no(anchor)
    first_date = day_of(last - WIDEST + 1)

    def chosen(column: Any) -> Any:
        return column.is_not(None) if members is None else members(column)

    def sales(status: str, revenue: Any) -> Any:
        return (select(s.c.member_id.label("member_id"), day_int(conn, s.c.business_date).label("day"),
                       literal(1).label("visit"), revenue.label("revenue"), literal(0).label("award"),
                       literal(0).label("redeem"))
                .where(chosen(s.c.member_id), s.c.business_date >= first_date, s.c.business_date <= anchor,
                       s.c.status == status))

    counted = {"completed": s.c.total_minor, "partly_refunded": s.c.total_minor - s.c.refunded_minor}
    assert set(counted) == set(COUNTED_STATUSES)
    rows = union_all(
        *(sales(status, revenue) for status, revenue in counted.items()),
        select(e.c.member_id, day_int(conn, e.c.business_date), literal(0), literal(0),
               case((e.c.kind.in_(AWARD_KINDS), 1), else_=0), case((e.c.kind.in_(SPEND_KINDS), 1), else_=0))
        .where(chosen(e.c.member_id), e.c.business_date >= first_date, e.c.business_date <= anchor,
               e.c.kind.in_(AWARD_KINDS + SPEND_KINDS)),
    ).subquery()
    spans = union_all(*(select(literal(span).label("span")) for span in SPANS)).subquery()
    per = (select(spans.c.span.label("span"), rows.c.member_id.label("member_id"),
                  func.sum(rows.c.visit).label("visits"), func.sum(rows.c.revenue).label("revenue"),
                  func.min(case((rows.c.visit == 1, rows.c.day))).label("first"),
                  func.max(case((rows.c.visit == 1, rows.c.day))).label("last"),
                  func.sum(rows.c.award).label("awards"), func.sum(rows.c.redeem).label("redeems"))
           .select_from(rows.join(spans, rows.c.day > last - spans.c.span))
           .group_by(spans.c.span, rows.c.member_id).subquery())
    # usual gap = (last - first) / (visits - 1); at risk once today - last > 1.5 x the gap, i.e. today > risk_day
    risk = case((and_(per.c.visits >= 2, per.c.last > per.c.first),
                 per.c.last + ((per.c.last - per.c.first) * 3) // (2 * (per.c.visits - 1))))
    return select(per.c.span, per.c.member_id, per.c.visits, per.c.revenue, per.c.first, per.c.last, risk,
                  per.c.awards, per.c.redeems)


def _replace(conn: Connection, members: Members, rows: Any) -> None:
    """Replace the chosen members' window rows by `rows`, moving the totals by the difference."""
    w, wt = tm.member_windows, tm.window_totals
    before = _sums(conn, members)
    conn.execute(w.delete().where(members(w.c.member_id)))
    conn.execute(w.insert().from_select(WINDOW_COLUMNS, rows))
    after = _sums(conn, members)
    for span in SPANS:
        old, new = before.get(span, (0,) * 5), after.get(span, (0,) * 5)
        if old != new:
            d = [b - a for a, b in zip(old, new, strict=True)]
            conn.execute(wt.update().where(wt.c.span == span).values(
                buyers=wt.c.buyers + d[0], repeaters=wt.c.repeaters + d[1], revenue_minor=wt.c.revenue_minor + d[2],
                awarded=wt.c.awarded + d[3], redeemed=wt.c.redeemed + d[4]))


def _rebuild(conn: Connection, anchor: date, members: Members) -> None:
    """Rebuild the window rows of the chosen members from their sales and entries up to `anchor`."""
    _replace(conn, members, _window_rows(conn, anchor, members))


def _rebuild_ids(conn: Connection, anchor: date, ids: Iterable[str]) -> None:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), REBUILD_BATCH):
        chunk = ordered[i:i + REBUILD_BATCH]
        _rebuild(conn, anchor, lambda column, chunk=chunk: column.in_(chunk))  # type: ignore[misc]


# -- state -------------------------------------------------------------------------------------------------

def _tops(conn: Connection, horizons: Horizons = (None, None, None)) -> tuple[int, int, int]:
    return (capped(seq_top(conn, t.sales), horizons[0]), capped(seq_top(conn, t.refunds), horizons[1]),
            capped(seq_top(conn, t.ledger_entries), horizons[2]))


def _marks(conn: Connection) -> tuple[int, int, int]:
    return (int(kv_get(conn, tm.WINDOWS_SALES_KEY) or 0), int(kv_get(conn, tm.WINDOWS_REFUNDS_KEY) or 0),
            int(kv_get(conn, tm.WINDOWS_ENTRIES_KEY) or 0))


def latest_sale_day(conn: Connection) -> date | None:
    value = conn.execute(select(func.max(t.sales.c.business_date))).scalar()
    return None if value is None else date.fromisoformat(str(value)[:10])


def in_use(engine: Engine) -> bool:
    """The windows were filled once: program health has been looked at on this database."""
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        return bool(kv_get(conn, tm.WINDOWS_ANCHOR_KEY))


def refresh_member_windows(engine: Engine, today: date, *,
                           latest: Callable[[Connection], date | None] = latest_sale_day) -> bool:
    """Bring the windows to end on `today` with every row written so far; False when they cannot serve it.

    They cannot when a sale is dated after `today` (a report about an earlier day) or they already end later:
    the anchor never moves back, and the caller then reads the sales themselves. `latest`: reads the last sale's
    day (program health's view passes the one it read already).
    """
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        latest_day = latest(conn)
        if latest_day is not None and latest_day > today:
            return False
        anchor = kv_get(conn, tm.WINDOWS_ANCHOR_KEY)
        if anchor is not None and date.fromisoformat(anchor) > today:
            return False
        if anchor == today.isoformat() and kv_get(conn, tm.WINDOWS_FILL_KEY) is None and \
                all(top <= mark for top, mark in zip(_tops(conn), _marks(conn), strict=True)):
            return True
    # PostgreSQL: how far the rows go that can no longer be joined by one committed later (fold.settled_top)
    horizons = (settled_top(engine, t.sales), settled_top(engine, t.refunds), settled_top(engine, t.ledger_entries))
    while True:
        with engine.connect().execution_options(kiosk_readonly=True) as conn:
            pending = kv_get(conn, tm.WINDOWS_FILL_KEY)
            walk = json.loads(pending) if pending is not None else None
            one_pass = walk is not None and (walk.get("all") or _widest(conn) > BULK_MOVE)
        if one_pass:  # a fill, or a big shop's new day: from wherever it is (another process may be walking it)
            _bulk_fill(engine)
        with engine.begin() as conn:
            if not _step(conn, today, horizons):  # nothing left to do: unless the anchor moved past today meanwhile
                return kv_get(conn, tm.WINDOWS_ANCHOR_KEY) == today.isoformat()


Horizons = tuple[int | None, int | None, int | None]  # sales, refunds, entries (None: SQLite, no cap)


def _step(conn: Connection, today: date, horizons: Horizons = (None, None, None)) -> bool:
    """One write transaction of work towards windows ending on `today`; False once there is none left."""
    wt = tm.window_totals
    insert_missing(conn, t.kv, dict(key=tm.WINDOWS_ANCHOR_KEY, value=""))
    # FOR UPDATE: two PostgreSQL sessions refreshing at once take turns
    anchor_text = kv_get(conn, tm.WINDOWS_ANCHOR_KEY, lock=True) or None
    pending = kv_get(conn, tm.WINDOWS_FILL_KEY)
    if pending is not None:
        return _walk(conn, date.fromisoformat(anchor_text or today.isoformat()), json.loads(pending))
    anchor = date.fromisoformat(anchor_text) if anchor_text else None
    if anchor is not None and anchor > today:  # moved on meanwhile (the hourly pass at midnight): never back
        return False
    if anchor is None or (today - anchor).days > REFILL_AFTER_DAYS:
        # everyone, from scratch: the totals restart at zero and every member is rebuilt in batches
        conn.execute(tm.member_windows.delete())
        conn.execute(wt.delete())
        conn.execute(wt.insert(), [dict(span=span, buyers=0, repeaters=0, revenue_minor=0, awarded=0, redeemed=0)
                                   for span in SPANS])
        _start(conn, today, json.loads(FRESH_FILL), horizons)
        return True
    if anchor < today:  # a new day: who leaves a window and who enters one
        _start(conn, today, {"from": anchor.isoformat(), "after": ""}, horizons)
        return True
    return _fold(conn, anchor, horizons)


FRESH_FILL = json.dumps({"all": True, "after": ""})  # a first fill that nobody has begun to walk
_FILL = Table("kiosk_window_fill", MetaData(), Column("span", Integer), Column("member_id", String(32)),
              Column("visits", Integer), Column("revenue_minor", BigInteger), Column("first_day", Integer),
              Column("last_day", Integer), Column("risk_day", Integer), Column("awards", Integer),
              Column("redeems", Integer), Index("ix_kiosk_window_fill", "member_id"), prefixes=["TEMPORARY"])


def _bulk_fill(engine: Engine) -> None:
    """A first fill, or a new day's move, in one pass over the windows' days instead of member by member.

    Walking a million members reads each one's sales and entries through their own index, a random read per row
    (a first fill took about 18 minutes on the bench shop, whose file does not fit in memory, and a day's move
    about 2 minutes); the days of the widest window are one range of the date indexes (about 25 seconds). The
    pass runs in a read transaction into a temporary table, so no counter waits for it; its rows then replace
    the windows a batch of members per write transaction (the totals moving by each batch's difference), each
    first checking that the walk is still where this copy left it (another process may have taken it over:
    this one then stops and the usual walk goes on from wherever it is).

    Any snapshot taken once the walk has begun serves any range of it (what is written later is folded after the
    walk), so two processes copying at once, or a copy and the member-by-member walk, each go on from wherever
    the walk has reached, and a copy cut short (the app closed) is taken up by the next one.
    """
    conn = engine.connect().execution_options(kiosk_readonly=True)
    try:
        with conn.begin():
            anchor = kv_get(conn, tm.WINDOWS_ANCHOR_KEY)
            state = kv_get(conn, tm.WINDOWS_FILL_KEY)
            if not anchor or state is None:
                return
            kind = {key: value for key, value in json.loads(state).items() if key != "after"}
            _FILL.drop(conn, checkfirst=True)
            _FILL.create(conn)
            conn.execute(_FILL.insert().from_select(WINDOW_COLUMNS,
                                                    _window_rows(conn, date.fromisoformat(anchor), None)))
        conn.execution_options(kiosk_readonly=False)
        while True:
            with conn.begin():
                now = kv_get(conn, tm.WINDOWS_ANCHOR_KEY, lock=True)
                state = kv_get(conn, tm.WINDOWS_FILL_KEY)
                walk = json.loads(state) if state is not None else None
                if now != anchor or walk is None or {k: v for k, v in walk.items() if k != "after"} != kind:
                    return  # done by another, or a walk of another day
                after = str(walk["after"])
                ids = list(conn.execute(select(_FILL.c.member_id).distinct().where(_FILL.c.member_id > after)
                                        .order_by(_FILL.c.member_id).limit(COPY_BATCH)).scalars())
                last = len(ids) < COPY_BATCH  # the last batch reaches past the last member with a row
                batch = _after(after, None if last else ids[-1])
                _replace(conn, batch, select(*(_FILL.c[name] for name in WINDOW_COLUMNS))
                         .where(batch(_FILL.c.member_id)))
                if last:
                    kv_set(conn, tm.WINDOWS_FILL_KEY, None)
                    return
                kv_set(conn, tm.WINDOWS_FILL_KEY, json.dumps({**kind, "after": ids[-1]}))
    finally:
        try:  # the temporary table goes with its connection, which the pool would otherwise keep
            conn.execution_options(kiosk_readonly=True)
            with conn.begin():
                _FILL.drop(conn, checkfirst=True)
        finally:
            conn.close()


def _widest(conn: Connection) -> int:
    """How many members bought in the widest window (its totals' row: no count of the rows)."""
    wt = tm.window_totals
    return int(conn.execute(select(wt.c.buyers).where(wt.c.span == WIDEST)).scalar() or 0)


def _start(conn: Connection, anchor: date, pending: dict[str, Any], horizons: Horizons) -> None:
    tops = _tops(conn, horizons)
    # rows written from here on are folded after the walk; the walk reads whatever it finds, so a member
    # rebuilt by both is rebuilt twice, and counted once
    if "all" in pending:
        for key, top in zip((tm.WINDOWS_SALES_KEY, tm.WINDOWS_REFUNDS_KEY, tm.WINDOWS_ENTRIES_KEY), tops, strict=True):
            kv_set(conn, key, str(top))
    kv_update(conn, tm.WINDOWS_ANCHOR_KEY, anchor.isoformat())
    kv_set(conn, tm.WINDOWS_FILL_KEY, json.dumps(pending))


def _after(low: str, high: str | None) -> Members:
    """The member ids after `low` up to `high` (None: all the rest): batches that meet end to end."""
    return lambda column: column > low if high is None else and_(column > low, column <= high)


def _walk(conn: Connection, anchor: date, pending: dict[str, Any]) -> bool:
    """The next batch of members of a fill (everyone) or of an anchor move (who left or entered a window)."""
    after = str(pending["after"])
    if pending.get("all"):
        m = t.members
        ids = list(conn.execute(select(m.c.id).where(m.c.id > after).order_by(m.c.id).limit(WALK_BATCH)).scalars())
        # ranges of ids that meet end to end (each reads the members' own index rows), the last one open: the
        # sales and entries of a member id not (yet) in `members` (a hub's entry ahead of its member) count as
        # the one-pass fill and the folds count them, whichever gap between two members they fall in
        low, last_batch = after, len(ids) < WALK_BATCH
        for i in range(0, max(len(ids), 1), REBUILD_BATCH):
            high = None if last_batch and i + REBUILD_BATCH >= len(ids) else ids[i:i + REBUILD_BATCH][-1]
            _rebuild(conn, anchor, _after(low, high))
            if high is not None:
                low = high
    else:
        ids = _moved(conn, date.fromisoformat(str(pending["from"])), anchor, after)
        _rebuild_ids(conn, anchor, ids)
    if len(ids) < WALK_BATCH:
        kv_set(conn, tm.WINDOWS_FILL_KEY, None)
    else:
        kv_set(conn, tm.WINDOWS_FILL_KEY, json.dumps({**pending, "after": ids[-1]}))
    return True


def _moved(conn: Connection, old: date, new: date, after: str) -> list[str]:
    """The next members (by id, after `after`) with a sale or entry on a day leaving or entering a window."""
    s, e = t.sales, t.ledger_entries
    days: list[tuple[date, date]] = [(old + timedelta(days=1), new)]  # entering every window
    for span in SPANS:  # leaving: the days before the new window's first that the old window held
        leave_from, leave_to = old - timedelta(days=span - 1), min(old, new - timedelta(days=span))
        if leave_from <= leave_to:
            days.append((leave_from, leave_to))
    kinds = AWARD_KINDS + SPEND_KINDS
    parts = []
    for lo, hi in days:
        parts.append(select(s.c.member_id.label("member_id")).where(
            s.c.business_date >= lo, s.c.business_date <= hi, s.c.member_id > after))
        parts.append(select(e.c.member_id.label("member_id")).where(
            e.c.kind.in_(kinds), e.c.business_date >= lo, e.c.business_date <= hi, e.c.member_id > after))
    found = union_all(*parts).subquery()
    return list(conn.execute(select(found.c.member_id).distinct().order_by(found.c.member_id)
                             .limit(WALK_BATCH)).scalars())


def _fold(conn: Connection, anchor: date, horizons: Horizons) -> bool:
    """Rebuild the members of the sales, refunds and entries written since the last fold (one batch)."""
    s, r, e = t.sales, t.refunds, t.ledger_entries
    tops, marks = _tops(conn, horizons), _marks(conn)
    if all(top <= mark for top, mark in zip(tops, marks, strict=True)):
        return False
    ids: set[str] = set()
    (top_s, top_r, top_e), (done_s, done_r, done_e) = tops, marks
    upto_s, upto_r, upto_e = (min(top_s, done_s + FOLD_BATCH), min(top_r, done_r + FOLD_BATCH),
                              min(top_e, done_e + FOLD_BATCH))
    lo_day = anchor - timedelta(days=WIDEST - 1)
    ids.update(conn.execute(select(s.c.member_id).distinct().where(
        row_seq(conn, s) > done_s, row_seq(conn, s) <= upto_s, s.c.member_id.is_not(None),
        s.c.business_date >= lo_day)).scalars())
    ids.update(conn.execute(select(s.c.member_id).distinct().select_from(r.join(s, s.c.id == r.c.sale_id)).where(
        row_seq(conn, r) > done_r, row_seq(conn, r) <= upto_r, s.c.member_id.is_not(None),
        s.c.business_date >= lo_day)).scalars())
    ids.update(conn.execute(select(e.c.member_id).distinct().where(
        e.c.seq > done_e, e.c.seq <= upto_e, e.c.member_id.is_not(None), e.c.business_date >= lo_day,
        e.c.kind.in_(AWARD_KINDS + SPEND_KINDS))).scalars())
    _rebuild_ids(conn, anchor, ids)
    for key, value in ((tm.WINDOWS_SALES_KEY, upto_s), (tm.WINDOWS_REFUNDS_KEY, upto_r),
                       (tm.WINDOWS_ENTRIES_KEY, upto_e)):
        kv_set(conn, key, str(value))
    return True


# -- reading -----------------------------------------------------------------------------------------------

def totals(conn: Connection, span: int) -> tuple[int, int, int, int, int]:
    wt = tm.window_totals
    row = conn.execute(select(wt.c.buyers, wt.c.repeaters, wt.c.revenue_minor, wt.c.awarded, wt.c.redeemed)
                       .where(wt.c.span == span)).first()
    return (0, 0, 0, 0, 0) if row is None else (int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]))
