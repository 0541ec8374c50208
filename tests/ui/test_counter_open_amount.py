"""The counter's open amount: a sale keyed above the shop's limit asks for a manager's PIN, and one above the
absolute ceiling cannot be paid at all (a fat-fingered amount is not a sale)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.money import Money
from kiosk.services.app import Services
from kiosk.ui.counter.window import CounterWindow
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    MEMBER_PHONE,
    click,
    idle,
    load_member,
    scanner_clock,
    shop,
    signed_in,
    template_shop,
    type_text,
    window,
)


def key_amount(qtbot: QtBot, window: CounterWindow, amount: str) -> None:
    window.sale.keypad.setFocus()
    type_text(qtbot, window, window.sale.keypad, amount)
    click(qtbot, window.sale.add_amount)


def test_an_open_amount_above_the_limit_asks_for_a_manager(qtbot: QtBot, signed_in: CounterWindow,
                                                            shop: Services) -> None:
    window = signed_in
    before = shop.accounts.account(MEMBER_PHONE)
    load_member(qtbot, window)
    key_amount(qtbot, window, "25000")  # ฿250.00 with two zeros too many
    assert window.sale.basket.subtotal() == Money(2_500_000)
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.preview.needs_approval == "sale_over_limit"
    assert checkout.bill.approval_note.isVisible()
    # as visible as the bill's other warnings: the refusal's style, not grey caption text
    note, warning = checkout.bill.approval_note, checkout.bill.error_label
    assert note.objectName() == warning.objectName()
    assert note.font().pointSizeF() == warning.font().pointSizeF() and note.font().weight() == warning.font().weight()
    assert note.palette().color(note.foregroundRole()) == warning.palette().color(warning.foregroundRole())
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(lambda: checkout.approval is not None, timeout=10_000)
    reason = checkout.approval.reason.text()
    assert reason == "This sale of ฿25,000.00 is over the ฿10,000.00 a cashier may ring up alone: a manager must " \
                     "approve it.", reason
    checkout.approval.reject()  # cancelled: nothing was written
    idle(window)
    assert not checkout.is_showing_result()
    assert shop.accounts.account(MEMBER_PHONE).points == before.points

    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(lambda: checkout.approval is not None, timeout=10_000)
    checkout.approval.enter_pin("1111")  # the cashier's own PIN does not approve
    idle(window)
    assert "manager" in checkout.approval.pin_pad.findChild(QWidget, "errorText").text()
    checkout.approval.enter_pin("2222")
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.amount_due == Money(2_500_000) and "override" in checkout.result.flags


def test_an_open_amount_within_the_limit_is_paid_without_a_manager(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    key_amount(qtbot, window, "10000")
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.preview.needs_approval is None and not checkout.bill.approval_note.isVisible()
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.approval is None and checkout.result.flags == ()


def test_a_basket_above_the_ceiling_cannot_be_paid(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    load_member(qtbot, window)
    key_amount(qtbot, window, "9999999")  # the most the keypad takes, twice
    key_amount(qtbot, window, "9999999")
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.error != "", timeout=10_000)
    assert checkout.bill.error_label.text() == "A sale can be at most ฿10,000,000.00: check the amount."
    assert not checkout.payment.confirm.isEnabled()
    points = shop.accounts.account(MEMBER_PHONE).points
    checkout.confirm_payment()  # Enter on the page: refused as the bill says, no PIN is asked for
    idle(window)
    assert checkout.approval is None and not checkout.is_showing_result()
    assert shop.accounts.account(MEMBER_PHONE).points == points
