"""At the self-service kiosk a member's unused vouchers are on their account (what each gives, its last day, its
code) and one about to run out is under "Expiring soon". A voucher issued while the kiosk's printer was down was
lost once the screen reset: no print job, no reprint by its code, and the account said "Nothing expires in the next
few weeks" with ten days left on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.documents import VoucherSlip
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.selfservice.window import SelfServiceWindow
from tests.ui.test_selfservice import (  # noqa: F401 - fixtures shared with the main self-service tests
    app,
    clock,
    give_points,
    kiosk_theme,
    member_code,
    scan_camera,
    window,
)


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    set_language(qapp, ENGLISH)
    yield
    set_language(qapp, THAI)


def test_a_voucher_issued_while_the_printer_is_down_stays_on_the_account_and_prints_later(
        qtbot: QtBot, window: SelfServiceWindow, app: Services, member_code: str, clock: FixedClock,
        english: None, qapp: QApplication) -> None:
    give_points(app, member_code, 300)
    app.printing().printers["receipt"].dummy.state = "paper_out"
    scan_camera(qtbot, window, member_code)
    screen = window.account_screen
    assert not screen.vouchers_text.isVisible()
    window._ask_redeem("off50")
    qtbot.mouseClick(window.voucher.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.voucher.result() is not None, timeout=10_000)
    code = window.voucher.result().voucher_code
    assert not window.voucher.printed() and "stays in your account" in window.voucher._instructions.text()

    window.go_idle()  # the screen resets: the customer comes back another day
    clock.advance(days=20)
    set_language(qapp, ENGLISH)
    scan_camera(qtbot, window, member_code)
    grouped = " ".join(code[i:i + 5] for i in range(0, len(code), 5))  # a narrow column may break it there
    assert screen.vouchers_text.isVisible() and screen.vouchers_text.text() == (
        f"• 50 baht off, until 3 Apr 2026 · code {grouped}")
    assert screen.expiring_text.text() == "Voucher: 50 baht off on 3 Apr 2026"

    # and the counter prints it by its code, once the printer is back
    app.printing().printers["receipt"].dummy.state = "online"
    slip = app.printing().reprint(code).document()
    assert isinstance(slip, VoucherSlip) and slip.voucher_code == code
