"""A counter session ends cleanly: a lookup answered after "next customer" is dropped, the customer display shows
nobody once the counter locks or signs out, and a staff member disabled mid-shift is signed out at their next step."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.counter import show_customer_display
from kiosk.ui.counter.window import CounterWindow
from tests.support.qt_loop import BusyDatabase
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    MEMBER_PHONE,
    FakeScannerClock,
    load_member,
    make_window,
    scanner_clock,
    shop,
    sign_in,
    signed_in,
    template_shop,
    window,
)


def test_a_lookup_answered_after_next_customer_does_not_bring_the_member_back(qtbot: QtBot,
                                                                             signed_in: CounterWindow) -> None:
    window = signed_in
    loaded: list[object] = []
    window.member_column.member_loaded.connect(loaded.append)
    busy = BusyDatabase(window)
    window.member_column.load_member(MEMBER_PHONE)  # waits behind the busy database
    window.checkout.next_customer.emit()  # the cashier moves on: Done / next customer
    busy.release()
    assert window.runner.wait_idle(10_000)
    assert window.member_column.account is None and loaded == []
    assert window.member_column.pages.currentIndex() == window.member_column.SEARCH
    load_member(qtbot, window)  # the next lookup still works


def test_the_customer_display_shows_nobody_while_the_counter_is_locked(qtbot: QtBot, signed_in: CounterWindow,
                                                                       qapp: QApplication) -> None:
    window = signed_in
    display = show_customer_display(window, QGuiApplication.screens()[0])
    qtbot.addWidget(display)
    window.sale.add_sku("LATTE", 1, {"size": "large"})
    account = load_member(qtbot, window)
    assert display.greeting.isVisible() and account.display_name in display.greeting.text()

    def nobody_shown() -> bool:
        member = [w.text() for w in (display.greeting, display.balances, display.earn) if w.isVisible()]
        return (display.prompt.isVisible() and not any(account.display_name in t or "Points" in t for t in member)
                and display.lines.count() == 0 and not (display.total.isVisible() and display.total.text() != "฿0.00"))

    window.lock()  # Ctrl+L
    assert nobody_shown()
    assert display.shown_account() is None
    sign_in(qtbot, window)  # the sale and the member are kept for the cashier, and show again
    assert display.greeting.isVisible() and account.display_name in display.greeting.text()
    window._idle_timeout()  # the idle lock
    assert nobody_shown()
    sign_in(qtbot, window)
    window.sign_out()
    assert nobody_shown()
    sign_in(qtbot, window)
    assert nobody_shown()  # signing out cleared the sale and member: nothing comes back
    window.shutdown()


def test_a_staff_member_disabled_while_signed_in_is_signed_out_at_their_next_sale(
        qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    staff = window.app.staff
    beam = next(s for s in staff.list_staff() if s.name == "Beam")
    owner = next(s for s in staff.list_staff() if s.role.value == "owner")
    staff.set_active(beam.id, False, by=owner.id)  # the owner disables Beam on the CLI or another device
    window.sale.add_sku("LATTE", 1, {"size": "large"})
    window.open_checkout()
    qtbot.waitUntil(lambda: window.checkout.preview is not None, timeout=10_000)
    window.checkout.set_payment_method("card")
    window.checkout.set_print_receipt(False)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.checkout.confirm_payment()
    assert window.is_locked() and window.context.staff is None
    assert "Beam's staff account has been disabled" in window.signin.pin_pad._message.text()
    assert window.runner.wait_idle(10_000)
    assert [b.property("staff_name") for b in window.signin._group.buttons()
            if b.property("staff_name") == "Beam"] == []  # the sign-in list is read again
    assert not window.checkout.is_showing_result()  # no sale was recorded in Beam's name
    assert [(r.action, r.staff_id) for r in staff.audit_trail()][-1:] == [("staff.sign_out", beam.id)]
    assert not window.sale.basket.is_empty()  # the sale waits for whoever signs in next
    sign_in(qtbot, window, "Nok", "2222")
    assert window.context.staff.name == "Nok"


def test_locking_and_signing_out_are_audited(qtbot: QtBot, signed_in: CounterWindow) -> None:
    window = signed_in
    beam = window.context.staff.staff_id
    window.lock()
    sign_in(qtbot, window)
    window._idle_timeout()
    sign_in(qtbot, window)
    window.sign_out()
    assert window.runner.wait_idle(10_000)
    ends = [(r.action, r.staff_id, r.details_json) for r in window.app.staff.audit_trail()
            if r.action in ("counter.locked", "staff.sign_out")]
    assert [(action, who) for action, who, _ in ends] == [("counter.locked", beam), ("counter.locked", beam),
                                                           ("staff.sign_out", beam)]
    assert ['"by_hand"' in (d or "") for _, _, d in ends] == [True, False, True]
    assert '"idle"' in (ends[1][2] or "")
