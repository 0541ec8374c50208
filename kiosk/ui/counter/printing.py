"""The print queue as the cashier sees it: what waits, what is held and why, reprint or dismiss."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.documents import DRAWER_KICK
from kiosk.domain.events import Said
from kiosk.services.ports.printing import PrintJob
from kiosk.ui.counter.common import (
    CounterContext,
    Notifier,
    button,
    card,
    label,
    with_key,
)
from kiosk.ui.counter.models import PrintQueueModel
from kiosk.ui.counter.tables import compact_table
from kiosk.ui.formatting import spoken
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import DANGER, PRIMARY, SCREEN, SUB_CAPTION, TITLE, scaled


class PrintQueuePage(QWidget):
    """Pending and held print jobs. Held jobs went out unconfirmed (connection dropped, no answer, the app
    stopped): check the paper, then reprint or dismiss. All printer work runs on the I/O pool; nothing here waits
    for the printer."""

    closed = Signal()
    changed = Signal()

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self._context = context
        self._notifier = notifier
        self._printer_state: Said | None = None  # what the printer last said of itself, None before it answers
        self.model = PrintQueueModel(self, timezone=context.app.ctx.tz)
        self.title = label("", TITLE)
        self.subtitle = label("", SUB_CAPTION, wrap=True)
        self.printer_line = label("", SUB_CAPTION, wrap=True)
        self.table = compact_table(self.model, stretch=PrintQueueModel.PROBLEM)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync())
        self.empty = label("", SUB_CAPTION)
        self.close_button = button(focus=False)
        self.close_button.clicked.connect(self.closed)
        self.refresh_button = button(focus=False)
        self.refresh_button.clicked.connect(self.refresh)
        self.reprint_button = button(focus=False)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.dismiss_button = button(name=DANGER, focus=False)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.reprint_last_button = button(name=PRIMARY, focus=False)
        self.reprint_last_button.clicked.connect(self.reprint_last)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        actions.addWidget(self.dismiss_button)
        actions.addWidget(self.reprint_button)
        actions.addWidget(self.reprint_last_button)
        queue_card, box = card(margins=24)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addWidget(self.printer_line)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty)
        box.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(queue_card)
        self.setMinimumHeight(scaled(300))
        self.retranslate_ui()

    # ------------------------------------------------------------------ API
    def refresh(self) -> None:
        app = self._context.app

        def read() -> tuple[list[PrintJob], Said | None]:
            service = app.printing()
            return service.pending(), service.status_said()

        self._context.runner.run_io(read, on_success=self._show, on_failure=self._failed, owner=self,
                                    name="read print queue")

    def reprint_last(self) -> None:
        app = self._context.app
        self._context.runner.run_io(lambda: app.printing().reprint_last(), owner=self, name="reprint last",
                                    on_success=self._reprinted_last, on_failure=self._failed)

    def _reprinted_last(self, job: PrintJob | None) -> None:
        if job is None:  # nothing printed yet: nothing went wrong
            self._notifier.info(self.tr("Nothing has printed yet, so there is no receipt to copy."))
        else:
            self._done(self.tr("A copy of the last receipt is printing."))

    def reprint_selected(self) -> None:
        job = self._selected()
        if job is None:
            return
        app = self._context.app
        self._context.runner.run_io(lambda: app.printing().reprint(job.id), owner=self, name="reprint job",
                                    on_success=lambda _job: self._done(self.tr("A copy is printing.")),
                                    on_failure=self._failed)

    def dismiss_selected(self) -> None:
        job = self._selected()
        if job is None:
            return
        app = self._context.app
        self._context.runner.run_io(lambda: app.printing().dismiss(job.id), owner=self, name="dismiss job",
                                    on_success=lambda _none: self._done(self.tr("Removed from the queue.")),
                                    on_failure=self._failed)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Printer queue"))
        self.subtitle.setText(self.tr("Receipts wait here until the printer confirms them. A held receipt went to "
                                      "the printer but was not confirmed (the Problem column says what happened): "
                                      "check whether it came out, then reprint or dismiss it."))
        self.empty.setText(self.tr("Nothing is waiting: every receipt has printed."))
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.reprint_button.setText(self.tr("Reprint selected"))
        self.dismiss_button.setText(self.tr("Dismiss selected"))
        self.reprint_last_button.setText(with_key(self.tr("Reprint last receipt"), "F9"))
        self._show_printer_state()
        self._sync()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _selected(self) -> PrintJob | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show(self, data: tuple[list[PrintJob], Said | None]) -> None:
        jobs, self._printer_state = data
        self.model.set_rows(jobs)
        self._show_printer_state()
        self._sync()

    def _show_printer_state(self) -> None:
        """The printer's state in the UI's language (said again when the language changes)."""
        state = self._printer_state
        self.printer_line.setText(self.tr("Printer: {state}").format(state=spoken(state)) if state else "")

    def _sync(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        job = self._selected()
        # a cash drawer's opening is no document: there is nothing to reprint, only to dismiss
        self.reprint_button.setEnabled(job is not None and job.kind != DRAWER_KICK)
        self.dismiss_button.setEnabled(job is not None)

    def _done(self, message: str) -> None:
        self._notifier.success(message)
        self._context.app.wake_printer()
        self.refresh()
        self.changed.emit()

    def _failed(self, failure: TaskFailure) -> None:
        self._notifier.error(failure.message)
