"""The command log keeps a sale's few facts, not its whole result: a retry rebuilds the very same result."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, update

from kiosk.adapters.db import tables as t
from kiosk.bootstrap import Wiring
from kiosk.domain.commands import RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.serialization import to_json
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app

CAKE = CartLine("Coconut cake", Money(9500), 1, "CAKE")


def kept(app: Wiring, command_id: str) -> str:
    with app.engine.connect() as conn:
        return str(conn.execute(select(t.processed_commands.c.result_json)
                                .where(t.processed_commands.c.id == command_id)).scalar_one())


def test_a_retried_sale_returns_the_same_result_from_the_slim_record(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        member_sale = RecordSale(command_id="till-1", lines=(LATTE, CAKE), member_code=code,
                                 payment_method="cash", cash_tendered=Money(30000))
        first = app.services.checkout.record_sale(member_sale)
        assert first.change == Money(30000 - first.amount_due.minor) and first.stamps and first.points_earned
        walk_in = RecordSale(command_id="till-2", lines=(CAKE,), payment_method="qr")
        first_walk_in = app.services.checkout.record_sale(walk_in)
        record = kept(app, "till-1")
        # what the sale row holds is not copied: the number, the amounts, the discounts, the sale's id
        assert first.receipt_no not in record and "subtotal" not in record and len(record) < 220
        assert len(kept(app, "till-2")) < 80
        clock.advance(minutes=5)
    with open_app(tmp_path, clock) as again:  # the till restarted and sends both again
        assert again.services.checkout.record_sale(member_sale) == first
        assert again.services.checkout.record_sale(walk_in) == first_walk_in
        with again.engine.connect() as conn:
            assert conn.execute(select(t.sales.c.id)).scalars().all() == ["till-1", "till-2"]


def test_a_whole_result_kept_before_the_slim_format_is_still_returned(tmp_path: Path) -> None:
    with open_app(tmp_path) as app:
        code = enroll(app)
        cmd = RecordSale(command_id="old-1", lines=(LATTE,), member_code=code)
        first = app.services.checkout.record_sale(cmd)
        with app.engine.begin() as conn:  # as a shop's log held it before migration 0016
            conn.execute(update(t.processed_commands).where(t.processed_commands.c.id == "old-1")
                         .values(result_json=to_json(first)))
        assert app.services.checkout.record_sale(cmd) == first
        assert json.loads(kept(app, "old-1"))["receipt_no"] == first.receipt_no


def test_migration_0016_slims_the_sales_a_shop_already_logged(tmp_path: Path) -> None:
    from alembic import command

    from kiosk.adapters.db.migrate import alembic_config, upgrade

    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        sales = [RecordSale(command_id="before-1", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
                            cash_tendered=Money(50000)),
                 RecordSale(command_id="before-2", lines=(CAKE,))]
        results = [app.services.checkout.record_sale(cmd) for cmd in sales]
        cfg = alembic_config()
        with app.engine.begin() as conn:  # the shop as 0015 left it: whole results in the log
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0015")
            for cmd, result in zip(sales, results, strict=True):
                conn.execute(update(t.processed_commands).where(t.processed_commands.c.id == cmd.command_id)
                             .values(result_json=to_json(result)))
        upgrade(app.engine)
        with app.engine.connect() as conn:
            table_sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'processed_commands'").scalar_one()
            indexes = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'").scalars())
        assert "WITHOUT ROWID" in table_sql
        assert "ix_sales_business_date" not in indexes and "ix_ledger_entries_reverses_id" in indexes
        assert all(json.loads(kept(app, cmd.command_id))["v"] == 1 for cmd in sales)
        assert [app.services.checkout.record_sale(cmd) for cmd in sales] == results
        assert app.services.verify.run().ok
