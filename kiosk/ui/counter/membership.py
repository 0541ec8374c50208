"""Joining the paid membership at the counter: the member scans a Stripe payment page's QR and pays on their phone."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.programs.config import MembershipPlan
from kiosk.services.accounts import MemberAccount
from kiosk.services.sync.membership import MembershipUnavailable
from kiosk.ui.counter.common import (
    CounterContext,
    Notifier,
    button,
    card,
    label,
    with_key,
)
from kiosk.ui.formatting import format_money, render_text
from kiosk.ui.i18n import current_language
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import (
    BIG_NUMBER,
    CAPTION,
    ERROR_TEXT,
    HEADING,
    PRIMARY,
    SUB_CAPTION,
    TITLE,
    scaled,
)
from kiosk.ui.widgets import QrWidget


class MembershipDialog(QDialog):
    """The shop's paid plans for the member on screen; "Join" asks Stripe for a payment page (on the I/O pool,
    never the GUI thread) and shows it as a big QR with the price. Card details never touch the counter."""

    checkout_shown = Signal(str)  # the payment page's URL, once it is on screen

    def __init__(self, context: CounterContext, notifier: Notifier, *, account: MemberAccount,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._context = context
        self._notifier = notifier
        self._account = account
        self._plans = tuple(context.app.ctx.programs.memberships)
        self._asking: str | None = None  # the plan whose payment page is being fetched
        self._shown_plan: str | None = None
        self.url = ""
        self.error = ""

        self.title = label("", TITLE)
        self.member = label(account.display_name, SUB_CAPTION)
        self.join_buttons: dict[str, QPushButton] = {}
        self._plan_texts: dict[str, tuple[QLabel, QLabel]] = {}
        plans_card, plans = card(margins=18, spacing=12)
        for plan in self._plans:
            name = label("", HEADING)
            terms = label("", SUB_CAPTION, wrap=True)
            join = button(name=PRIMARY, focus=False)
            join.clicked.connect(lambda _=False, plan_id=plan.id: self.join(plan_id))
            text = QVBoxLayout()
            text.setSpacing(scaled(2))
            text.addWidget(name)
            text.addWidget(terms)
            row = QHBoxLayout()
            row.setSpacing(scaled(14))
            row.addLayout(text, 1)
            row.addWidget(join, 0, Qt.AlignmentFlag.AlignVCenter)
            plans.addLayout(row)
            self.join_buttons[plan.id] = join
            self._plan_texts[plan.id] = (name, terms)
        self.status = label("", CAPTION, wrap=True)
        self.error_label = label("", ERROR_TEXT, wrap=True)
        self.error_label.hide()

        self.qr_box, qr_layout = card(margins=20, spacing=6)
        self.scan_caption = label("", HEADING, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self.qr = QrWidget()
        self.qr.setMinimumSize(scaled(340), scaled(340))
        self.price = label("", BIG_NUMBER, align=Qt.AlignmentFlag.AlignCenter)
        self.price_note = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        qr_layout.addWidget(self.scan_caption)
        qr_layout.addWidget(self.qr, 1)
        qr_layout.addWidget(self.price)
        qr_layout.addWidget(self.price_note)
        self.qr_box.setMinimumWidth(scaled(420))
        self.qr_box.hide()

        self.close_button = button(focus=False)
        self.close_button.clicked.connect(self.accept)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.close_button)

        # The plans on the left; the payment QR opens on the right, so both fit a 1280 x 800 counter screen.
        left = QVBoxLayout()
        left.setSpacing(scaled(12))
        left.addWidget(self.title)
        left.addWidget(self.member)
        left.addWidget(plans_card)
        left.addWidget(self.status)
        left.addWidget(self.error_label)
        left.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(scaled(20))
        body.addLayout(left, 1)
        body.addWidget(self.qr_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(28), scaled(24), scaled(28), scaled(20))
        layout.setSpacing(scaled(12))
        layout.addLayout(body, 1)
        layout.addLayout(actions)
        # Word-wrapped labels do not raise a dialog's minimum height by themselves: without this the plan
        # rows are squeezed when a refusal adds two lines.
        self.setMinimumSize(scaled(640), scaled(480))
        if context.app.membership is None:
            self._show_error(self.tr("Paid membership is not set up on this counter."))
        self.retranslate_ui()

    # ------------------------------------------------------------------ API
    def join(self, plan_id: str) -> None:
        """Ask Stripe for this member's payment page for `plan_id` (network I/O: the I/O pool)."""
        membership = self._context.app.membership
        if membership is None or self._asking is not None:
            return
        self._asking = plan_id
        self.error = ""
        self.error_label.hide()
        code = self._account.member_code
        self._context.runner.run_io(lambda: membership.checkout_url(code, plan_id), owner=self,
                                    name="counter: membership checkout",
                                    on_success=lambda url: self._shown(plan_id, url), on_failure=self._failed)
        self.retranslate_ui()

    def is_busy(self) -> bool:
        return self._asking is not None

    # ------------------------------------------------------------------ internals
    def _shown(self, plan_id: str, url: str) -> None:
        self._asking = None
        self._shown_plan = plan_id
        self.url = url
        self.qr.set_payload(url)
        self.qr_box.show()
        self.retranslate_ui()
        self.resize(max(self.width(), scaled(1060)), max(self.height(), scaled(680)))
        self.checkout_shown.emit(url)

    def _failed(self, failure: TaskFailure) -> None:
        self._asking = None
        self._show_error(self._failure_text(failure))
        self.retranslate_ui()

    def _show_error(self, message: str) -> None:
        self.error = message
        self.error_label.setText(message)
        self.error_label.show()

    def _failure_text(self, failure: TaskFailure) -> str:
        # The service words its refusals for the customer at the kiosk ("ask at the counter"); the cashier
        # reads what it means here, in the screen's language. Anything else is shown as the service says it.
        if failure.kind == MembershipUnavailable.code:
            return render_text("counter.membership_offline")
        if failure.code == "membership.already_member":
            return render_text("counter.already_member")
        return failure.message

    def _plan_terms(self, plan: MembershipPlan) -> str:
        per = self.tr("per month") if plan.interval == "month" else self.tr("per year")
        perks = []
        if plan.discount_bp:
            perks.append(self.tr("{percent}% off every order").format(percent=f"{plan.discount_bp / 100:g}"))
        if plan.earn_bonus_percent:
            perks.append(self.tr("+{percent}% points").format(percent=plan.earn_bonus_percent))
        return f"{format_money(plan.price)} {per}" + (" · " + ", ".join(perks) if perks else "")

    def retranslate_ui(self) -> None:
        language = current_language()
        self.setWindowTitle(self.tr("Paid membership"))
        self.title.setText(self.tr("Paid membership"))
        active = getattr(self._account, "membership", None)
        available = self._context.app.membership is not None
        for plan in self._plans:
            name, terms = self._plan_texts[plan.id]
            name.setText(plan.label(language))
            terms.setText(self._plan_terms(plan))
            join = self.join_buttons[plan.id]
            member_of_it = active is not None and active.plan_id == plan.id and active.perks_active
            join.setEnabled(available and self._asking is None and not member_of_it)
            if self._asking == plan.id:
                join.setText(self.tr("Opening…"))
            elif member_of_it:
                join.setText(self.tr("Member"))
            else:
                join.setText(self.tr("Join {plan}").format(plan=plan.label(language)))
        if active is not None and active.perks_active:
            self.status.setText(self.tr("Member of {plan}: the perks apply at checkout.").format(plan=active.name))
        else:
            self.status.setText(self.tr("The member pays on their own phone; the perks start once Stripe confirms "
                                        "the payment."))
        shown = next((p for p in self._plans if p.id == self._shown_plan), None)
        if shown is not None:
            self.scan_caption.setText(self.tr("Scan with your phone camera to pay and join {plan}").format(
                plan=shown.label(language)))
            self.price.setText(format_money(shown.price))
            self.price_note.setText(self.tr("{price} per month, renews by itself; cancel any time.").format(
                price=format_money(shown.price)) if shown.interval == "month" else self.tr(
                "{price} per year, renews by itself; cancel any time.").format(price=format_money(shown.price)))
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()
