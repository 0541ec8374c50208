"""The member windows (0024) give program health the same figures as reading the sales, whatever happened.

A shop built through the real services, with members enrolling (a sign-up bonus: an entry with no sale), buying,
spending points, donating, having sales refunded whole or in part, and sales arriving late with an earlier day
(a till that was offline). After each day, every figure the windows answer is compared with the same figure read
from the sales and entries directly, as the anchor moves a day, several days, or two months at once.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert

from kiosk.adapters.db import member_windows as mw
from kiosk.adapters.db import tables as t
from kiosk.adapters.db import tables_hub as th
from kiosk.adapters.db import tables_manager as tm
from kiosk.adapters.db.analytics import SqlAnalytics
from kiosk.adapters.db.reports import SqlReports
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import DonatePoints, EnrollMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.errors import KioskError
from kiosk.domain.ledger import POINTS, Bucket, Entry, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role
from kiosk.services.context import FixedClock
from kiosk.services.ports.analytics import add_months, month_start
from tests.support.staff import add_staff

START = date(2026, 1, 5)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)  # 11:00 in Bangkok


def figures(q: SqlAnalytics, today: date) -> dict[str, object]:
    this = month_start(today)

    def since(days: int) -> date:
        return today - timedelta(days=days - 1)

    return {
        "buyers30": q.buyers(since(30), today), "buyers90": q.buyers(since(90), today),
        "active90": q.active_buyers(since(90), today),
        "engaged30": q.engaged(since(30), today), "engaged90": q.engaged(since(90), today),
        "top30": q.top_members(since(30), today, limit=5), "top90": q.top_members(since(90), today, limit=50),
        "risk180": q.at_risk(since(180), today, limit=5), "risk180all": q.at_risk(since(180), today, limit=100),
        # the cohort cells and the retention kept between folds (asked twice: the second is the one kept)
        "cohorts": sorted(q.cohort_activity(add_months(month_start(today), -11), today), key=repr),
        "member_revenue": q.member_revenue(),
        "retained": [q.retained(add_months(this, -2), add_months(this, -1) - timedelta(days=1),
                                add_months(this, -1), this - timedelta(days=1)) for _ in range(2)],
    }


def buy(app: Wiring, clock: FixedClock, member_code: str, day: date) -> str:
    """One 50-baht tea for the member (a phone, a card code or a member id) on `day`; its receipt number."""
    clock.at = at(day)
    return app.services.checkout.record_sale(RecordSale(
        command_id=str(uuid.uuid4()), member_code=member_code, lines=(CartLine("Tea", Money(5_000), 1, None),),
        print_receipt=False)).receipt_no


class Shop:
    def __init__(self, app: Wiring, clock: FixedClock, rng: random.Random) -> None:
        self.app, self.clock, self.rng = app, clock, rng
        self.phones: list[str] = []
        self.receipts: list[str] = []
        (self.manager,) = add_staff(app.services.staff, ("Nok", Role.MANAGER, "2222"))

    def days(self, count: int, *, sales: int = 1) -> None:
        """From START, a member enrolled each day who buys `sales` times that day."""
        for i in range(count):
            day = START + timedelta(days=i)
            self.enrol(day)
            for _ in range(sales):
                self.sale(day)

    def enrol(self, day: date) -> None:
        self.clock.at = at(day)
        phone = f"08{len(self.phones):08d}"
        self.app.services.enrollment.enroll(EnrollMember(command_id=str(uuid.uuid4()), name=f"Member {phone}",
                                                          phone=phone, consent_version="2026-01"))
        self.phones.append(phone)

    def sale(self, day: date) -> None:
        self.clock.at = at(day)
        who = self.rng.choice(self.phones + [None]) if self.phones else None
        lines = tuple(CartLine("Sample", Money(self.rng.randrange(40, 400) * 100), self.rng.randint(1, 3), None)
                      for _ in range(self.rng.randint(1, 2)))
        try:
            result = self.app.services.checkout.record_sale(RecordSale(
                command_id=str(uuid.uuid4()), lines=lines, member_code=who, print_receipt=False,
                points_to_spend=self.rng.choice((0, 0, 0, 20))))
        except KioskError:  # not enough points to spend: the sale without them
            result = self.app.services.checkout.record_sale(RecordSale(
                command_id=str(uuid.uuid4()), lines=lines, member_code=who, print_receipt=False))
        self.receipts.append(result.receipt_no)

    def refund(self, day: date) -> None:
        self.clock.at = at(day)
        receipt = self.rng.choice(self.receipts)
        lines = (RefundLine(0, 1),) if self.rng.random() < 0.5 else ()  # part of the first line, or the rest
        try:
            self.app.services.refunds.refund(RefundSale(command_id=str(uuid.uuid4()), receipt_no=receipt,
                                                        lines=lines, approved_by=self.manager.id, print_slip=False))
        except KioskError:  # refunded already, or outside the refund window: nothing changes
            pass

    def donate(self, day: date) -> None:
        self.clock.at = at(day)
        try:
            self.app.services.redemption.donate(DonatePoints(command_id=str(uuid.uuid4()),
                                                             member_code=self.rng.choice(self.phones),
                                                             cause_id="soi_dogs", points=20))
        except KioskError:  # not enough points
            pass


def _run(app: Wiring, clock: FixedClock, seed: int, days: int) -> None:
    rng = random.Random(seed)
    shop = Shop(app, clock, rng)
    fast, slow = SqlAnalytics(app.engine), SqlAnalytics(app.engine, windows=False)
    day = START
    checked = 0
    for step in range(days):
        # a quiet day now and then moves the anchor by more than one day; once, two months go by
        day += timedelta(days=65 if step == days // 2 else rng.choice((1, 1, 1, 2, 4)))
        for _ in range(rng.randint(0, 2)):
            shop.enrol(day)
        for _ in range(rng.randint(0, 6)):
            shop.sale(day)
        if shop.receipts and rng.random() < 0.4:
            shop.refund(day)
        if shop.phones and rng.random() < 0.3:
            shop.donate(day)
        if shop.phones and rng.random() < 0.3:  # a till that was offline: its sale carries an earlier day
            shop.sale(day - timedelta(days=rng.randint(1, 20)))
        clock.at = at(day)
        if rng.random() < 0.7:
            with fast.view() if step % 2 else nullcontext():  # every other day as one program health view
                seen = figures(fast, day)
            assert seen == figures(slow, day), (seed, step, day)
            checked += 1
    assert checked > days // 2
    with app.engine.connect() as conn:  # the cohort sizes, counted per month in one pass, as a GROUP BY says
        by_month = {date.fromisoformat(f"{month}-01"): n for month, n in conn.exec_driver_sql(
            "SELECT substr(CAST(enrolled_date AS TEXT), 1, 7), count(*) FROM members GROUP BY 1").all()}
    first = add_months(month_start(START), 1)
    assert fast.cohort_sizes(first, day) == {m: n for m, n in by_month.items() if first <= m <= day}
    assert fast.cohort_sizes(day + timedelta(days=40), day) == {}
    with app.engine.connect() as conn:  # the windows were used, and end on the last day asked about
        anchor = conn.exec_driver_sql("SELECT value FROM kv WHERE key = 'analytics:windows_anchor'").scalar()
    assert anchor is not None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_windows_match_the_sales_day_after_day(tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seed 3: every new day in one pass, as a big shop's (the others walk the members who moved)."""
    if seed == 3:
        monkeypatch.setattr(mw, "BULK_MOVE", 0)
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        _run(app, clock, seed, 60)


def test_windows_match_the_sales_walking_member_by_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the one-pass copy (another process took the walk over): the members leaving and entering a window
    are found day by day and rebuilt one by one, with the same figures."""
    monkeypatch.setattr(mw, "_bulk_fill", lambda engine: None)
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        _run(app, clock, 2, 60)


def test_windows_are_not_used_for_an_earlier_day_or_a_shop(tmp_path: Path) -> None:
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(5))
        shop.days(3)
        q = SqlAnalytics(app.engine)
        today = START + timedelta(days=2)
        assert mw.refresh_member_windows(app.engine, today)
        # an earlier day: sales after it exist, the windows cannot answer; nor a span they do not keep
        assert not mw.refresh_member_windows(app.engine, today - timedelta(days=1))
        assert q._span(today - timedelta(days=29), today, None) == 30
        assert q._span(today - timedelta(days=6), today, None) is None
        assert q._span(today - timedelta(days=29), today, ("install-1",)) is None
        assert figures(q, today - timedelta(days=1)) == figures(SqlAnalytics(app.engine, windows=False),
                                                                  today - timedelta(days=1))


def test_a_first_fill_in_several_batches_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fill walks the members a batch per transaction; the totals add up across the batches."""
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(7))
        shop.days(40, sales=2)
        today = START + timedelta(days=39)
        monkeypatch.setattr(mw, "WALK_BATCH", 7)
        monkeypatch.setattr(mw, "REBUILD_BATCH", 3)
        monkeypatch.setattr(mw, "COPY_BATCH", 6)
        walk = mw._walk

        def no_walk(*args: object) -> bool:
            raise AssertionError("the one-pass fill left members to walk")

        monkeypatch.setattr(mw, "_walk", no_walk)
        assert figures(SqlAnalytics(app.engine), today) == figures(SqlAnalytics(app.engine, windows=False), today)
        monkeypatch.setattr(mw, "_walk", walk)
        # the walk member by member, as when another process took the one-pass fill over and stopped half way
        with app.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM kv WHERE key = 'analytics:windows_anchor'")
        monkeypatch.setattr(mw, "_bulk_fill", lambda engine: None)
        assert figures(SqlAnalytics(app.engine), today) == figures(SqlAnalytics(app.engine, windows=False), today)
        with app.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT count(*) FROM member_windows WHERE span = 180").scalar()
        assert rows == 40  # every member enrolled (a bonus) and most bought


def test_a_period_starting_inside_the_shops_first_month_counts_that_month(tmp_path: Path) -> None:
    """Read from the sales (no windows): a range from 4 January, no sale before it in January, read none of
    January: the month's cache row was looked for under 4 January instead of 1 January."""
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(3))
        shop.enrol(date(2026, 1, 10))
        shop.enrol(date(2026, 1, 10))
        for phone in shop.phones:
            buy(app, clock, phone, date(2026, 1, 12))
        buy(app, clock, shop.phones[0], date(2026, 2, 2))
        slow = SqlAnalytics(app.engine, windows=False)
        assert slow.buyers(date(2026, 1, 4), date(2026, 2, 2)) == (2, 1)
        assert slow.active_buyers(date(2026, 1, 4), date(2026, 2, 2)) == (2, 15_000)


class OnePass:
    """A stopper that lets a worker's loop run once: not set, and told to stop at its first wait."""

    def is_set(self) -> bool:
        return False

    def wait(self, timeout: float | None = None) -> bool:
        return True


def test_the_background_pass_moves_the_windows_to_a_new_day_once_health_was_looked_at(tmp_path: Path) -> None:
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(11))
        shop.days(5)
        analytics = app.services.analytics()

        def anchor() -> str | None:
            with app.engine.connect() as conn:
                return conn.exec_driver_sql("SELECT value FROM kv WHERE key = 'analytics:windows_anchor'").scalar()

        analytics.worker(OnePass())  # nobody has looked at program health here: nothing is built
        assert anchor() is None
        analytics.health()
        assert anchor() == (START + timedelta(days=4)).isoformat()
        clock.advance(days=1)
        shop.sale(START + timedelta(days=5))
        analytics.worker(OnePass())
        assert anchor() == (START + timedelta(days=5)).isoformat()
        with app.engine.connect() as conn:  # the sale of the new day is folded too: nothing left to do
            marks = conn.exec_driver_sql("SELECT value FROM kv WHERE key = 'analytics:windows_sales_seq'").scalar()
            top = conn.exec_driver_sql("SELECT max(rowid) FROM sales").scalar()
        assert marks is not None and int(marks) == top
        today = START + timedelta(days=5)
        assert figures(SqlAnalytics(app.engine), today) == figures(SqlAnalytics(app.engine, windows=False), today)
        assert "analytics-caches" in app.services.workers.workers
    kiosk = wire(load_settings(data_dir=tmp_path), clock=clock, role="kiosk")
    with kiosk:  # the customers' kiosk on the same database leaves that work to the counter or the manager
        assert "analytics-caches" not in kiosk.services.workers.workers


# what each refresh reads to learn whether there is anything new: the member windows', the member activity's, and
# the period summary's day flows and sales per day
WATERMARKS = (tm.WINDOWS_ANCHOR_KEY, tm.WINDOWS_FILL_KEY, tm.WINDOWS_SALES_KEY, tm.WINDOWS_REFUNDS_KEY,
              tm.WINDOWS_ENTRIES_KEY, tm.ACTIVITY_SALES_KEY, tm.ACTIVITY_REFUNDS_KEY, tm.FLOWS_SEQ_KEY,
              tm.SALES_DAYS_KEY)
ONCE = Counter({key: 1 for key in WATERMARKS}) + Counter({"latest sale day": 1})


@contextmanager
def refresh_reads(engine: Engine) -> Iterator[Counter[str]]:
    """How often each watermark, and the last sale's day, is read meanwhile."""
    seen: Counter[str] = Counter()

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        text = " ".join(statement.split())
        values = list(parameters.values()) if isinstance(parameters, dict) else list(parameters or ())
        if text.startswith("SELECT max(sales.business_date)"):
            seen["latest sale day"] += 1
        elif text.startswith("SELECT kv.value FROM kv WHERE") and len(values) == 1 and values[0] in WATERMARKS:
            seen[values[0]] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _wired(tmp_path: Path, database: str, request: pytest.FixtureRequest, clock: FixedClock) -> Wiring:
    overrides = {"database": {"url": request.getfixturevalue("pg_schema_url")}} if database == "postgresql" else {}
    return wire(load_settings(data_dir=tmp_path, overrides=overrides), clock=clock)


def summary_alone(app: Wiring, date_from: date, date_to: date, installs: tuple[str, ...] | None = None) -> Any:
    """The period summary as the daily summary page reads it: on its own, outside any view."""
    return SqlReports(app.engine).daily_summary(date_from, date_to, currency="THB", installs=installs)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_one_health_view_brings_the_caches_up_to_date_once(tmp_path: Path, database: str,
                                                            request: pytest.FixtureRequest) -> None:
    """Each of its six window figures refreshed the windows (9 reads with nothing new), three figures the member
    activity, the cohort table read the last sale's day again, and the period summary brought the day flows up to
    date after the liability trend had: once each now, and what is new is still seen."""
    clock = FixedClock(at(START))
    with _wired(tmp_path, database, request, clock) as app:
        shop = Shop(app, clock, random.Random(6))
        shop.days(5)
        today = START + timedelta(days=4)
        analytics = app.services.analytics()
        analytics.health()  # the first look fills the caches
        with refresh_reads(app.engine) as seen:
            health = analytics.health()
        assert seen == ONCE
        assert health.summary == summary_alone(app, today - timedelta(days=29), today)
        buy(app, clock, shop.phones[0], today)
        buy(app, clock, shop.phones[0], today)
        later = analytics.health()
        assert later.repeat_buyers == health.repeat_buyers + 1  # the new sales were folded for this view
        assert (later.summary.sales, later.summary.member_revenue_minor) == \
            (health.summary.sales + 2, health.summary.member_revenue_minor + 2 * 5_000)
        assert later.summary == summary_alone(app, today - timedelta(days=29), today)
        with refresh_reads(app.engine) as alone:  # outside a view the summary refreshes each time, as before
            summary_alone(app, today, today)
            summary_alone(app, today, today)
        assert (alone[tm.FLOWS_SEQ_KEY], alone[tm.SALES_DAYS_KEY]) == (2, 2)
        fast = SqlAnalytics(app.engine)
        with fast.view():
            viewed = figures(fast, today)
        assert viewed == figures(SqlAnalytics(app.engine, windows=False), today)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_one_chain_health_view_brings_the_caches_up_to_date_once(tmp_path: Path, database: str,
                                                                  request: pytest.FixtureRequest) -> None:
    """The owner's view of a chain reads the period summary for the chain and for each shop: each of those
    refreshed the day flows and the sales per day again (1 + 3 reads, and 3, for two shops); once each now."""
    clock = FixedClock(at(START))
    with _wired(tmp_path, database, request, clock) as app:
        shop = Shop(app, clock, random.Random(7))
        shop.days(5)
        today = START + timedelta(days=4)
        own = app.settings.context.device_id
        install = own.rsplit("-", 1)[0]
        with app.engine.begin() as conn:  # this device in Old Town, and Riverside's counter, as a hub sync leaves it
            conn.execute(insert(t.kv).values(key=th.HUB_INSTALL_KEY, value=json.dumps(
                {"install_id": install, "shop_id": "old", "shop_name": "Old Town"})))
            conn.execute(insert(th.hub_devices), [
                dict(device_id=own, install_id=install, shop_id="old", shop_name="Old Town", label="C1",
                     role="counter", name="Counter"),
                dict(device_id="river-C1", install_id="river", shop_id="river", shop_name="Riverside", label="C1",
                     role="counter", name="Counter")])
        owner = next(s for s in app.services.staff.list_staff() if s.role == Role.OWNER)
        analytics = app.services.analytics()
        analytics.health(chain=True, viewer=owner.id)  # the first look fills the caches
        with refresh_reads(app.engine) as seen:
            health = analytics.health(chain=True, viewer=owner.id)
        assert seen == ONCE
        start = today - timedelta(days=29)
        assert health.summary == replace(summary_alone(app, start, today), scope=health.scope)
        assert [(s.scope.shop_name, s.sales, s.revenue_minor) for s in health.shops] == [
            (name, alone.sales, alone.revenue_minor)
            for name, alone in (("Old Town", summary_alone(app, start, today, (install,))),
                                ("Riverside", summary_alone(app, start, today, ("river",))))]
        assert health.shops[0].sales == health.summary.sales > 0
        buy(app, clock, shop.phones[0], today)
        later = analytics.health(chain=True, viewer=owner.id)
        assert (later.summary.sales, later.shops[0].sales, later.shops[1].sales) == \
            (health.summary.sales + 1, health.shops[0].sales + 1, 0)
        # the daily summary page's chain table (`kiosk reports --chain`): once for the chain too, not once a shop
        with refresh_reads(app.engine) as chained:
            table = app.services.reports.by_shop(start, until=today, viewer=owner.id)
        assert (chained[tm.FLOWS_SEQ_KEY], chained[tm.SALES_DAYS_KEY]) == (1, 1)
        assert [s.sales for s in table.shops] == [later.shops[0].sales, 0] and table.total.sales == later.summary.sales


# January and February of 2026: who bought in the first, and of them who also bought in the second
RETENTION_MONTHS = (date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28))


def two_members_into_february(app: Wiring, clock: FixedClock) -> tuple[Shop, str]:
    """P and Q enrolled on 10 January; P bought that day and on 3 February, Q on 12 January only. The shop (its
    phones P, Q) and P's February receipt."""
    shop = Shop(app, clock, random.Random(2))
    shop.enrol(date(2026, 1, 10))
    shop.enrol(date(2026, 1, 10))
    p, q = shop.phones
    buy(app, clock, p, date(2026, 1, 10))
    buy(app, clock, q, date(2026, 1, 12))
    return shop, buy(app, clock, p, date(2026, 2, 3))


def test_a_kept_retention_figure_follows_a_late_sale_and_a_refund_of_its_months(tmp_path: Path) -> None:
    clock = FixedClock(at(date(2026, 1, 10)))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        shop, feb = two_members_into_february(app, clock)
        q = shop.phones[1]
        today = date(2026, 3, 5)
        clock.at = at(today)
        fast = SqlAnalytics(app.engine)
        months = RETENTION_MONTHS
        assert fast.retained(*months) == (2, 1)
        assert fast.retained(*months) == (2, 1)  # kept
        buy(app, clock, q, date(2026, 2, 20))  # a till offline all that time: Q came back in February after all
        clock.at = at(today)
        assert fast.retained(*months) == (2, 2)
        app.services.refunds.refund(RefundSale(command_id=str(uuid.uuid4()), receipt_no=feb,
                                               approved_by=shop.manager.id, print_slip=False))
        assert fast.retained(*months) == (2, 1)  # P's only February sale went back
        assert fast.retained(*months) == SqlAnalytics(app.engine, windows=False).retained(*months)


@pytest.mark.postgres
def test_windows_match_the_sales_on_postgresql(pg_schema_url: str, tmp_path: Path) -> None:
    """The same comparison on PostgreSQL: its date arithmetic, integer division and the 0007 fold_seq columns."""
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path, overrides={"database": {"url": pg_schema_url}}),
               clock=clock)
    with app:
        _run(app, clock, 4, 24)


def test_the_anchor_never_moves_back_under_the_lock(tmp_path: Path) -> None:
    """At midnight the hourly pass moves the windows to the new day while a program health of the old day has
    passed its read-only look: under the lock it finds them ahead and reads the sales, nothing is refilled."""
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(5))
        shop.days(5)
        day = START + timedelta(days=4)
        assert mw.refresh_member_windows(app.engine, day + timedelta(days=1))

        def state() -> tuple[object, ...]:
            with app.engine.connect() as conn:
                return (conn.exec_driver_sql("SELECT count(*) FROM member_windows").scalar(),
                        conn.exec_driver_sql("SELECT value FROM kv WHERE key LIKE 'analytics:windows_%' "
                                             "ORDER BY key").all())

        before = state()
        with app.engine.begin() as conn:
            assert not mw._step(conn, day)
        assert state() == before


def test_the_background_pass_lives_through_a_locked_database(tmp_path: Path) -> None:
    """A sale or a backup holding the database past the busy timeout: the pass logs it and tries again later."""
    import sqlite3

    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path, overrides={"database": {"busy_timeout_ms": 200}}), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(11))
        shop.days(3)
        analytics = app.services.analytics()
        analytics.health()
        shop.sale(START + timedelta(days=2))  # something to fold
        other = sqlite3.connect(app.engine.url.database or "", isolation_level=None, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")
        try:
            analytics.worker(OnePass())  # returns: the loop survives to its next pass
        finally:
            other.execute("ROLLBACK")
            other.close()
        analytics.worker(OnePass())
        today = START + timedelta(days=2)
        assert figures(SqlAnalytics(app.engine), today) == figures(SqlAnalytics(app.engine, windows=False), today)


@pytest.mark.postgres
def test_a_kept_retention_figure_is_forgotten_under_a_linguistic_collation(pg_schema_url: str, tmp_path: Path) -> None:
    """A hub database made by a plain createdb on an en_US server orders keys ignoring punctuation: the kept
    figures to forget are chosen by their day, not by a range of keys."""
    from sqlalchemy import text

    clock = FixedClock(at(date(2026, 1, 10)))
    app = wire(load_settings(data_dir=tmp_path, overrides={"database": {"url": pg_schema_url}}),
               clock=clock)
    with app:
        with app.engine.begin() as conn:
            conn.execute(text('ALTER TABLE kv ALTER COLUMN key TYPE varchar(64) COLLATE "en-US-x-icu"'))
        shop, _ = two_members_into_february(app, clock)
        q = shop.phones[1]
        clock.at = at(date(2026, 3, 5))
        months = RETENTION_MONTHS
        assert SqlAnalytics(app.engine).retained(*months) == (2, 1)
        buy(app, clock, q, date(2026, 2, 20))  # a late sale of February
        assert SqlAnalytics(app.engine).retained(*months) == (2, 2)


def test_a_rebuild_reads_its_members_rows_by_the_key(tmp_path: Path) -> None:
    """The key starts with the member: rebuilding a few members searches their rows (span first, it scanned
    every row of the table: about a second per batch at a million members)."""
    app = wire(load_settings(data_dir=tmp_path), clock=FixedClock(at(START)))
    with app, app.engine.connect() as conn:
        for statement in ("DELETE FROM member_windows WHERE member_id IN ('a', 'b')",
                          "SELECT span, count(*) FROM member_windows WHERE member_id IN ('a', 'b') GROUP BY span",
                          "SELECT span, count(*) FROM member_windows WHERE member_id >= 'a' AND member_id <= 'b' "
                          "GROUP BY span"):
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}"))
            assert "SEARCH member_windows USING PRIMARY KEY (member_id" in plan, (statement, plan)


def test_a_member_past_the_last_one_with_a_row_leaves_the_windows_on_a_new_day(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-pass move (a big shop's) replaces rows member range by member range: the last range reaches past
    the last member the pass found, so the rows of a member who has just left every window go too."""
    monkeypatch.setattr(mw, "BULK_MOVE", 0)
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path, overrides={"bonuses": {"signup_points": 0}}), clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(8))
        for _ in range(3):
            shop.enrol(START)
        with app.engine.connect() as conn:
            *others, last_id = conn.exec_driver_sql("SELECT id FROM members ORDER BY id").scalars()

        buy(app, clock, last_id, START)
        for member_id in others:
            buy(app, clock, member_id, START + timedelta(days=150))
        q = SqlAnalytics(app.engine)
        day = START + timedelta(days=179)
        assert q.active_buyers(day - timedelta(days=179), day)[0] == 3
        day += timedelta(days=1)
        assert q.active_buyers(day - timedelta(days=179), day)[0] == 2
        with app.engine.connect() as conn:
            assert conn.exec_driver_sql(f"SELECT count(*) FROM member_windows WHERE member_id = '{last_id}'"
                                        ).scalar() == 0
        assert figures(q, day) == figures(SqlAnalytics(app.engine, windows=False), day)


@pytest.mark.postgres
def test_a_fold_on_postgresql_waits_for_a_sale_numbered_before_it_that_commits_after(
        pg_schema_url: str, tmp_path: Path) -> None:
    """PostgreSQL numbers a sale at its insert: one numbered first but committed after a later one must not be
    passed over by a fold of the windows that runs between the two commits (SQLite has one writer)."""
    import threading

    from sqlalchemy import text

    from kiosk.adapters.db import tables as t
    from kiosk.adapters.db.fold import FOLD_LOCK
    from tests.support.hub import until

    day = START + timedelta(days=3)
    clock = FixedClock(at(day))
    app = wire(load_settings(data_dir=tmp_path, overrides={"database": {"url": pg_schema_url}}),
               clock=clock)
    with app:
        shop = Shop(app, clock, random.Random(4))
        shop.enrol(day)
        shop.enrol(day)
        with app.engine.connect() as conn:
            first, second = conn.execute(text("SELECT id FROM members ORDER BY id")).scalars()
        shop.sale(day)
        assert mw.refresh_member_windows(app.engine, day)

        def folding_waits() -> bool:
            with app.engine.connect() as conn:
                return bool(conn.execute(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                    "AND classid = :high AND objid = 'sales'::regclass::oid"), {"high": FOLD_LOCK >> 32}).scalar())

        with app.engine.connect() as slow:
            open_sale = slow.begin()
            slow.execute(t.sales.insert().values(
                id=str(uuid.uuid4()), receipt_no="LATE-1", device_id="elsewhere-1", created_at=at(day),
                business_date=day, member_id=second, staff_id=None, currency="THB", subtotal_minor=70_000,
                discount_minor=0, credit_paid_minor=0, total_minor=70_000, payment_method="cash",
                lines_json="[]", discounts_json="[]", status="completed", flags=""))  # numbered, not committed
            buy(app, clock, first, day)  # numbered after it, committed
            done: list[bool] = []
            fold = threading.Thread(target=lambda: done.append(mw.refresh_member_windows(app.engine, day)))
            fold.start()
            until(lambda: not fold.is_alive() or folding_waits(), "the fold to start")
            assert fold.is_alive(), "the fold went past a sale that was not committed yet"
            open_sale.commit()
        fold.join()
        assert done == [True]
        assert figures(SqlAnalytics(app.engine), day) == figures(SqlAnalytics(app.engine, windows=False), day)


def test_a_refresh_during_the_one_pass_fill_does_not_send_the_rest_member_by_member(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second refresh (the hourly pass, another manager screen) walks one batch while the one pass reads: the
    copy goes on from where the walk has reached, it does not leave the rest to the member-by-member walk."""
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        Shop(app, clock, random.Random(7)).days(40, sales=2)
        today = START + timedelta(days=39)
        monkeypatch.setattr(mw, "WALK_BATCH", 7)
        monkeypatch.setattr(mw, "REBUILD_BATCH", 3)
        monkeypatch.setattr(mw, "COPY_BATCH", 6)
        walks: list[str] = []
        walk, rows = mw._walk, mw._window_rows

        def counted_walk(conn: Any, anchor: date, pending: dict[str, Any]) -> bool:
            walks.append(pending["after"])
            return walk(conn, anchor, pending)

        def rows_meanwhile(conn: Any, anchor: date, members: Any) -> Any:
            if members is None and not walks:  # another process steps while this one's pass reads
                with app.engine.begin() as other:
                    mw._step(other, today)
            return rows(conn, anchor, members)

        monkeypatch.setattr(mw, "_walk", counted_walk)
        monkeypatch.setattr(mw, "_window_rows", rows_meanwhile)
        assert figures(SqlAnalytics(app.engine), today) == figures(SqlAnalytics(app.engine, windows=False), today)
        assert len(walks) == 1  # the other process's one batch; the copy did the rest


def test_the_walk_counts_a_member_id_not_in_members_as_the_one_pass_does(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry whose member is not (yet) in `members` (a hub's entry ahead of its member): the one-pass fill and
    the folds count it; the walk member by member rebuilt [first, last] of each batch of members and missed the
    ids between two batches and after the last member. Now its batches meet end to end, the last one open."""
    clock = FixedClock(at(START))
    app = wire(load_settings(data_dir=tmp_path), clock=clock)
    with app:
        Shop(app, clock, random.Random(7)).days(12)
        today = START + timedelta(days=11)
        with app.engine.connect() as conn:
            ids = sorted(conn.exec_driver_sql("SELECT id FROM members").scalars())
        # after the third member (between two batches of three) and after the last one
        strangers = [ids[2] + "0", ids[-1] + "0"]
        with app.uow_factory() as uow:
            for n, stranger in enumerate(strangers):
                uow.ledger.add(Entry(id=f"stranger{n}", device_id="D1", created_at=at(today),
                                     business_date=today, kind=EntryKind.SIGNUP_BONUS, member_id=stranger,
                                     postings=transfer(unit=POINTS, amount=10, from_account=ProgramAccount.ISSUED,
                                                       to_account=member_account(stranger, Bucket.POINTS))))
            uow.commit()
        monkeypatch.setattr(mw, "WALK_BATCH", 7)
        monkeypatch.setattr(mw, "REBUILD_BATCH", 3)
        monkeypatch.setattr(mw, "_bulk_fill", lambda engine: None)  # member by member, as a walk left half way
        walked = figures(SqlAnalytics(app.engine), today)
        assert walked == figures(SqlAnalytics(app.engine, windows=False), today)
        with app.engine.connect() as conn:
            counted = set(conn.exec_driver_sql("SELECT member_id FROM member_windows WHERE span = 30").scalars())
        assert set(strangers) <= counted


@pytest.mark.postgres
def test_a_fold_on_postgresql_behind_a_long_insert_says_busy(pg_schema_url: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A session inserting for longer than the fold will wait (a long hub push, one left idle in its
    transaction): the fold says the database is busy rather than holding up the inserts queued behind it."""
    from sqlalchemy import text

    from kiosk.adapters.db import fold
    from kiosk.adapters.db import tables as t
    from kiosk.domain.errors import StorageError

    monkeypatch.setattr(fold, "SETTLE_TIMEOUT_MS", 100)
    app = wire(load_settings(data_dir=tmp_path, overrides={"database": {"url": pg_schema_url}}),
               clock=FixedClock(at(START)))
    with app, app.engine.connect() as slow:
        open_insert = slow.begin()
        slow.execute(text("SELECT pg_advisory_xact_lock_shared(:lock + 'refunds'::regclass::oid::bigint)"),
                     {"lock": fold.FOLD_LOCK})  # what the fold-enter trigger takes on an INSERT into refunds
        with pytest.raises(StorageError) as refused:
            fold.settled_top(app.engine, t.refunds)
        assert refused.value.code == "storage.database_locked"
        open_insert.rollback()
        assert fold.settled_top(app.engine, t.refunds) == 0
