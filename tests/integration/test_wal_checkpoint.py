"""The WAL checkpoint runs in the background, never inside a sale's commit, and the WAL does not grow unbounded."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from pathlib import Path

from kiosk.adapters.db.checkpoint import (
    AUTOCHECKPOINT_BACKSTOP_PAGES,
    WalCheckpointer,
    wal_checkpoint_count,
    wal_frames,
)
from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.domain.commands import RecordSale
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app

SQLITE_DEFAULT_AUTOCHECKPOINT = 1000  # pages


def _sale(app: object, code: str) -> None:
    app.services.checkout.record_sale(RecordSale(  # type: ignore[attr-defined]
        command_id=str(uuid.uuid4()), lines=(LATTE,), member_code=code, print_receipt=True))


def test_no_commit_checkpoints_and_the_worker_does(tmp_path: Path) -> None:
    db_file = tmp_path / "shop.sqlite3"
    engine = make_engine(sqlite_url(db_file))  # the app's engine, with the app's pragmas
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE receipts (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == AUTOCHECKPOINT_BACKSTOP_PAGES
            page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
        worker = WalCheckpointer(db_file)
        worker.tick()
        assert worker.tick().mode == "TRUNCATE"  # start from an empty WAL, as the worker leaves it when idle

        def commit_one() -> None:
            with engine.begin() as conn:  # one transaction, one commit, ~25 WAL pages
                conn.exec_driver_sql("INSERT INTO receipts (body) VALUES (?)", (bytes(100_000),))

        commit_one()
        started = wal_checkpoint_count(db_file)
        commits = 1
        # Past the page count at which SQLite's own checkpoint would have run inside one of these commits.
        while wal_frames(db_file, page_size) <= SQLITE_DEFAULT_AUTOCHECKPOINT + 50:
            commit_one()
            commits += 1
            assert commits < 200, "commits stopped writing to the WAL"
        # Had any of those commits checkpointed, the next one would have started the WAL over.
        assert wal_checkpoint_count(db_file) == started

        passive = worker.tick()
        assert passive.mode == "PASSIVE" and not passive.busy
        assert passive.checkpointed == passive.wal_frames > SQLITE_DEFAULT_AUTOCHECKPOINT
        commit_one()
        assert wal_checkpoint_count(db_file) != started  # the worker's checkpoint let the next commit start it over
        worker.tick()
        idle = worker.tick()  # nothing written since: the counter is idle, so the WAL file is cut back
        assert idle.mode == "TRUNCATE" and not idle.busy
        assert wal_frames(db_file, page_size) == 0
        worker.close()
    finally:
        engine.dispose()


def test_the_app_runs_the_worker_which_never_waits_for_a_reader(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        db_file = tmp_path / "shop.sqlite3"
        with app.uow_factory() as uow:  # the connections a sale commits on checkpoint only past the backstop
            assert uow.conn is not None
            assert uow.conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == AUTOCHECKPOINT_BACKSTOP_PAGES
        assert "wal-checkpoint" in app.services.workers.workers
        stop = threading.Event()
        stop.set()
        app.services.workers.workers["wal-checkpoint"](stop)  # the loop returns at once when told to stop
        code = enroll(app)
        _sale(app, code)
        worker = WalCheckpointer(db_file)
        reader = sqlite3.connect(db_file, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sales").fetchone()  # holds a snapshot of the WAL as it is
        clock.advance(seconds=600)
        _sale(app, code)  # frames past the reader's snapshot cannot be checkpointed yet
        first = worker.tick()
        assert first.mode == "PASSIVE"
        assert first.checkpointed < first.wal_frames
        blocked = worker.tick()  # idle, but a reader is in the way: TRUNCATE gives up at once
        assert blocked.mode == "TRUNCATE" and blocked.busy
        reader.execute("COMMIT")
        reader.close()
        done = worker.tick()
        assert done.mode == "TRUNCATE" and not done.busy and done.checkpointed == done.wal_frames
        worker.close()
