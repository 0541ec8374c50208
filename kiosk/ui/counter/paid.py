"""The Paid screen after a sale: the change to give, what the member earned and spent, Reprint and Next customer.

The checkout page shows it once the sale is recorded; it names rewards, promotions and tiers in the screen's
language with the bill column's own words (`SaleWords`), as the bill before payment did.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.domain.events import PointsEarned, PointsSpent, StampCardCompleted, StampsAdded, TierChanged
from kiosk.domain.money import Money
from kiosk.domain.text import Localized
from kiosk.l10n.catalogue import say
from kiosk.services.checkout import SaleResult
from kiosk.ui.counter.common import CounterContext, button, card, label, with_key
from kiosk.ui.formatting import format_money, plural
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import BIG_NUMBER, CAPTION, PRIMARY, SUB_CAPTION, TITLE, scaled


class SaleWords(Protocol):
    """How the checkout page names a discount and a promotion's gift in the screen's language."""

    def discount_text(self, kind: str, text: str, *, ref: str | None = None, points: int = 0) -> str: ...

    def promotion_text(self, promotion_id: str, label_: str, points: int, stamps: int) -> str: ...


class PaidPanel(QWidget):
    """What the cashier reads out after payment, and the way to the next customer."""

    next_customer = Signal()
    reprint_requested = Signal()

    def __init__(self, context: CounterContext, words: SaleWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._words = words
        result_card, box = card(margins=32, spacing=10)
        self.result_title = label("", TITLE)
        self.result_receipt = label("", SUB_CAPTION, wrap=True)
        self.new_sale_note = label("", SUB_CAPTION)
        self.result_change_caption = label("", CAPTION)
        self.result_change = label("", BIG_NUMBER)
        self.result_lines = label("", "", wrap=True)
        self.result_lines.setTextFormat(Qt.TextFormat.PlainText)
        self.next_button = button(name=PRIMARY, focus=False)
        self.next_button.setMinimumHeight(scaled(64))
        self.next_button.clicked.connect(self.next_customer)
        self.reprint = button(focus=False)
        self.reprint.clicked.connect(self.reprint_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.reprint)
        actions.addWidget(self.next_button, 1)
        box.addWidget(self.result_title)
        box.addWidget(self.result_receipt)
        box.addSpacing(scaled(10))
        box.addWidget(self.result_change_caption)
        box.addWidget(self.result_change)
        box.addSpacing(scaled(10))
        self.result_lines.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        box.addWidget(self.result_lines, 1)
        box.addWidget(self.new_sale_note)
        box.addLayout(actions)
        result_card.setMaximumWidth(scaled(760))
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(result_card, 4)
        layout.addStretch(1)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.next_button.setText(with_key(self.tr("Next customer"), "Enter"))
        self.reprint.setText(with_key(self.tr("Reprint receipt"), "F9"))
        self.result_change_caption.setText(self.tr("Change to give"))

    def show_countdown(self, seconds: int) -> None:
        """"A new sale starts in 3 seconds." (0: no note)."""
        self.new_sale_note.setText(plural(seconds, self.tr("A new sale starts in %n second."),
                                          self.tr("A new sale starts in %n seconds.")) if seconds > 0 else "")

    def show_result(self, result: SaleResult, *, method: str, printed: bool) -> None:
        """The sale paid by `method` ("cash", "card", "qr"); `printed`: a receipt came out (else Print offers one)."""
        self.result_title.setText(self.tr("Paid. Thank you!"))
        self.result_receipt.setText(self.tr("Receipt {receipt} · {amount} by {method}").format(
            receipt=result.receipt_no, amount=format_money(result.amount_due),
            # mid-sentence: "฿430.00 by cash" (the payment buttons say "Cash")
            method={"cash": self.tr("cash"), "card": self.tr("card"), "qr": self.tr("QR / PromptPay")}.get(
                method, method))
            + ("" if printed else " · " + self.tr("no receipt printed")))
        self.reprint.setText(with_key(self.tr("Reprint receipt") if printed else self.tr("Print receipt"), "F9"))
        change = result.change
        self.result_change.setText(format_money(change) if change is not None else format_money(
            Money.zero(self._context.currency)))
        self.result_change_caption.setVisible(change is not None)
        self.result_change.setVisible(change is not None)
        lines = self._member_lines(result) if result.member_id else [self.tr("Guest sale: no points earned.")]
        # the same reward twice is one line ("Free coffee × 2"), and no line says again what another said
        discounts: dict[str, tuple[int, Money]] = {}
        for discount in result.discounts:
            text = self._words.discount_text(discount.kind, discount.label, ref=discount.ref,
                                             points=discount.points_cost)
            count, amount = discounts.get(text, (0, Money.zero(discount.amount.currency)))
            discounts[text] = (count + 1, amount + discount.amount)
        for text, (count, amount) in discounts.items():
            lines.append(f"{text}{f' × {count}' if count > 1 else ''}: -{format_money(amount)}")
        lines.extend(self._other_events(result))
        self.result_lines.setText("\n".join(dict.fromkeys(line for line in lines if line)))

    def _member_lines(self, result: SaleResult) -> list[str]:
        programs = self._context.app.ctx.programs
        language = current_language()
        # the lines the receipt and the customer display say too, from the same catalogue events
        lines = [say(PointsEarned(result.points_earned), language)]
        if result.points_spent:
            lines.append(say(PointsSpent(result.points_spent), language))
        for stamp in result.stamps:
            card_ = programs.stamp_card(stamp.card_id)
            name = Localized.of(card_.label) if card_ else Localized(stamp.name)
            line = say(StampsAdded(name, stamp.earned, stamp.stamps_after, stamp.required), language)
            if stamp.completed:
                line += " · " + self.tr("free item earned!")
            lines.append(line)
        lines.extend(self._words.promotion_text(p.promotion_id, p.label, p.points, p.stamps)
                     for p in result.promotions)
        for done in result.challenges_completed:
            challenge = programs.challenge(done.challenge_id)
            lines.append(plural(done.points, self.tr("Challenge complete: {name}! +%n point"),
                                self.tr("Challenge complete: {name}! +%n points")).format(
                name=challenge.label(language) if challenge else done.label))
        if result.cashback.minor:
            lines.append(self.tr("Cashback: +{amount}").format(amount=format_money(result.cashback)))
        if result.points_balance is not None:
            lines.append(plural(result.points_balance, self.tr("Balance now: %n point · {credit} store credit"),
                                self.tr("Balance now: %n points · {credit} store credit")).format(
                credit=format_money(result.credit_balance or Money.zero(self._context.currency))))
        lines += [self.tr("New tier: {tier}").format(tier=event.new_tier(language))
                  for event in result.events if isinstance(event, TierChanged)]
        return lines

    @staticmethod
    def _other_events(result: SaleResult) -> list[str]:
        """What else happened on the sale, in the screen's language, minus what the lines above already say."""
        language = current_language()
        return [say(event, language) for event in result.events
                if not isinstance(event, (StampCardCompleted, TierChanged))]  # the stamp and "New tier" lines
