"""Enrolling a new member at the counter in under 30 seconds: name, phone, consent; email and birthday optional."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from kiosk.domain.commands import EnrollMember
from kiosk.services.enrollment import EnrollmentResult
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
from kiosk.ui.i18n import current_language
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import (
    CAPTION,
    ERROR_TEXT,
    PRIMARY,
    SCREEN,
    SUB_CAPTION,
    TITLE,
    repolish,
    scaled,
)


class EnrollPage(FormKeys, QWidget):
    """A short form; Enter enrolls. The sign-up bonus is applied by the service; the card can print at once."""

    enrolled = Signal(object, bool)  # EnrollmentResult, whether the card was sent to the printer
    cancelled = Signal()

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self._context = context
        self._notifier = notifier
        self._command_id = new_command_id()
        self._busy = False
        self._last_request: EnrollMember | None = None

        self.title = label("", TITLE)
        self.subtitle = label("", SUB_CAPTION, wrap=True)
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.email = QLineEdit()
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.birthday = QLineEdit()
        self.birthday.setInputMask("")
        self.language = QComboBox()
        self.language.addItem("ไทย", "th")
        self.language.addItem("English", "en")
        self.referral = QLineEdit()
        self.consent = QCheckBox()
        self.marketing = QCheckBox()
        self.error = label("", ERROR_TEXT, wrap=True)
        self.error.hide()
        for edit in (self.name, self.phone, self.email, self.birthday, self.referral):
            edit.textEdited.connect(self._clear_error)
            edit.returnPressed.connect(self.submit)
        self.consent.toggled.connect(lambda _on: self._clear_error())

        # two fields a row, each under its caption: the form and its buttons fit a 768 px tall till
        self.form = QGridLayout()
        self.form.setVerticalSpacing(scaled(2))
        self.form.setHorizontalSpacing(scaled(16))
        self._labels = [label("", CAPTION) for _ in range(6)]
        for index, (caption, field) in enumerate(zip(self._labels, (self.name, self.phone, self.email, self.birthday,
                                                                    self.language, self.referral), strict=True)):
            row, column = divmod(index, 2)
            self.form.addWidget(caption, row * 2, column)
            self.form.addWidget(field, row * 2 + 1, column)
            self.form.setRowMinimumHeight(row * 2, scaled(26))
        for column in range(2):
            self.form.setColumnStretch(column, 1)

        self.cancel = button(focus=False)
        self.cancel.clicked.connect(self.cancelled)
        self.save = button(focus=False)
        self.save.clicked.connect(lambda: self.submit(print_card=False))
        self.save_print = button(name=PRIMARY, focus=False)
        self.save_print.clicked.connect(lambda: self.submit(print_card=True))
        actions = QHBoxLayout()
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(self.save)
        actions.addWidget(self.save_print)

        form_card, box = card(margins=24, spacing=8)
        box.addWidget(self.title)
        box.addWidget(self.subtitle)
        box.addLayout(self.form)
        box.addWidget(self.consent)
        box.addWidget(self.marketing)
        box.addWidget(self.error)
        box.addStretch(1)
        box.addLayout(actions)
        form_card.setMaximumWidth(scaled(820))

        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(form_card, 5)
        layout.addStretch(1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API
    def begin(self, *, phone: str = "") -> None:
        """A fresh form (a phone number typed in the search box comes along)."""
        for field in (self.name, self.email, self.birthday, self.referral):
            field.clear()
        self.phone.setText(phone if phone.strip().replace(" ", "").replace("-", "").isdigit() else "")
        self.language.setCurrentIndex(0 if current_language() == "th" else 1)
        self.consent.setChecked(False)
        self.marketing.setChecked(False)
        self._command_id = new_command_id()
        self._last_request = None
        self._busy = False
        self._clear_error()
        self._sync()
        self.name.setFocus()

    def submit(self, *, print_card: bool = False) -> None:
        if self._busy:
            return
        ctx = self._context.app.ctx
        request = EnrollMember(
            command_id=self._command_id, name=self.name.text(), phone=self.phone.text(),
            email=self.email.text() or None, birthday=self.birthday.text().strip() or None,
            language=str(self.language.currentData()),
            consent_version=ctx.privacy_notice_version if self.consent.isChecked() else None,
            marketing_consent=self.marketing.isChecked(), referral_code=self.referral.text().strip() or None,
            staff_id=self._context.staff_id,
        )
        if self._last_request is not None and request != self._last_request:
            # the form changed after a refusal: this is a new request (the refused one wrote nothing)
            self._command_id = new_command_id()
            request = EnrollMember(**{**request.__dict__, "command_id": self._command_id})
        self._last_request = request
        self._busy = True
        self._sync()
        enrollment = self._context.app.enrollment
        self._context.runner.run_db(lambda: enrollment.enroll(request, print_card=print_card),
                                    on_success=lambda result: self._enrolled(result, print_card),
                                    on_failure=self._refused, owner=self, name="enroll member")

    def retranslate_ui(self) -> None:
        ctx = self._context.app.ctx
        self.title.setText(self.tr("New member"))
        self.subtitle.setText(self.tr("Name and phone are enough; the sign-up bonus is added at once."))
        captions = (self.tr("Name"), self.tr("Phone"), self.tr("Email (optional)"), self.tr("Birthday (optional)"),
                    self.tr("Language"), self.tr("Referral code"))
        for caption, text in zip(self._labels, captions, strict=True):
            caption.setText(text)
        self.name.setPlaceholderText(self.tr("e.g. Somchai Jaidee"))
        self.phone.setPlaceholderText(self.tr("e.g. 081 234 5678"))
        self.email.setPlaceholderText(self.tr("for receipts and offers"))
        self.birthday.setPlaceholderText(self.tr("YYYY-MM-DD"))  # the caption above says it is optional
        self.referral.setPlaceholderText(self.tr("a friend's code, if they have one"))
        self.consent.setText(self.tr("The member has read and accepts the privacy notice (version {version})").format(
            version=ctx.privacy_notice_version))
        self.marketing.setText(self.tr("The member would like offers by SMS or email"))
        self.cancel.setText(with_key(self.tr("Cancel"), "Esc"))
        self._sync()

    # ------------------------------------------------------------------ Qt

    # ------------------------------------------------------------------ internals
    def _sync(self) -> None:
        self.save.setText(self.tr("Saving…") if self._busy else with_key(self.tr("Enroll"), "Enter"))
        self.save_print.setText(self.tr("Enroll and print card"))
        for widget in (self.save, self.save_print):
            widget.setEnabled(not self._busy)

    def _clear_error(self, *_args: object) -> None:
        self.error.hide()
        for field in (self.name, self.phone, self.email, self.birthday):
            if field.property("invalid"):
                field.setProperty("invalid", False)
                repolish(field)

    def _enrolled(self, result: EnrollmentResult, printed: bool) -> None:
        self._busy = False
        self._sync()
        self.enrolled.emit(result, printed)

    def _refused(self, failure: TaskFailure) -> None:
        self._busy = False
        self._sync()
        self.error.setText(failure.message)
        self.error.show()
        fields = {"name": self.name, "phone": self.phone, "email": self.email, "birthday": self.birthday}
        field = fields.get(failure.code.removeprefix("member.").split("_", 1)[0])  # member.phone_taken: phone
        if field is not None:
            field.setProperty("invalid", True)
            repolish(field)
            field.setFocus()


__all__ = ["EnrollPage"]
