"""A member's account on the counter: tier progress, points and credit, stamps, rewards, offers, last visits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayoutItem, QVBoxLayout, QWidget

from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import ChallengeProgress
from kiosk.domain.programs.config import MembershipPlan
from kiosk.l10n.catalogue import thai_spaced
from kiosk.services.accounts import MemberAccount, TierView
from kiosk.services.offers import OfferView
from kiosk.ui.counter.common import button, card, label, with_key
from kiosk.ui.counter.models import VISITS_ITEM_STYLE, VisitsModel
from kiosk.ui.counter.tables import compact_table
from kiosk.ui.formatting import (
    format_date,
    format_money,
    format_points,
    grouped_code,
    plural,
    render_text,
    spoken,
    unbreakable_counts,
)
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import CAPTION, ERROR_TEXT, FLAT, SUB_CAPTION, TITLE, scaled
from kiosk.ui.widgets import BalanceTile, StampCardWidget, TierProgressWidget
from kiosk.ui.widgets.scrolling import scroll_box

_NO_LIMIT = 16777215  # Qt's QWIDGETSIZE_MAX: no maximum height


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
        # a till whose joining the hub was cut short holds part of the shop's history: its balances may be off
        self.history_banner = label("", ERROR_TEXT, wrap=True)
        self.history_banner.hide()
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
        # each card's caption spans the loyalty card (above its grid and the rewards beside it): in the grid's
        # column alone, "0 of 9 · owes 7 stamps" or a Thai card's name took two lines at 1024x768
        self.captions_box = QVBoxLayout()
        self.captions_box.setSpacing(scaled(2))
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
        self.visits.setStyleSheet(VISITS_ITEM_STYLE.replace("4px", f"{scaled(4)}px"))
        self.visits.setMinimumHeight(scaled(92))  # the header and one visit, however short the screen (two: resize)
        self.visits.doubleClicked.connect(self._visit_chosen)
        # the dates say as much as their column has room for ("28 May 16:46", else "28 May")
        self.visits.horizontalHeader().sectionResized.connect(self._fit_when)

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
        self._loyalty_card = loyalty_card
        # what is ready and what expires can run to several lines: they scroll inside the card
        rewards_scroll, rewards_box = scroll_box(spacing=4, fit=True)
        self._rewards_scroll = rewards_scroll
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
        loyalty.addLayout(self.captions_box)
        loyalty.addLayout(loyalty_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(6))
        layout.addWidget(self.history_banner)
        layout.addLayout(head)
        layout.addWidget(self.details)
        layout.addLayout(tier_row)
        layout.addLayout(tiles)
        layout.addWidget(loyalty_card)
        layout.addWidget(self.visits_title)
        layout.addWidget(self.visits, 1)
        self.stamps_box.addStretch(1)
        self.retranslate_ui()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_visits()

    def _fit_visits(self) -> None:
        """The last visits keep two rows where the column has room for them and the stamp cards, else one: the
        rewards beside the stamps ask for the height of what they say and grow up to what leaves the visits two
        rows, scrolling beyond it. A cap on the rewards rather than a larger minimum for the visits: a minimum
        would hold the window at the height it was decided at when the window is made smaller."""
        layout = self.layout()
        assert layout is not None
        row = self.visits.verticalHeader().defaultSectionSize()
        two_rows = (self.visits.horizontalHeader().sizeHint().height() + 2 * row
                    + 2 * self.visits.frameWidth())
        # what the column needs besides the visits: the rows above the loyalty card at this width, and the card
        # at the height of its stamp cards (their wrapped captions included, which a minimum size leaves out);
        # asked of each row, not read from where the last layout put it, so a new member's rows count at once
        def height(item: QLayoutItem, width: int) -> int:
            return item.heightForWidth(width) if width > 0 and item.hasHeightForWidth() else item.sizeHint().height()

        shown = [item for i in range(layout.count()) if (item := layout.itemAt(i)) is not None and not item.isEmpty()]
        fixed = sum(height(item, self.width()) for item in shown
                    if item.widget() not in (self._loyalty_card, self.visits))
        card_layout = self._loyalty_card.layout()
        assert card_layout is not None
        card_spacing = card_layout.spacing()
        # the card's row: the stamp cards, or the rewards' smallest box where there are no stamp cards
        stamps = max(height(self.stamps_box, self.stamps_box.geometry().width()),
                     self._rewards_scroll.minimumSizeHint().height())
        margins = card_layout.contentsMargins()
        around = margins.top() + margins.bottom() + 2 * self._loyalty_card.frameWidth()
        if self._stamp_widgets:  # the captions above the row, across the card
            captions_width = self._loyalty_card.width() - margins.left() - margins.right()
            around += height(self.captions_box, captions_width) + card_spacing
        spacing = layout.spacing() * (len(shown) - 1)  # no spacing beside a hidden row
        room = self.height() - fixed - around - two_rows - spacing  # for the card's row, the visits keeping two
        self._rewards_scroll.setMaximumHeight(room if room >= stamps else _NO_LIMIT)

    def _fit_when(self, column: int, _old: int, new: int) -> None:
        if column == VisitsModel.WHEN:
            self.visits_model.fit_when(new - scaled(VisitsModel.CELL_PADDING), self.visits.fontMetrics())

    def show_account(self, account: MemberAccount, currency: str) -> None:
        self.account = account
        self._currency = currency
        self.name.setText(account.display_name)
        self.visits_model.set_visits(account.visits, today=account.today)
        while self._stamp_widgets:
            widget, caption = self._stamp_widgets.pop()
            # out of the layouts now: a deferred delete waits for the event loop, and until then the last
            # member's card would still take its room
            self.stamps_box.removeWidget(widget)
            self.captions_box.removeWidget(caption)
            for gone in (widget, caption):
                gone.hide()
                gone.deleteLater()
        for status in account.stamp_cards:
            caption = label("", CAPTION, wrap=True)
            # The card as printed: a slot per stamp the card needs, then the free item's star.
            widget = StampCardWidget(filled=status.reading.filled, total=status.required + 1)
            widget.setMinimumSize(scaled(180), scaled(80))
            widget.setMaximumHeight(scaled(100))
            self.captions_box.addWidget(caption)
            self.stamps_box.insertWidget(self.stamps_box.count() - 1, widget)
            self._stamp_widgets.append((widget, caption))
        self.retranslate_ui()

    def stamp_widgets(self) -> list[StampCardWidget]:
        return [widget for widget, _ in self._stamp_widgets]

    def stamp_captions(self) -> list[QLabel]:
        return [caption for _, caption in self._stamp_widgets]

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
        self.history_banner.setText(self.tr("This till has not finished taking the shop's history from the hub: "
                                            "these balances may be incomplete. Points and credit can be spent "
                                            "once it has synced."))
        self.history_banner.setVisible(account.history_incomplete)
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
        # Thai writes a space where a Latin tier name meets Thai ("สมาชิกระดับ Silver")
        self.credit.set_sub_caption(thai_spaced(self.tr("{tier} member").format(tier=tier_text)))
        for (_widget, caption), status in zip(self._stamp_widgets, account.stamp_cards, strict=True):
            # One line: a second (Thai wraps sooner) squeezed the stamp grid; what is ready is listed beside it.
            reading = status.reading
            if reading.owing:  # a refund took back stamps whose free item was already used
                text = render_text("stamp_card.counter_owing", {"card": status.name, "required": reading.required,
                                                                "owed": reading.owed})
            else:
                text = self.tr("{card}: {stamps} of {required} stamps").format(
                    card=status.name, stamps=reading.shown, required=reading.required)
            caption.setText(unbreakable_counts(text))
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
        # vouchers the member has not used yet: applied at checkout from the rewards column, paper or not
        lines += ["🎟 " + self.voucher_text(voucher.name, voucher.valid_until, voucher.code)
                  for voucher in account.vouchers]
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
            elif item.kind == "voucher":
                soon.append(render_text("account.voucher_expires", {"reward": item.reward, "date": item.on}))
            else:
                soon.append(self.tr("{amount} store credit expires on {date}").format(
                    amount=format_money(item.value), date=when))
        self.expiring.setText(("⏳ " + "\n⏳ ".join(soon)) if soon else "")
        self.expiring.setVisible(bool(soon))
        self.challenges.setText("\n".join("• " + self.challenge_text(c) for c in account.challenges))
        self.challenges.setVisible(bool(account.challenges))
        self.show_offers(account.offers)
        self._fit_visits()  # another member's rows, another height

    def voucher_text(self, name: str, valid_until: date | None, code: str) -> str:
        """"Voucher: 50 baht off · until 30 Dec 2026 · LK1VA BCDEF …": what it gives, its last day, its code (in
        groups of five, which the narrow column may break; a typed code's spaces are dropped when it is read)."""
        return render_text("account.voucher_line" if valid_until else "account.voucher_line_no_expiry",
                           {"reward": name, "date": valid_until, "code": grouped_code(code)})

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
        return thai_spaced(self._tier_sentence(tier))  # "อีก ฿6,475.50 ถึงระดับ Gold"

    def _tier_sentence(self, tier: TierView) -> str:
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
