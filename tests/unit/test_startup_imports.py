"""What a counter's start does not load before its first frame (issue 15): each check runs in a fresh interpreter,
since this test process has long since imported everything."""

from __future__ import annotations

import os
import subprocess
import sys

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
    assert _loaded_after("import kiosk.cli, kiosk.bootstrap", ["kiosk.services.demo", "babel.numbers"]) == []


def test_the_counter_window_loads_its_pages_only_when_it_builds_them() -> None:
    pages = ["kiosk.ui.counter.checkout", "kiosk.ui.counter.enroll", "kiosk.ui.counter.refund",
             "kiosk.ui.counter.printing", "kiosk.ui.counter.member", "kiosk.ui.counter.sale",
             "kiosk.ui.counter.status", "kiosk.ui.scanning", "PySide6.QtMultimedia"]
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
