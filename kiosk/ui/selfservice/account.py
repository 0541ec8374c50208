"""The member's own account: balances, tier and what it unlocks, stamp card, rewards, expiring, visits."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.money import Money
from kiosk.services.accounts import MemberAccount, RewardOption
from kiosk.services.context import ShopContext
from kiosk.services.offers import OfferView
from kiosk.ui.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_points,
    grouped_code,
    plural,
    render_text,
    spoken,
    with_name,
)
from kiosk.ui.selfservice.common import Screen, button, card, label, scroll_box
from kiosk.ui.theme import CAPTION, ERROR_TEXT, HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import BalanceTile, StampCardWidget, TierProgressWidget
from kiosk.ui.widgets.scrolling import ScrollBox


def _clear_layout(layout: QVBoxLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.hide()  # off the screen now, not at the next turn of the event loop
            widget.deleteLater()


class RewardRow(QFrame):
    """One reward: its name and cost, and either a Redeem button or how many points are still missing."""

    redeem_clicked = Signal(str)

    def __init__(self, option: RewardOption, balance: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rewardRow")
        self.option = option
        name = label(option.name, HEADING, wrap=True)
        layout = QGridLayout(self)
        layout.setContentsMargins(scaled(14), scaled(8), scaled(10), scaled(8))
        layout.setHorizontalSpacing(scaled(12))
        layout.setVerticalSpacing(scaled(4))
        layout.addWidget(name, 0, 0)
        layout.setColumnStretch(0, 1)
        self.redeem_button = None
        if option.kind == "stamp":
            layout.addWidget(label(self.tr("Stamp card complete: ask the cashier for it"), SUB_CAPTION, wrap=True),
                             1, 0)
            badge = label(self.tr("Ready"), "readyBadge", align=Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(badge, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            return
        cost = plural(option.points, self.tr("%n point"), self.tr("%n points"))
        if option.affordable:
            layout.addWidget(label(cost, SUB_CAPTION), 1, 0)
            self.redeem_button = button(self.tr("Redeem"), PRIMARY)
            self.redeem_button.clicked.connect(lambda: self.redeem_clicked.emit(option.id))
            layout.addWidget(self.redeem_button, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        else:
            # the name, then what it costs and how far off it is, then the bar: each on its own line, so a
            # long name or a narrow column never squeezes the numbers
            short = plural(option.points_short, self.tr("%n more point"), self.tr("%n more points"))
            layout.addWidget(label(f"{cost} · {short}", SUB_CAPTION, wrap=True), 1, 0)
            bar = QProgressBar()
            bar.setRange(0, max(1, option.points))
            bar.setValue(max(0, min(option.points, balance)))
            bar.setTextVisible(False)
            layout.addWidget(bar, 2, 0)


class HeadingsKeptWithText(QObject):
    """The headed sections of a scroll box's column. A heading never ends what shows of the box cut through, or
    whole with nothing of its own under it ("Challenges" at the foot of its card, the challenges out of sight):
    where what shows would end within a heading or before its first line, the heading starts below it (the
    scroll bar says there is more)."""

    def __init__(self, box: ScrollBox) -> None:
        super().__init__(box)
        self._box = box
        self._sections: list[tuple[QSpacerItem, QLabel, QLabel]] = []
        box.viewport().installEventFilter(self)
        content = box.widget()
        assert content is not None
        content.installEventFilter(self)
        self._pending = False

    def add(self, heading: QLabel, text: QLabel) -> None:
        """A heading and its text, next in the box's column."""
        spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        column = self._box.column
        column.addSpacerItem(spacer)
        column.addWidget(heading)
        column.addWidget(text)
        self._sections.append((spacer, heading, text))

    def sections(self) -> list[tuple[QLabel, QLabel]]:
        return [(heading, text) for _, heading, text in self._sections]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and not self._pending:
            self._pending = True  # once the rows are laid out, and once for many changes
            QTimer.singleShot(0, self, self.fit)
        return False

    def fit(self) -> None:
        """Where each heading starts, read from its rows' heights at the box's width (not from where the last
        layout put them, which the spacers moved); the first heading what shows would cut starts below it."""
        self._pending = False
        column = self._box.column
        width = self._box.viewport().width()
        shown = self._box.viewport().height()
        spacers = {id(spacer): spacer for spacer, _, _ in self._sections}
        pushes: dict[int, int] = {}
        y, first = 0, True
        for index in range(column.count()):
            item = column.itemAt(index)
            if item is None or id(item) in spacers or item.isEmpty() or item.widget() is None:
                continue
            widget = item.widget()
            top = y if first else y + column.spacing()
            height = item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            section = next((s for s in self._sections if s[1] is widget), None)
            if section is not None and not pushes:
                spacer, heading, text = section
                first_line = (height + column.spacing() + text.fontMetrics().lineSpacing()
                              if not text.isHidden() and text.text() else height)
                if top < shown < top + first_line:
                    pushes[id(spacer)] = shown - top + column.spacing()
                    top = shown + column.spacing()
            y, first = top + height, False
        changed = False
        for spacer, _, _ in self._sections:
            push = pushes.get(id(spacer), 0)
            if spacer.sizeHint().height() != push:
                spacer.changeSize(0, push, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
                changed = True
        if changed:
            column.invalidate()


class AccountScreen(Screen):
    done_requested = Signal()
    redeem_requested = Signal(str)
    donate_requested = Signal()
    membership_requested = Signal()
    feedback_requested = Signal()

    def __init__(self, ctx: ShopContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._account: MemberAccount | None = None
        self._title = label()
        self._caption = label()
        self.done_button = button("", PRIMARY)
        self.done_button.setObjectName("bigPrimary")
        self.done_button.setMinimumWidth(scaled(180))
        self.done_button.clicked.connect(self.done_requested)
        # a kiosk whose joining the hub was cut short holds part of the shop's history: the balances may be off,
        # and spending them waits until it has it all (as the counter and the receipt say), in the screen's language
        self.history_banner = label("", ERROR_TEXT, wrap=True)
        self.history_banner.hide()

        self.points_tile = BalanceTile()
        self.credit_tile = BalanceTile()
        tiles = QWidget()
        tiles_row = QHBoxLayout(tiles)
        tiles_row.setContentsMargins(0, 0, 0, 0)
        tiles_row.setSpacing(scaled(16))
        tiles_row.addWidget(self.points_tile)
        tiles_row.addWidget(self.credit_tile)

        # Every card that can grow (perks, rewards, what expires, visits) scrolls inside itself:
        # a member with much to show keeps the same screen, and Donate / Join / Rate stay in reach.
        tier_card, tier_box = card(spacing=6, margins=18)
        self._tier_caption = label("", CAPTION)
        self.tier = TierProgressWidget()
        tier_layout = self.tier.layout()
        assert tier_layout is not None  # the widget lays itself out when made
        tier_layout.setContentsMargins(0, 0, 0, 0)
        perks_scroll, perks_box = scroll_box()
        self._perks = label("", SUB_CAPTION, wrap=True)
        self._next_perks = label("", SUB_CAPTION, wrap=True)
        perks_box.addWidget(self._perks)
        perks_box.addWidget(self._next_perks)
        perks_box.addStretch(1)
        tier_box.addWidget(self._tier_caption)
        tier_box.addWidget(self.tier)
        tier_box.addWidget(perks_scroll, 1)
        self.tier_card = tier_card

        stamps_card, stamps_box = card(spacing=6, margins=18)
        self._stamps_caption = label("", CAPTION)
        stamps_box.addWidget(self._stamps_caption)
        # the shop's stamp cards (one or two) are part of the screen's shape; they do not grow with a member
        self._stamps_list = QVBoxLayout()
        self._stamps_list.setSpacing(scaled(6))
        stamps_box.addLayout(self._stamps_list, 1)
        self.stamps_card = stamps_card

        rewards_card, rewards_box = card(spacing=8, margins=18)
        self._rewards_caption = label("", CAPTION)
        rewards_box.addWidget(self._rewards_caption)
        rewards_scroll, self._rewards_list = scroll_box(spacing=8)
        self._rewards_scroll = rewards_scroll
        rewards_box.addWidget(rewards_scroll, 1)
        self.rewards_card = rewards_card

        expiring_card, expiring_box = card(spacing=6, margins=18)
        self._expiring_caption = label("", CAPTION)
        self.expiring_text = label("", wrap=True)
        expiring_scroll, expiring_list = scroll_box()
        expiring_list.addWidget(self.expiring_text)
        # the member's challenges share the card: "Visit 3 times: 2 of 3 visits: one more by Sunday"
        self._offers_caption = label("", CAPTION)
        self.offers_text = label("", wrap=True)
        self._challenges_caption = label("", CAPTION)
        self.challenges_text = label("", wrap=True)
        # the member's unused vouchers: a slip lost, or never printed (the printer was down), is still theirs
        self._vouchers_caption = label("", CAPTION)
        self.vouchers_text = label("", wrap=True)
        self._headings = HeadingsKeptWithText(expiring_scroll)
        for heading, text in ((self._vouchers_caption, self.vouchers_text),
                              (self._offers_caption, self.offers_text),
                              (self._challenges_caption, self.challenges_text)):
            self._headings.add(heading, text)
        expiring_list.addStretch(1)
        expiring_box.addWidget(self._expiring_caption)
        expiring_box.addWidget(expiring_scroll, 1)

        visits_card, visits_box = card(spacing=6, margins=18)
        self._visits_caption = label("", CAPTION)
        self.visits_text = label("", wrap=True)
        self.visits_text.setTextFormat(Qt.TextFormat.PlainText)
        visits_scroll, visits_list = scroll_box()
        visits_list.addWidget(self.visits_text)
        visits_list.addStretch(1)
        visits_box.addWidget(self._visits_caption)
        visits_box.addWidget(visits_scroll, 1)

        self.donate_button = button("", "bigSecondary")
        self.donate_button.clicked.connect(self.donate_requested)
        self.membership_button = button("", "bigSecondary")
        self.membership_button.clicked.connect(self.membership_requested)
        self.feedback_button = button("", "bigSecondary")
        self.feedback_button.clicked.connect(self.feedback_requested)
        self.referral = label("", "referral", wrap=True)

        self._blocks = (tiles, stamps_card, rewards_card, tier_card, expiring_card, visits_card)
        self._grid = QGridLayout()
        self._grid.setSpacing(scaled(16))

        self._actions = QGridLayout()
        self._actions.setHorizontalSpacing(scaled(16))
        self._actions.setVerticalSpacing(scaled(8))
        self._actions.addWidget(self.donate_button, 0, 0)
        self._actions.addWidget(self.membership_button, 0, 1)
        self._actions.addWidget(self.feedback_button, 0, 2)

        layout = QVBoxLayout(self)
        self.page_margins(layout, 48, 16, 48, 18)
        layout.setSpacing(scaled(14))
        header = self.header(self._title, self._caption, right=self.done_button)
        # beside the greeting, left of Done: a line of its own across the screen (or under the balances it
        # speaks of) had no room at 1024x768 in Thai
        header.insertWidget(1, self.history_banner, 1, Qt.AlignmentFlag.AlignVCenter)
        header.setSpacing(scaled(24))
        layout.addLayout(header)
        layout.addLayout(self._grid, 1)
        layout.addLayout(self._actions)
        self.orientation_changed()
        self.retranslate_ui()
        self.reset()

    def compact_changed(self) -> None:
        # three columns across a 1024x768 screen: the balances, the stamp card and a reward with its Redeem
        # button each keep their width, the gaps between them give way
        self._grid.setHorizontalSpacing(scaled(10 if self.is_compact() else 16))

    def orientation_changed(self) -> None:
        """Wide: three columns of two (balances over tier, stamps over what expires, rewards over visits).
        Tall: two columns of three, the balances and stamp card first."""
        grid = self._grid
        for block in self._blocks:
            grid.removeWidget(block)
        for index in range(3):
            grid.setRowStretch(index, 0)
            grid.setColumnStretch(index, 0)
        tiles, stamps, rewards, tier, expiring, visits = self._blocks
        rows: tuple[int, ...]
        if self.is_portrait():
            places = ((tiles, 0, 0), (stamps, 0, 1), (rewards, 1, 0), (tier, 1, 1), (expiring, 2, 0), (visits, 2, 1))
            rows, columns = (3, 5, 2), 2
        else:
            places = ((tiles, 0, 0), (tier, 1, 0), (stamps, 0, 1), (expiring, 1, 1), (rewards, 0, 2), (visits, 1, 2))
            rows, columns = (5, 3), 3
        for block, row, column in places:
            grid.addWidget(block, row, column)
        # the invitation to bring a friend: beside the buttons when wide, under them when tall
        self._actions.removeWidget(self.referral)
        if self.is_portrait():
            self._actions.addWidget(self.referral, 1, 0, 1, 4)
        else:
            self._actions.addWidget(self.referral, 0, 3)
        self._actions.setColumnStretch(3, 1)
        for row, stretch in enumerate(rows):
            grid.setRowStretch(row, stretch)
        for column in range(columns):
            grid.setColumnStretch(column, 1)

    # ------------------------------------------------------------------ API
    def account(self) -> MemberAccount | None:
        return self._account

    def reward_rows(self) -> list[RewardRow]:
        rows = []
        for index in range(self._rewards_list.count()):
            item = self._rewards_list.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, RewardRow):
                rows.append(widget)
        return rows

    def headed_sections(self) -> list[tuple[QLabel, QLabel]]:
        """The headings inside the cards that scroll, each with the text under it."""
        return self._headings.sections()

    def set_account(self, account: MemberAccount) -> None:
        self._account = account
        self._fill()

    def reset(self) -> None:
        self._account = None
        self._title.setText("")
        self._caption.setText("")
        self.points_tile.set_value("")
        self.points_tile.set_sub_caption("")
        self.credit_tile.set_value("")
        self.credit_tile.set_sub_caption("")
        self.tier.set_state(tier_name="", current=0, target=1, caption="")
        self._perks.clear()
        self._next_perks.clear()
        self.expiring_text.clear()
        self.challenges_text.clear()
        self.offers_text.clear()
        self.vouchers_text.clear()
        self.visits_text.clear()
        self.referral.clear()
        self.history_banner.hide()
        _clear_layout(self._stamps_list)
        _clear_layout(self._rewards_list)

    def visible_texts(self) -> list[str]:
        """Every text a customer can read on this screen now (tests check nothing of anyone else stays)."""
        return [w.text() for w in self.findChildren(QLabel) if w.text() and not w.isHidden()]

    # ------------------------------------------------------------------ filling
    def retranslate_ui(self) -> None:
        self.done_button.setText(self.tr("Done"))
        self.donate_button.setText(self.tr("Donate points"))
        self.feedback_button.setText(self.tr("Rate your visit"))
        self.points_tile.set_caption(self.tr("Points"))
        self.credit_tile.set_caption(self.tr("Store credit"))
        self._tier_caption.setText(self.tr("Your tier"))
        self._stamps_caption.setText(self.tr("Stamp card"))
        self._rewards_caption.setText(self.tr("Rewards"))
        self._expiring_caption.setText(self.tr("Expiring soon"))
        self._visits_caption.setText(self.tr("Recent visits"))
        plans = self._ctx.programs.memberships
        self.membership_button.setText(self.tr("Join %1").replace("%1", plans[0].label(self._language()))
                                       if len(plans) == 1 else self.tr("Paid membership"))
        self.membership_button.setVisible(bool(plans))
        self.donate_button.setVisible(self._ctx.programs.charity.enabled and bool(self._ctx.programs.charity.causes))
        if self._account is not None:
            self._fill()

    def _language(self) -> str:
        from kiosk.ui.i18n import current_language

        return current_language()

    def _fill(self) -> None:
        account = self._account
        assert account is not None
        currency = self._ctx.currency
        self._title.setText(with_name(self.tr("Hello, %1"), account.display_name))
        since = format_date(self._ctx.local(account.enrolled_at).date())
        self._caption.setText(self.tr("%1 · member since %2").replace("%1", account.masked_phone).replace("%2", since))
        self.history_banner.setText(render_text("account.history_incomplete"))
        self.history_banner.setVisible(account.history_incomplete)
        self.points_tile.set_value(format_points(account.points))
        self.points_tile.set_sub_caption(self.tr("Worth %1").replace("%1", format_money(account.points_value)))
        self.credit_tile.set_value(format_money(account.credit))
        self.credit_tile.set_sub_caption(self.tr("Spend it at the counter"))
        self._fill_tier(account, currency)
        self._fill_stamps(account)
        self._fill_rewards(account)
        self._fill_expiring(account, currency)
        self._fill_visits(account)
        self.referral.setText(self.tr("Invite a friend with your code %1: you both get points after their first "
                                      "visit.").replace("%1", account.referral_code))

    def _fill_tier(self, account: MemberAccount, currency: str) -> None:
        tier = account.tier
        self.tier_card.setVisible(tier is not None)
        if tier is None:
            return
        if tier.next_label is None:
            caption = self.tr("Top tier reached")
        elif tier.metric == "spend":
            caption = self.tr("Spend %1 more to reach %2").replace(
                "%1", format_money(Money(tier.remaining, currency))).replace("%2", tier.next_label)
        elif tier.metric == "points":
            caption = plural(tier.remaining, self.tr("Earn %n more point to reach %2"),
                             self.tr("Earn %n more points to reach %2")).replace("%2", tier.next_label)
        else:
            caption = plural(tier.remaining, self.tr("%n more visit to reach %2"),
                             self.tr("%n more visits to reach %2")).replace("%2", tier.next_label)
        self.tier.set_state(tier_name=tier.label, current=tier.percent, target=100, caption=caption,
                            next_tier_name=tier.next_label or "")
        self._perks.setText(self.tr("Your perks: %1").replace("%1", ", ".join(tier.perks)) if tier.perks else "")
        levels = {level.name: level for level in self._ctx.programs.tiers.levels}
        following = levels.get(tier.next_name or "")
        unlocks = [perk for perk in (following.perk_labels(self._language()) if following else ())
                   if perk not in tier.perks]
        self._next_perks.setText(self.tr("%1 unlocks: %2").replace("%1", tier.next_label or "")
                                 .replace("%2", ", ".join(unlocks)) if unlocks else "")

    def _fill_stamps(self, account: MemberAccount) -> None:
        _clear_layout(self._stamps_list)
        self.stamps_card.setVisible(bool(account.stamp_cards))
        for stamp_card in account.stamp_cards:
            self._stamps_list.addWidget(label(stamp_card.name, HEADING))
            # A slot per stamp the card needs, then the free item's star.
            reading = stamp_card.reading  # a refund can leave stamps owed: the card shows empty, owed ones count
            widget = StampCardWidget(filled=reading.filled, total=stamp_card.required + 1)
            self._stamps_list.addWidget(widget, 1)
            text = self.tr("%1 more for %2").replace("%1", str(reading.to_go)).replace("%2", stamp_card.reward_name)
            if reading.owing:  # "7 stamps to make up after a refund · 16 more for Free coffee"
                text = render_text("stamp_card.owed_politely", {"owed": reading.owed}) + " · " + text
            if stamp_card.rewards_ready:
                text = self.tr("%1 ready to use: %2").replace("%1", str(stamp_card.rewards_ready)).replace(
                    "%2", stamp_card.reward_name) + " · " + text
            self._stamps_list.addWidget(label(text, SUB_CAPTION, wrap=True))

    def _fill_rewards(self, account: MemberAccount) -> None:
        _clear_layout(self._rewards_list)
        # Affordable first, then the nearest: what a customer can have now matters most.
        ordered = sorted(account.rewards, key=lambda r: (r.kind != "stamp", not r.affordable, r.points_short, r.points))
        for option in ordered:
            row = RewardRow(option, account.points)
            row.redeem_clicked.connect(self.redeem_requested)
            self._rewards_list.addWidget(row)
        if not ordered:
            self._rewards_list.addWidget(label(self.tr("No rewards are offered right now."), SUB_CAPTION))
        self._rewards_list.addStretch(1)
        # a Redeem button gives the rows a minimum width; the box (which only scrolls up and down) asks the
        # grid for it again, or a narrow 1024x768 column would squeeze it under its rows
        self._rewards_scroll.updateGeometry()

    def _fill_expiring(self, account: MemberAccount, currency: str) -> None:
        lines = [self.tr("%1 on %2").replace("%1", spoken(item)).replace("%2", format_date(item.on))
                 for item in account.expiring]
        self.expiring_text.setText("\n".join(lines) if lines else self.tr("Nothing expires in the next few weeks."))
        self.show_vouchers(account)
        texts = ["• " + spoken(progress.standing(currency)) for progress in account.challenges]
        self._challenges_caption.setText(self.tr("Challenges"))
        self._challenges_caption.setVisible(bool(texts))
        self.challenges_text.setText("\n".join(texts))
        self.challenges_text.setVisible(bool(texts))
        self.show_offers(account.offers)

    def show_vouchers(self, account: MemberAccount) -> None:
        """The member's unused vouchers: what each gives, its last day and its code (the cashier applies it from
        the account, or types the code)."""
        lines = []
        for voucher in account.vouchers:
            lines.append("• " + render_text(
                "account.voucher_kiosk_line" if voucher.valid_until else "account.voucher_kiosk_line_no_expiry",
                {"reward": voucher.name, "date": voucher.valid_until, "code": grouped_code(voucher.code)}))
        self._vouchers_caption.setText(render_text("account.vouchers_heading"))
        self._vouchers_caption.setVisible(bool(lines))
        self.vouchers_text.setText("\n".join(lines))
        self.vouchers_text.setVisible(bool(lines))

    def show_offers(self, offers: Sequence[OfferView]) -> None:
        """The member's personal offers, with the day each runs to once they have seen it."""
        language = self._language()
        lines = []
        for view in offers:
            offer = self._ctx.programs.offer(view.offer_id)
            name = offer.label(language) if offer else view.label
            if view.last_day is None:
                lines.append("• " + name)
            else:
                until = format_date(view.last_day)
                lines.append("• " + self.tr("%1, until %2").replace("%1", name).replace("%2", until))
        self._offers_caption.setText(self.tr("Just for you"))
        self._offers_caption.setVisible(bool(lines))
        self.offers_text.setText("\n".join(lines))
        self.offers_text.setVisible(bool(lines))

    def _fill_visits(self, account: MemberAccount) -> None:
        lines = []
        for visit in account.visits:
            text = f"{format_datetime(visit.at)}   {format_money(visit.amount)}"  # paid in money, as the receipt
            if visit.credit_used is not None:
                text += " " + self.tr("+ {credit} store credit").format(credit=format_money(visit.credit_used))
            # a sale of which only some lines went back is not "refunded": the customer kept the rest
            said = {"partly_refunded": self.tr("partly refunded"), "refunded": self.tr("refunded"),
                    "voided": self.tr("voided")}.get(visit.status)
            if said is not None:
                text += "  (" + said + ")"
            lines.append(text)
        self.visits_text.setText("\n".join(lines) if lines else self.tr("No visits yet."))
