"""The sales made per day and device the period summary reads (sales_day_totals), kept current from the sales rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, case, delete, func, select
from sqlalchemy.engine import Connection

from kiosk.services.ports.sales import MADE_STATUSES

from . import tables as t
from . import tables_manager as tm
from .caches import kv_get, kv_update, next_batch
from .fold import row_seq, seq_top, settled_top
from .repositories.common import dialect_insert

# Sales folded per write transaction. The fold reads each sale's flags and discounts text: on the bench shop a
# batch holds the write lock for about 30 ms (60 at most), so a first fill over a year of sales never keeps a
# sale waiting long.
SALES_DAYS_BATCH = 20_000
# Changed (day, device) rows rebuilt per write transaction. Each reads that day's sales of the device (4,000 on
# the bench shop's busiest day: 10 ms); a device joining a chain may pull refunds for a whole year of days.
STALE_KEYS = 4
KEYS = ["business_date", "device_id"]
FIGURES = [c.name for c in tm.sales_day_totals.c if c.name not in KEYS]


def day_figures() -> list[Any]:
    """The cache's figures as aggregates over sales rows, in the order of FIGURES.

    The sales made on the day, as they were made: every sale but a voided one counts, with all it took
    (total_minor, after discounts and store credit), its discounts and the rewards used, whatever was given back
    later. A refund counts on its own day (the summary reads the refunds of the period), so a refund never
    changes a past day's row. The override and fraud-limit flags count every sale whatever its status, and each
    reward kind counts how often it appears in the sales' discounts (JSON written by checkout).
    """
    s = t.sales
    made = s.c.status.in_(MADE_STATUSES)
    taken = s.c.total_minor
    member = s.c.member_id.is_not(None)
    # most sales have no discount: their text is not searched five times over (no kind occurs in "[]" anyway)
    discounted = and_(made, s.c.discounts_json != "[]")

    def count_of(condition: Any) -> Any:
        return func.count(case((condition, 1)))

    def total_of(condition: Any, value: Any) -> Any:
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    def occurrences(needle: str) -> Any:
        column = s.c.discounts_json
        return (func.length(column) - func.length(func.replace(column, needle, ""))) / len(needle)

    figures = [count_of(made), total_of(made, taken), count_of(and_(made, member)),
               total_of(and_(made, member), taken), total_of(made, s.c.discount_minor),
               count_of(s.c.flags.like("%override%")), count_of(s.c.flags.like("%fraud_limit%")),
               # the JSON as older rows keep it ('"kind": "voucher"') and as sales write it since issue 15's tenth
               # step, without spaces ('"kind":"voucher"')
               *(total_of(discounted, occurrences(f'"kind": "{kind}"') + occurrences(f'"kind":"{kind}"'))
                 for kind in tm.DISCOUNT_KINDS)]
    return [figure.label(name) for figure, name in zip(figures, FIGURES, strict=True)]


def _add(conn: Connection, sales_where: Any) -> None:
    """Add the sales matching `sales_where` to their (day, device) rows, making the rows that are missing."""
    s, d = t.sales, tm.sales_day_totals
    rows = select(s.c.business_date, s.c.device_id, *day_figures()).where(sales_where) \
        .group_by(s.c.business_date, s.c.device_id)
    stmt = dialect_insert(conn, d).from_select([*KEYS, *FIGURES], rows)
    conn.execute(stmt.on_conflict_do_update(index_elements=KEYS,
                                            set_={name: d.c[name] + stmt.excluded[name] for name in FIGURES}))


def refresh_sales_days(engine: Engine) -> int:
    """Bring sales_day_totals up to the sales; returns how many sales rows it folded and day rows it rebuilt.

    Sales written since the last fold (SQLite rowid, PostgreSQL fold_seq past the kv watermark) are added to
    their rows; a sale changed since it was written (noted in sales_day_stale by the 0023 triggers) has its
    (day, device) row rebuilt from that day's sales, through the date index. In batches, each its own short
    write transaction, so a first fill on a big shop never holds the counter up; nothing new costs three reads.
    """
    s, n, d = t.sales, tm.sales_day_stale, tm.sales_day_totals
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        # the usual case, nothing new since the last look: answer without taking the write lock
        done = int(kv_get(conn, tm.SALES_DAYS_KEY) or 0)
        if seq_top(conn, s) <= done and conn.execute(select(n.c.id).limit(1)).first() is None:
            return 0
    horizon = settled_top(engine, s)
    moved = 0
    while True:
        with engine.begin() as conn:
            done, upto, top = next_batch(conn, s, tm.SALES_DAYS_KEY, horizon, SALES_DAYS_BATCH)
            if upto > done:
                _add(conn, and_(row_seq(conn, s) > done, row_seq(conn, s) <= upto))
                kv_update(conn, tm.SALES_DAYS_KEY, str(upto))
                moved += upto - done
            else:  # nothing to add (another session may have folded past this one's horizon): rebuild up to it
                upto = done
            # After the batch, in the same transaction: a sale changed while this batch was read is noted by
            # now and rebuilt here. A key's notes are deleted up to the newest one read (one per change, never
            # merged), before the rebuild reads the sales: one committed meanwhile by another PostgreSQL session
            # is either deleted here and its change read by the rebuild, or left for the next fold.
            keys = conn.execute(select(n.c.business_date, n.c.device_id, func.max(n.c.id))
                                .group_by(n.c.business_date, n.c.device_id)
                                .order_by(func.min(n.c.id)).limit(STALE_KEYS + 1)).all()
            for day, device, newest in keys[:STALE_KEYS]:
                conn.execute(delete(n).where(n.c.business_date == day, n.c.device_id == device, n.c.id <= newest))
                conn.execute(delete(d).where(d.c.business_date == day, d.c.device_id == device))
                # only the sales folded so far: the later ones are added, as they are then, by later batches
                _add(conn, and_(s.c.business_date == day, s.c.device_id == device, row_seq(conn, s) <= upto))
                moved += 1
            if upto >= top and len(keys) <= STALE_KEYS:
                return moved

