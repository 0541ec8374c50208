"""Devices and connections: the shop's devices on the hub, receipt printer status and queue, Stripe sync status and
its review list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain.events import Said
from kiosk.domain.staff import Role
from kiosk.l10n.status import sync_topic
from kiosk.services.app import Services
from kiosk.services.hub import HubStatus
from kiosk.services.ports.sync_store import ReviewItem
from kiosk.services.sync.status import SyncPause
from kiosk.ui.formatting import format_datetime, plural, spoken
from kiosk.ui.manager.common import card, fill_table, label, table, tr
from kiosk.ui.manager.hub_panel import HubPanel
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import HEADING, SCREEN, SUB_CAPTION, TITLE, scaled


@dataclass(frozen=True)
class DeviceState:
    printer: Said | str  # the printer's state (PrinterStatus.message()), said in the UI's language when shown
    printer_ready: bool
    print_waiting: int
    sync_configured: bool
    sync_online: bool | None = None
    sync_waiting: int = 0
    last_success: datetime | None = None
    last_error: Said | str | None = None  # a catalogue phrase (a sentence from an older version as it is)
    review: list[ReviewItem] = field(default_factory=list)
    paused: SyncPause | None = None  # while a fault no row can pass stops the sync
    hub: HubStatus | None = None  # None: not read (a state made by hand)
    now: datetime | None = None  # the clock when it was read: "last synced 2 min ago" is against it


def read_devices(app: Services) -> DeviceState:
    """Runs on the I/O pool: asking a printer for its status can take a second."""
    service = app.printing()
    status = service.status()
    sync = app.sync
    hub, now = app.hub.status(), app.clock.now()
    if sync is None:
        return DeviceState(status.message(), status.ready, service.pending_count(), False, hub=hub, now=now)
    s = sync.status()
    return DeviceState(status.message(), status.ready, service.pending_count(), bool(s.configured), s.online,
                       s.waiting, s.last_success, s.last_error, list(s.review), s.paused, hub=hub, now=now)


def pause_text(paused: SyncPause) -> str:
    """What a paused sync means and what to check, from the pause's codes."""
    reasons = {
        "endpoint_not_found": tr("Stripe's address answered \"no such endpoint\": it is not Stripe's API, or a "
                                 "proxy or firewall blocks it."),
        "not_stripe": tr("Something other than Stripe answered (a web page instead of Stripe)."),
        "authentication_failed": tr("Stripe refused the API key."),
        "permission_denied": tr("Stripe says the API key may not do this."),
        "tls_failed": tr("No secure connection to Stripe could be set up."),
        "repeated_refusal": tr("Stripe refused many different members with the same error: it is not about "
                               "them."),
    }
    checks = {
        "api_base": tr("Check the Stripe address setting (api_base) and any proxy or firewall."),
        "api_key": tr("Check the Stripe API key."),
        "network": tr("Check for a proxy or firewall that intercepts secure connections, and the computer's "
                      "date and time."),
        "stripe_refusal": tr("Read the error and fix its cause; the sync tries again by itself."),
    }
    reason = reasons.get(paused.reason, paused.reason)
    check = checks.get(paused.check, paused.check)
    return tr("Sync is paused; nothing is lost and the changes wait. %1 %2").replace("%1", reason) \
        .replace("%2", check)


class DevicesPage(QScrollArea):
    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None],
                 parent: QWidget | None = None, *, staff_id: str | None = None, role: Role | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName(SCREEN)
        self.setWidget(body)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.state: DeviceState | None = None
        self.title = label("", TITLE)
        printer_card, printer_layout = card()
        self.printer_title = label("", HEADING)
        self.printer_text = label("", wrap=True)
        printer_layout.addWidget(self.printer_title)
        printer_layout.addWidget(self.printer_text)
        sync_card, sync_layout = card()
        self.sync_title = label("", HEADING)
        self.sync_text = label("", wrap=True)
        self.review_title = label("", SUB_CAPTION)
        self.review = table(["", "", "", ""], [])
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.retry_selected)
        self.retry_all_button = QPushButton()
        self.retry_all_button.clicked.connect(self.retry_all)
        sync_layout.addWidget(self.sync_title)
        sync_layout.addWidget(self.sync_text)
        sync_layout.addWidget(self.review_title)
        sync_layout.addWidget(self.review, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retry_button)
        row.addWidget(self.retry_all_button)
        sync_layout.addLayout(row)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.load)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)
        # The hub first: on a shop with several devices it is what the owner comes here for.
        self.hub = HubPanel(app, runner, notify, staff_id, role)
        self.hub.changed.connect(self.load)
        self.review.setMinimumHeight(scaled(140))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(scaled(24), scaled(18), scaled(24), scaled(18))
        layout.setSpacing(scaled(14))
        layout.addLayout(head)
        layout.addWidget(self.hub)
        layout.addWidget(printer_card)
        layout.addWidget(sync_card, 1)
        self._tail = QWidget()  # takes the height the review list leaves when there is nothing to review
        layout.addWidget(self._tail, 0)
        self._layout, self._sync_card = layout, sync_card
        self.retranslate_ui()

    def load(self) -> None:
        self.runner.run_io(lambda: read_devices(self.app), on_success=self.show_state, on_failure=self._failed,
                           owner=self, name="manager.devices")

    def show_state(self, state: DeviceState) -> None:
        self.state = state
        if state.hub is not None:
            self.hub.show_status(state.hub, state.now)
        self.printer_text.setText(plural(state.print_waiting, tr("Receipt printer: %1. %n receipt waiting."),
                                         tr("Receipt printer: %1. %n receipts waiting."))
                                  .replace("%1", spoken(state.printer)))
        if not state.sync_configured:
            self.sync_text.setText(tr("Stripe is not configured: members and points stay on this computer."))
        else:
            online = {True: tr("online"), False: tr("offline"), None: tr("not tried yet")}[state.sync_online]
            last = format_datetime(state.last_success) if state.last_success else tr("never")
            text = plural(state.sync_waiting, tr("Stripe is %1; %n change waiting; last success %3."),
                          tr("Stripe is %1; %n changes waiting; last success %3.")).replace("%1", online) \
                .replace("%3", last)
            if state.paused is not None:
                text += "\n" + pause_text(state.paused)
            if state.last_error:
                text += "\n" + tr("Last error: %1").replace("%1", spoken(state.last_error))
            self.sync_text.setText(text)
        self.review_title.setText(tr("Needs review (%1)").replace("%1", f"{len(state.review):,}"))
        fill_table(self.review, [tr("What"), tr("When"), tr("Tries"), tr("Why")],
                   [(spoken(sync_topic(r.topic)), format_datetime(r.created_at), f"{r.attempts:,}",
                     spoken(r.last_error)) for r in state.review],
                   numeric_from=2)
        self.retry_button.setEnabled(bool(state.review))
        self.retry_all_button.setEnabled(bool(state.review))
        # An empty list, its "(0)" and two greyed-out buttons say nothing: they show when something needs review.
        reviewing = bool(state.review)
        for widget in (self.review_title, self.review, self.retry_button, self.retry_all_button):
            widget.setVisible(reviewing)
        self._layout.setStretchFactor(self._sync_card, 1 if reviewing else 0)
        self._layout.setStretchFactor(self._tail, 0 if reviewing else 1)

    def retry_selected(self) -> None:
        state = self.state
        sync = self.app.sync
        row = self.review.currentRow()
        if state is None or sync is None or not 0 <= row < len(state.review):
            return
        item = state.review[row]
        self.runner.run_db(lambda: sync.retry(item.outbox_id), on_success=lambda _r: self._retried(),
                           on_failure=self._failed, owner=self, name="manager.sync_retry")

    def retry_all(self) -> None:
        """Every review item back to the queue in one go (after fixing a cause they share)."""
        sync = self.app.sync
        if self.state is None or sync is None or not self.state.review:
            return
        self.runner.run_db(sync.retry_all, on_success=self._retried_all, on_failure=self._failed, owner=self,
                           name="manager.sync_retry_all")

    def _retried(self) -> None:
        self.notify(tr("Sent back to the sync queue."), "success")
        self.load()

    def _retried_all(self, count: int) -> None:
        self.notify(plural(count, tr("%n item sent back to the sync queue."),
                           tr("%n items sent back to the sync queue.")), "success")
        self.load()

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    def retranslate_ui(self) -> None:
        self.title.setText(tr("Devices and sync"))
        self.printer_title.setText(tr("Printing"))
        self.sync_title.setText(tr("Stripe sync"))
        self.retry_button.setText(tr("Retry selected"))
        self.retry_all_button.setText(tr("Retry all"))
        self.refresh_button.setText(tr("Refresh"))
        if self.state is not None:
            self.show_state(self.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
