"""Core figures on a big shop: checkout commit latency against the disk's floor, member lookups, the daily report."""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bigshop import bench_settings, catch_up_schema, load_sample
from kiosk.adapters.db.checkpoint import AUTOCHECKPOINT_BACKSTOP_PAGES
from kiosk.adapters.db.engine import BUSY_TIMEOUT_MS
from kiosk.bootstrap import Wiring, wire
from kiosk.domain.commands import RecordSale
from kiosk.domain.errors import ManagerApprovalRequired
from kiosk.domain.ids import ordered_id  # command ids as the counter makes them (a sale's id is its command id)
from kiosk.domain.programs.engine import CartLine
from kiosk.services.common import find_member
from kiosk.services.context import FixedClock

CHECKOUTS = 500
WARMUP = 20
LOOKUPS = 1000
REPORT_RUNS = 5
TARGETS = {"commit_vs_floor_p50": 1.3, "commit_vs_floor_p95": 2.0, "checkout_cpu_ms": 2.0,
           "disk_bytes_per_sale": 1024, "lookup_p95_ms": 5.0, "daily_report_ms": 250.0}


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99 (nearest rank) and the mean, in ms rounded to 0.01."""
    ordered = sorted(samples)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]

    return {"p50": round(rank(0.50), 2), "p95": round(rank(0.95), 2), "p99": round(rank(0.99), 2),
            "mean": round(statistics.fmean(ordered), 2), "n": len(ordered)}


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def _timed_cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall ms and this thread's CPU ms: on a shared machine the CPU figure is what other work cannot inflate
    (page-cache reads count; a wait for the disk does not)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def run(path: Path, *, checkouts: int = CHECKOUTS, lookups: int = LOOKUPS,
        say: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Figures for the shop built by bench.bigshop in directory `path` (its sample.json names whom to look up)."""
    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    sample = load_sample(path)
    settings = bench_settings(path)
    # The morning after the newest sale (an earlier run's sales included: the fraud limits count per day),
    # 10:00 in Bangkok; each sale moves the shop's clock on by 20 s.
    with closing(sqlite3.connect(path / "shop.sqlite3")) as db:
        last_day = date.fromisoformat(db.execute("SELECT max(business_date) FROM sales").fetchone()[0])
    clock = FixedClock(datetime(last_day.year, last_day.month, last_day.day, 3, tzinfo=UTC)
                       + timedelta(days=1))
    figures: dict[str, Any] = {"shop": {k: v for k, v in sample.items() if not isinstance(v, list)}}
    started = time.perf_counter()
    figures["shop"]["schema_caught_up"] = catch_up_schema(path)
    figures["shop"]["catch_up_s"] = round(time.perf_counter() - started, 1)
    with wire(settings, clock=clock) as app:
        # The first report after an upgrade may fill caches from the whole ledger once: timed apart.
        busiest = date.fromisoformat(sample["busiest_day"])
        figures["daily_report_first_ever_s"] = round(_timed(lambda: app.services.reports.daily(busiest))[0] / 1000, 2)
        say("checkout, interleaved with the floor ...")
        db_file = path / "shop.sqlite3"
        # the shop's older printed receipts are pruned first, as the retention pass does when the app starts, so
        # that the figure after retention below counts only what this run's sales leave
        _print_and_retire(app, clock)
        before, sales_before = _db_bytes(db_file), _sales(db_file)
        checkout = _checkouts(app, clock, sample, checkouts, path / "floor.sqlite3")
        figures.update(checkout)
        added = _sales(db_file) - sales_before
        figures["disk"] = _disk_per_sale(db_file, before, added)
        # the same sales once their receipts are printed and past the retention period (the daily pass deletes them)
        _print_and_retire(app, clock)
        figures["disk"]["after_receipt_retention"] = _disk_per_sale(db_file, before, added)
        say("lookups ...")
        # members the sales above did not touch: their pages are as cold as a customer walking in
        figures["lookup_ms"] = _lookups(app, sample, lookups, start=WARMUP + checkouts + 40)
        say("daily report ...")
        figures["daily_report_ms"] = _daily_report(app, busiest)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["targets"] = TARGETS
    figures["within_targets"] = {
        "checkout_commit_vs_floor_p50": (figures["checkout_commit_vs_floor"]["p50"] or 99)
        <= TARGETS["commit_vs_floor_p50"],
        "checkout_commit_vs_floor_p95": (figures["checkout_commit_vs_floor"]["p95"] or 99)
        <= TARGETS["commit_vs_floor_p95"],
        "checkout_cpu_p50": figures["checkout_ms"]["cpu"]["p50"] <= TARGETS["checkout_cpu_ms"],
        "disk_per_sale_after_retention": figures["disk"]["after_receipt_retention"]["bytes_per_sale"]
        <= TARGETS["disk_bytes_per_sale"],
        "lookup_by_code_p95": figures["lookup_ms"]["find_member_by_code"]["p95"] < TARGETS["lookup_p95_ms"],
        "lookup_by_phone_p95": figures["lookup_ms"]["find_member_by_phone"]["p95"] < TARGETS["lookup_p95_ms"],
        "daily_report": figures["daily_report_ms"]["median"] < TARGETS["daily_report_ms"],
    }
    return figures


def _baskets(app: Wiring, rng: random.Random) -> list[tuple[CartLine, ...]]:
    items = app.services.ctx.programs.items
    coffee = [i for i in items if i.category in ("coffee", "tea")]
    food = [i for i in items if i.category not in ("coffee", "tea")]
    baskets = []
    for _ in range(64):
        chosen = {rng.choice(coffee).sku: rng.choice((1, 1, 2))}
        if rng.random() < 0.5:
            chosen[rng.choice(food).sku] = 1
        baskets.append(tuple(CartLine(app.services.ctx.programs.item(sku).label("th"),  # type: ignore[union-attr]
                                      app.services.ctx.programs.item(sku).price, qty, sku)  # type: ignore[union-attr]
                             for sku, qty in chosen.items()))
    return baskets


class _CommitTimer:
    """Wraps the checkout's unit-of-work factory to time uow.commit() alone (wall and CPU): the durable part."""

    def __init__(self, factory: Callable[..., Any]) -> None:
        self.factory = factory
        self.last_ms = 0.0
        self.last_cpu_ms = 0.0

    def __call__(self, **kwargs: Any) -> Any:
        uow = self.factory(**kwargs)
        commit = uow.commit

        def timed_commit() -> None:
            wall, cpu = time.perf_counter(), time.thread_time()
            commit()
            self.last_ms = (time.perf_counter() - wall) * 1000
            self.last_cpu_ms = (time.thread_time() - cpu) * 1000

        uow.commit = timed_commit
        return uow


class _SqlTimer:
    """Time spent inside the SQLite driver per sale: its statements, and (added by the caller) its commit."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.total_ms = 0.0
        self.statements = 0
        self._started = 0.0

        @event.listens_for(engine, "before_cursor_execute")
        def before(*_args: Any) -> None:
            self._started = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(*_args: Any) -> None:
            self.total_ms += (time.perf_counter() - self._started) * 1000
            self.statements += 1

    def take(self) -> tuple[float, int]:
        values = (self.total_ms, self.statements)
        self.total_ms, self.statements = 0.0, 0
        return values


class _Floor:
    """The physical floor: one bare single-row INSERT transaction with the app's pragmas, on the same disk.

    Timed one insert at a time, alternating with the sales, so both see the same disk at the same moment."""

    def __init__(self, file: Path) -> None:
        self.file = file
        for suffix in ("", "-wal", "-shm"):
            Path(f"{file}{suffix}").unlink(missing_ok=True)
        self.db = sqlite3.connect(file, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.db.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_BACKSTOP_PAGES}")  # as the app's connections
        self.db.execute("CREATE TABLE floor (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL)")

    def insert(self) -> float:
        started = time.perf_counter()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO floor (id, body) VALUES (?, ?)", (uuid.uuid4().hex, "x" * 200))
        self.db.execute("COMMIT")
        return (time.perf_counter() - started) * 1000

    def checkpoint(self) -> None:
        self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def wal_pages(self) -> int:
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.insert()
        return int(self.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])

    def close(self) -> None:
        self.db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.file}{suffix}").unlink(missing_ok=True)


def _checkouts(app: Wiring, clock: FixedClock, sample: dict[str, Any], count: int, floor_file: Path
               ) -> dict[str, Any]:
    """Real counter sales (member scanned, receipt queued), timed from the call to the committed result, each
    paired with one floor insert (alternating which goes first), with the app's WAL checkpointer running."""
    rng = random.Random(11)
    baskets = _baskets(app, rng)
    codes = sample["member_codes"]
    manager = next(s.id for s in app.services.staff.list_staff() if s.role.value == "manager")
    timer = _CommitTimer(app.services.checkout.uow_factory)
    app.services.checkout.uow_factory = timer  # type: ignore[assignment]
    sql = _SqlTimer(app.engine)
    floor = _Floor(floor_file)
    # The app's own background checkpointer, as the counter runs it (the floor's gets the same, below).
    app.services.workers.start("wal-checkpoint")
    rows: list[dict[str, Any]] = []
    approvals = 0
    last_floor_checkpoint = time.perf_counter()
    for n in range(WARMUP + count):
        clock.advance(seconds=20)
        member = codes[n % len(codes)] if rng.random() < 0.8 else None
        cmd = RecordSale(command_id=ordered_id(), lines=rng.choice(baskets), member_code=member,
                         payment_method=rng.choice(("cash", "qr", "card")), staff_id=None, print_receipt=True)
        floor_first = n % 2 == 1
        floor_ms = floor.insert() if floor_first else 0.0
        sql.take()
        try:
            ms, cpu_ms = _timed_cpu(lambda: app.services.checkout.record_sale(cmd))
        except ManagerApprovalRequired:
            # the fraud limits ask for a manager (a regular's ninth sale today): ring it up approved, as a till would
            approvals += 1
            sql.take()
            ms, cpu_ms = _timed_cpu(lambda: app.services.checkout.record_sale(replace(cmd, command_id=ordered_id(),
                                                                             approved_by=manager)))
        in_sql, executed = sql.take()
        if not floor_first:
            floor_ms = floor.insert()
        if time.perf_counter() - last_floor_checkpoint > 2.0:  # the floor's WAL is checkpointed as the app's is
            floor.checkpoint()
            last_floor_checkpoint = time.perf_counter()
        if n >= WARMUP:
            rows.append({"member": member is not None, "call": ms, "cpu": cpu_ms, "commit": timer.last_ms,
                         "commit_cpu": timer.last_cpu_ms, "sql": in_sql + timer.last_ms, "statements": executed,
                         "floor": floor_ms})
    app.services.checkout.uow_factory = timer.factory  # type: ignore[assignment]
    floor_pages = floor.wal_pages()
    floor.close()
    pages = _wal_pages_per_sale(app, clock, baskets, codes[-40:])
    return _checkout_figures(rows, approvals, pages, floor_pages)


def _checkout_figures(rows: list[dict[str, Any]], approvals: int, pages: dict[str, float], floor_pages: int
                      ) -> dict[str, Any]:
    def pick(key: str, member: bool | None = None) -> list[float]:
        return [float(r[key]) for r in rows if member is None or r["member"] == member]

    def ratios(key: str) -> dict[str, Any]:
        mine, bare = percentiles(pick(key)), percentiles(pick("floor"))
        paired = percentiles([r[key] / r["floor"] for r in rows if r["floor"] > 0])
        return {**{q: round(mine[q] / bare[q], 2) if bare[q] else None for q in ("p50", "p95", "p99")},
                "paired_p50": paired["p50"], "paired_p95": paired["p95"],
                "note": "p50/p95/p99: the sales' percentile over the floor's, both from the same interleaved run; "
                        "paired_*: percentiles of each sale's ratio to the floor insert timed right beside it"}

    call = {**percentiles(pick("call")), "cpu": percentiles(pick("cpu")), "n_sales": len(rows),
            "member": {**percentiles(pick("call", True)), "cpu": percentiles(pick("cpu", True))},
            "non_member": {**percentiles(pick("call", False)), "cpu": percentiles(pick("cpu", False))},
            "member_sales": sum(r["member"] for r in rows), "manager_approved": approvals, "receipt_queued": True}
    commit = {**percentiles(pick("commit")), "cpu": percentiles(pick("commit_cpu")),
              "member": percentiles(pick("commit", True)), "non_member": percentiles(pick("commit", False)),
              "wal_pages_per_commit": pages}
    in_driver = {**percentiles(pick("sql")), "statements_per_sale": round(statistics.fmean(pick("statements")), 1),
                 "statements_member": round(statistics.fmean(pick("statements", True)), 1),
                 "statements_non_member": round(statistics.fmean(pick("statements", False)), 1),
                 "note": "time inside the SQLite driver per sale: its statements and its commit; the rest is Python"}
    floor = {**percentiles(pick("floor")), "wal_pages_per_commit": floor_pages,
             "note": "one bare insert commit timed beside each sale, alternating which goes first"}
    return {"checkout_ms": call, "checkout_commit_ms": commit, "checkout_sql_ms": in_driver,
            "floor_insert_commit_ms": floor, "checkout_vs_floor": ratios("call"),
            "checkout_commit_vs_floor": ratios("commit")}


def _wal_pages_per_sale(app: Wiring, clock: FixedClock, baskets: list[tuple[CartLine, ...]], codes: list[str]
                        ) -> dict[str, float]:
    """How many pages one sale's commit appends to the WAL, member and non-member sales apart (the floor's
    insert appends about 2)."""
    counts: dict[bool, list[int]] = {True: [], False: []}
    # a plain connection outside any transaction: a checkpoint cannot run inside one
    with closing(sqlite3.connect(app.settings.database_url.split("///", 1)[1], isolation_level=None)) as db:
        for n, code in enumerate(codes):
            member = n % 4 != 3
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            clock.advance(seconds=20)
            try:
                app.services.checkout.record_sale(RecordSale(command_id=ordered_id(),
                                                             lines=baskets[n % len(baskets)],
                                                             member_code=code if member else None,
                                                             print_receipt=True))
            except ManagerApprovalRequired:
                continue
            counts[member].append(db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])
    return {"member": round(statistics.fmean(counts[True]), 1) if counts[True] else 0.0,
            "non_member": round(statistics.fmean(counts[False]), 1) if counts[False] else 0.0}


def _sales(file: Path) -> int:
    with closing(sqlite3.connect(file)) as db:
        return int(db.execute("SELECT count(*) FROM sales").fetchone()[0])


def _print_and_retire(app: Wiring, clock: FixedClock) -> None:
    """Mark the queued receipts printed (as the print thread would) and the Stripe rows sent (as the sync would),
    then run the daily retention pass as if every retention period had passed."""
    from sqlalchemy import update

    from kiosk.adapters.db import tables as t
    from kiosk.adapters.db.print_queue import SqlPrintQueue
    from kiosk.adapters.db.retention import SqlRetention
    from kiosk.services.printing import PrintService
    from kiosk.services.retention import RetentionService

    queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
    while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
        queue.mark_printed(job.id, now=clock.now())
    with app.engine.begin() as conn:
        conn.execute(update(t.outbox).where(t.outbox.c.status == "pending").values(status="done", done_at=clock.now()))
    later = FixedClock(clock.now() + timedelta(days=400))
    RetentionService(printing=PrintService(queue=queue, printers={}, clock=later), store=SqlRetention(app.engine),
                     clock=later).run()


def _db_bytes(file: Path) -> dict[str, int]:
    """Bytes in use (pages not on the free list) by each table and index, from SQLite's dbstat."""
    with closing(sqlite3.connect(file)) as db:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        rows = db.execute("SELECT name, sum(pgsize - unused) FROM dbstat GROUP BY name").fetchall()
    return {name: int(size) for name, size in rows}


def _disk_per_sale(file: Path, before: dict[str, int], sales: int) -> dict[str, Any]:
    """What the sales above added to the database, all tables and indexes included, per sale; and the biggest."""
    after = _db_bytes(file)
    grown = {name: after.get(name, 0) - before.get(name, 0) for name in after}
    total = sum(grown.values())
    shop_sales = _sales(file)
    top = sorted(grown.items(), key=lambda item: -item[1])[:24]
    return {"bytes_per_sale": round(total / sales) if sales else None, "sales_added": sales,
            "by_table_per_sale": {name: round(size / sales) for name, size in top if size > 0},
            "whole_file_bytes_per_sale": round(sum(after.values()) / shop_sales) if shop_sales else None,
            "note": "bytes_per_sale: payload bytes the sales of this run added (free space inside pages not "
                    "counted); "
                    "whole_file: every table's bytes over every sale the shop holds (the generated history too)"}


def _lookups(app: Wiring, sample: dict[str, Any], count: int, *, start: int = 0) -> dict[str, Any]:
    """find_member alone (one read transaction: verify the code's MAC, member row, card row) and the full
    account screen (balances, tier, stamp cards, expiring lots, last visits)."""
    codes, phones = sample["member_codes"], sample["member_phones"]
    figures: dict[str, Any] = {}

    def find(text: str) -> None:
        with app.uow_factory(readonly=True) as uow:
            find_member(uow, app.services.ctx, text)

    for label, values, fn in (
            ("find_member_by_code", codes, find), ("find_member_by_phone", phones, find),
            ("account_by_code", codes, lambda text: app.services.accounts.account(text)),
            ("account_by_phone", phones, lambda text: app.services.accounts.account(text))):
        # each kind of lookup gets members no sale and no earlier lookup touched (the last 40 are the WAL probe's)
        each = max(1, min(count, (len(values) - 40 - start) // 4))
        first = start + each * ("find_member_by_code", "find_member_by_phone", "account_by_code",
                                "account_by_phone").index(label)
        samples, cpu = [], []
        for n in range(each):
            value = values[(first + n) % len(values)]
            wall_ms, cpu_ms = _timed_cpu(lambda: fn(value))
            samples.append(wall_ms)
            cpu.append(cpu_ms)
        figures[label] = {**percentiles(samples), "cpu": percentiles(cpu)}
    heaviest = sample["heaviest_member_code"]
    figures["account_heaviest_member"] = percentiles([_timed(lambda: app.services.accounts.account(heaviest))[0]
                                                      for _ in range(20)])
    figures["account_heaviest_member"]["visits"] = sample["heaviest_member_visits"]
    return figures


def _daily_report(app: Wiring, day: date) -> dict[str, Any]:
    runs = []
    summary = None
    for _ in range(REPORT_RUNS):
        ms, summary = _timed(lambda: app.services.reports.daily(day))
        runs.append(ms)
    assert summary is not None
    return {"first": round(runs[0], 1), "median": round(statistics.median(runs), 1), "runs": len(runs),
            "day": day.isoformat(), "sales": summary.sales}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1])), indent=2))
