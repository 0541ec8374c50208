"""The screens' number fields take Thai digits (๐-๙) typed on a Thai keyboard layout as 0-9, as the CLI and the
services do: the counter's points field dropped them without a word, a PIN typed in them was never entered."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.money import Money
from kiosk.services.app import Services
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.widgets.keypads import AmountKeypad, DigitKeypad, PinPad
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    click,
    load_member,
    scanner_clock,
    shop,
    sign_in,
    signed_in,
    template_shop,
    window,
)


def type_text(widget: QWidget, text: str) -> None:
    """Keys as a Thai keyboard layout sends them: the character, no Latin key code (QTest takes ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def test_the_counters_points_and_credit_fields_take_thai_digits(qtbot: QtBot, signed_in: CounterWindow,
                                                                 shop: Services) -> None:
    window = signed_in
    assert load_member(qtbot, window).points >= 60
    window.sale.add_sku("MOCHA", 2)
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.bill.due.text() == "฿150.00"
    window.activateWindow()
    checkout.rewards.points_edit.setFocus()
    qtbot.waitUntil(checkout.rewards.points_edit.hasFocus, timeout=5000)  # the cashier is typing in it
    type_text(checkout.rewards.points_edit, "๔๐")
    qtbot.waitUntil(lambda: checkout.rewards.points_edit.text() == "40", timeout=5000)  # the scanner filter holds
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿140.00", timeout=10_000)
    assert checkout.choices.points == 40


def test_keypads_take_thai_digits_from_a_keyboard(qtbot: QtBot) -> None:
    pad = PinPad(pin_length=4)
    qtbot.addWidget(pad)
    with qtbot.waitSignal(pad.pin_entered, timeout=2000) as entered:
        type_text(pad, "๑๒๓๔")
    assert entered.args == ["1234"]

    phone = DigitKeypad(max_digits=10)
    qtbot.addWidget(phone)
    type_text(phone, "๐๘๑๒๓๔๕๖๗๘")
    assert phone.digits() == "0812345678"
    phone.set_digits("๐๘๙")
    assert phone.digits() == "089"

    amount = AmountKeypad(currency="THB")
    qtbot.addWidget(amount)
    type_text(amount, "๑๒.๕")
    assert amount.money() == Money(1250, "THB")
    amount.set_text("๒๐")
    assert amount.money() == Money(2000, "THB")
