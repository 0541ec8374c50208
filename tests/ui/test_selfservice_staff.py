"""The kiosk's staff panel behind the manager PIN: printer status, the held receipt, reprint, start language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.commands import RecordSale
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Services
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.selfservice.window import SelfServiceWindow
from tests.support.staff import add_staff
from tests.ui.test_selfservice import app, clock, kiosk_theme, make_window  # noqa: F401 - shared fixtures


@pytest.fixture
def window(qtbot: QtBot, app: Services) -> Iterator[SelfServiceWindow]:  # noqa: F811
    add_staff(app.staff, ("Nok", "manager", "2222"))
    win = make_window(qtbot, app, idle_ms=600_000)
    yield win
    win.unlock_and_close()
    win.deleteLater()


def _held_receipt(app: Services) -> str:  # noqa: F811 - `app` is the shared fixture's name
    """A receipt the printer was sending when the app died: held at the next start, as the service does it."""
    item = app.ctx.programs.items[0]
    sale = app.checkout.record_sale(RecordSale(command_id="held-sale", lines=(CartLine(item.name, item.price, 1,
                                                                                        item.sku),)))
    queue = app.printing().queue
    printer = queue.get(sale.print_job).printer
    queue.claim_next(printer=printer, now=app.clock.now())  # queued -> sending
    assert queue.requeue_uncertain_on_start(now=app.clock.now()) == 1  # sending -> held
    return sale.receipt_no


def _unlock(qtbot: QtBot, window: SelfServiceWindow) -> None:
    window.hot_corner.gesture_completed.emit()
    for digit in "2222":
        qtbot.mouseClick(window.staff.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.staff.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.staff.is_menu_open, timeout=10_000)


def test_the_staff_panel_shows_the_held_receipt_and_reprints_it(qtbot: QtBot, window: SelfServiceWindow,
                                                                 app: Services) -> None:  # noqa: F811
    receipt = _held_receipt(app)
    _unlock(qtbot, window)
    staff = window.staff
    qtbot.waitUntil(lambda: staff.held_job_id() != "", timeout=10_000)
    assert receipt in staff.held_line.text() and "cut off when the app stopped" in staff.held_line.text()
    assert "1 waiting" in staff.printer_status.text()
    assert staff.reprint_held_button.isVisible() and staff.dismiss_held_button.isVisible()
    qtbot.mouseClick(staff.reprint_held_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: staff.held_job_id() == "", timeout=10_000)  # the copy replaced the held original
    assert staff.held_line.text() == "No receipt is held."
    jobs = app.printing().pending()
    assert len(jobs) == 1 and jobs[0].copy_of is not None and jobs[0].status == "queued"
    assert window.toast.text() == "A copy is printing."
    assert window.page() == "staff" and window.is_locked()  # still behind the PIN, the kiosk not left


def test_reprint_last_on_a_kiosk_that_has_printed_nothing_says_so_and_queues_nothing(
        qtbot: QtBot, window: SelfServiceWindow, app: Services, qapp: QApplication) -> None:  # noqa: F811
    """A fresh kiosk's "Reprint last receipt": nothing to copy is an answer, said in one line in the staff's
    language, not a refusal."""
    _unlock(qtbot, window)
    set_language(qapp, THAI)
    qtbot.mouseClick(window.staff.reprint_last_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.toast.isVisible() and window.toast.text() != "", timeout=10_000)
    assert window.toast.text() == "ยังไม่มีใบเสร็จที่พิมพ์ออกไป จึงยังไม่มีอะไรให้พิมพ์ซ้ำ"
    assert window.toast.kind() == "info" and app.printing().pending() == []


def test_a_held_receipt_can_be_dismissed(qtbot: QtBot, window: SelfServiceWindow, app: Services) -> None:  # noqa: F811
    _held_receipt(app)
    _unlock(qtbot, window)
    staff = window.staff
    qtbot.waitUntil(lambda: staff.held_job_id() != "", timeout=10_000)
    qtbot.mouseClick(staff.dismiss_held_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: staff.held_job_id() == "", timeout=10_000)
    assert app.printing().pending() == []
    assert not staff.reprint_held_button.isVisible()


def test_staff_switch_the_language_customers_start_in(qtbot: QtBot, window: SelfServiceWindow,
                                                      qapp: QApplication) -> None:
    assert window.default_language() == THAI  # the demo shop's language
    _unlock(qtbot, window)
    staff = window.staff
    assert "ภาษาไทย" in staff.language_line.text() and staff.language_default_button.text() == "Start in English"
    qtbot.mouseClick(staff.language_default_button, Qt.MouseButton.LeftButton)
    assert window.default_language() == ENGLISH
    assert staff.language_default_button.text() == "Start in ภาษาไทย"
    qtbot.mouseClick(staff.back_button, Qt.MouseButton.LeftButton)
    set_language(qapp, THAI)
    window.go_idle()  # the next customer starts in the new default
    assert current_language() == ENGLISH


def test_a_printer_that_cannot_be_asked_is_said_in_the_staffs_language(
        qtbot: QtBot, window: SelfServiceWindow, app: Services, qapp: QApplication) -> None:  # noqa: F811
    """The panel showed the exception's English sentence ("No printer named 'receipt' is configured.") on a Thai
    kiosk; it reads PrintService.status_said now, as the counter's print queue does."""
    service = app.printing()
    kept = dict(service.printers)
    service.printers.clear()
    try:
        set_language(qapp, THAI)
        _unlock(qtbot, window)
        staff = window.staff
        qtbot.waitUntil(lambda: "ไม่ได้ตั้งเครื่องพิมพ์" in staff.printer_status.text(), timeout=10_000)
        assert "configured" not in staff.printer_status.text()
    finally:
        service.printers.update(kept)
        set_language(qapp, ENGLISH)
