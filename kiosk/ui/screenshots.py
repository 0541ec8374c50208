"""The counter's README screenshots (`kiosk screenshots` builds a demo shop and captures every face)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.programs.config import Item
from kiosk.services.app import Services

if TYPE_CHECKING:  # Qt loads only when screenshots are taken
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.counter.window import CounterWindow

SIZE = (1280, 800)
TILL_SIZES = ((1024, 768), (1280, 800), (1920, 1080))  # the counter fits each of these (tests/ui/test_fit_counter)
SELLING_SIZES = ((1024, 768), (1280, 800))  # the selling screens (categories, modifiers, parked sales) at each
FEATURED_PHONE = "0812345678"


def _settle(window: CounterWindow, rounds: int = 4) -> None:
    from PySide6.QtWidgets import QApplication

    window.runner.wait_idle(8000)
    for _ in range(rounds):
        QApplication.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)
    return path


def _wait(window: CounterWindow, condition: Callable[[], bool], timeout_s: float = 8.0) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the screen did not reach the state to capture")
        window.runner.wait_idle(200)
        QApplication.processEvents()


def _at_sizes(window: CounterWindow, out_dir: Path, name: str) -> list[Path]:
    """The screen as it is now on each till the counter is made for (counter-member-1024x768.png, ...)."""
    saved = []
    for width, height in TILL_SIZES:
        window.resize(width, height)
        _settle(window)
        saved.append(_save(window, out_dir / f"{name}-{width}x{height}.png"))
    window.resize(*SIZE)
    _settle(window)
    return saved


def _save_with_dialog(window: CounterWindow, dialog: QWidget, path: Path) -> Path:
    """The window with a dialog over it where the cashier sees it: centred, as a window manager puts it."""
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    picture = window.grab()
    over = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))  # the counter dimmed behind the dialog
    painter.drawPixmap((picture.width() - over.width()) // 2, (picture.height() - over.height()) // 2, over)
    painter.end()
    picture.save(str(path))
    print(path)
    return path


def _selling(app: Services, window: CounterWindow, out_dir: Path, language: str) -> list[Path]:
    """Categories and search, the modifier dialog and the parked sales, at 1024x768 and 1280x800."""
    suffix = "-th" if language == "th" else ""
    saved: list[Path] = []
    for width, height in SELLING_SIZES:
        window.resize(width, height)
        window.next_customer()
        window.sale.show_category("coffee")
        window.sale.add_sku("LATTE", 1, {"size": "large", "sweetness": "less", "milk": "oat"})
        window.sale.add_sku("THAI_TEA", 2, {"sweetness": "less"})
        window.sale.tap_item(_item(app, "MOCHA"))
        dialog = window.sale.modifier_dialog
        assert dialog is not None  # a mocha has its size, sweetness and milk
        dialog.choose("size", "large")
        dialog.choose("milk", "soy")
        dialog.adjustSize()
        _settle(window)
        window.toast.hide()
        saved.append(_save_with_dialog(window, dialog, out_dir / f"counter-modifiers{suffix}-{width}x{height}.png"))
        window.sale.close_modifiers()
        window.sale.show_category("")
        window.sale.search.setText("ma" if language == "en" else "มะ")
        _settle(window)
        saved.append(_save(window, out_dir / f"counter-item-search{suffix}-{width}x{height}.png"))
        window.sale.clear_search()
        window.parking.park()
        _wait(window, window.sale.basket.is_empty)
        window.member_column.load_member(FEATURED_PHONE)
        _wait(window, lambda: window.member_column.account is not None)
        window.sale.add_sku("ESPRESSO", 2)
        window.sale.add_sku("CAKE")
        window.parking.park()
        _wait(window, window.sale.basket.is_empty)
        window.parking.open()
        _wait(window, lambda: window.parking.dialog is not None)
        parked = window.parking.dialog
        assert parked is not None  # opened above
        parked.adjustSize()
        _settle(window)
        window.toast.hide()
        saved.append(_save_with_dialog(window, parked, out_dir / f"counter-parked{suffix}-{width}x{height}.png"))
        parked.reject()
        for sale in app.parking.parked():  # the demo shop keeps no parked sales behind
            app.parking.recall(sale.id)
        window.parking.refresh()
        _settle(window)
    window.resize(*SIZE)
    window.next_customer()
    _settle(window)
    return saved


def _customer_display(window: CounterWindow, out_dir: Path) -> list[Path]:
    """The customer's screen during a sale: their basket, their balances and what this sale earns."""
    from kiosk.ui.counter.customer_display import CustomerDisplay

    display = CustomerDisplay(window)
    display.resize(*SIZE)
    display.show()
    try:
        window.next_customer()
        window.member_column.load_member(FEATURED_PHONE)
        _wait(window, lambda: window.member_column.account is not None)
        window.sale.add_sku("LATTE", 1, {"size": "large", "sweetness": "less", "milk": "oat"})
        window.sale.add_sku("CROISSANT")
        _wait(window, lambda: display.preview is not None)
        _settle(window)
        return [_save(display, out_dir / "counter-customer-display.png")]
    finally:
        display.close()
        display.deleteLater()
        window.next_customer()


def _item(app: Services, sku: str) -> Item:
    item = app.ctx.programs.item(sku)
    assert item is not None, sku
    return item


def capture_counter(app: Services, out_dir: Path) -> list[Path]:
    """The counter's main states, in English, plus the sale screen in Thai."""
    from PySide6.QtWidgets import QApplication

    from kiosk.domain.money import Money
    from kiosk.ui.counter.window import CounterWindow
    from kiosk.ui.i18n import ENGLISH, THAI, set_language

    qapp = QApplication.instance()
    assert qapp is not None
    set_language(qapp, ENGLISH)
    window = CounterWindow(app, video_inputs=lambda: [], install_scanner=False, idle_lock_ms=3_600_000)
    window.resize(*SIZE)
    window.show()
    saved: list[Path] = []
    try:
        _wait(window, window.signin.staff_loaded)
        staff = window.signin._staff
        cashier = next((s for s in staff if s.name == "Beam"), staff[0])
        window.signin.choose(cashier.id)
        for digit in "11":
            window.signin.pin_pad.press_digit(digit)
        _settle(window)
        saved.append(_save(window, out_dir / "counter-signin.png"))

        session = app.staff.sign_in(cashier.id, "1111")
        window.signin.pin_pad.clear()
        window._signed_in(session)
        window.toast.hide()
        window.member_column.load_member(FEATURED_PHONE)
        _wait(window, lambda: window.member_column.account is not None)
        window.sale.add_sku("LATTE", 2)
        window.sale.add_sku("CROISSANT")
        window.member_column.check_camera()
        _settle(window)
        window.toast.hide()
        saved.append(_save(window, out_dir / "counter-member.png"))
        saved += _at_sizes(window, out_dir, "counter-member")

        window.open_checkout()
        _wait(window, lambda: window.checkout.preview is not None)
        account = window.member_column.account
        assert account is not None  # loaded above
        ready = next((r for r in account.rewards if r.affordable), None)
        if ready is not None:
            window.checkout.toggle_reward(ready.id, stamp=ready.kind == "stamp")
        window.checkout.set_points(40 if account.points >= 40 + (ready.points if ready else 0) else 0)
        window.checkout.set_cash_given(None)
        _wait(window, lambda: not window.checkout._timer.isActive())
        _settle(window)
        window.checkout.set_cash_given(Money(50000, app.ctx.currency))
        _settle(window)
        saved.append(_save(window, out_dir / "counter-checkout.png"))
        saved += _at_sizes(window, out_dir, "counter-checkout")

        window.checkout.confirm_payment()
        _wait(window, window.checkout.is_showing_result)
        _settle(window)
        window.toast.hide()
        saved.append(_save(window, out_dir / "counter-paid.png"))
        assert window.checkout.result is not None  # shown above
        receipt = window.checkout.result.receipt_no
        window.next_customer()

        saved += _selling(app, window, out_dir, ENGLISH)
        saved += _customer_display(window, out_dir)

        window.open_enroll()
        window.enroll.name.setText("Malee Srisuk")
        window.enroll.phone.setText("089 765 4321")
        window.enroll.birthday.setText("1992-05-17")
        window.enroll.consent.setChecked(True)
        _settle(window)
        saved.append(_save(window, out_dir / "counter-enroll.png"))
        window.show_main()

        window.open_refund(receipt)
        _wait(window, window.refund.is_loaded)
        manager = next((s for s in app.staff.list_staff() if s.role.value in ("manager", "owner")), None)
        rows = window.refund.lines.rows
        if rows and rows[0].line.quantity > 1:  # part of the receipt: one of the first line's items, nothing else
            for row in rows[1:]:
                row.check.setChecked(False)
            rows[0].quantity.setValue(1)
        if manager is not None:
            window.refund.submit(approved_by=manager.id)
            _wait(window, lambda: window.refund.result is not None and window.refund.is_loaded())
        _settle(window)
        window.toast.hide()
        saved.append(_save(window, out_dir / "counter-refund.png"))
        window.show_main()

        window.open_print_queue()
        _settle(window)
        saved.append(_save(window, out_dir / "counter-print-queue.png"))
        window.show_main()

        set_language(qapp, THAI)
        window.member_column.load_member(FEATURED_PHONE)
        _wait(window, lambda: window.member_column.account is not None)
        window.sale.add_sku("THAI_TEA", 2)
        window.sale.add_sku("MANGO_RICE")
        _settle(window)
        window.toast.hide()
        saved.append(_save(window, out_dir / "counter-thai.png"))
        saved += _selling(app, window, out_dir, THAI)
        set_language(qapp, ENGLISH)
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
    return saved
