"""Small building blocks the counter's screens share: cards, labels, buttons with shortcuts, the session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.services.app import Services
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.theme import CARD, scaled


class FormKeys:
    """Mixin for a counter form (list it before the Qt base): follows language changes, submits on Enter."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()  # type: ignore[attr-defined]
        super().changeEvent(event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit_from_keyboard()
            return
        super().keyPressEvent(event)  # type: ignore[misc]

    def submit_from_keyboard(self) -> None:
        self.submit()  # type: ignore[attr-defined]


def new_command_id() -> str:
    """A fresh id for one write the cashier asks for; a retry of the same attempt reuses it."""
    return str(uuid.uuid4())


def amount_text(money: Any) -> str:
    """Money as the digits a person would type: '125.50' (no grouping, no currency) for input fields."""
    from kiosk.domain.money import exponent

    return f"{money.to_decimal():.{exponent(money.currency)}f}"


def card(parent: QWidget | None = None, *, margins: int = 18, spacing: int = 10) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName(CARD)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(scaled(margins), scaled(margins - 2), scaled(margins), scaled(margins - 2))
    layout.setSpacing(scaled(spacing))
    return frame, layout


def label(text: str = "", object_name: str = "", *, wrap: bool = False,
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text)
    if object_name:
        widget.setObjectName(object_name)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(object_name: str = "", *, focus: bool = True, expand: bool = False) -> QPushButton:
    widget = QPushButton()
    if object_name:
        widget.setObjectName(object_name)
    if not focus:
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if expand:
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return widget


def with_key(text: str, key: str | QKeySequence.StandardKey | None) -> str:
    """'Checkout' + F5 -> 'Checkout  (F5)': shortcuts show on the buttons themselves."""
    if not key:
        return text
    shown = key if isinstance(key, str) else QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}  ({shown})"


def set_tooltip(widget: QWidget, text: str, key: str | None = None) -> None:
    widget.setToolTip(f"{text} ({key})" if key else text)
    widget.setAccessibleName(text)


@dataclass
class CounterContext:
    """What every counter screen needs: the wired App, the background runner and who is signed in."""

    app: Services
    runner: TaskRunner
    staff: Any = None  # kiosk.services.staff.Session while someone is signed in
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def staff_id(self) -> str | None:
        return self.staff.staff_id if self.staff is not None else None

    @property
    def currency(self) -> str:
        return str(self.app.ctx.currency)


class Notifier(QObject):
    """Screens report to the window through this; the window shows a toast."""

    message = Signal(str, str)  # text, kind ("info" | "success" | "error")

    def info(self, text: str) -> None:
        self.message.emit(text, "info")

    def success(self, text: str) -> None:
        self.message.emit(text, "success")

    def error(self, text: str) -> None:
        self.message.emit(text, "error")


def vbox(widget: QWidget, *, margins: int = 0, spacing: int = 12) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(scaled(margins), scaled(margins), scaled(margins), scaled(margins))
    layout.setSpacing(scaled(spacing))
    return layout
