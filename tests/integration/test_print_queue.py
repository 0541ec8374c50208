"""The print queue on a real SQLite file with a loopback printer: receipts wait, retry, and never print twice."""

from __future__ import annotations

import json
import re
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
from kiosk.adapters.printing.samples import sample_receipt, sample_refund, sample_voucher
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.cli import build_parser
from kiosk.domain.documents import document_to_json
from kiosk.domain.errors import NotFound
from kiosk.l10n.catalogue import say
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
    queue = SqlPrintQueue(engine, device_id="till-1")
    job = queue.get(job_id)
    assert job is not None and job.last_error is None
    assert service.drain().failed == ((job_id, queue.get(job_id).last_error),)  # type: ignore[union-attr]
    host, port = fake.address
    error = queue.get(job_id).last_error  # type: ignore[union-attr]
    assert error is not None and error.code == "printer.not_answering"
    assert say(error, "en") == (f"The receipt printer (network printer {host}:{port}) is not answering. "
                                "Check it is switched on and connected.")
    assert _status(engine, job_id).status == QUEUED  # nothing was sent: it is retried by itself


def test_a_jobs_error_is_kept_as_its_code_and_said_in_the_readers_language(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> None:
    """Issue 17: the job kept the refusal as an English sentence, so a Thai counter showed it in English."""
    job_id = _checkout_job(engine)
    fake.state = "paper_out"
    _service(engine, fake, renderer, clock).drain()
    stored = json.loads(_status(engine, job_id).last_error)  # what the row holds: a code and its values
    assert stored["code"] == "printer.not_ready" and stored["params"]["reason"] == "not_ready"
    error = SqlPrintQueue(engine, device_id="till-1").get(job_id).last_error  # type: ignore[union-attr]
    assert error is not None
    thai = say(error, "th")
    host, port = fake.address
    assert thai.startswith(f"เครื่องพิมพ์ receipt (เครื่องพิมพ์เครือข่าย {host}:{port}) ยังไม่พร้อม")
    assert "กระดาษหมด" in thai and not re.search(r"[A-Za-z]{3,}", thai.replace("receipt", "")), thai
    assert "paper out" in say(error, "en")


def test_a_note_written_by_an_older_version_reads_back_as_written(engine: Engine, clock: Clock) -> None:
    job_id = _checkout_job(engine)
    english = "The receipt printer at 192.168.1.50:9100 is not answering. Check it is switched on and connected."
    with engine.begin() as conn:  # a row an older version wrote: the sentence itself
        conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(last_error=english))
    job = SqlPrintQueue(engine, device_id="till-1").get(job_id)
    assert job is not None and job.last_error is not None
    assert say(job.last_error, "en") == english and say(job.last_error, "th") == english


def test_a_job_cut_off_by_a_restart_says_so_in_thai(engine: Engine, clock: Clock) -> None:
    job_id = _checkout_job(engine)
    with engine.begin() as conn:
        conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(status="sending", attempts=1))
    queue = SqlPrintQueue(engine, device_id="till-1")
    assert queue.requeue_uncertain_on_start(now=clock()) == 1
    note = queue.get(job_id).last_error  # type: ignore[union-attr]
    assert note is not None and note.code == "print_job.interrupted"
    assert say(note, "en").startswith("Printing was interrupted (the app stopped).")
    assert say(note, "th").startswith("การพิมพ์ถูกขัดจังหวะ")


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


def _queued_before_events(engine: Engine, job_id: str, kind: str, payload: dict[str, Any], source_id: str) -> None:
    """A printed job as a version before the events change stored it (its loyalty lines as text)."""
    with engine.begin() as conn:
        conn.execute(insert(print_jobs).values(
            id=job_id, created_at=datetime(2025, 1, 5, 7, 0, tzinfo=UTC), device_id="till-1", printer="receipt",
            kind=kind, source_id=source_id, status="printed", printed_at=datetime(2025, 1, 5, 7, 1, tzinfo=UTC),
            document_json=json.dumps({"kind": kind, "document": payload}, ensure_ascii=False, sort_keys=True)))


def test_a_job_queued_before_the_events_change_reprints_with_its_loyalty_lines(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> None:
    """Issue 17: the loyalty block's messages / tier_progress_text / expiring / challenges and the refund's
    reversal_lines became events;
    a job stored before read back without them, so its reprint lost the member's lines."""
    receipt = json.loads(document_to_json(sample_receipt("en")))["document"]
    loyalty = receipt["loyalty"]
    del loyalty["events"], loyalty["tier_to_go"]
    loyalty.pop("expiring_soon", None), loyalty.pop("challenge_standings", None)
    loyalty["messages"] = ["Card complete! Free coffee next visit"]
    loyalty["tier_progress_text"] = "1,250.00 THB more to Gold"
    # before they were events too: expiring points as a text and a day, challenges as lines
    loyalty["expiring"] = [{"what": "points", "amount_text": "120 pts", "expires_on": "2025-02-01"}]
    loyalty["challenges"] = ["Visit 5 times this month: 3 of 5"]
    _queued_before_events(engine, "old-sale", "sale_receipt", receipt, "sale-1")
    refund = json.loads(document_to_json(sample_refund("en")))["document"]
    del refund["reversals"]
    refund["reversal_lines"] = ["Points reversed: -6", "Store credit returned: 20.00 THB"]
    _queued_before_events(engine, "old-refund", "refund_slip", refund, "refund-1")

    service = _service(engine, fake, renderer, clock)
    service.reprint("old-sale")
    service.reprint("old-refund")
    assert len(service.drain().printed) == 2
    sale_copy, refund_copy = _receipts(fake)
    assert "*** COPY ***" in sale_copy.lines
    assert "Card complete! Free coffee next visit" in sale_copy.lines  # printed as it was stored
    assert "1,250.00 THB more to Gold" in sale_copy.lines
    assert "Visit 5 times this month: 3 of 5" in sale_copy.lines
    # the expiring points read back as what they were: under their heading, the day in the receipt's language
    expiring = sale_copy.lines.index("Expiring soon")
    assert sale_copy.lines[expiring + 1].split() == ["120", "points", "1", "Feb", "2025"]
    assert {"Points reversed: -6", "Store credit returned: 20.00 THB"} <= set(refund_copy.lines)


def test_two_tills_never_claim_the_same_job(engine: Engine, clock: Clock) -> None:
    job_id = _checkout_job(engine)
    first, second = SqlPrintQueue(engine, device_id="a"), SqlPrintQueue(engine, device_id="b")
    claimed = first.claim_next(printer="receipt", now=clock())
    assert claimed is not None and claimed.id == job_id
    assert second.claim_next(printer="receipt", now=clock()) is None


def test_reprint_last_on_a_fresh_till_answers_nothing_to_copy_and_a_missing_printer_is_refused(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> None:
    """A till that has printed nothing yet is in its normal state: reprint_last answers None (the screens say
    there is nothing to copy) instead of refusing, and queues nothing. A printer that is not there stays a
    refusal."""
    service = _service(engine, fake, renderer, clock)
    assert service.reprint_last() is None
    assert service.pending_count() == 0
    _checkout_job(engine)  # queued, not yet confirmed: still nothing printed to copy
    assert service.reprint_last() is None
    with pytest.raises(NotFound) as refused:
        service.reprint_last("kitchen")
    assert refused.value.code == "printer.unknown"


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
    assert "0 jobs still pending" in capsys.readouterr().out

    assert _run(app, "printer", "reprint", "BK1-000123") == 0
    assert "Copy of BK1-000123 queued" in capsys.readouterr().out
    assert _run(app, "printer", "reprint", "NO-SUCH") == 1

    assert _run(app, "printer", "test") == 0
    fake.state = "paper_out"
    assert _run(app, "printer", "status") == 1
    assert "paper out" in capsys.readouterr().out
    capsys.readouterr()
    assert _run(app, "printer", "drain", "--once", "--json") == 1  # why, as any refusal says it to a script
    failed = json.loads(capsys.readouterr().out)["failed"]
    assert failed and [list(f) for f in failed] == [["id", "held", "error", "message", "params"]] * len(failed)
    assert _run(app, "printer", "queue") == 0
    assert "last error" in capsys.readouterr().out

    app.ctx = SimpleNamespace(language="th")  # a Thai shop: the same lines in Thai
    assert _run(app, "printer", "status") == 1
    assert "กระดาษหมด" in capsys.readouterr().out
    assert _run(app, "printer", "queue") == 0
    thai = capsys.readouterr().out
    assert "ข้อผิดพลาดล่าสุด" in thai and "ยังไม่พร้อม" in thai and "not ready" not in thai  # the reason in Thai too


def _drawer_job(engine: Engine, receipt_no: str = "BK1-000124") -> str:
    """What checkout queues for a cash sale whose customer wanted no receipt: the drawer pulse alone."""
    from kiosk.domain.documents import DrawerKick

    job_id = f"kick-{receipt_no}"
    with engine.begin() as conn:
        conn.execute(insert(print_jobs).values(
            id=job_id, created_at=datetime(2025, 1, 5, 7, 0, tzinfo=UTC), device_id="till-1", printer="receipt",
            kind="drawer_kick", source_id="sale-2",
            document_json=document_to_json(DrawerKick(receipt_no=receipt_no, created_at=datetime(2025, 1, 5, 14))),
            status="queued"))
    return job_id


def test_a_cash_sale_printed_minutes_later_does_not_open_the_drawer_and_says_so(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> None:
    receipt, kick = _checkout_job(engine), _drawer_job(engine)  # two cash sales, the printer down
    fake.state = "offline"
    service = _service(engine, fake, renderer, clock)
    service.drain()
    clock.advance(21 * 60)  # the printer is back 21 minutes later: nobody may be at the till
    fake.state = "ok"

    report = service.drain()

    assert report.printed == (receipt,)
    paper = _receipts(fake)
    assert len(paper) == 1 and paper[0].drawer_kicks == []  # the receipt, without the pulse; the kick not sent
    assert dict(report.drawer_skipped).keys() == {receipt, kick}
    assert _status(engine, kick).status == "dismissed"
    queue = SqlPrintQueue(engine, device_id="till-1")
    kick_note, receipt_note = queue.get(kick).last_error, queue.get(receipt).last_error  # type: ignore[union-attr]
    assert kick_note is not None and say(kick_note, "en").startswith(
        "Cash drawer not opened: the printer was back 21 min after the sale")
    assert say(kick_note, "th").startswith("ไม่ได้เปิดลิ้นชักเงินสด: เครื่องพิมพ์กลับมาหลังการขาย 21 นาที (ลิ้นชักเปิดเฉพาะภายใน 2 นาที")
    assert receipt_note is not None and say(receipt_note, "en").startswith(
        "Printed 21 min after the sale, without opening the cash drawer")


def test_a_cash_sale_printed_within_its_window_opens_the_drawer(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> None:
    receipt = _checkout_job(engine)
    clock.advance(90)  # the default window is 2 minutes
    report = _service(engine, fake, renderer, clock).drain()
    assert report.printed == (receipt,) and report.drawer_skipped == ()
    assert _receipts(fake)[0].drawer_kicks == [2]


def test_with_no_printer_set_up_receipts_wait_said_so_and_print_once_one_is_added(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock) -> None:
    """bb2-6: set-up's "No printer yet" was a dummy printer: every receipt "printed", status "online"."""
    from kiosk.services.ports.printing import PrinterUnavailable
    from kiosk.services.printing import NO_PRINTER_KEEP

    jobs = [_checkout_job(engine, f"BK1-{n:06d}", sale_id=f"s{n}") for n in range(NO_PRINTER_KEEP + 3)]
    none = EscposReceiptPrinter(printer_settings_from_dict("receipt", {"kind": "none"}), renderer=renderer)
    waiting = PrintService(queue=SqlPrintQueue(engine, device_id="till-1"), printers={"receipt": none}, clock=clock)

    report = waiting.drain()

    assert report.printed == () and [error.code for _job, error in report.failed] == ["printer.no_printer"]
    assert say(report.failed[0][1], "en") == ("No receipt printer is set up yet: receipts wait until one is added "
                                              "in the settings.")
    assert waiting.status().reason == "no_printer"
    assert say(waiting.status().message(), "th").startswith("ยังไม่ได้ตั้งเครื่องพิมพ์")
    with pytest.raises(PrinterUnavailable):
        waiting.print_test_page()
    old = jobs[:3]  # not piled up forever: only the latest wait
    assert [_status(engine, job).status for job in old] == ["dismissed"] * 3
    assert json.loads(_status(engine, old[0]).last_error)["code"] == "print_job.no_printer_dropped"

    clock.advance(300)  # a printer is added 5 minutes later: past the drawer window, so no drawer opens now
    added = _service(engine, fake, renderer, clock).drain(limit=100)
    assert added.printed == tuple(jobs[3:])
    assert all(printout.drawer_kicks == [] for printout in _receipts(fake))


def test_a_test_page_cut_off_does_not_tell_to_reprint_a_job_that_was_never_queued(
        engine: Engine, fake: FakeThermalPrinter, renderer: TextRenderer, clock: Clock,
        capsys: pytest.CaptureFixture[str]) -> None:
    service = _service(engine, fake, renderer, clock)
    app = App(engine=engine, print_service=service, printers=service.printers)  # type: ignore[arg-type]
    fake.drop_after = 200  # the printer drops the connection part-way through the test page

    assert _run(app, "printer", "test") == 1

    said = capsys.readouterr().err
    assert "the test page is not queued" in said and "reprint" not in said and "dismiss" not in said, said
    assert service.pending() == []
