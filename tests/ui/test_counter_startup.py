"""Counter start-up: the sign-in screen comes first, the rest of the counter is built after, a page per turn."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.services.app import Services
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from tests.support.staff import add_staff


@pytest.fixture(scope="module")
def template_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("startup") / "shop"
    app = build_app(load_settings(data_dir=data_dir))
    try:
        add_staff(app.staff, ("Beam", "cashier", "1111"))
    finally:
        app.close()
    return data_dir


@pytest.fixture
def shop(template_shop: Path) -> Iterator[Services]:
    app = build_app(load_settings(data_dir=template_shop))
    yield app
    app.close()


def deferred_window(qtbot: QtBot, shop: Services) -> CounterWindow:
    window = CounterWindow(shop, video_inputs=lambda: [], install_scanner=False, defer_workspace=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.signin.staff_loaded, timeout=10_000)
    return window


def sign_in(qtbot: QtBot, window: CounterWindow, name: str = "Beam", pin: str = "1111") -> None:
    qtbot.mouseClick(window.signin.staff_button(name), Qt.MouseButton.LeftButton)
    for digit in pin:
        qtbot.mouseClick(window.signin.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.signin._ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)


def test_the_sign_in_screen_is_usable_before_the_rest_is_built(qtbot: QtBot, shop: Services) -> None:
    window = deferred_window(qtbot, shop)
    assert not window.is_built() and window.is_locked()
    assert window.signin.staff_button("Beam") is not None
    turns: list[float] = []
    original = window._build_step

    def timed_step(schedule_next: bool = True) -> None:
        started = time.perf_counter()
        original(schedule_next)
        turns.append(time.perf_counter() - started)

    window._build_step = timed_step  # type: ignore[method-assign]
    with qtbot.waitSignal(window.workspace_built, timeout=10_000, raising=True):
        window.build_in_background()
    assert window.is_built() and len(turns) >= 5  # one page per event-loop turn, not one long block
    sign_in(qtbot, window)
    assert window.member_column.isVisible() and window.sale.isVisible()
    window.shutdown()


def test_signing_in_before_the_build_finishes_builds_the_rest_at_once(qtbot: QtBot, shop: Services) -> None:
    window = deferred_window(qtbot, shop)
    sign_in(qtbot, window)
    assert window.is_built()
    window.member_column.load_member("nobody-here")  # the member column works straight away
    window.shutdown()


def test_language_and_closing_before_the_build(qtbot: QtBot, shop: Services) -> None:
    window = deferred_window(qtbot, shop)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    before = current_language()
    set_language(qapp, ENGLISH if before == THAI else THAI)  # F12 on the sign-in screen
    set_language(qapp, before)
    assert not window.is_built()
    window.close()  # shutting down with the counter half built stops cleanly
    assert not window.runner.is_busy()


def test_built_at_once_by_default(qtbot: QtBot, shop: Services) -> None:
    window: Any = CounterWindow(shop, video_inputs=lambda: [], install_scanner=False)
    qtbot.addWidget(window)
    assert window.is_built() and window.pages.count() >= 5
    window.shutdown()
