"""The core on a real SQLite file: migrations, append-only triggers, one sale = one transaction, idempotency across
processes, backup and restore, and `verify` catching a hand-edited ledger."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.migrate import current_revision, head_revision
from kiosk.adapters.db.repositories import SqlPrintJobs
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import AdjustPoints, EnrollMember, RecordSale, RefundSale
from kiosk.domain.errors import Conflict, StorageError
from kiosk.domain.ledger import POINTS
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.l10n.catalogue import speaker
from kiosk.services.context import FixedClock
from kiosk.services.reports import summary_figures, summary_rows
from tests.support.problems import english
from tests.unit.fakes import cached_pin_hash

T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
LATTE = CartLine("Latte", Money(6500), 2, "LATTE")


def open_app(data_dir: Path, clock: FixedClock | None = None) -> Wiring:
    return wire(load_settings(data_dir=data_dir), clock=clock or FixedClock(T0))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Wiring]:
    with open_app(tmp_path) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
        yield app


def enroll(app: Wiring, phone: str = "0812345678") -> str:
    return app.services.enrollment.enroll(EnrollMember(command_id=f"join-{phone}", name="Somchai Jaidee", phone=phone,
                                              consent_version="2026-01")).member_code


def count(app: Wiring, table: t.Table, *where: object) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_a_fresh_data_dir_gets_the_whole_schema(app: Wiring, tmp_path: Path) -> None:
    assert (tmp_path / "shop.sqlite3").exists()
    assert current_revision(app.engine) == head_revision()
    with app.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type IN ('table','trigger')"))}
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert set(t.metadata.tables) <= names
    assert {"ledger_entries_no_update", "postings_no_delete", "audit_log_no_update"} <= names
    with app.uow_factory(readonly=True) as uow:
        assert uow.keys.active()[0]  # the signing key was made on first start


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET memo = 'x'",
    "DELETE FROM ledger_entries",
    "UPDATE postings SET amount = amount + 1",
    "DELETE FROM postings",
    "UPDATE audit_log SET action = 'x'",
    "DELETE FROM audit_log",
])
def test_the_database_refuses_to_change_the_ledger(app: Wiring, statement: str) -> None:
    enroll(app)  # a sign-up bonus entry, its postings and an audit record
    with pytest.raises(DBAPIError) as caught:
        with app.engine.begin() as conn:
            conn.execute(text(statement))
    assert "append-only" in str(caught.value)
    assert app.services.verify.run().ok


def test_a_sale_that_fails_half_way_leaves_nothing(app: Wiring, monkeypatch: pytest.MonkeyPatch) -> None:
    code = enroll(app)
    before = {name: count(app, table) for name, table in (
        ("sales", t.sales), ("entries", t.ledger_entries), ("postings", t.postings), ("outbox", t.outbox),
        ("commands", t.processed_commands), ("jobs", t.print_jobs), ("audit", t.audit_log))}
    balances_before = app.services.accounts.account(code).points

    def printer_queue_breaks(self: SqlPrintJobs, **kwargs: object) -> str:
        raise sqlite3.OperationalError("disk I/O error")  # after the ledger, outbox and sale rows were written

    monkeypatch.setattr(SqlPrintJobs, "add", printer_queue_breaks)
    cmd = RecordSale(command_id="sale-1", lines=(LATTE,), member_code=code)
    with pytest.raises(sqlite3.OperationalError):
        app.services.checkout.record_sale(cmd)
    after = {name: count(app, table) for name, table in (
        ("sales", t.sales), ("entries", t.ledger_entries), ("postings", t.postings), ("outbox", t.outbox),
        ("commands", t.processed_commands), ("jobs", t.print_jobs), ("audit", t.audit_log))}
    assert after == before
    assert app.services.accounts.account(code).points == balances_before
    monkeypatch.undo()
    result = app.services.checkout.record_sale(cmd)  # the retry goes through, with the receipt number not burnt
    assert result.receipt_no == "C1-000001" and result.points_earned == 5
    assert count(app, t.print_jobs, t.print_jobs.c.source_id == "sale-1") == 1
    assert app.services.verify.run().ok


def test_the_same_sale_from_two_processes_is_written_once(app: Wiring, tmp_path: Path) -> None:
    code = enroll(app)
    cmd = RecordSale(command_id="till-retry", lines=(LATTE,), member_code=code)
    first = app.services.checkout.record_sale(cmd)
    with open_app(tmp_path) as other:  # a second window or a restarted app on the same file
        assert other.services.checkout.record_sale(cmd) == first
        with pytest.raises(Conflict):
            other.services.checkout.record_sale(RecordSale(command_id="till-retry", lines=(LATTE, LATTE),
                                                  member_code=code))
    assert count(app, t.sales) == 1
    assert app.services.accounts.account(code).points == 50 + 5


def test_refund_reverses_on_sqlite_and_verify_names_a_second_full_reversal(app: Wiring) -> None:
    code = enroll(app)
    sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), member_code=code))
    result = app.services.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no, approved_by="manager"))
    assert result.points_reversed == 5 and app.services.accounts.account(code).points == 50
    assert app.services.verify.run().ok
    with pytest.raises(Conflict):  # the service refuses a second refund of what went back already
        app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=sale.receipt_no, approved_by="manager"))
    with app.uow_factory(readonly=True) as uow:
        reversal = [e for e in uow.ledger.for_sale("s") if e.reverses_id][0]
    # Partial refunds reverse an entry a share at a time, so the schema allows several reversals; a buggy
    # caller writing a second full one behind the service's back is what verify names.
    with app.uow_factory() as uow:
        uow.ledger.add(reversal.__class__(**{**reversal.__dict__, "id": "again"}))
        uow.commit()
    problems = english(app.services.verify.run().problems)
    assert f"ledger entry {reversal.reverses_id} is reversed more than in full (by {reversal.id}, again)" in problems


def test_backup_and_restore_round_trip(app: Wiring, tmp_path: Path) -> None:
    code = enroll(app)
    app.services.checkout.record_sale(RecordSale(command_id="before", lines=(LATTE,), member_code=code))
    (tmp_path / "backups").mkdir()
    info = app.services.backup_to(tmp_path / "backups")  # a folder: the copy gets a dated name inside it
    assert (Path(info.path).parent == tmp_path / "backups" and Path(info.path).name.startswith("shop-")
            and info.bytes > 0)
    app.services.checkout.record_sale(RecordSale(command_id="after", lines=(LATTE,), member_code=code))
    assert app.services.accounts.account(code).points == 60
    app.close()

    from kiosk.adapters.db import backup as db_backup

    database = db_backup.database_path(app.settings.database_url)
    db_backup.restore(Path(info.path), database)
    assert list(tmp_path.glob("shop.before-restore-*.sqlite3"))  # the replaced database was kept
    with open_app(tmp_path) as restored:
        assert restored.services.accounts.account(code).points == 55
        assert count(restored, t.sales) == 1
        assert restored.services.verify.run().ok


def test_restore_refuses_a_file_that_is_not_a_shop_database(tmp_path: Path) -> None:
    from kiosk.adapters.db import backup as db_backup
    from kiosk.domain.errors import InvalidInput

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InvalidInput) as caught:
        db_backup.restore(junk, tmp_path / "shop.sqlite3")
    assert caught.value.code == "backup.unreadable"
    with pytest.raises(StorageError):
        db_backup.backup(tmp_path / "missing.sqlite3", tmp_path / "out.sqlite3")


def _break_in(app: Wiring, sql: str) -> None:
    """What someone with the file and a SQLite shell could do: drop the guard and edit a row."""
    with app.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER ledger_entries_no_update"))
        conn.execute(text("DROP TRIGGER postings_no_update"))
        conn.execute(text("DROP TRIGGER ledger_entries_no_delete"))
        conn.execute(text(sql))


def test_verify_names_an_edited_posting(app: Wiring) -> None:
    code = enroll(app)
    sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), member_code=code))
    with app.uow_factory(readonly=True) as uow:
        earn = uow.ledger.for_sale(sale.sale_id)[0]
    assert app.services.verify.run().ok
    _break_in(app, f"UPDATE postings SET amount = amount * 100 WHERE entry_id = '{earn.id}' AND amount > 0")
    report = app.services.verify.run()
    assert not report.ok
    said = english(report.problems)
    assert any(earn.id in p and "does not balance" in p for p in said)
    assert any(earn.id in p and "edited" in p for p in said)
    assert any("cached balance" in p for p in said)


def test_verify_names_an_edited_entry_and_a_deleted_newest_entry(app: Wiring) -> None:
    code = enroll(app)
    for n in range(3):
        app.services.checkout.record_sale(RecordSale(command_id=f"s{n}", lines=(LATTE,), member_code=code))
    with app.uow_factory(readonly=True) as uow:
        chain = [c.entry for d in uow.ledger.devices() for c in uow.ledger.iter_chain(d)]
    middle, newest = chain[1], chain[-1]
    _break_in(app, f"UPDATE ledger_entries SET memo = 'nothing to see' WHERE id = '{middle.id}'")
    problems = english(app.services.verify.run().problems)
    assert problems == [f"ledger entry {middle.id}: its contents were edited after it was written"]
    with app.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER postings_no_delete"))
        conn.execute(text(f"DELETE FROM postings WHERE entry_id = '{newest.id}'"))
        conn.execute(text(f"DELETE FROM ledger_entries WHERE id = '{newest.id}'"))
    problems = english(app.services.verify.run().problems)
    assert any("newest ledger entries were deleted" in p for p in problems)


def test_points_liability_adds_up_in_sql(app: Wiring) -> None:
    codes = [enroll(app, phone) for phone in ("0811111111", "0822222222")]
    for n, code in enumerate(codes):
        app.services.checkout.record_sale(RecordSale(command_id=f"s{n}", lines=(LATTE,), member_code=code))
    with app.engine.connect() as conn:
        b = t.account_balances
        members = conn.execute(select(func.sum(b.c.balance)).where(b.c.unit == POINTS,
                                                                   b.c.member_id.is_not(None))).scalar_one()
        program = conn.execute(select(func.sum(b.c.balance)).where(b.c.unit == POINTS,
                                                                   b.c.member_id.is_(None))).scalar_one()
    assert members == 2 * (50 + 5) == -program


def test_daily_report_counts_the_day(app: Wiring) -> None:
    code = enroll(app)
    app.services.checkout.record_sale(RecordSale(command_id="m", lines=(LATTE,), member_code=code))
    app.services.checkout.record_sale(RecordSale(command_id="n", lines=(CartLine("Cake", Money(9500)),)))
    refund = app.services.checkout.record_sale(RecordSale(command_id="x", lines=(CartLine("Cake", Money(9500)),)))
    app.services.refunds.refund(RefundSale(command_id="rx", receipt_no=refund.receipt_no, approved_by="manager"))
    day = app.services.ctx.business_date(T0)
    s = app.services.reports.daily(day)
    # the refunded sale was made that day: it counts, and what went back comes off the day's revenue
    assert (s.sales, s.revenue_minor, s.member_sales, s.non_member_sales) == (3, 22500, 1, 2)
    assert s.takings_minor == 32000
    assert (s.new_members, s.points_issued, s.stamps_given, s.refunds, s.refunded_minor) == (1, 55, 2, 1, 9500)
    assert s.cashback_issued_minor == 260  # 2 % of 130.00
    assert s.points_adjusted == 0 and not {"points_added_by_hand", "points_taken_by_hand"} & {
        key for key, _, _ in summary_figures(s)}


def test_points_a_manager_adjusts_by_hand_show_in_the_days_summary(app: Wiring) -> None:
    """A black-box test: +600 and +500 points given by a manager showed on no line of the day's summary."""
    code = enroll(app)
    for n, points in enumerate((600, 500, -100)):
        app.services.redemption.adjust(AdjustPoints(command_id=f"adj{n}", member_code=code, points=points,
                                                    reason="goodwill", approved_by="manager"))
    s = app.services.reports.daily(app.services.ctx.business_date(T0))
    assert s.points_adjusted == 1000 and s.points_issued == 50  # the sign-up bonus; the adjustments apart
    rows = dict((key, value) for key, _, value in summary_figures(s))
    assert (rows["points_added_by_hand"], rows["points_taken_by_hand"]) == (1100, 100)
    assert ("แต้มที่ผู้จัดการเพิ่มให้", "1,100") in summary_rows(s, speaker("th"))
    assert ("แต้มที่ผู้จัดการหักคืน", "100") in summary_rows(s, speaker("th"))
