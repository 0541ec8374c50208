"""Issue 17's counter touches: cash buttons from the bill, rewards out of reach saying why, messages that cover no
button and leave with the customer, one message per refusal, no alarm for a reprint before anything printed, and a
Paid screen that says each thing once."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.money import Money
from kiosk.services.app import Services
from kiosk.ui.counter.cash import cash_suggestions
from kiosk.ui.counter.window import CounterWindow
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    FakeScannerClock,
    _sale,
    click,
    idle,
    load_member,
    make_window,
    scanner_clock,
    shop,
    sign_in,
    signed_in,
    template_shop,
    window,
)


def _baht(*amounts: int) -> list[Money]:
    return [Money(amount * 100) for amount in amounts]


def test_cash_suggestions_are_the_notes_a_customer_hands_over() -> None:
    assert cash_suggestions(Money(19000)) == _baht(200, 500, 1000)  # the example
    assert cash_suggestions(Money(4500)) == _baht(50, 100, 500)
    assert cash_suggestions(Money(20000)) == _baht(300, 500, 1000)  # exact cash has its own button
    assert cash_suggestions(Money(66500)) == _baht(700, 1000, 2000)
    assert cash_suggestions(Money(125050)) == _baht(1300, 1500, 2000)
    assert cash_suggestions(Money(0)) == []


def test_the_cash_buttons_follow_the_bill(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    window.sale.add_sku("MANGO_RICE")
    window.sale.add_sku("CROISSANT")  # ฿190, a walk-in
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert [button.text() for button in checkout.payment.note_buttons] == ["฿200", "฿500", "฿1,000"]
    click(qtbot, checkout.payment.note_buttons[0])
    assert checkout.payment.change.text() == "Change: ฿10.00"


def test_a_reward_out_of_reach_says_how_many_points_it_needs(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    account = load_member(qtbot, window)
    window.sale.add_sku("LATTE")
    window.open_checkout()
    qtbot.waitUntil(lambda: window.checkout.preview is not None, timeout=10_000)
    far = next(reward for reward in account.rewards if not reward.affordable)
    button = window.checkout.rewards.reward_button(far.id)
    assert not button.isEnabled()
    assert f"{far.points_short:,} more" in button.text() and far.name in button.text()


def test_messages_sit_in_the_status_line_and_leave_with_the_customer(qtbot: QtBot,
                                                                     signed_in: CounterWindow) -> None:
    window = signed_in
    window.notifier.info("Voucher noted: it is applied at checkout.")
    toast = window.toast
    assert toast.isVisible()
    at = QRect(toast.mapTo(window, toast.rect().topLeft()), toast.size())
    header = window.header
    for header_button in (header.refund_button, header.queue_button, header.reprint_button, header.language_button,
                          header.lock_button, header.sign_out_button):
        button_at = QRect(header_button.mapTo(window, header_button.rect().topLeft()), header_button.size())
        assert not at.intersects(button_at)
    window.next_customer()
    assert not toast.isVisible()
    window.notifier.error("Something the last cashier was told")
    window.lock()
    assert not toast.isVisible()  # the lock screen starts clean


def test_no_dialog_outlives_the_customer_or_the_lock(qtbot: QtBot, signed_in: CounterWindow) -> None:
    """A member's card or membership, a manager's PIN asked for: on the next customer and on the lock screen,
    none of it is left floating over the counter for someone else."""
    window = signed_in
    for leave in (window.next_customer, window.lock):
        load_member(qtbot, window)
        window.show_member_card()
        window.member_column.show_membership()
        window.checkout._ask_manager("A manager's PIN is needed for this discount.")
        dialogs = [window.card_dialog, window.member_column.membership_dialog, window.checkout.approval]
        assert all(dialog is not None and dialog.isVisible() for dialog in dialogs)
        leave()
        assert not any(dialog is not None and dialog.isVisible() for dialog in dialogs)
        assert window.card_dialog is window.member_column.membership_dialog is window.checkout.approval is None


def test_a_reprint_before_anything_printed_is_no_alarm(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    window.toast.hide()
    window.reprint_last()
    idle(window)
    qtbot.waitUntil(window.toast.isVisible, timeout=10_000)
    assert window.toast.kind() == "info" and "Nothing has printed yet" in window.toast.text()


def test_a_reprint_on_a_fresh_till_is_an_answer_in_thai_from_f9_and_from_the_print_queue(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    """reprint_last answers "nothing to copy" on a till that has printed nothing yet, its normal state, instead of
    refusing: the header's F9 and the print queue's button each say so in one line, as information, in the
    cashier's language, and queue nothing."""
    window = signed_in
    waiting = shop.printing().pending_count()
    thai = "ยังไม่มีใบเสร็จที่พิมพ์ออกไป จึงยังไม่มีอะไรให้พิมพ์ซ้ำ"
    qtbot.keyClick(window, Qt.Key.Key_F12)  # ไทย
    window.toast.hide()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    idle(window)
    qtbot.waitUntil(window.toast.isVisible, timeout=10_000)
    assert (window.toast.kind(), window.toast.text()) == ("info", thai)
    window.toast.hide()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    queue = window.print_queue
    qtbot.waitUntil(queue.isVisible, timeout=10_000)
    click(qtbot, queue.reprint_last_button)
    idle(window)
    qtbot.waitUntil(window.toast.isVisible, timeout=10_000)
    assert (window.toast.kind(), window.toast.text()) == ("info", thai)
    assert shop.printing().pending_count() == waiting


def test_the_paid_screen_says_each_thing_once(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    load_member(qtbot, window)
    window.sale.add_sku("LATTE", 2)
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    checkout.confirm_payment()
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    result = checkout.result
    assert result is not None
    discount = next(iter(result.discounts), None)
    doubled = replace(result, events=result.events * 2, discounts=result.discounts * 2)
    checkout._show_result(doubled)
    lines = checkout.paid.result_lines.text().split("\n")
    assert len(lines) == len(set(lines))
    if discount is not None:
        assert any(" × 2: -" in line for line in lines)
    assert "1 points" not in checkout.paid.result_lines.text()


def test_a_refused_sale_says_why_once_on_the_bill(qtbot: QtBot, signed_in: CounterWindow) -> None:
    from kiosk.ui.tasks import TaskFailure

    window = signed_in
    window.sale.add_sku("LATTE")
    window.open_checkout()
    qtbot.waitUntil(lambda: window.checkout.preview is not None, timeout=10_000)
    window.toast.hide()
    window.checkout._record_failed(TaskFailure("checkout.voucher_just_used", "record sale"))
    assert window.checkout.bill.error_label.isVisible()
    assert window.checkout.bill.error_label.text() == "This voucher was just used at another counter."
    assert not window.toast.isVisible()  # no pop-up saying it a second time


class _BrokenPrinter:
    """A printer whose driver fails in its own words when asked how it is."""

    name = "receipt"

    def status(self) -> object:
        raise RuntimeError("usb: the driver's own English")


@pytest.mark.parametrize("printers", ["none set up", "a failing driver"])
def test_the_print_queue_says_a_printer_it_cannot_ask_in_the_cashiers_language(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services, printers: str) -> None:
    """The print queue showed no printer line at all when the printer could not be asked (the kiosk's staff panel
    showed the exception's English): both read PrintService.status_said now, a catalogue phrase either way."""
    window = signed_in
    service = shop.printing()
    kept = dict(service.printers)
    service.printers.clear()
    if printers == "a failing driver":
        service.printers["receipt"] = _BrokenPrinter()  # type: ignore[assignment]
    try:
        qtbot.keyClick(window, Qt.Key.Key_F12)  # ไทย
        qtbot.keyClick(window, Qt.Key.Key_F6)
        queue = window.print_queue
        qtbot.waitUntil(lambda: queue.isVisible() and queue.printer_line.text() != "", timeout=10_000)
        line = queue.printer_line.text()
        assert line.startswith("เครื่องพิมพ์: ") and "driver" not in line
        assert not re.search(r"[A-Za-z]{3,}", line.replace("'receipt'", "")), line  # the printer's name aside
    finally:
        service.printers.clear()
        service.printers.update(kept)
