"""The checkout's payment column: cash, card or QR, the cash handed over and its change, and Confirm payment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.errors import KioskError
from kiosk.domain.money import Money
from kiosk.ui.counter.cash import cash_suggestions
from kiosk.ui.counter.common import amount_text, button, card, label, with_key
from kiosk.ui.formatting import format_money
from kiosk.ui.theme import CAPTION, HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import AmountKeypad

PAYMENT_METHODS = ("cash", "card", "qr")
SUGGESTIONS = 3  # cash buttons beside Exact


class PaymentColumn(QWidget):
    """How the customer pays. The checkout page keeps what was chosen and records the sale; this column shows
    the choice and reports what the cashier picked."""

    method_chosen = Signal(str)
    cash_chosen = Signal(object)  # Money, or None: Exact
    cash_typed = Signal()  # the keypad's entry changed (read it with typed_cash)
    confirm_requested = Signal()

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._currency = currency
        pay_card, pay = card(margins=18, spacing=8)
        self.pay_title = label("", HEADING)
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[str, QPushButton] = {}
        methods = QHBoxLayout()
        for method in PAYMENT_METHODS:
            btn = button(focus=False, expand=True)
            btn.setCheckable(True)
            btn.clicked.connect(lambda _=False, m=method: self.method_chosen.emit(m))
            self.method_group.addButton(btn)
            self.method_buttons[method] = btn
            methods.addWidget(btn)
        self.cash_caption = label("", CAPTION)
        self.cash_keypad = AmountKeypad(currency=currency)
        self.cash_keypad.setStyleSheet(f"QLabel#bigNumber {{ font-size: {scaled(32)}px; }} "
                                       f"QPushButton#keypadKey, QPushButton#keypadAction "
                                       f"{{ min-height: {scaled(44)}px; }} "
                                       f"QPushButton#flat {{ padding: 0px {scaled(6)}px; }}")
        self.cash_keypad.amount_changed.connect(lambda _text: self.cash_typed.emit())
        notes = QHBoxLayout()
        self.exact = button(focus=False, expand=True)
        # narrow padding: four five-digit amounts (a ฿11,000 bill) held a 1024 px till's window at 1029 px
        self.exact.setStyleSheet(f"padding: 0px {scaled(6)}px;")
        self.exact.clicked.connect(lambda: self.cash_chosen.emit(None))
        notes.addWidget(self.exact)
        # what a customer is likely to hand over for this bill (a ฿190 bill: ฿200, ฿500, ฿1,000), set with each price
        self.note_buttons: list[QPushButton] = []
        for _ in range(SUGGESTIONS):
            btn = button(focus=False, expand=True)
            btn.setStyleSheet(f"padding: 0px {scaled(6)}px;")
            btn.clicked.connect(lambda _=False, b=btn: self._note_chosen(b))
            notes.addWidget(btn)
            self.note_buttons.append(btn)
        self.change = label("", HEADING)
        self.cash_widgets = [self.cash_caption, self.cash_keypad, self.exact, *self.note_buttons, self.change]
        self.confirm = button(name=PRIMARY, focus=False)
        self.confirm.setMinimumHeight(scaled(64))
        self.confirm.clicked.connect(self.confirm_requested)
        pay.addWidget(self.pay_title)
        pay.addLayout(methods)
        pay.addWidget(self.cash_caption)
        pay.addLayout(notes)
        pay.addWidget(self.cash_keypad, 1)
        pay.addWidget(self.change)
        # Card and QR take the space the cash keypad leaves: without it the method buttons grow tall.
        self.method_note = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignTop)
        pay.addWidget(self.method_note, 1)
        pay.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(pay_card)
        self.retranslate_ui()

    # ================================================================== API
    def typed_cash(self) -> Money | None:
        """The cash typed on the keypad (None: nothing, or not an amount)."""
        try:
            return self.cash_keypad.money(allow_zero=True)
        except KioskError:
            return None

    def show_cash(self, amount: Money | None) -> None:
        """Put the cash handed over on the keypad (None: clear it)."""
        if amount is None:
            self.cash_keypad.clear()
        else:
            self.cash_keypad.set_text(amount_text(amount))

    def show_change(self, due: Money | None, given: Money | None) -> None:
        """The notes likely handed over for this bill, and the change (or what is short) for the cash given."""
        self._suggest_cash(due)
        if due is None or given is None:
            self.change.setText(self.tr("Change: —  (exact cash)") if due is not None else "")
            return
        if given.minor < due.minor:
            self.change.setText(self.tr("{short} short").format(short=format_money(due - given)))
        else:
            self.change.setText(self.tr("Change: {change}").format(change=format_money(given - due)))

    def show_method(self, method: str) -> None:
        for name, btn in self.method_buttons.items():
            btn.setChecked(name == method)
        for cash_widget in self.cash_widgets:
            cash_widget.setVisible(method == "cash")
        notes = {"card": self.tr("Take the payment on the card terminal, then confirm it here."),
                 "qr": self.tr("Show the shop's PromptPay QR; confirm once the transfer has arrived.")}
        self.method_note.setText(notes.get(method, ""))
        self.method_note.setVisible(method != "cash")

    def show_confirm(self, *, enabled: bool, recording: bool) -> None:
        self.confirm.setEnabled(enabled)
        if recording:
            self.confirm.setText(self.tr("Recording…"))
        else:
            self.confirm.setText(with_key(self.tr("Confirm payment"), "Enter"))

    def retranslate_ui(self) -> None:
        """The fixed texts (the checkout page's retranslate_ui calls this, then shows its state again)."""
        self.pay_title.setText(self.tr("Payment"))
        names = {"cash": self.tr("Cash"), "card": self.tr("Card"), "qr": self.tr("QR / PromptPay")}
        for method, btn in self.method_buttons.items():
            btn.setText(names[method])
        self.cash_caption.setText(self.tr("Cash given"))
        self.exact.setText(self.tr("Exact"))

    # ================================================================== internals
    def _note_chosen(self, note: QPushButton) -> None:
        minor = note.property("minor")
        if minor:
            self.cash_chosen.emit(Money(int(minor), self._currency))

    def _suggest_cash(self, due: Money | None) -> None:
        amounts = cash_suggestions(due) if due is not None else []
        for number, note in enumerate(self.note_buttons):
            amount = amounts[number] if number < len(amounts) else None
            note.setProperty("minor", amount.minor if amount is not None else 0)
            note.setText(format_money(amount).replace(".00", "") if amount is not None else "")
            note.setEnabled(amount is not None)
