"""Hub sync figures against a real PostgreSQL hub (127.0.0.1:5432, a database of its own, dropped after):

1. `join`: a shop's first device publishes 100,000 ledger entries (a bench.bigshop shop, its sales chained as
   migration 0011 chains them) with `kiosk hub init`; then an empty device runs `kiosk hub join` and takes it all.
2. `converge`: twenty devices each write 1,000 entries offline, push at once, then each pulls the others'.
3. `sale_to_balance`: two counters online with their background hub workers at the normal interval; a member
   sale on one (the counter wakes its worker after a sale), timed until the member's balance on the other shows it.
4. `checkout_cost`: checkout commits on a device joined to a hub with its worker running against a device with no
   hub, paired and interleaved, so the machine's load falls on both alike.

Every device is a real data folder and SQLite file wired like the app (tests.support.hub.Device), in this one
process; the hub's functions run in PostgreSQL on the same two cores. Where the time goes (the hub's functions,
reading the journal, applying batches) is timed by wrapping the adapters' methods for the run.
"""

from __future__ import annotations

import json
import os
import random
import resource
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.core import percentiles

SERVER = os.environ.get("KIOSK_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
JOIN_MEMBERS = 10_000
JOIN_ENTRIES = 100_000
DEVICES = 20
ENTRIES_PER_DEVICE = 1_000
SALES = 50
PAIRS = 200
T0 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)

Say = Callable[[str], None]


def run() -> dict[str, Any]:
    return measure()


def measure(*, join_members: int = JOIN_MEMBERS, join_entries: int = JOIN_ENTRIES, devices: int = DEVICES,
            entries_per_device: int = ENTRIES_PER_DEVICE, sales: int = SALES, pairs: int = PAIRS,
            shop_cache: Path | None = None, say: Say | None = None) -> dict[str, Any]:
    """All four figures; the sizes are parameters so a smoke test can run them small."""
    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    figures: dict[str, Any] = {"server": _server_version(), "load_before": _load()}
    with _quiet_environment() as tmp:
        say(f"hub: join a shop of {join_entries:,} entries ...")
        figures["join"] = _join(tmp / "join", members=join_members, entries=join_entries, cache=shop_cache, say=say)
        say(f"hub: {devices} devices x {entries_per_device:,} entries ...")
        figures["converge"] = _converge(tmp / "converge", devices=devices, entries=entries_per_device)
        say(f"hub: sale on one counter to balance on another, {sales} sales ...")
        figures["sale_to_balance"] = _sale_to_balance(tmp / "latency", sales=sales)
        say(f"hub: checkout commit with and without a hub, {pairs} pairs ...")
        figures["checkout_cost"] = _checkout_cost(tmp / "cost", pairs=pairs)
    figures["load_after"] = _load()
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


# ---------------------------------------------------------------------- the machine and the environment
def _load() -> dict[str, float]:
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2), "cpus": os.cpu_count() or 0}


def _server_version() -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(SERVER)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar())
    finally:
        engine.dispose()


@contextmanager
def _quiet_environment() -> Iterator[Path]:
    """A temp folder for every device, and no user configuration, keyring or log folder of the person running it:
    each device keeps its hub password in its own data folder, as a kiosk without a keyring does."""
    names = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "KIOSK_LOG_DIR", "KIOSK_DATA_DIR",
             "KIOSK_CONFIG", "KIOSK_DATABASE_URL", "KIOSK_HUB_PASSWORD", "PYTHON_KEYRING_BACKEND")
    saved = {name: os.environ.get(name) for name in names}
    tmp = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    try:
        for name in names:
            os.environ.pop(name, None)
        for name, sub in (("XDG_CONFIG_HOME", "xdg-config"), ("XDG_DATA_HOME", "xdg-data"),
                          ("XDG_STATE_HOME", "xdg-state"), ("KIOSK_DATA_DIR", "data")):
            (tmp / sub).mkdir()
            os.environ[name] = str(tmp / sub)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        yield tmp
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _hub() -> Iterator[Any]:
    from tests.support.hub import HubDatabase

    hub = HubDatabase(SERVER)
    try:
        yield hub
    finally:
        hub.drop()


@dataclass
class _Stopwatch:
    """Seconds spent in the adapters' methods, summed by name, while `timing()` wraps them."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def timing(self) -> Iterator[_Stopwatch]:
        from kiosk.adapters.db.hub_store import SqlHubStore
        from kiosk.adapters.hub.remote import PgHubRemote

        methods = [(PgHubRemote, "push", "hub_push"), (PgHubRemote, "pull", "hub_pull"),
                   (SqlHubStore, "build_journal", "journal"), (SqlHubStore, "outgoing", "read_outgoing"),
                   (SqlHubStore, "apply", "apply_pulled")]
        originals = [(cls, name, getattr(cls, name)) for cls, name, _ in methods]
        for cls, name, label in methods:
            setattr(cls, name, self._wrap(getattr(cls, name), label))
        try:
            yield self
        finally:
            for cls, name, original in originals:
                setattr(cls, name, original)

    def _wrap(self, method: Callable[..., Any], label: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                with self.lock:
                    self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started
                    self.calls[label] = self.calls.get(label, 0) + 1

        return timed

    def take(self) -> dict[str, Any]:
        with self.lock:
            out = {label: {"s": round(s, 2), "calls": self.calls[label]} for label, s in sorted(self.seconds.items())}
            self.seconds.clear()
            self.calls.clear()
        return out


# ---------------------------------------------------------------------- 1. a device joins a big shop
def _join(tmp: Path, *, members: int, entries: int, cache: Path | None, say: Say) -> dict[str, Any]:
    from bench import bigshop
    from tests.support.hub import Device

    started = time.perf_counter()
    built = bigshop.build(cache or bigshop.OUT, members=members, entries=entries, days=365, seed=1)
    build_s = time.perf_counter() - started
    first = Device(tmp / "c1", _clock())
    first.data_dir.mkdir(parents=True)
    for name in ("shop.sqlite3", "install-id"):
        shutil.copy2(built / name, first.data_dir / name)
    bigshop.catch_up_schema(first.data_dir)
    chained = _chain_records(first.data_dir / "shop.sqlite3")
    shop = _counts(first.data_dir / "shop.sqlite3")
    watch = _Stopwatch()
    with _hub() as hub, watch.timing():
        started = time.perf_counter()
        init = first.init(hub.url, name="Counter 1")
        init_s = time.perf_counter() - started
        init_parts = watch.take()
        second = Device(tmp / "c2", _clock())
        second.data_dir.mkdir(parents=True)
        seen: list[tuple[float, int, int]] = []
        started = time.perf_counter()
        joined = second.join(hub.url, name="Counter 2",
                             progress=lambda done, total: seen.append((time.perf_counter(), done, total)))
        join_s = time.perf_counter() - started
        join_parts = watch.take()
        first_batch_s = (seen[1][0] - started) if len(seen) > 1 else None
        taken = _counts(second.data_dir / "shop.sqlite3")
        first.close()
        second.close()
    if taken["ledger_entries"] != shop["ledger_entries"] or taken["balances"] != shop["balances"]:
        raise AssertionError(f"the joined device does not hold the shop: {taken} against {shop}")
    return {
        "shop": {**shop, "bigshop_build_or_cache_s": round(build_s, 1), "records_chained_for_the_bench": chained},
        "init": {"seconds": round(init_s, 1), "items_pushed": init.report.pushed,
                 "items_per_s": round(init.report.pushed / init_s), "where": init_parts},
        "join": {"seconds": round(join_s, 1), "items_pulled": joined.report.pulled,
                 "items_per_s": round(joined.report.pulled / join_s),
                 "entries_per_s": round(taken["ledger_entries"] / join_s),
                 "first_progress_after_s": round(first_batch_s, 2) if first_batch_s is not None else None,
                 "where": join_parts},
        "joined_device_holds": taken,
    }


def _clock() -> Any:
    from kiosk.services.context import FixedClock

    return FixedClock(T0)


def _chain_records(database: Path) -> int:
    """bench.bigshop writes sales straight into the table after the migrations ran, so they have no record links;
    chain them as migration 0011 chains a shop's older rows (per device, in the order they were written), so
    the sales travel with their entries like a real shop's."""
    from sqlalchemy import create_engine, func, insert, select

    from kiosk.adapters.db import tables as t
    from kiosk.adapters.db.repositories.links import LABELS, digest, head_key, link_hash
    from kiosk.domain.ledger import GENESIS_HASH

    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.begin() as conn:
            if conn.execute(select(func.count()).select_from(t.record_chain)).scalar_one():
                return 0
            heads: dict[str, str] = {}
            links = []
            for row in conn.execute(select(t.sales).order_by(t.sales.c.device_id, t.sales.c.created_at,
                                                             t.sales.c.id)):
                values = dict(row._mapping)
                prev = heads.get(row.device_id, GENESIS_HASH)
                row_digest = digest("sales", values)
                heads[row.device_id] = link_hash(prev, "sales", row.id, row_digest)
                links.append(dict(device_id=row.device_id, record_table="sales", record_id=row.id,
                                  label=str(values[LABELS["sales"]]), digest=row_digest, prev_hash=prev,
                                  hash=heads[row.device_id]))
            if links:
                conn.execute(insert(t.record_chain), links)
            for device, head in heads.items():
                conn.execute(t.kv.delete().where(t.kv.c.key == head_key(device)))
                conn.execute(insert(t.kv).values(key=head_key(device), value=head))
            return len(links)
    finally:
        engine.dispose()


def _counts(database: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(database)) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731 - a local shorthand
        return {"ledger_entries": one("SELECT count(*) FROM ledger_entries"),
                "postings": one("SELECT count(*) FROM postings"), "members": one("SELECT count(*) FROM members"),
                "sales": one("SELECT count(*) FROM sales"),
                "balances": one("SELECT coalesce(sum(abs(balance)), 0) FROM account_balances"),
                "file_mb": round(database.stat().st_size / 2**20, 1)}


# ---------------------------------------------------------------------- 2. twenty devices converge
def _converge(tmp: Path, *, devices: int, entries: int) -> dict[str, Any]:
    from tests.support.hub import Device

    watch = _Stopwatch()
    with _hub() as hub:
        first = Device(tmp / "d01", _clock())
        first.data_dir.mkdir(parents=True)
        first.owner()
        phones = [f"08{n:08d}" for n in range(1, 21)]
        for phone in phones:
            first.enroll(phone, f"Member {phone[-2:]}")
        started = time.perf_counter()
        first.init(hub.url, name="Device 1")
        fleet = [first]
        for n in range(2, devices + 1):
            device = Device(tmp / f"d{n:02d}", _clock())
            device.data_dir.mkdir(parents=True)
            device.join(hub.url, name=f"Device {n}")
            fleet.append(device)
        setup_s = time.perf_counter() - started
        members = [first.member_id(p) for p in phones]
        for n, device in enumerate(fleet):
            _write_entries(device, members, entries, seed=n)
        hub_before = int(hub.scalar("SELECT count(*) FROM ledger_entries"))
        # A round pushes, then pulls what is on the hub by then: the first round of the devices at once does most
        # of the pulling too (each pushes, then takes what the faster ones pushed); the second takes the rest.
        with watch.timing():
            first_s, first_each = _together(fleet, lambda device: device.app.services.hub.sync_once())
            first_parts = watch.take()
            second_s, second_each = _together(fleet, lambda device: device.app.services.hub.sync_once())
            second_parts = watch.take()
        expected = hub_before + devices * entries
        held = [_counts(d.data_dir / "shop.sqlite3")["ledger_entries"] for d in fleet]
        on_hub = int(hub.scalar("SELECT count(*) FROM ledger_entries"))
        for device in fleet:
            device.close()
    if on_hub != expected or any(h != expected for h in held):
        raise AssertionError(f"did not converge: hub {on_hub}, devices {sorted(set(held))}, expected {expected}")
    total = devices * entries
    return {
        "devices": devices, "entries_each": entries, "entries_total": total, "setup_s": round(setup_s, 1),
        "first_round": {"seconds": round(first_s, 2), "per_device_ms": percentiles([s * 1000 for s in first_each]),
                        "where": first_parts},
        "second_round": {"seconds": round(second_s, 2),
                         "per_device_ms": percentiles([s * 1000 for s in second_each]), "where": second_parts},
        "converged_s": round(first_s + second_s, 2),
        "entries_applied_per_s": round(total * (devices - 1) / (first_s + second_s)),
        "every_device_holds": expected,
    }


def _write_entries(device: Any, members: list[str], count: int, *, seed: int) -> None:
    """`count` points adjustments written offline by the device's own ledger writer (chained, balanced, with
    their outbox rows), in transactions of 100: what a busy counter's day leaves to send."""
    from kiosk.domain.ledger import POINTS, Bucket, EntryKind, Posting, ProgramAccount, member_account
    from kiosk.services.common import EntryWriter

    rng = random.Random(seed)
    app = device.app
    ctx = app.services.ctx
    written = 0
    while written < count:
        with app.uow_factory() as uow:
            writer = EntryWriter(uow, ctx, device.clock.now())
            for _ in range(min(100, count - written)):
                member, points = rng.choice(members), rng.randint(1, 50)
                writer.write(kind=EntryKind.ADJUSTMENT, member_id=member, memo="bench",
                             postings=(Posting(member_account(member, Bucket.POINTS), POINTS, points),
                                       Posting(ProgramAccount.ADJUSTED.value, POINTS, -points)))
                written += 1
            uow.commit()


def _together(fleet: list[Any], step: Callable[[Any], Any]) -> tuple[float, list[float]]:
    """`step` on every device at once, one thread each (each device is its own PC in a shop): the wall time
    until the last is done, and each device's own time."""
    times = [0.0] * len(fleet)
    errors: list[str] = []
    barrier = threading.Barrier(len(fleet) + 1)

    def one(n: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        report = step(fleet[n])
        times[n] = time.perf_counter() - started
        if report.error or report.refused:
            errors.append(f"device {n + 1}: {report.error or report.refused}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(fleet))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise AssertionError("; ".join(errors))
    return wall, times


# ---------------------------------------------------------------------- 3. a sale, seen on the other counter
def _sale_to_balance(tmp: Path, *, sales: int) -> dict[str, Any]:
    from tests.support.hub import Device

    with _hub() as hub:
        a, b = Device(tmp / "a", _clock()), Device(tmp / "b", _clock())
        for device in (a, b):
            device.data_dir.mkdir(parents=True)
        owner = a.owner()
        code = a.enroll("0811111111", "Somchai Jaidee")
        a.init(hub.url, name="Counter 1")
        b.join(hub.url, name="Counter 2")
        member = a.member_id("0811111111")
        interval = a.app.settings.hub.sync_seconds
        for device in (a, b):
            device.app.services.workers.start("hub-sync")
        rng = random.Random(3)
        latencies: list[float] = []
        account = f"member:{member}:points"
        try:
            with closing(sqlite3.connect(b.data_dir / "shop.sqlite3")) as seen_on_b:
                def points_on_b() -> int:
                    row = seen_on_b.execute("SELECT balance FROM account_balances WHERE account = ? AND unit = 'PTS'",
                                            (account,)).fetchone()
                    return int(row[0]) if row else 0

                for _ in range(sales):
                    before = points_on_b()
                    a.clock.advance(minutes=7)
                    result = _sell(a, code, owner)
                    sold = time.perf_counter()
                    a.app.services.wake_printer()  # what the counter does once a sale is paid
                    expected = before + result.points_earned
                    while points_on_b() < expected:
                        if time.perf_counter() - sold > 60:
                            raise AssertionError("the sale did not reach the other counter within a minute")
                        time.sleep(0.002)
                    latencies.append((time.perf_counter() - sold) * 1000)
                    time.sleep(rng.uniform(0.2, 1.5))  # the next customer comes at no particular moment
        finally:
            a.close()
            b.close()
    return {"sync_interval_s": interval, "sales": sales, "ms": percentiles(latencies),
            "max_ms": round(max(latencies), 1)}


def _sell(device: Any, code: str, approver: str) -> Any:
    from kiosk.domain.commands import RecordSale
    from kiosk.domain.errors import ManagerApprovalRequired
    from tests.support.hub import LATTE

    command = RecordSale(command_id=secrets.token_hex(8), lines=(LATTE,), member_code=code)
    try:
        return device.app.services.checkout.record_sale(command)
    except ManagerApprovalRequired:  # the fraud limits ask for a manager on a regular's busy day: approved
        return device.app.services.checkout.record_sale(replace(command, command_id=secrets.token_hex(8),
                                                                approved_by=approver))


# ---------------------------------------------------------------------- 4. what the hub costs a sale
def _checkout_cost(tmp: Path, *, pairs: int) -> dict[str, Any]:
    from bench.core import _CommitTimer
    from tests.support.hub import Device

    with _hub() as hub:
        joined, alone = Device(tmp / "joined", _clock()), Device(tmp / "alone", _clock())
        codes, owners = {}, {}
        for device in (joined, alone):
            device.data_dir.mkdir(parents=True)
            owners[device.data_dir.name] = device.owner()
            codes[device.data_dir.name] = [device.enroll(f"08{n:08d}", f"Member {n}") for n in range(1, 41)]
        joined.init(hub.url, name="Counter 1")
        joined.app.services.workers.start("hub-sync")
        timers = {}
        for device in (joined, alone):
            timers[device.data_dir.name] = _CommitTimer(device.app.services.checkout.uow_factory)
            device.app.services.checkout.uow_factory = timers[device.data_dir.name]
        samples: dict[str, dict[str, list[float]]] = {name: {"commit": [], "call": []} for name in timers}
        rng = random.Random(5)
        try:
            for n in range(pairs + 10):
                order = (joined, alone) if n % 2 == 0 else (alone, joined)
                member = rng.randrange(40)
                for device in order:
                    name = device.data_dir.name
                    device.clock.advance(minutes=3)
                    started = time.perf_counter()
                    _sell(device, codes[name][member], owners[name])
                    call_ms = (time.perf_counter() - started) * 1000
                    device.app.services.wake_printer()
                    if n >= 10:  # the first ten pairs warm both up
                        samples[name]["commit"].append(timers[name].last_ms)
                        samples[name]["call"].append(call_ms)
            pushed = int(hub.scalar("SELECT count(*) FROM sales"))
        finally:
            joined.close()
            alone.close()
    out: dict[str, Any] = {"pairs": pairs, "sales_on_the_hub": pushed}
    for what in ("commit", "call"):
        with_hub, without = samples["joined"][what], samples["alone"][what]
        ratios = sorted(h / w for h, w in zip(with_hub, without, strict=True) if w)
        out[what] = {"with_hub_ms": percentiles(with_hub), "without_hub_ms": percentiles(without),
                     "ratio_p50": round(statistics.median(with_hub) / statistics.median(without), 2),
                     "median_pair_ratio": round(statistics.median(ratios), 2)}
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))


__all__ = ["measure", "run"]
