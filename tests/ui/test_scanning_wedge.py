"""WedgeScanner: scanner bursts become `code_scanned` and never reach the focused field; people type normally."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.scanning.wedge import WedgeScanner, thai_layout_to_us
from kiosk.ui.widgets import PinPad


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance_ms(self, ms: float) -> None:
        self.now += ms / 1000


class Counter:
    def __init__(self) -> None:
        self.window = QWidget()
        layout = QVBoxLayout(self.window)
        self.search = QLineEdit()
        self.note = QLineEdit()
        self.ok = QPushButton("OK")
        for widget in (self.search, self.note, self.ok):
            layout.addWidget(widget)
        self.returns = 0
        self.search.returnPressed.connect(self._returned)

    def _returned(self) -> None:
        self.returns += 1


@pytest.fixture
def counter(qtbot: QtBot) -> Counter:
    screen = Counter()
    qtbot.addWidget(screen.window)
    screen.window.show()
    screen.window.activateWindow()
    qtbot.waitActive(screen.window)
    screen.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search)
    return screen


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wedge(qapp: QApplication, clock: FakeClock) -> Iterator[WedgeScanner]:
    scanner = WedgeScanner(max_gap_ms=30, min_length=6, clock=clock)
    scanner.install(qapp)
    yield scanner
    scanner.uninstall()
    scanner.deleteLater()


def type_keys(qtbot: QtBot, widget: QWidget, text: str, clock: FakeClock, *, gap_ms: float) -> None:
    for char in text:
        clock.advance_ms(gap_ms)
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:  # QTest only knows ASCII keys; a Thai layout delivers the Thai character as key and text
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, ord(char), Qt.KeyboardModifier.NoModifier, char))


def press_enter(qtbot: QtBot, widget: QWidget, clock: FakeClock, *, gap_ms: float) -> None:
    clock.advance_ms(gap_ms)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


# -------------------------------------------------------------------- deterministic (injected clock)
def test_scan_into_search_box_fires_signal_and_leaves_box_untouched(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    counter.search.setText("lat")
    with qtbot.waitSignal(wedge.code_scanned, raising=True) as blocker:
        type_keys(qtbot, counter.search, "LK1TESTCODE", clock, gap_ms=4)
        press_enter(qtbot, counter.search, clock, gap_ms=4)
    assert blocker.args == ["LK1TESTCODE"]
    qtbot.wait(60)  # nothing held back comes out later either
    assert counter.search.text() == "lat"
    assert counter.returns == 0  # the scanner's Enter never reached the field
    assert not wedge.has_pending()


def test_person_typing_reaches_the_box_and_no_signal(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    with qtbot.assertNotEmitted(wedge.code_scanned, wait=50):
        type_keys(qtbot, counter.search, "latte milk", clock, gap_ms=140)
        clock.advance_ms(140)
        qtbot.waitUntil(lambda: counter.search.text() == "latte milk", timeout=1000)
        press_enter(qtbot, counter.search, clock, gap_ms=140)
    assert counter.returns == 1


def test_short_fast_burst_is_replayed_in_order(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    counter.search.setText("x")
    with qtbot.assertNotEmitted(wedge.code_scanned):
        type_keys(qtbot, counter.search, "abc", clock, gap_ms=5)  # fast but shorter than min_length
        press_enter(qtbot, counter.search, clock, gap_ms=5)
    assert counter.search.text() == "xabc"
    assert counter.returns == 1  # Enter arrived after the replayed letters


def test_editing_key_flushes_held_letters_first(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    type_keys(qtbot, counter.search, "ab", clock, gap_ms=5)
    clock.advance_ms(5)
    qtbot.keyClick(counter.search, Qt.Key.Key_Backspace)
    assert counter.search.text() == "a"


def test_shift_between_letters_does_not_break_a_scan(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    with qtbot.waitSignal(wedge.code_scanned, raising=True) as blocker:
        for char in "Ab12Cd":
            clock.advance_ms(3)
            if char.isupper():
                qtbot.keyPress(counter.search, Qt.Key.Key_Shift)
            qtbot.keyClick(counter.search, char)
            if char.isupper():
                qtbot.keyRelease(counter.search, Qt.Key.Key_Shift)
        press_enter(qtbot, counter.search, clock, gap_ms=3)
    assert blocker.args == ["Ab12Cd"]
    assert counter.search.text() == ""


def test_scan_with_focus_on_a_button_does_not_press_it(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    clicks: list[bool] = []
    counter.ok.clicked.connect(clicks.append)
    counter.ok.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.ok)
    with qtbot.waitSignal(wedge.code_scanned, raising=True):
        type_keys(qtbot, counter.ok, "9876543210", clock, gap_ms=2)
        press_enter(qtbot, counter.ok, clock, gap_ms=2)
    assert clicks == []


def test_scan_while_pin_pad_has_focus_enters_no_digits(
    qtbot: QtBot, wedge: WedgeScanner, clock: FakeClock
) -> None:
    pad = PinPad(pin_length=4)
    qtbot.addWidget(pad)
    pad.show()
    pad.activateWindow()
    qtbot.waitActive(pad)
    pad.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pad)
    with qtbot.assertNotEmitted(pad.pin_entered), qtbot.waitSignal(wedge.code_scanned, raising=True):
        type_keys(qtbot, pad, "12345678", clock, gap_ms=3)
        press_enter(qtbot, pad, clock, gap_ms=3)
    assert pad.entered_length() == 0


def test_scanner_on_thai_keyboard_layout_is_read_as_us_keys(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    assert thai_layout_to_us("ศษๅธฎฆธฉฯฏฎ") == "LK1TESTCODE"
    with qtbot.waitSignal(wedge.code_scanned, raising=True) as blocker:
        type_keys(qtbot, counter.search, "ศษๅธฎฆธฉฯฏฎ", clock, gap_ms=4)
        press_enter(qtbot, counter.search, clock, gap_ms=4)
    assert blocker.args == ["LK1TESTCODE"]
    assert counter.search.text() == ""


def test_thai_text_typed_by_a_person_is_not_remapped() -> None:
    assert thai_layout_to_us("LK1-2") == "LK1-2"


def test_terminator_less_scanner(qtbot: QtBot, counter: Counter, qapp: QApplication, clock: FakeClock) -> None:
    scanner = WedgeScanner(max_gap_ms=30, min_length=6, require_terminator=False, clock=clock)
    scanner.install(qapp)
    try:
        with qtbot.waitSignal(scanner.code_scanned, raising=True) as blocker:
            type_keys(qtbot, counter.search, "ABC123", clock, gap_ms=3)
            clock.advance_ms(100)
        assert blocker.args == ["ABC123"]
        assert counter.search.text() == ""
    finally:
        scanner.uninstall()


def test_disabled_scanner_passes_everything(
    qtbot: QtBot, counter: Counter, wedge: WedgeScanner, clock: FakeClock
) -> None:
    wedge.set_enabled(False)
    with qtbot.assertNotEmitted(wedge.code_scanned):
        type_keys(qtbot, counter.search, "LK1TESTCODE", clock, gap_ms=2)
        press_enter(qtbot, counter.search, clock, gap_ms=2)
    assert counter.search.text() == "LK1TESTCODE"


# ---------------------------------------------------------------------- real time (qtbot delays)
@pytest.fixture
def realtime_wedge(qapp: QApplication) -> Iterator[WedgeScanner]:
    # A wider gap than production keeps a busy CI machine from splitting a simulated burst.
    scanner = WedgeScanner(max_gap_ms=60, min_length=6)
    scanner.install(qapp)
    yield scanner
    scanner.uninstall()
    scanner.deleteLater()


def test_realtime_scanner_burst(qtbot: QtBot, counter: Counter, realtime_wedge: WedgeScanner) -> None:
    with qtbot.waitSignal(realtime_wedge.code_scanned, raising=True) as blocker:
        qtbot.keyClicks(counter.search, "LK1TESTCODE", delay=1)
        qtbot.keyClick(counter.search, Qt.Key.Key_Return, delay=1)
    assert blocker.args == ["LK1TESTCODE"]
    qtbot.wait(100)
    assert counter.search.text() == ""
    assert counter.returns == 0


def test_realtime_person_typing(qtbot: QtBot, counter: Counter, realtime_wedge: WedgeScanner) -> None:
    with qtbot.assertNotEmitted(realtime_wedge.code_scanned, wait=100):
        qtbot.keyClicks(counter.search, "mocha", delay=120)
        qtbot.waitUntil(lambda: counter.search.text() == "mocha", timeout=1000)
        qtbot.keyClick(counter.search, Qt.Key.Key_Return, delay=120)
    assert counter.returns == 1
