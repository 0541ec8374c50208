"""The counter window: sign-in, then members on the left and the sale on the right, with every flow one key away."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from kiosk.domain import tokens
from kiosk.domain.errors import InvalidCode
from kiosk.ui.counter.common import CounterContext, Notifier
from kiosk.ui.counter.idle import IdleWatcher
from kiosk.ui.counter.signin import SignInScreen
from kiosk.ui.counter.workspace import build_workspace
from kiosk.ui.formatting import plural
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import SCREEN, scaled
from kiosk.ui.widgets import BusyOverlay, Toast

if TYPE_CHECKING:  # the pages' modules load where their pages are built (workspace.py), the services' once they
    # are wired: after the sign-in screen is up
    from PySide6.QtMultimedia import QCameraDevice

    from kiosk.services.accounts import MemberAccount
    from kiosk.services.app import Services
    from kiosk.services.checkout import SaleResult
    from kiosk.services.context import ShopContext
    from kiosk.services.enrollment import EnrollmentResult
    from kiosk.services.ports.printing import PrintJob
    from kiosk.services.refunds import RefundResult
    from kiosk.services.signin import SignInPreview
    from kiosk.services.staff import Session
    from kiosk.ui.counter.card import MemberCardDialog
    from kiosk.ui.counter.checkout import CheckoutPage
    from kiosk.ui.counter.enroll import EnrollPage
    from kiosk.ui.counter.header import CounterHeader
    from kiosk.ui.counter.member import MemberColumn
    from kiosk.ui.counter.printing import PrintQueuePage
    from kiosk.ui.counter.refund import RefundPage
    from kiosk.ui.counter.sale import SalePanel
    from kiosk.ui.counter.status import StatusBar
    from kiosk.ui.scanning import CameraScanner

log = logging.getLogger(__name__)


class CounterWindow(QMainWindow):
    """The cashier's whole day in one window.

    Every database, printer and network call runs through `runner` (a TaskRunner); the GUI thread only
    arranges widgets. Scanned codes arrive from the keyboard-wedge scanner (anywhere, whatever has focus)
    or the camera, and go to `handle_code`.
    """

    locked = Signal()
    unlocked = Signal()  # signed in again, after a lock or a sign-out
    signed_out = Signal()
    workspace_built = Signal()
    services_ready = Signal()  # attach: the shop opened after the first frame
    open_failed = Signal()  # shop_failed: it did not

    MAIN, CHECKOUT, ENROLL, REFUND, PRINT_QUEUE = range(5)
    # the workspace: kiosk.ui.counter.workspace builds it, once the sign-in screen is up
    member_column: MemberColumn
    sale: SalePanel
    checkout: CheckoutPage
    enroll: EnrollPage
    refund: RefundPage
    print_queue: PrintQueuePage
    status_bar: StatusBar
    pages: QStackedWidget
    header: CounterHeader

    def __init__(self, app: Services | None, *, preview: SignInPreview | None = None,
                 runner: TaskRunner | None = None,
                 video_inputs: Callable[[], Sequence[QCameraDevice]] | None = None,
                 scanner_clock: Callable[[], float] = time.monotonic, idle_lock_ms: int | None = None,
                 install_scanner: bool = True, defer_workspace: bool = False) -> None:
        """`app`: the shop's services; or None with `preview` (the shop and its staff, read early), and the
        services handed over later with `attach` (`kiosk counter` shows its sign-in screen before wiring them)."""
        super().__init__()
        if app is None and preview is None:
            raise ValueError("a counter needs the shop's services or a preview of its sign-in screen")
        self.setObjectName(SCREEN)
        self._owns_runner = runner is None
        self.runner = runner or TaskRunner(self)
        self._app: Services | None = app
        self._context: CounterContext | None = None
        self._preview = preview
        self.notifier = Notifier(self)
        self.pending_vouchers: list[str] = []
        self._locked_by: str | None = None

        # -- the sign-in screen first: with defer_workspace it is all the first frame needs
        self.signin = SignInScreen(self.runner, self._shop_now)
        self.signin.signed_in.connect(self._signed_in)
        self.runner.refused.connect(self._task_refused)
        self.signin.language_toggled.connect(self.toggle_language)
        self.root = QStackedWidget()
        self.root.addWidget(self.signin)
        self.setCentralWidget(self.root)

        self.toast = Toast(self.root)
        self.notifier.message.connect(self._notify)
        self.busy = BusyOverlay(self.root, delay_ms=400)

        self.setWindowTitle(f"{self._shop_now().shop.name} · Loyalty Kiosk")
        self.resize(scaled(1280), scaled(800))
        self.root.setCurrentWidget(self.signin)
        if app is not None:
            self._take(app)
            self.signin.load_staff()
        elif preview is not None:
            self.signin.show_staff(preview.staff)
        # The rest of the counter (members, sale, checkout, ...): at once, or one page per event-loop turn
        # once the sign-in screen is up, so no turn blocks the screen for long (`kiosk counter` defers).
        self._video_inputs = video_inputs
        self._scanner_clock = scanner_clock
        self._idle_lock_ms = idle_lock_ms
        self._install_scanner = install_scanner
        self._built = False
        self._build_steps: Iterator[None] | None = self._workspace_steps()
        if not defer_workspace:
            self.finish_building()

    # ================================================================== the shop's services
    @property
    def app(self) -> Services:
        """The shop's services (a window shown from a preview has them once `attach` has run)."""
        if self._app is None:
            raise RuntimeError("the shop's services are not ready yet")
        return self._app

    @property
    def context(self) -> CounterContext:
        if self._context is None:
            raise RuntimeError("the shop's services are not ready yet")
        return self._context

    def has_services(self) -> bool:
        return self._app is not None

    def attach(self, app: Services) -> None:
        """The services, wired after the sign-in screen showed: a PIN entered meanwhile signs in now, and the
        rest of the counter can be built (`build_in_background`)."""
        if self._context is not None:
            raise RuntimeError("the counter already has its services")
        self._take(app)
        self.services_ready.emit()

    def open_in_background(self, open_app: Callable[[], Services]) -> None:
        """Open the shop (`open_app` wires it) on the database worker, once the sign-in screen is up: then
        `attach`, or `shop_failed`. The GUI thread stays free, and a sign-in queues behind it."""
        self.runner.run_db(open_app, on_success=self.attach, on_failure=self.shop_failed, owner=self,
                           name="open the shop")

    def shop_failed(self, failure: TaskFailure) -> None:
        """The shop could not be opened after the window showed: the sign-in screen says why, and stays locked."""
        log.error("the counter could not open the shop: %s", failure.code)
        self.signin.shop_failed(failure)
        self.open_failed.emit()

    def _take(self, app: Services) -> None:
        self._app = app
        self._context = CounterContext(app=app, runner=self.runner)
        self.signin.attach(app.staff)

    def _shop_now(self) -> ShopContext:
        if self._app is not None:
            return self._app.ctx
        assert self._preview is not None
        return self._preview.ctx

    # ================================================================== building
    def is_built(self) -> bool:
        return self._built

    def finish_building(self) -> None:
        """Build whatever of the counter is not built yet, now (signing in needs all of it)."""
        if self._app is None:
            raise RuntimeError("the counter's pages need the shop's services")
        while self._build_steps is not None:
            self._build_step(schedule_next=False)

    def build_in_background(self) -> None:
        """Build the rest one page per event-loop turn (called once the sign-in screen is usable and the
        services are attached)."""
        if self._build_steps is not None and self._app is not None:
            QTimer.singleShot(0, self._build_step)

    def _build_step(self, schedule_next: bool = True) -> None:
        if self._build_steps is None:
            return
        try:
            next(self._build_steps)
        except StopIteration:
            self._build_steps = None
            self._built = True
            self.workspace_built.emit()
            return
        if schedule_next:
            QTimer.singleShot(0, self._build_step)

    def _workspace_steps(self) -> Iterator[None]:
        yield from build_workspace(self, video_inputs=self._video_inputs)

        # -- wiring between screens
        self.header.refund_button.clicked.connect(lambda: self.open_refund())
        self.header.queue_button.clicked.connect(self.open_print_queue)
        self.header.reprint_button.clicked.connect(self.reprint_last)
        self.header.language_button.clicked.connect(self.toggle_language)
        self.header.lock_button.clicked.connect(self.lock)
        self.header.sign_out_button.clicked.connect(self.sign_out)
        self.member_column.member_loaded.connect(self._member_loaded)
        self.member_column.enroll_requested.connect(self.open_enroll)
        self.member_column.card_requested.connect(self.show_member_card)
        self.member_column.refund_requested.connect(self.open_refund)
        self.member_column.camera_code_scanned.connect(lambda code: self.handle_code(code, source="camera"))
        self.sale.checkout_requested.connect(self.open_checkout)
        from kiosk.ui.counter.parked import ParkingDesk

        self.parking = ParkingDesk(self, self.context, self.notifier, sale=self.sale, members=self.member_column,
                                   pending_vouchers=self.pending_vouchers,
                                   on_main=lambda: self.pages.currentIndex() == self.MAIN, locked=self.is_locked,
                                   next_customer=self.next_customer)
        self.sale.park_requested.connect(self.parking.park)
        self.sale.parked_requested.connect(self.parking.open)
        self.customer_display: QWidget | None = None  # kiosk counter --customer-display SCREEN
        self.checkout.back_requested.connect(self.show_main)
        self.checkout.sale_completed.connect(self._sale_completed)
        self.checkout.next_customer.connect(self.next_customer)
        self.checkout.reprint_requested.connect(self.reprint_this_sale)
        self.enroll.cancelled.connect(self.show_main)
        self.enroll.enrolled.connect(self._enrolled)
        self.refund.closed.connect(self.show_main)
        self.refund.refunded.connect(self._refunded)
        self.print_queue.closed.connect(self.show_main)
        self.print_queue.changed.connect(self.status_bar.refresh)
        self.status_bar.printer_clicked.connect(self.open_print_queue)
        self.card_dialog: MemberCardDialog | None = None

        # -- scanning, idle lock, shortcuts
        from kiosk.ui.scanning import WedgeScanner

        ui = self.app.ui
        self.wedge = WedgeScanner(self, max_gap_ms=ui.scanner_max_key_gap_ms, min_length=ui.scanner_min_length,
                                  clock=self._scanner_clock)
        self.wedge.code_scanned.connect(lambda code: self.handle_code(code, source="scanner"))
        if self._install_scanner:
            self.wedge.install()
        self.idle = IdleWatcher(self._idle_lock_ms if self._idle_lock_ms is not None
                               else ui.idle_lock_seconds * 1000, self)
        self.idle.idle.connect(self._idle_timeout)
        qapp = QCoreApplication.instance()
        if qapp is not None:
            qapp.installEventFilter(self.idle)
        self._shortcuts: dict[str, QShortcut] = {}
        for key, action in (("F2", self.focus_search), ("F3", self.open_enroll), ("F4", self.toggle_camera),
                            ("F5", self.open_checkout), ("F6", self.open_print_queue), ("F8", self.open_refund),
                            ("F9", self.reprint_last), ("F12", self.toggle_language), ("Ctrl+L", self.lock),
                            ("Ctrl+F", self.focus_item_search), ("F7", self.parking.park), ("F10", self.parking.open),
                            ("Esc", self.cancel)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            self._shortcuts[key] = shortcut

        self.retranslate_ui()
        self._set_work_shortcuts(False)
        QTimer.singleShot(1500, self._after_start)  # camera probing waits until the window is up

    # ================================================================== state
    def is_locked(self) -> bool:
        return self.root.currentWidget() is self.signin

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def _signed_in(self, session: Session) -> None:
        self.finish_building()
        self.context.staff = session
        self._locked_by = None
        self.root.setCurrentIndex(1)
        self._set_work_shortcuts(True)
        self.idle.arm()
        self.status_bar.start()
        self.retranslate_ui()
        self.notifier.success(self.tr("Hello, {name}").format(name=session.name))
        self.parking.refresh()
        if self.pages.currentIndex() == self.MAIN:
            self.focus_search()
        self.unlocked.emit()

    def lock(self) -> None:
        """Keep the sale and member as they are; any staff PIN opens the counter again."""
        self._lock("by_hand")

    def _lock(self, reason: str | None) -> None:
        """`reason` for the audit log ("by_hand", "idle"); None when the session ends another way."""
        if self.is_locked() or self.context.staff is None:
            return
        if reason is not None:
            self._audit_session_end("counter.locked", reason)
        self._locked_by = self.context.staff.name
        self.toast.hide()  # what the cashier was told is not for whoever unlocks next
        self.close_dialogs()
        self.member_column.stop_camera()
        self.signin.set_locked(self._locked_by)
        self.root.setCurrentWidget(self.signin)
        self._set_work_shortcuts(False)
        self.idle.disarm()
        self.status_bar.stop()
        self.signin.load_staff()  # staff disabled or added meanwhile, on any device
        self.locked.emit()

    def close_dialogs(self) -> None:
        """Close what floats over the counter (an item's choices, the parked sales, a member's card or membership,
        a manager's PIN asked for): none of it is for whoever unlocks next, nor for the next customer. Nothing
        was written by an open dialog, so closing one changes nothing."""
        self.sale.close_modifiers()
        for dialog in (self.parking.dialog, self.card_dialog, self.member_column.membership_dialog,
                       self.checkout.approval, self.refund.approval):
            if dialog is not None:
                dialog.reject()

    def sign_out(self) -> None:
        """End the shift at this counter: the sale and member are cleared."""
        if self.context.staff is not None:
            self._audit_session_end("staff.sign_out", "by_hand")
        self.toast.hide()
        self.close_dialogs()
        self.member_column.stop_camera()
        self.member_column.clear_member()
        self.sale.clear()
        self.pending_vouchers.clear()
        self.pages.setCurrentIndex(self.MAIN)
        self.context.staff = None
        self._locked_by = None
        self.signin.set_locked(None)
        self.root.setCurrentWidget(self.signin)
        self._set_work_shortcuts(False)
        self.idle.disarm()
        self.status_bar.stop()
        self.signin.load_staff()
        self.signed_out.emit()

    def _idle_timeout(self) -> None:
        self._lock("idle")

    def _audit_session_end(self, action: str, reason: str) -> None:
        """The audit log notes who left the counter, and how (the write waits its turn on the database worker)."""
        staff_id, staff = self.context.staff.staff_id if self.context.staff else None, self.app.staff
        if staff_id is None:
            return
        self.runner.run_db(lambda: staff.end_session(staff_id, action=action, reason=reason), owner=self,
                           on_failure=lambda failure: log.warning("session end not audited: %s", failure.code),
                           name="audit the end of a session")

    def _task_refused(self, failure: TaskFailure) -> None:
        """A write refused because the signed-in staff member has been disabled (here, on the CLI or on another
        device): their session ends. The sale and member stay for whoever signs in next, as on a lock."""
        if failure.code != "staff.disabled" or self._context is None or self.context.staff is None \
                or self.is_locked() or failure.params.get("staff_id") != self.context.staff.staff_id:
            return  # (an approver disabled meanwhile: the cashier's session goes on, the sale was refused)
        self._audit_session_end("staff.sign_out", "staff_disabled")
        self._lock(None)
        self.context.staff = None  # nothing is done in their name any more
        self._locked_by = None
        self.signin.set_locked(None)
        self.signin.show_problem(failure.message)

    def _set_work_shortcuts(self, enabled: bool) -> None:
        for key, shortcut in self._shortcuts.items():
            shortcut.setEnabled(enabled or key == "F12")

    # ================================================================== navigation
    def show_main(self) -> None:
        self.pages.setCurrentIndex(self.MAIN)
        self.focus_search()

    def focus_search(self) -> None:
        if self.pages.currentIndex() != self.MAIN:
            return
        self.member_column.focus_search()

    def focus_item_search(self) -> None:
        if self.pages.currentIndex() == self.MAIN:
            self.sale.focus_search()

    def toggle_camera(self) -> None:
        if self.pages.currentIndex() == self.MAIN:
            self.member_column.toggle_camera()

    def open_checkout(self) -> None:
        if self.pages.currentIndex() != self.MAIN:
            return
        if self.sale.basket.is_empty():
            self.notifier.info(self.tr("Add something to the basket first."))
            return
        self.member_column.stop_camera()
        # The sale keeps (and its receipt prints) its lines in the shop's language, as it does everything else on
        # the receipt and as `kiosk sale` does; the basket and the customer display name them for their readers.
        self.checkout.begin(self.sale.basket.cart_lines(self.app.ctx.language), self.member_column.account,
                            vouchers=self.pending_vouchers)
        self.pages.setCurrentIndex(self.CHECKOUT)
        self.checkout.setFocus()

    def open_enroll(self) -> None:
        if self.pages.currentIndex() not in (self.MAIN, self.ENROLL):
            return
        self.member_column.stop_camera()
        self.enroll.begin(phone=self.member_column.search.text())
        self.pages.setCurrentIndex(self.ENROLL)

    def open_refund(self, receipt_no: str = "") -> None:
        if self.pages.currentIndex() not in (self.MAIN, self.REFUND):
            return
        self.refund.begin(receipt_no if isinstance(receipt_no, str) else "")
        self.pages.setCurrentIndex(self.REFUND)

    def open_print_queue(self) -> None:
        if self.is_locked() or self.pages.currentIndex() not in (self.MAIN, self.PRINT_QUEUE):
            return
        self.print_queue.refresh()
        self.pages.setCurrentIndex(self.PRINT_QUEUE)

    def cancel(self) -> None:
        """Esc: step back from whatever is open."""
        page = self.pages.currentIndex()
        if page == self.CHECKOUT:
            if self.checkout.is_showing_result():
                self.next_customer()
            else:
                self.show_main()
        elif page in (self.ENROLL, self.REFUND, self.PRINT_QUEUE):
            self.show_main()
        elif self.sale.search.text():
            self.sale.clear_search()
        elif self.member_column.pages.currentIndex() == self.member_column.CAMERA:
            self.member_column.stop_camera()
        elif self.member_column.search.text():
            self.member_column.search.clear()
            self.member_column.search.textEdited.emit("")
        elif self.member_column.account is not None:
            self.member_column.clear_member()

    def next_customer(self) -> None:
        self.checkout.stop_new_sale_countdown()
        self.close_dialogs()
        self.toast.hide()  # the last customer's messages leave with them
        self.member_column.clear_member()
        self.sale.clear()
        self.pending_vouchers.clear()
        self.show_main()

    # ================================================================== scanning
    def handle_code(self, code: str, *, source: str = "scanner") -> None:
        """A code from the wedge scanner or camera: a voucher goes on the bill, anything else finds a member."""
        if self.is_locked():
            self.notifier.info(self.tr("Sign in first, then scan again."))
            return
        code = code.strip()
        if self._is_voucher(code):
            if self.pages.currentIndex() == self.CHECKOUT and not self.checkout.is_showing_result():
                self.checkout.add_voucher(code)
            elif code not in self.pending_vouchers:
                self.pending_vouchers.append(code)
                self.notifier.info(self.tr("Voucher noted: it is applied at checkout."))
            return
        page = self.pages.currentIndex()
        if page == self.CHECKOUT and self.checkout.is_showing_result():
            self.next_customer()  # the next customer's card: the Paid screen gives way to their sale
            page = self.MAIN
        if page in (self.ENROLL, self.REFUND, self.PRINT_QUEUE):
            self.notifier.info(self.tr("Finish or close this screen, then scan the card again."))
            return
        self.member_column.load_member(code, source=source)

    @staticmethod
    def _is_voucher(code: str) -> bool:
        try:
            normal = tokens.normalize(code)
        except InvalidCode:
            return False
        return normal.startswith(tokens.PREFIX + tokens.VOUCHER)

    def _after_start(self) -> None:
        self.member_column.check_camera()

    def camera_scanner(self) -> CameraScanner:
        """The CameraScanner (created on first use); its codes go to handle_code."""
        return self.member_column.ensure_camera_scanner()

    # ================================================================== member and sale events
    def _member_loaded(self, account: MemberAccount) -> None:
        if self.pages.currentIndex() == self.CHECKOUT and not self.checkout.is_showing_result():
            current = self.checkout.account
            if current is not None and current.member_id == account.member_id:
                self.checkout.refresh_account(account)  # read again (a language switch): the choices stay
            else:
                self.checkout.set_account(account)

    def _sale_completed(self, result: SaleResult) -> None:
        self.status_bar.refresh()
        if result.member_id:
            self.member_column.reload()

    def _enrolled(self, result: EnrollmentResult, printed: bool) -> None:
        message = plural(result.signup_points, self.tr("Welcome, {name}! +%n sign-up point"),
                         self.tr("Welcome, {name}! +%n sign-up points")).format(name=result.display_name)
        if printed:
            message += " · " + self.tr("the card is printing")
            self.app.wake_printer()
        self.notifier.success(message)
        self.pages.setCurrentIndex(self.MAIN)
        self.member_column.load_member(result.member_id, source="enrolled")

    def _refunded(self, result: RefundResult) -> None:
        self.status_bar.refresh()
        self.member_column.reload()

    def show_member_card(self) -> None:
        account = self.member_column.account
        if account is None:
            return
        from kiosk.ui.counter.card import MemberCardDialog

        dialog = MemberCardDialog(self.context, self.notifier, member_code=account.member_code,
                                  member_name=account.display_name, parent=self)
        dialog.finished.connect(lambda _code: setattr(self, "card_dialog", None))
        self.card_dialog = dialog
        dialog.open()

    def reprint_this_sale(self) -> None:
        """The Paid screen's reprint: this sale's receipt (printed now if the customer first wanted none)."""
        result = self.checkout.result if self.checkout.is_showing_result() else None
        if result is None or self.is_locked():
            self.reprint_last()
            return
        self.checkout.stop_new_sale_countdown()  # the customer is still here
        app, sale_id = self.app, result.sale_id
        self.runner.run_io(lambda: app.printing().reprint(sale_id), owner=self, name="reprint this sale",
                           on_success=self._reprinted, on_failure=self._reprint_failed)

    def reprint_last(self) -> None:
        if self.is_locked():
            return
        if self.pages.currentIndex() == self.CHECKOUT and self.checkout.is_showing_result():
            self.reprint_this_sale()
            return
        if self.pages.currentIndex() == self.REFUND and self.refund.is_loaded() and self.refund.result is None:
            # the receipt on screen; once refunded, the slip just printed (the last receipt), as before
            self.refund.print_copy()
            return
        app = self.app
        self.runner.run_io(lambda: app.printing().reprint_last(), owner=self, name="reprint last receipt",
                           on_success=self._reprinted, on_failure=self._reprint_failed)

    def _reprinted(self, job: PrintJob | None) -> None:
        if job is None:  # a fresh till: nothing went wrong, there is simply nothing to copy
            self.notifier.info(self.tr("Nothing has printed yet, so there is no receipt to copy."))
            return
        self.app.wake_printer()
        self.notifier.success(self.tr("A copy of the last receipt is printing."))
        self.status_bar.refresh()

    def _reprint_failed(self, failure: TaskFailure) -> None:
        self.notifier.error(failure.message)

    def _failed(self, failure: TaskFailure) -> None:
        self.notifier.error(failure.message)

    def _notify(self, text: str, kind: str) -> None:
        self.toast.show_message(text, kind=kind)

    # ================================================================== language
    def toggle_language(self) -> None:
        qapp = QApplication.instance()
        if qapp is not None:
            set_language(qapp, ENGLISH if current_language() == THAI else THAI)

    def retranslate_ui(self) -> None:
        if self.is_built():  # the sign-in screen translates itself; the header follows when built
            self.header.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ================================================================== shutdown
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def customer_display_gone(self) -> None:
        self.customer_display = None

    def shutdown(self) -> None:
        """Stop scanning and timers; a runner this window created finishes its tasks and stops."""
        display = getattr(self, "customer_display", None)  # absent before the workspace is built
        if display is not None:
            display.close()
        self._build_steps = None  # closing before the counter was fully built: nothing left to stop there
        if not self._built:
            self._stop_runner()
            return
        self.status_bar.stop()
        self.idle.disarm()
        self.wedge.uninstall()
        qapp = QCoreApplication.instance()
        if qapp is not None:
            qapp.removeEventFilter(self.idle)
        self.member_column.stop_camera()
        self._stop_runner()

    def _stop_runner(self) -> None:
        if self._owns_runner:
            # Before the services arrive only their opening can be in flight (what needs them waits for it):
            # nothing to wait for, the run that opens them closes a shop that arrives after the window went.
            if self._app is not None:
                self.runner.wait_idle(3000)
            self.runner.shutdown(wait=False)
