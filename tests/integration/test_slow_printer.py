"""Slow links and printers that go quiet mid-job: a receipt whose bytes went out is never sent again by itself.

The printer is a real TCP server on 127.0.0.1 that reads at a set number of bytes per second and answers a
DLE EOT status query only once it has read everything sent before it, as a thermal printer on a serial,
Bluetooth or busy network link does. The queue is a real SQLite file; retry timing runs on a test clock.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
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
from kiosk.domain.documents import Document, SaleReceipt, document_to_json
from kiosk.l10n.catalogue import say
from kiosk.services.printing import HELD, PRINTED, SENDING, PrintService, as_copy
from tests.support import escpos_reader
from tests.support.fake_printer import FakeThermalPrinter

# Child processes, kill loops, real waits on a throttled printer or a local Stripe: left out of the quick run.
pytestmark = pytest.mark.slow


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
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def printers() -> Iterator[Callable[..., FakeThermalPrinter]]:
    made: list[FakeThermalPrinter] = []

    def make(bytes_per_s: int | None = None) -> FakeThermalPrinter:
        made.append(FakeThermalPrinter(bytes_per_s=bytes_per_s))
        return made[-1]

    yield make
    for printer in made:
        printer.close()


def full_thai_receipt(receipt_no: str) -> SaleReceipt:
    """The shop's usual Thai cash receipt: 78,423 bytes at 80 mm, almost all of it raster images."""
    return dataclasses.replace(sample_receipt("th"), receipt_no=receipt_no)


def short_thai_receipt(receipt_no: str) -> SaleReceipt:
    """A Thai cash sale of two drinks: the item names are raster images (5,870 bytes at 80 mm)."""
    thai, english = sample_receipt("th"), sample_receipt("en")
    return dataclasses.replace(english, receipt_no=receipt_no, lines=thai.lines[:2], adjustments=(), loyalty=None)


def plain_receipt(receipt_no: str) -> SaleReceipt:
    """A later sale paid by QR (no drawer): 665 bytes of text."""
    english = sample_receipt("en", cash=False)
    return dataclasses.replace(english, receipt_no=receipt_no, lines=english.lines[:1], adjustments=(),
                               loyalty=None)


def network_printer(fake: FakeThermalPrinter, renderer: TextRenderer, name: str = "receipt",
                    **extra: Any) -> EscposReceiptPrinter:
    host, port = fake.address
    settings = printer_settings_from_dict(name, {"kind": "network", "host": host, "port": port, "timeout_s": 1.0,
                                                 "status_timeout_s": 0.2, **extra})
    return EscposReceiptPrinter(settings, renderer=renderer)


def checkout(engine: Engine, doc: Document, *, printer: str = "receipt") -> str:
    """What checkout does inside the sale's transaction: one queued row."""
    receipt_no = doc.receipt_no
    job_id = f"job-{receipt_no}"
    with engine.begin() as conn:
        conn.execute(insert(print_jobs).values(
            id=job_id, created_at=datetime(2025, 1, 5, 7, 0, tzinfo=UTC), device_id="till-1", printer=printer,
            kind="sale_receipt", source_id=f"sale-{receipt_no}", document_json=document_to_json(doc),
            status="queued"))
    return job_id


def row(engine: Engine, job_id: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(print_jobs).where(print_jobs.c.id == job_id)).one()


def said_error(engine: Engine, job_id: str, language: str = "en") -> str:
    """Why the job is not printed, as the queue reads it back and a screen says it."""
    job = SqlPrintQueue(engine, device_id="till-1").get(job_id)
    assert job is not None and job.last_error is not None
    return say(job.last_error, language)


def paper(fake: FakeThermalPrinter) -> list[escpos_reader.Printout]:
    assert fake.wait_idle()
    return [escpos_reader.read(job) for job in fake.jobs]


def printed_receipts(fake: FakeThermalPrinter, printer: EscposReceiptPrinter, docs: list[SaleReceipt]) -> list[str]:
    """Receipt numbers in the order they came out (COPY marks a copy), matched on the exact bytes: a Thai
    receipt's number is part of a raster image. Anything else (a torn-off part) shows as "?"."""
    known = {printer.render(doc): doc.receipt_no for doc in docs}
    known |= {printer.render(as_copy(doc)): f"{doc.receipt_no} COPY" for doc in docs}
    assert fake.wait_idle()
    return [known.get(job, "?") for job in fake.jobs]


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.mark.parametrize(("bytes_per_s", "first"), [(60_000, full_thai_receipt), (4_000, short_thai_receipt)],
                         ids=["60KB/s-full-thai-receipt", "4KB/s-short-thai-receipt"])
def test_a_thai_receipt_on_a_slow_link_prints_exactly_once_and_later_sales_follow(
        engine: Engine, printers: Callable[..., FakeThermalPrinter], renderer: TextRenderer, clock: Clock,
        bytes_per_s: int, first: Callable[[str], SaleReceipt]) -> None:
    fake = printers(bytes_per_s)
    printer = network_printer(fake, renderer)
    size = len(printer.render(first("BK1-000001")))
    assert size / bytes_per_s > 5 * printer.settings.status_timeout_s  # the link is far slower than one status wait
    docs = [first("BK1-000001")] + [plain_receipt(f"BK1-00000{n}") for n in range(2, 6)]
    jobs = [checkout(engine, doc) for doc in docs]
    service = PrintService(queue=SqlPrintQueue(engine, device_id="till-1"), printers={"receipt": printer},
                           clock=clock)

    for _ in range(6):  # the background drainer, over half an hour of retries
        service.drain()
        assert fake.wait_idle()
        clock.advance(300)

    assert printed_receipts(fake, printer, docs) == ["BK1-000001", "BK1-000002", "BK1-000003", "BK1-000004",
                                                     "BK1-000005"]
    printouts = paper(fake)
    assert [len(p.drawer_kicks) for p in printouts] == [1, 0, 0, 0, 0]  # one cash sale, one drawer opening
    assert not any("*** COPY ***" in p.lines for p in printouts)
    assert [(row(engine, job).status, row(engine, job).attempts) for job in jobs] == [(PRINTED, 1)] * 5
    assert service.pending_count() == 0


def test_a_receipt_cut_off_mid_job_is_held_not_resent_and_later_sales_go_out(
        engine: Engine, printers: Callable[..., FakeThermalPrinter], renderer: TextRenderer, clock: Clock) -> None:
    fake = printers(60_000)
    fake.drop_after = 20_000  # switched off a quarter of the way through the receipt
    printer = network_printer(fake, renderer)
    docs = [full_thai_receipt("BK1-000001"), plain_receipt("BK1-000002"), plain_receipt("BK1-000003")]
    first = checkout(engine, docs[0])
    service = PrintService(queue=SqlPrintQueue(engine, device_id="till-1"), printers={"receipt": printer},
                           clock=clock)
    report = service.drain()
    assert not report.printed and report.failed and report.failed[0][0] == first
    assert row(engine, first).status == HELD
    assert "reprint" in said_error(engine, first)
    assert fake.wait_idle()
    torn_off = len(fake.received)
    assert 0 < torn_off < 78_423

    fake.drop_after = None  # switched back on
    later = [checkout(engine, doc) for doc in docs[1:]]
    for _ in range(4):
        service.drain()
        assert fake.wait_idle()
        clock.advance(600)

    assert [row(engine, job).status for job in later] == [PRINTED, PRINTED]  # the held job stepped aside
    assert row(engine, first).status == HELD  # never resent by itself, however long we wait
    assert service.pending_count() == 1  # and the cashier sees it
    assert printed_receipts(fake, printer, docs) == ["?", "BK1-000002", "BK1-000003"]  # "?": the torn-off part

    copy = service.reprint("BK1-000001")  # the cashier decides: no full receipt came out
    assert row(engine, first).status == "dismissed"
    assert service.drain().printed == (copy.id,)
    assert printed_receipts(fake, printer, docs) == ["?", "BK1-000002", "BK1-000003", "BK1-000001 COPY"]
    last = paper(fake)[-1]
    assert last.drawer_kicks == []  # a copy never opens the cash drawer
    assert service.pending_count() == 0


def test_a_stuck_printer_does_not_hold_up_another_printer(
        engine: Engine, printers: Callable[..., FakeThermalPrinter], renderer: TextRenderer, clock: Clock) -> None:
    stuck, kitchen = printers(), printers()
    stuck.answers_left = 4  # answers before the job, then goes quiet with the receipt in its buffer
    receipt_job = checkout(engine, full_thai_receipt("BK1-000001"))
    kitchen_doc = plain_receipt("BK1-000002")
    kitchen_job = checkout(engine, kitchen_doc, printer="kitchen")
    kitchen_printer = network_printer(kitchen, renderer, "kitchen")
    service = PrintService(queue=SqlPrintQueue(engine, device_id="till-1"),
                           printers={"receipt": network_printer(stuck, renderer), "kitchen": kitchen_printer},
                           clock=clock)
    stop = threading.Event()
    worker = threading.Thread(target=service.run_forever, kwargs={"stop": stop, "interval_s": 0.05}, daemon=True)
    worker.start()
    try:
        assert wait_for(lambda: len(stuck.jobs) == 1)  # the stuck printer has the receipt in its buffer
        assert wait_for(lambda: row(engine, kitchen_job).status == PRINTED)
        assert row(engine, receipt_job).status == SENDING  # still waiting for its confirmation
    finally:
        stop.set()
        stuck.refuse()  # the connection dies: the waiting job is held, and the worker ends
        worker.join(timeout=10)
    assert not worker.is_alive()
    assert row(engine, receipt_job).status == HELD
    assert printed_receipts(kitchen, kitchen_printer, [kitchen_doc]) == ["BK1-000002"]


def test_whatever_the_wait_a_sent_receipt_is_never_sent_again_by_itself(
        engine: Engine, printers: Callable[..., FakeThermalPrinter], renderer: TextRenderer, clock: Clock) -> None:
    fake = printers(4_000)
    # Configured far too fast for this link, so the confirmation wait runs out while the receipt is still
    # crossing it: the job is held, and the paper that comes out afterwards is the only one.
    printer = network_printer(fake, renderer, link_bytes_per_s=1_000_000)
    docs = [short_thai_receipt("BK1-000001"), plain_receipt("BK1-000002")]
    first = checkout(engine, docs[0])
    service = PrintService(queue=SqlPrintQueue(engine, device_id="till-1"), printers={"receipt": printer},
                           clock=clock)
    report = service.drain()
    assert report.held == (first,) and report.failed[0][0] == first
    assert "did not confirm it printed (no answer within 1 s)" in said_error(engine, first)
    assert "ไม่ตอบภายใน 1 วินาที" in said_error(engine, first, "th")
    second = checkout(engine, docs[1])
    for _ in range(5):
        service.drain()  # the first pass may find the printer still busy: the second job waits, unsent
        assert fake.wait_idle()
        clock.advance(600)
    assert printed_receipts(fake, printer, docs) == ["BK1-000001", "BK1-000002"]
    assert (row(engine, first).status, row(engine, first).attempts) == (HELD, 1)
    assert row(engine, second).status == PRINTED


def test_status_of_a_printer_busy_with_a_slow_job_answers_at_once(
        engine: Engine, printers: Callable[..., FakeThermalPrinter], renderer: TextRenderer, clock: Clock) -> None:
    fake = printers(60_000)
    printer = network_printer(fake, renderer)
    job = checkout(engine, full_thai_receipt("BK1-000001"))
    service = PrintService(queue=SqlPrintQueue(engine, device_id="till-1"), printers={"receipt": printer},
                           clock=clock)
    drainer = threading.Thread(target=service.drain, daemon=True)
    drainer.start()
    assert wait_for(lambda: len(fake.received) > 0)  # the receipt is on its way
    busy = service.status()  # the queue screen asks while the receipt crosses the link: no waiting on it
    assert (busy.online, busy.ready, busy.summary()) == (None, True, "busy printing a job")
    drainer.join(timeout=10)
    assert row(engine, job).status == PRINTED
    assert service.status().summary() == "online"
