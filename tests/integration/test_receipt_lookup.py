"""A receipt found by its number alone (the counter's receipt page, `kiosk printer reprint`) goes through the key of
(device, number): SQLite keeps no index of numbers alone since migration 0029 (issue 15: ~18 bytes and a page of
every sale's commit). In a chain the same number can come from several devices: this device's own comes first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import event

from kiosk.adapters.db.migrate import alembic_config, upgrade
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.bootstrap import Wiring
from kiosk.domain.commands import RecordSale
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, open_app


def _sale_from(app: Wiring, sale_id: str, device: str, *, like: str, receipt_no: str) -> None:
    """A sale as the hub brings one from another device: a copy of `like`'s row under another id and device."""
    with app.engine.begin() as conn:
        columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(sales)")]
        chosen = ", ".join(columns)
        values = ", ".join({"id": "?", "device_id": "?", "receipt_no": "?"}.get(c, c) for c in columns)
        order = [v for c in columns for v in ({"id": [sale_id], "device_id": [device],
                                               "receipt_no": [receipt_no]}.get(c, []))]
        conn.exec_driver_sql(f"INSERT INTO sales ({chosen}) SELECT {values} FROM sales WHERE id = ?",
                             (*order, like))


def _indexes(app: Wiring) -> set[str]:
    with app.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' "
                                        "AND tbl_name = 'sales'").scalars())


def test_a_receipt_is_found_by_number_through_the_device_key_this_devices_first(tmp_path: Path) -> None:
    with open_app(tmp_path, FixedClock(T0)) as app:
        mine = app.services.checkout.record_sale(RecordSale(command_id="mine", lines=(LATTE,), payment_method="qr"))
        # other devices of a chain: one with the same number as this device's sale, one with a number of its own
        _sale_from(app, "theirs-same", "aaaaaaaaaaaa-C1", like=mine.sale_id, receipt_no=mine.receipt_no)
        _sale_from(app, "theirs-same-2", "zzzzzzzzzzzz-C1", like=mine.sale_id, receipt_no=mine.receipt_no)
        _sale_from(app, "theirs-only", "bbbbbbbbbbbb-C2", like=mine.sale_id, receipt_no="C2-000042")
        with app.engine.begin() as conn:  # this device joined to a hub, as the chain's devices are
            device = conn.exec_driver_sql("SELECT device_id FROM sales WHERE id = 'mine'").scalar()
            conn.exec_driver_sql("INSERT INTO kv (key, value) VALUES ('hub:install', ?)",
                                 (json.dumps({"install_id": device.rsplit("-", 1)[0], "shop_id": "shop"}),))
        assert "ix_sales_receipt_no" not in _indexes(app)
        sent: list[tuple[str, Any]] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if "receipt_no" in statement and statement.lstrip().upper().startswith(("SELECT", "WITH")):
                sent.append((statement, parameters))

        with app.uow_factory(readonly=True) as uow:
            found = uow.sales.by_receipt(mine.receipt_no)
            assert found is not None and found.id == "mine"
            other = uow.sales.by_receipt("C2-000042")
            assert other is not None and other.id == "theirs-only"
            assert uow.sales.by_receipt("C9-999999") is None
        queue = SqlPrintQueue(app.engine, device_id="test")
        job = queue.find(mine.receipt_no)
        assert job is not None and job.source_id == "mine"
        event.remove(app.engine, "before_cursor_execute", keep)
        assert len(sent) >= 4
        with app.engine.connect() as conn:
            for statement, parameters in sent:
                plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                walks = [step for step in plan if step.startswith("SCAN ") and step.split()[1] in ("sales", "refunds")]
                assert not walks, (statement, plan)


def test_the_upgrade_drops_the_index_of_numbers_and_a_downgrade_brings_it_back(tmp_path: Path) -> None:
    with open_app(tmp_path, FixedClock(T0)) as app:
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), payment_method="qr"))
        cfg = alembic_config()
        with app.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0028")
        assert "ix_sales_receipt_no" in _indexes(app)
        upgrade(app.engine)
        assert "ix_sales_receipt_no" not in _indexes(app)
        with app.uow_factory(readonly=True) as uow:
            found = uow.sales.by_receipt(sale.receipt_no)
        assert found is not None and found.id == "s"
        assert app.services.verify.run().ok
