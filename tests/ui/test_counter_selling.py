"""Issue 17, selling like a top POS: finding items by category and search, modifiers on a line, parked sales,
no-receipt payments and the counter going back to a new sale on its own."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import RefundLine, RefundSale
from kiosk.domain.documents import DRAWER_KICK
from kiosk.domain.errors import Conflict, InvalidInput
from kiosk.domain.money import Money
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.services.parking import ParkedLine
from kiosk.ui.counter import show_customer_display
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import THAI, set_language
from tests.support import escpos_reader
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    MEMBER_PHONE,
    NOW,
    FakeScannerClock,
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


def _shown(window: CounterWindow) -> list[str]:
    return [sku for sku, btn in window.sale.item_buttons.items() if btn.isVisible()]


def test_categories_and_search_narrow_the_item_grid(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    sale = window.sale
    assert list(sale.category_buttons.values())[0].text() == "All"
    assert sale.category_buttons["coffee"].text() == "Coffee" and sale.category_buttons["tea"].text() == "Tea"
    assert len(_shown(window)) == 8
    click(qtbot, sale.category_buttons["bakery"])
    assert _shown(window) == ["CROISSANT", "CAKE"]
    click(qtbot, sale.category_buttons[""])
    # the keyboard alone: Ctrl+F, type, Enter rings up the first item shown and empties the search
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert sale.search.hasFocus()
    qtbot.keyClicks(sale.search, "crois")
    assert _shown(window) == ["CROISSANT"]
    qtbot.keyClick(sale.search, Qt.Key.Key_Return)
    assert [line.sku for line in sale.basket.rows()] == ["CROISSANT"] and sale.search.text() == ""
    sale.search.setText("มะม่วง")  # Thai names are searched too (keyClicks cannot type Thai)
    assert _shown(window) == ["MANGO_RICE"]
    sale.search.setText("zzz")
    assert not _shown(window) and sale.no_items.isVisible() and "zzz" in sale.no_items.text()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc empties the search before anything else
    assert len(_shown(window)) == 8 and sale.basket.item_count() == 1


def test_a_modified_latte_is_rung_up_paid_printed_and_refunded_in_part(qtbot: QtBot, signed_in: CounterWindow,
                                                                       shop: Services) -> None:
    window = signed_in
    load_member(qtbot, window)  # 8 of 9 coffee stamps
    click(qtbot, window.sale.item_buttons["LATTE"])
    dialog = window.sale.modifier_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.option_buttons[("size", "regular")].isChecked()  # each modifier starts on its default
    assert dialog.option_buttons[("size", "large")].text() == "Large\n+฿15.00"
    for key in (("size", "large"), ("sweetness", "less"), ("milk", "oat")):
        click(qtbot, dialog.option_buttons[key])
    assert dialog.price.text() == "Latte (Large, Less sweet, Oat milk): ฿100.00"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert window.sale.modifier_dialog is None
    window.sale.add_sku("LATTE")  # the defaults: a plain latte, its own line at the plain price
    assert [(line.label("en"), line.unit_price.minor) for line in window.sale.basket.rows()] == [
        ("Latte (Large, Less sweet, Oat milk)", 10000), ("Latte", 6500)]
    assert window.sale.basket.rows()[0].label("th") == "ลาเต้ (แก้วใหญ่, หวานน้อย, นมโอ๊ต)"
    click(qtbot, window.sale.item_buttons["LATTE"])
    qtbot.keyClick(window.sale.modifier_dialog, Qt.Key.Key_Escape)  # Esc adds nothing
    assert window.sale.basket.item_count() == 2

    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.bill.due.text() == "฿165.00"
    checkout.confirm_payment()
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    result = checkout.result
    assert result.stamps[0].earned == 2  # a stamp per coffee, whatever its size and milk
    # rung up on an English screen, kept in the shop's language (Thai), as the rest of its receipt
    sale = shop.refunds.refundable(result.receipt_no)
    assert [(line.name, line.unit_price.minor) for line in sale.lines] == [
        ("ลาเต้ (แก้วใหญ่, หวานน้อย, นมโอ๊ต)", 10000), ("ลาเต้", 6500)]

    job = next(job for job in shop.printing().pending() if job.source_id == result.sale_id)
    receipt = job.document()
    assert receipt.lines[0].options == ("แก้วใหญ่", "หวานน้อย", "นมโอ๊ต")
    printer = EscposReceiptPrinter(printer_settings_from_dict("receipt", {"kind": "dummy", "paper_mm": 80}))
    paper = escpos_reader.read(printer.render(receipt))
    # Thai lines go to paper as images: no English name of a line is left among the text lines
    assert paper.images and not any(word in paper.text for word in ("Latte", "Large", "Less sweet", "Oat milk"))

    refund = shop.refunds.refund(RefundSale(command_id="refund-large-latte", receipt_no=result.receipt_no,
                                            lines=(RefundLine(0, 1),), approved_by=_staff_id(shop, "Nok")))
    assert refund.amount.minor == 10000 and refund.lines == (("ลาเต้ (แก้วใหญ่, หวานน้อย, นมโอ๊ต)", 1),)
    left = shop.refunds.refundable(result.receipt_no)
    assert [line.left for line in left.lines] == [0, 1]
    report = shop.verify.run()  # the record chain covers the lines: the seeded plain sales and this one verify
    assert report.ok, report
    stored = json.loads(shop.checkout.read(lambda tx: tx.uow.conn.execute(  # type: ignore[attr-defined]
        text("SELECT lines_json FROM sales WHERE id = :id"), {"id": result.sale_id}).scalar_one()))
    # a plain line is stored exactly as before modifiers existed (its digest too); a modified one adds its options
    assert stored[1] == {"sku": "LATTE", "name": "ลาเต้", "unit_minor": 6500, "quantity": 1}
    assert stored[0]["options"] == ["แก้วใหญ่", "หวานน้อย", "นมโอ๊ต"] and stored[0]["unit_minor"] == 10000


def _staff_id(shop: Services, name: str) -> str:
    return shop.staff.find_staff(name).id


def _sales_count(app: Services) -> int:
    return int(app.checkout.read(lambda tx: tx.uow.sales.count()))


def test_parked_sales_are_listed_recalled_and_survive_a_restart(qtbot: QtBot, shop: Services,
                                                                scanner_clock: FakeScannerClock) -> None:
    window = make_window(qtbot, shop, scanner_clock)
    sign_in(qtbot, window)
    account = load_member(qtbot, window)
    sales_before = _sales_count(shop)
    window.sale.add_sku("LATTE", 2, {"size": "large", "milk": "oat"})
    window.sale.add_sku("CROISSANT")
    qtbot.keyClick(window, Qt.Key.Key_F7)  # park
    qtbot.waitUntil(lambda: window.sale.parked_count == 1, timeout=10_000)
    assert window.sale.basket.is_empty() and window.member_column.account is None  # free for the next customer
    assert "Sale parked (฿270.00)" in window.toast.text()
    window.sale.add_sku("MANGO_RICE")  # a walk-in, parked too
    window.parking.park()
    qtbot.waitUntil(lambda: window.sale.parked_count == 2, timeout=10_000)
    assert window.sale.parked.text() == "Parked · 2  (F10)"
    window.shutdown()
    window.close()

    # the counter (and the whole app) restarts on the same data folder
    data_dir = shop.data_dir
    shop.close()
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW)) as again:
        window = make_window(qtbot, again, scanner_clock)
        try:
            sign_in(qtbot, window)
            qtbot.waitUntil(lambda: window.sale.parked_count == 2, timeout=10_000)
            assert _sales_count(again) == sales_before  # parking is no sale: no receipt, no ledger entry
            window.sale.add_sku("CAKE")
            qtbot.keyClick(window, Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: window.parking.dialog is not None, timeout=10_000)
            dialog = window.parking.dialog
            texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
            assert texts[0].startswith(f"10:00 · {account.display_name} · ฿270.00 · 3 items\n")
            assert "Latte (Large, Oat milk) ×2, Butter croissant" in texts[0]
            assert texts[1].startswith("10:00 · No member · ฿120.00 · 1 item")
            qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # recall the first while a cake is on screen: refused
            qtbot.waitUntil(lambda: "Park or clear the sale on screen first" in window.toast.text(), timeout=10_000)
            window.sale.clear()
            window.parking.open()
            qtbot.waitUntil(lambda: window.parking.dialog is not None, timeout=10_000)
            qtbot.keyClick(window.parking.dialog.list, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: window.sale.parked_count == 1, timeout=10_000)
            qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)
            assert window.member_column.account.member_id == account.member_id
            assert window.member_column.account.points == account.points
            assert [(line.label("en"), line.quantity, line.unit_price.minor)
                    for line in window.sale.basket.rows()] == [("Latte (Large, Oat milk)", 2, 10000),
                                                                ("Butter croissant", 1, 7000)]
            window.open_checkout()  # and it is paid like any basket
            qtbot.waitUntil(lambda: window.checkout.preview is not None, timeout=10_000)
            window.checkout.confirm_payment()
            qtbot.waitUntil(window.checkout.is_showing_result, timeout=10_000)
            assert _sales_count(again) == sales_before + 1
            assert again.parking.parked()[0].lines[0].sku == "MANGO_RICE"
        finally:
            window.shutdown()


def test_parking_refuses_what_checkout_would_and_a_sale_is_recalled_once(shop: Services) -> None:
    parking = shop.parking
    latte = ParkedLine("Latte", Money(6500), 1, "LATTE")
    with pytest.raises(InvalidInput) as empty:
        parking.park(lines=())
    assert empty.value.code == "parking.park_empty"
    with pytest.raises(InvalidInput) as none_of_it:
        parking.park(lines=(latte, ParkedLine("Cake", Money(9500), 0, "CAKE")))
    assert none_of_it.value.code == "program.bad_quantity"
    assert parking.parked() == []  # a refusal stores nothing
    parked = parking.park(lines=(latte,))
    assert parking.recall(parked.id).lines == (latte,)
    with pytest.raises(Conflict) as twice:
        parking.recall(parked.id)
    assert twice.value.code == "parking.parked_gone"


def test_no_receipt_prints_nothing_opens_the_drawer_and_prints_it_when_asked_later(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    window.sale.add_sku("CROISSANT")
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.bill.print_button.isChecked()  # the shop's default (ui.receipt_default = "print")
    checkout.new_sale_seconds = 0  # this test stays on the Paid screen
    waiting = shop.printing().pending_count()
    click(qtbot, checkout.bill.no_receipt_button)
    checkout.confirm_payment()
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    # a cash sale: only the drawer opening goes to the printer, no paper
    assert [job.kind for job in shop.printing().pending()[waiting:]] == [DRAWER_KICK]
    waiting += 1
    assert "no receipt printed" in checkout.paid.result_receipt.text()
    assert " by cash · " in checkout.paid.result_receipt.text()  # mid-sentence, not "by Cash" (a screen review)
    assert checkout.paid.reprint.text() == "Print receipt  (F9)"
    click(qtbot, checkout.paid.reprint)  # the customer changed their mind
    qtbot.waitUntil(lambda: shop.printing().pending_count() == waiting + 1, timeout=10_000)
    receipt = next(job for job in shop.printing().pending()
                   if job.source_id == checkout.result.sale_id and job.kind != DRAWER_KICK).document()
    assert not receipt.is_copy and not receipt.open_cash_drawer  # their receipt, not a COPY; no second drawer kick
    window.next_customer()
    window.open_print_queue()  # the drawer's job waits with it: named so, and nothing to reprint of it
    queue = window.print_queue
    qtbot.waitUntil(lambda: queue.model.rowCount() == waiting + 1, timeout=10_000)
    kick = next(row for row in range(queue.model.rowCount()) if queue.model.row_at(row).kind == DRAWER_KICK)
    assert queue.model.index(kick, queue.model.KIND).data() == "Cash drawer"
    queue.table.selectRow(kick)
    assert not queue.reprint_button.isEnabled() and queue.dismiss_button.isEnabled()


def test_the_paid_screen_gives_way_to_a_new_sale_on_its_own_or_at_the_next_scan(
        qtbot: QtBot, signed_in: CounterWindow, scanner_clock: FakeScannerClock) -> None:
    window = signed_in
    assert window.checkout.new_sale_seconds == 10  # config/default.toml's ui.new_sale_after_seconds
    for count_down in (True, False):
        window.sale.add_sku("ESPRESSO")
        window.open_checkout()
        checkout = window.checkout
        checkout.new_sale_seconds = 1 if count_down else 0
        qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
        checkout.confirm_payment()
        qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
        if count_down:
            assert checkout.paid.new_sale_note.text() == "A new sale starts in 1 second."
            qtbot.waitUntil(lambda: window.current_page() == window.MAIN, timeout=10_000)
            assert window.sale.basket.is_empty()
        else:
            assert checkout.paid.new_sale_note.text() == ""
            window.handle_code(MEMBER_PHONE)  # the next customer's card
            assert window.current_page() == window.MAIN
            qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)


def test_the_customer_display_follows_the_sale_in_the_customers_language(qtbot: QtBot, signed_in: CounterWindow,
                                                                         qapp: QApplication) -> None:
    window = signed_in
    screen = QGuiApplication.screens()[0]
    display = show_customer_display(window, screen)
    qtbot.addWidget(display)
    # no member yet: the shop's language (this shop's is Thai), whatever the cashier reads
    assert display.prompt.isVisible() and "สแกนบัตร" in display.prompt.text()
    shop = window.app.ctx.shop
    assert shop.name_th and shop.name_th in display.welcome.text()  # the shop's Thai name, not 'Baan Kafe'
    window.sale.add_sku("LATTE", 1, {"size": "large"})
    assert display.total.text() == "฿80.00" and not display.nothing_yet.isVisible()
    account = load_member(qtbot, window)
    assert display.greeting.text() == f"Hello, {account.display_name}" and not display.prompt.isVisible()
    assert "Coffee card: 8 of 9 stamps" in display.balances.text() or "8 of 9 stamps" in display.balances.text()
    qtbot.waitUntil(lambda: display.earn.isVisible(), timeout=10_000)
    assert "+1 stamps" in display.earn.text() and "points" in display.earn.text()
    set_language(qapp, THAI)  # the cashier reads Thai; the customer (an English speaker) still reads English
    assert display.greeting.text().startswith("Hello")
    display.set_account(replace(account, language="th"))  # a member who reads Thai sees Thai
    assert display.greeting.text() == f"สวัสดีค่ะ คุณ {account.display_name}"  # a Latin name: คุณ and a space
    window.open_checkout()
    qtbot.waitUntil(lambda: window.checkout.preview is not None, timeout=10_000)
    window.checkout.new_sale_seconds = 0
    window.checkout.confirm_payment()
    qtbot.waitUntil(window.checkout.is_showing_result, timeout=10_000)
    assert display.greeting.text() in ("ขอบคุณค่ะ", "Thank you!") and "฿80.00" in display.earn_title.text()
    assert window.runner.wait_idle(10_000)
    qapp.processEvents()  # the member reloaded after paying (their own language is English): still thanked
    assert display.greeting.text() == "Thank you!" and "Paid ฿80.00" in display.earn_title.text()
    window.shutdown()
    assert not display.isVisible()  # it closes with the counter


def test_a_customer_display_on_a_screen_that_is_not_there_is_refused_before_the_shop_opens(
        qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.ui import counter

    opened: list[bool] = []

    def open_shop() -> Services:
        opened.append(True)
        raise AssertionError("the shop must not open")

    assert counter.run(open_shop, language="en", customer_display=99) == 2
    assert not opened
    assert capsys.readouterr().err.startswith("kiosk: there is no screen 99 for the customer display")


def test_a_customer_display_closed_before_the_counter_is_left_alone(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    display = show_customer_display(window, QGuiApplication.screens()[0])
    display.close()
    display.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    load_member(qtbot, window)
    window.next_customer()  # the counter's signals no longer reach the deleted display (no error in the loop)
    window.sale.add_sku("CAKE")


def test_the_paid_screen_changes_language_with_the_counter(qtbot: QtBot, signed_in: CounterWindow,
                                                            qapp: QApplication) -> None:
    """The Paid screen (its own widget since it left the checkout page) said "Next customer" and "Change to
    give" in English after the cashier switched the counter to Thai (review finding)."""
    window = signed_in
    window.sale.add_sku("CROISSANT")
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    checkout.new_sale_seconds = 0
    checkout.confirm_payment()
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.paid.next_button.text() == "Next customer  (Enter)"
    set_language(qapp, THAI)
    try:
        assert checkout.paid.next_button.text() == "ลูกค้าคนถัดไป  (Enter)"
        assert checkout.paid.result_change_caption.text() == "เงินทอน"
        assert checkout.paid.result_title.text() == "ชำระเงินแล้ว ขอบคุณค่ะ!"
    finally:
        set_language(qapp, "en")
