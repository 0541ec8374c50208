"""The counter's status bar: the printer queue, Stripe sync and the hub at a glance, refreshed in the background."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from kiosk.domain.documents import DRAWER_KICK
from kiosk.domain.events import Message, Said
from kiosk.domain.text import Phrase
from kiosk.services.app import Services
from kiosk.services.hub_connect import HubGlance
from kiosk.services.printing import held_reason
from kiosk.ui.counter.common import CounterContext, button, label
from kiosk.ui.formatting import plural, render_text, spoken
from kiosk.ui.hub_words import glance_text
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import FLAT, SUB_CAPTION, scaled

REFRESH_MS = 5000


@dataclass(frozen=True)
class PrinterState:
    waiting: int  # receipts and slips: paper to come
    held: int
    problem: Phrase | None  # why the oldest job with an error is not printed, said in the screen's language
    drawer: int = 0  # cash drawer openings not yet sent: no paper, so no receipt waiting
    held_why: Message | None = None  # what happened to the newest held receipt, said short


@dataclass(frozen=True)
class SyncState:
    configured: bool
    online: bool | None
    waiting: int | None  # changes not yet sent to Stripe
    review: int = 0  # items a manager must look at
    last_error: Said | str = ""  # a catalogue phrase, or a sentence an older version stored
    paused: bool = False  # a fault no row can pass (key, address, proxy): a manager must fix the settings
    hub: HubGlance = field(default_factory=lambda: HubGlance(configured=False))
    now: datetime | None = None  # the clock when it was read: "Synced 2 min ago" is against it


def read_printer_state(app: Services) -> PrinterState:
    """Runs on the I/O pool: the print queue is its own small database read."""
    jobs = app.printing().pending()
    paper = [job for job in jobs if job.kind != DRAWER_KICK]
    held_jobs = [job for job in paper if job.status == "held"]
    problem = next((job.last_error for job in jobs if job.last_error is not None), None)
    return PrinterState(waiting=len(paper) - len(held_jobs), held=len(held_jobs), problem=problem,
                        drawer=len(jobs) - len(paper), held_why=held_reason(held_jobs[-1]) if held_jobs else None)


def read_sync_state(app: Services) -> SyncState:
    """Runs on the I/O pool. Without the Stripe sync service wired, the outbox count still shows."""
    sync = app.sync
    hub, now = app.hub.glance(), app.clock.now()
    if sync is None:
        return SyncState(configured=False, online=None, waiting=app.checkout.outbox_pending_count(), hub=hub,
                         now=now)
    status = sync.status(review_limit=0)  # the count is enough here; the manager's page lists them
    return SyncState(configured=bool(status.configured), online=status.online, waiting=status.waiting,
                     review=status.review_count, last_error=status.last_error or "",
                     paused=status.paused is not None, hub=hub, now=now)


class StatusBar(QFrame):
    """Printer and sync state along the bottom; tapping the printer opens the queue."""

    printer_clicked = Signal()

    def __init__(self, context: CounterContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self._context = context
        self.printer_state: PrinterState | None = None
        self.sync_state: SyncState | None = None
        self._reading = False
        self.printer = button(name=FLAT, focus=False)
        # a status line, not a main action: a slimmer target than the 48 px buttons above it
        self.printer.setStyleSheet(f"min-height: {scaled(34)}px; padding: 0px {scaled(8)}px; "
                                   f"font-size: {scaled(15)}px;")
        self.printer.clicked.connect(self.printer_clicked)
        self.sync = label("", SUB_CAPTION)
        # long sync or printer text must never widen the window: it is cut instead
        self.sync.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.printer.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.printer.setMinimumWidth(scaled(120))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(scaled(8), 0, scaled(8), 0)
        layout.setSpacing(scaled(18))
        layout.addWidget(self.printer)
        layout.addWidget(self.sync, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate_ui()

    def message_area(self) -> QWidget:
        """Where the counter's messages show: the line beside the printer link."""
        return self.sync

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        if self._reading:
            return  # the last read has not come back: do not pile up reads behind a slow disk
        self._reading = True
        app = self._context.app
        self._context.runner.run_io(lambda: (read_printer_state(app), read_sync_state(app)), owner=self,
                                    on_success=self._show, on_failure=self._failed, name="status bar")

    def retranslate_ui(self) -> None:
        printer = self.printer_state
        if printer is None:
            self.printer.setText("🖨  " + self.tr("Printer: checking…"))
        elif printer.held:
            # what happened, not "a restart" for every held receipt: the printer dropped the connection part-way...
            held = plural(printer.held, self.tr("%n receipt held"), self.tr("%n receipts held"))
            why = spoken(printer.held_why) if printer.held_why is not None else ""
            self.printer.setText("🖨  " + self.tr("{held}, {why}: tap to check").format(held=held, why=why))
        elif printer.waiting:
            self.printer.setText("🖨  " + plural(printer.waiting, self.tr("%n receipt waiting for the printer"),
                                                 self.tr("%n receipts waiting for the printer")))
        elif printer.drawer:  # a drawer opening is no receipt; it waits for the printer it is wired to
            self.printer.setText("🖨  " + render_text("print_job.drawer_waiting"))
        else:
            self.printer.setText("🖨  " + self.tr("Printer: all printed"))
        self.printer.setToolTip(spoken(printer.problem) if printer and printer.problem is not None
                                else self.tr("Open the printer queue (F6)"))
        # The cashier hears about the online sync only when it needs someone: counts, review lists and a shop
        # without Stripe at all are the manager's (Devices and sync), not the till's.
        sync = self.sync_state
        if sync is None or not sync.configured:
            text = ""
        elif sync.paused:
            text = self.tr("Online sync is paused: sales are kept here; ask a manager")
        elif sync.online is False:
            text = self.tr("Offline: sales are kept here and sent when the connection is back")
        else:
            text = ""
        hub = self.hub_text()
        if hub:  # the hub first: whether the other tills have this till's sales is what a cashier is asked
            text = hub + (" · " + text if text else "")
        self.sync.setText("⇅  " + text if text else "")
        self.sync.setToolTip("")

    def hub_text(self) -> str:
        """"Synced 2 min ago" / "Offline since 10:42, 3 sales to send"; empty on a device with no hub."""
        sync = self.sync_state
        if sync is None or not sync.hub.configured or sync.now is None:
            return ""
        ctx = self._context.app.ctx
        last = sync.hub.last_contact
        return glance_text(sync.hub, now=sync.now, local=ctx.local(last) if last is not None else None,
                           local_now=ctx.local(sync.now))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _show(self, states: tuple[PrinterState, SyncState]) -> None:
        self._reading = False
        self.printer_state, self.sync_state = states
        self.retranslate_ui()

    def _failed(self, failure: TaskFailure) -> None:
        self._reading = False  # the next refresh tries again; a failed read is not the cashier's to see
