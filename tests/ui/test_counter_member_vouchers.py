"""At the counter a member's unused vouchers are on their panel (what each gives, its last day, its code) and in
the checkout's rewards column, applied with a touch, without the paper; a voucher or reward worth more than what
is left to pay is warned of on the bill before payment. Before, the vouchers were nowhere to be seen, and a ฿50
voucher on a ฿30 bill was used up whole without a word."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.domain.commands import AdjustPoints, IssueVoucher
from kiosk.services.app import Services
from kiosk.ui.counter.window import CounterWindow
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    MEMBER_PHONE,
    click,
    load_member,
    scanner_clock,
    shop,
    signed_in,
    template_shop,
    window,
)


def _voucher(shop: Services, command_id: str) -> str:
    """A ฿50 voucher for the featured member, issued as the kiosk does when its printer is down (no paper)."""
    manager = next(s for s in shop.staff.list_staff() if s.name == "Nok")
    shop.redemption.adjust(AdjustPoints(command_id=f"{command_id}-points", member_code=MEMBER_PHONE, points=300,
                                        reason="voucher test", staff_id=manager.id, approved_by=manager.id))
    return shop.redemption.issue_voucher(IssueVoucher(command_id=command_id, member_code=MEMBER_PHONE,
                                                      reward_id="off50", print_voucher=False)).voucher_code


def _bill(window: CounterWindow) -> list[str]:
    grid = window.checkout.bill.bill_grid
    return [grid.itemAt(i).widget().text() for i in range(grid.count())]


def test_a_members_voucher_is_on_their_panel_and_applied_at_checkout_without_paper(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    code = _voucher(shop, "v-panel")
    load_member(qtbot, window)
    panel = window.member_column.account_view.rewards.text()
    grouped = " ".join(code[i:i + 5] for i in range(0, len(code), 5))  # the narrow column may break it there
    assert f"🎟 Voucher: 50 baht off · until 3 Apr 2026 · {grouped}" in panel.splitlines()
    window.sale.add_sku("MOCHA", 2)  # ฿150
    window.open_checkout()
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿150.00", timeout=10_000)
    button = checkout.rewards.reward_button(code)
    assert button.text().splitlines()[0] == "50 baht off" and "voucher, until 3 Apr 2026" in button.text()
    click(qtbot, button)
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿100.00", timeout=10_000)
    assert button.isChecked() and "Voucher: 50 baht off" in _bill(window)
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.amount_due.minor == 10000
    assert [d.kind for d in checkout.result.discounts] == ["voucher"]
    assert shop.accounts.account(MEMBER_PHONE).vouchers == ()  # used: listed no more


def test_a_second_voucher_worth_more_than_what_is_left_is_warned_of_before_payment(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    first, second = _voucher(shop, "v-one"), _voucher(shop, "v-two")
    load_member(qtbot, window)
    window.sale.add_sku("CROISSANT")  # ฿70
    window.open_checkout()
    checkout = window.checkout
    click(qtbot, checkout.rewards.reward_button(first))
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿20.00", timeout=10_000)
    assert not checkout.bill.value_lost_note.isVisible()  # worth less than the bill: nothing to say
    click(qtbot, checkout.rewards.reward_button(second))
    qtbot.waitUntil(lambda: checkout.bill.due.text() == "฿0.00", timeout=10_000)
    note = checkout.bill.value_lost_note
    assert note.isVisible() and note.text() == (
        "⚠ “50 baht off” is worth ฿50.00, more than the ฿20.00 left to pay: ฿30.00 of it will be lost.")
    assert checkout.payment.confirm.isEnabled()  # the cashier was told before payment: the sale may go ahead
    click(qtbot, checkout.payment.method_buttons["card"])
    click(qtbot, checkout.payment.confirm)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result.amount_due.minor == 0 and len(checkout.result.discounts) == 2
