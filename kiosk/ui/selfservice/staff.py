"""The way out for staff: a hidden tap gesture in the top-left corner, then a manager PIN."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.events import Message, Said
from kiosk.services.ports.printing import PrintJob
from kiosk.services.printing import held_reason
from kiosk.ui.formatting import spoken
from kiosk.ui.selfservice.common import Screen, button, card, label
from kiosk.ui.theme import CAPTION, DANGER, HEADING, PRIMARY, scaled
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
    """Manager PIN, then the staff panel: printer status, the held receipt (reprint or dismiss), reprint the
    last receipt, the language customers start in, and leave the kiosk or go back to it."""

    pin_entered = Signal(str)
    cancelled = Signal()
    leave_requested = Signal()
    reprint_last_requested = Signal()
    reprint_held_requested = Signal(str)  # print job id
    dismiss_held_requested = Signal(str)  # print job id
    refresh_requested = Signal()
    language_default_toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._manager = ""
        self._held_id = ""
        self._held_reference = ""
        self._held_why: Message | None = None
        self._printer_summary: Said | str = ""
        self._waiting = 0
        self._default_language = ""
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
        pin_row = self.flow(QHBoxLayout(pin_page))
        pin_row.setSpacing(scaled(40))
        pin_row.addWidget(self.pin_pad, 3)
        pin_row.addLayout(pin_side, 2)
        # After the PIN: what staff need at a kiosk without a keyboard - the printer, the held receipt and why
        # it is held, the language customers start in - and the way out.
        menu_page = QWidget()
        self._signed_in = label("", "dialogQuestion", wrap=True)
        printer_card, printer_box = card(spacing=12, margins=28)
        self._printer_title = label("", HEADING)
        self.printer_status = label("", CAPTION, wrap=True)
        self.held_line = label("", "", wrap=True)
        self.reprint_last_button = button("", "bigSecondary")
        self.reprint_last_button.clicked.connect(self.reprint_last_requested)
        self.reprint_held_button = button("", "bigPrimary")
        self.reprint_held_button.clicked.connect(lambda: self.reprint_held_requested.emit(self._held_id))
        self.dismiss_held_button = button("", "bigDanger")
        self.dismiss_held_button.clicked.connect(lambda: self.dismiss_held_requested.emit(self._held_id))
        self.refresh_button = button("", "bigSecondary")
        self.refresh_button.clicked.connect(self.refresh_requested)
        held_row = QHBoxLayout()
        held_row.setSpacing(scaled(12))
        held_row.addWidget(self.reprint_held_button, 1)
        held_row.addWidget(self.dismiss_held_button, 1)
        printer_actions = QHBoxLayout()
        printer_actions.setSpacing(scaled(12))
        printer_actions.addWidget(self.reprint_last_button, 1)
        printer_actions.addWidget(self.refresh_button, 1)
        printer_box.addWidget(self._printer_title)
        printer_box.addWidget(self.printer_status)
        printer_box.addWidget(self.held_line)
        printer_box.addLayout(held_row)
        printer_box.addStretch(1)
        printer_box.addLayout(printer_actions)
        kiosk_card, kiosk_box = card(spacing=12, margins=28)
        self._kiosk_title = label("", HEADING)
        self.language_line = label("", CAPTION, wrap=True)
        self.language_default_button = button("", "bigSecondary")
        self.language_default_button.clicked.connect(self.language_default_toggled)
        self.leave_button = button("", DANGER)
        self.leave_button.setObjectName("bigDanger")
        self.leave_button.clicked.connect(self.leave_requested)
        self.back_button = button("", "bigPrimary")
        self.back_button.clicked.connect(self.cancelled)
        kiosk_box.addWidget(self._kiosk_title)
        kiosk_box.addWidget(self.language_line)
        kiosk_box.addWidget(self.language_default_button)
        kiosk_box.addStretch(1)
        kiosk_box.addWidget(self.leave_button)
        kiosk_box.addWidget(self.back_button)
        menu_cards = self.flow(QHBoxLayout())
        menu_cards.setSpacing(scaled(28))
        menu_cards.addWidget(printer_card, 3)
        menu_cards.addWidget(kiosk_card, 2)
        menu_layout = QVBoxLayout(menu_page)
        menu_layout.setContentsMargins(0, 0, 0, 0)
        menu_layout.setSpacing(scaled(20))
        menu_layout.addWidget(self._signed_in)
        menu_layout.addLayout(menu_cards, 1)
        self.pages.addWidget(pin_page)
        self.pages.addWidget(menu_page)
        self.frame(self.pages)
        self.retranslate_ui()
        self.reset()

    def show_printer(self, summary: Said | str, waiting: int, held: PrintJob | None) -> None:
        """The printer's state (said in the kiosk's language when shown), how many receipts wait, and the newest
        held job (None: nothing held)."""
        self._printer_summary = summary
        self._waiting = waiting
        self._held_id = held.id if held is not None else ""
        self._held_reference = held.reference() if held is not None else ""
        self._held_why = held_reason(held) if held is not None else None
        self.retranslate_ui()

    def show_default_language(self, language: str) -> None:
        self._default_language = language
        self.retranslate_ui()

    def held_job_id(self) -> str:
        return self._held_id

    def is_menu_open(self) -> bool:
        return self.pages.currentIndex() == 1

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
        self._printer_title.setText(self.tr("Receipt printer"))
        status = spoken(self._printer_summary) or self.tr("Checking the printer…")
        self.printer_status.setText(self.tr("Printer: %1 · %2 waiting").replace("%1", status)
                                    .replace("%2", str(self._waiting)))
        if self._held_id:
            self.held_line.setText(self.tr("%1 is held: %2. Check whether it came out, then reprint it or dismiss "
                                           "it.").replace("%1", self._held_reference)
                                   .replace("%2", spoken(self._held_why) if self._held_why is not None else ""))
        else:
            self.held_line.setText(self.tr("No receipt is held."))
        for held_button in (self.reprint_held_button, self.dismiss_held_button):
            held_button.setVisible(bool(self._held_id))
        self.reprint_held_button.setText(self.tr("Reprint it"))
        self.dismiss_held_button.setText(self.tr("Dismiss it"))
        self.reprint_last_button.setText(self.tr("Reprint last receipt"))
        self.refresh_button.setText(self.tr("Check again"))
        self._kiosk_title.setText(self.tr("This kiosk"))
        names = {"th": "ภาษาไทย", "en": "English"}
        self.language_line.setText(self.tr("Customers start in %1; it comes back after each customer.")
                                   .replace("%1", names.get(self._default_language, self._default_language)))
        other = "en" if self._default_language == "th" else "th"
        self.language_default_button.setText(self.tr("Start in %1").replace("%1", names[other]))
