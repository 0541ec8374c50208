"""Building blocks shared by the self-service screens: the screen base, cards, a digit keypad, bilingual text."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.i18n import THAI, current_language
from kiosk.ui.theme import BIG_NUMBER, CARD, CAPTION, FLAT, HEADING, PRIMARY, SCREEN, SUB_CAPTION, TITLE, color, scaled
from kiosk.ui.widgets.icons import backspace_icon


def new_command_id() -> str:
    return str(uuid.uuid4())


def label(text: str = "", name: str | None = None, *, wrap: bool = False,
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(text: str = "", name: str | None = None, *, min_width: int = 0) -> QPushButton:
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    # Touch only: focus rings and keyboard focus mean nothing on a kiosk, and focus would steal Enter.
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if min_width:
        widget.setMinimumWidth(scaled(min_width))
    return widget


def card(parent: QWidget | None = None, *, spacing: int = 10, margins: int = 22) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName(CARD)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(scaled(margins), scaled(margins - 4), scaled(margins), scaled(margins - 4))
    layout.setSpacing(scaled(spacing))
    return frame, layout


def bilingual(thai: str, english: str) -> tuple[str, str]:
    """(main, second) line: the current language first, the other one under it, for passers-by."""
    return (thai, english) if current_language() == THAI else (english, thai)


class Screen(QWidget):
    """One page of the kiosk. `reset()` must forget everything a customer typed or saw on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def reset(self) -> None:
        """Clear every widget back to its empty state (idle timeout, "Done", next customer)."""

    def retranslate_ui(self) -> None:
        """Set every translated text again (language switched)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def frame(self, body: QWidget | QLayout, *, right: QWidget | None = None) -> QVBoxLayout:
        """The kiosk page frame every screen shares: generous margins, title and caption, then the body."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(56), scaled(40), scaled(56), scaled(40))
        layout.setSpacing(scaled(24))
        layout.addLayout(self.header(self._title, self._caption, right=right))  # type: ignore[attr-defined]
        if isinstance(body, QLayout):
            layout.addLayout(body, 1)
        else:
            layout.addWidget(body, 1)
        return layout

    @staticmethod
    def header(title: QLabel, caption: QLabel | None = None, *, right: QWidget | None = None) -> QHBoxLayout:
        title.setObjectName(TITLE)
        box = QVBoxLayout()
        box.setSpacing(scaled(2))
        box.addWidget(title)
        if caption is not None:
            caption.setObjectName(CAPTION)
            box.addWidget(caption)
        row = QHBoxLayout()
        row.addLayout(box, 1)
        if right is not None:
            row.addWidget(right, 0, Qt.AlignmentFlag.AlignTop)
        return row


class DigitKeypad(QWidget):
    """Big digits for phone numbers and point amounts; the display groups digits as a person reads them.

    `style` "phone" shows 081-234-5678; "number" shows 1,250.
    """

    digits_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, max_digits: int = 10, style: str = "phone") -> None:
        super().__init__(parent)
        self._digits = ""
        self._max = max_digits
        self._style = style
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._display = label("", BIG_NUMBER, align=Qt.AlignmentFlag.AlignCenter)
        self._display.setObjectName("keypadDisplay")
        self._display.setMinimumHeight(scaled(84))
        self._placeholder = ""
        grid = QGridLayout()
        grid.setSpacing(scaled(10))
        self._keys: dict[str, QPushButton] = {}
        for index, digit in enumerate("1234567890"):
            key = button(digit, "keypadKey")
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.clicked.connect(lambda _=False, d=digit: self.press(d))
            row, column = (index // 3, index % 3) if digit != "0" else (3, 1)
            grid.addWidget(key, row, column)
            self._keys[digit] = key
        self._clear = button("", "keypadAction")
        self._clear.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._clear.clicked.connect(self.clear)
        self._backspace = button("", "keypadAction")
        self._backspace.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._backspace.setIcon(backspace_icon(scaled(30), color("muted")))
        self._backspace.setIconSize(QSize(scaled(30), scaled(30)))
        self._backspace.clicked.connect(self.backspace)
        grid.addWidget(self._clear, 3, 0)
        grid.addWidget(self._backspace, 3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(14))
        layout.addWidget(self._display)
        layout.addLayout(grid, 1)
        self.retranslate_ui()
        self._refresh()

    def digits(self) -> str:
        return self._digits

    def set_digits(self, digits: str) -> None:
        self._digits = "".join(c for c in digits if c.isdigit())[: self._max]
        self._refresh()
        self.digits_changed.emit(self._digits)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self._refresh()

    def press(self, digit: str) -> None:
        if len(self._digits) >= self._max or digit not in "0123456789" or len(digit) != 1:
            return
        if self._style == "number" and self._digits == "" and digit == "0":
            return
        self._digits += digit
        self._refresh()
        self.digits_changed.emit(self._digits)

    def backspace(self) -> None:
        if self._digits:
            self._digits = self._digits[:-1]
            self._refresh()
            self.digits_changed.emit(self._digits)

    def clear(self) -> None:
        if self._digits:
            self._digits = ""
            self._refresh()
            self.digits_changed.emit("")

    def key_button(self, key: str) -> QPushButton:
        return {"clear": self._clear, "backspace": self._backspace}.get(key) or self._keys[key]

    def display_text(self) -> str:
        return self._display.text()

    def retranslate_ui(self) -> None:
        self._clear.setText(self.tr("Clear"))
        self._backspace.setAccessibleName(self.tr("Delete"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() and event.text() in "0123456789":
            self.press(event.text())
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _refresh(self) -> None:
        if not self._digits:
            self._display.setText(self._placeholder)
            self._display.setProperty("empty", True)
        else:
            self._display.setText(format_phone(self._digits) if self._style == "phone" else f"{int(self._digits):,}")
            self._display.setProperty("empty", False)
        self._display.style().unpolish(self._display)
        self._display.style().polish(self._display)
        self._backspace.setEnabled(bool(self._digits))


def format_phone(digits: str) -> str:
    """Thai grouping as people say it: 081-234-5678, 02-123-4567."""
    if digits.startswith("0") and len(digits) > 3 and not digits.startswith("02"):
        head, rest = digits[:3], digits[3:]
    elif digits.startswith("02") and len(digits) > 2:
        head, rest = digits[:2], digits[2:]
    else:
        return digits
    tail = rest[:3] + ("-" + rest[3:] if len(rest) > 3 else "")
    return f"{head}-{tail}"


__all__ = ["DigitKeypad", "Screen", "bilingual", "button", "card", "format_phone", "label", "new_command_id",
           "FLAT", "HEADING", "PRIMARY", "SUB_CAPTION", "CAPTION"]
