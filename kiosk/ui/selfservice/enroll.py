"""Joining at the kiosk: name, phone, optional email, birthday and referral code, the privacy notice, consent."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.enrollment import EnrollmentResult
from kiosk.ui.formatting import format_points, plural, with_name
from kiosk.ui.i18n import current_language
from kiosk.ui.selfservice.common import Screen, button, card, label
from kiosk.ui.theme import CAPTION, ERROR_TEXT, HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import NumberPad, OnScreenKeyboard, QrWidget

BUDDHIST_ERA_OFFSET = 543


@dataclass(frozen=True)
class EnrollForm:
    name: str
    phone: str
    email: str | None
    birthday: str | None  # ISO date
    referral_code: str | None
    consent: bool
    marketing: bool


def parse_birthday_text(text: str) -> str | None:
    """'15/07/1990', '15-7-2533' or '15071990' as an ISO date; None when empty; ValueError when not a date.

    A year above 2400 is read as Buddhist Era, the calendar most Thai customers write.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    parts = re.split(r"[/\-. ]+", cleaned)
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 8:
        parts = [parts[0][:2], parts[0][2:4], parts[0][4:]]
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise ValueError(cleaned)
    day, month, year = (int(p) for p in parts)
    if year > 2400:
        year -= BUDDHIST_ERA_OFFSET
    return date(year, month, day).isoformat()


class EnrollScreen(Screen):
    submitted = Signal(object)  # EnrollForm
    back_requested = Signal()

    def __init__(self, *, shop_name: Callable[[str], str], notice_version: str, signup_points: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shop_name = shop_name
        self._notice_version = notice_version
        self._signup_points = signup_points
        self._title = label()
        self._caption = label()
        self.back_button = button("", "bigSecondary")
        self.back_button.clicked.connect(self.back_requested)

        self.name = self._field()
        self.phone = self._field(digits=True)
        self.email = self._field(latin=True)
        self.birthday = self._field(digits=True)
        self.referral = self._field(latin=True)
        self.referral.setMaxLength(16)
        form_card, form_box = card(spacing=8)
        self._form_box = form_box
        grid = QGridLayout()
        grid.setHorizontalSpacing(scaled(18))
        grid.setVerticalSpacing(scaled(4))
        self._labels = [label("", CAPTION) for _ in range(5)]
        # three across: name, phone, birthday, then email and a friend's code; two rows leave the keyboard room
        for index, (caption, field) in enumerate(zip(self._labels, self._form_order(), strict=True)):
            row, column = divmod(index, 3)
            grid.addWidget(caption, row * 2, column)
            grid.addWidget(field, row * 2 + 1, column)
        self._birthday_help = label("", SUB_CAPTION, wrap=True)
        grid.addWidget(self._birthday_help, 2, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        form_box.addLayout(grid)
        # a refusal shows under the fields it is about, at the form's full width
        self.error = label("", ERROR_TEXT, wrap=True)
        form_box.addWidget(self.error)

        self.join_button = button("", PRIMARY)
        self.join_button.setObjectName("bigPrimary")
        self.join_button.clicked.connect(self._submit)
        notice_card, notice_box = card(spacing=8)
        self._notice_title = label("", HEADING, wrap=True)
        self.notice = label("", SUB_CAPTION, wrap=True)
        self.notice.setObjectName("noticeText")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.notice)
        self._notice_scroll, self._notice_box = scroll, notice_box
        self.consent = QCheckBox()
        self.consent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.consent.toggled.connect(lambda _: self._update())
        self.marketing = QCheckBox()
        self.marketing.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        notice_box.addWidget(self._notice_title)
        notice_box.addWidget(scroll, 1)
        notice_box.addWidget(self.consent)
        notice_box.addWidget(self.marketing)
        notice_box.addWidget(self.join_button)

        # Letters on the keyboard; the phone and the birthday on a number pad, which is quicker for digits.
        self.keyboard = OnScreenKeyboard(language="th")
        self.keyboard.enter_pressed.connect(self._next_field)
        self.number_pad = NumberPad()
        self.number_pad.enter_pressed.connect(self._next_field)
        self.keys = QStackedWidget()
        self.keys.addWidget(self.keyboard)
        self.keys.addWidget(self.number_pad)
        layout = QVBoxLayout(self)
        self.page_margins(layout, 48, 12, 48, 14)
        layout.setSpacing(scaled(10))
        layout.addLayout(self.header(self._title, self._caption, right=self.back_button))
        layout.addWidget(form_card)
        # the keys and the notice (read, agree, join) side by side; one above the other on a tall screen
        bottom = self.flow(QHBoxLayout())
        self._bottom = bottom
        bottom.addWidget(self.keys, 3)
        bottom.addWidget(notice_card, 2)
        layout.addLayout(bottom, 1)
        for field in self.fields():
            field.textChanged.connect(lambda _: self._update())
        self.compact_changed()
        self.retranslate_ui()
        self.reset()

    def compact_changed(self) -> None:
        # On a 1024x768 screen the keyboard and the notice share less width and height: a smaller gap, narrower
        # card margins, and the notice's text scrolls in fewer lines (the titles, fields, boxes and Join keep
        # their size; a Thai notice title takes two lines there).
        compact = self.is_compact()
        self._bottom.setSpacing(scaled(12 if compact else 20))
        self._notice_scroll.setMinimumHeight(scaled(44 if compact else 72))
        self._notice_box.setSpacing(scaled(6 if compact else 8))
        side, end = (14, 10) if compact else (22, 18)  # the cards' own margins (common.card)
        for box in (self._form_box, self._notice_box):
            box.setContentsMargins(scaled(side), scaled(end), scaled(side), scaled(end))

    # ------------------------------------------------------------------ API
    def fields(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.phone, self.email, self.birthday, self.referral)

    def _form_order(self) -> tuple[QLineEdit, ...]:
        """The fields as they sit on screen, and as Enter moves through them."""
        return (self.name, self.phone, self.birthday, self.email, self.referral)

    def focus_field(self, field: QLineEdit) -> None:
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._target(field)

    def form_values(self) -> EnrollForm:
        """What was typed; raises ValueError for a birthday that is not a date."""
        return EnrollForm(
            name=self.name.text(), phone=self.phone.text(), email=self.email.text().strip() or None,
            birthday=parse_birthday_text(self.birthday.text()),
            referral_code=self.referral.text().strip().upper() or None,
            consent=self.consent.isChecked(), marketing=self.marketing.isChecked(),
        )

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def set_busy(self, busy: bool) -> None:
        self.join_button.setEnabled(not busy and self._complete())

    def reset(self) -> None:
        for field in self.fields():
            field.clear()
        self.consent.setChecked(False)
        self.marketing.setChecked(False)
        self.error.clear()
        self.keyboard.set_language("th" if current_language() == "th" else "en")
        self._target(self.name)
        self._update()

    # ------------------------------------------------------------------ internals
    def _field(self, *, digits: bool = False, latin: bool = False) -> QLineEdit:
        field = QLineEdit()
        field.setProperty("digits", digits)
        field.setProperty("latin", latin or digits)
        field.installEventFilter(self)
        return field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self._target(watched)
        return False

    def _target(self, field: QLineEdit) -> None:
        self.keyboard.set_target(field)
        self.number_pad.set_target(field)
        if field.property("digits"):
            self.number_pad.set_separator("/" if field is self.birthday else "-")
        self.keys.setCurrentWidget(self.number_pad if field.property("digits") else self.keyboard)
        if field.property("latin"):
            self.keyboard.set_language("en")  # digits, @ and Latin letters live on the English layout
        elif field is self.name:
            self.keyboard.set_language("th" if current_language() == "th" else "en")

    def _next_field(self) -> None:
        fields = self._form_order()
        current = self.keyboard.target()
        if current in fields:
            index = fields.index(current)
            if index + 1 < len(fields):
                self.focus_field(fields[index + 1])

    def _complete(self) -> bool:
        return bool(self.name.text().strip()) and len(re.sub(r"\D", "", self.phone.text())) >= 9 \
            and self.consent.isChecked()

    def _update(self) -> None:
        self.error.clear()
        self.join_button.setEnabled(self._complete())

    def _submit(self) -> None:
        try:
            form = self.form_values()
        except ValueError:
            self.show_error(self.tr("Enter the birthday as day/month/year, e.g. 15/07/1990."))
            return
        self.submitted.emit(form)

    def retranslate_ui(self) -> None:
        self._title.setText(self.tr("Join %1").replace("%1", self._shop_name(current_language())))
        self._caption.setText(self.tr("Free. You get %1 points as a welcome gift.")
                              .replace("%1", format_points(self._signup_points)) if self._signup_points
                              else self.tr("Free. Collect points from your first visit."))
        self.back_button.setText(self.tr("Back"))
        captions = (self.tr("Name"), self.tr("Phone"), self.tr("Birthday (optional)"), self.tr("Email (optional)"),
                    self.tr("Friend's code (optional)"))
        for widget, text in zip(self._labels, captions, strict=True):
            widget.setText(text)
        self.name.setPlaceholderText(self.tr("Your name"))
        self.phone.setPlaceholderText("081-234-5678")
        self.email.setPlaceholderText("name@example.com")
        self.birthday.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.referral.setPlaceholderText(self.tr("If a friend invited you"))
        self._birthday_help.setText(self.tr("Your birthday brings a birthday bonus, and lets you sign in here "
                                            "with your phone number."))
        self._notice_title.setText(self.tr("Privacy notice (version %1)").replace("%1", self._notice_version))
        self.notice.setText(self.tr(
            "%1 keeps your name, phone number and, if you give them, your email and birthday, with the "
            "points, stamps and purchases of your visits. We use them only to run the loyalty program: to "
            "find your account, add and redeem rewards, and send your receipts. We keep them while you are a "
            "member and for up to two years after your last visit, then delete them.\n\n"
            "We do not sell your data. Card payments for a paid membership are handled by our payment "
            "provider (Stripe); this kiosk never sees your card.\n\n"
            "You can ask at the counter at any time to see, correct or delete your data, or to withdraw "
            "your consent. Marketing messages are sent only if you tick the second box.").replace(
                "%1", self._shop_name(current_language())))
        self.consent.setText(self.tr("I agree to the privacy notice"))
        self.marketing.setText(self.tr("Send me offers and news (optional)"))
        self.join_button.setText(self.tr("Join"))


class WelcomeScreen(Screen):
    """After joining: the new member's QR on screen (and on paper when the printer is ready)."""

    account_requested = Signal(str)  # member code
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: EnrollmentResult | None = None
        self._printed = False
        self._title = label()
        self._caption = label()
        text_card, text_box = card(spacing=14, margins=28)
        self.status = label("", "dialogQuestion", wrap=True)
        self._instructions = label("", CAPTION, wrap=True)
        self.account_button = button("", "bigSecondary")
        self.account_button.clicked.connect(lambda: self._result and self.account_requested.emit(
            self._result.member_code))
        self.done_button = button("", PRIMARY)
        self.done_button.setObjectName("bigPrimary")
        self.done_button.clicked.connect(self.done_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(scaled(16))
        buttons.addWidget(self.account_button)
        buttons.addWidget(self.done_button)
        text_box.addWidget(self.status)
        text_box.addWidget(self._instructions)
        text_box.addStretch(1)
        text_box.addLayout(buttons)
        qr_card, qr_box = card()
        self.qr = QrWidget()
        self.qr.setMinimumSize(scaled(320), scaled(320))
        qr_box.addWidget(self.qr, 1)
        body = self.flow(QHBoxLayout())
        body.setSpacing(scaled(28))
        body.addWidget(text_card, 3)
        body.addWidget(qr_card, 2)
        self.frame(body)
        self.reset()

    def show_result(self, result: EnrollmentResult, *, printed: bool) -> None:
        self._result, self._printed = result, printed
        self.qr.set_payload(result.member_code)
        self.retranslate_ui()

    def result(self) -> EnrollmentResult | None:
        return self._result

    def reset(self) -> None:
        self._result, self._printed = None, False
        self.qr.set_payload("")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        result = self._result
        self.account_button.setText(self.tr("See my account"))
        self.done_button.setText(self.tr("Done"))
        if result is None:
            for widget in (self._title, self._caption, self.status, self._instructions):
                widget.clear()
            return
        self._title.setText(with_name(self.tr("Welcome, %1!"), result.display_name))
        self._caption.setText(plural(result.signup_points, self.tr("You got %n point for joining."),
                                     self.tr("You got %n points for joining.")) if result.signup_points else "")
        if self._printed:
            self.status.setText(self.tr("Your member card is printing"))
            self._instructions.setText(self.tr("Show its QR at the counter on every visit. You can also take a "
                                               "photo of the QR on this screen."))
        else:
            self.status.setText(self.tr("This is your member QR"))
            self._instructions.setText(self.tr("The printer is not available right now: take a photo of this QR and "
                                               "show it at the counter on every visit."))


__all__ = ["EnrollForm", "EnrollScreen", "WelcomeScreen", "parse_birthday_text"]
