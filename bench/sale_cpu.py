"""The CPU of one member sale through the real CheckoutService (issue 15), on a fresh copy of the bench shop.

    python -m bench.sale_cpu                  # 200 member sales after 30 warm-up: CPU p50/p95, statements a sale
    python -m bench.sale_cpu --profile        # the same, and cProfile's top 25 by tottime over the timed sales
    python -m bench.sale_cpu --runs 5 --json  # five runs, each on its own fresh copy, one JSON line each

The shop is bench.bigshop's (10,000 members, 100,000 entries, 365 days by default), built once and cached under
bench/out; every run copies it first, so each run rings its sales on the same state. Only member sales (a card
scanned, receipt queued) are timed: `time.process_time()` around `record_sale`, commit included. No background
worker runs, so the process's CPU is the sale's. Statements are counted afterwards, on 50 more sales with a
cursor listener attached (a listener costs CPU on the fast path, so the timed sales run without one).

To compare two versions of the code, run this file from an export of each (`git archive <commit> | tar -x`)
with `--root` pointing at the same cache, alternating them (the machine is shared): see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import shutil
import sqlite3
import sys
import time
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import bigshop
from bench.core import _baskets, percentiles
from kiosk.bootstrap import wire
from kiosk.domain.commands import RecordSale
from kiosk.domain.errors import ManagerApprovalRequired
from kiosk.domain.ids import ordered_id  # command ids as the counter makes them (a sale's id is its command id)
from kiosk.services.context import FixedClock

SALES = 200
WARMUP = 30
COUNTED = 50  # sales after the timed ones whose statements are counted


def copy_shop(source: Path, target: Path) -> Path:
    """A fresh copy of the cached shop's directory (the database and its WAL, install id, sample)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.is_file() and not item.name.startswith("floor"):
            shutil.copy2(item, target / item.name)
    return target


def run(shop: Path, *, sales: int = SALES, warmup: int = WARMUP, profile: bool = False, seed: int = 11,
        sort: str = "tottime", top: int = 25) -> dict[str, Any]:
    sample = bigshop.load_sample(shop)
    settings = bigshop.bench_settings(shop)
    with closing(sqlite3.connect(shop / "shop.sqlite3")) as db:
        last_day = date.fromisoformat(db.execute("SELECT max(business_date) FROM sales").fetchone()[0])
    clock = FixedClock(datetime(last_day.year, last_day.month, last_day.day, 3, tzinfo=UTC) + timedelta(days=1))
    rng = random.Random(seed)
    codes = sample["member_codes"]
    cpu: list[float] = []
    thread_cpu: list[float] = []
    approvals = 0
    profiler = cProfile.Profile() if profile else None
    with wire(settings, clock=clock) as app:
        checkout = app.services.checkout
        baskets = _baskets(app, rng)
        manager = next(s.id for s in app.services.staff.list_staff() if s.role.value == "manager")

        def sale(n: int) -> RecordSale:
            clock.advance(seconds=20)
            return RecordSale(command_id=ordered_id(), lines=rng.choice(baskets),
                              member_code=codes[n % len(codes)], payment_method=rng.choice(("cash", "qr", "card")),
                              staff_id=None, print_receipt=True)

        def ring(cmd: RecordSale, timed: bool) -> None:
            nonlocal approvals
            for attempt in (cmd, replace(cmd, command_id=ordered_id(), approved_by=manager)):
                if profiler is not None and timed:
                    profiler.enable()
                started, started_thread = time.process_time(), time.thread_time()
                try:
                    checkout.record_sale(attempt)
                except ManagerApprovalRequired:
                    # a regular's ninth earning sale today asks for a manager: rung again approved, as a till would
                    approvals += timed
                    continue
                finally:
                    if profiler is not None and timed:
                        profiler.disable()
                if timed:
                    cpu.append((time.process_time() - started) * 1000)
                    thread_cpu.append((time.thread_time() - started_thread) * 1000)
                return

        for n in range(warmup):
            ring(sale(n), False)
        for n in range(warmup, warmup + sales):
            ring(sale(n), True)
        statements = _count_statements(app.engine, lambda n: ring(sale(n), False), warmup + sales, COUNTED)
    figures: dict[str, Any] = {
        "cpu_ms": percentiles(cpu), "thread_cpu_ms": percentiles(thread_cpu), "statements_per_sale": statements,
        "approved_retries": approvals, "sales": sales, "warmup": warmup,
        "load": round(os.getloadavg()[0], 2),
    }
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
        figures["profile"] = out.getvalue()
    return figures


def _count_statements(engine: Any, ring: Any, start: int, count: int) -> float:
    from sqlalchemy import event

    executed = [0]

    def counted(*_args: Any) -> None:
        executed[0] += 1

    event.listen(engine, "after_cursor_execute", counted)
    try:
        for n in range(start, start + count):
            ring(n)
    finally:
        event.remove(engine, "after_cursor_execute", counted)
    return round(executed[0] / count, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sale_cpu", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--root", type=Path, default=bigshop.OUT, help="the cache of built shops (bench/out)")
    parser.add_argument("--sales", type=int, default=SALES)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    parser.add_argument("--runs", type=int, default=1, help="runs, each on a fresh copy of the shop")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 25 by tottime")
    parser.add_argument("--sort", default="tottime", help="the profile's order (tottime, cumulative, ...)")
    parser.add_argument("--top", type=int, default=25, help="the profile's length")
    parser.add_argument("--json", action="store_true", help="one JSON line per run")
    args = parser.parse_args(argv)
    source = bigshop.build(args.root, members=args.members, entries=args.entries, days=args.days, seed=args.seed,
                           progress=lambda text: print(text, file=sys.stderr, flush=True))
    bigshop.catch_up_schema(source)
    copy = args.root / f"sale-cpu-{os.getpid()}"
    try:
        for _ in range(args.runs):
            figures = run(copy_shop(source, copy), sales=args.sales, warmup=args.warmup, profile=args.profile,
                          sort=args.sort, top=args.top)
            profile = figures.pop("profile", None)
            if args.json:
                print(json.dumps(figures), flush=True)
            else:
                cpu = figures["cpu_ms"]
                print(f"member sale CPU p50 {cpu['p50']:.2f} ms, p95 {cpu['p95']:.2f} ms (mean {cpu['mean']:.2f}, "
                      f"n {cpu['n']}); statements a sale {figures['statements_per_sale']}; "
                      f"approved retries {figures['approved_retries']}; load {figures['load']}", flush=True)
            if profile:
                print(profile, flush=True)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
