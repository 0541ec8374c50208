"""Staff: who can sign in, in what role; add, disable or enable, reset a PIN (all audited by the service)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.staff import StaffMember
from kiosk.services.app import Services
from kiosk.ui.manager.common import fill_table, label, role_label, table, tr
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import PRIMARY, SCREEN, SUB_CAPTION, TITLE, scaled

ROLES = ("cashier", "manager", "owner")


class StaffDialog(QDialog):
    """Name, role and PIN for a new staff member, or only a new PIN."""

    def __init__(self, parent: QWidget | None = None, *, pin_only: bool = False, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Reset PIN") if pin_only else tr("Add staff"))
        self.name = QLineEdit(name)
        self.name.setEnabled(not pin_only)
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(tr("4 to 8 digits"))
        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        if not pin_only:
            form.addRow(tr("Role"), self.role)
        form.addRow(tr("PIN"), self.pin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class StaffPage(QWidget):
    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None], staff_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.staff: list[StaffMember] = []
        self.title = label("", TITLE)
        self.note = label("", SUB_CAPTION, wrap=True)
        self.list = table(["", "", ""], [])
        self.add_button = QPushButton()
        self.add_button.setObjectName(PRIMARY)
        self.toggle_button = QPushButton()
        self.pin_button = QPushButton()
        self.add_button.clicked.connect(self._ask_add)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.pin_button.clicked.connect(self._ask_pin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.pin_button, self.toggle_button, self.add_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(24), scaled(18), scaled(24), scaled(18))
        layout.setSpacing(scaled(14))
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def load(self) -> None:
        self.runner.run_db(lambda: self.app.staff.list_staff(include_inactive=True), on_success=self.show_staff,
                           on_failure=self._failed, owner=self, name="manager.staff")

    def show_staff(self, staff: list[StaffMember]) -> None:
        self.staff = staff
        fill_table(self.list, [tr("Name"), tr("Role"), tr("Status")],
                   [(s.name, role_label(s.role.value),
                     tr("Active") if s.active else tr("Disabled")) for s in staff], numeric_from=3)

    def selected(self) -> StaffMember | None:
        row = self.list.currentRow()
        return self.staff[row] if 0 <= row < len(self.staff) else None

    def add(self, name: str, role: str, pin: str) -> None:
        self.runner.run_db(lambda: self.app.staff.add_staff(name=name, role=role, pin=pin, by=self.staff_id),
                           on_success=lambda s: self._done(tr("%1 added.").replace("%1", s.name)),
                           on_failure=self._failed, owner=self, name="manager.staff_add")

    def toggle_selected(self) -> None:
        member = self.selected()
        if member is None:
            return
        if member.id == self.staff_id and member.active:
            self.notify(tr("You cannot disable yourself."), "error")
            return
        active = not member.active
        self.runner.run_db(lambda: self.app.staff.set_active(member.id, active, by=self.staff_id),
                           on_success=lambda _r: self._done(tr("%1 enabled.") .replace("%1", member.name) if active
                                                            else tr("%1 disabled.").replace("%1", member.name)),
                           on_failure=self._failed, owner=self, name="manager.staff_toggle")

    def reset_pin(self, member: StaffMember, pin: str) -> None:
        self.runner.run_db(lambda: self.app.staff.reset_pin(member.id, pin, by=self.staff_id),
                           on_success=lambda _r: self._done(tr("New PIN set for %1.").replace("%1", member.name)),
                           on_failure=self._failed, owner=self, name="manager.staff_pin")

    def _ask_add(self) -> None:
        dialog = StaffDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(dialog.name.text(), str(dialog.role.currentData()), dialog.pin.text())

    def _ask_pin(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = StaffDialog(self, pin_only=True, name=member.name)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reset_pin(member, dialog.pin.text())

    def _done(self, message: str) -> None:
        self.notify(message, "success")
        self.load()

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    def retranslate_ui(self) -> None:
        self.title.setText(tr("Staff"))
        self.note.setText(tr("Cashiers ring up sales; managers approve refunds and overrides and open this screen."))
        self.add_button.setText(tr("Add staff"))
        self.toggle_button.setText(tr("Disable / enable"))
        self.pin_button.setText(tr("Reset PIN"))
        if self.staff:
            self.show_staff(self.staff)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
