"""The counter window driven like a cashier would, offscreen, on a real SQLite shop in tmp_path."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import qrcode
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from tests.support.staff import add_staff

NOW = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok
MEMBER_PHONE = "0812345678"


class FakeScannerClock:
    """Between scans, every reading moves on 200 ms: a person's typing, never mistaken for a scan."""

    def __init__(self) -> None:
        self.now = 500.0
        self.auto_ms = 200.0

    def __call__(self) -> float:
        self.now += self.auto_ms / 1000
        return self.now

    def advance_ms(self, ms: float) -> None:
        self.now += ms / 1000


def _sale(app: Services, command_id: str, *items: tuple[str, int], member: str | None = MEMBER_PHONE,
          **extra: Any) -> Any:
    catalogue = {item.sku: item for item in app.ctx.programs.items}
    lines = tuple(CartLine(catalogue[sku].name, catalogue[sku].price, qty, sku) for sku, qty in items)
    return app.checkout.record_sale(RecordSale(command_id=command_id, lines=lines, member_code=member, **extra))


@pytest.fixture(scope="module")
def template_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small shop built once through the services: two staff and one member with 8 coffee stamps."""
    data_dir = tmp_path_factory.mktemp("template") / "shop"
    clock = FixedClock(datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    app = build_app(load_settings(data_dir=data_dir), clock=clock)
    try:
        add_staff(app.staff, ("Beam", "cashier", "1111"), ("Nok", "manager", "2222"))
        app.enrollment.enroll(EnrollMember(command_id="enroll-somchai", name="Somchai Jaidee", phone=MEMBER_PHONE,
                                           consent_version="2026-01", language="en"))
        _sale(app, "seed-1", ("LATTE", 5), print_receipt=False)
        clock.advance(days=1)  # the next visit: the card's per-visit cap spans a day
        _sale(app, "seed-2", ("AMERICANO", 3), ("MANGO_RICE", 10), print_receipt=False)
    finally:
        app.close()
    return data_dir


@pytest.fixture
def shop(template_shop: Path, tmp_path: Path) -> Iterator[Services]:
    data_dir = tmp_path / "shop"
    shutil.copytree(template_shop, data_dir)
    app = build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW))
    yield app
    app.close()


@pytest.fixture
def scanner_clock() -> FakeScannerClock:
    return FakeScannerClock()


def make_window(qtbot: QtBot, shop: Services, scanner_clock: FakeScannerClock, **options: Any) -> CounterWindow:
    window = CounterWindow(shop, video_inputs=lambda: [], scanner_clock=scanner_clock, **options)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.signin.staff_loaded, timeout=10_000)
    return window


@pytest.fixture
def window(qtbot: QtBot, shop: Services, scanner_clock: FakeScannerClock) -> Iterator[CounterWindow]:
    win = make_window(qtbot, shop, scanner_clock)
    yield win
    win.shutdown()


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign_in(qtbot: QtBot, window: CounterWindow, name: str = "Beam", pin: str = "1111") -> None:
    click(qtbot, window.signin.staff_button(name))
    for digit in pin:
        click(qtbot, window.signin.pin_pad.key_button(digit))
    click(qtbot, window.signin._ok)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)


@pytest.fixture
def signed_in(qtbot: QtBot, window: CounterWindow) -> CounterWindow:
    sign_in(qtbot, window)
    return window


def load_member(qtbot: QtBot, window: CounterWindow, code: str = MEMBER_PHONE) -> Any:
    window.member_column.load_member(code)
    qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)
    return window.member_column.account


def idle(window: CounterWindow) -> None:
    assert window.runner.wait_idle(5000)


def scan(qtbot: QtBot, widget: QWidget, code: str, clock: FakeScannerClock) -> None:
    """A keyboard-wedge scanner: the whole code in a 3 ms-per-key burst, then Enter."""
    clock.auto_ms = 0
    try:
        for char in code:
            clock.advance_ms(3)
            qtbot.keyClick(widget, char)
        clock.advance_ms(3)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    finally:
        clock.auto_ms = 200


def type_text(qtbot: QtBot, window: CounterWindow, widget: QWidget, text: str) -> None:
    """A person typing: the wedge filter lets every key through (the last one after its short hold)."""
    qtbot.keyClicks(widget, text)
    qtbot.waitUntil(lambda: not window.wedge.has_pending(), timeout=10_000)


# ------------------------------------------------------------------------------------------ staff
def test_wrong_pin_is_refused_then_the_right_one_signs_in(qtbot: QtBot, window: CounterWindow) -> None:
    assert window.is_locked()
    click(qtbot, window.signin.staff_button("Beam"))
    for digit in "9999":
        window.signin.pin_pad.press_digit(digit)
    click(qtbot, window.signin._ok)
    idle(window)
    assert window.is_locked()
    message = window.signin.pin_pad.findChild(QWidget, "errorText").text()
    assert "PIN is not right" in message and "tries left" in message
    sign_in(qtbot, window)
    assert window.context.staff.name == "Beam"
    assert "Beam" in window.header.who.text()



def test_a_thai_counter_refuses_a_wrong_pin_and_a_damaged_code_in_thai(qtbot: QtBot, window: CounterWindow) -> None:
    """Issue 17: the refusal is the catalogue's Thai, not the service's English."""
    set_language(QApplication.instance(), THAI)
    click(qtbot, window.signin.staff_button("Beam"))
    for digit in "9999":
        window.signin.pin_pad.press_digit(digit)
    click(qtbot, window.signin._ok)
    idle(window)
    assert window.is_locked()
    assert window.signin.pin_pad.findChild(QWidget, "errorText").text() == \
        "PIN ไม่ถูกต้อง ลองได้อีก 4 ครั้งก่อนบัญชีถูกล็อก"
    sign_in(qtbot, window)
    account = load_member(qtbot, window)
    window.handle_code(account.member_code[:-1])  # one character lost: a damaged scan
    idle(window)
    assert window.toast.kind() == "error" and window.toast.text() == "รหัสนี้เสียหรือไม่ครบ กรุณาสแกนใหม่"
    assert window.member_column.account is account

def test_idle_time_locks_the_counter_and_keeps_the_sale(qtbot: QtBot, shop: Services,
                                                        scanner_clock: FakeScannerClock) -> None:
    window = make_window(qtbot, shop, scanner_clock, idle_lock_ms=600)
    try:
        sign_in(qtbot, window)
        click(qtbot, window.sale.item_buttons["CROISSANT"])
        qtbot.waitUntil(window.is_locked, timeout=10_000)
        assert "Beam" in window.signin._subtitle.text()
        sign_in(qtbot, window, "Nok", "2222")
        assert window.sale.basket.item_count() == 1
        assert window.context.staff.name == "Nok"
        window.sign_out()
        assert window.is_locked() and window.sale.basket.is_empty()
    finally:
        window.shutdown()


# ------------------------------------------------------------------------------------------ identify
def test_wedge_scan_while_typing_in_the_search_box_opens_the_member(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services, scanner_clock: FakeScannerClock) -> None:
    window = signed_in
    code = shop.accounts.account(MEMBER_PHONE).member_code
    search = window.member_column.search
    window.activateWindow()
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    search.setText("Som")
    scan(qtbot, search, code, scanner_clock)
    qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)
    account = window.member_column.account
    assert account.display_name == "Somchai J."
    assert "Som" not in search.text() and code not in search.text()  # the scan never landed in the field
    view = window.member_column.account_view
    assert view.name.text() == "Somchai J."
    assert [w.stamps() for w in view.stamp_widgets()] == [(8, 10)]
    assert "8\u00a0of 9" in view.stamp_captions()[0].text()  # buy 9, the 10th (the star) is free
    assert view.points.value_text() == f"{account.points:,}"
    assert "฿" in view.points.sub_caption_text()
    assert view.visits_model.rowCount() == 2


def test_a_card_owing_stamps_says_so_on_the_counter(qtbot: QtBot, shop: Services) -> None:
    """A refund took back stamps whose free coffee was already used: the card says what is owed, not "-7"."""
    from dataclasses import replace

    from kiosk.services.accounts import StampCardStatus
    from kiosk.ui.counter.account import AccountView

    view = AccountView()
    qtbot.addWidget(view)
    account = shop.accounts.account(MEMBER_PHONE)
    owing = replace(account, stamp_cards=(StampCardStatus("coffee", "Coffee card", -7, 9, 0, "Free coffee"),))
    view.show_account(owing, "THB")
    caption = view.stamp_captions()[0].text().replace("\u00a0", " ")
    assert caption == "Coffee card: 0 of 9 · owes 7 stamps" and "-7" not in caption  # the owed counted in stamps
    assert [w.stamps() for w in view.stamp_widgets()] == [(0, 10)]


def test_camera_frame_through_the_video_sink_opens_the_member(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    code = shop.accounts.account(MEMBER_PHONE).member_code
    qr = qrcode.QRCode(border=4, box_size=1)
    qr.add_data(code)
    qr.make(fit=True)
    modules = np.array(qr.get_matrix(), dtype=bool)
    patch = np.where(np.kron(modules, np.ones((8, 8), dtype=bool)), 20, 235).astype(np.uint8)
    frame = np.full((480, 640), 160, dtype=np.uint8)
    frame[60:60 + patch.shape[0], 150:150 + patch.shape[1]] = patch
    image = QImage(frame.data, 640, 480, 640, QImage.Format.Format_Grayscale8).convertToFormat(
        QImage.Format.Format_RGB32)
    window.member_column.show_camera_page()
    window.camera_scanner().video_sink.setVideoFrame(QVideoFrame(image))
    qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)
    assert window.member_column.account.display_name == "Somchai J."
    assert window.member_column.pages.currentIndex() == window.member_column.ACCOUNT


def test_no_camera_says_so_on_the_button(qtbot: QtBot, signed_in: CounterWindow) -> None:
    signed_in.member_column.check_camera()
    assert signed_in.member_column.camera_button.text() == "No camera"
    assert not signed_in.member_column.camera_button.isEnabled()


def test_forged_code_shows_a_clear_message_and_changes_nothing(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    account = load_member(qtbot, window)
    real = account.member_code
    forged = real[:-1] + ("A" if real[-1] != "A" else "B")
    window.handle_code(forged)
    idle(window)
    assert window.toast.isVisible() and window.toast.kind() == "error"
    assert "not valid at this shop" in window.toast.text()
    assert window.member_column.account is account  # the member on screen stayed


def test_member_not_found(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    column = window.member_column
    column.search.setText("0899999999")
    column.search.returnPressed.emit()
    idle(window)
    assert window.toast.kind() == "error" and "No member has that phone number" in window.toast.text()
    assert column.account is None
    column.search.clear()
    type_text(qtbot, window, column.search, "Zzyzx")
    qtbot.waitUntil(lambda: column.hint_title.text() == "No member found", timeout=10_000)
    assert column.results_model.rowCount() == 0


def test_search_as_you_type_lists_members_and_opens_one(qtbot: QtBot, signed_in: CounterWindow) -> None:
    column = signed_in.member_column
    column.search.setText("Somch")
    column.search.textEdited.emit("Somch")
    qtbot.waitUntil(lambda: column.results_model.rowCount() == 1, timeout=10_000)
    assert column.results_model.row_at(0).display_name == "Somchai J."
    column.search.returnPressed.emit()
    qtbot.waitUntil(lambda: column.account is not None, timeout=10_000)


def test_two_letters_find_names_that_start_with_them_and_ask_for_a_third(qtbot: QtBot,
                                                                        signed_in: CounterWindow) -> None:
    column = signed_in.member_column
    for typed, rows in (("so", 1), ("ja", 0)):  # "Somchai Jaidee": a later word needs three letters
        column.search.setText(typed)
        column.search.textEdited.emit(typed)
        qtbot.waitUntil(lambda: not column._timer.isActive() and not signed_in.runner.is_busy(), timeout=10_000)
        assert column.results_model.rowCount() == rows
    assert "one more letter" in column.hint.text()
    column.search.setText("jai")
    column.search.textEdited.emit("jai")
    qtbot.waitUntil(lambda: column.results_model.rowCount() == 1, timeout=10_000)


# ------------------------------------------------------------------------------------------ enroll
def test_enroll_a_new_member_with_consent_and_signup_bonus(qtbot: QtBot, signed_in: CounterWindow,
                                                           shop: Services) -> None:
    window = signed_in
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.current_page() == window.ENROLL
    page = window.enroll
    type_text(qtbot, window, page.name, "Malee Srisuk")
    type_text(qtbot, window, page.phone, "089 765 4321")
    page.submit()
    idle(window)
    assert page.error.isVisible() and "privacy notice" in page.error.text()  # no consent, no member
    click(qtbot, page.consent)
    type_text(qtbot, window, page.birthday, "1990-05-17")
    click(qtbot, page.save_print)
    qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)
    account = window.member_column.account
    assert window.current_page() == window.MAIN
    assert account.display_name == "Malee S." and account.points == 50
    assert shop.printing().pending_count() == 1  # the member card waits for the printer
    window.show_member_card()
    assert window.card_dialog is not None and window.card_dialog.qr.payload() == account.member_code


# ------------------------------------------------------------------------------------------ sale
def test_a_sale_that_completes_the_stamp_card(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    load_member(qtbot, window)
    for _ in range(2):
        click(qtbot, window.sale.item_buttons["LATTE"])
        qtbot.keyClick(window.sale.modifier_dialog, Qt.Key.Key_Return)  # its size, sweetness and milk as they are
    click(qtbot, window.sale.item_buttons["CROISSANT"])
    assert window.sale.basket.item_count() == 3 and window.sale.basket.rowCount() == 2
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.current_page() == window.CHECKOUT
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.bill.due.text() == "฿200.00"
    assert "card complete" in checkout.bill.earn.text()
    click(qtbot, checkout.payment.note_buttons[1])  # ฿500 handed over
    assert checkout.payment.change.text() == "Change: ฿300.00"
    qtbot.keyClick(checkout, Qt.Key.Key_Return)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    result = checkout.result
    assert result.change.minor == 30000 and result.stamps[0].completed == 1
    assert checkout.paid.result_change.text() == "฿300.00"
    assert "free item earned" in checkout.paid.result_lines.text()
    qtbot.waitUntil(lambda: window.member_column.account.stamp_cards[0].rewards_ready == 1, timeout=10_000)
    assert shop.printing().pending_count() == 1
    qtbot.keyClick(checkout, Qt.Key.Key_Return)  # next customer
    assert window.current_page() == window.MAIN and window.sale.basket.is_empty()
    assert window.member_column.account is None


def test_partial_points_redemption_shows_the_new_total(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    before = load_member(qtbot, window).points
    assert before >= 60
    window.sale.add_sku("MOCHA", 2)
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.bill.due.text() == "฿150.00"
    checkout.rewards.points_edit.setText("10")  # under the shop's minimum of 20
    checkout.rewards.points_edit.textEdited.emit("10")
    qtbot.waitUntil(lambda: "at least 20" in checkout.bill.error_label.text(), timeout=10_000)
    assert not checkout.payment.confirm.isEnabled()
    checkout.rewards.points_edit.setText("40")
    checkout.rewards.points_edit.textEdited.emit("40")
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿140.00", timeout=10_000)
    assert checkout.payment.confirm.isEnabled() and not checkout.bill.error_label.isVisible()
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.points_spent == 40
    assert checkout.result.amount_due.minor == 14000
    assert checkout.result.change is None
    assert shop.accounts.account(MEMBER_PHONE).points == before - 40 + checkout.result.points_earned


def test_a_sale_over_the_earning_limit_asks_for_a_manager(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    load_member(qtbot, window)
    window.sale.add_sku("MANGO_RICE", 420)  # ฿50,400 earns more than the 2,000 points a sale may give
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.preview.needs_approval == "points_per_sale_limit"
    assert checkout.bill.approval_note.isVisible()
    click(qtbot, checkout.payment.method_buttons["card"])
    first_id = checkout._command_id
    checkout.confirm_payment()
    qtbot.waitUntil(lambda: checkout.approval is not None, timeout=10_000)
    assert "manager" in checkout.approval.reason.text()
    checkout.approval.reject()  # cancelled: nothing was written
    assert not checkout.is_showing_result()
    checkout.confirm_payment()
    qtbot.waitUntil(lambda: checkout.approval is not None, timeout=10_000)
    checkout.approval.enter_pin("2222")
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.points_earned > 2000 and "override" in ",".join(checkout.result.flags)
    assert checkout.result.sale_id != first_id


def test_refund_needs_a_manager_pin_and_shows_the_reversal(qtbot: QtBot, signed_in: CounterWindow,
                                                           shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "to-refund", ("LATTE", 1), ("CAKE", 1))
    qtbot.keyClick(window, Qt.Key.Key_F8)
    page = window.refund
    assert window.current_page() == window.REFUND
    page.receipt.setText(sale.receipt_no)
    page.submit()  # Enter on a new receipt number looks it up: its lines, everything left ticked
    qtbot.waitUntil(page.is_loaded, timeout=10_000)
    assert [row.chosen for row in page.lines.rows] == [1, 1]
    type_text(qtbot, window, page.reason, "wrong order")
    page.submit()
    qtbot.waitUntil(lambda: page.approval is not None, timeout=10_000)
    page.approval.enter_pin("1111")  # a cashier's PIN does not approve
    idle(window)
    assert "manager" in page.approval.pin_pad.findChild(QWidget, "errorText").text()
    page.approval.enter_pin("2222")
    qtbot.waitUntil(lambda: page.result is not None, timeout=10_000)
    assert page.result.original_receipt_no == sale.receipt_no
    assert page.result.points_reversed == sale.points_earned
    assert f"Points taken back: {sale.points_earned} ·" in page.outcome.text()  # "taken back" is the minus
    assert "taken back: -" not in page.outcome.text()
    assert page.outcome_title.text() == "Refunded"  # it said "Reversed" over "Refunded C1-…"
    assert "Stamps removed: 1" in page.outcome.text()
    page.submit()  # a second press changes nothing
    idle(window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.current_page() == window.MAIN


def test_print_queue_reprint_and_status_bar(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    _sale(shop, "for-queue", ("ESPRESSO", 1), member=None)
    window.status_bar.refresh()
    qtbot.waitUntil(lambda: window.status_bar.printer_state is not None
                    and window.status_bar.printer_state.waiting == 1, timeout=10_000)
    assert "1 receipt waiting" in window.status_bar.printer.text()
    assert window.status_bar.sync.text() == ""  # issue 17: a shop without Stripe tells the cashier nothing of it
    from kiosk.ui.counter.status import SyncState

    # A paused sync (a wrong address, a refused key) is for a manager: the cashier is told so, and that the
    # changes are kept.
    window.status_bar.sync_state = SyncState(configured=True, online=True, waiting=411, paused=True,
                                             last_error="[endpoint_not_found] Stripe: Unrecognized request URL")
    window.status_bar.retranslate_ui()
    assert "paused: sales are kept here; ask a manager" in window.status_bar.sync.text()
    window.status_bar.refresh()
    qtbot.waitUntil(lambda: window.status_bar.sync.text() == "", timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    queue = window.print_queue
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=10_000)
    assert queue.model.index(0, 0).data().startswith("C1-")
    shop.printing().drain()
    queue.reprint_last()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1 and queue.model.row_at(0).copy_of is not None, timeout=10_000)
    queue.table.selectRow(0)
    queue.dismiss_selected()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=10_000)


def test_the_status_bar_counts_a_drawer_opening_apart_and_says_why_in_the_screens_language(
        qtbot: QtBot, shop: Services) -> None:
    """Issue 17: a cash drawer's opening was '1 receipt waiting', and the reason was the English kept on the job."""
    from kiosk.adapters.printing.printer import EscposReceiptPrinter
    from kiosk.domain.documents import DrawerKick
    from kiosk.ui.counter.common import CounterContext
    from kiosk.ui.counter.status import StatusBar, read_printer_state

    service = shop.printing()
    service.enqueue(DrawerKick(receipt_no="C1-000042", created_at=NOW))  # a cash sale with no receipt
    bar = StatusBar(CounterContext(app=shop, runner=None))  # type: ignore[arg-type]  # the bar reads no runner here
    qtbot.addWidget(bar)
    bar.printer_state = read_printer_state(shop)
    bar.retranslate_ui()
    assert (bar.printer_state.waiting, bar.printer_state.held, bar.printer_state.drawer) == (0, 0, 1)
    assert bar.printer.text() == "🖨  Cash drawer waiting for the printer: tap to check"
    printer = service.printers[service.default_printer]
    assert isinstance(printer, EscposReceiptPrinter) and printer.dummy is not None
    printer.dummy.state = "paper_out"
    _sale(shop, "refused", ("ESPRESSO", 1), member=None)
    assert service.drain().failed
    bar.printer_state = read_printer_state(shop)
    bar.retranslate_ui()
    assert (bar.printer_state.waiting, bar.printer_state.drawer) == (1, 1)
    assert "1 receipt waiting" in bar.printer.text()
    assert "is not ready" in bar.printer.toolTip() and "paper out" in bar.printer.toolTip()
    set_language(QApplication.instance(), THAI)  # type: ignore[arg-type]
    try:
        thai = bar.printer.toolTip()
        assert "ยังไม่พร้อม" in thai and "กระดาษหมด" in thai, thai
        assert not re.search(r"[A-Za-z]{3,}", thai.replace("receipt", "")), thai  # only the printer's name
    finally:
        set_language(QApplication.instance(), ENGLISH)  # type: ignore[arg-type]


def test_the_status_bar_says_why_a_receipt_is_held_not_a_restart_for_every_one(qtbot: QtBot, shop: Services) -> None:
    """bb2-5: a receipt the printer dropped mid-job was shown as 'held after a restart' (there was none)."""
    from kiosk.domain.text import Phrase
    from kiosk.services.ports.printing import PrintNotConfirmed
    from kiosk.ui.counter.common import CounterContext
    from kiosk.ui.counter.status import StatusBar, read_printer_state

    service = shop.printing()
    sale = _sale(shop, "dropped", ("ESPRESSO", 1), member=None)
    queue = service.queue
    job = queue.claim_next(printer=queue.get(sale.print_job).printer, now=NOW)  # type: ignore[union-attr]
    assert job is not None
    dropped = PrintNotConfirmed.because("not_confirmed", printer=job.printer,
                                        detail=Phrase("printer_job.connection_lost"))
    queue.hold(job.id, error=Phrase(dropped.code, dropped.params))
    bar = StatusBar(CounterContext(app=shop, runner=None))  # type: ignore[arg-type]  # the bar reads no runner here
    qtbot.addWidget(bar)
    bar.printer_state = read_printer_state(shop)
    bar.retranslate_ui()
    assert bar.printer.text() == "🖨  1 receipt held, the printer dropped the connection part-way: tap to check"
    assert "restart" not in bar.printer.text()


def test_thai_print_queue_says_the_printer_state_in_thai(qtbot: QtBot, signed_in: CounterWindow) -> None:
    """Issue 17: the printer's state is a code the screen says in its language, not the service's English."""
    window = signed_in
    set_language(QApplication.instance(), THAI)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    line = window.print_queue.printer_line
    qtbot.waitUntil(lambda: line.text() != "", timeout=10_000)
    thai = line.text()
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai) and not re.search(r"[A-Za-z]{2,}", thai), thai
    set_language(QApplication.instance(), ENGLISH)  # said again in the other language, without asking the printer
    assert line.text().startswith("Printer: ") and not any("\u0e00" <= ch <= "\u0e7f" for ch in line.text())


# ------------------------------------------------------------------------------------------ language
def test_thai_and_english_switch_at_run_time(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    window.sale.add_sku("LATTE")
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.sale.checkout.text().startswith("ชำระเงิน")
    assert "ลาเต้" in window.sale.basket.index(0, 0).data()
    assert window.sale.basket.headerData(0, Qt.Orientation.Horizontal) == "รายการ"
    set_language(QApplication.instance(), ENGLISH)
    assert window.sale.checkout.text().startswith("Checkout")
    assert window.sale.basket.index(0, 0).data() == "Latte"


def test_keyboard_alone_rings_up_and_pays(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    window.sale.keypad.setFocus()
    type_text(qtbot, window, window.sale.keypad, "120")
    click(qtbot, window.sale.add_amount)
    assert window.sale.basket.subtotal().minor == 12000
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.checkout.preview is not None, timeout=10_000)
    QApplication.sendEvent(window.checkout, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                      Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(window.checkout.is_showing_result, timeout=10_000)
    assert window.checkout.result.member_id is None and window.checkout.result.points_earned == 0



def test_kiosk_counter_screenshot_renders_the_sign_in_screen(template_shop: Path, tmp_path: Path) -> None:
    from kiosk.cli import main

    data_dir = tmp_path / "shop"
    shutil.copytree(template_shop, data_dir)
    out = tmp_path / "counter.png"
    assert main(["--data-dir", str(data_dir), "counter", "--language", "en", "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 1000


# ------------------------------------------------------------------------------ search beside sales
def test_a_sale_is_recorded_while_a_slow_search_still_reads(qtbot: QtBot, signed_in: CounterWindow,
                                                             shop: Services) -> None:
    """Searches run on the reader thread, on their own connection: a sale on the database worker is committed
    and answered while a search, started before it, is still inside its read transaction."""
    window, column = signed_in, signed_in.member_column
    reading, release = threading.Event(), threading.Event()
    held: list[int] = []
    sold: list[Any] = []

    def slow_search(tx: object) -> int:
        found = len(shop.accounts.search("Somch"))  # a real search in a real read transaction, kept open
        reading.set()
        release.wait(10)
        return found

    try:
        window.runner.run_read(lambda: shop.accounts.read(slow_search), on_success=held.append, name="slow search")
        qtbot.waitUntil(reading.is_set, timeout=10_000)
        column.search.setText("Somch")  # the cashier's search queues behind the slow one, on the reader
        column.search.textEdited.emit("Somch")
        qtbot.waitUntil(lambda: not column._timer.isActive(), timeout=5_000)
        window.runner.run_db(lambda: _sale(shop, "beside-search", ("LATTE", 1)), on_success=sold.append)
        qtbot.waitUntil(lambda: bool(sold), timeout=10_000)
        assert sold[0].points_earned > 0
        assert held == [] and column.results_model.rowCount() == 0  # both searches are still waiting
    finally:
        release.set()
    qtbot.waitUntil(lambda: column.results_model.rowCount() == 1, timeout=10_000)
    assert held == [1] and column.results_model.row_at(0).display_name == "Somchai J."
