"""What a counter's start does not load before its first frame (issue 15): each check runs in a fresh interpreter,
since this test process has long since imported everything. On a SQLite till the sign-in screen is interactive
before SQLAlchemy, the tables and the services load (kiosk.bootstrap.signin); the shop is wired after it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex

from kiosk.adapters.db import tables


def _loaded_after(statement: str, modules: list[str]) -> list[str]:
    """Which of `modules` a fresh interpreter has loaded after running `statement`."""
    probe = f"import sys\n{statement}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
                          timeout=120)
    return [m for m in done.stdout.strip().split(",") if m]


def test_the_tables_do_not_load_the_postgresql_dialect() -> None:
    assert _loaded_after("import kiosk.adapters.db.tables", ["sqlalchemy.dialects.postgresql"]) == []


def test_the_wiring_loads_neither_the_demo_builder_nor_babel() -> None:
    assert _loaded_after("import kiosk.cli, kiosk.bootstrap.wiring", ["kiosk.services.demo", "babel.numbers"]) == []


WIRING = ["sqlalchemy", "alembic", "kiosk.bootstrap.wiring", "kiosk.adapters.db.tables", "kiosk.services.app",
          "kiosk.services.ports", "kiosk.services.staff"]


def test_the_early_sign_in_loads_neither_the_wiring_nor_sqlalchemy_nor_the_services() -> None:
    assert _loaded_after("import kiosk.bootstrap, kiosk.bootstrap.signin, kiosk.cli.gui", WIRING) == []


def test_the_counter_window_and_its_sign_in_screen_load_none_of_the_wiring() -> None:
    pytest.importorskip("PySide6.QtWidgets")
    assert _loaded_after("import kiosk.ui.app, kiosk.ui.counter, kiosk.ui.counter.window", WIRING) == []


def _import_order(data_dir: Path) -> list[str]:
    """`kiosk counter --exit-after-ready` on `data_dir` with -X importtime: the modules as they load, with the
    ready line where the sign-in screen became interactive (one stream, in order)."""
    pytest.importorskip("PySide6.QtWidgets")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kiosk", "--data-dir", str(data_dir),
                           "counter", "--exit-after-ready"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env, timeout=120, check=True)
    order = []
    for line in done.stdout.splitlines():
        if line.startswith("ready_after_s="):
            order.append("<ready>")
        elif line.startswith("import time:") and "|" in line:
            order.append(line.rsplit("|", 1)[1].strip())
    return order


def test_the_counter_is_interactive_before_sqlalchemy_and_the_services_load(tmp_path: Path) -> None:
    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings
    from tests.support.staff import add_staff

    data_dir = tmp_path / "shop"
    with build_app(load_settings(data_dir=data_dir)) as app:
        add_staff(app.staff, ("Beam", "cashier", "1111"))
    order = _import_order(data_dir)
    ready = order.index("<ready>")
    assert "kiosk.ui.counter.signin" in order[:ready] and "kiosk.bootstrap.signin" in order[:ready]
    assert [m for m in WIRING if m in order[:ready]] == []
    assert {"sqlalchemy", "kiosk.services.app"} <= set(order[ready:])  # wired after the first frame


def test_the_counter_window_loads_its_pages_only_when_it_builds_them() -> None:
    pages = ["kiosk.ui.counter.checkout", "kiosk.ui.counter.rewards", "kiosk.ui.counter.bill",
             "kiosk.ui.counter.payment", "kiosk.ui.counter.enroll", "kiosk.ui.counter.refund",
             "kiosk.ui.counter.printing", "kiosk.ui.counter.member", "kiosk.ui.counter.account",
             "kiosk.ui.counter.sale", "kiosk.ui.counter.status", "kiosk.ui.scanning", "PySide6.QtMultimedia"]
    pytest.importorskip("PySide6.QtWidgets")
    assert _loaded_after("import kiosk.ui.counter.window", pages) == []


@pytest.mark.parametrize("index_name", ["ix_members_phone_live", "ix_ledger_entries_reverses_id",
                                        "ix_ledger_entries_partner_command", "ix_account_balances_debts"])
def test_a_partial_index_keeps_its_where_on_sqlite_and_on_postgresql(index_name: str) -> None:
    index = next(ix for table in tables.metadata.tables.values() for ix in table.indexes if ix.name == index_name)
    tables.declare_postgresql_partial_indexes()  # as make_engine does for a PostgreSQL URL (twice is harmless)
    tables.declare_postgresql_partial_indexes()
    on_sqlite = str(CreateIndex(index).compile(dialect=sqlite.dialect()))
    on_postgresql = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
    where = on_sqlite.split(" WHERE ", 1)[1]
    assert where and on_postgresql.endswith(f" WHERE {where}")
