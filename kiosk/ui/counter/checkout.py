"""Checkout: rewards, points, store credit and vouchers priced live by the rule engine, then payment."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.commands import RecordSale
from kiosk.domain.errors import KioskError, ManagerApprovalRequired
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine, DiscountKind
from kiosk.services.accounts import MemberAccount
from kiosk.services.checkout import SalePreview, SaleResult
from kiosk.services.staff import Session
from kiosk.ui.counter.approval import ApprovalDialog
from kiosk.ui.counter.bill import BillColumn
from kiosk.ui.counter.common import CounterContext, Notifier, new_command_id
from kiosk.ui.counter.paid import PaidPanel
from kiosk.ui.counter.payment import PaymentColumn
from kiosk.ui.counter.rewards import RewardsColumn, voucher_key
from kiosk.ui.formatting import refusal
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import SCREEN, scaled

PREVIEW_DELAY_MS = 120
APPROVAL_NEEDED = ManagerApprovalRequired.code  # a TaskFailure's kind when a manager must agree


@dataclass
class CheckoutChoices:
    """What the cashier picked on this checkout; turned into a RecordSale for preview and for real."""

    reward_ids: list[str] = field(default_factory=list)
    stamp_rewards: list[str] = field(default_factory=list)
    points: int = 0
    credit: Money | None = None
    vouchers: list[str] = field(default_factory=list)
    offer_ids: list[str] = field(default_factory=list)
    payment_method: str = "cash"
    cash_given: Money | None = None
    print_receipt: bool = True  # False: the customer wants no paper; the receipt is kept for a reprint


class CheckoutPage(QWidget):
    """Left: rewards to apply (RewardsColumn). Middle: the priced bill and what the member earns (BillColumn).
    Right: payment (PaymentColumn). The page keeps what was chosen, has it priced and records the sale."""

    sale_completed = Signal(object)  # SaleResult
    back_requested = Signal()
    next_customer = Signal()
    reprint_requested = Signal()

    FORM, RESULT = range(2)

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self._context = context
        self._notifier = notifier
        self._lines: tuple[CartLine, ...] = ()
        self.account: MemberAccount | None = None
        self.choices = CheckoutChoices()
        self.preview: SalePreview | None = None
        self.result: SaleResult | None = None
        self.error = ""
        self._command_id = new_command_id()
        self._preview_seq = 0
        self._preview_shown = 0  # the request whose answer the bill shows
        self._recording = False
        self.approval: ApprovalDialog | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._request_preview)
        # the Paid screen gives way to a new sale on its own (ui.new_sale_after_seconds; 0: never)
        self.new_sale_seconds = max(0, int(context.app.ui.new_sale_after_seconds))
        self._new_sale_left = 0
        self._new_sale_timer = QTimer(self)
        self._new_sale_timer.setInterval(1000)
        self._new_sale_timer.timeout.connect(self._new_sale_tick)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_form())
        self.paid = PaidPanel(context, self.bill)
        self.paid.next_customer.connect(self.next_customer)
        self.paid.reprint_requested.connect(self.reprint_requested)
        self.pages.addWidget(self.paid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate_ui()

    # ================================================================== building
    def _build_form(self) -> QWidget:
        page = QWidget()
        # -- rewards
        self.rewards = RewardsColumn(self._context)
        self.rewards.back_requested.connect(self.back_requested)
        self.rewards.reward_toggled.connect(lambda reward_id, stamp: self.toggle_reward(reward_id, stamp=stamp))
        self.rewards.offer_toggled.connect(self.toggle_offer)
        self.rewards.points_typed.connect(self._points_changed)
        self.rewards.max_points_requested.connect(self.use_max_points)
        self.rewards.credit_typed.connect(self._credit_changed)
        self.rewards.all_credit_requested.connect(self.use_all_credit)
        self.rewards.voucher_entered.connect(self.add_voucher)
        self.rewards.voucher_toggled.connect(self.toggle_voucher)
        self.rewards.clear_vouchers_requested.connect(self.clear_vouchers)

        # -- bill
        self.bill = BillColumn(self._context)
        self.bill.receipt_chosen.connect(self.set_print_receipt)

        # -- payment
        self.payment = PaymentColumn(self._context.currency)
        self.payment.method_chosen.connect(self.set_payment_method)
        self.payment.cash_chosen.connect(self.set_cash_given)
        self.payment.cash_typed.connect(self._cash_typed)
        self.payment.confirm_requested.connect(self.confirm_payment)

        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(16))
        layout.addWidget(self.rewards, 10)
        layout.addWidget(self.bill, 10)
        layout.addWidget(self.payment, 11)
        return page

    # ================================================================== API
    def begin(self, lines: tuple[CartLine, ...], account: MemberAccount | None, *,
              vouchers: list[str] | None = None) -> None:
        """Start a checkout for this basket and member (None: a guest). `lines` are named as the sale keeps them,
        in the shop's language: this page never shows them (the bill names discounts, the basket its lines)."""
        self._lines = lines
        self.account = account
        self.choices = CheckoutChoices(vouchers=list(vouchers or []),
                                       print_receipt=self._context.app.ui.receipt_default != "none")
        self._new_sale_timer.stop()
        self.preview = None
        self.result = None
        self.error = ""
        self._command_id = new_command_id()
        self._recording = False
        self.payment.show_cash(None)
        self.pages.setCurrentIndex(self.FORM)
        self.rewards.show_account(self.account)
        self._sync_controls()
        self.set_payment_method("cash")
        self._request_preview()

    def set_account(self, account: MemberAccount | None) -> None:
        """The member changed mid-checkout (a card was scanned): re-price for them."""
        self.account = account
        self.choices.reward_ids.clear()
        self.choices.stamp_rewards.clear()
        self.choices.offer_ids.clear()
        self.choices.points = 0
        self.choices.credit = None
        self.rewards.show_account(self.account)
        self._sync_controls()
        self._schedule_preview()

    def refresh_account(self, account: MemberAccount) -> None:
        """The same member read again (in the screen's new language, or with fresh balances): the rewards are
        shown anew and what was chosen stays on the bill."""
        self.account = account
        self.rewards.show_account(self.account)
        self._sync_controls()
        self._schedule_preview()

    def is_showing_result(self) -> bool:
        return self.pages.currentIndex() == self.RESULT

    def toggle_reward(self, reward_id: str, *, stamp: bool = False) -> None:
        chosen = self.choices.stamp_rewards if stamp else self.choices.reward_ids
        if reward_id in chosen:
            chosen.remove(reward_id)
        else:
            chosen.append(reward_id)
        self._sync_controls()
        self._schedule_preview()

    def toggle_offer(self, offer_id: str) -> None:
        chosen = self.choices.offer_ids
        if offer_id in chosen:
            chosen.remove(offer_id)
        else:
            chosen.append(offer_id)
        self._sync_controls()
        self._schedule_preview()

    def set_points(self, points: int) -> None:
        self.choices.points = max(0, points)
        self._sync_controls()
        self._schedule_preview()

    def use_max_points(self) -> None:
        """As many points as the bill and balance allow (the engine still has the last word)."""
        if self.account is None:
            return
        rules = self._context.app.ctx.programs.points
        if not rules.point_value.minor:
            return
        reserved = sum(r.points for r in self.account.rewards if r.kind == "reward" and r.id in self.choices.reward_ids)
        available = max(0, self.account.points - reserved)
        open_bill = self._open_bill_before_points()
        wanted = min(available, open_bill.minor // rules.point_value.minor) if open_bill is not None else available
        self.set_points(wanted)

    def set_credit(self, amount: Money | None) -> None:
        self.choices.credit = amount if amount is not None and amount.minor else None
        self._sync_controls()
        self._schedule_preview()

    def use_all_credit(self) -> None:
        if self.account is None:
            return
        open_bill = self._open_bill_before_credit()
        credit = self.account.credit
        self.set_credit(credit.min(open_bill) if open_bill is not None else credit)

    def add_voucher(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        if code in self.choices.vouchers:
            self._notifier.error(self.tr("That voucher is already on this bill."))
            return
        self.choices.vouchers.append(code)
        self._sync_controls()
        self._schedule_preview()

    def toggle_voucher(self, code: str) -> None:
        """One of the member's own vouchers, chosen from the rewards column (no paper): on the bill or off it."""
        on_bill = [c for c in self.choices.vouchers if voucher_key(c) == voucher_key(code)]
        for chosen in on_bill:
            self.choices.vouchers.remove(chosen)
        if not on_bill:
            self.choices.vouchers.append(code)
        self._sync_controls()
        self._schedule_preview()

    def clear_vouchers(self) -> None:
        self.choices.vouchers.clear()
        self._sync_controls()
        self._schedule_preview()

    def set_payment_method(self, method: str) -> None:
        self.choices.payment_method = method
        if method != "cash":
            self.set_cash_given(None)
        self._sync_controls()

    def set_print_receipt(self, wanted: bool) -> None:
        self.choices.print_receipt = wanted
        self._sync_controls()

    def stop_new_sale_countdown(self) -> None:
        self._new_sale_timer.stop()
        self.paid.show_countdown(0)

    def set_cash_given(self, amount: Money | None) -> None:
        self.choices.cash_given = amount
        self.payment.show_cash(amount)
        self._update_change()

    def confirm_payment(self, *, approved_by: str | None = None) -> None:
        """Record the sale; a refusal shows its reason; a manager PIN is asked for when the rules want one."""
        if self._recording or self.is_showing_result() or not self._lines:
            return
        try:
            command = self._command(self._command_id, approved_by=approved_by)
            self._timer.stop()
        except KioskError as error:
            self._show_error(refusal(error))
            return
        self._recording = True
        self._sync_controls()
        checkout = self._context.app.checkout
        self._context.runner.run_db(lambda: checkout.record_sale(command), on_success=self._recorded,
                                    on_failure=self._record_failed, owner=self, name="record sale")

    def retranslate_ui(self) -> None:
        self.rewards.retranslate_ui()
        self.bill.retranslate_ui()
        self.payment.retranslate_ui()
        self.rewards.show_account(self.account)
        self._sync_controls()
        self._show_preview()
        if self.result is not None:
            self._show_result(self.result)

    def _show_result(self, result: SaleResult) -> None:
        self.paid.show_result(result, method=self.choices.payment_method, printed=self.choices.print_receipt)

    # ================================================================== Qt
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.is_showing_result():
                self.next_customer.emit()
            else:
                self.confirm_payment()
            return
        super().keyPressEvent(event)

    # ================================================================== internals
    def _command(self, command_id: str, *, approved_by: str | None = None, preview: bool = False) -> RecordSale:
        c = self.choices
        cash = c.cash_given if c.payment_method == "cash" else None
        return RecordSale(
            command_id=command_id, lines=self._lines,
            member_code=self.account.member_id if self.account is not None else None,
            reward_ids=tuple(c.reward_ids), points_to_spend=c.points, credit_to_spend=c.credit,
            stamp_rewards=tuple(c.stamp_rewards), voucher_codes=tuple(c.vouchers), offer_ids=tuple(c.offer_ids),
            payment_method=c.payment_method, cash_tendered=None if preview else cash,
            staff_id=self._context.staff_id, approved_by=approved_by,
            print_receipt=not preview and c.print_receipt, receipt_declined=not preview and not c.print_receipt,
            # a voucher or reward worth more than the bill: the preview prices it and the bill warns what goes; the
            # sale uses it only if that warning is on the bill for these very choices (else the service refuses)
            allow_value_lost=preview or self._warned_of_value_lost(),
        )

    def _warned_of_value_lost(self) -> bool:
        return (self.preview is not None and bool(self.preview.quote.value_lost) and not self._timer.isActive()
                and self._preview_shown == self._preview_seq)

    def _schedule_preview(self) -> None:
        self._timer.start()

    def _request_preview(self) -> None:
        if not self._lines:
            return
        self._preview_seq += 1
        seq = self._preview_seq
        command = self._command("preview", preview=True)
        checkout = self._context.app.checkout
        self._context.runner.run_db(lambda: checkout.preview(command), owner=self, name="price basket",
                                    on_success=lambda preview: self._previewed(seq, preview),
                                    on_failure=lambda failure: self._preview_failed(seq, failure))

    def _previewed(self, seq: int, preview: SalePreview) -> None:
        if seq != self._preview_seq:
            return
        self.preview = preview
        self._preview_shown = seq
        self.error = ""
        self._show_preview()

    def _preview_failed(self, seq: int, failure: TaskFailure) -> None:
        if seq != self._preview_seq:
            return
        self._show_error(failure.message)

    def _show_error(self, message: str) -> None:
        self.error = message
        self.bill.show_error(message)
        self._sync_controls()

    def _open_bill_before_points(self) -> Money | None:
        if self.preview is None:
            return None
        quote = self.preview.quote
        points_off = sum((d.amount for d in quote.discounts if d.kind == DiscountKind.POINTS),
                         Money.zero(quote.subtotal.currency))
        return quote.amount_due + quote.credit_applied + points_off

    def _open_bill_before_credit(self) -> Money | None:
        if self.preview is None:
            return None
        quote = self.preview.quote
        return quote.amount_due + quote.credit_applied

    def _sync_controls(self) -> None:
        self.rewards.show_choices(self.choices, self.account)
        self.bill.show_receipt_choice(self.choices.print_receipt)
        self.payment.show_method(self.choices.payment_method)
        self.payment.show_confirm(enabled=not self._recording and not self.error and self.preview is not None,
                                  recording=self._recording)

    def _points_changed(self, points: int) -> None:
        if points != self.choices.points:
            self.choices.points = points
            self._schedule_preview()

    def _credit_changed(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.choices.credit = None
            self._schedule_preview()
            return
        try:
            self.choices.credit = Money.parse(text, self._context.currency, allow_zero=True)
        except KioskError as error:
            self._show_error(refusal(error))
            return
        self._schedule_preview()

    def _cash_typed(self) -> None:
        self.choices.cash_given = self.payment.typed_cash()
        self._update_change()

    def _update_change(self) -> None:
        due = self.preview.quote.amount_due if self.preview is not None else None
        self.payment.show_change(due, self.choices.cash_given)

    def _show_preview(self) -> None:
        self.bill.show_preview(self.preview, member=self.account is not None, error=self.error)
        if self.preview is not None:
            self._update_change()
        self._sync_controls()

    def _recorded(self, result: SaleResult) -> None:
        self._recording = False
        self.result = result
        self._context.app.wake_printer()
        self._show_result(result)
        self.pages.setCurrentIndex(self.RESULT)
        self.sale_completed.emit(result)
        if self.new_sale_seconds:
            self._new_sale_left = self.new_sale_seconds
            self._show_new_sale_note()
            self._new_sale_timer.start()

    def _new_sale_tick(self) -> None:
        self._new_sale_left -= 1
        if not self.is_showing_result():
            self.stop_new_sale_countdown()
        elif self._new_sale_left <= 0:
            self.stop_new_sale_countdown()
            self.next_customer.emit()
        else:
            self._show_new_sale_note()

    def _show_new_sale_note(self) -> None:
        self.paid.show_countdown(self._new_sale_left)

    def _record_failed(self, failure: TaskFailure) -> None:
        self._recording = False
        if failure.kind == APPROVAL_NEEDED:
            self._sync_controls()
            # the refusal's own reason with its values (a large sale's total and the shop's limit), not the
            # preview's, which may be older than the bill
            self._ask_manager(failure.message)
            return
        message = failure.message
        # A refusal wrote nothing: the reason stays on the bill (once: no pop-up over it as well) and the cashier
        # may change the bill or retry.
        self.bill.show_error(message)
        self._sync_controls()

    def _ask_manager(self, reason: str) -> None:
        dialog = ApprovalDialog(self._context, reason=reason, action="sale", parent=self.window())
        dialog.approved.connect(self._manager_approved)
        dialog.finished.connect(lambda _code: setattr(self, "approval", None))
        self.approval = dialog
        dialog.open()

    def _manager_approved(self, session: Session) -> None:
        # The refused attempt wrote nothing; the approved one is a new request with its own id.
        self._command_id = new_command_id()
        self.confirm_payment(approved_by=session.staff_id)

