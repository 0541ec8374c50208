"""Hub test helpers: a hub database of its own on the shared PostgreSQL (dropped with the device roles it
made), devices as real SQLite data folders wired like the app, and what tests compare between them."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.uow import SqlUnitOfWorkFactory
from kiosk.bootstrap import Wiring, wire
from kiosk.bootstrap.hub import hub_init, hub_join
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.members import normalize_phone
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role
from kiosk.services.context import FixedClock
from tests.support.problems import english
from tests.support.staff import add_staff

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")


def admin_url(base: str, database: str) -> str:
    return make_url(base).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


class HubDatabase:
    """A fresh database on the test server for one hub; `drop()` removes it and every device role it made."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"kiosk_hub_{secrets.token_hex(4)}"
        self._server = create_engine(make_url(server_url).set(drivername="postgresql+psycopg", database="postgres"),
                                     isolation_level="AUTOCOMMIT")
        with self._server.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = admin_url(server_url, self.name)
        self._engine: Engine | None = None
        self._forgotten_roles: set[str] = set()  # device roles made since snapshot(), their rows gone by restore()

    def snapshot(self) -> None:
        """Keep what the hub holds now, for restore(): a copy of every table in a schema of its own (a new
        database per test case would cost seconds: CREATE and DROP DATABASE each wait for a checkpoint)."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS kept CASCADE; CREATE SCHEMA kept")
            for table in self._tables(conn):
                conn.exec_driver_sql(f'CREATE TABLE kept."{table}" AS TABLE public."{table}"')
            conn.exec_driver_sql("CREATE TABLE kept.sequences AS SELECT sequencename AS name, last_value "
                                 "FROM pg_sequences WHERE schemaname = 'public'")

    def restore(self) -> None:
        """Back to what snapshot() kept: every table and sequence (no device may be connected)."""
        with self.engine.begin() as conn:
            tables = self._tables(conn)
            # A device that joined since keeps its role on the server, the hub's row naming it gone: drop() drops it.
            self._forgotten_roles.update(conn.exec_driver_sql("SELECT db_role FROM hub_installs").scalars())
            # As a replica would: the hub's triggers (append-only ledger and log) stay out of a reset.
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'public."{t}"' for t in tables))
            for table in tables:
                conn.exec_driver_sql(f'INSERT INTO public."{table}" OVERRIDING SYSTEM VALUE '
                                     f'SELECT * FROM kept."{table}"')
            for name, value in conn.exec_driver_sql("SELECT name, last_value FROM kept.sequences").all():
                conn.execute(text("SELECT setval(:s, :v, :called)"),
                             {"s": f'public."{name}"', "v": value or 1, "called": value is not None})
            # A device retired since loses its login with its role, which is the server's, not the database's.
            for role in conn.exec_driver_sql("SELECT db_role FROM hub_installs WHERE revoked_at IS NULL").scalars():
                conn.exec_driver_sql(f'ALTER ROLE "{role}" LOGIN')

    @staticmethod
    def _tables(conn: Any) -> list[str]:
        return [r[0] for r in conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(make_url(self.url).set(drivername="postgresql+psycopg"))
        return self._engine

    def forget_connections(self) -> None:
        """After the server was stopped and started again: the pooled connections went with it."""
        if self._engine is not None:
            self._engine.dispose()
        self._server.dispose()

    def pin_clock(self, at: datetime) -> None:
        """The hub records each device's contact at `at` (hub_meta's pinned_now), not the server's clock: the
        devices act at a FixedClock's moment, and the Devices page shows both side by side."""
        with self.engine.begin() as conn:
            conn.execute(text("INSERT INTO hub_meta (key, value) VALUES ('pinned_now', :at) "
                              "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"), {"at": at.isoformat()})

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def drop(self) -> None:
        roles: list[str] = []
        try:
            with self.engine.connect() as conn:
                if conn.execute(text("SELECT to_regclass('hub_installs') IS NOT NULL")).scalar():
                    roles = [r[0] for r in conn.execute(text("SELECT db_role FROM hub_installs"))]
            roles += sorted(self._forgotten_roles - set(roles))
        finally:
            if self._engine is not None:
                self._engine.dispose()
        with self._server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            for role in roles:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        self._server.dispose()


@dataclass
class Device:
    """One PC of the shop: its own data folder and SQLite file, opened like the app opens it."""

    data_dir: Path
    clock: FixedClock
    _wiring: Wiring | None = field(default=None, repr=False)

    @property
    def app(self) -> Wiring:
        if self._wiring is None:
            self._wiring = wire(load_settings(data_dir=self.data_dir), clock=self.clock)
        return self._wiring

    def reopen(self) -> Wiring:
        self.close()
        return self.app

    def close(self) -> None:
        if self._wiring is not None:
            self._wiring.close()
            self._wiring = None

    def copy_to(self, data_dir: Path) -> Device:
        """This device's data folder as it is now, copied to `data_dir` (to start each case from one shop)."""
        self.close()
        shutil.copytree(self.data_dir, data_dir)
        return Device(data_dir, FixedClock(self.clock.now()))

    def init(self, url: str, **kw: Any) -> Any:
        self.close()
        return hub_init(load_settings(data_dir=self.data_dir), url, **kw)

    def join(self, url: str, name: str, **kw: Any) -> Any:
        self.close()
        return hub_join(load_settings(data_dir=self.data_dir), url, name=name, **kw)

    def sync(self) -> Any:
        """One round that must go through: out of reach, refused or half done fails the test here, not later
        as a puzzling difference between two devices."""
        report = self.app.services.hub.sync_once()
        assert report.error is None, f"{self.data_dir.name}: the hub was out of reach: {report.error}"
        assert report.refused is None, f"{self.data_dir.name}: the hub refused: {report.refused}"
        assert report.online is True, f"{self.data_dir.name}: the round did not finish: {report}"
        return report

    def enroll(self, phone: str, name: str = "Somchai Jaidee") -> str:
        return self.app.services.enrollment.enroll(EnrollMember(
            command_id=f"join-{phone}-{secrets.token_hex(3)}", name=name, phone=phone,
            consent_version="2026-01")).member_code

    def sell(self, member: str | None, *, quantity: int = 1, points: int = 0, vouchers: tuple[str, ...] = ()) -> Any:
        line = CartLine("Latte", Money(6500), quantity, "LATTE")
        return self.app.services.checkout.record_sale(RecordSale(
            command_id=secrets.token_hex(8), lines=(line,), member_code=member, points_to_spend=points,
            voucher_codes=vouchers))

    def member_id(self, phone: str) -> str:
        with self.app.uow_factory(readonly=True) as uow:
            member = uow.members.by_phone(normalize_phone(phone, country_code="66"))
            assert member is not None, f"no member with phone {phone} on {self.data_dir.name}"
            return member.id

    def points(self, phone: str) -> int:
        member_id = self.member_id(phone)
        with self.app.uow_factory(readonly=True) as uow:
            return uow.ledger.member_balances(member_id).get("PTS", 0)

    def ledger(self) -> dict[str, Any]:
        """What must be the same on every device: entries with their hashes, balances, members, sales, refunds."""
        with self.app.engine.connect() as conn:
            return _ledger_view(conn)

    def problems(self) -> tuple[str, ...]:
        """What `kiosk verify` finds on this device, in English (a failed test shows the words)."""
        return tuple(english(self.app.services.verify.run().problems))

    def owner(self) -> str:
        """The shop's owner (added here on a shop without staff, as first-run set-up does)."""
        add_staff(self.app.services.staff)
        return next(s.id for s in self.app.services.staff.list_staff() if s.role == Role.OWNER)


def _ledger_view(conn: Any) -> dict[str, Any]:
    entries = sorted((r.id, r.device_id, r.hash) for r in conn.execute(
        select(t.ledger_entries.c.id, t.ledger_entries.c.device_id, t.ledger_entries.c.hash)))
    balances = sorted((r.account, r.unit, int(r.balance)) for r in conn.execute(select(t.account_balances))
                      if r.balance)
    members = sorted((r.id, r.phone, r.name, r.merged_into) for r in conn.execute(select(t.members)))
    sales = sorted((r.id, r.receipt_no, r.status, int(r.refunded_minor)) for r in conn.execute(select(t.sales)))
    refunds = sorted((r.id, r.receipt_no) for r in conn.execute(select(t.refunds)))
    vouchers = sorted((r.id, r.code, r.redeemed_sale_id) for r in conn.execute(select(t.vouchers)))
    return {"entries": entries, "balances": balances, "members": members, "sales": sales, "refunds": refunds,
            "vouchers": vouchers}


def hub_view(hub: HubDatabase) -> dict[str, Any]:
    with hub.engine.connect() as conn:
        return _ledger_view(conn)


def hub_problems(hub: HubDatabase) -> tuple[str, ...]:
    from kiosk.adapters.db.repositories.audit import audit_canonical as canonical
    from kiosk.services.verify import VerifyService

    verify = VerifyService(SqlUnitOfWorkFactory(hub.engine), canonical, tz=ZoneInfo("Asia/Bangkok"))
    return tuple(english(verify.run().problems))


def count(engine: Engine, table: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


@contextmanager
def devices(tmp_path: Path, *names: str, clock: FixedClock | None = None) -> Iterator[list[Device]]:
    made = [Device(tmp_path / name, clock or FixedClock(T0)) for name in names]
    for device in made:
        device.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        yield made
    finally:
        for device in made:
            device.close()


def later(clock: FixedClock, **delta: float) -> None:
    clock.at = clock.at + timedelta(**delta)


NAMES = ("c1", "c2", "k")
PHONES = ("0811111111", "0822222222", "0833333333", "0844444444")  # the first is the shop's first member


class ShopTemplate:
    """One shop made once, for the tests that start from it: Counter 1 (its owner, one member) published it,
    Counter 2 and the door kiosk PC joined empty, all synced. copy() gives each test the shop as it was made:
    the hub put back (restore) and fresh copies of the three data folders, in a fraction of a second where
    making the shop takes several."""

    def __init__(self, root: Path, postgres_url: str) -> None:
        self.root = root
        self.hub = HubDatabase(postgres_url)
        with devices(root / "template", *NAMES) as made:
            made[0].owner()
            self.first_card = made[0].enroll(PHONES[0], "Somchai Jaidee")
            made[0].init(self.hub.url, name="Counter 1")
            made[1].join(self.hub.url, name="Counter 2")
            made[2].join(self.hub.url, name="Door kiosk")
            for device in made:
                device.sync()
            self.devices = made
        self.hub.snapshot()
        self.copies = 0

    def copy(self, folder: Path) -> list[Device]:
        self.hub.restore()
        return [d.copy_to(folder / d.data_dir.name) for d in self.devices]

    @contextmanager
    def copied(self, folder: Path) -> Iterator[list[Device]]:
        made = self.copy(folder)
        try:
            yield made
        finally:
            for device in made:
                device.close()


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[ShopTemplate]:
    template = ShopTemplate(tmp_path_factory.mktemp("hub-shop"), postgres_url)
    try:
        yield template
    finally:
        template.hub.drop()


@pytest.fixture(name="shop")
def hub_shop(shop_template: ShopTemplate, tmp_path: Path) -> Iterator[list[Device]]:
    """`shop`: a fresh copy of the template's shop for one test (Counter 1, its owner's PIN 9999; Counter 2; the
    door kiosk) on the template's hub. A module imports `hub_shop` (and `hub`) to have these fixtures."""
    with shop_template.copied(tmp_path) as made:
        yield made


@pytest.fixture
def hub(shop_template: ShopTemplate) -> HubDatabase:
    return shop_template.hub


# ---------------------------------------------------------------------- holding a device still, to kill it there
PUSH_LOCK = 7211405  # the advisory lock hub_push takes first (kiosk.adapters.hub.schema)
ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
import kiosk.services.hub as hub
hub.PUSH_BATCH = hub.PULL_BATCH = int(sys.argv[2])
from kiosk.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "hub", "sync", "--once"]))
"""


def until(ready: Callable[[], bool], what: str, *, seconds: float = 60) -> None:
    """Wait for another process to reach a state (never a timing assertion: a minute means it is stuck)."""
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, f"waited {seconds:.0f} s for {what}"
        time.sleep(0.02)


class HubLock:
    """A lock taken on the hub from the test, in a thread of its own (taking it may wait behind a device), held
    until release(): a device's next statement that needs it waits inside its transaction."""

    def __init__(self, hub: HubDatabase, sql: str, **params: Any) -> None:
        self._release = threading.Event()
        self.taken = threading.Event()
        self._thread = threading.Thread(target=self._hold, args=(hub, sql, params), daemon=True)
        self._thread.start()

    def _hold(self, hub: HubDatabase, sql: str, params: dict[str, Any]) -> None:
        try:
            with hub.engine.connect() as conn, conn.begin():
                conn.execute(text(sql), params)
                self.taken.set()
                self._release.wait(120)
        except OperationalError:
            if not self.taken.is_set():
                raise
            # The hub was stopped while the lock was held: the lock went with it.

    def release(self) -> None:
        self._release.set()
        self._thread.join(60)


@contextmanager
def sqlite_write_lock(device: Device) -> Iterator[None]:
    """Hold the device's database write lock: its next write (an acknowledgement, a pulled batch) waits."""
    conn = sqlite3.connect(device.data_dir / "shop.sqlite3", isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def kv(device: Device, key: str) -> str | None:
    """A value of the device's own state, read from its file while another process may be writing it."""
    conn = sqlite3.connect(f"file:{device.data_dir / 'shop.sqlite3'}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


class SyncProcess:
    """`kiosk hub sync --once` for a device's data folder in a process of its own, in batches of `batch` items
    (a small batch makes a short backlog span several of them), at the tests' pinned moment."""

    def __init__(self, device: Device, *, batch: int, log: Path) -> None:
        self.install = f"kiosk_{device.app.services.hub.store.state().install_id}"
        device.close()
        config = device.data_dir / "config.toml"
        if "[database]" not in config.read_text():
            # The test holds the device's file while the process waits to write: a slow machine must not make
            # that wait run out before the test kills it.
            config.write_text(config.read_text() + "\n[database]\nbusy_timeout_ms = 120000\n")
        env = {**os.environ, "KIOSK_NOW": device.clock.now().isoformat(), "PYTHONPATH": str(ROOT)}
        self._log = log.open("w")
        self.process = subprocess.Popen([sys.executable, "-c", CHILD, str(device.data_dir), str(batch)], cwd=ROOT,
                                        env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def waiting(self, hub: HubDatabase) -> bool:
        """Its hub session waits for a lock (inside its transaction)."""
        assert self.process.poll() is None, "the sync process ended before it was stopped"
        return bool(hub.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = :r AND wait_event_type = "
                               "'Lock'", r=self.install))

    def idle(self, hub: HubDatabase) -> bool:
        """Its hub session is between transactions (what it asked for is committed)."""
        return bool(hub.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = :r AND state = 'idle'",
                               r=self.install))

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(60) == -signal.SIGKILL
        self._log.close()

    def finish(self) -> int:
        code = self.process.wait(120)
        self._log.close()
        return code


def lock_waiters(hub: HubDatabase) -> int:
    return int(hub.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                          "wait_event_type = 'Lock'"))


SELLER = """
import json, secrets, sys
from pathlib import Path
from kiosk.bootstrap import wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine

folder, role, count, card = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
made = []
with wire(load_settings(data_dir=Path(folder)), role=role) as app:
    services = app.services
    services.workers.start("hub-sync")  # the app's own background sync, woken after each sale as the till does
    for n in range(count):
        if role == "kiosk":  # the door kiosk: customers join there
            made.append(services.enrollment.enroll(EnrollMember(
                command_id=secrets.token_hex(8), name=f"Guest {n}", phone=f"08{secrets.randbelow(10**8):08d}",
                consent_version="2026-01")).member_id)
        else:
            made.append(services.checkout.record_sale(RecordSale(
                command_id=secrets.token_hex(8), lines=(CartLine("Latte", Money(6500), 1 + n % 3, "LATTE"),),
                member_code=card)).sale_id)
        services.wake_printer()
    services.workers.close()  # the worker's last round, then the lease and the connection go
    report = services.hub.sync_once()
    assert report.online and not report.refused, report
print(json.dumps(made))
"""


class SellingProcess:
    """A device's app in a process of its own (`role` counter or kiosk), its background hub sync running, making
    `count` sales to `card` (a kiosk enrols `count` members instead); prints what it made, as JSON."""

    def __init__(self, device: Device, *, role: str, count: int, card: str) -> None:
        device.close()
        env = {**os.environ, "KIOSK_NOW": device.clock.now().isoformat(), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, "-c", SELLER, str(device.data_dir), role, str(count), card],
                                        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def made(self) -> list[str]:
        out, err = self.process.communicate(timeout=300)
        assert self.process.returncode == 0, err[-3000:]
        return list(json.loads(out.strip().splitlines()[-1]))


__all__ = ["LATTE", "NAMES", "PHONES", "PUSH_LOCK", "T0", "Device", "HubDatabase", "HubLock", "SellingProcess",
           "ShopTemplate", "SyncProcess", "count", "devices", "hub_problems", "hub_view", "kv", "later",
           "lock_waiters", "shop_template", "sqlite_write_lock", "until"]
