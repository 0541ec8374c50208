"""Refund or void a sale by its receipt number; a manager's PIN when the shop asks for one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from kiosk.domain.commands import RefundSale
from kiosk.services.refunds import RefundResult
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
from kiosk.ui.formatting import format_money, format_points
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import (
    DANGER,
    ERROR_TEXT,
    HEADING,
    SCREEN,
    SUB_CAPTION,
    TITLE,
    scaled,
)

APPROVAL_NEEDED = "manager_approval_required"


class RefundPage(FormKeys, QWidget):
    """Receipt number, refund or void, a reason; then what was reversed on the member's account."""

    refunded = Signal(object)  # RefundResult
    closed = Signal()

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self._context = context
        self._notifier = notifier
        self._command_id = new_command_id()
        self._busy = False
        self.result: RefundResult | None = None
        self.approval: ApprovalDialog | None = None

        self.title = label("", TITLE)
        self.subtitle = label("", SUB_CAPTION, wrap=True)
        self.receipt = QLineEdit()
        self.receipt.returnPressed.connect(self.submit)
        self.refund_kind = QRadioButton()
        self.void_kind = QRadioButton()
        self.refund_kind.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.refund_kind)
        kinds.addButton(self.void_kind)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.refund_kind)
        kind_row.addWidget(self.void_kind)
        kind_row.addStretch(1)
        self.reason = QLineEdit()
        self.reason.returnPressed.connect(self.submit)
        self.error = label("", ERROR_TEXT, wrap=True)
        self.error.hide()
        self.outcome_title = label("", HEADING)
        self.outcome = label("", "", wrap=True)
        self.outcome_title.hide()
        self.outcome.hide()

        self._captions = [label() for _ in range(3)]
        form = QFormLayout()
        form.setVerticalSpacing(scaled(12))
        form.addRow(self._captions[0], self.receipt)
        form.addRow(self._captions[1], kind_row)
        form.addRow(self._captions[2], self.reason)
        fields: tuple[QLineEdit | QHBoxLayout, ...] = (self.receipt, kind_row, self.reason)
        for caption, field in zip(self._captions, fields, strict=True):
            # a form label is placed at the top of its row: as tall as the field, it centres beside it
            caption.setMinimumHeight(field.sizeHint().height())
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.close_button = button(focus=False)
        self.close_button.clicked.connect(self.closed)
        self.confirm = button(name=DANGER, focus=False)
        self.confirm.clicked.connect(self.submit)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        actions.addWidget(self.confirm)

        refund_card, box = card(margins=28, spacing=12)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(self.outcome_title)
        box.addWidget(self.outcome)
        box.addStretch(1)
        box.addLayout(actions)
        refund_card.setMaximumWidth(scaled(760))
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(refund_card, 5)
        layout.addStretch(1)
        self.retranslate_ui()

    def begin(self, receipt_no: str = "") -> None:
        self.receipt.setText(receipt_no or f"{self._context.app.ctx.device_label}-")
        self.reason.clear()
        self.refund_kind.setChecked(True)
        self.error.hide()
        self.outcome_title.hide()
        self.outcome.hide()
        self.result = None
        self._busy = False
        self._command_id = new_command_id()
        self._sync()
        self.receipt.setFocus()
        self.receipt.end(False)

    def submit(self, *, approved_by: str | None = None) -> None:
        if self._busy:
            return
        receipt_no = self.receipt.text().strip()
        if self.result is not None and self.result.original_receipt_no == receipt_no.upper() and not approved_by:
            return  # already done; the result is on screen
        command = RefundSale(command_id=self._command_id, receipt_no=receipt_no,
                             kind="void" if self.void_kind.isChecked() else "refund", reason=self.reason.text().strip(),
                             staff_id=self._context.staff_id, approved_by=approved_by)
        self._busy = True
        self.error.hide()
        self._sync()
        refunds = self._context.app.refunds
        self._context.runner.run_db(lambda: refunds.refund(command), on_success=self._refunded,
                                    on_failure=self._refused, owner=self, name="refund sale")

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Refund or void a sale"))
        self.subtitle.setText(self.tr("Every point, stamp and credit the sale moved is reversed. "
                                      "The shop asks for a manager's PIN."))
        for caption, text in zip(self._captions, (self.tr("Receipt number"), self.tr("What"), self.tr("Reason")),
                                 strict=True):
            caption.setText(text)
        self.receipt.setPlaceholderText(self.tr("e.g. C1-000123"))
        self.refund_kind.setText(self.tr("Refund"))
        self.void_kind.setText(self.tr("Void (today's sale)"))
        self.reason.setPlaceholderText(self.tr("e.g. wrong order"))
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))
        self.outcome_title.setText(self.tr("Reversed"))
        self._sync()
        if self.result is not None:
            self._show_result(self.result)


    def _sync(self) -> None:
        self.confirm.setEnabled(not self._busy)
        self.confirm.setText(self.tr("Working…") if self._busy else with_key(self.tr("Refund"), "Enter"))

    def _refunded(self, result: RefundResult) -> None:
        self._busy = False
        self.result = result
        self._command_id = new_command_id()
        self._sync()
        self._show_result(result)
        self._context.app.wake_printer()
        self.refunded.emit(result)

    def _refused(self, failure: TaskFailure) -> None:
        self._busy = False
        self._sync()
        if failure.code == APPROVAL_NEEDED:
            # the one reason a refund waits for a manager, said in the screen's language
            dialog = ApprovalDialog(self._context, reason=self.tr("Refunds need a manager's PIN."), action="refund",
                                    parent=self.window())
            dialog.approved.connect(self._approved)
            dialog.finished.connect(lambda _code: setattr(self, "approval", None))
            self.approval = dialog
            dialog.open()
            return
        self.error.setText(failure.message)
        self.error.show()
        self._notifier.error(failure.message)

    def _approved(self, session: Session) -> None:
        # The refused attempt wrote nothing; the approved request gets its own id.
        self._command_id = new_command_id()
        self.submit(approved_by=session.staff_id)

    def _show_result(self, result: RefundResult) -> None:
        kind = self.tr("Voided") if result.kind == "void" else self.tr("Refunded")
        lines = [self.tr("{kind} {receipt}: {amount} back to the customer. Slip {slip}.").format(
            kind=kind, receipt=result.original_receipt_no, amount=format_money(result.amount), slip=result.receipt_no)]
        if result.points_reversed:
            lines.append(self.tr("Points taken back: -{n}").format(n=format_points(result.points_reversed)))
        if result.points_returned:
            lines.append(self.tr("Points given back: +{n}").format(n=format_points(result.points_returned)))
        if result.credit_reversed.minor:
            lines.append(self.tr("Cashback taken back: -{amount}").format(amount=format_money(result.credit_reversed)))
        if result.credit_returned.minor:
            lines.append(self.tr("Store credit given back: +{amount}").format(
                amount=format_money(result.credit_returned)))
        if result.stamps_reversed:
            lines.append(self.tr("Stamps removed: {n}").format(n=result.stamps_reversed))
        if result.rewards_returned:
            lines.append(self.tr("Free items back on the card: {n}").format(n=result.rewards_returned))
        if result.rewards_reversed:
            lines.append(self.tr("Free items taken back: {n}").format(n=result.rewards_reversed))
        if result.vouchers_returned:
            lines.append(self.tr("Vouchers usable again: {n}").format(n=result.vouchers_returned))
        if result.negative_balance:
            lines.append(self.tr("The member had already spent some of this: their balance is now negative "
                                 "and a manager will see it."))
        self.outcome.setText("\n".join(lines))
        self.outcome_title.show()
        self.outcome.show()
