"""The customer-facing display on a second screen (`kiosk counter --customer-display SCREEN`): the basket as it is
rung up, the member's name, what this sale earns, their stamps and tier progress, or a prompt to scan their card;
in the customer's language, whatever language the cashier's screen is in."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, QTranslator
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.commands import RecordSale
from kiosk.l10n.catalogue import render, say
from kiosk.services.accounts import MemberAccount
from kiosk.services.checkout import SalePreview, SaleResult
from kiosk.ui.counter.common import card, label
from kiosk.ui.formatting import format_money, format_points, with_name
from kiosk.ui.i18n import THAI, TRANSLATIONS_DIR
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import BIG_NUMBER, CAPTION, HEADING, SCREEN, SUB_CAPTION, TITLE, scaled

if TYPE_CHECKING:
    from kiosk.ui.counter.window import CounterWindow

CONTEXT = "CustomerDisplay"
PREVIEW_DELAY_MS = 250
# What the display says, in English as written here and in Thai from kiosk_th.ts (the same catalogue as the
# screens): it is rendered in the customer's language, not the cashier's, so it is looked up by hand.
TEXTS: dict[str, object] = {  # QT_TRANSLATE_NOOP hands back its text (typed as object)
    "welcome": QT_TRANSLATE_NOOP("CustomerDisplay", "Welcome to {shop}"),
    "your_order": QT_TRANSLATE_NOOP("CustomerDisplay", "Your order"),
    "nothing_yet": QT_TRANSLATE_NOOP("CustomerDisplay", "Your items appear here as they are rung up."),
    "total": QT_TRANSLATE_NOOP("CustomerDisplay", "Total"),
    "scan": QT_TRANSLATE_NOOP("CustomerDisplay", "Member? Scan your card to earn points and stamps."),
    "hello": QT_TRANSLATE_NOOP("CustomerDisplay", "Hello, {name}"),
    "points": QT_TRANSLATE_NOOP("CustomerDisplay", "Points: {points}"),
    "stamps": QT_TRANSLATE_NOOP("CustomerDisplay", "{card}: {stamps} of {required} stamps"),
    "tier": QT_TRANSLATE_NOOP("CustomerDisplay", "{tier} · {progress}"),
    "earns": QT_TRANSLATE_NOOP("CustomerDisplay", "This sale earns"),
    "earn_points": QT_TRANSLATE_NOOP("CustomerDisplay", "+{n} points"),
    "earn_stamps": QT_TRANSLATE_NOOP("CustomerDisplay", "+{n} stamps"),
    "earn_cashback": QT_TRANSLATE_NOOP("CustomerDisplay", "+{amount} store credit"),
    "thanks": QT_TRANSLATE_NOOP("CustomerDisplay", "Thank you!"),
    "paid": QT_TRANSLATE_NOOP("CustomerDisplay", "Paid {amount}"),
    "earned": QT_TRANSLATE_NOOP("CustomerDisplay", "You earned {what}"),
}


class CustomerDisplay(QWidget):
    """Follows a CounterWindow: its basket, its member, its checkout. Nothing on it can be touched."""

    def __init__(self, counter: CounterWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.setWindowTitle("Loyalty Kiosk · customer display")
        self._counter = counter
        self._app = counter.app
        self.account: MemberAccount | None = None
        self.preview: SalePreview | None = None
        self.result: SaleResult | None = None
        self._seq = 0
        self._thai = QTranslator(self)
        self._thai.load(str(TRANSLATIONS_DIR / "kiosk_th.qm"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._request_preview)

        self.welcome = label("", TITLE)
        order_card, order = card(margins=24, spacing=10)
        self.order_title = label("", HEADING)
        self.lines = QGridLayout()
        self.lines.setHorizontalSpacing(scaled(16))
        self.nothing_yet = label("", SUB_CAPTION, wrap=True)
        self.total_caption = label("", CAPTION)
        self.total = label("", BIG_NUMBER)
        order.addWidget(self.order_title)
        order.addWidget(self.nothing_yet)
        order.addLayout(self.lines)
        order.addStretch(1)
        order.addWidget(self.total_caption)
        order.addWidget(self.total)

        member_card, member = card(margins=24, spacing=10)
        self.prompt = label("", HEADING, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self.greeting = label("", HEADING, wrap=True)
        self.balances = label("", "", wrap=True)
        self.earn_title = label("", CAPTION)
        self.earn = label("", HEADING, wrap=True)
        for widget in (self.prompt, self.greeting, self.balances, self.earn_title, self.earn):
            member.addWidget(widget)
        member.addStretch(1)

        columns = QHBoxLayout()
        columns.setSpacing(scaled(24))
        columns.addWidget(order_card, 3)
        columns.addWidget(member_card, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(32), scaled(24), scaled(32), scaled(24))
        layout.setSpacing(scaled(16))
        layout.addWidget(self.welcome)
        layout.addLayout(columns, 1)

        counter.sale.basket_changed.connect(self._basket_changed)
        counter.member_column.member_loaded.connect(self.set_account)
        # bound methods, not lambdas: Qt drops these connections when the display is deleted before the counter
        counter.member_column.member_cleared.connect(self._member_cleared)
        counter.checkout.sale_completed.connect(self._paid)
        counter.locked.connect(self._counter_closed)
        counter.signed_out.connect(self._signed_out)
        counter.unlocked.connect(self._counter_opened)
        self.refresh()

    # ------------------------------------------------------------------ what it shows
    @property
    def language(self) -> str:
        """The member's language when a member is on the sale, else the shop's."""
        account = self.shown_account()
        return account.language if account is not None else self._app.ctx.language

    def shown_account(self) -> MemberAccount | None:
        """The member the display shows: nobody while the counter is locked or signed out (the cashier walked
        away; whoever stands at the screen is not that member)."""
        return None if self._counter.is_locked() else self.account

    def _shown_result(self) -> SaleResult | None:
        return None if self._counter.is_locked() else self.result

    def say(self, key: str) -> str:
        text = str(TEXTS[key])
        if self.language == THAI:
            return str(self._thai.translate(CONTEXT, text) or text)
        return text

    def set_account(self, account: MemberAccount | None) -> None:
        """The member on the sale, or their fresh balances after paying: a shown "thank you" stays until the next
        sale begins (the counter reloads the member as soon as the sale is paid)."""
        self.account = account
        self.preview = None
        self.refresh()
        if account is not None and self.result is None and not self._counter.sale.basket.is_empty():
            self._timer.start()

    def _member_cleared(self) -> None:
        self.set_account(None)

    def _counter_closed(self) -> None:
        # locked or signed out (the counter's sign-in screen is up): the customer side shows nobody's sale or account
        self._timer.stop()
        self._seq += 1  # a preview on its way is for a screen that no longer shows it
        self.preview = None
        self.refresh()

    def _signed_out(self) -> None:
        self.result = None  # the shift is over: its last "thank you" is not for the next cashier's customer
        self._counter_closed()

    def _counter_opened(self) -> None:
        self.refresh()
        if self.account is not None and self.result is None and not self._counter.sale.basket.is_empty():
            self._timer.start()

    def refresh(self) -> None:
        language = self.language
        self.welcome.setText(self.say("welcome").format(shop=self._app.ctx.shop.label(language)))
        self.order_title.setText(self.say("your_order"))
        self.total_caption.setText(self.say("total"))
        while (item := self.lines.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        rows = [] if self._counter.is_locked() else self._counter.sale.basket_lines()
        for number, line in enumerate(rows):
            name = line.label(language)
            # both at the top of their row: a price on the first line of a name that wraps, level with it
            self.lines.addWidget(label(f"{line.quantity} × {name}", "", wrap=True,
                                       align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), number, 0)
            self.lines.addWidget(label(format_money(line.total, language=language), "",
                                       align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), number, 1)
        self.lines.setColumnStretch(0, 1)
        self.nothing_yet.setText(self.say("nothing_yet"))
        self.nothing_yet.setVisible(not rows)
        self.total.setText(format_money(self._counter.sale.basket.subtotal(), language=language))
        self.total_caption.setVisible(not self._counter.is_locked())
        self.total.setVisible(not self._counter.is_locked())
        self._show_member()

    def _show_member(self) -> None:
        language = self.language
        account, result = self.shown_account(), self._shown_result()
        self.prompt.setText(self.say("scan"))
        self.prompt.setVisible(account is None and result is None)
        self.greeting.setVisible(account is not None or result is not None)
        self.balances.setVisible(account is not None)
        if result is not None:
            self.greeting.setText(self.say("thanks"))
            earned = self._earned_text(result.points_earned, sum(s.earned for s in result.stamps),
                                       result.cashback.minor and format_money(result.cashback, language=language))
            self.earn_title.setText(self.say("paid").format(amount=format_money(result.amount_due,
                                                                               language=language)))
            self.earn.setText(self.say("earned").format(what=earned) if earned else "")
            self.earn_title.setVisible(True)
            self.earn.setVisible(bool(earned))
            return
        if account is None:
            self.earn_title.setVisible(False)
            self.earn.setVisible(False)
            return
        self.greeting.setText(with_name(self.say("hello"), account.display_name, marker="{name}"))
        lines = [self.say("points").format(points=format_points(account.points, language=language))]
        # the account was read in the cashier's language: cards and tiers are named again in the customer's
        programs = self._app.ctx.programs
        for status in account.stamp_cards:
            stamp_card = programs.stamp_card(status.card_id)
            reading = status.reading  # a card a refund left owing shows none filled, never "-7 of 9"
            line = self.say("stamps").format(card=stamp_card.label(language) if stamp_card else status.name,
                                             stamps=reading.shown, required=reading.required)
            if reading.owing:
                line += " · " + render("stamp_card.owed_politely", {"owed": reading.owed}, language)
            lines.append(line)
        if account.tier is not None:
            levels = {level.name: level.label(language) for level in programs.tiers.levels}
            tier = replace(account.tier, label=levels.get(account.tier.name, account.tier.label),
                           next_label=levels.get(account.tier.next_name or "", account.tier.next_label))
            progress = say(tier.to_go(self._app.ctx.currency), language)
            lines.append(self.say("tier").format(tier=tier.label, progress=progress))
        self.balances.setText("\n".join(lines))
        quote = self.preview.quote if self.preview is not None else None
        earned = self._earned_text(quote.points_earned, sum(s.earned for s in quote.stamps),
                                   quote.cashback.minor and format_money(quote.cashback, language=language)
                                   ) if quote is not None else ""
        self.earn_title.setText(self.say("earns"))
        self.earn.setText(earned)
        self.earn_title.setVisible(bool(earned))
        self.earn.setVisible(bool(earned))

    def _earned_text(self, points: int, stamps: int, cashback: str | int) -> str:
        parts = []
        if points:
            parts.append(self.say("earn_points").format(n=format_points(points, language=self.language)))
        if stamps:
            parts.append(self.say("earn_stamps").format(n=stamps))
        if cashback:
            parts.append(self.say("earn_cashback").format(amount=cashback))
        return " · ".join(parts)

    # ------------------------------------------------------------------ following the counter
    def _basket_changed(self) -> None:
        if not self._counter.sale.basket.is_empty():
            self.result = None  # the next customer's sale has begun
        self.preview = None
        self.refresh()
        if self.account is not None and not self._counter.sale.basket.is_empty():
            self._timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()  # the counter is closing: no preview is asked of its stopped runner
        super().closeEvent(event)

    def _request_preview(self) -> None:
        account = self.shown_account()
        if account is None or self._counter.sale.basket.is_empty() or not self.isVisible():
            return
        self._seq += 1
        seq = self._seq
        command = RecordSale(command_id="customer-display", lines=self._counter.sale.basket.cart_lines(self.language),
                             member_code=account.member_id, print_receipt=False)
        checkout = self._app.checkout
        self._counter.runner.run_db(lambda: checkout.preview(command), owner=self, name="customer display preview",
                                    on_success=lambda preview: self._previewed(seq, preview),
                                    on_failure=lambda failure: self._preview_failed(seq, failure))

    def _previewed(self, seq: int, preview: SalePreview) -> None:
        if seq == self._seq:
            self.preview = preview
            self._show_member()

    def _preview_failed(self, seq: int, _failure: TaskFailure) -> None:
        if seq == self._seq:
            self.preview = None  # the cashier's screen says why; the customer sees the basket without a promise
            self._show_member()

    def _paid(self, result: SaleResult) -> None:
        self.result = result
        self.refresh()


__all__ = ["CustomerDisplay"]
