"""The checkout's rewards column: the member's rewards and personal offers to apply, points and store credit to
spend, vouchers, and the way back to the sale."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain import tokens
from kiosk.domain.digits import whole_number
from kiosk.services.accounts import MemberAccount
from kiosk.ui.counter.common import CounterContext, amount_text, button, card, label, with_key
from kiosk.ui.formatting import format_money, format_points, plural, render_text
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import CAPTION, FLAT, HEADING, SUB_CAPTION, scaled
from kiosk.ui.widgets.basics import fit_lines
from kiosk.ui.widgets.digits import WholeNumberValidator

if TYPE_CHECKING:
    from kiosk.ui.counter.checkout import CheckoutChoices


def voucher_key(code: str) -> str:
    """A voucher code as the shop keeps it, however it was scanned or typed (case, dashes, confusable letters)."""
    return tokens.normalize(code)


def reward_style(text: str) -> str:
    """A reward's or offer's button, tall enough for its lines (a long name takes two, then its cost)."""
    lines = text.count("\n") + 1
    return f"min-height: {scaled(18 * lines + 18)}px; padding: {scaled(2)}px {scaled(10)}px;"


class RewardsColumn(QWidget):
    """The left of the checkout. The checkout page keeps what was chosen and prices it; this column shows the
    choice and reports what the cashier picked or typed."""

    back_requested = Signal()
    reward_toggled = Signal(str, bool)  # reward id, from a stamp card
    offer_toggled = Signal(str)
    points_typed = Signal(int)
    max_points_requested = Signal()
    credit_typed = Signal(str)  # as typed: the page reads it as money
    all_credit_requested = Signal()
    voucher_entered = Signal(str)
    voucher_toggled = Signal(str)  # the code of one of the member's own vouchers, chosen without its paper
    clear_vouchers_requested = Signal()

    def __init__(self, context: CounterContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._reward_buttons: list[QPushButton] = []
        self._syncing = False
        # The list goes to the chosen reward when the choice changes or the list is made anew, and keeps it in
        # view as the list is laid out (names rewrap as it narrows) until the cashier scrolls it: a resize once
        # scrolled back to the chosen reward over where the cashier had scrolled.
        self._chosen_ids: tuple[str, ...] | None = None  # what was ticked when the list last went to it
        self._follow_choice = False
        self.back = button(focus=False)
        self.back.clicked.connect(self.back_requested)
        rewards_card, rewards = card(margins=18, spacing=8)
        self.rewards_title = label("", HEADING)
        self.member_line = label("", SUB_CAPTION, wrap=True)
        # Rewards scroll inside the card: a member with many rewards must not push the page off screen.
        reward_list = QWidget()
        reward_list.setObjectName("rewardList")
        reward_list.setStyleSheet("QWidget#rewardList { background: transparent; }")
        self.reward_box = QVBoxLayout(reward_list)
        self.reward_box.setContentsMargins(0, 0, 0, 0)
        self.reward_box.setSpacing(scaled(8))
        self.reward_box.addStretch(1)
        self.reward_scroll = QScrollArea()
        self.reward_scroll.setWidget(reward_list)
        self.reward_scroll.setWidgetResizable(True)
        self.reward_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.reward_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reward_scroll.setStyleSheet("QScrollArea { background: transparent; }")
        self.reward_scroll.viewport().setAutoFillBackground(False)
        self.reward_scroll.setMinimumHeight(scaled(64))
        # the cashier's own scrolling (wheel, scroll bar, keys): from then on the list stays where they put it
        self.reward_scroll.verticalScrollBar().actionTriggered.connect(self._cashier_scrolled)
        # names are broken to the list's width as it is laid out (a wide till shows a long offer name whole)
        self.reward_scroll.viewport().installEventFilter(self)
        self.points_caption = label("", CAPTION, wrap=True)
        self.points_edit = QLineEdit()
        self.points_edit.setValidator(WholeNumberValidator(0, 10_000_000, self.points_edit))
        self.points_edit.setAccessibleName("points")
        self.points_edit.textEdited.connect(self._points_changed)
        self.points_max = button(focus=False)
        self.points_max.clicked.connect(self.max_points_requested)
        points_row = QHBoxLayout()
        points_row.addWidget(self.points_edit, 1)
        points_row.addWidget(self.points_max)
        self.credit_caption = label("", CAPTION, wrap=True)
        self.credit_edit = QLineEdit()
        self.credit_edit.setAccessibleName("store credit")
        self.credit_edit.textEdited.connect(self.credit_typed)
        self.credit_all = button(focus=False)
        self.credit_all.clicked.connect(self.all_credit_requested)
        credit_row = QHBoxLayout()
        credit_row.addWidget(self.credit_edit, 1)
        credit_row.addWidget(self.credit_all)
        self.voucher_caption = label("", CAPTION)
        self.voucher_edit = QLineEdit()
        self.voucher_edit.returnPressed.connect(self._voucher_typed)
        self.voucher_add = button(focus=False)
        self.voucher_add.clicked.connect(self._voucher_typed)
        voucher_row = QHBoxLayout()
        voucher_row.addWidget(self.voucher_edit, 1)
        voucher_row.addWidget(self.voucher_add)
        self.vouchers_line = label("", SUB_CAPTION, wrap=True)
        self.vouchers_clear = button(name=FLAT, focus=False)
        self.vouchers_clear.clicked.connect(self.clear_vouchers_requested)
        rewards.addWidget(self.rewards_title)
        rewards.addWidget(self.member_line)
        rewards.addWidget(self.reward_scroll, 1)
        rewards.addSpacing(scaled(6))
        rewards.addWidget(self.points_caption)
        rewards.addLayout(points_row)
        rewards.addWidget(self.credit_caption)
        rewards.addLayout(credit_row)
        rewards.addWidget(self.voucher_caption)
        rewards.addLayout(voucher_row)
        rewards.addWidget(self.vouchers_line)
        rewards.addWidget(self.vouchers_clear, 0, Qt.AlignmentFlag.AlignLeft)
        rewards.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rewards_card)
        self.retranslate_ui()

    # ================================================================== API
    def show_account(self, account: MemberAccount | None) -> None:
        """The rewards and personal offers of the member on the sale (None: a guest)."""
        for btn in self._reward_buttons:
            btn.deleteLater()
        self._reward_buttons = []
        self._chosen_ids = None  # a new list: the next choices shown go to the chosen one
        if account is None:
            self.member_line.setText(self.tr("No member on this sale: scan a card to earn and use points. "
                                             "Vouchers work without a card."))
            return
        self.member_line.setText(plural(account.points, self.tr("{name} · %n point · {credit} store credit"),
                                        self.tr("{name} · %n points · {credit} store credit")).format(
            name=account.display_name, credit=format_money(account.credit)))
        for reward in account.rewards:
            stamp = reward.kind == "stamp"
            # the name, then on a second line what it costs and, for one out of reach, why (as the kiosk says it)
            if stamp:
                detail = self.tr("stamp card, ready")
            elif reward.affordable:
                detail = plural(reward.points, self.tr("%n point"), self.tr("%n points"))
            else:
                detail = self.tr("{cost} · {short} more").format(
                    cost=plural(reward.points, self.tr("%n point"), self.tr("%n points")),
                    short=format_points(reward.points_short))
            btn = QPushButton()
            btn.setCheckable(True)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setProperty("reward_id", reward.id)
            btn.setProperty("stamp", stamp)
            btn.setEnabled(reward.affordable)
            if not reward.affordable:
                btn.setProperty("tip", self.tr("{n} more points needed").format(
                    n=format_points(reward.points_short)))
            self._name(btn, reward.name, detail)
            btn.clicked.connect(lambda _=False, rid=reward.id, s=stamp: self.reward_toggled.emit(rid, s))
            self.reward_box.insertWidget(self.reward_box.count() - 1, btn)
            self._reward_buttons.append(btn)
        for voucher in account.vouchers:  # the member's unused vouchers: no paper needed, the account has them
            detail = render_text("account.voucher_tile" if voucher.valid_until else "account.voucher_tile_no_expiry",
                                 {"date": voucher.valid_until})
            self._toggle_tile(voucher.name, detail, tip=voucher.code, key=voucher.code, kind="voucher",
                              toggled=self.voucher_toggled.emit)
        programs = self._context.app.ctx.programs
        for offer in account.offers:
            known = programs.offer(offer.offer_id)
            name = known.label(current_language()) if known else offer.label
            self._toggle_tile(name, self.tr("personal offer"), tip=name, key=offer.offer_id, kind="offer",
                              toggled=self.offer_toggled.emit)

    def _toggle_tile(self, name: str, detail: str, *, tip: str, key: str, kind: str,
                     toggled: Callable[[str], object]) -> None:
        """A tile the cashier ticks for this sale: a voucher of the member's (`kind` "voucher") or a personal offer
        ("offer"); `key` is what the checkout knows it by, and what `toggled` is told."""
        btn = QPushButton()
        btn.setProperty("tip", tip)
        self._name(btn, name, detail)
        btn.setCheckable(True)
        btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        btn.setProperty("reward_id", key)
        btn.setProperty(kind, True)
        btn.clicked.connect(lambda _=False: toggled(key))
        self.reward_box.insertWidget(self.reward_box.count() - 1, btn)
        self._reward_buttons.append(btn)

    def _name(self, btn: QPushButton, name: str, detail: str) -> None:
        """The button's name in at most two lines as wide as the list is now, then its detail (cost, what is
        short) broken at its " · " into as many lines as it needs: a number is never cut. A name too long for two
        lines ends in "…" and shows whole in the tooltip. Kept, to be broken again when the list's width changes.
        (Names were broken to at least 170 px: on a 1024 px till the column is narrower, and tiles read
        "Free cake slic" and "174 m".)"""
        btn.setProperty("name_lines", (name, detail))
        # the list less the button's padding (reward_style) and its border
        width = max(scaled(40), self.reward_scroll.viewport().width() - scaled(24))
        name_text = fit_lines(name, btn, width)
        metrics = btn.fontMetrics()
        detail_lines: list[str] = []
        for part in detail.split(" · "):
            if detail_lines and metrics.horizontalAdvance(f"{detail_lines[-1]} · {part}") <= width:
                detail_lines[-1] = f"{detail_lines[-1]} · {part}"
            else:
                detail_lines.append(part)
        # a part still too wide (a Thai sentence) breaks at its spaces, never with "…"
        detail_text = "\n".join(fit_lines(line, btn, width, max_lines=99) if metrics.horizontalAdvance(line) > width
                                else line for line in detail_lines)
        text = f"{name_text}\n{detail_text}"
        elided = "…" in name_text and "…" not in name
        btn.setToolTip(name if elided else btn.property("tip") or "")
        if text != btn.text():
            btn.setText(text)
            btn.setStyleSheet(reward_style(text))

    def show_chosen(self) -> None:
        """Scroll the list to the first reward or offer ticked on the bill (none: it stays where it is)."""
        chosen = next((btn for btn in self._reward_buttons if btn.isChecked()), None)
        if chosen is not None:
            self.reward_scroll.ensureWidgetVisible(chosen, 0, scaled(4))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.reward_scroll.viewport():
            for btn in self._reward_buttons:
                name, detail = btn.property("name_lines")
                self._name(btn, name, detail)
            if self._follow_choice:
                QTimer.singleShot(0, self, self.show_chosen)
        return super().eventFilter(watched, event)

    def _cashier_scrolled(self, _action: int) -> None:
        self._follow_choice = False

    def reward_button(self, reward_id: str) -> QPushButton:
        for btn in self._reward_buttons:
            if btn.property("reward_id") == reward_id:
                return btn
        raise KeyError(reward_id)

    def show_choices(self, choices: CheckoutChoices, account: MemberAccount | None) -> None:
        """What is chosen on the bill: rewards and offers ticked, points and credit to spend, vouchers."""
        self._syncing = True
        try:
            has_member = account is not None
            rules = self._context.app.ctx.programs.points
            vouchers = {voucher_key(code) for code in choices.vouchers}  # scanned or typed, or chosen here
            for btn in self._reward_buttons:
                if btn.property("voucher"):
                    btn.setChecked(voucher_key(str(btn.property("reward_id"))) in vouchers)
                    continue
                chosen = (choices.offer_ids if btn.property("offer") else
                          choices.stamp_rewards if btn.property("stamp") else choices.reward_ids)
                btn.setChecked(btn.property("reward_id") in chosen)
            # once laid out (at 1024x768 the chosen reward sat below the list's visible part); only for another
            # choice or a new list: points or credit typed on the bill leave the list where the cashier has it
            ticked = tuple(str(btn.property("reward_id")) for btn in self._reward_buttons if btn.isChecked())
            if ticked != self._chosen_ids:
                self._chosen_ids = ticked
                self._follow_choice = True
                QTimer.singleShot(0, self, self.show_chosen)
            self.points_caption.setText(self.tr("Pay with points (1 point = {value})").format(
                value=format_money(rules.point_value)))
            if not self.points_edit.hasFocus() or not self.points_edit.text():
                self.points_edit.setText(str(choices.points) if choices.points else "")
            self.credit_caption.setText(self.tr("Store credit (has {credit})").format(
                credit=format_money(account.credit)) if account is not None else self.tr("Store credit"))
            credit = choices.credit
            if not self.credit_edit.hasFocus():
                self.credit_edit.setText(amount_text(credit) if credit is not None else "")
            for widget in (self.points_edit, self.points_max, self.credit_edit, self.credit_all):
                widget.setEnabled(has_member)
            self.vouchers_line.setText("\n".join(choices.vouchers))
            self.vouchers_line.setVisible(bool(choices.vouchers))
            self.vouchers_clear.setVisible(bool(choices.vouchers))
        finally:
            self._syncing = False

    def retranslate_ui(self) -> None:
        """The fixed texts (the checkout page's retranslate_ui calls this, then shows the member again)."""
        self.rewards_title.setText(self.tr("Rewards"))
        self.points_max.setText(self.tr("Max"))
        self.points_max.setToolTip(self.tr("Spend as many points as this bill allows"))
        self.credit_all.setText(self.tr("All"))
        self.credit_edit.setPlaceholderText(self.tr("baht"))
        self.points_edit.setPlaceholderText(self.tr("points"))
        self.voucher_caption.setText(self.tr("Voucher"))
        self.voucher_edit.setPlaceholderText(self.tr("Scan or type"))
        self.voucher_add.setText(self.tr("Add"))
        self.vouchers_clear.setText(self.tr("Remove vouchers"))
        self.back.setText(with_key(self.tr("Back"), "Esc"))

    # ================================================================== internals
    def _points_changed(self, text: str) -> None:
        if not self._syncing:
            self.points_typed.emit(whole_number(text) or 0)

    def _voucher_typed(self) -> None:
        code = self.voucher_edit.text()
        self.voucher_edit.clear()
        self.voucher_entered.emit(code)
