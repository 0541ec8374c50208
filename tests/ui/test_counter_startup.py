"""Counter start-up: the sign-in screen comes first (before the shop is wired, on a SQLite till), the rest of the
counter is built after, a page per turn."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.bootstrap.signin import counter_preview
from kiosk.config import Settings, load_settings
from kiosk.domain.errors import PermissionDenied
from kiosk.domain.staff import LOCKOUT_AFTER
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.formatting import render_text
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


# ---------------------------------------------------------------------------------------------------------------
# `kiosk counter` on a SQLite till: the sign-in screen from the staff list read early, the shop opened after it


NOW = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)


@pytest.fixture
def own_shop(template_shop: Path, tmp_path: Path) -> Path:
    """A copy of the template shop this test may change (failed attempts, a lock on its file)."""
    data_dir = tmp_path / "shop"
    shutil.copytree(template_shop, data_dir)
    return data_dir


def preview_window(qtbot: QtBot, data_dir: Path) -> tuple[CounterWindow, Settings]:
    """The counter as `kiosk counter` shows it first: the sign-in screen from the preview, no services yet."""
    early = counter_preview(data_dir=data_dir)
    assert early is not None
    settings, preview = early
    window = CounterWindow(None, preview=preview, video_inputs=lambda: [], install_scanner=False,
                           defer_workspace=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.signin.staff_loaded() and not window.has_services()
    return window, settings


def enter_pin(qtbot: QtBot, window: CounterWindow, name: str, pin: str) -> None:
    qtbot.mouseClick(window.signin.staff_button(name), Qt.MouseButton.LeftButton)
    for digit in pin:
        qtbot.mouseClick(window.signin.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.signin._ok, Qt.MouseButton.LeftButton)


def open_shop(qtbot: QtBot, window: CounterWindow, settings: Settings) -> Services:
    opened: list[Services] = []

    def wire() -> Services:
        opened.append(build_app(settings, clock=FixedClock(NOW)))
        return opened[0]

    with qtbot.waitSignal(window.services_ready, timeout=20_000, raising=True):
        window.open_in_background(wire)
    return opened[0]


def test_a_pin_entered_before_the_shop_opens_waits_for_it_then_signs_in(qtbot: QtBot, own_shop: Path) -> None:
    window, settings = preview_window(qtbot, own_shop)
    enter_pin(qtbot, window, "Beam", "1111")
    assert window.signin.is_waiting() and window.is_locked()  # nothing to check the PIN with yet
    assert window.signin.pin_pad._prompt.text() == window.signin.tr("One moment: the counter is opening.")
    app = open_shop(qtbot, window, settings)
    try:
        qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)
        assert window.context.staff is not None and window.context.staff.name == "Beam"
        assert window.is_built() and not window.signin.is_waiting()
        assert "staff.sign_in" in [r.action for r in app.staff.audit_trail()]  # signed in as any sign-in is
    finally:
        window.shutdown()
        app.close()


def test_choosing_another_name_drops_the_pin_waiting_for_the_shop(qtbot: QtBot, own_shop: Path) -> None:
    window, settings = preview_window(qtbot, own_shop)
    enter_pin(qtbot, window, "Beam", "1111")
    assert window.signin.is_waiting()
    qtbot.mouseClick(window.signin.staff_button("Ploy"), Qt.MouseButton.LeftButton)
    assert not window.signin.is_waiting()
    app = open_shop(qtbot, window, settings)
    try:
        assert window.runner.wait_idle(10_000)
        assert window.is_locked() and window.context.staff is None  # nobody signed in behind Ploy's back
        enter_pin(qtbot, window, "Ploy", "9999")  # and the next PIN signs in at once
        qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)
        assert window.context.staff is not None and window.context.staff.name == "Ploy"
    finally:
        window.shutdown()
        app.close()


def test_a_wrong_pin_entered_before_the_shop_opens_counts_towards_the_lockout(qtbot: QtBot, own_shop: Path) -> None:
    window, settings = preview_window(qtbot, own_shop)
    enter_pin(qtbot, window, "Beam", "4321")
    app = open_shop(qtbot, window, settings)
    try:
        qtbot.waitUntil(lambda: not window.signin._busy, timeout=10_000)
        assert window.is_locked()
        beam = next(s for s in app.staff.list_staff() if s.name == "Beam")
        assert beam.failed_attempts == 1
    finally:
        window.shutdown()
        app.close()


def test_a_pin_typed_again_while_the_shop_opens_replaces_the_one_waiting(qtbot: QtBot, own_shop: Path) -> None:
    """A cashier who mistyped retypes at once: the corrected PIN signs in, the mistyped one is never tried."""
    window, settings = preview_window(qtbot, own_shop)
    enter_pin(qtbot, window, "Beam", "4321")
    for digit in "1111":
        qtbot.mouseClick(window.signin.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.signin._ok, Qt.MouseButton.LeftButton)
    app = open_shop(qtbot, window, settings)
    try:
        qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)
        assert window.context.staff is not None and window.context.staff.name == "Beam"
        beam = next(s for s in app.staff.list_staff() if s.name == "Beam")
        assert beam.failed_attempts == 0
    finally:
        window.shutdown()
        app.close()


def test_someone_locked_out_stays_locked_out_with_a_pin_entered_before_the_shop_opens(
        qtbot: QtBot, own_shop: Path) -> None:
    with build_app(load_settings(data_dir=own_shop), clock=FixedClock(NOW)) as before:
        beam = next(s for s in before.staff.list_staff() if s.name == "Beam")
        for _ in range(LOCKOUT_AFTER):
            with pytest.raises(PermissionDenied):
                before.staff.sign_in(beam.id, "4321")
    window, settings = preview_window(qtbot, own_shop)
    assert window.signin.staff_button("Beam") is not None  # still listed: the lock is the service's to apply
    enter_pin(qtbot, window, "Beam", "1111")  # the right PIN, inside the lockout
    app = open_shop(qtbot, window, settings)
    try:
        qtbot.waitUntil(lambda: not window.signin._busy, timeout=10_000)
        assert window.is_locked()
        assert window.signin.pin_pad._message.text() == render_text("staff.locked", {"minutes": 5})
    finally:
        window.shutdown()
        app.close()


def test_a_shop_that_fails_to_open_says_why_on_the_sign_in_screen_in_its_language(
        qtbot: QtBot, own_shop: Path) -> None:
    (own_shop / "config.toml").write_text("[database]\nbusy_timeout_ms = 50\n", encoding="utf-8")
    window, settings = preview_window(qtbot, own_shop)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    before = current_language()
    holder = sqlite3.connect(own_shop / "shop.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the shop's file for writing
    try:
        enter_pin(qtbot, window, "Beam", "1111")
        with qtbot.waitSignal(window.open_failed, timeout=20_000, raising=True):
            window.open_in_background(lambda: build_app(settings))
        assert not window.has_services() and window.is_locked() and not window.signin.is_waiting()
        problem = window.signin._problem
        for language in (THAI, ENGLISH):
            set_language(qapp, language)
            assert problem.isVisible() and problem.text() == render_text("storage.database_locked")
        assert not window.signin.pin_pad.isEnabled() and not window.signin.staff_button("Beam").isEnabled()
        assert not window.signin._pin_card.isVisible()  # no pad that looks as if it took a PIN
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        set_language(qapp, before)
        window.close()


def test_kiosk_counter_on_a_shop_that_cannot_open_ends_with_an_error(own_shop: Path) -> None:
    (own_shop / "config.toml").write_text("[database]\nbusy_timeout_ms = 50\n", encoding="utf-8")
    holder = sqlite3.connect(own_shop / "shop.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(own_shop), "counter",
                               "--exit-after-ready"], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.stdout.startswith("ready_after_s=")  # the sign-in screen showed first
    assert done.returncode == 1 and "storage.database_locked" in done.stderr


def test_kiosk_counter_that_breaks_while_opening_the_shop_says_so_in_one_line(own_shop: Path) -> None:
    """A bug (not a refusal) while the shop opens behind the sign-in screen: the screen says something went
    wrong, and the command ends as on the usual path: one line, exit 70, the traceback in the log file only."""
    script = ("import sys, kiosk.bootstrap.wiring as w\n"
              "def broken(*args, **kwargs):\n"
              "    raise RuntimeError('a bug while wiring')\n"
              "w.build_app = broken\n"
              "from kiosk.cli import main\n"
              "sys.exit(main(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, "-c", script, "--data-dir", str(own_shop), "counter",
                           "--exit-after-ready"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.startswith("ready_after_s=")  # the sign-in screen showed first
    assert done.returncode == 70, done.stderr
    assert "kiosk: something went wrong and nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr and "a bug while wiring" not in done.stderr


def test_the_waiting_prompt_fits_and_the_jobs_follow_the_language(qtbot: QtBot, own_shop: Path) -> None:
    """"One moment: the counter is opening." was cut at both ends in English (a label that did not wrap in a
    card of fixed width), and the job under each name stayed in the language the list was first shown in."""
    from PySide6.QtCore import QRect

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    before = current_language()
    window, _ = preview_window(qtbot, own_shop)
    try:
        window.resize(1024, 768)
        enter_pin(qtbot, window, "Beam", "1111")
        assert window.signin.is_waiting()
        for language, job in ((ENGLISH, "Cashier"), (THAI, "แคชเชียร์")):
            set_language(qapp, language)
            qapp.processEvents()
            prompt = window.signin.pin_pad._prompt
            needed = prompt.fontMetrics().boundingRect(QRect(0, 0, prompt.width(), 10_000),
                                                       Qt.TextFlag.TextWordWrap, prompt.text())
            assert needed.width() <= prompt.width() and needed.height() <= prompt.height(), (language, needed)
            assert window.signin.staff_button("Beam").text().endswith(job)
    finally:
        set_language(qapp, before)
        window.close()


def test_a_shop_that_opens_after_the_counter_closed_is_closed_as_soon_as_it_is_ready(
        qtbot: QtBot, own_shop: Path) -> None:
    """The cashier closed the counter while the shop was still opening, and opening took longer than the close
    waited: the services arrived after the run had closed what it had, and stayed open (engine, workers) until
    the process ended. Now the worker that opened them closes them at once; the window does not wait for them."""
    from kiosk.ui import counter

    early = counter_preview(data_dir=own_shop)
    assert early is not None
    settings, preview = early
    opening, may_finish, closed = threading.Event(), threading.Event(), threading.Event()
    opened: list[Services] = []

    def slow_open() -> Services:  # on the database worker, after the first frame
        opening.set()
        may_finish.wait(timeout=60)
        app = build_app(settings, clock=FixedClock(NOW))
        app.workers.closers.append(closed.set)
        opened.append(app)
        return app

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)

    def close_the_counter_while_the_shop_opens() -> None:
        if not opening.is_set():
            QTimer.singleShot(5, close_the_counter_while_the_shop_opens)
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, CounterWindow) and widget.isVisible():
                widget.close()
        qapp.exit(0)

    QTimer.singleShot(0, close_the_counter_while_the_shop_opens)
    try:
        assert counter.run(slow_open, language="en", preview=preview) == 0
        assert not opened  # the window closed, and the run ended, before the shop had opened
    finally:
        may_finish.set()
    try:
        assert closed.wait(timeout=30), "the shop that opened after the counter closed was left open"
    finally:
        if not closed.is_set():
            for app in opened:
                app.close()
