"""A receipt found by its number: refund some or all of its lines, or void it (a manager's PIN when the shop asks),
or print a copy."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from kiosk.domain.commands import RefundSale
from kiosk.domain.errors import ManagerApprovalRequired
from kiosk.l10n.catalogue import say
from kiosk.services.refunds import RefundableSale, RefundResult
from kiosk.services.staff import Session
from kiosk.ui.counter.approval import ApprovalDialog
from kiosk.ui.counter.common import (
    CounterContext,
    FormKeys,
    Notifier,
    button,
    card,
    label,
    new_command_id,
    with_key,
)
from kiosk.ui.counter.refund_lines import RefundLinesList
from kiosk.ui.formatting import format_datetime, format_money
from kiosk.ui.i18n import current_language
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import (
    DANGER,
    ERROR_TEXT,
    FLAT,
    HEADING,
    SCREEN,
    SUB_CAPTION,
    TITLE,
    scaled,
)

APPROVAL_NEEDED = ManagerApprovalRequired.code  # a TaskFailure's kind when a manager must agree
# Refusals that mean the receipt changed since it was looked up (another counter refunded some of it): the
# page looks it up again so the cashier chooses from what is really left.
STALE = ("refund.more_than_sold", "refund.already_refunded", "refund.sale_already_refunded",
         "refund.refunded_elsewhere", "refund.void_partial")


@dataclass(frozen=True)
class LoadedReceipt:
    sale: RefundableSale
    voidable: bool  # today's sale with nothing refunded yet


class RefundPage(FormKeys, QWidget):
    """Receipt number, then its lines to tick (how many of each go back), refund or void, a reason; then what
    went back and what was reversed on the member's account."""

    refunded = Signal(object)  # RefundResult
    closed = Signal()

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self._context = context
        self._notifier = notifier
        self._command_id = new_command_id()
        self._busy = False  # a refund on its way
        self._loading = 0  # the look-up on its way (its number), 0 for none
        self._lookups = 0
        self.loaded: LoadedReceipt | None = None
        self.result: RefundResult | None = None
        self.approval: ApprovalDialog | None = None

        self.title = label("", TITLE)
        self.subtitle = label("", SUB_CAPTION, wrap=True)
        self.receipt_caption = label()
        self.receipt = QLineEdit()
        self.receipt.returnPressed.connect(self.submit)
        self.receipt.textEdited.connect(self._receipt_edited)
        self.find_button = button(name=FLAT, focus=False)
        self.find_button.clicked.connect(lambda: self.look_up())
        self.copy_button = button(name=FLAT, focus=False)  # the customer wants a copy of this receipt (F9)
        self.copy_button.clicked.connect(lambda: self.print_copy())
        receipt_row = QHBoxLayout()
        receipt_row.setSpacing(scaled(10))
        receipt_row.addWidget(self.receipt_caption)
        receipt_row.addWidget(self.receipt, 1)
        receipt_row.addWidget(self.find_button)
        receipt_row.addWidget(self.copy_button)
        self.summary = label("", SUB_CAPTION, wrap=True)
        self.summary.hide()

        self.lines = RefundLinesList()
        self.lines.selection_changed.connect(self._selection_changed)
        self.lines.setMinimumHeight(scaled(110))  # the header and a line or two: at 1024x768 the rest scroll
        self.lines.hide()
        self.total = label("", HEADING, wrap=True, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.hide()

        self.refund_kind = QRadioButton()
        self.void_kind = QRadioButton()
        self.refund_kind.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.refund_kind)
        kinds.addButton(self.void_kind)
        self.void_kind.toggled.connect(self._kind_changed)
        self.reason_caption = label()
        self.reason = QLineEdit()
        self.reason.returnPressed.connect(self.submit)
        choice_row = QHBoxLayout()
        choice_row.setSpacing(scaled(12))
        choice_row.addWidget(self.refund_kind)
        choice_row.addWidget(self.void_kind)
        choice_row.addWidget(self.reason_caption)
        choice_row.addWidget(self.reason, 1)
        self.error = label("", ERROR_TEXT, wrap=True)
        self.error.hide()
        self.outcome_title = label("", HEADING)
        self.outcome = label("", "", wrap=True)
        self.outcome_title.hide()
        self.outcome.hide()

        self.close_button = button(focus=False)
        self.close_button.clicked.connect(self.closed)
        self.confirm = button(name=DANGER, focus=False)
        self.confirm.clicked.connect(lambda: self.submit())
        actions = QHBoxLayout()
        actions.setSpacing(scaled(16))
        actions.addWidget(self.close_button)
        actions.addWidget(self.total, 1)  # beside the button it names the money of
        actions.addWidget(self.confirm)

        refund_card, box = card(margins=24, spacing=10)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addLayout(receipt_row)
        box.addWidget(self.summary)
        box.addWidget(self.lines, 1)
        box.addLayout(choice_row)
        box.addWidget(self.error)
        box.addWidget(self.outcome_title)
        box.addWidget(self.outcome)
        box.addStretch(0)
        box.addLayout(actions)
        refund_card.setMaximumWidth(scaled(900))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(refund_card, 30)
        layout.addStretch(1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ what the window and the cashier do
    def begin(self, receipt_no: str = "") -> None:
        """A fresh page: with a receipt number (a visit double-clicked) it is looked up straight away."""
        if self._busy:
            return  # a refund is being written: its outcome comes to this page
        self._loading = 0  # a look-up still on its way is for the page as it was: its answer is dropped
        self.receipt.setText(receipt_no or f"{self._context.app.ctx.device_label}-")
        self.reason.clear()
        self.refund_kind.setChecked(True)
        self.error.hide()
        self.result = None
        self._show_outcome(False)
        self._command_id = new_command_id()
        self._set_loaded(None)
        self.receipt.setFocus()
        self.receipt.end(False)
        if receipt_no:
            self.look_up()

    def look_up(self, *, select: bool = True) -> None:
        """Look the receipt up in the background; `select`: tick everything left once it is shown."""
        receipt_no = self.receipt.text().strip()
        if self._busy or not receipt_no:
            return
        self._lookups += 1
        lookup = self._loading = self._lookups
        self.error.hide()
        self._sync()
        app = self._context.app

        def fetch() -> LoadedReceipt:
            sale = app.refunds.refundable(receipt_no)
            today = app.ctx.business_date(app.clock.now())
            untouched = sale.status == "completed" and not sale.refunded.minor and not any(
                ln.refunded for ln in sale.lines)
            return LoadedReceipt(sale, voidable=untouched and sale.created_at.date() == today)

        self._context.runner.run_db(fetch, on_success=lambda loaded: self._found(lookup, loaded, select),
                                    on_failure=lambda failure: self._not_found(lookup, failure), owner=self,
                                    name="look up receipt")

    def print_copy(self) -> None:
        """A copy of the receipt on screen, marked COPY (made again from its sale when its own print job has gone
        with its days)."""
        if not self.is_loaded() or self.loaded is None:
            return
        receipt_no = self.loaded.sale.receipt_no
        app = self._context.app
        self._context.runner.run_io(lambda: app.printing().reprint(receipt_no), owner=self, name="print a copy",
                                    on_success=lambda _job: self._copy_printing(receipt_no),
                                    on_failure=lambda failure: self._notifier.error(failure.message))

    def _copy_printing(self, receipt_no: str) -> None:
        self._context.app.wake_printer()
        self._notifier.success(self.tr("A copy of receipt {receipt} is printing.").format(receipt=receipt_no))

    def is_loaded(self) -> bool:
        """The receipt on screen is the one typed, and nothing is on its way."""
        return self.loaded is not None and not self._loading and not self._busy

    def submit(self, *, approved_by: str | None = None) -> None:
        """Enter: look the receipt up when it is not the one shown, else refund the ticked lines (or void)."""
        if self._busy or self._loading:
            return
        loaded = self.loaded
        receipt_no = self.receipt.text().strip().upper()
        if loaded is None or loaded.sale.receipt_no != receipt_no:
            self.look_up()
            return
        void = self.void_kind.isChecked() and loaded.voidable
        lines = () if void else self.lines.selected_lines()
        if not void and not lines:
            if self.result is None or self.result.original_receipt_no != loaded.sale.receipt_no:
                self._show_error(self.tr("Tick the lines that go back."))
            return  # just refunded: a second Enter changes nothing
        command = RefundSale(command_id=self._command_id, receipt_no=loaded.sale.receipt_no,
                             kind="void" if void else "refund", lines=lines, reason=self.reason.text().strip(),
                             staff_id=self._context.staff_id, approved_by=approved_by)
        self._busy = True
        self.error.hide()
        self._sync()
        refunds = self._context.app.refunds
        self._context.runner.run_db(lambda: refunds.refund(command), on_success=self._refunded,
                                    on_failure=self._refused, owner=self, name="refund sale")

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Refund, void or copy a receipt"))
        self.subtitle.setText(self.tr("Each line that goes back takes its share of the points, stamps and credit "
                                      "with it. The shop asks for a manager's PIN."))
        self.receipt_caption.setText(self.tr("Receipt number"))
        self.receipt.setPlaceholderText(self.tr("e.g. C1-000123"))
        self.find_button.setText(self.tr("Find"))
        self.copy_button.setText(with_key(self.tr("Print a copy"), "F9"))
        self.copy_button.setToolTip(self.tr("Print this receipt again, marked COPY"))
        self.refund_kind.setText(self.tr("Refund"))
        self.void_kind.setText(self.tr("Void (today's sale)"))
        self.reason_caption.setText(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("e.g. wrong order"))
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))
        self._show_sale()
        self._sync()
        if self.result is not None:
            self._show_result(self.result)

    def _status_text(self, status: str) -> str:
        return {"completed": self.tr("Paid"), "partly_refunded": self.tr("Partly refunded"),
                "refunded": self.tr("Refunded"), "voided": self.tr("Voided")}.get(status, status)

    def _show_sale(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        sale = loaded.sale
        summary = self.tr("{receipt} · {when} · paid {amount} · {status}").format(
            receipt=sale.receipt_no, when=format_datetime(sale.created_at), amount=format_money(sale.paid),
            status=self._status_text(sale.status))
        if sale.refunded.minor and sale.status == "partly_refunded":
            summary += " · " + self.tr("{amount} refunded so far").format(amount=format_money(sale.refunded))
        self.summary.setText(summary)
        self._show_total()

    def _show_total(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        sale = loaded.sale
        left = sale.paid - sale.refunded
        if not any(ln.left for ln in sale.lines):
            said = self.result is not None and self.result.sale_fully_refunded and self.outcome.isVisibleTo(self)
            self.total.setText("" if said else self.tr("Nothing is left to refund on this receipt."))
        elif self.void_kind.isChecked() and loaded.voidable:
            self.total.setText(self.tr("Void: all {total} back").format(total=format_money(left)))
        else:
            amount = self.lines.amount()
            if amount is None:
                return
            text = (self.tr("Refund {amount} of {total}") if not sale.refunded.minor
                    else self.tr("Refund {amount} of the {total} left"))
            self.total.setText(text.format(amount=format_money(amount), total=format_money(left)))

    def _sync(self) -> None:
        loaded = self.loaded
        working = self._busy or bool(self._loading)
        void = self.void_kind.isChecked()
        self.confirm.setEnabled(not working and loaded is not None and (void or bool(self.lines.chosen())))
        self.find_button.setEnabled(not self._busy)
        self.copy_button.setEnabled(self.is_loaded())
        if self._busy or self._loading:
            self.confirm.setText(self.tr("Working…"))
        else:
            self.confirm.setText(with_key(self.tr("Void") if void else self.tr("Refund"), "Enter"))
        # a void is offered only for today's sale with nothing refunded yet; otherwise there is no choice to make
        can_void = loaded is not None and loaded.voidable
        for kind in (self.refund_kind, self.void_kind):
            kind.setVisible(can_void)
            kind.setEnabled(not working)

    # ------------------------------------------------------------------ look-up results
    def _found(self, lookup: int, loaded: LoadedReceipt, select: bool) -> None:
        if lookup != self._loading:
            return  # an older look-up, overtaken by a newer one (or the page began again)
        self._loading = 0
        if not loaded.voidable and self.void_kind.isChecked():
            self.refund_kind.setChecked(True)
        self._set_loaded(loaded, select=select)
        if not self.reason.text():
            self.reason.setFocus()

    def _not_found(self, lookup: int, failure: TaskFailure) -> None:
        if lookup != self._loading:
            return
        self._loading = 0
        self._set_loaded(None)
        self._show_error(failure.message)
        self.receipt.setFocus()

    def _set_loaded(self, loaded: LoadedReceipt | None, *, select: bool = True) -> None:
        self.loaded = loaded
        self.lines.set_sale(loaded.sale if loaded is not None else None, select=select)
        if loaded is not None and self.void_kind.isChecked() and loaded.voidable:
            self.lines.set_locked(True)
        for widget in (self.summary, self.lines, self.total):
            widget.setVisible(loaded is not None)
        self._show_sale()
        self._sync()

    def _receipt_edited(self, text: str) -> None:
        """Another receipt number typed: the lines shown are not its lines."""
        if self.loaded is not None and self.loaded.sale.receipt_no != text.strip().upper():
            self._set_loaded(None)
            self._show_outcome(False)
            self.error.hide()

    def _selection_changed(self) -> None:
        self._show_total()
        self._sync()

    def _kind_changed(self, void: bool) -> None:
        self.lines.set_locked(void)
        self._show_total()
        self._sync()

    # ------------------------------------------------------------------ refund results
    def _refunded(self, result: RefundResult) -> None:
        self._busy = False
        self.result = result
        self._command_id = new_command_id()
        self.refund_kind.setChecked(True)
        self.reason.clear()  # the next refund of this receipt is a new request with its own reason
        self._show_result(result)
        self.look_up(select=False)  # what is left now, nothing ticked: a second Enter refunds nothing more
        self._context.app.wake_printer()
        self.refunded.emit(result)

    def _refused(self, failure: TaskFailure) -> None:
        self._busy = False
        self._sync()
        if failure.kind == APPROVAL_NEEDED:
            dialog = ApprovalDialog(self._context, reason=failure.message, action="refund",
                                    parent=self.window())
            dialog.approved.connect(self._approved)
            dialog.finished.connect(lambda _code: setattr(self, "approval", None))
            self.approval = dialog
            dialog.open()
            return
        if failure.code in STALE:
            self.look_up(select=False)
        self._show_error(failure.message)  # once, on the page beside the lines: no pop-up over it as well

    def _approved(self, session: Session) -> None:
        # The refused attempt wrote nothing; the approved request gets its own id.
        self._command_id = new_command_id()
        self.submit(approved_by=session.staff_id)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _show_outcome(self, shown: bool) -> None:
        self.outcome_title.setVisible(shown)
        self.outcome.setVisible(shown)
        self.subtitle.setVisible(not shown)  # its room goes to the outcome: the page fits 1024x768

    def _show_result(self, result: RefundResult) -> None:
        kind = self.tr("Voided") if result.kind == "void" else self.tr("Refunded")
        self.outcome_title.setText(kind)  # what was done, as the sentence under it says it (not "Reversed")
        lines = [self.tr("{kind} {receipt}: {amount} back to the customer. Slip {slip}.").format(
            kind=kind, receipt=result.original_receipt_no, amount=format_money(result.amount), slip=result.receipt_no)]
        if result.lines:
            lines.append(self.tr("Went back: {items}").format(
                items=", ".join(f"{quantity} × {name}" for name, quantity in result.lines)))
        language = current_language()
        loyalty = [say(event, language) for event in result.events]
        if loyalty:
            lines.append(" · ".join(loyalty))
        if result.negative_balance:
            lines.append(self.tr("The member had already spent some of this: their balance is now negative "
                                 "and a manager will see it."))
        lines.append(self.tr("Nothing is left to refund on this receipt.") if result.sale_fully_refunded
                     else self.tr("Some lines are still on the receipt: they can be refunded later."))
        self.outcome.setText("\n".join(lines))
        self._show_outcome(True)


__all__ = ["LoadedReceipt", "RefundPage"]
