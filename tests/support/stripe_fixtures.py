"""pytest fixture for the test-only Stripe emulation (tests/support/fake_stripe.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_stripe import FakeStripe


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    """A fresh, empty fake Stripe on 127.0.0.1 for one test; in memory only, stopped afterwards.

    .url / .api_key to point a client at it; .set_faults(...) / .fail_route(path, ...) / .clear_faults();
    .forget_idempotency_keys();
    .advance_clock(seconds); .complete_checkout(session_id); .set_subscription_status(id, status);
    .inject_event(type, customer_id=..., amount=...); .requests, .requests_per_second(), .internal_errors;
    state: .customers(), .customer(id), .balance_transactions(customer_id), .find_balance_transactions(...),
    .subscriptions(), .prices(), .checkout_sessions(), .events(), .idempotency_keys(); .stop().
    """
    fake = FakeStripe(seed=20240601)
    fake.start()
    try:
        yield fake
        assert not fake.internal_errors, "the fake Stripe itself failed:\n" + "\n".join(fake.internal_errors)
    finally:
        fake.stop()


# ---------------------------------------------------------------------------------------------- sync test shop
# Helpers for tests/integration/test_sync*.py and bench/sync.py: a shop database full of ledger activity made
# offline, a SyncService pointed at the fake, and the end-state check (Stripe mirrors the ledger exactly).

import random  # noqa: E402
import shutil  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok, a week before "now"


@dataclass
class ShopData:
    data_dir: Path
    member_ids: list[str]
    entries: int
    credit_entries: int
    receipts: list[str] = field(default_factory=list)


def shop_settings(data_dir: Path, fake: FakeStripe | None = None, *, rate: float = 1000.0,
                  api_base: str | None = None) -> Any:
    """`api_base` replaces the fake's address (e.g. a path prefix nothing answers, as a wrong setting would)."""
    from kiosk.config import load_settings

    overrides: dict[str, Any] = {"backup": {"daily": False}, "security": {"refund_needs_manager": False}}
    if fake is not None:
        overrides["stripe"] = {"enabled": True, "api_base": api_base or fake.url, "rate_limit_per_second": rate}
    return load_settings(data_dir=data_dir, overrides=overrides)


def build_shop(data_dir: Path, *, members: int, entries: int, seed: int = 7) -> ShopData:
    """A week of trading done offline: members enrolled and some sales and refunds through the services,
    then bulk activity written with the services' own EntryWriter (outbox rows included) until `entries`
    ledger entries exist. About a quarter of the bulk entries move store credit (cashback, spending, expiry,
    reversals), the rest points and stamps."""
    from kiosk.bootstrap import wire
    from kiosk.domain.commands import EnrollMember, RecordSale, RefundSale
    from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, stamps_unit, transfer
    from kiosk.domain.money import Money
    from kiosk.domain.programs.engine import CartLine
    from kiosk.services.context import FixedClock

    rng = random.Random(seed)
    clock = FixedClock(START)
    wiring = wire(shop_settings(data_dir), clock=clock)
    app = wiring.services
    try:
        ctx = app.ctx
        member_ids: list[str] = []
        for n in range(members):
            result = app.enrollment.enroll(EnrollMember(
                command_id=f"enroll-{n}", name=f"Member {n:04d}", phone=f"08{n:08d}",
                email=f"m{n}@example.com" if n % 3 else None,
                consent_version="2026-01" if n % 5 else "2026-01", language="th"))
            member_ids.append(result.member_id)
            clock.advance(seconds=7)
        receipts = []
        cake = CartLine("Coconut cake slice", Money(9500, ctx.currency), 2, "CAKE")
        for n, member_id in enumerate(member_ids[: min(len(member_ids), 40)]):
            sale = app.checkout.record_sale(RecordSale(command_id=f"sale-{n}", lines=(cake,), member_code=member_id,
                                                       print_receipt=False))
            receipts.append(sale.receipt_no)
            clock.advance(minutes=3)
        for n, receipt in enumerate(receipts[:10]):
            app.refunds.refund(RefundSale(command_id=f"refund-{n}", receipt_no=receipt, reason="test",
                                          print_slip=False))
        card = ctx.programs.stamp_cards[0].id if ctx.programs.stamp_cards else None
        from sqlalchemy import func, select

        from kiosk.adapters.db import tables as t

        with wiring.uow_factory() as uow:
            have = uow.conn.execute(select(func.count()).select_from(t.ledger_entries)).scalar_one()
            bulk = BulkLedger(uow, ctx)
            credit_entries: list[tuple[str, str, int]] = []  # (entry id, member, amount) still reversible
            held: dict[str, int] = {}  # credit each member got in this bulk part: spending never goes negative
            for n in range(max(0, entries - have)):
                clock.advance(seconds=rng.randint(20, 90))
                member_id = rng.choice(member_ids)
                credit = member_account(member_id, Bucket.CREDIT)
                roll = rng.random()

                def write(kind: str, postings: tuple, *, owner: str = member_id, reverses_id: str | None = None
                          ) -> str:
                    return bulk.write(now=clock.now(), command_id=f"bulk-{n}", kind=kind, member_id=owner,
                                      postings=postings, reverses_id=reverses_id)
                if roll < 0.15:
                    amount = rng.randint(100, 5000)
                    entry_id = write(EntryKind.SALE_EARN, (
                        *transfer(unit=POINTS, amount=rng.randint(1, 8),
                                  to_account=member_account(member_id, Bucket.POINTS),
                                  from_account=ProgramAccount.ISSUED),
                        *transfer(unit=ctx.currency, amount=amount, to_account=credit,
                                  from_account=ProgramAccount.ISSUED)))
                    credit_entries.append((entry_id, member_id, amount))
                    held[member_id] = held.get(member_id, 0) + amount
                elif roll < 0.21 and held.get(member_id, 0) >= 100:
                    amount = rng.randint(100, min(3000, held[member_id]))
                    held[member_id] -= amount
                    write(EntryKind.SALE_REDEEM, transfer(unit=ctx.currency, amount=amount,
                                                          to_account=ProgramAccount.REDEEMED, from_account=credit))
                elif roll < 0.24 and credit_entries and held.get(credit_entries[-1][1], 0) >= credit_entries[-1][2]:
                    entry_id, owner, amount = credit_entries.pop()
                    held[owner] -= amount
                    write(EntryKind.REVERSAL, transfer(unit=ctx.currency, amount=amount,
                                                       to_account=ProgramAccount.ISSUED,
                                                       from_account=member_account(owner, Bucket.CREDIT)),
                          owner=owner, reverses_id=entry_id)
                elif roll < 0.26 and held.get(member_id, 0) >= 1:
                    amount = rng.randint(1, min(500, held[member_id]))
                    held[member_id] -= amount
                    write(EntryKind.EXPIRY, transfer(unit=ctx.currency, amount=amount,
                                                     to_account=ProgramAccount.EXPIRED, from_account=credit))
                elif roll < 0.75 or card is None:
                    write(EntryKind.SALE_EARN, transfer(unit=POINTS, amount=rng.randint(1, 12),
                                                        to_account=member_account(member_id, Bucket.POINTS),
                                                        from_account=ProgramAccount.ISSUED))
                else:
                    write(EntryKind.SALE_EARN, transfer(unit=stamps_unit(card), amount=1,
                                                        to_account=member_account(member_id, Bucket.STAMPS),
                                                        from_account=ProgramAccount.ISSUED))
            bulk.flush()
            uow.commit()
        with wiring.uow_factory(readonly=True) as uow:
            total = uow.conn.execute(select(func.count()).select_from(t.ledger_entries)).scalar_one()
            credit_rows = uow.conn.execute(select(func.count()).select_from(t.outbox)
                                           .where(t.outbox.c.topic == "credit.balance_transaction")).scalar_one()
        return ShopData(data_dir, member_ids, int(total), int(credit_rows), receipts)
    finally:
        app.close()


class BulkLedger:
    """Writes ledger entries the way SqlLedger.add and EntryWriter do (hash chain, postings, cached balances,
    outbox rows from EntryWriter's own rules), but with one executemany per table: 10,000 entries in about a
    second instead of a minute. Test data only."""

    def __init__(self, uow: Any, ctx: Any) -> None:
        from kiosk.services.common import EntryWriter

        self.uow = uow
        self.ctx = ctx
        self.entries: list[dict[str, Any]] = []
        self.postings: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []
        self.balances: dict[tuple[str, str], int] = {}
        head_key = f"chain_head:{ctx.device_id}"
        from sqlalchemy import select

        from kiosk.adapters.db import tables as t

        self.head_key = head_key
        self.prev = uow.conn.execute(select(t.kv.c.value).where(t.kv.c.key == head_key)).scalar()
        bulk = self

        class _Collect:
            def add(self, **row: Any) -> None:
                bulk.outbox.append(row)

        class _Uow:
            outbox = _Collect()

        self._writer_type = EntryWriter
        self._shim = _Uow()

    def write(self, *, now: datetime, command_id: str, kind: str, member_id: str, postings: tuple,
              reverses_id: str | None = None) -> str:
        from kiosk.domain.ids import new_id
        from kiosk.domain.ledger import GENESIS_HASH, Entry, chain_hash, check_balanced, member_of

        entry = Entry(id=new_id(), device_id=self.ctx.device_id, created_at=now,
                      business_date=self.ctx.business_date(now), kind=str(kind), postings=tuple(postings),
                      member_id=member_id, reverses_id=reverses_id, command_id=command_id)
        check_balanced(entry)
        prev = self.prev or GENESIS_HASH
        digest = chain_hash(prev, entry)
        self.prev = digest
        self.entries.append(dict(id=entry.id, device_id=entry.device_id, created_at=now,
                                 business_date=entry.business_date, kind=entry.kind, member_id=member_id,
                                 sale_id=None, reverses_id=reverses_id, command_id=command_id, staff_id=None,
                                 memo="", flags="", prev_hash=prev, hash=digest, postings_from=None,
                                 postings_to=len(entry.postings)))  # a count until flush numbers them
        for p in entry.postings:
            self.postings.append(dict(entry_id=entry.id, account=p.account, unit=p.unit, amount=p.amount,
                                      member_id=member_of(p.account), expires_at=p.expires_at))
            key = (p.account, p.unit)
            self.balances[key] = self.balances.get(key, 0) + p.amount
        self._writer_type(self._shim, self.ctx, now, command_id)._outbox(entry)  # type: ignore[arg-type]
        return entry.id

    def flush(self) -> None:
        import json

        from sqlalchemy import func, insert, select

        from kiosk.adapters.db import tables as t
        from kiosk.adapters.db.repositories.common import upsert
        from kiosk.domain.ids import new_id
        from kiosk.domain.ledger import member_of

        conn = self.uow.conn
        if conn.dialect.name == "sqlite":  # numbered as the app numbers them: each entry records its range (0028)
            first = int(conn.execute(select(func.max(t.postings.c.seq))).scalar() or 0) + 1
            for n, row in enumerate(self.postings):  # in the entries' order
                row["seq"] = first + n
            for entry in self.entries:
                count = entry["postings_to"]
                entry["postings_from"], entry["postings_to"] = first, first + count - 1
                first += count
        else:
            for entry in self.entries:
                entry["postings_to"] = None
        conn.execute(insert(t.ledger_entries), self.entries)
        conn.execute(insert(t.postings), self.postings)
        conn.execute(insert(t.outbox), [dict(
            id=new_id(), created_at=row["created_at"], topic=row["topic"], member_id=row.get("member_id"),
            entry_id=row.get("entry_id"), payload_json=json.dumps(row["payload"], sort_keys=True),
            idempotency_key=row["idempotency_key"], status="pending") for row in self.outbox])
        for (account, unit), amount in self.balances.items():
            upsert(conn, t.account_balances, dict(account=account, unit=unit, member_id=member_of(account),
                                                  balance=amount), ["account", "unit"],
                   lambda stmt: {"balance": t.account_balances.c.balance + stmt.excluded.balance})
        if self.prev:
            upsert(conn, t.kv, dict(key=self.head_key, value=self.prev), ["key"],
                   lambda stmt: {"value": stmt.excluded.value})
        self.entries, self.postings, self.outbox, self.balances = [], [], [], {}


def copy_shop(shop: ShopData, target: Path) -> ShopData:
    """A private copy of a built shop (database file and install id) for one test."""
    target.mkdir(parents=True, exist_ok=True)
    for path in shop.data_dir.iterdir():
        if path.is_file() and (path.name.startswith("shop.sqlite3") or path.name == "install-id"):
            shutil.copy2(path, target / path.name)
    return ShopData(target, list(shop.member_ids), shop.entries, shop.credit_entries, list(shop.receipts))


def sync_app(data_dir: Path, fake: FakeStripe, *, rate: float = 1000.0, clock: Any = None,
             api_base: str | None = None, **options: Any) -> Any:
    """The app on `data_dir` (a kiosk.bootstrap.Wiring) with its SyncService pointed at the fake (or at
    `api_base`), fast backoff, real time for retries."""
    from kiosk.bootstrap import wire
    from kiosk.services.ratelimit import Backoff

    options.setdefault("backoff", Backoff(base_seconds=0.005, cap_seconds=0.05))
    return wire(shop_settings(data_dir, fake, rate=rate, api_base=api_base), clock=clock,
                stripe_api_key=fake.api_key, sync_options=options)


def sync_until_idle(app: Any, *, passes: int = 60) -> list[Any]:
    """Run passes until nothing waits (retries deferred by backoff become due within the fast test backoff)."""
    import time

    reports = []
    sync = app.services.sync
    for _ in range(passes):
        report = sync.run_once()
        reports.append(report)
        if sync.store.waiting_count() == 0 and report.ran and report.online is not False:
            return reports
        time.sleep(0.05)
    raise AssertionError(f"sync did not finish: {sync.status()} after {reports[-3:]}")


def assert_stripe_mirrors_ledger(app: Any, fake: FakeStripe) -> dict[str, int]:
    """Exactly one balance transaction per credit entry (no duplicates, none missing), every customer's
    balance equal to minus the member's store credit, and every customer's metadata equal to the ledger."""
    from collections import Counter

    from sqlalchemy import select

    from kiosk.adapters.db import tables as t
    from kiosk.adapters.db.tables_sync import stripe_customers

    sync = app.services.sync
    with app.engine.connect() as conn:
        expected = {(r.entry_id, r.member_id): r.payload_json for r in conn.execute(
            select(t.outbox).where(t.outbox.c.topic == "credit.balance_transaction"))}
        links = dict(conn.execute(select(stripe_customers.c.member_id, stripe_customers.c.customer_id)).all())
        mirror_entries = {r.id for r in conn.execute(select(t.ledger_entries.c.id).where(
            t.ledger_entries.c.command_id.like("sbal:%")))}
    import json

    wanted = {key: json.loads(payload)["amount_minor"] for key, payload in expected.items()
              if key[0] not in mirror_entries and json.loads(payload)["amount_minor"] != 0}
    customers = {c["id"]: c for c in fake.customers()}
    by_member: dict[str, list[dict[str, Any]]] = {}
    seen: Counter[tuple[str, str]] = Counter()
    for member_id, customer_id in links.items():
        txns = fake.balance_transactions(customer_id)
        by_member[member_id] = txns
        for txn in txns:
            if txn["type"] == "applied_to_invoice":
                continue
            seen[(txn["metadata"]["ledger_entry_id"], member_id)] += 1
            assert wanted.get((txn["metadata"]["ledger_entry_id"], member_id)) == txn["amount"], txn
    duplicates = {k: n for k, n in seen.items() if n > 1}
    assert not duplicates, f"duplicated balance transactions: {list(duplicates.items())[:5]}"
    missing = set(wanted) - set(seen)
    assert not missing, f"{len(missing)} credit entries never reached Stripe, e.g. {sorted(missing)[:3]}"
    member_customers = [c for c in customers.values() if c["metadata"].get("member_id")]
    assert len(member_customers) == len({c["metadata"]["member_id"] for c in member_customers}), "duplicate customers"
    checked = 0
    with app.uow_factory(readonly=True) as uow:
        for member_id, customer_id in links.items():
            customer = customers[customer_id]
            snapshot = sync.snapshot(uow, member_id)
            assert snapshot is not None
            credit = uow.ledger.member_balances(member_id).get(app.services.ctx.currency, 0)
            assert customer["balance"] == -credit, (member_id, customer["balance"], credit)
            assert customer["metadata"] == {
                "member_id": member_id, "tier": snapshot.tier, "points_balance": str(snapshot.points_balance),
                "stamps": str(snapshot.stamps), "ledger_version": str(snapshot.ledger_version)}, member_id
            checked += 1
    return {"customers": checked, "balance_transactions": sum(seen.values())}
