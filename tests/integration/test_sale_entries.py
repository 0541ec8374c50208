"""A sale's entries are found without an index of entries by sale (migration 0030, issue 15): those written with
the sale on its day, by the index of (kind, day, member), and the reversals of those whatever their day (a refund
the same day or later, a challenge bonus taken back because an earlier sale was refunded). For every sale the
answer is what a walk of every entry by its sale id gives, and no read walks the ledger."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import event

from kiosk.adapters.db.migrate import alembic_config, upgrade
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.ledger import EntryKind
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE
from tests.integration.test_receipt_retention import CAKE, ENGAGEMENT
from tests.unit.fakes import cached_pin_hash


def _shop(app: Wiring, clock: FixedClock) -> None:
    with app.uow_factory() as uow:
        uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=clock.now())
        uow.commit()
    joined = app.services.enrollment.enroll(EnrollMember(command_id="j1", name="Somchai Jaidee", phone="0810000001",
                                                         consent_version="2026-01"))
    assert joined is not None
    code = joined.member_code

    def sale(name: str, *lines: Any, member: bool = True) -> str:
        clock.advance(minutes=5)
        return app.services.checkout.record_sale(RecordSale(
            command_id=name, lines=lines, member_code=code if member else None, payment_method="qr")).receipt_no

    monday = sale("mon", LATTE, CAKE)  # a cake: a promotion's entry of its own
    clock.advance(days=1)
    sale("tue", LATTE)  # the second visit of the week: the challenge's bonus, written with this sale
    same_day = sale("tue-2", LATTE, CAKE)
    app.services.refunds.refund(RefundSale(command_id="r-same", receipt_no=same_day, approved_by="manager",
                                           lines=(RefundLine(1, 1),)))  # the same day: reversals on its own day
    sale("walk-in", CAKE, member=False)
    clock.advance(days=1)
    # Monday's sale back, a day later: its reversals, and the challenge no longer met, so Tuesday's bonus goes
    app.services.refunds.refund(RefundSale(command_id="r-mon", receipt_no=monday, approved_by="manager"))


def _walked(app: Wiring, sale_id: str) -> list[str]:
    with app.engine.connect() as conn:
        return list(conn.exec_driver_sql("SELECT id FROM ledger_entries NOT INDEXED WHERE sale_id = ? "
                                         "ORDER BY created_at, seq", (sale_id,)).scalars())


def test_every_sales_entries_are_found_by_its_day_and_their_reversals(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(ENGAGEMENT, encoding="utf-8")
    clock = FixedClock(datetime(2026, 3, 9, 3, 0, tzinfo=UTC))  # a Monday
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        _shop(app, clock)
        with app.engine.connect() as conn:
            sales = list(conn.exec_driver_sql("SELECT id FROM sales").scalars())
            indexes = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' "
                                               "AND tbl_name = 'ledger_entries'").scalars())
        assert "ix_ledger_entries_sale_id" not in indexes
        sent: list[tuple[str, Any]] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if "ledger_entries" in statement and "sale_id" in statement:
                sent.append((statement, parameters))

        with app.uow_factory(readonly=True) as uow:
            found = {sale_id: [e.id for e in uow.ledger.for_sale(sale_id)] for sale_id in sales}
            tuesday = uow.ledger.for_sale("tue")
        event.remove(app.engine, "before_cursor_execute", keep)
        for sale_id in sales:
            assert found[sale_id] == _walked(app, sale_id), sale_id
        # what the shop above was built to hold: a challenge bonus given with Tuesday's sale, then taken back on
        # Wednesday (another day) when Monday's sale was refunded; reversals of a same-day refund
        kinds = [e.kind for e in tuesday]
        assert EntryKind.CHALLENGE in kinds and EntryKind.REVERSAL in kinds
        assert tuesday[-1].business_date > tuesday[0].business_date
        assert found["walk-in"] == [] and len(found["mon"]) >= 3 and len(found["tue-2"]) >= 2
        assert sent
        with app.engine.connect() as conn:
            for statement, parameters in sent:
                plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                walks = [step for step in plan if step.startswith("SCAN ") and step.split()[1] == "ledger_entries"]
                assert not walks, (statement, plan)
        assert app.services.verify.run().ok


def test_the_upgrade_drops_the_index_of_entries_by_sale_and_a_downgrade_brings_it_back(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(ENGAGEMENT, encoding="utf-8")
    clock = FixedClock(datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        _shop(app, clock)
        with app.uow_factory(readonly=True) as uow:
            before = uow.ledger.for_sale("tue")
        cfg = alembic_config()
        with app.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0029")
        with app.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master "
                                        "WHERE name = 'ix_ledger_entries_sale_id'").scalar() == 1
        upgrade(app.engine)
        with app.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master "
                                        "WHERE name = 'ix_ledger_entries_sale_id'").scalar() == 0
        with app.uow_factory(readonly=True) as uow:
            assert uow.ledger.for_sale("tue") == before
