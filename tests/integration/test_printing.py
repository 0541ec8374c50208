"""A network printer on a loopback socket: same bytes as the dummy, real DLE EOT status, every failure mode."""

from __future__ import annotations

import errno
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.samples import MEMBER_CODE, sample_receipt
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.services.ports.printing import PrinterUnavailable, PrintNotConfirmed
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


def network_printer(fake: FakeThermalPrinter, renderer: TextRenderer, paper_mm: int = 80,
                    **extra: object) -> EscposReceiptPrinter:
    host, port = fake.address
    settings = printer_settings_from_dict("receipt", {
        "kind": "network", "host": host, "port": port, "paper_mm": paper_mm, "timeout_s": 1.0,
        "status_timeout_s": 0.2, **extra,
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
    assert refused.online is False and "is not answering" in refused.detail


def test_stalled_printer_is_not_counted_printed(fake: FakeThermalPrinter, renderer: TextRenderer) -> None:
    fake.state = "stalled"
    with pytest.raises(PrinterUnavailable, match="does not answer"):
        network_printer(fake, renderer).print_document(sample_receipt("en"))
    assert fake.received == b""


def test_printer_that_stalls_during_the_job_is_not_confirmed(fake: FakeThermalPrinter,
                                                             renderer: TextRenderer) -> None:
    fake.answers_left = 4  # answers the check before the job, then goes silent with the data in its buffer
    printer = network_printer(fake, renderer, link_bytes_per_s=1_000_000)
    with pytest.raises(PrintNotConfirmed, match="did not confirm it printed \\(no answer within 1 s\\)"):
        printer.print_document(sample_receipt("en"))
    assert len(fake.jobs) == 1  # it has the receipt: retrying would print a second one


def test_printer_that_reports_paper_out_after_the_job_is_not_confirmed(fake: FakeThermalPrinter,
                                                                       renderer: TextRenderer) -> None:
    fake.switch_after = (4, "paper_out")  # ready before the job, out of paper by its end
    with pytest.raises(PrintNotConfirmed, match="it reports offline, paper out: load a new roll") as refused:
        network_printer(fake, renderer).print_document(sample_receipt("en"))
    assert len(fake.jobs) == 1  # part of it may be on paper, the rest prints when the roll is changed
    from kiosk.l10n.catalogue import render

    thai = render(refused.value.code, refused.value.params, "th")  # why, in the Thai cashier's words too
    assert "เครื่องพิมพ์แจ้งว่า" in thai and "กระดาษหมด" in thai and "paper" not in thai and "reports" not in thai


def test_connection_refused_is_one_line_a_cashier_can_act_on(renderer: TextRenderer,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeThermalPrinter()
    fake.refuse()
    host, port = fake.address
    printer = network_printer(fake, renderer)
    expected = (f"The receipt printer (network printer {host}:{port}) is not answering. "
                "Check it is switched on and connected.")
    with caplog.at_level(logging.INFO, logger="kiosk"), pytest.raises(PrinterUnavailable) as refused:
        printer.print_document(sample_receipt("en"))
    assert refused.value.message == expected
    assert (refused.value.code, refused.value.params["reason"]) == ("printer.not_answering", "not_answering")
    assert "Connection refused" in caplog.text  # the technical detail is for the log only
    status = printer.status()
    assert status.online is False and status.detail == expected and status.summary() == expected


def test_test_page(fake: FakeThermalPrinter, renderer: TextRenderer) -> None:
    network_printer(fake, renderer).print_test_page()
    _wait_for(lambda: len(fake.jobs) == 1)
    paper = escpos_reader.read(fake.jobs[0])
    assert "PRINTER TEST" in paper.lines
    assert paper.native_qr == ["KIOSK-PRINTER-TEST"]
    assert len(paper.images) >= 3  # Thai lines and the stamp card


def test_a_missing_device_node_says_what_to_check(tmp_path: Path, renderer: TextRenderer,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    device = tmp_path / "unplugged" / "lp0"  # /dev/usb/lp0 disappears when the USB cable is pulled
    settings = printer_settings_from_dict("receipt", {"kind": "file", "path": str(device)})
    with caplog.at_level(logging.INFO, logger="kiosk"), pytest.raises(PrinterUnavailable) as missing:
        EscposReceiptPrinter(settings, renderer=renderer).print_document(sample_receipt("en"))
    assert missing.value.message == (f"The receipt printer (printer device {device}) is not found. "
                                     "Check it is switched on and its cable is plugged in.")
    assert "No such file or directory" in caplog.text


def _wrapped(cause: BaseException) -> BaseException:
    """An exception the way python-escpos raises it: its own error, raised while handling the OS error."""
    from kiosk.adapters.printing.devices import load_escpos

    try:
        try:
            raise cause
        except BaseException as exc:
            raise load_escpos().exceptions.DeviceNotFoundError(f"Could not open socket for printer:\n{exc}") from None
    except BaseException as wrapped:
        wrapped.__context__ = cause
        return wrapped


@pytest.mark.parametrize(("cause", "reason"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "not_answering"),
    (TimeoutError("timed out"), "not_answering"),
    (OSError(errno.EHOSTUNREACH, "No route to host"), "not_answering"),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "unknown_address"),
    (PermissionError(errno.EACCES, "Permission denied"), "no_permission"),
    (OSError(errno.EBUSY, "Device or resource busy"), "in_use"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "not_found"),
    (ValueError("something else"), "not_answering"),
])
def test_every_connection_failure_becomes_one_plain_sentence(cause: BaseException, reason: str) -> None:
    from kiosk.adapters.printing.devices import problem_reason
    from kiosk.l10n.catalogue import render

    assert problem_reason(_wrapped(cause), "not_answering") == reason
    settings = printer_settings_from_dict("receipt", {"kind": "network", "host": "192.168.1.50"})
    error = PrinterUnavailable.because(reason, printer="receipt", where=settings.where())
    named = "The receipt printer (network printer 192.168.1.50:9100)"
    assert error.message.startswith(named + " ")
    assert error.params["reason"] == reason and error.code == f"printer.{reason}"
    assert "\n" not in error.message and error.message.endswith(".")
    assert not any(word in error.message.replace(named, "") for word in ("Errno", "errno", "(", ")",
                                                                          "Device not found"))
    assert error.message == render(error.code, {"the_printer": named})
    # the printer is named as `kiosk printer status` names it (its where()), in the reader's language
    assert render(error.code, error.params, "th").count("เครื่องพิมพ์ receipt (เครื่องพิมพ์เครือข่าย 192.168.1.50:9100)") == 1
