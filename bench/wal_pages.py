"""Which b-trees a sale's commit writes to the WAL (issue 15): the pages behind the commit's time and bytes.

    python -m bench.wal_pages                     # 100 member sales after 4,000 warm-up ones, pages per b-tree
    python -m bench.wal_pages --walk-in           # the same for sales without a member
    python -m bench.wal_pages --warmup 30         # on the freshly built shop (its indexes packed full: splits)

With `synchronous=FULL` in WAL mode a commit writes each page the transaction dirtied as one WAL frame and syncs
the file, so its time grows with its pages (about 0.03 ms a page on the shared 2-core machine, besides a fixed
~0.2 ms). Before each timed sale the WAL is checkpointed and truncated; after it, the frames' page numbers are
read from the WAL's frame headers and named with `dbstat`. A b-tree keyed by a random id (a uuid, an entry id)
takes a page of its own per row; one keyed by an increasing number shares its last page from sale to sale.

The shop is bench.bigshop's (10,000 members, 100,000 entries), copied fresh for the run. bench.bigshop builds
its indexes after loading, packed full, so the first few thousand sales split pages that a shop grown sale by
sale would not: the warm-up takes the indexes past that (4,000 sales, ~40 s) before anything is counted.
"""

from __future__ import annotations

import argparse
import collections
import random
import shutil
import sqlite3
import struct
import sys
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import bigshop
from bench.core import _baskets
from bench.sale_cpu import copy_shop
from kiosk.bootstrap import wire
from kiosk.domain.commands import RecordSale
from kiosk.domain.errors import ManagerApprovalRequired
from kiosk.domain.ids import ordered_id  # command ids as the counter makes them (a sale's id is its command id)
from kiosk.services.context import FixedClock


def wal_frames(wal: Path) -> tuple[list[int], int]:
    """The page number of every frame in a WAL file, and how many frames end a commit."""
    data = wal.read_bytes()
    if len(data) < 32:
        return [], 0
    page_size = struct.unpack(">I", data[8:12])[0]
    pages, commits, offset = [], 0, 32
    while offset + 24 + page_size <= len(data):
        page, size_after_commit = struct.unpack(">II", data[offset:offset + 8])
        pages.append(page)
        commits += size_after_commit != 0
        offset += 24 + page_size
    return pages, commits


def run(shop: Path, *, sales: int = 100, warmup: int = 4000, walk_in: bool = False, seed: int = 11) -> dict[str, Any]:
    db_path = shop / "shop.sqlite3"
    sample = bigshop.load_sample(shop)
    with closing(sqlite3.connect(db_path)) as db:
        last_day = date.fromisoformat(db.execute("SELECT max(business_date) FROM sales").fetchone()[0])
    clock = FixedClock(datetime(last_day.year, last_day.month, last_day.day, 3, tzinfo=UTC) + timedelta(days=1))
    rng = random.Random(seed)
    codes = sample["member_codes"]
    by_tree: collections.Counter[str] = collections.Counter()
    frames: list[int] = []
    commits: list[int] = []
    with wire(bigshop.bench_settings(shop), clock=clock) as app:
        checkout = app.services.checkout
        baskets = _baskets(app, rng)
        manager = next(s.id for s in app.services.staff.list_staff() if s.role.value == "manager")

        def ring(n: int) -> None:
            clock.advance(seconds=20)
            cmd = RecordSale(command_id=ordered_id(), lines=rng.choice(baskets),
                             member_code=None if walk_in else codes[n % len(codes)], payment_method="cash",
                             staff_id=None, print_receipt=True)
            try:
                checkout.record_sale(cmd)
            except ManagerApprovalRequired:  # a regular's ninth earning sale today: rung again approved
                checkout.record_sale(replace(cmd, command_id=ordered_id(), approved_by=manager))

        for n in range(warmup):
            ring(n)
        with closing(sqlite3.connect(db_path)) as side:
            for n in range(warmup, warmup + sales):
                side.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                ring(n)
                pages, ended = wal_frames(db_path.with_name(db_path.name + "-wal"))
                frames.append(len(pages))
                commits.append(ended)
                marks = ",".join(str(p) for p in set(pages)) or "0"
                names = dict(side.execute(f"SELECT pageno, name FROM dbstat WHERE pageno IN ({marks})").fetchall())
                by_tree.update(names.get(p, "(no b-tree: free list)") for p in pages)
    return {
        "sales": sales, "warmup": warmup, "member": not walk_in,
        "pages_per_sale": round(sum(frames) / len(frames), 1), "min": min(frames), "max": max(frames),
        "commits_per_sale": round(sum(commits) / len(commits), 2),
        "by_tree": {name: round(count / sales, 2) for name, count in by_tree.most_common()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wal_pages", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--root", type=Path, default=bigshop.OUT, help="the cache of built shops (bench/out)")
    parser.add_argument("--sales", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=4000)
    parser.add_argument("--walk-in", action="store_true", help="sales without a member")
    args = parser.parse_args(argv)
    source = bigshop.build(args.root, members=args.members, entries=args.entries,
                           progress=lambda text: print(text, file=sys.stderr, flush=True))
    bigshop.catch_up_schema(source)
    copy = args.root / "wal-pages"
    try:
        figures = run(copy_shop(source, copy), sales=args.sales, warmup=args.warmup, walk_in=args.walk_in)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    who = "member" if figures["member"] else "walk-in"
    print(f"{who} sale: {figures['pages_per_sale']} WAL pages a commit (min {figures['min']}, max {figures['max']}; "
          f"{figures['commits_per_sale']} commits a sale), after {figures['warmup']} warm-up sales")
    for name, pages in figures["by_tree"].items():
        print(f"{pages:7.2f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
