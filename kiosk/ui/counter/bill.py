"""The checkout's bill column: the basket priced by the rule engine, what the member earns, and paper or not.

It names discounts and promotions in the screen's language; the Paid screen borrows these words (`SaleWords`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.programs.engine import DiscountKind
from kiosk.services.checkout import SalePreview
from kiosk.ui.counter.common import CounterContext, button, card, label
from kiosk.ui.formatting import format_money, plural, spoken
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import BIG_NUMBER, CAPTION, ERROR_TEXT, HEADING, scaled


class BillColumn(QWidget):
    """The middle of the checkout: the priced bill, the amount to pay, what the member earns, a manager's PIN
    to come, the reason a price or sale was refused, and Print / No receipt."""

    receipt_chosen = Signal(bool)  # True: print the receipt

    def __init__(self, context: CounterContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        bill_card, bill = card(margins=18, spacing=6)
        self.bill_title = label("", HEADING)
        self.bill_grid = QGridLayout()
        self.bill_grid.setHorizontalSpacing(scaled(12))
        self.bill_grid.setVerticalSpacing(scaled(4))
        self.due_caption = label("", CAPTION)
        self.due = label("", BIG_NUMBER)
        self.earn_title = label("", CAPTION)
        self.earn = label("", "", wrap=True)
        # a warning, as the bill's refusals are (it was grey caption text the cashier read past)
        self.approval_note = label("", ERROR_TEXT, wrap=True)
        # a voucher or reward worth more than what is left to pay: what of it goes, before the cashier takes payment
        self.value_lost_note = label("", ERROR_TEXT, wrap=True)
        self.value_lost_note.setVisible(False)
        self.error_label = label("", ERROR_TEXT, wrap=True)
        bill.addWidget(self.bill_title)
        bill.addLayout(self.bill_grid)
        bill.addSpacing(scaled(8))
        bill.addWidget(self.due_caption)
        bill.addWidget(self.due)
        bill.addSpacing(scaled(6))
        bill.addWidget(self.earn_title)
        bill.addWidget(self.earn)
        bill.addWidget(self.approval_note)
        bill.addWidget(self.value_lost_note)
        bill.addWidget(self.error_label)
        bill.addStretch(1)
        # paper or not: the default is the shop's (ui.receipt_default); "no receipt" prints nothing now
        self.receipt_caption = label("", CAPTION)
        self.receipt_group = QButtonGroup(self)
        self.print_button = button(focus=False, expand=True)
        self.no_receipt_button = button(focus=False, expand=True)
        receipt_row = QHBoxLayout()
        for want, btn in ((True, self.print_button), (False, self.no_receipt_button)):
            btn.setCheckable(True)
            btn.setStyleSheet(f"padding: 0px {scaled(6)}px;")
            btn.clicked.connect(lambda _=False, w=want: self.receipt_chosen.emit(w))
            self.receipt_group.addButton(btn)
            receipt_row.addWidget(btn)
        bill.addWidget(self.receipt_caption)
        bill.addLayout(receipt_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bill_card)
        self.retranslate_ui()

    # ================================================================== API
    def show_preview(self, preview: SalePreview | None, *, member: bool, error: str) -> None:
        """The priced bill (None: being priced), what a member earns on it (`member`: one is on the sale)."""
        while (item := self.bill_grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.show_error(error)
        if preview is None:
            self.due.setText("…")
            self.earn.setText("")
            self.approval_note.setVisible(False)
            self.value_lost_note.setVisible(False)
            return
        quote = preview.quote
        rows: list[tuple[str, str]] = [(self.tr("Subtotal"), format_money(quote.subtotal))]
        for discount in quote.discounts:
            rows.append((self.discount_text(discount.kind, discount.label, ref=discount.ref,
                                            points=discount.points_cost), "-" + format_money(discount.amount)))
        if quote.credit_applied.minor:
            rows.append((self.tr("Store credit"), "-" + format_money(quote.credit_applied)))
        for number, (name, amount) in enumerate(rows):
            left = label(name, "", wrap=True)
            right = label(amount, "", align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.bill_grid.addWidget(left, number, 0)
            self.bill_grid.addWidget(right, number, 1)
        self.bill_grid.setColumnStretch(0, 1)
        self.due.setText(format_money(quote.amount_due))
        if not member:
            self.earn.setText(self.tr("No member: nothing is earned on this sale."))
        else:
            parts = [plural(quote.points_earned, self.tr("+%n point"), self.tr("+%n points"))]
            for stamp in quote.stamps:
                card_ = self._context.app.ctx.programs.stamp_card(stamp.card_id)
                required = card_.required if card_ else 0
                if stamp.completed:
                    text = plural(stamp.earned, self.tr("+%n stamp: card complete, free item earned!"),
                                  self.tr("+%n stamps: card complete, free item earned!"))
                else:
                    text = plural(stamp.earned, self.tr("+%n stamp: {after} of {required}"),
                                  self.tr("+%n stamps: {after} of {required}")).format(
                        after=stamp.stamps_after, required=required)
                parts.append(text)
            parts.extend(self.promotion_text(a.promotion_id, a.label, a.points, a.stamp_total)
                         for a in quote.promotions)
            if quote.cashback.minor:
                parts.append(self.tr("+{amount} cashback").format(amount=format_money(quote.cashback)))
            if quote.points_spent:
                parts.append(plural(quote.points_spent, self.tr("uses %n point"), self.tr("uses %n points")))
            self.earn.setText("\n".join(parts))
        self.approval_note.setText(self.tr("A manager's PIN will be asked for on this sale.")
                                   if preview.needs_approval else "")
        self.approval_note.setVisible(bool(preview.needs_approval))
        self.value_lost_note.setText("\n".join("⚠ " + spoken(lost) for lost in quote.value_lost))
        self.value_lost_note.setVisible(bool(quote.value_lost))

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def show_receipt_choice(self, print_receipt: bool) -> None:
        self.print_button.setChecked(print_receipt)
        self.no_receipt_button.setChecked(not print_receipt)

    def retranslate_ui(self) -> None:
        """The fixed texts (the checkout page's retranslate_ui calls this, then shows the bill again)."""
        self.bill_title.setText(self.tr("Bill"))
        self.due_caption.setText(self.tr("To pay"))
        self.earn_title.setText(self.tr("The member earns"))
        self.receipt_caption.setText(self.tr("Receipt"))
        self.print_button.setText(self.tr("Print"))
        self.no_receipt_button.setText(self.tr("No receipt"))
        self.no_receipt_button.setToolTip(self.tr("Nothing prints now; Reprint prints it if the customer asks later"))

    # ================================================================== the screen's language
    # The checkout service names rewards, cards and tiers in the shop's language (the printed receipt's);
    # the cashier may be reading the screen in the other one, so these are named again from the programs.
    def promotion_text(self, promotion_id: str, label_: str, points: int, stamps: int) -> str:
        """What one promotion gave, named in the screen's language: "Double points weekend: +9 points"."""
        promo = self._context.app.ctx.programs.promotion(promotion_id)
        name = promo.label(current_language()) if promo else label_
        gave = []
        if points:
            gave.append(plural(points, self.tr("+%n point"), self.tr("+%n points")))
        if stamps:
            gave.append(plural(stamps, self.tr("+%n stamp"), self.tr("+%n stamps")))
        return self.tr("{promotion}: {gave}").format(promotion=name, gave=", ".join(gave))

    def discount_text(self, kind: str, text: str, *, ref: str | None = None, points: int = 0) -> str:
        """One discount line of the bill in the screen's language (`ref`: the reward or stamp-card id)."""
        language = current_language()
        programs = self._context.app.ctx.programs
        rewards = programs.points.rewards
        if kind == DiscountKind.POINTS:
            return plural(points, self.tr("%n point"), self.tr("%n points"))
        if kind == DiscountKind.REWARD:
            reward = (programs.reward(ref) if ref else None) or next(
                (r for r in rewards if text in (r.name, r.name_th)), None)
            return reward.label(language) if reward else text
        if kind == DiscountKind.STAMP_REWARD:
            card_ = (programs.stamp_card(ref) if ref else None) or next(
                (c for c in programs.stamp_cards if text in (c.reward_name, c.reward_name_th)), None)
            return card_.reward_label(language) if card_ else text
        if kind == DiscountKind.VOUCHER:  # `text` is the reward's name in the shop's language
            reward = next((r for r in rewards if text in (r.name, r.name_th)), None)
            return self.tr("Voucher: {name}").format(name=reward.label(language) if reward else text)
        if kind == DiscountKind.OFFER:
            offer = (programs.offer(ref) if ref else None) or next(
                (o for o in programs.offers if text in (o.name, o.name_th)), None)
            return offer.label(language) if offer else text
        if kind == DiscountKind.MEMBERSHIP:
            plan = next((p for p in programs.memberships if text in (p.name, p.name_th)), None)
            return plan.label(language) if plan else text
        return text
