"""One printer is driven by one process at a time, and a process that starts never holds another live process's job.

Real processes on one SQLite file and one loopback printer: the test process sends a receipt on a slow link while a
second `python` process starts its print service, drains and asks the printer's status (issue bb2-1, bb2-10)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.migrate import upgrade
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.adapters.db.tables import print_jobs
from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.samples import sample_receipt
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.domain.documents import document_to_json
from kiosk.services.printing import HELD, PRINTED, SENDING, PrintService
from tests.support.fake_printer import FakeThermalPrinter

ROOT = Path(__file__).resolve().parents[2]
FIXED = datetime(2025, 1, 5, 7, 0, tzinfo=UTC)

# The second process: the same service on the same file and printer, as `kiosk printer drain --once` or the counter
# starting up would build it. It prints what it saw as JSON.
SECOND_PROCESS = textwrap.dedent("""
    import json, sys
    from datetime import UTC, datetime
    from kiosk.adapters.db.engine import make_engine, sqlite_url
    from kiosk.adapters.db.print_queue import SqlPrintQueue
    from kiosk.adapters.printing.printer import EscposReceiptPrinter
    from kiosk.adapters.printing.settings import printer_settings_from_dict
    from kiosk.services.printing import PrintService
    database, port, what = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    settings = printer_settings_from_dict("receipt", {"kind": "network", "host": "127.0.0.1", "port": port,
                                                      "timeout_s": 2.0, "status_timeout_s": 0.3,
                                                      "link_bytes_per_s": 1000})
    service = PrintService(queue=SqlPrintQueue(make_engine(sqlite_url(database)), device_id="till-1"),
                           printers={"receipt": EscposReceiptPrinter(settings)},
                           clock=lambda: datetime(2025, 1, 5, 7, 0, tzinfo=UTC))
    if what == "claim_and_hang":  # claims the next job under the lane, then hangs mid-job until killed
        with service.queue.lane("receipt") as mine:
            job = service.queue.claim_next(printer="receipt", now=datetime(2025, 1, 5, 7, 0, tzinfo=UTC))
            print(json.dumps({"mine": mine, "job": job.id if job else None}), flush=True)
            sys.stdin.read()
    out = {"held_at_start": service.start()}
    if what == "drain":
        report = service.drain()
        out.update(printed=list(report.printed), busy=list(report.busy_printers))
    elif what == "status":
        out["status"] = service.status("receipt").reason
    print(json.dumps(out), flush=True)
""")


def second_process(database: Path, port: int, what: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", SECOND_PROCESS, str(database), str(port), what], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def renderer() -> TextRenderer:
    return TextRenderer()


@pytest.fixture()
def database(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.sqlite3"


@pytest.fixture()
def engine(database: Path) -> Engine:
    engine = make_engine(sqlite_url(database))
    upgrade(engine)
    return engine


@pytest.fixture()
def slow_printer() -> Iterator[FakeThermalPrinter]:
    printer = FakeThermalPrinter(bytes_per_s=2_000)  # an 8 KB receipt takes 4 s
    yield printer
    printer.close()


def checkout(engine: Engine, n: int) -> str:
    doc = sample_receipt("en")
    doc = type(doc)(**{**doc.__dict__, "receipt_no": f"BK1-{n:06d}"})
    job_id = f"job-{n}"
    with engine.begin() as conn:
        conn.execute(insert(print_jobs).values(
            id=job_id, created_at=FIXED, device_id="till-1", printer="receipt", kind="sale_receipt",
            source_id=f"sale-{n}", document_json=document_to_json(doc), status="queued"))
    return job_id


def status_of(engine: Engine, job_id: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(select(print_jobs.c.status).where(print_jobs.c.id == job_id)).scalar_one())


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def service(engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer) -> PrintService:
    host, port = fake.address
    settings = printer_settings_from_dict("receipt", {"kind": "network", "host": host, "port": port,
                                                      "timeout_s": 2.0, "status_timeout_s": 0.3,
                                                      "link_bytes_per_s": 1000})
    return PrintService(queue=SqlPrintQueue(engine, device_id="till-1"),
                        printers={"receipt": EscposReceiptPrinter(settings, renderer=renderer)}, clock=lambda: FIXED)


def test_a_process_starting_while_another_prints_leaves_its_job_alone(
        engine: Engine, database: Path, slow_printer: FakeThermalPrinter, renderer: TextRenderer) -> None:
    first, second = checkout(engine, 1), checkout(engine, 2)
    sender = service(engine, slow_printer, renderer)
    sender.start()
    outcome: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: outcome.update(report=sender.drain(limit=1)))
    thread.start()
    assert wait_for(lambda: status_of(engine, first) == SENDING)

    other = second_process(database, slow_printer.port, "drain")  # the counter, a kiosk, `printer drain --once`

    assert other == {"held_at_start": 0, "printed": [], "busy": ["receipt"]}
    assert status_of(engine, second) == "queued"  # not sent while the first job was on its way
    thread.join(60)
    assert outcome["report"].printed == (first,)
    assert status_of(engine, first) == PRINTED  # the sender's "printed" stands: nothing for the cashier to reprint
    assert sender.drain().printed == (second,)
    assert len(slow_printer.jobs) == 2  # each once


def test_status_from_another_process_while_a_job_goes_out_says_busy_without_connecting(
        engine: Engine, database: Path, slow_printer: FakeThermalPrinter, renderer: TextRenderer) -> None:
    first = checkout(engine, 1)
    sender = service(engine, slow_printer, renderer)
    thread = threading.Thread(target=sender.drain)
    thread.start()
    assert wait_for(lambda: status_of(engine, first) == SENDING)

    assert second_process(database, slow_printer.port, "status") == {"held_at_start": 0, "status": "busy"}

    thread.join(60)
    assert status_of(engine, first) == PRINTED
    assert slow_printer.connections == 1  # the job's own: the status check opened no second connection


def test_a_job_left_sending_by_a_process_that_died_is_held_once_it_is_gone(
        engine: Engine, database: Path, slow_printer: FakeThermalPrinter, renderer: TextRenderer) -> None:
    job = checkout(engine, 1)
    holder = subprocess.Popen([sys.executable, "-c", SECOND_PROCESS, str(database), str(slow_printer.port),
                               "claim_and_hang"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout is not None
        assert json.loads(holder.stdout.readline()) == {"mine": True, "job": job}
        starting = service(engine, slow_printer, renderer)
        assert starting.start() == 0  # its owner is alive: not ours to hold
        assert starting.drain().busy_printers == ("receipt",)
        assert status_of(engine, job) == SENDING
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # a crash: the OS lets go of its lane
        holder.wait(10)
    assert service(engine, slow_printer, renderer).start() == 1
    assert status_of(engine, job) == HELD
    assert slow_printer.jobs == []  # never resent by itself
