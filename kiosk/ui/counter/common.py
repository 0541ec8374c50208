"""Small building blocks the counter's screens share: cards, labels, buttons with shortcuts, the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

from kiosk.domain.ids import new_command_id
from kiosk.domain.money import Money, exponent
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.widgets.basics import button, card, label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.services.app import Services
    from kiosk.services.staff import Session

    _Form = QWidget  # the checker sees the Qt base the mixin is listed before (super() reaches it)
else:
    _Form = object


class FormKeys(_Form):
    """Mixin for a counter form (list it before the Qt base): follows language changes, submits on Enter."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit_from_keyboard()
            return
        super().keyPressEvent(event)

    def submit_from_keyboard(self) -> None:
        self.submit()

    def retranslate_ui(self) -> None:
        raise NotImplementedError  # each form sets its texts

    def submit(self) -> None:
        raise NotImplementedError  # each form says what Enter does (or overrides submit_from_keyboard)


def amount_text(money: Money) -> str:
    """Money as the digits a person would type: '125.50' (no grouping, no currency) for input fields."""
    return f"{money.to_decimal():.{exponent(money.currency)}f}"


def with_key(text: str, key: str | QKeySequence.StandardKey | None) -> str:
    """'Checkout' + F5 -> 'Checkout  (F5)': shortcuts show on the buttons themselves."""
    if not key:
        return text
    shown = key if isinstance(key, str) else QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}  ({shown})"


@dataclass
class CounterContext:
    """What every counter screen needs: the shop's services, the background runner and who is signed in."""

    app: Services
    runner: TaskRunner
    staff: Session | None = None  # while someone is signed in

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


__all__ = ["CounterContext", "FormKeys", "Notifier", "amount_text", "button", "card", "label", "new_command_id",
           "with_key"]
