"""Manager approval: a PIN pad over the counter when the rules say a manager must agree."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.staff import Role
from kiosk.services.staff import Session
from kiosk.ui.counter.common import CounterContext, FormKeys, button, label, with_key
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import PinPad


class ApprovalDialog(FormKeys, QDialog):
    """Asks for a manager's PIN and checks it (StaffService.authorize) off the GUI thread.

    `approved(Session)` carries the manager who agreed; the caller retries its request with
    `approved_by=session.staff_id`. Cancel (Esc) leaves everything as it was.
    """

    approved = Signal(object)

    def __init__(self, context: CounterContext, *, reason: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._context = context
        self._action = action
        self._busy = False
        self.title = label("", HEADING, wrap=True)
        self.reason = label(reason, SUB_CAPTION, wrap=True)
        self.pin_pad = PinPad(pin_length=8, min_length=4)
        self.pin_pad.pin_entered.connect(self._check)
        self.ok = button(name=PRIMARY, focus=False)
        self.ok.clicked.connect(self._submit)
        self.cancel = button(focus=False)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(28), scaled(24), scaled(28), scaled(24))
        layout.setSpacing(scaled(12))
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        layout.addWidget(self.pin_pad, 1)
        layout.addLayout(buttons)
        self.setMinimumSize(scaled(440), scaled(620))
        self.retranslate_ui()
        self.pin_pad.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Manager approval"))
        self.title.setText(self.tr("A manager's PIN is needed"))
        self.pin_pad.set_prompt(self.tr("Manager PIN"))
        self.ok.setText(with_key(self.tr("Approve"), "Enter"))
        self.cancel.setText(with_key(self.tr("Cancel"), "Esc"))

    def enter_pin(self, pin: str) -> None:
        """Type `pin` and submit it, as a manager would on the pad."""
        for digit in pin:
            self.pin_pad.press_digit(digit)
        if self.pin_pad.entered_length():
            self._submit()

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()  # keys and shortcuts go back to the counter

    def submit_from_keyboard(self) -> None:
        self._submit()

    def _submit(self) -> None:
        if self.pin_pad.entered_length() >= 4:
            self.pin_pad.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier))

    def _check(self, pin: str) -> None:
        if self._busy:
            return
        self._busy = True
        staff = self._context.app.staff
        action = self._action
        self._context.runner.run_db(lambda: staff.authorize(pin, min_role=Role.MANAGER, action=action),
                                    on_success=self._approved, on_failure=self._refused, owner=self,
                                    name="manager approval")

    def _approved(self, session: Session) -> None:
        self._busy = False
        self.approved.emit(session)
        self.accept()

    def _refused(self, failure: TaskFailure) -> None:
        self._busy = False
        self.pin_pad.show_error(failure.message)
