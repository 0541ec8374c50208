"""The kiosk's staff desk behind the hot corner: a manager's PIN, then the printer's state and its receipts
waiting, a copy of the last receipt, a held receipt reprinted or removed, the language each customer starts in,
and leaving the kiosk. The staff screen (kiosk.ui.selfservice.staff) shows it; this asks the services."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.domain.events import Said
from kiosk.domain.staff import Role
from kiosk.services.app import Services
from kiosk.services.ports.printing import PrintJob
from kiosk.services.staff import Session
from kiosk.ui.i18n import ENGLISH, THAI
from kiosk.ui.selfservice.staff import StaffScreen
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.widgets import Toast


class StaffDesk(QObject):
    """What the staff screen's buttons do. `show_page` and `page` move the kiosk between its screens; `leave`
    unlocks and closes the kiosk; `language` is the one each customer starts in (until the app restarts)."""

    def __init__(self, app: Services, runner: TaskRunner, screen: StaffScreen, toast: Toast, *,
                 language: str, page: Callable[[], str], show_page: Callable[[str], None],
                 leave: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.screen = screen
        self.toast = toast
        self.language = language
        self._page = page
        self._show_page = show_page
        self._before = "attract"
        screen.cancelled.connect(self.close)
        screen.pin_entered.connect(self._authorize)
        screen.leave_requested.connect(leave)
        screen.refresh_requested.connect(self.refresh)
        screen.reprint_last_requested.connect(self._reprint_last)
        screen.reprint_held_requested.connect(self._reprint_held)
        screen.dismiss_held_requested.connect(self._dismiss_held)
        screen.language_default_toggled.connect(self.toggle_language)

    def open(self) -> None:
        """The hot corner's gesture: the PIN pad, over whatever the kiosk showed (it returns there)."""
        if self._page() == "staff":
            return
        self._before = self._page()
        self.screen.reset()
        self._show_page("staff")

    def close(self) -> None:
        self.screen.reset()
        self._show_page(self._before if self._before != "staff" else "attract")

    def toggle_language(self) -> None:
        """The language each customer starts in (until the app restarts; the shop's config sets it for good)."""
        self.language = ENGLISH if self.language == THAI else THAI
        self.screen.show_default_language(self.language)

    def refresh(self) -> None:
        """Printer status, receipts waiting and the newest held one: asked on the I/O pool (it talks to the printer)."""
        app = self.app

        def read() -> tuple[Said | str, int, PrintJob | None]:
            service = app.printing()
            jobs = service.pending()
            held = [job for job in jobs if job.status == "held"]
            return service.status_said(), len(jobs), (held[-1] if held else None)

        self.runner.run_io(read, on_success=lambda result: self.screen.show_printer(*result), on_failure=self._fail,
                           owner=self, name="kiosk: staff printer panel")

    def _fail(self, failure: TaskFailure) -> None:
        self.toast.show_error(failure.message)

    def _authorize(self, pin: str) -> None:
        self.runner.run_db(lambda: self.app.staff.authorize(pin, min_role=Role.MANAGER, action="kiosk_exit"),
                           on_success=self._unlocked,
                           on_failure=lambda failure: self.screen.show_error(failure.message), owner=self,
                           name="kiosk: manager PIN")

    def _unlocked(self, session: Session) -> None:
        self.screen.show_default_language(self.language)
        self.screen.show_menu(session.name)
        self.refresh()

    def _printed(self, message: str) -> None:
        self.app.wake_printer()
        self.toast.show_message(message, kind="success")
        self.refresh()

    def _reprint_last(self) -> None:
        app = self.app
        self.runner.run_io(lambda: app.printing().reprint_last(), owner=self, name="kiosk: reprint last",
                           on_success=self._reprinted_last, on_failure=self._fail)

    def _reprinted_last(self, job: PrintJob | None) -> None:
        if job is None:  # nothing printed yet: nothing went wrong
            self.toast.show_message(self.tr("Nothing has printed yet, so there is no receipt to copy."))
        else:
            self._printed(self.tr("A copy of the last receipt is printing."))

    def _reprint_held(self, job_id: str) -> None:
        if not job_id:
            return
        app = self.app
        self.runner.run_io(lambda: app.printing().reprint(job_id), owner=self, name="kiosk: reprint held",
                           on_success=lambda _job: self._printed(self.tr("A copy is printing.")),
                           on_failure=self._fail)

    def _dismiss_held(self, job_id: str) -> None:
        if not job_id:
            return
        app = self.app
        self.runner.run_io(lambda: app.printing().dismiss(job_id), owner=self, name="kiosk: dismiss held",
                           on_success=lambda _none: self._printed(self.tr("Removed from the queue.")),
                           on_failure=self._fail)
