"""The print queue on a real SQLite file with a loopback printer: receipts wait, retry, and never print twice."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update

from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.migrate import upgrade
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.adapters.db.tables import print_jobs
from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.samples import sample_receipt, sample_voucher
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.cli import build_parser
from kiosk.domain.documents import document_to_json
from kiosk.services.printing import HELD, PRINTED, QUEUED, PrintService
from tests.support import escpos_reader
from tests.support.fake_printer import FakeThermalPrinter


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 1, 5, 7, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="module")
def renderer() -> TextRenderer:
    return TextRenderer()


@pytest.fixture()
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(sqlite_url(tmp_path / "kiosk.sqlite3"))
    upgrade(engine)
    return engine


@pytest.fixture()
def fake() -> Iterator[FakeThermalPrinter]:
    printer = FakeThermalPrinter()
    yield printer
    printer.close()


@pytest.fixture()
def clock() -> Clock:
    return Clock()


def _printer(fake: FakeThermalPrinter, renderer: TextRenderer) -> EscposReceiptPrinter:
    host, port = fake.address
    settings = printer_settings_from_dict("receipt", {"kind": "network", "host": host, "port": port,
                                                      "timeout_s": 1.0, "status_timeout_s": 0.2})
    return EscposReceiptPrinter(settings, renderer=renderer)


def _service(engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> PrintService:
    return PrintService(queue=SqlPrintQueue(engine, device_id="till-1"),
                        printers={"receipt": _printer(fake, renderer)}, clock=clock)


def _checkout_job(engine: Engine, receipt_no: str = "BK1-000123", *, sale_id: str = "sale-1",
                  language: str = "en") -> str:
    """What the core's checkout does inside the sale's transaction: one queued row, nothing else."""
    doc = sample_receipt(language)
    doc = type(doc)(**{**doc.__dict__, "receipt_no": receipt_no})
    job_id = f"job-{receipt_no}"
    with engine.begin() as conn:
        conn.execute(insert(print_jobs).values(
            id=job_id, created_at=datetime(2025, 1, 5, 7, 0, tzinfo=UTC), device_id="till-1", printer="receipt",
            kind="sale_receipt", source_id=sale_id, document_json=document_to_json(doc), status="queued"))
    return job_id


def _status(engine: Engine, job_id: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(print_jobs).where(print_jobs.c.id == job_id)).one()


def _receipts(fake: FakeThermalPrinter, timeout: float = 2.0) -> list[escpos_reader.Printout]:
    """Jobs the fake printer got, once the bytes in flight have arrived."""
    deadline = time.monotonic() + timeout
    jobs = fake.jobs
    while time.monotonic() < deadline:
        time.sleep(0.02)
        if fake.jobs == jobs:
            break
        jobs = fake.jobs
    return [escpos_reader.read(job) for job in fake.jobs]


def test_sale_receipt_prints_once(engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer,
                                  clock: Clock) -> None:
    job_id = _checkout_job(engine)
    service = _service(engine, fake, renderer, clock)
    assert service.pending_count() == 1
    assert service.drain().printed == (job_id,)
    assert service.drain().idle
    row = _status(engine, job_id)
    assert (row.status, row.attempts) == (PRINTED, 1)
    receipts = _receipts(fake)
    assert len(receipts) == 1
    assert receipts[0].columns("TOTAL") == ["TOTAL", "THB 174.50"]
    assert service.pending_count() == 0


@pytest.mark.parametrize("failure", ["refused", "stalled", "paper_out", "cover_open"])
def test_unavailable_printer_keeps_the_job_and_prints_it_once_back(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock, failure: str) -> None:
    job_id = _checkout_job(engine)
    service = _service(engine, fake, renderer, clock)
    if failure == "refused":
        fake.refuse()
    else:
        fake.state = failure
    report = service.drain()
    assert report.failed and report.failed[0][0] == job_id
    row = _status(engine, job_id)
    assert (row.status, row.attempts) == (QUEUED, 1)
    assert row.last_error
    assert service.pending_count() == 1
    assert fake.jobs == []

    assert service.drain().idle  # not due yet: back-off, no hammering of a dead printer
    if failure == "refused":
        fake.accept()
    else:
        fake.state = "ok"
    clock.advance(6)
    assert service.drain().printed == (job_id,)
    clock.advance(600)
    assert service.drain().idle
    assert len(_receipts(fake)) == 1
    assert _status(engine, job_id).status == PRINTED


def test_an_unreachable_printer_leaves_one_readable_line_on_the_job(engine: Engine, fake: FakeThermalPrinter,
                                                                    renderer: TextRenderer, clock: Clock) -> None:
    job_id = _checkout_job(engine)
    fake.refuse()
    service = _service(engine, fake, renderer, clock)
    assert service.drain().failed == ((job_id, _status(engine, job_id).last_error),)
    host, port = fake.address
    assert _status(engine, job_id).last_error == (
        f"The receipt printer at {host}:{port} is not answering. Check it is switched on and connected.")
    assert _status(engine, job_id).status == QUEUED  # nothing was sent: it is retried by itself


def test_a_failed_job_holds_back_later_receipts(engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer,
                                                clock: Clock) -> None:
    first = _checkout_job(engine, "BK1-000001", sale_id="s1")
    fake.state = "paper_out"
    service = _service(engine, fake, renderer, clock)
    service.drain()
    second = _checkout_job(engine, "BK1-000002", sale_id="s2")
    fake.state = "ok"
    assert service.drain().idle  # the second must not overtake the first while it waits
    clock.advance(10)
    assert service.drain().printed == (first, second)
    assert [r.line_with("No.").text.split()[1] for r in _receipts(fake)] == ["BK1-000001", "BK1-000002"]


def test_crash_while_sending_is_held_never_reprinted_by_itself(engine: Engine, fake: FakeThermalPrinter,
                                                               renderer: TextRenderer, clock: Clock) -> None:
    job_id = _checkout_job(engine)
    with engine.begin() as conn:  # the app died between claiming the job and the printer's answer
        conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(status="sending", attempts=1))
    service = _service(engine, fake, renderer, clock)  # the restart
    assert service.start() == 1
    assert service.drain().idle
    assert _status(engine, job_id).status == HELD
    assert service.pending_count() == 1  # visible in the status bar until the cashier decides
    assert fake.jobs == []

    copy = service.reprint("BK1-000123")  # the cashier checked: no paper came out
    assert copy.copy_of == job_id
    assert service.drain().printed == (copy.id,)
    paper = _receipts(fake)
    assert len(paper) == 1
    assert "*** COPY ***" in paper[0].lines
    assert paper[0].drawer_kicks == []  # a reprint never opens the cash drawer
    assert service.pending_count() == 0


def test_two_tills_never_claim_the_same_job(engine: Engine, clock: Clock) -> None:
    job_id = _checkout_job(engine)
    first, second = SqlPrintQueue(engine, device_id="a"), SqlPrintQueue(engine, device_id="b")
    claimed = first.claim_next(printer="receipt", now=clock())
    assert claimed is not None and claimed.id == job_id
    assert second.claim_next(printer="receipt", now=clock()) is None


def test_reprint_by_receipt_number_and_last(engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer,
                                            clock: Clock) -> None:
    job_id = _checkout_job(engine)
    service = _service(engine, fake, renderer, clock)
    service.drain()
    voucher_job = service.enqueue(sample_voucher("en"), source_id="voucher-1")
    clock.advance(1)
    service.drain()
    last = service.reprint_last()
    assert last.copy_of == voucher_job.id
    again = service.reprint("sale-1")
    assert again.copy_of == job_id
    service.drain()
    assert len(_receipts(fake)) == 4
    assert _status(engine, job_id).status == PRINTED


@dataclass
class App:
    """What kiosk.bootstrap builds; the CLI handlers only use these attributes."""

    engine: Engine
    print_service: PrintService
    printers: dict[str, EscposReceiptPrinter]
    settings: Any = field(default=None)
    ctx: Any = field(default_factory=lambda: SimpleNamespace(language="en"))  # an English shop

    def printing(self) -> PrintService:
        return self.print_service


def _run(app: App, *argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    return args.handler(args, app)  # type: ignore[no-any-return]


def test_cli_commands(engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock,
                      capsys: pytest.CaptureFixture[str]) -> None:
    service = _service(engine, fake, renderer, clock)
    app = App(engine=engine, print_service=service, printers=service.printers)  # type: ignore[arg-type]
    job_id = _checkout_job(engine)

    assert _run(app, "printer", "queue", "--json") == 0
    queued = json.loads(capsys.readouterr().out)
    assert [(j["id"], j["status"], j["reference"]) for j in queued] == [(job_id, "queued", "BK1-000123")]

    assert _run(app, "printer", "status", "--json") == 0
    assert json.loads(capsys.readouterr().out)["receipt"]["online"] is True

    assert _run(app, "printer", "drain", "--once") == 0
    assert "0 job(s) still pending" in capsys.readouterr().out

    assert _run(app, "printer", "reprint", "BK1-000123") == 0
    assert "Copy of BK1-000123 queued" in capsys.readouterr().out
    assert _run(app, "printer", "reprint", "NO-SUCH") == 1

    assert _run(app, "printer", "test") == 0
    fake.state = "paper_out"
    assert _run(app, "printer", "status") == 1
    assert "paper out" in capsys.readouterr().out
    assert _run(app, "printer", "drain", "--once") == 1
    assert _run(app, "printer", "queue") == 0
    assert "last error" in capsys.readouterr().out

    app.ctx = SimpleNamespace(language="th")  # a Thai shop: the same lines in Thai
    assert _run(app, "printer", "status") == 1
    assert "กระดาษหมด" in capsys.readouterr().out
    assert _run(app, "printer", "queue") == 0
    assert "ข้อผิดพลาดล่าสุด" in capsys.readouterr().out
