"""The member's QR card on screen, with a button to print it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.services.enrollment import CardResult
from kiosk.ui.counter.common import CounterContext, Notifier, button, label, with_key
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import QrWidget


class MemberCardDialog(QDialog):
    """Shows the member's code as a QR the customer can photograph, or prints it as a card slip."""

    def __init__(self, context: CounterContext, notifier: Notifier, *, member_code: str, member_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._context = context
        self._notifier = notifier
        self._code = member_code
        self.name = label(member_name, HEADING, align=Qt.AlignmentFlag.AlignCenter)
        self.qr = QrWidget(payload=member_code)
        self.qr.setMinimumSize(scaled(300), scaled(300))
        self.code = label(member_code, SUB_CAPTION, align=Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = button(name=PRIMARY, focus=False)
        self.print_button.clicked.connect(self.print_card)
        self.close_button = button(focus=False)
        self.close_button.clicked.connect(self.accept)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addWidget(self.print_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(28), scaled(24), scaled(28), scaled(24))
        layout.addWidget(self.name)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.code)
        layout.addLayout(actions)
        self.retranslate_ui()

    def print_card(self) -> None:
        enrollment = self._context.app.enrollment
        code = self._code
        self.print_button.setEnabled(False)
        self._context.runner.run_db(lambda: enrollment.card(code, print_card=True), owner=self,
                                    on_success=self._queued, on_failure=self._failed, name="print member card")

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Member card"))
        self.print_button.setText(self.tr("Print card"))
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _queued(self, _result: CardResult) -> None:
        self.print_button.setEnabled(True)
        self._context.app.wake_printer()
        self._notifier.success(self.tr("The card is printing."))

    def _failed(self, failure: TaskFailure) -> None:
        self.print_button.setEnabled(True)
        self._notifier.error(failure.message)
