"""The counter's member column: find a member (search, scanner, camera) and see their account at a glance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtMultimedia import QCameraDevice, QMediaDevices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import ChallengeProgress
from kiosk.domain.programs.config import MembershipPlan
from kiosk.services.accounts import MemberAccount, MemberSummary, TierView
from kiosk.services.offers import OfferView
from kiosk.ui.counter.common import (
    CounterContext,
    Notifier,
    button,
    card,
    label,
    with_key,
)
from kiosk.ui.counter.membership import MembershipDialog
from kiosk.ui.counter.models import VISITS_ITEM_STYLE, SearchResultsModel, VisitsModel
from kiosk.ui.counter.tables import compact_table
from kiosk.ui.formatting import format_date, format_money, format_points, plural, spoken
from kiosk.ui.i18n import current_language
from kiosk.ui.scanning import CameraPreview, CameraScanner
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import CAPTION, FLAT, HEADING, SUB_CAPTION, TITLE, scaled
from kiosk.ui.widgets import BalanceTile, StampCardWidget, TierProgressWidget
from kiosk.ui.widgets.scrolling import scroll_box

SEARCH_DELAY_MS = 180  # search after a short pause in typing, not on every key
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


class AccountView(QWidget):
    """One member's account: name, tier progress, points and credit with their baht value, stamps, rewards,
    what expires soon and the last visits."""

    clear_requested = Signal()
    card_requested = Signal()
    membership_requested = Signal()
    refund_requested = Signal(str)  # a receipt number from the visits list

    def __init__(self, parent: QWidget | None = None, *, plans: Sequence[MembershipPlan] = ()) -> None:
        super().__init__(parent)
        self.account: MemberAccount | None = None
        self._plans = tuple(plans)
        self.name = label("", TITLE)
        self.name.setMinimumWidth(scaled(80))
        self.details = label("", SUB_CAPTION, wrap=True)
        self._card = button(name=FLAT, focus=False)
        self._card.clicked.connect(self.card_requested)
        self._clear = button(name=FLAT, focus=False)
        self._clear.clicked.connect(self.clear_requested)
        # Paid membership: "+ Coffee Club" for a member who can join, "★ Coffee Club" for one who has it.
        self.join_button = button(name=FLAT, focus=False)
        self.join_button.clicked.connect(self.membership_requested)
        self.membership_badge = label("", CAPTION)
        for link in (self._card, self._clear, self.join_button):
            # actions beside the name and the tier in a column a third of a 1024 px till wide: slimmer than a
            # free-standing button, still a finger's height
            link.setStyleSheet(f"QPushButton#flat {{ min-height: {scaled(36)}px; padding: 0px {scaled(8)}px; }}")
        self.tier = TierProgressWidget()
        tier_layout = self.tier.layout()
        assert tier_layout is not None  # the widget lays itself out when made
        tier_layout.setContentsMargins(0, 0, 0, 0)
        tier_layout.setSpacing(scaled(4))
        self.points = BalanceTile()
        self.credit = BalanceTile()
        self.stamps_box = QVBoxLayout()
        self.stamps_box.setSpacing(scaled(4))
        self._stamp_widgets: list[tuple[StampCardWidget, QLabel]] = []
        self.rewards_title = label("", CAPTION, wrap=True)
        self.rewards = label("", "", wrap=True)
        self.expiring = label("", SUB_CAPTION, wrap=True)
        self.challenges = label("", SUB_CAPTION, wrap=True)  # "Visit 3 times: 2 of 3 visits: one more by Sunday"
        self.offers = label("", CAPTION, wrap=True)  # the member's personal offers, with their expiry
        self.visits_title = label("", CAPTION)
        self.visits_model = VisitsModel(self)
        # in a narrow column the receipt number gives way (a double-click still opens that receipt's refund)
        self.visits = compact_table(self.visits_model, stretch=VisitsModel.WHEN, optional=(VisitsModel.RECEIPT,))
        self.visits.setStyleSheet(VISITS_ITEM_STYLE.replace("6px", f"{scaled(6)}px"))
        self.visits.setMinimumHeight(scaled(92))  # the header and one visit, however short the screen
        self.visits.doubleClicked.connect(self._visit_chosen)

        head = QHBoxLayout()
        head.setSpacing(scaled(2))
        head.addWidget(self.name, 1)
        head.addWidget(self._card)
        head.addWidget(self._clear)

        # Paid membership sits beside the tier: the name's row has no room left in a 1024 px till.
        tier_row = QHBoxLayout()
        tier_row.setSpacing(scaled(8))
        tier_row.addWidget(self.tier, 1)
        tier_row.addWidget(self.membership_badge, 0, Qt.AlignmentFlag.AlignTop)
        tier_row.addWidget(self.join_button, 0, Qt.AlignmentFlag.AlignTop)

        tiles = QHBoxLayout()
        tiles.setSpacing(scaled(12))
        for tile in (self.points, self.credit):
            # the counter shows two tiles side by side: a smaller number keeps both on one line
            tile.setStyleSheet(f"QLabel#bigNumber {{ font-size: {scaled(30)}px; }}")
            tile_layout = tile.layout()
            assert tile_layout is not None  # the widget lays itself out when made
            tile_layout.setContentsMargins(scaled(14), scaled(8), scaled(14), scaled(8))
            tiles.addWidget(tile)

        loyalty_card, loyalty = card(margins=14, spacing=4)
        # what is ready and what expires can run to several lines: they scroll inside the card
        rewards_scroll, rewards_box = scroll_box(spacing=4)
        rewards_box.addWidget(self.offers)
        rewards_box.addWidget(self.rewards_title)
        rewards_box.addWidget(self.rewards)
        rewards_box.addWidget(self.expiring)
        rewards_box.addWidget(self.challenges)
        rewards_box.addStretch(1)
        loyalty_row = QHBoxLayout()
        loyalty_row.setSpacing(scaled(14))
        loyalty_row.addLayout(self.stamps_box, 5)
        loyalty_row.addWidget(rewards_scroll, 4)
        loyalty.addLayout(loyalty_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(6))
        layout.addLayout(head)
        layout.addWidget(self.details)
        layout.addLayout(tier_row)
        layout.addLayout(tiles)
        layout.addWidget(loyalty_card)
        layout.addWidget(self.visits_title)
        layout.addWidget(self.visits, 1)
        self.stamps_box.addStretch(1)
        self.retranslate_ui()

    def show_account(self, account: MemberAccount, currency: str) -> None:
        self.account = account
        self._currency = currency
        self.name.setText(account.display_name)
        self.visits_model.set_rows(account.visits)
        while self._stamp_widgets:
            widget, caption = self._stamp_widgets.pop()
            widget.deleteLater()
            caption.deleteLater()
        for status in account.stamp_cards:
            caption = label("", CAPTION, wrap=True)
            # The card as printed: a slot per stamp the card needs, then the free item's star.
            widget = StampCardWidget(filled=min(max(status.stamps, 0), status.required), total=status.required + 1)
            widget.setMinimumSize(scaled(180), scaled(80))
            widget.setMaximumHeight(scaled(100))
            self.stamps_box.insertWidget(self.stamps_box.count() - 1, caption)
            self.stamps_box.insertWidget(self.stamps_box.count() - 1, widget)
            self._stamp_widgets.append((widget, caption))
        self.retranslate_ui()

    def stamp_widgets(self) -> list[StampCardWidget]:
        return [widget for widget, _ in self._stamp_widgets]

    def retranslate_ui(self) -> None:
        self._card.setText(self.tr("Card / QR"))
        self._card.setToolTip(self.tr("Show or print the member's QR card"))
        self._clear.setText(with_key(self.tr("Done"), "Esc"))
        self._clear.setToolTip(self.tr("Finish with this member"))
        self.points.set_caption(self.tr("Points"))
        self.credit.set_caption(self.tr("Store credit"))
        self.rewards_title.setText(self.tr("Rewards available now"))
        self.visits_title.setText(self.tr("Last visits"))
        account = self.account
        self._show_membership(account)
        if account is None:
            return
        tier = account.tier
        tier_text = tier.label if tier else self.tr("Member")
        self.details.setText(self.tr("{phone} · member {short_id} · since {date}").format(
            phone=account.masked_phone, short_id=account.short_id, date=format_date(account.enrolled_at.date())))
        if tier is not None:
            self.tier.set_state(tier_name=tier.label, current=tier.percent, target=100 if tier.next_label else 0,
                                caption=self._tier_caption(tier), next_tier_name=tier.next_label or "")
        self.tier.setVisible(tier is not None)
        self.points.set_value(format_points(account.points))
        self.points.set_sub_caption(self.tr("worth {value}").format(value=format_money(account.points_value)))
        self.credit.set_value(format_money(account.credit))
        self.credit.set_sub_caption(self.tr("{tier} member").format(tier=tier_text))
        for (_widget, caption), status in zip(self._stamp_widgets, account.stamp_cards, strict=True):
            # One line: a second (Thai wraps sooner) squeezed the stamp grid; what is ready is listed beside it.
            caption.setText(self.tr("{card}: {stamps} of {required} stamps").format(
                card=status.name, stamps=max(status.stamps, 0), required=status.required))
            caption.setToolTip(self.tr(" · {n} free ready").format(n=status.rewards_ready).strip(" ·")
                               if status.rewards_ready else "")
        ready = [r for r in account.rewards if r.affordable]
        lines = []
        for reward in ready:
            if reward.kind == "stamp":
                ready_count = next((c.rewards_ready for c in account.stamp_cards if c.card_id == reward.id), 1)
                lines.append("★ " + self.tr("{name} (stamp card)").format(name=reward.name)
                             + (f" × {ready_count}" if ready_count > 1 else ""))
            else:
                lines.append("• " + plural(reward.points, self.tr("{name} · %n point"),
                                           self.tr("{name} · %n points")).format(name=reward.name))
        self.rewards.setText("\n".join(lines) if lines else self.tr("None yet: keep collecting."))
        soon = []
        for item in account.expiring:  # the day is the shop's, the free item named in the screen's language
            when = format_date(item.on)
            if item.kind == "points":
                soon.append(plural(item.amount, self.tr("%n point expires on {date}"),
                                   self.tr("%n points expire on {date}")).format(date=when))
            elif item.kind == "reward":
                soon.append(self.tr("{n} × {reward} expires on {date}").format(
                    n=item.amount, reward=item.reward(current_language()), date=when))
            else:
                soon.append(self.tr("{amount} store credit expires on {date}").format(
                    amount=format_money(item.value), date=when))
        self.expiring.setText(("⏳ " + "\n⏳ ".join(soon)) if soon else "")
        self.expiring.setVisible(bool(soon))
        self.challenges.setText("\n".join("• " + self.challenge_text(c) for c in account.challenges))
        self.challenges.setVisible(bool(account.challenges))
        self.show_offers(account.offers)

    def show_offers(self, offers: Sequence[OfferView]) -> None:
        """The member's personal offers ("A free pastry with any coffee · until 6 Dec"), once shown."""
        lines = []
        for offer in offers:
            if offer.last_day is None:
                lines.append(self.tr("Offer: {name}").format(name=offer.label))
            else:
                lines.append(self.tr("Offer: {name} · until {date}").format(name=offer.label,
                                                                           date=format_date(offer.last_day)))
        self.offers.setText("\n".join(lines))
        self.offers.setVisible(bool(lines))

    def challenge_text(self, progress: ChallengeProgress) -> str:
        """Where the member stands in one challenge, in the screen's language."""
        return spoken(progress.standing(self._currency))

    def _show_membership(self, account: MemberAccount | None) -> None:
        active = account.membership if account is not None else None
        member = active is not None and active.perks_active
        language = current_language()
        if member and active is not None:
            plan = next((p for p in self._plans if p.id == active.plan_id), None)
            self.membership_badge.setText("★ " + (plan.label(language) if plan else active.name))
            self.membership_badge.setToolTip(self.tr("Paid membership: the perks apply at checkout"))
        plan_name = self._plans[0].label(language) if len(self._plans) == 1 else self.tr("Membership")
        self.join_button.setText("+ " + plan_name)
        self.join_button.setToolTip(self.tr("Join the paid membership: the member pays on their phone"))
        self.join_button.setAccessibleName(self.tr("Join {plan}").format(plan=plan_name))
        self.membership_badge.setVisible(member)
        self.join_button.setVisible(bool(self._plans) and account is not None and not member)

    def _tier_caption(self, tier: TierView) -> str:
        if tier.next_label is None:
            return self.tr("Top tier reached")
        if tier.metric == "spend":
            return self.tr("{amount} more to {tier}").format(
                amount=format_money(Money(tier.remaining, self._currency)), tier=tier.next_label)
        if tier.metric == "visits":
            return plural(tier.remaining, self.tr("%n more visit to {tier}"),
                          self.tr("%n more visits to {tier}")).format(tier=tier.next_label)
        return plural(tier.remaining, self.tr("%n more point to {tier}"),
                      self.tr("%n more points to {tier}")).format(tier=tier.next_label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _visit_chosen(self, index: QModelIndex) -> None:
        visit = self.visits_model.row_at(index.row())
        if visit.status in ("completed", "partly_refunded"):  # something is left to refund
            self.refund_requested.emit(visit.receipt_no)


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
        self.hint_title = label("", HEADING, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self.hint = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        search_page = QWidget()
        search_layout = QVBoxLayout(search_page)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.setSpacing(scaled(12))
        # one above the other: side by side they would set the column's width on a 1024 px till
        search_layout.addWidget(self.camera_button)
        search_layout.addWidget(self.enroll_button)
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
        self.account = None
        self.account_view.account = None
        self.pages.setCurrentIndex(self.SEARCH)
        self.search.clear()
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
        if seq == self._load_seq:
            self._notifier.error(failure.message)

    # ------------------------------------------------------------------ search
    def _text_edited(self, text: str) -> None:
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

