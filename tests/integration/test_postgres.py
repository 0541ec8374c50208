"""The same core on PostgreSQL, chosen only by the database URL: migrations with PG triggers, enrol, sale, refund,
expiry, reports, verify. Skipped, saying why, when no server is reachable (tests/conftest.py `postgres_url`)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kiosk.adapters.db.migrate import current_revision, head_revision
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundSale
from kiosk.domain.errors import Conflict
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.unit.fakes import cached_pin_hash

pytestmark = pytest.mark.postgres

T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
LATTE = CartLine("Latte", Money(6500), 2, "LATTE")


@pytest.fixture
def app(pg_schema_url: str, tmp_path: Path) -> Iterator[Wiring]:
    settings = load_settings(data_dir=tmp_path, overrides={"database": {"url": pg_schema_url}})
    assert settings.database_url == pg_schema_url
    with wire(settings, clock=FixedClock(T0)) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
        yield app


def test_migrations_build_the_schema_with_its_triggers(app: Wiring) -> None:
    assert app.engine.dialect.name == "postgresql"
    assert current_revision(app.engine) == head_revision()
    with app.engine.connect() as conn:
        triggers = set(conn.execute(text(
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()")).scalars())
    assert {"ledger_entries_append_only", "postings_append_only", "audit_log_append_only"} <= triggers
    with app.engine.connect() as conn:
        defs = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes "
                                      "WHERE schemaname = current_schema()")).all())
    # 0025: members' rows only; 0026: with what a sale's member reads take of each row
    assert defs["ix_postings_member_unit"].endswith(
        "(member_id, unit, expires_at, amount) WHERE (member_id IS NOT NULL)")
    assert defs["ix_sales_member_created"].endswith(
        "(member_id, created_at, status, total_minor, refunded_minor, credit_paid_minor) WHERE (member_id IS NOT NULL)")
    assert defs["ix_account_balances_debts"].endswith("WHERE ((balance < 0) AND (member_id IS NOT NULL))")


def test_enrol_sell_refund_and_verify_on_postgres(app: Wiring) -> None:
    joined = app.services.enrollment.enroll(EnrollMember(command_id="join", name="สมชาย ใจดี", phone="081-234-5678",
                                                consent_version="2026-01"))
    cmd = RecordSale(command_id="sale-1", lines=(LATTE, CartLine("Cake", Money(9500), 1, "CAKE")),
                     member_code=joined.member_code, cash_tendered=Money(30000))
    sale = app.services.checkout.record_sale(cmd)
    assert (sale.points_earned, sale.change, sale.cashback) == (9, Money(7500), Money(450))
    assert app.services.checkout.record_sale(cmd) == sale  # idempotent on PostgreSQL too
    with pytest.raises(Conflict):
        app.services.checkout.record_sale(RecordSale(command_id="sale-1", lines=(LATTE,)))
    account = app.services.accounts.account("0812345678")
    assert account.points == 59 and account.stamp_cards[0].stamps == 2 and account.display_name == "สมชาย จ."
    assert [m.display_name for m in app.services.accounts.search("สมชาย")] == ["สมชาย จ."]
    refund = app.services.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no, approved_by="manager"))
    assert refund.points_reversed == 9 and refund.stamps_reversed == 2
    assert app.services.accounts.account(joined.member_code).points == 50
    with pytest.raises(Conflict):
        app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=sale.receipt_no, approved_by="manager"))
    report = app.services.verify.run()
    assert report.ok, report.problems
    assert report.entries_checked == 3  # the sign-up bonus, the sale's earning, and its reversal
    summary = app.services.reports.daily(app.services.ctx.business_date(T0))
    # the sale was made, and all of it went back the same day
    assert (summary.sales, summary.refunds, summary.new_members, summary.revenue_minor) == (1, 1, 1, 0)


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET memo = 'x'", "DELETE FROM postings", "UPDATE audit_log SET action = 'x'",
])
def test_postgres_refuses_to_change_the_ledger(app: Wiring, statement: str) -> None:
    app.services.enrollment.enroll(EnrollMember(command_id="j", name="Nok", phone="0812345678", consent_version="v"))
    with pytest.raises(DBAPIError) as caught:
        with app.engine.begin() as conn:
            conn.execute(text(statement))
    assert "append-only" in str(caught.value)


def test_a_random_day_of_trading_verifies_on_postgres(app: Wiring) -> None:
    from tests.unit.test_properties import Driver, sqlite_invariants

    driver = Driver(app.services, app.services.clock, "manager")  # type: ignore[arg-type]
    rng = random.Random(2026)
    # a fixed, seeded history (hypothesis-free: the database round trips make each step slow-ish)
    for _ in range(60):
        driver.apply(_random_op(rng))
    assert driver.applied > 20
    sqlite_invariants(app)  # plain SQLAlchemy queries: they run on PostgreSQL as they do on SQLite


def _random_op(rng: random.Random) -> tuple:
    kind = rng.choice(["enroll", "sale", "sale", "sale", "refund", "voucher", "donate", "adjust", "expire",
                       "advance", "repeat"])
    if kind == "enroll":
        return (kind, rng.randrange(4), rng.random() < 0.3)
    if kind == "sale":
        return (kind, rng.randrange(-1, 4), rng.randrange(4), rng.randrange(2), rng.choice([0, 5000, 300_000]),
                rng.choice(["none", "points", "off50", "latte", "credit", "stamp", "voucher"]), rng.randrange(1, 300))
    if kind == "refund":
        return (kind, rng.randrange(50), rng.random() < 0.3)
    if kind == "voucher":
        return (kind, rng.randrange(4), rng.choice(["off50", "latte"]))
    if kind == "donate":
        return (kind, rng.randrange(4), rng.randrange(1, 150))
    if kind == "adjust":
        return (kind, rng.randrange(4), rng.randrange(-100, 400))
    if kind == "advance":
        return (kind, rng.randrange(0, 120))
    return (kind,)
