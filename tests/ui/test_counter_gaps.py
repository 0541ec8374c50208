"""The counter's less travelled paths: paid membership, vouchers at checkout, refunds without a manager, and
reward names in the screen's language while the shop prints in Thai."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import AdjustPoints, IssueVoucher
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.services.sync.membership import MembershipUnavailable
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import THAI, set_language
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    MEMBER_PHONE,
    NOW,
    FakeScannerClock,
    _sale,
    click,
    load_member,
    make_window,
    scanner_clock,
    shop,
    sign_in,
    signed_in,
    template_shop,
    type_text,
    window,
)

CHECKOUT_URL = "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8"


class StubMembership:
    """Stands in for MembershipService: records the thread each call ran on and answers as told."""

    def __init__(self, *, url: str = CHECKOUT_URL, error: Exception | None = None) -> None:
        self.url = url
        self.error = error
        self.calls: list[tuple[str, str, str]] = []

    def checkout_url(self, member_code: str, plan_id: str) -> str:
        self.calls.append((member_code, plan_id, threading.current_thread().name))
        if self.error is not None:
            raise self.error
        return self.url


def _voucher(shop: Services, command_id: str = "v1", reward_id: str = "off50") -> str:
    """A voucher (default: ฿50 off) for the featured member (points topped up by a manager first)."""
    manager = next(s for s in shop.staff.list_staff() if s.name == "Nok")
    shop.redemption.adjust(AdjustPoints(command_id=f"{command_id}-points", member_code=MEMBER_PHONE, points=300,
                                        reason="voucher test", staff_id=manager.id, approved_by=manager.id))
    result = shop.redemption.issue_voucher(IssueVoucher(command_id=command_id, member_code=MEMBER_PHONE,
                                                        reward_id=reward_id, print_voucher=False))
    return result.voucher_code


# ------------------------------------------------------------------------------------------ membership
def test_join_the_paid_membership_shows_the_payment_page_as_a_qr(qtbot: QtBot, signed_in: CounterWindow,
                                                                 shop: Services) -> None:
    window = signed_in
    stub = StubMembership()
    window.context.app = replace(shop, membership=stub)  # type: ignore[arg-type]
    account = load_member(qtbot, window)
    view = window.member_column.account_view
    assert view.join_button.isVisible() and view.join_button.text() == "+ Coffee Club"
    click(qtbot, view.join_button)
    dialog = window.member_column.membership_dialog
    assert dialog is not None and not dialog.qr_box.isVisible()
    assert "฿299.00 per month" in dialog._plan_texts["coffee_club"][1].text()
    join = dialog.join_buttons["coffee_club"]
    assert join.text() == "Join Coffee Club"
    with qtbot.waitSignal(dialog.checkout_shown, timeout=10_000) as shown:
        click(qtbot, join)
    assert shown.args == [CHECKOUT_URL]
    assert stub.calls == [(account.member_code, "coffee_club", stub.calls[0][2])]
    assert stub.calls[0][2] != threading.main_thread().name  # Stripe is asked off the GUI thread
    assert dialog.qr.payload() == CHECKOUT_URL and dialog.qr_box.isVisible()
    assert dialog.price.text() == "฿299.00"
    assert "Coffee Club" in dialog.scan_caption.text()
    assert not dialog.error_label.isVisible()
    dialog.accept()
    qtbot.waitUntil(lambda: window.member_column.membership_dialog is None, timeout=10_000)


def test_joining_while_stripe_is_off_says_why_and_shows_no_qr(qtbot: QtBot, signed_in: CounterWindow,
                                                              shop: Services) -> None:
    window = signed_in
    stub = StubMembership(error=MembershipUnavailable())
    window.context.app = replace(shop, membership=stub)  # type: ignore[arg-type]
    load_member(qtbot, window)
    window.member_column.show_membership()
    dialog = window.member_column.membership_dialog
    dialog.join("coffee_club")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert "Stripe cannot be reached or is not set up" in dialog.error_label.text()
    assert not dialog.qr_box.isVisible() and dialog.qr.payload() == ""
    assert dialog.join_buttons["coffee_club"].isEnabled()  # the cashier may try again once online
    set_language(QApplication.instance(), THAI)
    assert dialog.join_buttons["coffee_club"].text() == "สมัคร คอฟฟี่คลับ"
    dialog.reject()


def test_without_stripe_the_counter_says_paid_membership_is_not_set_up(
        qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in  # the demo config has no Stripe key: no membership service is wired at all
    assert window.context.app.membership is None
    load_member(qtbot, window)
    window.member_column.show_membership()
    dialog = window.member_column.membership_dialog
    dialog.join("coffee_club")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text() == "Paid membership is not set up on this counter."
    dialog.reject()


# ------------------------------------------------------------------------------------------ vouchers
def test_a_voucher_scanned_at_checkout_takes_its_value_off_and_a_second_use_is_refused(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    code = _voucher(shop)
    window.sale.add_sku("MOCHA", 2)  # ฿150, a guest: vouchers need no card
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    assert checkout.bill.due.text() == "฿150.00"
    window.handle_code(code, source="scanner")
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿100.00", timeout=10_000)
    bill = [checkout.bill.bill_grid.itemAt(i).widget().text() for i in range(checkout.bill.bill_grid.count())]
    assert "Voucher: 50 baht off" in bill  # named in the screen's language, though the shop prints Thai
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.amount_due.minor == 10000
    assert "Voucher: 50 baht off: -฿50.00" in checkout.paid.result_lines.text()
    window.next_customer()

    window.sale.add_sku("LATTE")
    window.handle_code(code, source="scanner")  # before checkout: noted, applied when the bill opens
    assert window.pending_vouchers == [code]
    window.open_checkout()
    qtbot.waitUntil(lambda: checkout.bill.error_label.isVisible(), timeout=10_000)
    assert checkout.bill.error_label.text() == "This voucher was already used."
    assert not checkout.payment.confirm.isEnabled()
    click(qtbot, checkout.rewards.vouchers_clear)  # without it the sale goes ahead at full price
    qtbot.waitUntil(lambda: checkout.payment.confirm.isEnabled() and checkout.bill.due.text() == "฿65.00",
                    timeout=10_000)


def test_a_used_voucher_is_refused_in_thai_on_a_thai_screen(qtbot: QtBot, signed_in: CounterWindow,
                                                            shop: Services) -> None:
    window = signed_in
    code = _voucher(shop, "v-thai")
    _sale(shop, "uses-it", ("LATTE", 1), member=None, voucher_codes=(code,), print_receipt=False)
    set_language(QApplication.instance(), THAI)
    window.sale.add_sku("LATTE")
    window.open_checkout()
    window.handle_code(code)
    qtbot.waitUntil(lambda: window.checkout.bill.error_label.isVisible(), timeout=10_000)
    assert window.checkout.bill.error_label.text() == "คูปองนี้ถูกใช้ไปแล้ว"


def test_a_free_latte_voucher_scanned_on_a_bill_without_a_latte_is_refused_at_the_scan(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    code = _voucher(shop, "v-latte", reward_id="latte")
    window.sale.add_sku("MOCHA")  # ฿75, a guest
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    window.handle_code(code, source="scanner")  # was: the bill took ฿65 off the mocha, and the sale used it up
    qtbot.waitUntil(lambda: checkout.bill.error_label.isVisible(), timeout=10_000)
    assert checkout.bill.error_label.text() == (
        "Add “Latte” to the basket to use the voucher “Free latte”, or keep the voucher for another time.")
    assert not checkout.payment.confirm.isEnabled()
    set_language(QApplication.instance(), THAI)  # the refusal follows the screen's language
    window.checkout.clear_vouchers()
    window.checkout.add_voucher(code)
    qtbot.waitUntil(lambda: checkout.bill.error_label.text().startswith("เพิ่ม"), timeout=10_000)
    assert checkout.bill.error_label.text() == "เพิ่ม “ลาเต้” ลงตะกร้าก่อนใช้คูปอง “ลาเต้ฟรี” หรือเก็บคูปองไว้ใช้ครั้งหน้า"
    click(qtbot, checkout.rewards.vouchers_clear)  # the mocha is sold at full price; the voucher stays good
    qtbot.waitUntil(lambda: checkout.payment.confirm.isEnabled() and checkout.bill.due.text() == "฿75.00",
                    timeout=10_000)
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.amount_due.minor == 7500 and not checkout.result.discounts
    latte = _sale(shop, "uses-it", ("LATTE", 1), member=None, voucher_codes=(code,), print_receipt=False)
    assert [d.amount.minor for d in latte.discounts] == [6500]


# ------------------------------------------------------------------------------------------ language
def test_stamp_reward_and_card_names_follow_the_screen_language(qtbot: QtBot, signed_in: CounterWindow,
                                                                shop: Services) -> None:
    window = signed_in
    assert shop.ctx.language == "th"  # receipts in Thai ...
    for n in range(2):  # 8 + 2 coffees: the card completes, a free coffee is ready
        _sale(shop, f"fill-{n}", ("LATTE", 1), print_receipt=False)
    load_member(qtbot, window)
    window.sale.add_sku("LATTE", 2)
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    stamp = next(r for r in checkout.account.rewards if r.kind == "stamp")
    checkout.toggle_reward(stamp.id, stamp=True)
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿65.00", timeout=10_000)
    bill = [checkout.bill.bill_grid.itemAt(i).widget().text() for i in range(checkout.bill.bill_grid.count())]
    assert "Free coffee" in bill  # ... the English screen says it in English
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    text = checkout.paid.result_lines.text()
    assert "Coffee card: +" in text and "Free coffee: -฿65.00" in text
    assert not any("\u0e00" <= ch <= "\u0e7f" and ch != "฿" for ch in text), text  # no Thai words left
    set_language(QApplication.instance(), THAI)
    assert "กาแฟฟรี" in checkout.paid.result_lines.text()


# ------------------------------------------------------------------------------------------ refunds
@pytest.fixture
def no_manager_shop(template_shop: Path, tmp_path: Path) -> Iterator[Services]:
    data_dir = tmp_path / "shop"
    shutil.copytree(template_shop, data_dir)
    settings = load_settings(data_dir=data_dir, overrides={"security": {"refund_needs_manager": False}})
    app = build_app(settings, clock=FixedClock(NOW))
    yield app
    app.close()


def test_a_shop_that_lets_cashiers_refund_asks_no_pin(qtbot: QtBot, no_manager_shop: Services,
                                                      scanner_clock: FakeScannerClock) -> None:
    shop_ = no_manager_shop
    assert shop_.ctx.policy.refund_needs_manager is False
    window = make_window(qtbot, shop_, scanner_clock)
    try:
        sign_in(qtbot, window)  # Beam, a cashier
        sale = _sale(shop_, "cashier-refund", ("LATTE", 1))
        window.open_refund(sale.receipt_no)
        page = window.refund
        qtbot.waitUntil(page.is_loaded, timeout=10_000)
        type_text(qtbot, window, page.reason, "spilled")
        page.submit()
        qtbot.waitUntil(lambda: page.result is not None, timeout=10_000)
        assert page.approval is None  # no PIN pad was shown
        assert page.result.original_receipt_no == sale.receipt_no
        assert f"Points taken back: {sale.points_earned}" in page.outcome.text()
    finally:
        window.shutdown()

