"""The counter's member column: find a member (search, scanner, camera) and see their account at a glance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtMultimedia import QCameraDevice, QMediaDevices
from PySide6.QtWidgets import (
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.members import phone_digits
from kiosk.services.accounts import MemberAccount, MemberSummary
from kiosk.services.offers import OfferView
from kiosk.ui.counter.account import AccountView
from kiosk.ui.counter.common import (
    CounterContext,
    Notifier,
    button,
    label,
    with_key,
)
from kiosk.ui.counter.membership import MembershipDialog
from kiosk.ui.counter.models import SearchResultsModel
from kiosk.ui.counter.tables import compact_table
from kiosk.ui.i18n import current_language
from kiosk.ui.scanning import CameraPreview, CameraScanner
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import ERROR_TEXT, HEADING, SUB_CAPTION, scaled

SEARCH_DELAY_MS = 180  # search after a short pause in typing, not on every key
PHONE_DIGITS = 9  # a whole phone number (081-234-5678 without its 0, at least): looked up as a phone on Enter
VideoInputs = Callable[[], Sequence[QCameraDevice]]


class SearchBox(QLineEdit):
    """The search field: Down moves into the results, Escape clears."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.textEdited.emit("")
            return
        super().keyPressEvent(event)


class MemberColumn(QWidget):
    """Search as you type, scan with the camera, enroll; then the member's account.

    Loading a member goes through `load_member(code_or_phone)`, whatever found it (wedge scanner, camera,
    search result, Enter in the search box). A failure leaves the current member as it was.
    """

    member_loaded = Signal(object)  # MemberAccount
    member_cleared = Signal()
    enroll_requested = Signal()
    card_requested = Signal()
    refund_requested = Signal(str)
    camera_code_scanned = Signal(str)

    SEARCH, ACCOUNT, CAMERA = range(3)

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None, *,
                 video_inputs: VideoInputs | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._notifier = notifier
        self._video_inputs = video_inputs or QMediaDevices.videoInputs
        self._search_seq = 0
        self._load_seq = 0
        self.account: MemberAccount | None = None
        self.camera: CameraScanner | None = None

        self.search = SearchBox()
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._text_edited)
        self.search.returnPressed.connect(self._search_entered)
        self.search.move_down.connect(self._focus_results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)

        self.camera_button = button(focus=False)
        self.camera_button.clicked.connect(self.toggle_camera)
        self.enroll_button = button(focus=False)
        self.enroll_button.clicked.connect(self.enroll_requested)

        self.results_model = SearchResultsModel(self)
        self.results = compact_table(self.results_model, stretch=SearchResultsModel.NAME,
                                     optional=(SearchResultsModel.SINCE,))
        self.results.activated.connect(self._result_chosen)
        self.results.clicked.connect(self._result_chosen)
        self.results.hide()
        # one phone on two members (enrolled on two devices while apart): the cashier picks, a manager merges
        self.shared_note = label("", ERROR_TEXT, wrap=True)
        self.shared_note.hide()
        self._shared_count = 0
        self.hint_title = label("", HEADING, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self.hint = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        search_page = QWidget()
        search_layout = QVBoxLayout(search_page)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.setSpacing(scaled(12))
        # one above the other: side by side they would set the column's width on a 1024 px till
        search_layout.addWidget(self.camera_button)
        search_layout.addWidget(self.enroll_button)
        search_layout.addWidget(self.shared_note)
        search_layout.addWidget(self.results, 1)
        search_layout.addStretch(1)
        search_layout.addWidget(self.hint_title)
        search_layout.addWidget(self.hint)
        search_layout.addStretch(2)

        self.account_view = AccountView(plans=context.app.ctx.programs.memberships)
        self.account_view.clear_requested.connect(self.clear_member)
        self.account_view.card_requested.connect(self.card_requested)
        self.account_view.membership_requested.connect(self.show_membership)
        self.membership_dialog: MembershipDialog | None = None
        self.account_view.refund_requested.connect(self.refund_requested)

        camera_page = QWidget()
        self.preview = CameraPreview()
        self.camera_note = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self.stop_camera_button = button(focus=False)
        self.stop_camera_button.clicked.connect(self.stop_camera)
        camera_layout = QVBoxLayout(camera_page)
        camera_layout.setContentsMargins(0, 0, 0, 0)
        camera_layout.addWidget(self.preview, 1)
        camera_layout.addWidget(self.camera_note)
        camera_layout.addWidget(self.stop_camera_button)

        self.pages = QStackedWidget()
        self.pages.addWidget(search_page)
        self.pages.addWidget(self.account_view)
        self.pages.addWidget(camera_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(12))
        layout.addWidget(self.search)
        layout.addWidget(self.pages, 1)
        self._camera_missing = False
        self.retranslate_ui()

    # ------------------------------------------------------------------ members
    def load_member(self, code_or_phone: str, *, source: str = "search") -> None:
        """Look the member up on the database worker; the screen changes only when it is found."""
        self._load_seq += 1
        seq = self._load_seq
        language = current_language()
        accounts = self._context.app.accounts
        self._context.runner.run_db(
            lambda: accounts.account(code_or_phone, language=language),
            on_success=lambda account: self._loaded(seq, account),
            on_failure=lambda failure: self._load_failed(seq, failure),
            owner=self, name=f"load member ({source})")

    def reload(self) -> None:
        """Fresh balances after a sale, refund or enrollment."""
        if self.account is not None:
            self.load_member(self.account.member_id, source="reload")

    def show_membership(self) -> None:
        """The paid plans for the member on screen, and the QR of Stripe's payment page once they pick one."""
        if self.account is None:
            return
        dialog = MembershipDialog(self._context, self._notifier, account=self.account, parent=self.window())
        dialog.finished.connect(lambda _code: self._membership_closed(dialog))
        self.membership_dialog = dialog
        dialog.open()

    def _membership_closed(self, dialog: MembershipDialog) -> None:
        if self.membership_dialog is dialog:
            self.membership_dialog = None
        self.reload()  # a member who paid meanwhile shows their plan

    def clear_member(self) -> None:
        had = self.account is not None
        self._load_seq += 1  # a lookup still on its way was for the customer who has gone: its answer is dropped
        self.account = None
        self.account_view.account = None
        self.pages.setCurrentIndex(self.SEARCH)
        self.search.clear()
        self._hide_shared()
        self._show_results([])
        if had:
            self.member_cleared.emit()

    def focus_search(self) -> None:
        if self.pages.currentIndex() == self.CAMERA:
            self.stop_camera()
        self.search.setFocus()
        self.search.selectAll()

    def _loaded(self, seq: int, account: MemberAccount) -> None:
        if seq != self._load_seq:
            return  # a newer lookup is on its way
        self.account = account
        self._hide_shared()
        self.stop_camera()
        self.account_view.show_account(account, self._context.currency)
        if account.offers:
            # the member sees their offers now: from this showing each one runs until its expiry
            offers, language = self._context.app.offers, current_language()
            self._context.runner.run_db(lambda: offers.show(account.member_id, language=language),
                                        on_success=lambda shown: self._offers_shown(seq, shown),
                                        on_failure=lambda failure: self._load_failed(seq, failure),
                                        owner=self, name="offers shown")
        self.pages.setCurrentIndex(self.ACCOUNT)
        self.search.clear()
        self.results_model.set_rows([])
        self.results.hide()
        self.member_loaded.emit(account)

    def _offers_shown(self, seq: int, shown: list[OfferView]) -> None:
        if seq == self._load_seq and self.account is not None:
            self.account = replace(self.account, offers=tuple(shown))
            self.account_view.account = self.account
            self.account_view.show_offers(shown)
            self.member_loaded.emit(self.account)  # the checkout offers them with their expiry

    def _load_failed(self, seq: int, failure: TaskFailure) -> None:
        if seq != self._load_seq:
            return
        member_ids = failure.params.get("member_ids")
        if failure.code == "member.phone_shared" and isinstance(member_ids, tuple):
            # Not the first of them (another till could read the other): both, for the cashier to ask which.
            accounts = self._context.app.accounts
            ids = [str(i) for i in member_ids]
            self._context.runner.run_read(lambda: accounts.summaries(ids), owner=self, name="members sharing a phone",
                                          on_success=lambda rows: self._show_shared(seq, rows),
                                          on_failure=lambda other: self._notifier.error(other.message))
            return
        self._notifier.error(failure.message)

    def _show_shared(self, seq: int, rows: list[MemberSummary]) -> None:
        if seq != self._load_seq:
            return
        self._search_seq += 1  # a search still on its way must not replace the choice
        self._timer.stop()
        self.pages.setCurrentIndex(self.SEARCH)
        self._shared_count = len(rows)
        self.results_model.set_rows(rows)
        self.results.setVisible(bool(rows))
        self.hint_title.hide()
        self.hint.hide()
        self.shared_note.setVisible(bool(rows))
        self._say_shared()
        self.results.clearSelection()  # the cashier chooses: Enter must not open the first by itself
        self.results.setFocus()

    def _say_shared(self) -> None:
        self.shared_note.setText(self.tr("This phone number is on {count} members. Ask the customer which one is "
                                         "theirs, or scan their card. A manager should merge them (Manager → "
                                         "Devices and sync).").format(count=self._shared_count))

    def _hide_shared(self) -> None:
        self._shared_count = 0
        self.shared_note.hide()

    # ------------------------------------------------------------------ search
    def _text_edited(self, text: str) -> None:
        self._hide_shared()
        if self.pages.currentIndex() != self.SEARCH:
            self.pages.setCurrentIndex(self.SEARCH)
        if len(text.strip()) < 2:
            self._timer.stop()
            self._search_seq += 1
            self._show_results([])
            return
        self._timer.start()

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if len(text) < 2:
            return
        self._search_seq += 1
        seq = self._search_seq
        accounts = self._context.app.accounts
        # On the reader thread: a search, however slow, never holds up the sale the database worker commits.
        self._context.runner.run_read(lambda: accounts.search(text), owner=self, name="member search",
                                      on_success=lambda rows: self._searched(seq, rows),
                                      on_failure=lambda failure: self._notifier.error(failure.message))

    def _searched(self, seq: int, rows: list[MemberSummary]) -> None:
        if seq == self._search_seq:
            self._show_results(rows)

    def _show_results(self, rows: list[MemberSummary]) -> None:
        self.results_model.set_rows(rows)
        typed = len(self.search.text().strip()) >= 2
        self.results.setVisible(bool(rows))
        self.hint_title.setVisible(not rows)
        self.hint.setVisible(not rows)
        if typed and not rows and self._search_seq and not self._timer.isActive():
            self.hint_title.setText(self.tr("No member found"))
            if len(self.search.text().strip()) < 3:
                # Two characters are looked up at the start of names only (the index needs three).
                self.hint.setText(self.tr("No name starts with that. Type one more letter to search inside names "
                                          "and phone numbers."))
            else:
                self.hint.setText(self.tr("Check the spelling or the number, or enroll them as a new member (F3)."))
        else:
            self._idle_hint()
        if rows:
            self.results.selectRow(0)

    def _search_entered(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        self._timer.stop()
        digits = phone_digits(text)
        if digits is not None and len(digits) >= PHONE_DIGITS:
            # a whole phone number: looked up as one, so a phone on two members asks which rather than taking
            # the first row the search listed
            self.load_member(text, source="typed")
            return
        if self.results_model.rowCount() and self.results.isVisible():
            self._result_chosen(self.results.currentIndex() if self.results.currentIndex().isValid()
                                else self.results_model.index(0, 0))
            return
        self.load_member(text, source="typed")

    def _focus_results(self) -> None:
        if self.results.isVisible():
            self.results.setFocus()
            if not self.results.currentIndex().isValid():
                self.results.selectRow(0)

    def _result_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.load_member(self.results_model.row_at(index.row()).member_id, source="search result")

    def _idle_hint(self) -> None:
        self.hint_title.setText(self.tr("Scan the member's card"))
        self.hint.setText(self.tr("Use the barcode reader or the camera, or type a phone number or name above."))

    # ------------------------------------------------------------------ camera
    def camera_available(self) -> bool:
        return not self._camera_missing

    def check_camera(self) -> None:
        """Ask Qt for cameras (after start-up, not during it): the button says so when there is none."""
        self._camera_missing = not list(self._video_inputs())
        self.retranslate_ui()

    def ensure_camera_scanner(self) -> CameraScanner:
        if self.camera is None:
            app = self._context.app
            self.camera = CameraScanner(app.qr_decoder(), self._context.runner, self, video_inputs=self._video_inputs)
            self.camera.camera_unavailable.connect(self._camera_unavailable)
            self.camera.code_scanned.connect(self.camera_code_scanned)
            self.preview.set_source(self.camera.video_sink)
        return self.camera

    def toggle_camera(self) -> None:
        if self.pages.currentIndex() == self.CAMERA:
            self.stop_camera()
            return
        scanner = self.ensure_camera_scanner()
        scanner.reset_debounce()
        if scanner.start():
            self.pages.setCurrentIndex(self.CAMERA)

    def show_camera_page(self) -> None:
        """Show the viewfinder without opening a device (frames come from elsewhere, e.g. tests)."""
        self.ensure_camera_scanner()
        self.pages.setCurrentIndex(self.CAMERA)

    def stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.stop()
        if self.pages.currentIndex() == self.CAMERA:
            self.pages.setCurrentIndex(self.ACCOUNT if self.account is not None else self.SEARCH)

    def _camera_unavailable(self, reason: str) -> None:
        self._camera_missing = True
        self.retranslate_ui()
        self._notifier.error(reason)
        self.stop_camera()

    # ------------------------------------------------------------------ language
    def retranslate_ui(self) -> None:
        # short enough for a 1024 px till; the hint under it says a card can be scanned or shown to the camera
        self.search.setPlaceholderText(self.tr("Name or phone  (F2)"))
        self.search.setAccessibleName(self.tr("Search members"))
        if self._camera_missing:
            self.camera_button.setText(self.tr("No camera"))
            self.camera_button.setToolTip(self.tr("No camera found. Connect a camera or use the barcode reader."))
        else:
            self.camera_button.setText(with_key(self.tr("Scan with camera"), "F4"))
            self.camera_button.setToolTip(self.tr("Hold the member's QR code up to the camera"))
        self.camera_button.setEnabled(not self._camera_missing)
        self.enroll_button.setText(with_key(self.tr("New member"), "F3"))
        self.enroll_button.setToolTip(self.tr("Enroll a new member"))
        self.camera_note.setText(self.tr("Hold the QR code inside the frame."))
        self.stop_camera_button.setText(with_key(self.tr("Stop camera"), "F4"))
        if not (self.search.text().strip() and self.results_model.rowCount() == 0 and self._search_seq):
            self._idle_hint()
        if self._shared_count:
            self._say_shared()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            # the service names tiers, cards, rewards and offers in the language it is asked in: read the member
            # again in the new one (F12 left "สมาชิกระดับSilver" and "Free latte" on a Thai screen)
            if not self._context.runner.is_shut_down:  # the window closing is no reason to read anything
                self.reload()
        super().changeEvent(event)

