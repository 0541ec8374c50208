"""The way out for staff: a hidden tap gesture in the top-left corner, then a manager PIN."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.selfservice.common import Screen, button, card, label
from kiosk.ui.theme import CAPTION, DANGER, PRIMARY, scaled
from kiosk.ui.widgets import PinPad

GESTURE_WINDOW_S = 3.0


class HotCorner(QWidget):
    """An invisible square in the top-left corner: `taps` taps within 3 seconds emit `gesture_completed`."""

    gesture_completed = Signal()

    def __init__(self, parent: QWidget, *, taps: int = 5, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._taps_needed = max(1, taps)
        self._clock = clock
        self._taps: list[float] = []
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)
        self.setFixedSize(scaled(110), scaled(110))
        self.move(0, 0)

    def taps_needed(self) -> int:
        return self._taps_needed

    def mousePressEvent(self, event: QMouseEvent) -> None:
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= GESTURE_WINDOW_S] + [now]
        if len(self._taps) >= self._taps_needed:
            self._taps = []
            self.gesture_completed.emit()
        # Pass the tap on as well: the corner must not make whatever sits under it untappable.
        event.ignore()


class StaffScreen(Screen):
    """Manager PIN, then a short menu: leave the kiosk, or go back to it."""

    pin_entered = Signal(str)
    cancelled = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._manager = ""
        self._title = label()
        self._caption = label()
        self.pages = QStackedWidget()
        pin_page = QWidget()
        self.pin_pad = PinPad(pin_length=8, min_length=4)
        self.pin_pad.setMaximumWidth(scaled(520))
        self.pin_pad.pin_entered.connect(self.pin_entered)
        self.ok_button = button("", PRIMARY)
        self.ok_button.setObjectName("bigPrimary")
        self.ok_button.clicked.connect(self._submit)
        self.pin_pad.pin_changed.connect(lambda n: self.ok_button.setEnabled(n >= 4))
        self.cancel_button = button("", "bigSecondary")
        self.cancel_button.clicked.connect(self.cancelled)
        pin_side = QVBoxLayout()
        pin_side.setSpacing(scaled(16))
        self._pin_help = label("", CAPTION, wrap=True)
        pin_side.addWidget(self._pin_help)
        pin_side.addStretch(1)
        pin_side.addWidget(self.ok_button)
        pin_side.addWidget(self.cancel_button)
        pin_row = QHBoxLayout(pin_page)
        pin_row.setSpacing(scaled(40))
        pin_row.addWidget(self.pin_pad, 3)
        pin_row.addLayout(pin_side, 2)
        menu_page = QWidget()
        menu_card, menu_box = card(spacing=18, margins=32)
        self._signed_in = label("", "dialogQuestion", wrap=True)
        self.leave_button = button("", DANGER)
        self.leave_button.setObjectName("bigDanger")
        self.leave_button.clicked.connect(self.leave_requested)
        self.back_button = button("", "bigSecondary")
        self.back_button.clicked.connect(self.cancelled)
        menu_box.addWidget(self._signed_in)
        menu_box.addStretch(1)
        menu_box.addWidget(self.leave_button)
        menu_box.addWidget(self.back_button)
        menu_row = QHBoxLayout(menu_page)
        menu_row.addStretch(1)
        menu_row.addWidget(menu_card, 2)
        menu_row.addStretch(1)
        self.pages.addWidget(pin_page)
        self.pages.addWidget(menu_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(56), scaled(40), scaled(56), scaled(40))
        layout.setSpacing(scaled(24))
        layout.addLayout(self.header(self._title, self._caption))
        layout.addWidget(self.pages, 1)
        self.retranslate_ui()
        self.reset()

    def show_menu(self, manager_name: str) -> None:
        self._manager = manager_name
        self.pages.setCurrentIndex(1)
        self.retranslate_ui()

    def show_error(self, message: str) -> None:
        self.pin_pad.show_error(message)
        self.ok_button.setEnabled(False)

    def reset(self) -> None:
        self._manager = ""
        self.pin_pad.clear()
        self.ok_button.setEnabled(False)
        self.pages.setCurrentIndex(0)
        self.retranslate_ui()

    def _submit(self) -> None:
        # PinPad submits a short PIN on Enter: the OK button gives touch users the same.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(self.pin_pad, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier,
                                                           "\r"))

    def retranslate_ui(self) -> None:
        self._title.setText(self.tr("Staff only"))
        self._caption.setText(self.tr("A manager's PIN unlocks this kiosk"))
        self.pin_pad.set_prompt(self.tr("Manager PIN"))
        self._pin_help.setText(self.tr("Customers: please tap Cancel. This screen is for the shop's staff."))
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._signed_in.setText(self.tr("Unlocked by %1").replace("%1", self._manager))
        self.leave_button.setText(self.tr("Leave the kiosk"))
        self.back_button.setText(self.tr("Back to the kiosk"))
