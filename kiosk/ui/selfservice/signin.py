"""Signing in without a QR: the phone number on a keypad, then the shop's one-time check on a PIN pad."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.selfservice.common import Screen, button, card, label
from kiosk.ui.theme import CAPTION, ERROR_TEXT, HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import PinPad
from kiosk.ui.widgets.keypads import DigitKeypad

CHECK_BIRTH_YEAR = "birth_year"
CHECK_BIRTHDAY = "birthday"
MIN_PHONE_DIGITS = 9


class PhoneSignInScreen(Screen):
    """Step 1 asks for the phone; step 2 for the check. The same question follows any number, known or not."""

    check_entered = Signal(str, str)  # phone digits, answer digits
    back_requested = Signal()

    def __init__(self, check: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._phone = ""
        self._title = label()
        self._caption = label()
        self.back_button = button("", "bigSecondary")
        self.back_button.clicked.connect(self.back_requested)

        self.steps = QStackedWidget()
        # -- step 1: phone
        phone_page = QWidget()
        self.keypad = DigitKeypad(max_digits=10, style="phone")
        self.keypad.setMaximumWidth(scaled(560))
        self.keypad.digits_changed.connect(self._phone_changed)
        self.next_button = button("", PRIMARY)
        self.next_button.setObjectName("bigPrimary")
        self.next_button.clicked.connect(self._to_check)
        self._phone_error = label("", ERROR_TEXT, wrap=True)
        info, info_box = card()
        self._privacy = label("", SUB_CAPTION, wrap=True)
        self._phone_hint = label("", HEADING, wrap=True)
        info_box.addWidget(self._phone_hint)
        info_box.addWidget(self._privacy)
        info_box.addStretch(1)
        side = QVBoxLayout()
        side.setSpacing(scaled(16))
        side.addWidget(info, 1)
        side.addWidget(self._phone_error)
        side.addWidget(self.next_button)
        row = self.flow(QHBoxLayout(phone_page))
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(scaled(40))
        row.addWidget(self.keypad, 3)
        row.addLayout(side, 2)
        # -- step 2: the check
        check_page = QWidget()
        self.pin_pad = PinPad(pin_length=4)
        self.pin_pad.setMaximumWidth(scaled(560))
        self.pin_pad.pin_entered.connect(lambda answer: self.check_entered.emit(self._phone, answer))
        explain, explain_box = card()
        self._check_title = label("", HEADING, wrap=True)
        self._check_help = label("", CAPTION, wrap=True)
        self._check_fallback = label("", SUB_CAPTION, wrap=True)
        explain_box.addWidget(self._check_title)
        explain_box.addWidget(self._check_help)
        explain_box.addStretch(1)
        explain_box.addWidget(self._check_fallback)
        self.change_phone_button = button("", "bigSecondary")
        self.change_phone_button.clicked.connect(self._to_phone)
        check_side = QVBoxLayout()
        check_side.setSpacing(scaled(16))
        check_side.addWidget(explain, 1)
        check_side.addWidget(self.change_phone_button)
        check_row = self.flow(QHBoxLayout(check_page))
        check_row.setContentsMargins(0, 0, 0, 0)
        check_row.setSpacing(scaled(40))
        check_row.addWidget(self.pin_pad, 3)
        check_row.addLayout(check_side, 2)
        self.steps.addWidget(phone_page)
        self.steps.addWidget(check_page)

        self.frame(self.steps, right=self.back_button)
        self.retranslate_ui()
        self.reset()

    # ------------------------------------------------------------------ API
    def step(self) -> str:
        return "phone" if self.steps.currentIndex() == 0 else "check"

    def phone(self) -> str:
        return self._phone

    def reset(self) -> None:
        self._phone = ""
        self.keypad.set_digits("")
        self.pin_pad.clear()
        self._phone_error.clear()
        self.steps.setCurrentIndex(0)
        self._phone_changed("")
        self.retranslate_ui()

    def show_check_error(self, message: str, *, final: bool = False) -> None:
        """A wrong answer: say so on the pad; `final` (too many tries) also takes the pad away."""
        self.pin_pad.show_error(message)
        self.pin_pad.setEnabled(not final)

    def show_phone_error(self, message: str) -> None:
        self._to_phone()
        self._phone_error.setText(message)

    # ------------------------------------------------------------------ internals
    def _phone_changed(self, digits: str) -> None:
        self._phone_error.clear()
        self.next_button.setEnabled(len(digits) >= MIN_PHONE_DIGITS)

    def _to_check(self) -> None:
        self._phone = self.keypad.digits()
        self.pin_pad.clear()
        self.pin_pad.setEnabled(True)
        self.steps.setCurrentIndex(1)
        self.retranslate_ui()

    def _to_phone(self) -> None:
        self._phone = ""
        self.pin_pad.clear()
        self.steps.setCurrentIndex(0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))
        self.change_phone_button.setText(self.tr("Change the phone number"))
        self.keypad.set_placeholder(self.tr("Phone number"))
        self._phone_hint.setText(self.tr("Type the phone number you joined with."))
        self._privacy.setText(self.tr("Next we ask one question only you can answer, so nobody else can open "
                                      "your account with your number."))
        if self.step() == "phone":
            self._title.setText(self.tr("Sign in with your phone"))
            self._caption.setText(self.tr("Step 1 of 2"))
        else:
            self._title.setText(self.tr("One quick check"))
            self._caption.setText(self.tr("Step 2 of 2"))
        if self._check == CHECK_BIRTHDAY:
            self._check_title.setText(self.tr("Enter your birthday as day and month"))
            self._check_help.setText(self.tr("4 digits: DDMM. For 9 July, enter 0907."))
            self.pin_pad.set_prompt(self.tr("Birthday (DDMM)"))
        else:
            self._check_title.setText(self.tr("Enter the year you were born"))
            self._check_help.setText(self.tr("4 digits, in either calendar: 1990 or 2533. If we have your birthday "
                                             "without a year, enter day and month (DDMM)."))
            self.pin_pad.set_prompt(self.tr("Year of birth"))
        self._check_fallback.setText(self.tr("No birthday on file? Scan your member QR or ask at the counter."))
        self.pin_pad.setProperty("check", self._check)


__all__ = ["CHECK_BIRTHDAY", "CHECK_BIRTH_YEAR", "PhoneSignInScreen"]
