"""The hub on the manager's Devices page (issue 14): every device of the shop (of the chain, for an owner) with its
last contact and what it still has to send, this device's own sync, Sync now, retiring a device, and the conflicts
devices that sold apart left (merge twice-enrolled members, write off overdrafts); without a hub, connecting to one.

Every call runs in the background (kiosk.ui.tasks); each change is confirmed first and made by the hub service,
which checks the manager and audits it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.programs.config import ProgramConfig
from kiosk.domain.staff import Role
from kiosk.l10n.amounts import challenge_name, conflict_holding, offer_name
from kiosk.services.app import Services
from kiosk.services.hub import WRITE_OFF_KINDS, HubStatus, WriteOffResult
from kiosk.services.hub_connect import HubConnection, HubJoined
from kiosk.services.ports.hub import DeviceInfo, HubConflict
from kiosk.ui.formatting import format_datetime, plural, render_text, spoken
from kiosk.ui.hub_words import ago
from kiosk.ui.i18n import current_language
from kiosk.ui.manager.common import card, fill_table, label, table, tr
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import DANGER, ERROR_TEXT, HEADING, PRIMARY, SUB_CAPTION, repolish, scaled


class ConfirmDialog(QDialog):
    """Says what will happen and asks once; `confirmed` fires on the confirm button, Cancel changes nothing."""

    confirmed = Signal()

    def __init__(self, title: str, text: str, action: str, parent: QWidget | None = None, *,
                 danger: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.heading = label(title, HEADING, wrap=True)
        self.text = label(text, wrap=True)
        self.body = QVBoxLayout()
        self.confirm_button = QPushButton(action)
        self.confirm_button.setObjectName(DANGER if danger else PRIMARY)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(24), scaled(20), scaled(24), scaled(20))
        layout.setSpacing(scaled(12))
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addLayout(self.body)
        layout.addLayout(buttons)
        self.setMinimumWidth(scaled(460))

    def _confirm(self) -> None:
        self.confirmed.emit()
        self.accept()


class MergeDialog(ConfirmDialog):
    """Which of the two members to keep; the other's points, credit and any debt move to them."""

    def __init__(self, conflict: HubConflict, parent: QWidget | None = None) -> None:
        super().__init__(tr("Merge two members"), tr("Phone %1 was enrolled twice, on different devices. If they "
                                                     "are one person, keep one: the other's points and credit move "
                                                     "to them, and both cards keep working.")
                         .replace("%1", str(conflict.detail.get("phone", ""))), tr("Merge"), parent, danger=False)
        self.choices = QButtonGroup(self)
        for index, (member_id, name) in enumerate(zip(conflict.member_ids, conflict.member_names, strict=False)):
            choice = QRadioButton(tr("Keep %1").replace("%1", name or member_id[:8]))
            choice.setChecked(index == 0)
            self.choices.addButton(choice, index)
            self.body.addWidget(choice)
        self.member_ids = conflict.member_ids

    def kept(self) -> tuple[str, str]:
        """(keep, merge): the chosen member and the other one."""
        keep = max(0, self.choices.checkedId())
        return self.member_ids[keep], self.member_ids[1 - keep]


class ConnectDialog(QDialog):
    """Put this device on a hub: the hub owner's address and password, first device or a new one, a progress bar."""

    connected = Signal(object)  # HubJoined
    progressed = Signal(int, int)  # from the worker thread: queued to this one

    def __init__(self, app: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.busy = False
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.heading = label("", HEADING, wrap=True)
        self.intro = label("", SUB_CAPTION, wrap=True)
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://owner@hub.example.com/shop")
        self.url.setMaxLength(500)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(200)
        self.first = QRadioButton()
        self.join = QRadioButton()
        self.first.setChecked(True)
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.shop = QLineEdit()
        self.shop.setMaxLength(60)
        self.first.toggled.connect(self._kind_changed)
        self.url_label, self.password_label, self.name_label, self.shop_label = (label(), label(), label(), label())
        form = QFormLayout()
        form.setVerticalSpacing(scaled(8))
        form.addRow(self.url_label, self.url)
        form.addRow(self.password_label, self.password)
        form.addRow(self.first)
        form.addRow(self.join)
        form.addRow(self.name_label, self.name)
        form.addRow(self.shop_label, self.shop)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.error = label("", ERROR_TEXT, wrap=True)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName(PRIMARY)
        self.cancel_button = QPushButton()
        self.connect_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.progressed.connect(self._show_progress)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(24), scaled(20), scaled(24), scaled(20))
        layout.setSpacing(scaled(10))
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(scaled(560))
        self.retranslate_ui()
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.shop.setEnabled(self.join.isChecked())

    def request(self) -> HubConnection:
        return HubConnection(url=self.url.text().strip(), first_device=self.first.isChecked(),
                             name=self.name.text().strip() or None, shop=self.shop.text().strip() or None,
                             password=self.password.text())

    def submit(self) -> None:
        if self.busy:
            return
        connect = self.app.connect_hub
        if connect is None:
            self.error.setText(tr("This app cannot connect to a hub from here."))
            return
        request = self.request()
        self._set_busy(True)
        self.error.setText("")
        self.progress.setVisible(not request.first_device)
        self.progress.setRange(0, 0)  # busy until the hub says how much there is
        progressed = self.progressed
        self.runner.run_io(lambda: connect(request, progress=lambda done, total: progressed.emit(done, total)),
                           on_success=self._connected, on_failure=self._failed, owner=self, name="manager.hub_connect")

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _connected(self, joined: HubJoined) -> None:
        self._set_busy(False)
        self.password.clear()
        self.connected.emit(joined)
        self.accept()

    def _failed(self, failure: TaskFailure) -> None:
        self._set_busy(False)
        self.progress.setVisible(False)
        self.error.setText(failure.message)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.connect_button, self.cancel_button, self.url, self.password, self.first, self.join,
                       self.name):
            widget.setEnabled(not busy)
        self.shop.setEnabled(not busy and self.join.isChecked())

    def reject(self) -> None:
        if not self.busy:  # half-way through, the call finishes or fails on its own
            super().reject()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr("Connect to a hub"))
        self.heading.setText(tr("Connect to a hub"))
        self.intro.setText(tr("The hub is the PostgreSQL database the shop's devices share. Its owner's password "
                              "is used once, to let this device in, and is not kept."))
        self.url_label.setText(tr("Hub address"))
        self.password_label.setText(tr("Owner's password"))
        self.first.setText(tr("This shop's first device: publish its members and sales"))
        self.join.setText(tr("A new device of a shop already on the hub (it must be empty)"))
        self.name_label.setText(tr("This device's name"))
        self.name.setPlaceholderText(tr("e.g. Counter 2"))
        self.shop_label.setText(tr("Shop (for a chain)"))
        self.connect_button.setText(tr("Connect"))
        self.cancel_button.setText(tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def held(conflict: HubConflict, programs: ProgramConfig) -> str:
    """How much a conflict is about, in the screen's language as the CLI says it: "฿4.50", "120 points", "3 stamps
    (Coffee card)", "1 extra use of voucher LK1V-…" (kiosk.l10n.amounts)."""
    said = conflict_holding(conflict, programs)
    return f"{conflict.amount:,}" if said is None else spoken(said)


def read_hub(app: Services) -> HubStatus:
    """Runs on the I/O pool: this device's sync state, the device directory and the conflicts."""
    return app.hub.status()


class HubPanel(QFrame):
    """The hub card of the Devices page. `changed` asks the page to read everything again."""

    changed = Signal()

    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None], staff_id: str | None,
                 role: Role | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.role = role
        self.status: HubStatus | None = None
        self.now: datetime | None = None
        self.devices: list[DeviceInfo] = []
        self.conflicts: list[HubConflict] = []
        self.dialog: QDialog | None = None
        self.syncing = False
        frame, layout = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.title = label("", HEADING)
        self.state_text = label("", wrap=True)
        self.roles_text = label("", SUB_CAPTION, wrap=True)  # which device writes expiry, sends Stripe's updates
        self.problem_text = label("", ERROR_TEXT, wrap=True)
        self.detail_text = label("", SUB_CAPTION, wrap=True)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName(PRIMARY)
        self.connect_button.clicked.connect(self.ask_connect)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName(PRIMARY)
        self.sync_button.clicked.connect(self.sync_now)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.sync_button)
        head.addWidget(self.connect_button)
        layout.addLayout(head)
        layout.addWidget(self.state_text)
        layout.addWidget(self.roles_text)
        layout.addWidget(self.problem_text)
        layout.addWidget(self.detail_text)
        self.devices_title = label("", SUB_CAPTION)
        self.device_list = table(["", "", "", "", "", ""], [])
        self.device_list.setMinimumHeight(scaled(270))  # a counter and its kiosk on two PCs: four rows
        self.device_list.itemSelectionChanged.connect(self._sync_buttons)
        self.retire_button = QPushButton()
        self.retire_button.setObjectName(DANGER)
        self.retire_button.clicked.connect(self.ask_retire)
        self.conflicts_title = label("", SUB_CAPTION)
        self.conflict_list = table(["", "", "", ""], [])
        self.conflict_list.setMinimumHeight(scaled(130))
        self.conflict_list.itemSelectionChanged.connect(self._sync_buttons)
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.ask_merge)
        self.write_off_button = QPushButton()
        self.write_off_button.clicked.connect(self.ask_write_off)
        self.hub_parts: list[QWidget] = [self.devices_title, self.device_list, self.retire_button,
                                         self.conflicts_title, self.conflict_list, self.merge_button,
                                         self.write_off_button]
        layout.addWidget(self.devices_title)
        layout.addWidget(self.device_list, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retire_button)
        layout.addLayout(row)
        layout.addWidget(self.conflicts_title)
        layout.addWidget(self.conflict_list, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.merge_button)
        row.addWidget(self.write_off_button)
        layout.addLayout(row)
        self.retranslate_ui()
        self.show_status(None)

    # -- what it shows -------------------------------------------------------------------------------------------
    def show_status(self, status: HubStatus | None, now: datetime | None = None) -> None:
        self.status = status
        if now is not None:
            self.now = now
        configured = status is not None and status.configured
        self.connect_button.setVisible(status is not None and not configured and self.app.connect_hub is not None)
        self.sync_button.setVisible(configured)
        for widget in self.hub_parts:
            widget.setVisible(configured)
        if status is None or not configured:
            self.state_text.setText(tr("Reading…") if status is None else tr(
                "This device works alone. Connect it to a hub to share members, points and sales with the shop's "
                "other counters and kiosks."))
            for empty in (self.roles_text, self.problem_text, self.detail_text):
                empty.setText("")
                empty.setVisible(False)
            self.devices, self.conflicts = [], []
            return
        self._show_own(status)
        own_shop = status.shop_id
        chain = self.role == Role.OWNER
        self.devices = [d for d in status.devices if chain or d.shop_id == own_shop]
        self.devices_title.setText((tr("Devices of the chain (%1)") if chain and len({d.shop_id for d in
                                                                                       self.devices}) > 1
                                    else tr("Devices of the shop (%1)")).replace("%1", f"{len(self.devices):,}"))
        fill_table(self.device_list, [tr("Name"), tr("Label"), tr("Shop"), tr("Last contact"), tr("To send"),
                                      tr("State")],
                   [(d.name, d.label, d.shop_name,
                     self._when(d.last_contact), f"{d.pending:,}", tr("Retired") if d.revoked else tr("Active"))
                    for d in self.devices], numeric_from=4)
        self.conflicts = list(status.conflicts)
        self.conflicts_title.setText(tr("Conflicts to settle (%1)").replace("%1", f"{len(self.conflicts):,}")
                                     if self.conflicts else tr("Conflicts: nothing to settle"))
        # the details take what is left: the kind of conflict and the names are read whole
        programs = self.app.ctx.programs
        fill_table(self.conflict_list, [tr("What"), tr("Who"), tr("How much"), tr("Details")],
                   [self.conflict_row(c, programs) for c in self.conflicts], numeric_from=4, stretch_first=False)
        self._sync_buttons()

    def _show_own(self, status: HubStatus) -> None:
        now = self.now or self.app.clock.now()
        last = status.last_contact
        synced = tr("never") if last is None else tr("%1 (%2)").replace("%1", self._when(last)).replace(
            "%2", ago(last, now))
        state = {True: tr("online"), False: tr("offline"), None: tr("not tried yet")}[status.online]
        self.state_text.setText(
            plural(status.pending, tr("Shop %1 on the hub, %2. Last synced %3; %n change still to send."),
                   tr("Shop %1 on the hub, %2. Last synced %3; %n changes still to send."))
            .replace("%1", status.shop_name or "-").replace("%2", state).replace("%3", synced))
        # the jobs one device does for the whole hub, as `kiosk hub status` says them
        roles = [render_text(code, {"device": device}) for code, device in (
            ("hub.status.expiry_writer", status.expiry_writer), ("hub.status.stripe_holder", status.stripe_holder))
            if device]
        self.roles_text.setText(" · ".join(roles))
        self.roles_text.setVisible(bool(roles))
        problem, detail = "", ""
        if status.refused:
            problem = tr("The hub refuses what this device sends: nothing more goes until someone looks into it "
                         "(this device may have been retired). The hub said:")
            detail = spoken(status.refused)
        elif status.online is False:
            problem = tr("The hub cannot be reached: this device keeps selling and sends everything when it can.")
            detail = spoken(status.error or "")
        elif status.error:
            problem = tr("The hub turned this device away: it may have been retired.")
            detail = spoken(status.error)
        self.problem_text.setText(problem)
        self.problem_text.setVisible(bool(problem))
        self.detail_text.setText(detail)
        self.detail_text.setVisible(bool(detail))

    def _when(self, at: datetime | None) -> str:
        return format_datetime(self.app.ctx.local(at)) if at is not None else tr("never")

    @staticmethod
    def conflict_row(c: HubConflict, programs: ProgramConfig) -> tuple[str, str, str, str]:
        """A conflict as the list shows it: what happened, who, how much (in people's words: "฿4.50", "3 stamps
        (Coffee card)"; an offer or a challenge by its name from `programs`), and the details, each saying what it
        lists: the receipts, the devices whose expiries took the same points or credit, or the phone."""
        language = current_language()
        who = ", ".join(c.member_names) or "-"
        details = tr("Receipts: %1").replace("%1", ", ".join(c.receipts))
        if c.kind == "overdraft":
            return tr("Spent twice"), who, "−" + held(c, programs), details
        if c.kind == "voucher_twice":  # the amount names the voucher by its code; who is its member, if any
            return tr("Voucher used twice"), who, held(c, programs), details
        if c.kind == "refund_twice":
            # Both refunds stay in the ledger; what the customer was handed twice is for the manager to check.
            return tr("Refunded twice"), who, tr("Check what went back"), details
        if c.kind == "offer_twice":
            # Meant once, used on two devices apart: what the shop gave twice is for the manager to judge.
            offer = offer_name(programs, str(c.detail.get("offer_id", "")))(language)
            return tr("Offer used twice"), who, tr("%1 extra").replace("%1", f"{c.amount:,}") + f" · {offer}", details
        if c.kind == "challenge_twice":
            # Meant once a period, completed on two devices apart: a write-off takes the later bonus back.
            challenge = challenge_name(programs, str(c.detail.get("challenge_id", "")))(language)
            return tr("Challenge bonus twice"), who, "+" + held(c, programs) + f" · {challenge}", details
        if c.kind == "expiry_beyond":
            # Two devices apart wrote off the same points or credit as expired: a give-back returns the later one.
            labels = ", ".join(device.rsplit("-", 1)[-1] for device in c.devices)  # <install>-<label>: C1, C2
            return tr("Expired twice"), who, "−" + held(c, programs), tr("Devices: %1").replace("%1", labels)
        return (tr("One phone, two members"), who, "",
                tr("Phone: %1").replace("%1", str(c.detail.get("phone", ""))))

    def selected_device(self) -> DeviceInfo | None:
        row = self.device_list.currentRow()
        return self.devices[row] if 0 <= row < len(self.devices) and self.device_list.selectedItems() else None

    def selected_conflict(self) -> HubConflict | None:
        row = self.conflict_list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) and self.conflict_list.selectedItems() else None

    def _sync_buttons(self) -> None:
        device = self.selected_device()
        own = self.status.install_id if self.status is not None else None
        self.retire_button.setEnabled(device is not None and not device.revoked and device.install_id != own)
        self.retire_button.setText(tr("Retire %1").replace("%1", device.label) if device is not None
                                   else tr("Retire device"))
        repolish(self.retire_button)
        conflict = self.selected_conflict()
        self.merge_button.setEnabled(conflict is not None and conflict.kind == "duplicate_phone")
        self.write_off_button.setEnabled(conflict is not None and conflict.kind in WRITE_OFF_KINDS)
        # the button says what settling this kind does: a bonus is taken back, what expired twice given back
        kind = conflict.kind if conflict is not None else ""
        self.write_off_button.setText(tr("Take back") if kind == "challenge_twice" else
                                      tr("Give back") if kind == "expiry_beyond" else tr("Write off"))

    # -- what it does --------------------------------------------------------------------------------------------
    def sync_now(self) -> None:
        if self.syncing:
            return
        self.syncing = True
        self.sync_button.setEnabled(False)
        self.sync_button.setText(tr("Syncing…"))
        hub = self.app.hub
        self.runner.run_io(hub.sync_once, on_success=self._synced, on_failure=self._sync_failed, owner=self,
                           name="manager.hub_sync")

    def _synced(self, report: object) -> None:
        self._sync_done()
        online, refused = getattr(report, "online", None), getattr(report, "refused", None)
        if refused:
            self.notify(tr("The hub refused this device's next change."), "error")
        elif online is False:
            self.notify(tr("The hub cannot be reached; everything waits here and goes later."), "error")
        else:
            self.notify(tr("Synced: sent %1, received %2.").replace("%1", f"{getattr(report, 'pushed', 0):,}")
                        .replace("%2", f"{getattr(report, 'pulled', 0):,}"), "success")
        self.changed.emit()

    def _sync_failed(self, failure: TaskFailure) -> None:
        self._sync_done()
        self.notify(failure.message, "error")

    def _sync_done(self) -> None:
        self.syncing = False
        self.sync_button.setEnabled(True)
        self.sync_button.setText(tr("Sync now"))

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def ask_connect(self) -> None:
        dialog = ConnectDialog(self.app, self.runner, self.window())
        dialog.connected.connect(self._connected)
        self._open(dialog)

    def _connected(self, joined: HubJoined) -> None:
        message = tr("Connected to shop %1 on the hub. This device's receipts: %2.").replace(
            "%1", joined.shop_name).replace("%2", joined.labels.get("counter", ""))
        if joined.report.online is False:
            message += " " + tr("The first sync did not reach the hub; it tries again by itself.")
        # This window syncs from now on; a counter or kiosk already open on this PC learns of the hub at its start.
        message += " " + tr("Restart the counter and the kiosk on this computer so they sync too.")
        self.notify(message, "success")
        self.changed.emit()

    def ask_retire(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        dialog = ConfirmDialog(tr("Retire a device"), tr("Retire %1 (%2)? That computer, with any kiosk on it, can "
                                                          "no longer reach the hub: it stops syncing for good. What "
                                                          "it already sent stays.")
                               .replace("%1", device.name).replace("%2", device.label),
                               tr("Retire %1").replace("%1", device.label), self.window())
        hub = self.app.hub

        def retire() -> object:
            found = hub.revoke(device.install_id, approved_by=self.staff_id)
            hub.status(ask_hub=True)  # the hub's own list, where it is now retired
            return found

        dialog.confirmed.connect(lambda: self._run(retire,
                                                   tr("%1 is retired.").replace("%1", device.name), "hub_revoke",
                                                   network=True))
        self._open(dialog)

    def ask_merge(self) -> None:
        conflict = self.selected_conflict()
        if conflict is None or conflict.kind != "duplicate_phone" or len(conflict.member_ids) < 2:
            return
        dialog = MergeDialog(conflict, self.window())

        def merge() -> None:
            keep, gone = dialog.kept()
            self._run(lambda: self.app.hub.merge(keep=keep, merge=gone, approved_by=self.staff_id),
                      tr("Merged: both cards now lead to one member."), "hub_merge")

        dialog.confirmed.connect(merge)
        self._open(dialog)

    def ask_write_off(self) -> None:
        conflict = self.selected_conflict()
        if conflict is None or conflict.kind not in WRITE_OFF_KINDS:
            return
        who = ", ".join(conflict.member_names) or "-"
        amount = held(conflict, self.app.ctx.programs)
        if conflict.kind == "challenge_twice":
            challenge = challenge_name(self.app.ctx.programs, str(conflict.detail.get("challenge_id", "")))
            dialog = ConfirmDialog(tr("Take back a bonus given twice"),
                                   tr("Take back %1 from %2? The bonus of the challenge “%3” was given on two "
                                      "devices apart; the member keeps the first one.")
                                   .replace("%1", amount).replace("%2", who)
                                   .replace("%3", challenge(current_language())), tr("Take back"), self.window())
        elif conflict.kind == "expiry_beyond":
            # Giving back restores what the member had: not a loss to warn of, so not the red button.
            dialog = ConfirmDialog(tr("Give back what expired twice"),
                                   tr("Give %1 back to %2? While apart, two devices each wrote off what had "
                                      "expired, taking more than the member had. What expired stays written off "
                                      "once.")
                                   .replace("%1", amount).replace("%2", who), tr("Give back"), self.window(),
                                   danger=False)
        elif conflict.kind == "voucher_twice":
            dialog = ConfirmDialog(tr("Write off at the shop's cost"),
                                   tr("Write off %1 at the shop's cost? The voucher was used on two devices apart, "
                                      "more times than it allows.").replace("%1", amount),
                                   tr("Write off"), self.window())
        else:
            dialog = ConfirmDialog(tr("Write off at the shop's cost"),
                                   tr("Write off %1 for %2? The balance goes back to zero, at the shop's cost. "
                                      "Leaving it is fine too: what the member earns next settles it.")
                                   .replace("%1", amount).replace("%2", who), tr("Write off"), self.window())
        dialog.confirmed.connect(lambda: self._run(lambda: self.app.hub.write_off(conflict.key,
                                                                                  approved_by=self.staff_id),
                                                   self.written_off, "hub_write_off"))
        self._open(dialog)

    @staticmethod
    def written_off(result: object) -> str:
        """What a write-off did, said from its result's kind (the CLI says it from the same, kiosk.cli.hub)."""
        kind = result.kind if isinstance(result, WriteOffResult) else ""
        if kind == "challenge_twice":
            return tr("Taken back: the member keeps one bonus.")
        if kind == "expiry_beyond":
            return tr("Given back: what expired is written off once.")
        return tr("Written off at the shop's cost.")

    def _run(self, change: Callable[[], object], done: str | Callable[[object], str], name: str, *,
             network: bool = False) -> None:
        def after(result: object) -> None:
            self.notify(done(result) if callable(done) else done, "success")
            self.app.hub.wake()  # the fix travels to the other devices with the next round
            self.changed.emit()

        run = self.runner.run_io if network else self.runner.run_db  # retiring asks the hub itself
        run(change, on_success=after, on_failure=lambda f: self.notify(f.message, "error"),
                           owner=self, name=f"manager.{name}")

    def retranslate_ui(self) -> None:
        self.title.setText(tr("Hub: the shop's devices"))
        self.connect_button.setText(tr("Connect to a hub"))
        if not self.syncing:
            self.sync_button.setText(tr("Sync now"))
        self.merge_button.setText(tr("Merge"))
        self.show_status(self.status)
        self._sync_buttons()  # the settle button's words, for the conflict chosen

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


__all__ = ["ConfirmDialog", "ConnectDialog", "HubPanel", "MergeDialog", "read_hub"]
