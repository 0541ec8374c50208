"""Member search on the big shop: name prefixes, surnames, Thai inside a word, partial phone digits, each matching
and matching nobody; the scan it replaced timed in the same run; and whether a search delays the next sale.

`python -m bench.search [--members N --entries N]` (or `python -m bench --only search`) prints one JSON document.
Figures only; nothing is asserted.

- `search_ms`: `AccountService.search` as the counter calls it (its own read transaction), per kind of query,
  wall and this thread's CPU, p50/p95/p99/max over QUERIES calls of varied text.
- `scan_ms`: the statement the search ran before 0017 (a `LIKE` pass over the members in name order), on
  the same file in the same run, over SCAN_QUERIES of the same texts: the "before".
- `sale_beside_search_ms`: a sale submitted right after a search that matches nobody, on one database worker
  (before: the sale waits for the search) and with the search on the reader thread (after); the time from
  submitting the sale to its result.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

QUERIES = 200
SCAN_QUERIES = 20
SALES = 40


def _pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 3)

    return {"p50": round(statistics.median(ordered), 3), "p95": at(0.95), "p99": at(0.99),
            "max": round(ordered[-1], 3), "n": len(ordered)}


def query_mix(sample: dict[str, Any], rng: random.Random) -> dict[str, list[str]]:
    """Texts a cashier types, by kind. Names come from the generator's own lists, phones from the sample."""
    from kiosk.services.demo import EN_FIRST, EN_LAST, THAI_FIRST, THAI_LAST

    phones = sample["member_phones"]  # 0812345678 as typed

    def pick(values: Any, n: int = QUERIES) -> list[str]:
        return [rng.choice(values) for _ in range(n)]

    return {
        "name_prefix_en": pick([f[:k] for f in EN_FIRST for k in (3, 4, 5)]),
        "surname_en": pick([f"{w[:4]}" for w in EN_LAST]),
        "full_name_en": pick([f"{f} {w[:3]}" for f in EN_FIRST for w in EN_LAST]),
        "name_none_en": pick(["xavier", "quentin", "zzyzx", "wolfgang", "yvonne", "ophelia", "ignatius"]),
        "thai_first": pick(list(THAI_FIRST)),
        "thai_surname": pick(list(THAI_LAST)),
        "thai_inside_word": pick([w[1:4] for w in THAI_FIRST + THAI_LAST if len(w) >= 4]),
        "thai_full_name": pick([f"{f} {w[:2]}" for f in THAI_FIRST for w in THAI_LAST]),
        "thai_none": pick(["พยาบาล", "ประเสริฐ", "เกียรติศักดิ์", "อนันต์", "ไพโรจน์"]),
        "phone_last4": pick([p[-4:] for p in phones]),
        "phone_6": pick([p[3:9] for p in phones]),
        "phone_full": pick(phones),
        "phone_none": pick(["0799999999", "0600000000", "0212345678"]),  # no member's phone holds these
        "short_2": pick(["an", "ja", "สม", "ปิ", "zz", "กข"]),
    }


def _old_scan(conn: Any, typed: str) -> int:
    """The statement of the search before 0017, as it was (ORDER BY the name alone)."""
    from sqlalchemy import or_, select

    from kiosk.adapters.db import tables as t
    from kiosk.adapters.db.repositories.common import like_prefix
    from kiosk.domain.members import name_search_key

    key = name_search_key(typed)
    digits = "".join(c for c in typed if c.isdigit())
    conds = [t.members.c.name_search.like(like_prefix(key), escape="\\"),
             t.members.c.name_search.like("% " + like_prefix(key), escape="\\")]
    if len(digits) >= 3:
        tail = digits[1:] if digits.startswith("0") else digits
        conds.append(t.members.c.phone.like("%" + tail + "%"))
    statement = (select(t.members).where(or_(*conds), t.members.c.erased_at.is_(None),
                                         t.members.c.merged_into.is_(None))
                 .order_by(t.members.c.name_search).limit(20)
                 .with_hint(t.members, "INDEXED BY ix_members_name_search", "sqlite"))
    return len(conn.execute(statement).all())


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.thread_time()
    value = fn()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, value


def run(path: Path, *, say: Callable[[str], None] | None = None) -> dict[str, Any]:
    from bench.bigshop import bench_settings, catch_up_schema, load_sample
    from kiosk.bootstrap import wire
    from kiosk.domain.commands import RecordSale
    from kiosk.domain.programs.engine import CartLine
    from kiosk.services.context import FixedClock

    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    import sqlite3

    sample = load_sample(path)
    figures: dict[str, Any] = {"members": sample.get("members")}
    started = time.perf_counter()
    figures["schema_caught_up"] = catch_up_schema(path)  # on a shop built before 0017: fills the index once
    figures["catch_up_s"] = round(time.perf_counter() - started, 1)
    with closing(sqlite3.connect(path / "shop.sqlite3")) as db:
        last_day = date.fromisoformat(db.execute("SELECT max(business_date) FROM sales").fetchone()[0])
        figures["file_mb"] = round((path / "shop.sqlite3").stat().st_size / 1e6, 1)
        figures["search_index_mb"] = round(sum(r[0] for r in db.execute(
            "SELECT pgsize FROM dbstat WHERE name LIKE 'member_search%' OR name LIKE 'ix_members_search%' "
            "OR name = 'ix_member_search_rank'")) / 1e6,
            1) if _has_dbstat(db) else None
    clock = FixedClock(datetime(last_day.year, last_day.month, last_day.day, 3, tzinfo=UTC) + timedelta(days=2))
    mix = query_mix(sample, random.Random(7))
    with wire(bench_settings(path), clock=clock) as app:
        accounts = app.services.accounts
        for texts in mix.values():  # warm the page cache the same way for both
            for text in texts[:3]:
                accounts.search(text)
        search: dict[str, Any] = {}
        scan: dict[str, Any] = {}
        for kind, texts in mix.items():
            say(f"search {kind} ...")
            walls, cpus, hits = [], [], []
            for text in texts:
                wall, cpu, rows = _timed(lambda text=text: accounts.search(text))
                walls.append(wall)
                cpus.append(cpu)
                hits.append(len(rows))
            search[kind] = {"wall": _pct(walls), "cpu": _pct(cpus), "mean_hits": round(statistics.mean(hits), 1),
                            "example": texts[0]}
            walls, cpus = [], []
            with app.engine.connect().execution_options(kiosk_readonly=True) as conn:
                for text in texts[:SCAN_QUERIES]:
                    wall, cpu, _ = _timed(lambda text=text: _old_scan(conn, text))
                    walls.append(wall)
                    cpus.append(cpu)
            scan[kind] = {"wall": _pct(walls), "cpu": _pct(cpus)}
        figures["search_ms"], figures["scan_ms"] = search, scan
        figures["search_p95_worst_kind"] = max(search, key=lambda k: search[k]["wall"]["p95"])

        say("a sale beside a search ...")
        line = CartLine("Latte", _money(6500), 1, "LATTE")
        member_codes = sample["member_codes"]

        def sale() -> Any:
            clock.advance(seconds=20)
            return app.services.checkout.record_sale(RecordSale(
                command_id=secrets.token_hex(8), lines=(line,), member_code=random.choice(member_codes),
                print_receipt=False))

        def slow_search() -> Any:  # what a single worker did before: the scan, for digits nobody has
            with app.engine.connect().execution_options(kiosk_readonly=True) as conn:  # BEGIN, not IMMEDIATE
                return _old_scan(conn, "0799999999")

        results: dict[str, list[float]] = {"one_worker": [], "reader_beside_worker": []}
        with ThreadPoolExecutor(1) as db_worker, ThreadPoolExecutor(1) as reader:
            for i in range(SALES):
                for mode in (("one_worker", "reader_beside_worker") if i % 2 else
                             ("reader_beside_worker", "one_worker")):
                    search_pool = db_worker if mode == "one_worker" else reader
                    searched = search_pool.submit(slow_search)
                    submitted = time.perf_counter()
                    db_worker.submit(sale).result()
                    results[mode].append((time.perf_counter() - submitted) * 1000)
                    searched.result()
        figures["sale_beside_search_ms"] = {mode: _pct(values) for mode, values in results.items()}
    return figures


def _money(minor: int) -> Any:
    from kiosk.domain.money import Money

    return Money(minor)


def _has_dbstat(db: Any) -> bool:
    try:
        db.execute("SELECT 1 FROM dbstat LIMIT 1")
    except Exception:  # noqa: BLE001 - a SQLite built without dbstat: the size is left out
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    from bench import bigshop

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    shop = bigshop.build(members=args.members, entries=args.entries,
                         progress=lambda text: print(text, file=sys.stderr, flush=True))
    print(json.dumps(run(shop), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
