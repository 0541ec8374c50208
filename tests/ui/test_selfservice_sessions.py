"""The kiosk forgets a customer who has left: an answer the database gives after Back, Done or the idle time-out
never opens their account (or spends their points) over the next person's screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.services.app import Services
from kiosk.ui.selfservice.window import SelfServiceWindow
from tests.support.qt_loop import BusyDatabase
from tests.ui.test_selfservice import (  # noqa: F401 - fixtures shared with the main kiosk tests
    PHONE,
    app,
    clock,
    give_points,
    kiosk_theme,
    make_window,
    member_code,
    scan_camera,
    window,
)


def enter_phone_and_year(qtbot: QtBot, window: SelfServiceWindow) -> None:
    qtbot.mouseClick(window.attract.phone_button, Qt.MouseButton.LeftButton)
    for digit in PHONE:
        qtbot.mouseClick(window.phone.keypad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.phone.next_button, Qt.MouseButton.LeftButton)
    for digit in "1990":
        qtbot.mouseClick(window.phone.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)


def assert_nobody_shown(window: SelfServiceWindow, shown: list[str]) -> None:
    assert window.page() == "attract"
    assert window.account() is None and window.account_screen.account() is None
    assert shown == []
    assert not any("Mali" in t or "5678" in t for t in window.account_screen.visible_texts())


def test_an_answer_after_back_does_not_open_the_account(qtbot: QtBot, window: SelfServiceWindow,
                                                        member_code: str) -> None:
    shown: list[str] = []
    window.member_shown.connect(shown.append)
    busy = BusyDatabase(window)
    enter_phone_and_year(qtbot, window)  # the check waits behind the busy database
    qtbot.mouseClick(window.phone.back_button, Qt.MouseButton.LeftButton)  # the customer gives up and leaves
    assert window.page() == "attract"
    busy.release()
    assert window.runner.wait_idle(10_000)
    assert_nobody_shown(window, shown)
    # the next customer signs in as usual
    with qtbot.waitSignal(window.member_shown, timeout=10_000):
        enter_phone_and_year(qtbot, window)
    assert window.page() == "account"


def test_an_answer_after_the_idle_time_out_does_not_open_the_account(qtbot: QtBot, app: Services,
                                                                      member_code: str) -> None:
    window = make_window(qtbot, app, idle_ms=300)
    try:
        shown: list[str] = []
        window.member_shown.connect(shown.append)
        busy = BusyDatabase(window)
        window.code_scanned(member_code)  # a scanned card, looked up behind the busy database
        with qtbot.waitSignal(window.idle_reset, timeout=10_000):
            pass
        busy.release()
        assert window.runner.wait_idle(10_000)
        assert_nobody_shown(window, shown)
    finally:
        window.unlock_and_close()


def test_a_voucher_asked_for_by_a_customer_who_left_is_not_issued(qtbot: QtBot, window: SelfServiceWindow,
                                                                  app: Services, member_code: str) -> None:
    give_points(app, member_code, 500)
    scan_camera(qtbot, window, member_code)
    points = window.account().points  # type: ignore[union-attr]
    reward = window.account().rewards[0]  # type: ignore[union-attr]
    window._ask_redeem(reward.id)
    busy = BusyDatabase(window)
    qtbot.mouseClick(window.voucher.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.pending_count == 2, timeout=10_000)  # the voucher, behind the busy work
    window.idle_timer.setInterval(200)  # the customer walks away before the database answers
    with qtbot.waitSignal(window.idle_reset, timeout=10_000):
        window.idle_timer.start()
    busy.release()
    assert window.runner.wait_idle(10_000)
    assert window.page() == "attract" and window.account() is None
    assert app.accounts.account(member_code, language="en").points == points  # nothing spent for nobody

