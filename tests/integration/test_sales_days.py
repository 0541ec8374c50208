"""The period summary's sales figures from the per-day cache (0023, 0031) against a direct scan of the sales and
refunds, on random shops: members and walk-ins, several devices and days, flags, reward kinds, refunds partial and
whole on later days written through the repository and by plain SQL (as the hub writes them), folded in batches of
every size."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, and_, case, func, select, text

from kiosk.adapters.db import sales_days
from kiosk.adapters.db import tables as t
from kiosk.adapters.db.chain import of_installs
from kiosk.adapters.db.fold import FOLD_LOCK
from kiosk.adapters.db.migrate import alembic_config, upgrade
from kiosk.adapters.db.reports import SqlReports
from kiosk.adapters.db.tables_manager import DISCOUNT_KINDS
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember
from kiosk.domain.ledger import Flag
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine, Discount, DiscountKind
from kiosk.services.context import FixedClock
from kiosk.services.ports import SaleRecord
from kiosk.services.ports.sales import COUNTED_STATUSES, MADE_STATUSES
from tests.support.hub import HubDatabase, devices

T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
FIRST_DAY = date(2026, 3, 4)  # the members join on T0's day, 10 March: sales before and after it
DAYS = 12
INSTALLS = ("aaaa1111", "bbbb2222")
DEVICES = ("aaaa1111-C1", "aaaa1111-C2", "bbbb2222-C1")
EVER = (date(2000, 1, 1), date(2100, 1, 1))
SCOPES: tuple[tuple[str, ...] | None, ...] = (None, (INSTALLS[0],), (INSTALLS[1],), INSTALLS, ())


def _wire(data_dir: Path, database_url: str | None = None) -> Wiring:
    overrides = {"database": {"url": database_url}} if database_url else {}
    return wire(load_settings(data_dir=data_dir, overrides=overrides), clock=FixedClock(T0))


def scanned(engine: Engine, date_from: date, date_to: date, installs: tuple[str, ...] | None) -> tuple[Any, ...]:
    """The figures by one pass over every sale and refund of the period: the sales made in it as they were made
    (all but the voided), less the money its refunds gave back, whichever day their sales were."""
    s, r = t.sales, t.refunds
    where = [s.c.business_date >= date_from, s.c.business_date <= date_to]
    if installs is not None:
        where.append(of_installs(s.c.device_id, installs))
    completed = s.c.status.in_(MADE_STATUSES)
    kept = s.c.total_minor
    member = s.c.member_id.is_not(None)

    def count_of(condition: Any) -> Any:
        return func.count(case((condition, 1)))

    with engine.connect() as conn:
        row = conn.execute(select(
            count_of(completed),
            func.coalesce(func.sum(case((completed, kept), else_=0)), 0),
            count_of(and_(completed, member)),
            func.coalesce(func.sum(case((and_(completed, member), kept), else_=0)), 0),
            func.coalesce(func.sum(case((completed, s.c.discount_minor), else_=0)), 0),
            count_of(s.c.flags.like("%override%")),
            count_of(s.c.flags.like("%fraud_limit%")),
        ).where(*where)).one()
        # the reward kinds read from the JSON itself, not by the cache's text search (which, reading only
        # '"kind": "x"', missed the compact JSON sales write since issue 15's tenth step, and so did a copy of it here)
        kinds: dict[str, int] = {}
        for (discounts,) in conn.execute(select(s.c.discounts_json).where(*where, completed)):
            for discount in json.loads(discounts):
                kinds[discount["kind"]] = kinds.get(discount["kind"], 0) + 1
        m, later = t.members, s.alias("later")
        enrolled = [m.c.enrolled_date >= date_from, m.c.enrolled_date <= date_to]
        if installs is not None:
            enrolled.append(of_installs(m.c.enrolled_device, installs))
        returned = conn.execute(select(func.count(func.distinct(m.c.id))).select_from(m)
                                .join(later, later.c.member_id == m.c.id)
                                .where(*enrolled, later.c.business_date > m.c.enrolled_date)).scalar_one()
        refunded = [r.c.business_date >= date_from, r.c.business_date <= date_to, r.c.kind == "refund"]
        if installs is not None:
            refunded.append(of_installs(r.c.device_id, installs))
        given, member_given = 0, 0
        for amount, member_id in conn.execute(select(r.c.amount_minor, s.c.member_id)
                                              .select_from(r.join(s, s.c.id == r.c.sale_id)).where(*refunded)):
            given += amount
            member_given += amount if member_id is not None else 0
    rewards = {k: kinds[k] for k in DISCOUNT_KINDS if kinds.get(k)}
    takings, member_takings = int(row[1]), int(row[3])
    return (int(row[0]), takings - given, int(row[2]), member_takings - member_given, *(int(v) for v in row[4:7]),
            rewards, int(returned), takings, member_takings)


def summarised(engine: Engine, date_from: date, date_to: date, installs: tuple[str, ...] | None) -> tuple[Any, ...]:
    s = SqlReports(engine).daily_summary(date_from, date_to, currency="THB", installs=installs)
    return (s.sales, s.revenue_minor, s.member_sales, s.member_revenue_minor, s.discounts_minor, s.overrides,
            s.fraud_flags, s.rewards_redeemed, s.new_members_returned, s.takings_minor, s.member_takings_minor)


class RandomShop:
    """Sales written as the counter and the hub write them, at random: the repository for new sales and
    refunds, plain SQL UPDATEs for refunds arriving from elsewhere."""

    def __init__(self, app: Wiring, rng: random.Random) -> None:
        self.app, self.rng = app, rng
        for n in range(4):
            app.services.enrollment.enroll(EnrollMember(command_id=f"join-{n}", name=f"Member {n}",
                                               phone=f"08100000{n:02d}", consent_version="2026-01"))
        with app.engine.connect() as conn:
            self.members = list(conn.execute(select(t.members.c.id)).scalars())
        self.sales: list[str] = []
        self.receipts = 0

    def record(self, device: str | None = None) -> SaleRecord:
        """A random sale, to be written by the caller."""
        rng = self.rng
        self.receipts += 1
        total = rng.randrange(0, 50_000)
        discounts = tuple(Discount(rng.choice(list(DiscountKind)), "off", Money(rng.randrange(1, 900)))
                          for _ in range(rng.choice((0, 0, 1, 2, 3))))
        # born refunded: a sale pulled from the hub arrives with its refunds already applied
        status = rng.choices(("completed", "partly_refunded", "refunded", "voided"), (12, 1, 1, 1))[0]
        refunded = {"completed": 0, "partly_refunded": rng.randrange(0, total + 1)}.get(status, total)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        sale = SaleRecord(
            id=str(uuid.UUID(int=rng.getrandbits(128))), receipt_no=f"R{self.receipts:05d}",
            device_id=device or rng.choice(DEVICES), created_at=datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
            business_date=day, member_id=rng.choice([None, *self.members]), staff_id=None, currency="THB",
            subtotal_minor=total + sum(d.amount.minor for d in discounts),
            discount_minor=sum(d.amount.minor for d in discounts), credit_paid_minor=0, total_minor=total,
            payment_method="cash", lines=(CartLine("Tea", Money(total), 1, "TEA"),), status=status,
            flags=tuple(f for f in Flag if rng.random() < 0.2), discounts=discounts, refunded_minor=refunded)
        self.sales.append(sale.id)
        return sale

    def sell(self, count: int, device: str | None = None) -> None:
        with self.app.uow_factory() as uow:
            for _ in range(count):
                uow.sales.add(self.record(device))
            uow.commit()

    def refund(self, count: int) -> None:
        """Refunds of random sales, each with its refunds row (a void: a whole sale with none before, on its
        day; a refund: on its sale's day or a later one, at any device)."""
        rng = self.rng
        for sale_id in rng.sample(self.sales, min(count, len(self.sales))):
            with self.app.uow_factory() as uow:
                sale = uow.sales.get(sale_id)
                assert sale is not None
                if sale.status not in COUNTED_STATUSES:
                    continue
                left = sale.total_minor - sale.refunded_minor
                part = rng.randrange(0, left + 1)
                status = rng.choice(("refunded", "voided")) if part == left and not sale.refunded_minor \
                    else "refunded" if part == left else "partly_refunded"
                self.receipts += 1
                day = sale.business_date + timedelta(days=0 if status == "voided" else rng.randrange(0, 4))
                assert uow.conn is not None
                uow.conn.execute(t.refunds.insert().values(
                    id=str(uuid.UUID(int=rng.getrandbits(128))), sale_id=sale_id, receipt_no=f"RF{self.receipts:05d}",
                    device_id=sale.device_id if status == "voided" else rng.choice(DEVICES),
                    created_at=datetime(day.year, day.month, day.day, 5, tzinfo=UTC), business_date=day,
                    amount_minor=part, currency="THB", kind="void" if status == "voided" else "refund"))
                if rng.random() < 0.5:  # at this counter, through the repository
                    assert uow.sales.record_refunded(sale_id, status=status, refunded_minor=sale.refunded_minor + part,
                                                     was_refunded_minor=sale.refunded_minor)
                    uow.commit()
                    continue
                uow.commit()  # the refunds row: the sale's new figures come from elsewhere, below
            with self.app.engine.begin() as conn:  # from elsewhere: as the hub's pull and hub_refresh_sale write it
                conn.execute(text("UPDATE sales SET status = :status, refunded_minor = :given WHERE id = :id"),
                             dict(status=status, given=sale.refunded_minor + part, id=sale_id))

    def check(self, periods: int = 3) -> None:
        rng = self.rng
        spans = [(FIRST_DAY, FIRST_DAY + timedelta(days=DAYS))]
        for _ in range(periods):
            lo = FIRST_DAY + timedelta(days=rng.randrange(-1, DAYS))
            spans.append((lo, lo + timedelta(days=rng.randrange(0, 6))))
        for date_from, date_to in spans:
            for installs in SCOPES:
                assert summarised(self.app.engine, date_from, date_to, installs) == \
                    scanned(self.app.engine, date_from, date_to, installs), (date_from, date_to, installs)


def _run(app: Wiring, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    # every batch size, down to one sale and one changed day per transaction: a first fill, then folds that
    # rebuild changed days while the sales after them are not folded yet
    monkeypatch.setattr(sales_days, "SALES_DAYS_BATCH", rng.choice((1, 3, 17, 1000)))
    monkeypatch.setattr(sales_days, "STALE_KEYS", rng.choice((1, 2, 50)))
    shop = RandomShop(app, rng)
    for _ in range(rng.randrange(3, 6)):
        shop.sell(rng.randrange(1, 60))
        shop.refund(rng.randrange(0, 15))
        if rng.random() < 0.7:
            shop.check()
    shop.refund(10)  # changes after the last fold, with no new sale: the fold rebuilds just those days
    shop.check()
    assert sales_days.refresh_sales_days(app.engine) == 0  # nothing new: the read-only look is enough


@pytest.mark.parametrize("seed", range(6))
def test_cached_summary_matches_the_scan_on_sqlite(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _wire(tmp_path) as app:
        _run(app, seed, monkeypatch)


@pytest.mark.postgres
@pytest.mark.parametrize("seed", range(3))
def test_cached_summary_matches_the_scan_on_postgresql(seed: int, pg_schema_url: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with _wire(tmp_path, pg_schema_url) as app:
        _run(app, 100 + seed, monkeypatch)


def _triggers(app: Wiring) -> set[str]:
    with app.engine.connect() as conn:
        if app.engine.dialect.name == "postgresql":
            return set(conn.execute(text(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = 'sales'")).scalars())
        return set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                        "AND tbl_name = 'sales'").scalars())


def _down_and_up(app: Wiring, shop: RandomShop) -> None:
    """Back to 0022, where a refund leaves no note, and up again: the cache is filled afresh from the sales."""
    cfg = alembic_config()
    with app.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0022")
    assert not {"sales_day_stale_update", "sales_day_stale_delete"} & _triggers(app)
    shop.refund(8)
    shop.sell(5)
    upgrade(app.engine)
    assert {"sales_day_stale_update", "sales_day_stale_delete"} <= _triggers(app)
    shop.check()


def test_migration_0023_fills_the_cache_from_a_shop_with_sales(tmp_path: Path) -> None:
    with _wire(tmp_path) as app:
        shop = RandomShop(app, random.Random(7))
        shop.sell(40)
        shop.refund(10)
        shop.check()
        _down_and_up(app, shop)


@pytest.mark.postgres
def test_migration_0023_on_postgresql(pg_schema_url: str, tmp_path: Path) -> None:
    with _wire(tmp_path, pg_schema_url) as app:
        shop = RandomShop(app, random.Random(8))
        shop.sell(40)
        shop.refund(10)
        shop.check()
        _down_and_up(app, shop)


def test_a_sale_deleted_by_hand_leaves_its_day(tmp_path: Path) -> None:
    """Sales are never deleted by the app; one deleted by hand (support, a restore script) still leaves the
    summary exact."""
    with _wire(tmp_path) as app:
        shop = RandomShop(app, random.Random(9))
        shop.sell(30)
        shop.check(periods=0)
        with app.engine.begin() as conn:
            conn.execute(t.sales.delete().where(t.sales.c.id.in_(shop.sales[:5])))
        shop.check(periods=0)


@pytest.mark.postgres
def test_a_refund_pulled_from_the_hub_rebuilds_its_day_on_every_device_and_the_hub(
        tmp_path: Path, hub: HubDatabase) -> None:
    """A refund made on Counter 2 reaches Counter 1 as a pulled refund (hub_store recomputes the sale there) and
    the hub as a pushed one (hub_refresh_sale, in PL/pgSQL): each one's cache, filled before, follows."""
    from kiosk.domain.commands import RefundLine, RefundSale

    with devices(tmp_path, "c1", "c2") as (c1, c2):
        c1.owner()
        member = c1.enroll("0811111111")
        c1.init(hub.url, name="Counter 1")
        c2.join(hub.url, name="Counter 2")
        sale = c1.sell(member, quantity=3)
        c1.sell(None, quantity=2)
        for device in (c1, c2, c1):
            device.sync()
        engines = {"c1": c1.app.engine, "c2": c2.app.engine, "hub": hub.engine}
        before = {name: summarised(engine, *EVER, None) for name, engine in engines.items()}  # fills each cache
        assert before["c1"] == before["c2"] == before["hub"] == scanned(hub.engine, *EVER, None)
        assert before["c1"][0] == 2
        owner = c2.owner()
        c2.app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=sale.receipt_no, reason="spilt",
                                                  lines=(RefundLine(0, 1),), approved_by=owner))
        for device in (c2, c1):
            device.sync()
        for name, engine in engines.items():
            after = summarised(engine, *EVER, None)
            assert after == scanned(engine, *EVER, None), name
            # still two sales (one partly refunded), less the latte that went back
            assert after[0] == 2 and after[1] < before[name][1], name


@pytest.mark.postgres
def test_a_fold_waits_for_a_sale_numbered_before_it_that_commits_after(pg_schema_url: str, tmp_path: Path) -> None:
    """PostgreSQL numbers a sale (fold_seq) at its insert: a sale numbered first but committed after a later one
    must not be passed over by a fold that runs between the two commits."""
    import threading

    from kiosk.adapters.db.repositories.sales import SqlSales
    from tests.support.hub import until

    def fold_waits() -> bool:
        with app.engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                "AND classid = :high AND objid = 'sales'::regclass::oid"), {"high": FOLD_LOCK >> 32})
                .scalar())

    with _wire(tmp_path, pg_schema_url) as app:
        shop = RandomShop(app, random.Random(11))
        shop.sell(5)
        shop.check(periods=0)  # the cache filled up to here
        with app.engine.connect() as slow:
            open_sale = slow.begin()
            SqlSales(slow).add(shop.record(DEVICES[0]))  # numbered first, not committed yet
            shop.sell(1, DEVICES[1])  # numbered after it, committed
            folds: list[int] = []
            fold = threading.Thread(target=lambda: folds.append(sales_days.refresh_sales_days(app.engine)))
            fold.start()
            until(lambda: not fold.is_alive() or fold_waits(), "the fold to start")
            assert fold.is_alive(), "the fold went past a sale that was not committed yet"
            open_sale.commit()
        fold.join()
        assert folds == [2]
        shop.check(periods=0)
