"""An on-screen keyboard (Thai Kedmanee and English QWERTY) for the locked-down self-service kiosk."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import color, scaled
from kiosk.ui.widgets.icons import backspace_icon, enter_icon, shift_icon

KEY = "oskKey"
ACTION = "oskAction"


@dataclass(frozen=True)
class KeyboardLayout:
    """Rows of characters, unshifted and shifted, with the same length per row."""

    language: str
    rows: tuple[str, ...]
    shifted_rows: tuple[str, ...]


ENGLISH = KeyboardLayout(
    "en",
    rows=("1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.-"),
    shifted_rows=("!@#$%&*()_", "QWERTYUIOP", "ASDFGHJKL\"", "ZXCVBNM;:?"),
)
# TIS 820-2538 Kedmanee, the layout printed on every Thai keyboard.
THAI = KeyboardLayout(
    "th",
    rows=("ๅ/-ภถุึคตจขช", "ๆไำพะัีรนยบลฃ", "ฟหกดเ้่าสวง", "ผปแอิืทมใฝ"),
    shifted_rows=("+๑๒๓๔ู฿๕๖๗๘๙", '๐"ฎฑธํ๊ณฯญฐ,ฅ', "ฤฆฏโฌ็๋ษศซ.", "()ฉฮฺ์?ฒฬฦ"),
)
LAYOUTS: dict[str, KeyboardLayout] = {"en": ENGLISH, "th": THAI}

_COMBINING = {"ั", "ิ", "ี", "ึ", "ื", "ุ", "ู", "ฺ", "็", "่", "้", "๊", "๋", "์", "ํ"}


def _label(char: str) -> str:
    # A Thai vowel or tone mark alone has nothing to sit on; show it on a dotted circle like printed keycaps.
    return f"\u25cc{char}" if char in _COMBINING else char


class OnScreenKeyboard(QWidget):
    """Types into a target QLineEdit without ever taking focus from it.

    Set the target with `set_target(line_edit)`, or `set_follow_focus(True)` to type into whichever
    QLineEdit has focus. Shift is one-shot; the language key swaps Thai and English layouts.
    """

    key_typed = Signal(str)  # the character inserted, after it reached the target
    enter_pressed = Signal()
    layout_changed = Signal(str)  # "th" or "en"

    def __init__(self, parent: QWidget | None = None, *, language: str = "th") -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QLineEdit | None = None
        self._follow_focus = False
        self._layout = LAYOUTS[language]
        self._shifted = False
        self._char_keys: list[QPushButton] = []

        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(scaled(8))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(scaled(12), scaled(12), scaled(12), scaled(12))
        outer.setSpacing(scaled(8))
        outer.addLayout(self._rows_box)

        self._shift = self._action("", checkable=True)
        self._shift.setIcon(shift_icon(scaled(26)))
        self._shift.setIconSize(QSize(scaled(26), scaled(26)))
        self._shift.toggled.connect(self._on_shift)
        self._backspace = self._action("")
        self._backspace.setIcon(backspace_icon(scaled(28)))
        self._backspace.setIconSize(QSize(scaled(28), scaled(28)))
        self._backspace.setAutoRepeat(True)
        self._backspace.clicked.connect(self.press_backspace)
        self._language = self._action("")
        self._language.clicked.connect(self.toggle_language)
        self._space = self._action("")
        self._space.clicked.connect(lambda: self.press_char(" "))
        self._enter = self._action("")
        self._enter.setIcon(enter_icon(scaled(26), color("on_accent")))
        self._enter.setIconSize(QSize(scaled(26), scaled(26)))
        self._enter.setObjectName("primary")
        self._enter.clicked.connect(self.press_enter)

        bottom = QHBoxLayout()
        bottom.setSpacing(scaled(8))
        bottom.addWidget(self._language, 2)
        bottom.addWidget(self._space, 8)
        bottom.addWidget(self._enter, 3)
        outer.addLayout(bottom)

        self._build_rows()
        self.retranslate_ui()

    # ------------------------------------------------------------------ API
    def set_target(self, target: QLineEdit | None) -> None:
        self._target = target

    def target(self) -> QLineEdit | None:
        if self._target is not None and not shiboken6.isValid(self._target):
            self._target = None
        return self._target

    def set_follow_focus(self, follow: bool) -> None:
        """Retarget automatically to any QLineEdit that gains focus."""
        app = QApplication.instance()
        if follow == self._follow_focus or not isinstance(app, QApplication):
            return
        self._follow_focus = follow
        if follow:
            app.focusChanged.connect(self._on_focus_changed)
            focused = app.focusWidget()
            if isinstance(focused, QLineEdit):
                self._target = focused
        else:
            app.focusChanged.disconnect(self._on_focus_changed)

    def language(self) -> str:
        return self._layout.language

    def set_language(self, language: str) -> None:
        if language not in LAYOUTS:
            raise ValueError(f"no keyboard layout for {language!r}")
        if language == self._layout.language:
            return
        self._layout = LAYOUTS[language]
        self._shift.setChecked(False)
        self._build_rows()
        self.retranslate_ui()
        self.layout_changed.emit(language)

    def toggle_language(self) -> None:
        self.set_language("en" if self._layout.language == "th" else "th")

    def is_shifted(self) -> bool:
        return self._shifted

    def set_shifted(self, shifted: bool) -> None:
        self._shift.setChecked(shifted)

    def press_char(self, char: str) -> None:
        target = self.target()
        if target is None or target.isReadOnly() or not target.isEnabled():
            return
        target.insert(char)
        self.key_typed.emit(char)
        if self._shifted and char != " ":
            self._shift.setChecked(False)

    def press_backspace(self) -> None:
        target = self.target()
        if target is not None and not target.isReadOnly():
            target.backspace()

    def press_enter(self) -> None:
        target = self.target()
        if target is not None:
            # A real key event, so returnPressed/editingFinished and validators behave as with a keyboard.
            QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                     Qt.KeyboardModifier.NoModifier, "\r"))
            QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Return,
                                                     Qt.KeyboardModifier.NoModifier, "\r"))
        self.enter_pressed.emit()

    def key_for(self, char: str) -> QPushButton | None:
        """The visible key that types `char` in the current layout and shift state."""
        for button in self._char_keys:
            if button.property("char") == char:
                return button
        return None

    def special_key(self, name: str) -> QPushButton:
        """"shift", "backspace", "language", "space" or "enter"."""
        return {
            "shift": self._shift,
            "backspace": self._backspace,
            "language": self._language,
            "space": self._space,
            "enter": self._enter,
        }[name]

    def retranslate_ui(self) -> None:
        # The language key names the OTHER layout, in that layout's own script.
        self._language.setText("ABC" if self._layout.language == "th" else "ไทย")
        self._language.setToolTip(self.tr("Switch keyboard language"))
        self._space.setText(self.tr("Space"))
        self._backspace.setAccessibleName(self.tr("Delete"))
        self._shift.setAccessibleName(self.tr("Shift"))
        self._enter.setAccessibleName(self.tr("Enter"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _action(self, text: str, *, checkable: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(ACTION)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return button

    def _build_rows(self) -> None:
        while (item := self._rows_box.takeAt(0)) is not None:
            row = item.layout()
            if row is not None:
                while (child_item := row.takeAt(0)) is not None:
                    child = child_item.widget()
                    if child is not None and child not in (self._shift, self._backspace):
                        child.hide()  # gone from this frame, not only at the next turn of the event loop
                        child.deleteLater()
                row.deleteLater()
        self._char_keys = []
        last = len(self._layout.rows) - 1
        for index, chars in enumerate(self._layout.rows):
            row = QHBoxLayout()
            row.setSpacing(scaled(6))
            if index == last:
                row.addWidget(self._shift, 3)
            for position in range(len(chars)):
                button = QPushButton()
                button.setObjectName(KEY)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.setProperty("row", index)
                button.setProperty("column", position)
                button.clicked.connect(lambda _=False, b=button: self.press_char(str(b.property("char"))))
                row.addWidget(button, 2)
                self._char_keys.append(button)
            if index == last:
                row.addWidget(self._backspace, 3)
            self._rows_box.addLayout(row)
        self._label_keys()

    def _label_keys(self) -> None:
        rows = self._layout.shifted_rows if self._shifted else self._layout.rows
        for button in self._char_keys:
            char = rows[int(button.property("row"))][int(button.property("column"))]
            button.setProperty("char", char)
            button.setText(_label(char))
            button.setAccessibleName(char)

    def _on_shift(self, checked: bool) -> None:
        self._shifted = checked
        self._label_keys()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QLineEdit):
            self._target = new


class NumberPad(QWidget):
    """Digits (and one separator, such as "/" in a date) typed into a target QLineEdit, for fields that hold
    numbers: a phone-style pad is quicker to use than the whole keyboard. Looks like the on-screen keyboard."""

    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, separator: str = "/") -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QLineEdit | None = None
        self._keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(scaled(12), scaled(12), scaled(12), scaled(12))
        grid.setSpacing(scaled(8))
        for index, char in enumerate("123456789"):
            grid.addWidget(self._key(char), index // 3, index % 3)
        self._separator = self._key(separator)
        grid.addWidget(self._separator, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        self._backspace = self._button(ACTION)
        self._backspace.setIcon(backspace_icon(scaled(28)))
        self._backspace.setIconSize(QSize(scaled(28), scaled(28)))
        self._backspace.setAutoRepeat(True)
        self._backspace.clicked.connect(self.press_backspace)
        grid.addWidget(self._backspace, 3, 2)
        self._enter = self._button("primary")
        self._enter.setIcon(enter_icon(scaled(26), color("on_accent")))
        self._enter.setIconSize(QSize(scaled(26), scaled(26)))
        self._enter.clicked.connect(self.enter_pressed)
        grid.addWidget(self._enter, 0, 3, 4, 1)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        self.retranslate_ui()

    def set_target(self, target: QLineEdit | None) -> None:
        self._target = target

    def target(self) -> QLineEdit | None:
        if self._target is not None and not shiboken6.isValid(self._target):
            self._target = None
        return self._target

    def set_separator(self, separator: str) -> None:
        """The key beside 0: "/" for a date, "-" for a phone number."""
        self._separator.setText(separator)
        self._separator.setProperty("char", separator)

    def key_for(self, char: str) -> QPushButton | None:
        return self._keys.get(char) if char != self._separator.property("char") else self._separator

    def press_char(self, char: str) -> None:
        target = self.target()
        if target is not None and target.isEnabled() and not target.isReadOnly():
            target.insert(char)

    def press_backspace(self) -> None:
        target = self.target()
        if target is not None and not target.isReadOnly():
            target.backspace()

    def retranslate_ui(self) -> None:
        self._backspace.setAccessibleName(self.tr("Delete"))
        self._enter.setAccessibleName(self.tr("Next"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _button(self, name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return button

    def _key(self, char: str) -> QPushButton:
        button = self._button(KEY)
        button.setText(char)
        button.setProperty("char", char)
        button.clicked.connect(lambda _=False, b=button: self.press_char(str(b.property("char"))))
        if char.isdigit():
            self._keys[char] = button
        return button
