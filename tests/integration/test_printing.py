"""A network printer on a loopback socket: same bytes as the dummy, real DLE EOT status, every failure mode."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.samples import MEMBER_CODE, sample_receipt
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.services.printing import PrinterUnavailable
from tests.support import escpos_reader
from tests.support.fake_printer import FakeThermalPrinter

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def renderer() -> TextRenderer:
    return TextRenderer()


@pytest.fixture()
def fake() -> Iterator[FakeThermalPrinter]:
    printer = FakeThermalPrinter()
    yield printer
    printer.close()


def network_printer(fake: FakeThermalPrinter, renderer: TextRenderer, paper_mm: int = 80) -> EscposReceiptPrinter:
    host, port = fake.address
    settings = printer_settings_from_dict("receipt", {
        "kind": "network", "host": host, "port": port, "paper_mm": paper_mm, "timeout_s": 1.0,
        "status_timeout_s": 0.2,
    })
    return EscposReceiptPrinter(settings, renderer=renderer)


def _wait_for(predicate: object, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.01)


@pytest.mark.parametrize(("paper_mm", "language", "golden"), [(80, "th", "receipt_80mm.bin"),
                                                              (58, "en", "receipt_58mm.bin")])
def test_network_printer_gets_the_golden_bytes(fake: FakeThermalPrinter, renderer: TextRenderer, paper_mm: int,
                                               language: str, golden: str) -> None:
    expected = (GOLDEN / golden).read_bytes()
    network_printer(fake, renderer, paper_mm).print_document(sample_receipt(language))
    _wait_for(lambda: len(fake.received) >= len(expected))
    assert bytes(fake.received) == expected
    assert fake.status_queries == 8  # four before the job, four after
    paper = escpos_reader.read(bytes(fake.received))
    assert paper.decoded_qr() == [MEMBER_CODE]


def test_totals_and_balance_arrive_readable(fake: FakeThermalPrinter, renderer: TextRenderer) -> None:
    network_printer(fake, renderer).print_document(sample_receipt("en"))
    _wait_for(lambda: len(fake.jobs) == 1)
    paper = escpos_reader.read(fake.jobs[0])
    assert paper.columns("TOTAL") == ["TOTAL", "THB 174.50"]
    assert paper.columns("Points balance") == ["Points balance", "1,245 pts"]
    assert paper.drawer_kicks == [2]


@pytest.mark.parametrize(("state", "field"), [("paper_out", "paper_out"), ("cover_open", "cover_open"),
                                              ("offline", "online")])
def test_not_ready_printer_gets_nothing(fake: FakeThermalPrinter, renderer: TextRenderer, state: str,
                                       field: str) -> None:
    fake.state = state
    printer = network_printer(fake, renderer)
    with pytest.raises(PrinterUnavailable):
        printer.print_document(sample_receipt("en"))
    assert fake.received == b""  # it would have printed the job once fixed, and we would retry: two receipts
    status = printer.status()
    assert not status.ready
    assert getattr(status, field) is (field != "online")


def test_status_reports(fake: FakeThermalPrinter, renderer: TextRenderer) -> None:
    printer = network_printer(fake, renderer)
    ok = printer.status()
    assert ok.ready and ok.online and ok.summary() == "online"
    fake.state = "paper_near_end"
    near = printer.status()
    assert near.ready and near.paper_near_end and "near end" in near.summary()
    fake.state = "stalled"
    started = time.monotonic()
    stalled = printer.status()
    assert not stalled.online and "does not answer" in stalled.detail
    assert time.monotonic() - started < 1.0  # one status timeout, not a hang
    fake.refuse()
    refused = printer.status()
    assert refused.online is False and "cannot be reached" in refused.detail


def test_stalled_printer_is_not_counted_printed(fake: FakeThermalPrinter, renderer: TextRenderer) -> None:
    fake.state = "stalled"
    with pytest.raises(PrinterUnavailable, match="does not answer"):
        network_printer(fake, renderer).print_document(sample_receipt("en"))
    assert fake.received == b""


def test_printer_that_stalls_during_the_job_is_not_confirmed(fake: FakeThermalPrinter,
                                                             renderer: TextRenderer) -> None:
    fake.answers_left = 4  # answers the check before the job, then goes silent with the data in its buffer
    with pytest.raises(PrinterUnavailable, match="did not confirm"):
        network_printer(fake, renderer).print_document(sample_receipt("en"))


def test_connection_refused(renderer: TextRenderer) -> None:
    fake = FakeThermalPrinter()
    fake.refuse()
    with pytest.raises(PrinterUnavailable, match="cannot be reached"):
        network_printer(fake, renderer).print_document(sample_receipt("en"))


def test_test_page(fake: FakeThermalPrinter, renderer: TextRenderer) -> None:
    network_printer(fake, renderer).print_test_page()
    _wait_for(lambda: len(fake.jobs) == 1)
    paper = escpos_reader.read(fake.jobs[0])
    assert "PRINTER TEST" in paper.lines
    assert paper.native_qr == ["KIOSK-PRINTER-TEST"]
    assert len(paper.images) >= 3  # Thai lines and the stamp card
