"""Touch keypads on one digit grid: PinPad for staff PINs, AmountKeypad for money typed as text (never a float),
DigitKeypad for phone numbers and point amounts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.digits import arabic_digits
from kiosk.domain.money import Money, exponent
from kiosk.l10n.formats import format_phone
from kiosk.ui.theme import BIG_NUMBER, ERROR_TEXT, FLAT, HEADING, color, scaled
from kiosk.ui.widgets.icons import backspace_icon

KEY = "keypadKey"
ACTION = "keypadAction"


def _key(text: str, name: str = KEY) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    # Keys never take focus: the keypad (or the field it serves) keeps the keyboard.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setAutoRepeat(False)
    return button


def _digit_grid(on_digit: Callable[[str], None]) -> tuple[QGridLayout, dict[str, QPushButton]]:
    grid = QGridLayout()
    grid.setSpacing(scaled(10))
    keys: dict[str, QPushButton] = {}
    for index, digit in enumerate("123456789"):
        button = _key(digit)
        button.clicked.connect(lambda _=False, d=digit: on_digit(d))
        grid.addWidget(button, index // 3, index % 3)
        keys[digit] = button
    zero = _key("0")
    zero.clicked.connect(lambda _=False: on_digit("0"))
    grid.addWidget(zero, 3, 1)
    keys["0"] = zero
    return grid, keys


class PinDots(QWidget):
    """A row of circles, one per PIN digit, filled as digits are entered; the digits never show."""

    def __init__(self, length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._length = length
        self._filled = 0
        self._error = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(scaled(36))

    def set_state(self, *, length: int, filled: int, error: bool = False) -> None:
        self._length, self._filled, self._error = length, filled, error
        self.setAccessibleName(f"{filled} / {length}")
        self.update()

    def filled(self) -> int:
        return self._filled

    def sizeHint(self) -> QSize:
        return QSize(self._length * scaled(40), scaled(36))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        diameter = min(scaled(20), self.height() - 4)
        gap = scaled(18)
        total = self._length * diameter + (self._length - 1) * gap
        x = (self.width() - total) / 2
        y = (self.height() - diameter) / 2
        ink = color("danger") if self._error else color("accent")
        for i in range(self._length):
            rect = QRectF(x + i * (diameter + gap), y, diameter, diameter)
            if i < self._filled:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ink)
            else:
                painter.setPen(QPen(color("danger") if self._error else color("border_strong"), max(2, diameter / 9)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        painter.end()


class PinPad(QWidget):
    """A touch keypad for a staff or manager PIN, shown as masked dots.

    Emits `pin_entered(str)` as soon as `pin_length` digits are in (or on Enter once at least
    `min_length` are). Typing digits on a keyboard works as well; Backspace deletes, Escape clears.
    """

    pin_entered = Signal(str)
    pin_changed = Signal(int)  # how many digits are entered; the digits themselves never leave

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pin_length: int = 4,
        min_length: int | None = None,
        prompt: str | None = None,
    ) -> None:
        super().__init__(parent)
        if pin_length < 1:
            raise ValueError("pin_length must be at least 1")
        self._pin_length = pin_length
        self._min_length = min_length or pin_length
        self._digits = ""
        self._custom_prompt = prompt
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._prompt = QLabel()
        self._prompt.setObjectName(HEADING)
        self._prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._prompt.setWordWrap(True)  # "One moment: the counter is opening." is wider than the card in English
        self._dots = PinDots(pin_length)
        self._message = QLabel()
        self._message.setObjectName(ERROR_TEXT)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)

        grid, self._keys = _digit_grid(self.press_digit)
        self._clear = _key("", ACTION)
        self._clear.clicked.connect(self.clear)
        self._backspace = _key("", ACTION)
        self._backspace.setIcon(backspace_icon(scaled(30), color("muted")))
        self._backspace.setIconSize(QSize(scaled(30), scaled(30)))
        self._backspace.clicked.connect(self.backspace)
        grid.addWidget(self._clear, 3, 0)
        grid.addWidget(self._backspace, 3, 2)

        layout = QVBoxLayout(self)
        layout.setSpacing(scaled(12))
        layout.addWidget(self._prompt)
        layout.addWidget(self._dots)
        layout.addWidget(self._message)
        layout.addLayout(grid, 1)
        self.retranslate_ui()
        self._refresh()

    # ------------------------------------------------------------------ API
    def pin_length(self) -> int:
        return self._pin_length

    def entered_length(self) -> int:
        return len(self._digits)

    def set_prompt(self, text: str) -> None:
        self._custom_prompt = text
        self._prompt.setText(text)

    def show_error(self, message: str) -> None:
        """Clear the entry and show why (e.g. "Wrong PIN") until the next digit is pressed."""
        self._digits = ""
        self._message.setText(message)
        self._dots.set_state(length=self._pin_length, filled=0, error=True)
        self.pin_changed.emit(0)

    def clear(self) -> None:
        self._digits = ""
        self._message.clear()
        self._refresh()
        self.pin_changed.emit(0)

    def press_digit(self, digit: str) -> None:
        digit = arabic_digits(digit)  # a PIN typed on a Thai keyboard layout: ๑๑๑๑ is 1111
        if len(digit) != 1 or digit not in "0123456789" or len(self._digits) >= self._pin_length:
            return
        self._message.clear()
        self._digits += digit
        self._refresh()
        self.pin_changed.emit(len(self._digits))
        if len(self._digits) == self._pin_length:
            self._submit()

    def backspace(self) -> None:
        if self._digits:
            self._digits = self._digits[:-1]
            self._refresh()
            self.pin_changed.emit(len(self._digits))

    def key_button(self, key: str) -> QPushButton:
        """The button for "0".."9", "clear" or "backspace" (for tests and tutorials)."""
        if key == "clear":
            return self._clear
        if key == "backspace":
            return self._backspace
        return self._keys[key]

    def retranslate_ui(self) -> None:
        self._prompt.setText(self._custom_prompt or self.tr("Enter your PIN"))
        self._clear.setText(self.tr("Clear"))
        self._backspace.setToolTip(self.tr("Delete"))
        self._backspace.setAccessibleName(self.tr("Delete"))

    # ------------------------------------------------------------------ Qt
    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = arabic_digits(event.text())
        if text and text in "0123456789":
            self.press_digit(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and len(self._digits) >= self._min_length:
            self._submit()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _submit(self) -> None:
        pin = self._digits
        self._digits = ""
        self._refresh()
        self.pin_entered.emit(pin)

    def _refresh(self) -> None:
        self._dots.set_state(length=self._pin_length, filled=len(self._digits))


class AmountKeypad(QWidget):
    """Enter an amount of money as text ("125.5"), at most the currency's decimals, never a float.

    `amount_changed(str)` carries the raw text typed so far ("" when empty); `money()` turns it into
    `Money` through `Money.parse`, the one place user amounts become minor units.
    """

    amount_changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        currency: str = "THB",
        max_whole_digits: int = 7,
        symbol: str = "฿",
    ) -> None:
        super().__init__(parent)
        self._currency = currency
        self._decimals = exponent(currency)
        self._max_whole = max_whole_digits
        self._symbol = symbol
        self._text = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._display = QLabel()
        self._display.setObjectName(BIG_NUMBER)
        self._display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._display.setMinimumWidth(scaled(120))
        self._clear = QPushButton()
        self._clear.setObjectName(FLAT)
        self._clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._clear.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self._clear)
        top.addWidget(self._display, 1)

        grid, self._keys = _digit_grid(self.press)
        self._point = _key(".")
        self._point.clicked.connect(lambda _=False: self.press("."))
        self._point.setEnabled(self._decimals > 0)
        self._backspace = _key("", ACTION)
        self._backspace.setIcon(backspace_icon(scaled(30), color("muted")))
        self._backspace.setIconSize(QSize(scaled(30), scaled(30)))
        self._backspace.clicked.connect(self.backspace)
        grid.addWidget(self._point, 3, 0)
        grid.addWidget(self._backspace, 3, 2)

        layout = QVBoxLayout(self)
        layout.setSpacing(scaled(12))
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        self.retranslate_ui()
        self._refresh()

    # ------------------------------------------------------------------ API
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Replace the entry, keeping only what the keypad itself could have typed."""
        self._text = ""
        for char in text:
            self._apply(char)
        self._changed()

    def clear(self) -> None:
        if self._text:
            self._text = ""
            self._changed()

    def money(self, *, allow_zero: bool = False) -> Money | None:
        """The entry as Money, or None when empty; raises InvalidInput for zero unless allowed."""
        if not self._text:
            return None
        return Money.parse(self._text.rstrip(".") or "0", self._currency, allow_zero=allow_zero)

    def press(self, key: str) -> None:
        if self._apply(key):
            self._changed()

    def backspace(self) -> None:
        if self._text:
            self._text = self._text[:-1]
            if self._text == "0":
                self._text = ""
            self._changed()

    def key_button(self, key: str) -> QPushButton:
        """The button for "0".."9", ".", "backspace" or "clear"."""
        return {".": self._point, "backspace": self._backspace, "clear": self._clear}.get(key) or self._keys[key]

    def retranslate_ui(self) -> None:
        self._clear.setText(self.tr("Clear"))
        self._backspace.setToolTip(self.tr("Delete"))
        self._backspace.setAccessibleName(self.tr("Delete"))

    # ------------------------------------------------------------------ Qt
    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = arabic_digits(event.text())
        if text and text in "0123456789.,":
            self.press("." if text == "," else text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Delete):
            self.clear()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _apply(self, key: str) -> bool:
        key = arabic_digits(key)
        whole, _, fraction = self._text.partition(".")
        if key == ".":
            if self._decimals == 0 or "." in self._text:
                return False
            self._text = (self._text or "0") + "."
            return True
        if len(key) != 1 or key not in "0123456789":
            return False
        if "." in self._text:
            if len(fraction) >= self._decimals:
                return False
            self._text += key
            return True
        if self._text == "0":
            self._text = key  # no leading zeros: "0" then "5" is "5"
            return True
        if len(whole) >= self._max_whole:
            return False
        self._text += key
        return True

    def _changed(self) -> None:
        self._refresh()
        self.amount_changed.emit(self._text)

    def _refresh(self) -> None:
        whole, point, fraction = self._text.partition(".")
        grouped = f"{int(whole):,}" if whole else "0"
        self._display.setText(f"{self._symbol}{grouped}{point}{fraction}")
        self._display.setAccessibleName(self._display.text())
        self._backspace.setEnabled(bool(self._text))


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
        self._display = QLabel("")
        self._display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._display.setObjectName("keypadDisplay")
        self._display.setMinimumHeight(scaled(84))
        self._placeholder = ""
        grid, self._keys = _digit_grid(self.press)
        self._clear = _key("", ACTION)
        self._clear.clicked.connect(self.clear)
        self._backspace = _key("", ACTION)
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
        self._digits = "".join(c for c in arabic_digits(digits) if c in "0123456789")[: self._max]
        self._refresh()
        self.digits_changed.emit(self._digits)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self._refresh()

    def press(self, digit: str) -> None:
        digit = arabic_digits(digit)
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
        text = arabic_digits(event.text())
        if text and text in "0123456789":
            self.press(text)
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
