"""Staff: who can sign in, in what role; add, rename, disable or enable, reset a PIN (all audited by the service).

Only an owner changes staff: a manager on this screen is asked for an owner's PIN first, and the service
checks again that the one who authorised is an active owner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
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

from kiosk.domain.errors import InvalidInput
from kiosk.domain.staff import Role, StaffMember, clean_staff_name
from kiosk.services.app import Services
from kiosk.ui.formatting import format_datetime
from kiosk.ui.manager.common import fill_table, label, role_label, table, tr
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import DANGER, HEADING, PRIMARY, SCREEN, SUB_CAPTION, TITLE, repolish, scaled
from kiosk.ui.widgets import PinPad

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


class RenameDialog(QDialog):
    """A staff member's new name, the old one filled in to be edited. Opened, not exec'd: `accepted` goes on."""

    def __init__(self, member: StaffMember, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        title = tr("Rename %1").replace("%1", member.name)
        self.setWindowTitle(title)
        self.title = label(title, HEADING, wrap=True)  # said inside too: a full-screen kiosk shows no title bar
        self.name = QLineEdit(member.name)
        self.name.selectAll()
        form = QFormLayout()
        form.addRow(tr("New name"), self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(28), scaled(24), scaled(28), scaled(24))
        layout.setSpacing(scaled(16))
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(scaled(460))


class OwnerPinDialog(QDialog):
    """Asks for an owner's PIN and checks it (StaffService.authorize for an owner) off the GUI thread.

    `approved(Session)` carries the owner who agreed; the page then makes its change with `by=` their id.
    Cancel leaves everything as it was.
    """

    approved = Signal(object)

    def __init__(self, app: Services, runner: TaskRunner, *, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._app = app
        self._runner = runner
        self._action = action
        self._busy = False
        self.title = label("", HEADING, wrap=True)
        self.reason = label("", SUB_CAPTION, wrap=True)
        self.pin_pad = PinPad(pin_length=8, min_length=4)
        self.pin_pad.pin_entered.connect(self._check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(28), scaled(24), scaled(28), scaled(24))
        layout.setSpacing(scaled(12))
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        layout.addWidget(self.pin_pad, 1)
        layout.addWidget(self.buttons)
        self.setMinimumSize(scaled(420), scaled(600))
        self.retranslate_ui()
        # as tall as its words and the whole pad need: at 600 px the pad's bottom row was squeezed and cut
        self.resize(self.sizeHint().expandedTo(self.minimumSize()))
        self.pin_pad.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr("Owner approval"))
        self.title.setText(tr("An owner's PIN is needed"))
        self.reason.setText(tr("Only an owner can add, rename, disable or enable staff, or change a PIN."))
        self.pin_pad.set_prompt(tr("Owner PIN"))

    def enter_pin(self, pin: str) -> None:
        """Type `pin` and submit it, as an owner would on the pad."""
        for digit in pin:
            self.pin_pad.press_digit(digit)
        if self.pin_pad.entered_length():
            self._submit()

    def _submit(self) -> None:
        if self.pin_pad.entered_length() >= 4:
            self.pin_pad.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier))

    def _check(self, pin: str) -> None:
        if self._busy:
            return
        self._busy = True
        staff, action = self._app.staff, self._action
        self._runner.run_db(lambda: staff.authorize(pin, min_role=Role.OWNER, action=action),
                            on_success=self._approved, on_failure=self._refused, owner=self, name="owner approval")

    def _approved(self, session: Any) -> None:
        self._busy = False
        self.approved.emit(session)
        self.accept()

    def _refused(self, failure: TaskFailure) -> None:
        self._busy = False
        self.pin_pad.show_error(failure.message)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class StaffPage(QWidget):
    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None], staff_id: str,
                 parent: QWidget | None = None, *, role: Role = Role.MANAGER) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.role = role  # the signed-in person's: anyone but an owner is asked for an owner's PIN
        self.owner_dialog: OwnerPinDialog | None = None
        self.rename_dialog: RenameDialog | None = None
        self.staff: list[StaffMember] = []
        self.last_sign_ins: dict[str, datetime] = {}
        self.title = label("", TITLE)
        self.note = label("", SUB_CAPTION, wrap=True)
        self.list = table(["", "", "", ""], [])
        self.list.itemSelectionChanged.connect(self._sync_buttons)
        self.add_button = QPushButton()
        self.add_button.setObjectName(PRIMARY)
        self.toggle_button = QPushButton()
        self.pin_button = QPushButton()
        # the way out of "Rename one of them first" when enabling someone whose name a colleague has taken
        self.rename_button = QPushButton()
        self.add_button.clicked.connect(self._ask_add)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.pin_button.clicked.connect(self._ask_pin)
        self.rename_button.clicked.connect(self._ask_rename)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.pin_button, self.rename_button, self.toggle_button, self.add_button):
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
        service = self.app.staff
        self.runner.run_db(lambda: (service.list_staff(include_inactive=True), service.last_sign_ins()),
                           on_success=lambda found: self.show_staff(*found), on_failure=self._failed, owner=self,
                           name="manager.staff")

    def show_staff(self, staff: list[StaffMember], last_sign_ins: dict[str, datetime] | None = None) -> None:
        selected = self.selected()
        self.staff = staff
        if last_sign_ins is not None:
            self.last_sign_ins = last_sign_ins

        def last(member: StaffMember) -> str:
            at = self.last_sign_ins.get(member.id)
            return format_datetime(self.app.ctx.local(at)) if at is not None else tr("Never")

        fill_table(self.list, [tr("Name"), tr("Role"), tr("Status"), tr("Last signed in")],
                   [(s.name, role_label(s.role.value), tr("Active") if s.active else tr("Disabled"), last(s))
                    for s in staff], numeric_from=4)
        if selected is not None:
            ids = [s.id for s in staff]
            if selected.id in ids:
                self.list.selectRow(ids.index(selected.id))
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        """The switch and the rename say what they will do to whom ("Disable Mint", "Rename Fon"), and only when
        they can; anyone, active or disabled, can be renamed."""
        member = self.selected()
        if member is None:
            self.toggle_button.setText(tr("Disable or enable"))
            self.toggle_button.setEnabled(False)
            self.toggle_button.setToolTip(tr("Choose someone in the list first."))
            self.rename_button.setText(tr("Rename"))
            self.rename_button.setToolTip(tr("Choose someone in the list first."))
        else:
            whole = _name_on(self.rename_button, tr("Rename %1"), member.name)
            self.rename_button.setToolTip("" if whole else member.name)
            whole = _name_on(self.toggle_button, tr("Disable %1") if member.active else tr("Enable %1"), member.name)
            myself = member.id == self.staff_id and member.active
            self.toggle_button.setEnabled(not myself)
            self.toggle_button.setToolTip(tr("You cannot disable yourself.") if myself
                                          else "" if whole else member.name)
            self.toggle_button.setObjectName(DANGER if member.active else "")
            repolish(self.toggle_button)
        self.pin_button.setEnabled(member is not None)
        self.rename_button.setEnabled(member is not None)

    def selected(self) -> StaffMember | None:
        row = self.list.currentRow()
        return self.staff[row] if 0 <= row < len(self.staff) else None

    def add(self, name: str, role: str, pin: str) -> None:
        self._as_owner("staff.add", lambda by: self.runner.run_db(
            lambda: self.app.staff.add_staff(name=name, role=role, pin=pin, by=by),
            on_success=lambda s: self._done(tr("%1 added.").replace("%1", s.name)),
            on_failure=self._failed, owner=self, name="manager.staff_add"))

    def toggle_selected(self) -> None:
        member = self.selected()
        if member is None:
            return
        if member.id == self.staff_id and member.active:
            self.notify(tr("You cannot disable yourself."), "error")
            return
        active = not member.active
        self._as_owner("staff.enable" if active else "staff.disable", lambda by: self.runner.run_db(
            lambda: self.app.staff.set_active(member.id, active, by=by),
            on_success=lambda _r: self._done(tr("%1 enabled.") .replace("%1", member.name) if active
                                             else tr("%1 disabled.").replace("%1", member.name)),
            on_failure=self._failed, owner=self, name="manager.staff_toggle"))

    def rename(self, member: StaffMember, name: str) -> None:
        """Rename `member`; a name left empty is refused before an owner is asked, the same name again is no
        change, and a name an active colleague has is refused by the service (one line, the screen's language)."""
        try:
            if clean_staff_name(name) == member.name:
                return
        except InvalidInput as refused:
            self.notify(TaskFailure.of(refused, "manager.staff_rename").message, "error")
            return
        self._as_owner("staff.rename", lambda by: self.runner.run_db(
            lambda: self.app.staff.rename(member.id, name, by=by),
            on_success=lambda renamed: self._done(tr("%1 is now called %2").replace("%1", member.name)
                                                  .replace("%2", renamed.name)),
            on_failure=self._failed, owner=self, name="manager.staff_rename"))

    def reset_pin(self, member: StaffMember, pin: str) -> None:
        self._as_owner("staff.reset_pin", lambda by: self.runner.run_db(
            lambda: self.app.staff.reset_pin(member.id, pin, by=by),
            on_success=lambda _r: self._done(tr("New PIN set for %1.").replace("%1", member.name)),
            on_failure=self._failed, owner=self, name="manager.staff_pin"))

    def _as_owner(self, action: str, change: Callable[[str], object]) -> None:
        """Make `change` as the signed-in owner, or after another owner's PIN (the service checks either)."""
        if self.role == Role.OWNER:
            change(self.staff_id)
            return
        dialog = OwnerPinDialog(self.app, self.runner, action=action, parent=self.window())
        dialog.approved.connect(lambda session: change(session.staff_id))
        dialog.finished.connect(lambda _code: setattr(self, "owner_dialog", None))
        self.owner_dialog = dialog
        dialog.open()

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

    def _ask_rename(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = RenameDialog(member, self.window())
        dialog.accepted.connect(lambda: self.rename(member, dialog.name.text()))
        dialog.finished.connect(lambda _code: setattr(self, "rename_dialog", None))
        dialog.finished.connect(dialog.deleteLater)  # after `accepted`, which reads the name, has gone out
        self.rename_dialog = dialog
        dialog.open()

    def _done(self, message: str) -> None:
        self.notify(message, "success")
        self.load()

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    def retranslate_ui(self) -> None:
        self.title.setText(tr("Staff"))
        self.note.setText(tr("Cashiers ring up sales; managers approve refunds and overrides and open this screen. "
                             "A disabled person cannot sign in; their sales and history stay."))
        self.add_button.setText(tr("Add staff"))
        self.pin_button.setText(tr("Reset PIN"))
        if self.staff:
            self.show_staff(self.staff)
        else:
            self._sync_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


NAME_ON_BUTTON = 90  # px of a staff member's name a button shows; a longer one is cut short with "…"


def _name_on(button: QPushButton, template: str, name: str) -> bool:
    """Sets `template` ("Rename %1") with `name` as the button's text, the name cut short when it is long (a
    60-letter name made the buttons wider than a 1024 px page): True when it is shown whole."""
    button.ensurePolished()  # the theme's font, not the default one
    shown = button.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, scaled(NAME_ON_BUTTON))
    button.setText(template.replace("%1", shown))
    return shown == name
