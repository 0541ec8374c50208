"""Catch a USB keyboard-wedge scanner anywhere in the app and keep its keystrokes out of text fields."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

Clock = Callable[[], float]

_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
}
_COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)

# A scanner types US key codes; with the Thai (Kedmanee) layout active they arrive as Thai characters.
_US_KEYS = "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./" + '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?'
_KEDMANEE = "_ๅ/-ภถุึคตจขชๆไำพะัีรนยบลฃฟหกดเ้่าสวงผปแอิืทมใฝ" + '%+๑๒๓๔ู฿๕๖๗๘๙๐"ฎฑธํ๊ณฯญฐ,ฅฤฆฏโฌ็๋ษศซ.()ฉฮฺ์?ฒฬฦ'
_KEDMANEE_TO_US = str.maketrans(_KEDMANEE, _US_KEYS)
assert len(_KEDMANEE) == len(_US_KEYS) == len(set(_KEDMANEE))


def thai_layout_to_us(text: str) -> str:
    """Undo the Thai keyboard layout on scanned text: 'ศษๅ' (Kedmanee) becomes 'LK1' (US keys).

    Only applied when the text contains Thai letters: a scanner never sends Thai itself.
    """
    if not any("\u0e00" <= char <= "\u0e7f" for char in text):
        return text
    return text.translate(_KEDMANEE_TO_US)


@dataclass(frozen=True)
class _HeldKey:
    """A copy of a key event we held back (the original is destroyed once the filter returns)."""

    type: QEvent.Type
    key: int
    modifiers: Qt.KeyboardModifier
    native_scan_code: int
    native_virtual_key: int
    native_modifiers: int
    text: str
    auto_repeat: bool
    target: QWidget

    @classmethod
    def of(cls, event: QKeyEvent, target: QWidget) -> _HeldKey:
        return cls(
            event.type(),
            event.key(),
            event.modifiers(),
            event.nativeScanCode(),
            event.nativeVirtualKey(),
            event.nativeModifiers(),
            event.text(),
            event.isAutoRepeat(),
            target,
        )

    def rebuild(self) -> QKeyEvent:
        return QKeyEvent(
            self.type,
            self.key,
            self.modifiers,
            self.native_scan_code,
            self.native_virtual_key,
            self.native_modifiers,
            self.text,
            self.auto_repeat,
        )


class WedgeScanner(QObject):
    """An application-wide event filter that tells a keyboard-wedge scanner from a person typing.

    A scanner types a whole code in a burst (a few ms per key) and ends it with Enter; people leave
    100 ms or more between keys. Printable keys are held back for at most `max_gap_ms`: if another key
    follows that fast, they are still held; a burst of at least `min_length` characters ended by a
    terminator is a scan, emitted as `code_scanned` and never delivered to the focused widget (nor is its
    Enter, so no dialog's default button fires). Anything else is replayed, in order, to the widget it
    was meant for, so typing by hand behaves exactly as without the filter (a few ms later).

    `clock` returns seconds (monotonic); inject a fake for deterministic tests.
    """

    code_scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_gap_ms: int = 30,
        min_length: int = 6,
        terminators: Iterable[Qt.Key] = (Qt.Key.Key_Return, Qt.Key.Key_Enter),
        require_terminator: bool = True,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(parent)
        if max_gap_ms <= 0 or min_length < 1:
            raise ValueError("max_gap_ms must be positive and min_length at least 1")
        self._max_gap = max_gap_ms / 1000
        self._min_length = min_length
        self._terminators = {int(key) for key in terminators}
        self._require_terminator = require_terminator
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._held_presses: dict[int, int] = {}  # key -> presses held without their release yet
        self._last_key_at = 0.0
        self._swallow_releases: set[int] = set()
        self._replaying = False
        self._enabled = True
        self._installed_on: QCoreApplication | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_quiet)

    # ------------------------------------------------------------------ API
    def install(self, app: QCoreApplication | None = None) -> None:
        """Start watching every key press in the application."""
        app = app or QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing the WedgeScanner")
        if self._installed_on is None:
            app.installEventFilter(self)
            self._installed_on = app

    def uninstall(self) -> None:
        self.flush_pending()
        if self._installed_on is not None:
            self._installed_on.removeEventFilter(self)
            self._installed_on = None

    def set_enabled(self, enabled: bool) -> None:
        """While disabled every key passes straight through (e.g. on a manager's text editor)."""
        if not enabled:
            self.flush_pending()
        self._enabled = enabled

    def is_enabled(self) -> bool:
        return self._enabled

    def has_pending(self) -> bool:
        return bool(self._held)

    def flush_pending(self) -> None:
        """Deliver held keys now, as typed by a person."""
        self._timer.stop()
        held, self._held = self._held, []
        self._held_presses.clear()
        if not held:
            return
        self._replaying = True
        try:
            for key in held:
                target: QWidget | None = key.target if shiboken6.isValid(key.target) else None
                target = target or QApplication.focusWidget()
                if target is not None:
                    QCoreApplication.sendEvent(target, key.rebuild())
        finally:
            self._replaying = False

    # ------------------------------------------------------------------ filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here (hundreds per screen change): the isinstance test is
        # a C-level check, while event.type() builds a Python enum; only key events pay for more.
        if not isinstance(event, QKeyEvent) or self._replaying or not self._enabled:
            return False
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(watched, QWidget) or not self._is_first_receiver(watched):
            return False
        if kind == QEvent.Type.KeyPress:
            return self._on_press(event, watched)
        return self._on_release(event, watched)

    def _is_first_receiver(self, widget: QWidget) -> bool:
        # Qt re-sends an ignored key event to each parent; only the first delivery is ours to judge.
        receiver = QWidget.keyboardGrabber() or QApplication.focusWidget()
        if receiver is None:
            return widget.isWindow()
        return widget is receiver

    def _on_press(self, event: QKeyEvent, target: QWidget) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False  # Shift between the letters of a scan must not break the burst
        now = self._clock()
        if key in self._terminators:
            if self._is_scan(now):
                code = thai_layout_to_us("".join(held.text for held in self._held if held.type == QEvent.Type.KeyPress))
                self._discard()
                self._swallow_releases.add(key)
                self.code_scanned.emit(code)
                return True
            self.flush_pending()
            return False
        text = event.text()
        printable = (
            len(text) == 1
            and text.isprintable()
            and not (event.modifiers() & _COMMAND_MODIFIERS)
            and not event.isAutoRepeat()
        )
        if not printable:
            self.flush_pending()
            return False
        if self._held and now - self._last_key_at > self._max_gap:
            self._end_burst()
        self._held.append(_HeldKey.of(event, target))
        self._held_presses[key] = self._held_presses.get(key, 0) + 1
        self._last_key_at = now
        self._timer.start(max(1, round(self._max_gap * 1000)))
        return True

    def _on_release(self, event: QKeyEvent, target: QWidget) -> bool:
        key = event.key()
        if key in self._swallow_releases:
            self._swallow_releases.discard(key)
            return True
        if self._held_presses.get(key, 0) > 0:
            self._held_presses[key] -= 1
            self._held.append(_HeldKey.of(event, target))
            return True
        return False

    def _is_scan(self, now: float) -> bool:
        presses = sum(1 for held in self._held if held.type == QEvent.Type.KeyPress)
        return presses >= self._min_length and now - self._last_key_at <= self._max_gap

    def _end_burst(self) -> None:
        """The keys went quiet: a terminator-less scan if allowed and long enough, else a person typing."""
        if not self._require_terminator and self._is_scan(self._last_key_at):
            code = thai_layout_to_us("".join(held.text for held in self._held if held.type == QEvent.Type.KeyPress))
            self._discard()
            self.code_scanned.emit(code)
        else:
            self.flush_pending()

    def _discard(self) -> None:
        self._timer.stop()
        self._held = []
        self._held_presses.clear()

    def _on_quiet(self) -> None:
        if not self._held:
            return
        remaining = self._max_gap - (self._clock() - self._last_key_at)
        if remaining > 0:
            self._timer.start(max(1, round(remaining * 1000)))  # the clock says not yet (timers fire early)
            return
        self._end_burst()
