"""An entry records the numbers of its postings (migration 0028) and SQLite keeps no index of postings by entry:
every entry's range holds exactly its postings, every read from entries to their postings is planned on the
postings' own key (none walks the table), the upgrade fills the ranges of a shop's older entries, and `kiosk
verify` names a posting slipped in beside an entry's."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import event, text

from kiosk.adapters.db.hub_conflicts import find_conflicts
from kiosk.adapters.db.migrate import alembic_config, head_revision, upgrade
from kiosk.bootstrap import Wiring
from kiosk.domain.commands import RecordSale, RefundLine, RefundSale
from kiosk.domain.ledger import EntryKind
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app
from tests.unit.fakes import cached_pin_hash

CAKE = CartLine("Coconut cake", Money(9500), 1, "CAKE")


def _shop(app: Wiring) -> str:
    """Sign-ups, member sales and a walk-in, a refund of one line: entries of two to six postings, and one
    entry's reversal."""
    with app.uow_factory() as uow:
        uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
        uow.commit()
    code = enroll(app)
    enroll(app, phone="0899999999")
    for n in range(3):
        app.services.checkout.record_sale(RecordSale(command_id=f"s{n}", lines=(LATTE, CAKE), member_code=code,
                                                     payment_method="qr"))
    app.services.checkout.record_sale(RecordSale(command_id="w", lines=(CAKE,), payment_method="qr"))
    refunded = app.services.checkout.record_sale(RecordSale(command_id="r", lines=(LATTE, CAKE), member_code=code,
                                                            payment_method="qr"))
    app.services.refunds.refund(RefundSale(command_id="rf", receipt_no=refunded.receipt_no, approved_by="manager",
                                           lines=(RefundLine(1, 1),)))
    return code


def _ranges(app: Wiring) -> list[tuple[str, int, int, int, int, int]]:
    """Each entry: its range, and the count, lowest and highest number of the postings naming it."""
    with app.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(  # type: ignore[misc]
            "SELECT e.id, e.postings_from, e.postings_to, count(p.seq), min(p.seq), max(p.seq) "
            "FROM ledger_entries e LEFT JOIN postings p ON p.entry_id = e.id GROUP BY e.id ORDER BY e.seq")]


def test_each_entry_records_its_postings_and_nothing_keeps_them_by_entry_id(tmp_path: Path) -> None:
    with open_app(tmp_path, FixedClock(T0)) as app:
        _shop(app)
        ranges = _ranges(app)
        assert len(ranges) >= 7 and {count for *_, count, _, _ in ranges} >= {2, 4}
        for entry, first, last, count, lowest, highest in ranges:
            assert (first, last) == (lowest, highest) and last - first + 1 == count, entry
        with app.engine.connect() as conn:
            indexes = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' "
                                               "AND tbl_name = 'postings'").scalars())
        assert "ix_postings_entry_id" not in indexes
        with app.uow_factory(readonly=True) as uow:
            assert list(uow.ledger.stray_postings()) == []
        assert app.services.verify.run().ok


def test_every_read_from_entries_to_their_postings_uses_the_postings_key(tmp_path: Path) -> None:
    with open_app(tmp_path, FixedClock(T0)) as app:
        code = _shop(app)
        for n in range(60):  # sign-up awards enough for SQLite to plan the reversals' read of many ids
            enroll(app, phone=f"08100000{n:02d}")
        member = app.services.accounts.account(code).member_id
        sent: list[tuple[str, Any]] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if "postings" in statement and statement.lstrip().upper().startswith("SELECT"):
                sent.append((statement, parameters))

        # a member sale and a refund as the counter rings them, then every ledger read that starts from entries
        sale = app.services.checkout.record_sale(RecordSale(command_id="s9", lines=(LATTE,), member_code=code,
                                                            payment_method="qr"))
        app.services.refunds.refund(RefundSale(command_id="rf9", receipt_no=sale.receipt_no, approved_by="manager"))
        with app.uow_factory(readonly=True) as uow:
            ledger = uow.ledger
            entries = ledger.for_sale(sale.sale_id)
            assert entries and all(e.postings for e in entries)
            assert ledger.get(entries[0].id) == entries[0]
            assert set(ledger.get_many([e.id for e in entries])) == {e.id for e in entries}
            assert ledger.for_member(member)
            assert ledger.last_entry_of_kind(member, EntryKind.SIGNUP_BONUS.value) is not None
            ledger.stamps_earned_on(member, T0.date())
            ledger.partner_points_on(member, "bookshop", T0.date())
            ledger.partner_flows(T0.date(), T0.date())
            ledger.awards(EntryKind.SIGNUP_BONUS.value)
            assert sum(1 for _ in ledger.iter_chain(entries[0].device_id)) == len(_ranges(app))
        with app.engine.connect() as conn:
            find_conflicts(conn, UTC)
        event.remove(app.engine, "before_cursor_execute", keep)
        assert len(sent) >= 12
        with app.engine.connect() as conn:
            for statement, parameters in sent:
                plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                # a table walked, or the members' index walked from one end (review: past a few dozen award ids
                # the reversals' read took every member posting by it)
                walks = [step for step in plan if (step.startswith("SCAN ") and step.split()[1] in
                         ("postings", "p", "q") and "INDEX" not in step) or "(member_id>?)" in step]
                assert not walks, (statement, plan)


def test_the_upgrade_fills_the_ranges_of_older_entries_and_drops_the_index(tmp_path: Path) -> None:
    with open_app(tmp_path, FixedClock(T0)) as app:
        code = _shop(app)
        with app.uow_factory(readonly=True) as uow:
            member = app.services.accounts.account(code).member_id
            before = uow.ledger.for_member(member)
        cfg = alembic_config()
        with app.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0027")  # the entries as 0027 kept them: no ranges, the index back
        with app.engine.connect() as conn:
            columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(ledger_entries)")}
            assert "postings_from" not in columns
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master "
                                        "WHERE name = 'ix_postings_entry_id'").scalar() == 1
        upgrade(app.engine)
        with app.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        for entry, first, last, count, lowest, highest in _ranges(app):
            assert (first, last, last - first + 1) == (lowest, highest, count), entry
        with app.uow_factory(readonly=True) as uow:
            assert uow.ledger.for_member(member) == before
        # the ledger still refuses to be changed once the ranges were filled
        with app.engine.connect() as conn:
            trigger = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                           "AND name = 'ledger_entries_no_update'").scalar()
        assert trigger == 1
        assert app.services.verify.run().ok
        app.services.checkout.record_sale(RecordSale(command_id="after", lines=(LATTE,), member_code=code,
                                                     payment_method="qr"))
        assert app.services.verify.run().ok


def test_verify_names_a_posting_slipped_in_beside_an_entrys(tmp_path: Path) -> None:
    with open_app(tmp_path, FixedClock(T0)) as app:
        code = _shop(app)
        member = app.services.accounts.account(code).member_id
        with app.uow_factory(readonly=True) as uow:
            earn = next(e for e in uow.ledger.for_member(member) if e.kind == EntryKind.SALE_EARN)
        with app.engine.begin() as conn:  # behind the app's back: points for nothing, on an entry of a sale
            seq = conn.exec_driver_sql(
                "INSERT INTO postings (entry_id, account, unit, amount, member_id) VALUES (?, ?, 'PTS', 500, ?) "
                "RETURNING seq", (earn.id, f"member:{member}:points", member)).scalar()
        report = app.services.verify.run()
        assert not report.ok
        assert any(p.code == "verify.stray_posting" and p.params == {"posting": seq, "entry": earn.id}
                   for p in report.problems), report.problems
        with app.uow_factory(readonly=True) as uow:
            assert uow.ledger.get(earn.id) == earn  # the entry reads as it was written


def test_entries_read_alike_when_the_upgrade_finds_postings_apart(tmp_path: Path) -> None:
    """An older shop where one entry's postings are not side by side (two added to it by hand long after): its
    range spans every entry written between, and each of those still reads its own postings once (review: they
    were read twice, and verify called them edited)."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = _shop(app)
        member = app.services.accounts.account(code).member_id
        for n in range(110):  # more postings than one read's worth of numbers (500) between the two apart
            if n % 3 == 0:
                clock.advance(days=1)
            app.services.checkout.record_sale(RecordSale(command_id=f"m{n}", lines=(LATTE, CAKE), member_code=code,
                                                         payment_method="qr"))
        with app.uow_factory(readonly=True) as uow:
            ids = [row[0] for row in _ranges(app)]
            before = uow.ledger.get_many(ids)
            first = next(e for e in uow.ledger.for_member(member) if e.kind == EntryKind.SIGNUP_BONUS)
        cfg = alembic_config()
        with app.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0027")
        with app.engine.begin() as conn:  # behind the app's back, balanced, after every other entry's postings
            conn.exec_driver_sql(
                "INSERT INTO postings (entry_id, account, unit, amount, member_id) VALUES (?, ?, 'PTS', 5, ?), "
                "(?, 'program:issued', 'PTS', -5, NULL)", (first.id, f"member:{member}:points", member, first.id))
        upgrade(app.engine)
        with app.uow_factory(readonly=True) as uow:
            after = uow.ledger.get_many(ids)
        assert {i: e for i, e in after.items() if i != first.id} == {i: e for i, e in before.items() if i != first.id}
        assert len(after[first.id].postings) == len(first.postings) + 2
        named = {str(p.params.get("entry")) for p in app.services.verify.run().problems if "entry" in p.params}
        assert named == {first.id}  # the entry that was changed, and no other

