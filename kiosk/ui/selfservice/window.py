"""The self-service kiosk window: locked full screen, one customer at a time, everything forgotten on idle."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtMultimedia import QCameraDevice, QMediaDevices
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.commands import DonatePoints, EnrollMember, IssueVoucher
from kiosk.domain.events import PointsDonated
from kiosk.services.accounts import MemberAccount
from kiosk.services.app import Services
from kiosk.services.context import ShopContext
from kiosk.services.enrollment import EnrollmentResult
from kiosk.services.feedback import RateVisit, VisitFeedback
from kiosk.services.redemption import DonationResult, VoucherResult
from kiosk.ui.formatting import plural, render_text
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.scanning import CameraScanner, WedgeScanner
from kiosk.ui.selfservice.account import AccountScreen
from kiosk.ui.selfservice.actions import (
    DonateScreen,
    FeedbackScreen,
    MembershipScreen,
    VoucherScreen,
)
from kiosk.ui.selfservice.attract import AttractScreen
from kiosk.ui.selfservice.common import Screen, button, is_compact, label, new_command_id
from kiosk.ui.selfservice.enroll import EnrollForm, EnrollScreen, WelcomeScreen
from kiosk.ui.selfservice.signin import PhoneSignInScreen
from kiosk.ui.selfservice.staff import HotCorner, StaffScreen
from kiosk.ui.selfservice.staff_desk import StaffDesk
from kiosk.ui.selfservice.style import kiosk_stylesheet
from kiosk.ui.selfservice.visits import Visits, printer_ready
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import repolish, scaled
from kiosk.ui.widgets import BusyOverlay, Toast

log = logging.getLogger(__name__)

ACTIVITY_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                   QEvent.Type.Wheel, QEvent.Type.TouchUpdate}
SCAN_PAGES = ("attract", "phone")  # a code scanned elsewhere belongs to nobody's session: ignored


class SelfServiceWindow(QWidget):
    """Every kiosk screen in one locked window.

    `app` is the kiosk's App (built with role="kiosk"). Tests pass `video_inputs=lambda: []` (no camera),
    a short `idle_ms`, and feed frames to `scanner.video_sink`.
    """

    member_shown = Signal(str)  # masked name of the member now on screen
    idle_reset = Signal()
    unlocked = Signal()

    @property
    def ctx(self) -> ShopContext:
        """The shop's settings now (the manager may change them while the kiosk runs)."""
        return self.app.ctx

    def __init__(self, app: Services, *, runner: TaskRunner | None = None, idle_ms: int | None = None,
                 video_inputs: Callable[[], Sequence[QCameraDevice]] = QMediaDevices.videoInputs,
                 tap_clock: Callable[[], float] = time.monotonic, start_camera: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner or TaskRunner(self)
        self._owns_runner = runner is None
        default_language = self.ctx.language if self.ctx.language in (THAI, ENGLISH) else THAI
        self._account: MemberAccount | None = None
        self._identifying = False
        self.visits = Visits(lambda: self._closed)  # an answer that comes after its customer left is dropped
        self._unlocked = False
        self._closed = False
        self._commands: dict[str, str] = {}
        self.setObjectName("screen")
        self.setWindowTitle(self.ctx.shop.name)

        # -- top bar: the shop, and Thai/English one tap apart on every screen
        top = QWidget()
        top.setObjectName("topBar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._top_shop = label(self.ctx.shop.label(current_language()), "topShop")
        self.language_button = button("", "language")
        self.language_button.clicked.connect(self.toggle_language)
        top_row = QHBoxLayout(top)
        self._top_row = top_row
        top_row.addWidget(self._top_shop, 1)
        top_row.addWidget(self.language_button)

        # -- screens
        logo = self.app.assets_dir / self.ctx.shop.logo if self.ctx.shop.logo else None
        self.attract = AttractScreen(self.ctx.shop.label, logo)
        self.phone = PhoneSignInScreen(self.app.selfservice.check)
        self.account_screen = AccountScreen(self.ctx)
        self.voucher = VoucherScreen()
        self.donate = DonateScreen(self.ctx.programs.charity)
        self.membership = MembershipScreen(self.ctx.programs.memberships)
        self.feedback = FeedbackScreen()
        self.enroll = EnrollScreen(shop_name=self.ctx.shop.label, notice_version=self.ctx.privacy_notice_version,
                                   signup_points=self.ctx.programs.bonuses.signup_points)
        self.welcome = WelcomeScreen()
        self.staff = StaffScreen()
        self.pages: dict[str, Screen] = {
            "attract": self.attract, "phone": self.phone, "account": self.account_screen, "voucher": self.voucher,
            "donate": self.donate, "membership": self.membership, "feedback": self.feedback, "enroll": self.enroll,
            "welcome": self.welcome, "staff": self.staff,
        }
        self.stack = QStackedWidget()
        for screen in self.pages.values():
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)

        self.toast = Toast(self)
        self.busy = BusyOverlay(self)
        self.busy.bind(self.runner)
        self.hot_corner = HotCorner(self, taps=self.app.ui.kiosk_exit_taps, clock=tap_clock)
        self.desk = StaffDesk(app, self.runner, self.staff, self.toast, language=default_language, page=self.page,
                              show_page=self.show_page, leave=self.unlock_and_close, parent=self)
        self.hot_corner.gesture_completed.connect(self.desk.open)
        self.hot_corner.raise_()

        # -- scanning: the camera (live preview on the attract screen) and a USB wedge reader
        self.scanner = CameraScanner(app.qr_decoder(), self.runner, self, video_inputs=video_inputs)
        self.scanner.code_scanned.connect(self.code_scanned)
        self.scanner.camera_unavailable.connect(self._camera_unavailable)
        self.attract.preview.set_source(self.scanner.video_sink)
        ui = self.app.ui
        self.wedge = WedgeScanner(self, max_gap_ms=ui.scanner_max_key_gap_ms, min_length=ui.scanner_min_length)
        self.wedge.code_scanned.connect(self.code_scanned)
        self.wedge.install()

        # -- idle: back to the attract screen, forgetting everything
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms if idle_ms is not None else ui.kiosk_idle_seconds * 1000)
        self.idle_timer.timeout.connect(self.go_idle)
        qapp = QApplication.instance()
        if qapp is not None:
            qapp.installEventFilter(self)

        # Set once every screen is built, then every size forgotten: a screen not shown yet keeps the sizes its
        # layouts worked out before it had this parent (under the plain theme), and would hold the whole window
        # larger than any screen needs.
        self.setStyleSheet(kiosk_stylesheet())
        for widget in self.stack.findChildren(QWidget):
            if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                repolish(widget)
            widget.updateGeometry()
        for box in self.stack.findChildren(QLayout):
            box.invalidate()
        self._connect_screens()
        self.retranslate_ui()
        if start_camera:
            self.scanner.start()
        self.show_page("attract")

    # ------------------------------------------------------------------ public API
    def page(self) -> str:
        current = self.stack.currentWidget()
        return next(name for name, screen in self.pages.items() if screen is current)

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self._align_top_bar()
        self.scanner.set_decoding(name in SCAN_PAGES and self._account is None)
        self.hot_corner.raise_()
        self.idle_timer.start()

    def account(self) -> MemberAccount | None:
        return self._account

    def is_locked(self) -> bool:
        return not self._unlocked

    def lock_to_screen(self) -> None:
        """Frameless, on top, covering the whole primary screen (without a window manager showFullScreen
        alone leaves the window at its old size)."""
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                            | Qt.WindowType.Window)
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.arrange_for(screen.geometry().width(), screen.geometry().height())
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    def go_idle(self) -> None:
        """Forget the customer: every screen emptied, the attract screen, the shop's language."""
        if self._closed:
            return
        self.visits.next()
        self._account = None
        self._identifying = False
        self._commands.clear()
        for screen in self.pages.values():
            screen.reset()
        self.toast.hide()
        self.scanner.reset_debounce()
        qapp = QApplication.instance()
        if current_language() != self.desk.language and qapp is not None:
            set_language(qapp, self.desk.language)
        self.show_page("attract")
        self.idle_reset.emit()

    def toggle_language(self) -> None:
        language = ENGLISH if current_language() == THAI else THAI
        qapp = QApplication.instance()
        if qapp is not None:
            set_language(qapp, language)
        if self._account is not None:
            self._refresh_account()

    def code_scanned(self, code: str) -> None:
        """A QR from the camera or the wedge reader: show that member, if nobody is signed in."""
        if self._closed or self._identifying or self._account is not None or self.page() not in SCAN_PAGES:
            return
        self._identifying = True
        self.idle_timer.start()
        language = current_language()
        self.runner.run_db(lambda: self.app.selfservice.account_for_code(code, language=language),
                           on_success=self.visits.deliver(self._signed_in),
                           on_failure=self.visits.deliver(self._scan_refused), owner=self,
                           name="kiosk: identify scanned member")

    def unlock_and_close(self) -> None:
        self._unlocked = True
        self.unlocked.emit()
        self.close()

    def shutdown(self) -> None:
        """Stop the camera, the reader and the background work (on close, and in tests)."""
        if self._closed:
            return
        self._closed = True
        self.idle_timer.stop()
        instance = QApplication.instance()
        if instance is not None:
            instance.removeEventFilter(self)
        self.wedge.uninstall()
        self.scanner.stop()
        if self._owns_runner:
            self.runner.wait_idle(3000)
            self.runner.shutdown()

    # ------------------------------------------------------------------ Qt
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._unlocked:
            event.ignore()  # Alt+F4, the window manager's close button: a customer cannot leave
            return
        self.shutdown()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY_EVENTS and not self._closed:
            self.idle_timer.start()
        if kind == QEvent.Type.KeyPress and not self._unlocked and isinstance(event, QKeyEvent):
            alt_f4 = event.key() == Qt.Key.Key_F4 and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if event.key() == Qt.Key.Key_Escape or alt_f4:
                return True  # nothing on the kiosk closes, cancels or leaves with a key
        return False

    def arrange_for(self, width: int, height: int) -> None:
        """Lay every screen out for a window this size: side by side when wide, stacked when tall, with narrower
        margins below 1280x800 (`is_compact`). Done before resizing too: stacked or compact, the screens fit a
        window their other layout could not."""
        compact = is_compact(width, height)
        for screen in self.pages.values():
            screen.set_portrait(height > width)
            screen.set_compact(compact)
        self._align_top_bar()

    def _align_top_bar(self) -> None:
        """The shop's name in the top bar starts where the content of the screen below it does."""
        screen = self.stack.currentWidget()
        left = screen.content_left() if isinstance(screen, Screen) else scaled(24)
        self._top_row.setContentsMargins(left, scaled(6), scaled(24), scaled(6))

    def resize(self, *size: object) -> None:  # QWidget.resize(w, h) or resize(QSize)
        target = size[0] if len(size) == 1 and isinstance(size[0], QSize) else QSize(*size)
        self.arrange_for(target.width(), target.height())
        if self.isVisible():
            # the window's minimum is still the old arrangement's until its layouts redo their sizes; resized to
            # less than that (1280x800 to 1024x768), it would stay wider than the new arrangement needs
            for _ in range(4):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        super().resize(target)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange_for(event.size().width(), event.size().height())
        self.hot_corner.raise_()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        # The button names the other language in that language's own words.
        self.language_button.setText("English" if current_language() == THAI else "ภาษาไทย")
        self.language_button.setAccessibleName(self.tr("Switch language"))
        self._top_shop.setText(self.ctx.shop.label(current_language()))

    # ------------------------------------------------------------------ wiring
    def _connect_screens(self) -> None:
        self.attract.phone_requested.connect(lambda: self._start("phone"))
        self.attract.join_requested.connect(lambda: self._start("enroll"))
        self.attract.feedback_requested.connect(lambda: self._start("feedback"))
        self.phone.back_requested.connect(self.go_idle)
        self.phone.check_entered.connect(self._check_phone)
        self.account_screen.done_requested.connect(self.go_idle)
        self.account_screen.redeem_requested.connect(self._ask_redeem)
        self.account_screen.donate_requested.connect(self._open_donate)
        self.account_screen.membership_requested.connect(self._open_membership)
        self.account_screen.feedback_requested.connect(lambda: self._start("feedback"))
        self.voucher.back_requested.connect(self._back_to_account)
        self.voucher.done_requested.connect(self.go_idle)
        self.voucher.confirmed.connect(self._redeem)
        self.donate.back_requested.connect(self._back_to_account)
        self.donate.donate_requested.connect(self._donate)
        self.membership.back_requested.connect(self._back_to_account)
        self.membership.join_requested.connect(self._join_membership)
        self.feedback.back_requested.connect(self._feedback_back)
        self.feedback.send_requested.connect(self._send_feedback)
        self.enroll.back_requested.connect(self.go_idle)
        self.enroll.submitted.connect(self._enroll)
        self.welcome.done_requested.connect(self.go_idle)
        self.welcome.account_requested.connect(self._welcome_account)

    def _start(self, page: str) -> None:
        self.pages[page].reset()
        self.show_page(page)

    def _command(self, purpose: str) -> str:
        """One request id per thing the customer is doing: a double tap or a retry is applied once."""
        return self._commands.setdefault(purpose, new_command_id())

    def _done_with(self, purpose: str) -> None:
        self._commands.pop(purpose, None)

    def _fail(self, failure: TaskFailure) -> None:
        self.toast.show_error(failure.message)

    # ------------------------------------------------------------------ signing in
    def _signed_in(self, account: MemberAccount) -> None:
        self._identifying = False
        if self._closed:
            return
        self._account = account
        self.account_screen.set_account(account)
        self.show_page("account")
        self.member_shown.emit(account.display_name)
        if account.offers:
            # the member sees their offers now: from this showing each one runs until its expiry
            offers, language = self.app.offers, account.language
            self.runner.run_db(lambda: offers.show(account.member_id, language=language),
                               on_success=self.visits.deliver(self.account_screen.show_offers),
                               on_failure=self.visits.deliver(self._fail), owner=self, name="kiosk.offers_shown")

    def _scan_refused(self, failure: TaskFailure) -> None:
        self._identifying = False
        self.scanner.reset_debounce()
        self.toast.show_error(failure.message)

    def _check_phone(self, phone: str, answer: str) -> None:
        language = current_language()
        self.runner.run_db(lambda: self.app.selfservice.sign_in_with_phone(phone, answer, language=language),
                           on_success=self.visits.deliver(self._signed_in),
                           on_failure=self.visits.deliver(self._phone_refused), owner=self, name="kiosk: phone sign-in")

    def _phone_refused(self, failure: TaskFailure) -> None:
        if failure.code.startswith(("member.phone_invalid", "member.phone_missing", "member.phone_digits",
                                    "member.phone_thai_digits")):
            self.phone.show_phone_error(failure.message)
        else:
            # nothing to try again: locked out, or a phone on two memberships that the staff must sort out
            locked = failure.code in ("kiosk.check_locked", "kiosk.check_failed_locked", "kiosk.phone_shared")
            self.phone.show_check_error(failure.message, final=locked)

    def _refresh_account(self, then: Callable[[], None] | None = None) -> None:
        account = self._account
        if account is None:
            return
        code, language = account.member_code, current_language()

        def refreshed(fresh: MemberAccount) -> None:
            if self._account is not None and self._account.member_id == fresh.member_id:
                self._account = fresh
                self.account_screen.set_account(fresh)
                if then is not None:
                    then()

        self.runner.run_db(lambda: self.app.selfservice.account_for_code(code, language=language),
                           on_success=self.visits.deliver(refreshed), on_failure=self.visits.deliver(self._fail),
                           owner=self, name="kiosk: refresh account")

    def _back_to_account(self) -> None:
        self.show_page("account" if self._account is not None else "attract")

    # ------------------------------------------------------------------ rewards
    def _ask_redeem(self, reward_id: str) -> None:
        account = self._account
        option = next((r for r in account.rewards if r.id == reward_id), None) if account else None
        if account is None or option is None:
            return
        self._done_with("voucher")
        self.voucher.ask(option, account.points)
        self.show_page("voucher")

    def _redeem(self, reward_id: str) -> None:
        account = self._account
        if account is None:
            return
        self.voucher.confirm_button.setEnabled(False)
        command_id, code = self._command("voucher"), account.member_code
        app = self.app

        def issue(printable: bool) -> None:
            cmd = IssueVoucher(command_id=command_id, member_code=code, reward_id=reward_id, print_voucher=printable)
            here = self.visits.still_here()
            self.runner.run_db(lambda: app.redemption.issue_voucher(cmd) if here() else None,
                               on_success=self.visits.deliver(lambda result: self._voucher_issued(result, printable)),
                               on_failure=self.visits.deliver(self._voucher_failed), owner=self,
                               name="kiosk: issue voucher")

        # a customer who left while the printer was asked spends nothing
        self.runner.run_io(lambda: printer_ready(app), on_success=self.visits.deliver(issue),
                           on_failure=self.visits.deliver(lambda _: issue(False)), owner=self,
                           name="kiosk: printer status")

    def _voucher_issued(self, result: VoucherResult | None, printable: bool) -> None:
        if result is None:
            return  # not made: the customer had left (Visits.still_here)
        self._done_with("voucher")
        printed = printable and result.print_job is not None
        if printed:
            self.app.wake_printer()
        self.voucher.show_result(result, printed=printed)
        self._refresh_account()

    def _voucher_failed(self, failure: TaskFailure) -> None:
        self.voucher.confirm_button.setEnabled(True)
        self.toast.show_error(failure.message)

    # ------------------------------------------------------------------ donations
    def _open_donate(self) -> None:
        if self._account is None:
            return
        self._done_with("donate")
        self.donate.set_account(self._account)
        self.show_page("donate")

    def _donate(self, cause_id: str, points: int) -> None:
        account = self._account
        if account is None:
            return
        self.donate.donate_button.setEnabled(False)
        cmd = DonatePoints(command_id=self._command("donate"), member_code=account.member_code, cause_id=cause_id,
                           points=points)

        def donated(result: DonationResult) -> None:
            self._done_with("donate")
            # the cause as the customer reads the screen (the result's name is the shop's language)
            cause = next((e.cause(current_language()) for e in result.events if isinstance(e, PointsDonated)),
                         result.cause)
            self.toast.show_message(plural(result.points, self.tr("Thank you! %n point went to %2."),
                                           self.tr("Thank you! %n points went to %2.")).replace("%2", cause),
                                    kind="success")
            self._refresh_account(lambda: self.show_page("account") if self.page() == "donate" else None)

        def refused(failure: TaskFailure) -> None:
            self.donate.show_error(failure.message)

        self.runner.run_db(lambda: self.app.redemption.donate(cmd), on_success=self.visits.deliver(donated),
                           on_failure=self.visits.deliver(refused), owner=self, name="kiosk: donate points")

    # ------------------------------------------------------------------ paid membership
    def _open_membership(self) -> None:
        if self._account is None:
            return
        self.membership.set_state(self._account, available=self.app.membership is not None)
        self.show_page("membership")

    def _join_membership(self, plan_id: str) -> None:
        account, gateway = self._account, self.app.membership
        if account is None or gateway is None:
            self.membership.show_error(self.tr("Joining online is not available right now; ask at the counter."))
            return
        code = account.member_code
        self.runner.run_io(lambda: gateway.checkout_url(code, plan_id),
                           on_success=self.visits.deliver(self.membership.show_checkout),
                           on_failure=self.visits.deliver(lambda failure: self.membership.show_error(failure.message)),
                           owner=self, name="kiosk: membership checkout")

    # ------------------------------------------------------------------ feedback
    def _feedback_back(self) -> None:
        if self._account is not None:
            self.show_page("account")
        else:
            self.go_idle()

    def _send_feedback(self, rating: int, comment: str) -> None:
        if rating < 1:
            return
        self.feedback.send_button.setEnabled(False)
        member_id = self._account.member_id if self._account else None
        cmd = RateVisit(command_id=self._command("feedback"), rating=rating, comment=comment, member_id=member_id)

        def stored(_: VisitFeedback) -> None:
            self._done_with("feedback")
            self.feedback.reset()
            self.toast.show_message(self.tr("Thank you for your feedback!"), kind="success")
            self._feedback_back()

        def refused(failure: TaskFailure) -> None:
            self.feedback.send_button.setEnabled(True)
            self.toast.show_error(failure.message)

        self.runner.run_db(lambda: self.app.feedback.rate_visit(cmd), on_success=self.visits.deliver(stored),
                           on_failure=self.visits.deliver(refused), owner=self, name="kiosk: rate visit")

    # ------------------------------------------------------------------ joining
    def _enroll(self, form: EnrollForm) -> None:
        self.enroll.set_busy(True)
        cmd = EnrollMember(
            command_id=self._command("enroll"), name=form.name, phone=form.phone, email=form.email,
            birthday=form.birthday, language=current_language(),
            consent_version=self.ctx.privacy_notice_version if form.consent else None,
            marketing_consent=form.marketing, referral_code=form.referral_code,
        )
        app = self.app

        def enroll(printable: bool) -> None:
            here = self.visits.still_here()
            self.runner.run_db(lambda: app.enrollment.enroll(cmd, print_card=printable) if here() else None,
                               on_success=self.visits.deliver(lambda result: self._enrolled(result, printable)),
                               on_failure=self.visits.deliver(self._enroll_refused), owner=self, name="kiosk: enroll")

        self.runner.run_io(lambda: printer_ready(app), on_success=self.visits.deliver(enroll),
                           on_failure=self.visits.deliver(lambda _: enroll(False)), owner=self,
                           name="kiosk: printer status")

    def _enrolled(self, result: EnrollmentResult | None, printable: bool) -> None:
        if result is None:
            return  # not made: the customer had left (Visits.still_here)
        self._done_with("enroll")
        self.enroll.reset()
        printed = printable and result.card_print_job is not None
        if printed:
            self.app.wake_printer()
        self.welcome.show_result(result, printed=printed)
        self.show_page("welcome")

    def _enroll_refused(self, failure: TaskFailure) -> None:
        self.enroll.set_busy(False)
        if failure.code in ("member.phone_taken", "request.id_reused") or failure.kind == "conflict":
            self._done_with("enroll")
        message = failure.message
        if failure.code == "member.phone_taken":
            message = render_text("kiosk.phone_taken")
        self.enroll.show_error(message)

    def _welcome_account(self, member_code: str) -> None:
        self.welcome.reset()
        self.show_page("attract")
        self.code_scanned(member_code)

    # ------------------------------------------------------------------ staff (kiosk.ui.selfservice.staff_desk)
    def default_language(self) -> str:
        return self.desk.language

    def toggle_default_language(self) -> None:
        self.desk.toggle_language()

    def refresh_staff_panel(self) -> None:
        self.desk.refresh()

    def _camera_unavailable(self, reason: str) -> None:
        self.attract.set_camera_message(reason)

