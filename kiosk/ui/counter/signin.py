"""The counter's sign-in and lock screen: tap your name, then your PIN on a touch keypad."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.staff import StaffMember
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import (
    CAPTION,
    ERROR_TEXT,
    FLAT,
    HEADING,
    PRIMARY,
    SCREEN,
    SUB_CAPTION,
    TITLE,
    scaled,
)
from kiosk.ui.widgets import PinPad
from kiosk.ui.widgets.basics import card, label

if TYPE_CHECKING:  # the staff service arrives with the rest once the shop is wired, after the first frame
    from kiosk.services.context import ShopContext
    from kiosk.services.staff import Session, StaffService

MAX_PIN = 8
MIN_PIN = 4


class SignInScreen(QWidget):
    """Staff names as big buttons on the left, the PIN pad on the right. Also the lock screen.

    It can show before the shop's services are ready (`kiosk counter` shows it from the staff list read early,
    kiosk.services.signin.SignInPreview): a PIN entered then waits for `attach`, and signs in through the
    StaffService as soon as it arrives, its lockout rules and audit included. A shop that fails to open is said
    here instead (`shop_failed`), and nobody can sign in.
    """

    signed_in = Signal(object)  # kiosk.services.staff.Session
    language_toggled = Signal()

    def __init__(self, runner: TaskRunner, shop: Callable[[], ShopContext], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self._runner = runner
        self._shop = shop  # the shop's settings as they are now (a reload may change its name)
        self._service: StaffService | None = None
        self._waiting: tuple[str, str] | None = None  # (staff id, PIN) entered before the service arrived
        self._open_failure: TaskFailure | None = None
        self._staff: list[StaffMember] = []
        self._chosen: StaffMember | None = None
        self._locked_by: str | None = None
        self._busy = False

        self._title = label(shop().shop.name, TITLE)
        self._subtitle = label("", SUB_CAPTION)
        self._language = QPushButton()
        self._language.setObjectName(FLAT)
        self._language.clicked.connect(self.language_toggled)

        people_card, people = card(margins=22)
        self._who = label("", HEADING)
        self._hint = label("", SUB_CAPTION, wrap=True)
        self._problem = label("", ERROR_TEXT, wrap=True)
        self._problem.hide()
        self._grid = QGridLayout()
        self._grid.setSpacing(scaled(12))
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        people.addWidget(self._who)
        people.addWidget(self._hint)
        people.addWidget(self._problem)
        people.addLayout(self._grid)
        people.addStretch(1)

        pin_card, pin_box = card(margins=22)
        self._chosen_label = label("", CAPTION, align=Qt.AlignmentFlag.AlignCenter)
        self.pin_pad = PinPad(pin_length=MAX_PIN, min_length=MIN_PIN)
        self.pin_pad.pin_entered.connect(self._pin_entered)
        self._ok = QPushButton()
        self.pin_pad.pin_changed.connect(lambda n: self._ok.setEnabled(
            n >= MIN_PIN and self._chosen is not None and self._open_failure is None))
        self._ok.setObjectName(PRIMARY)
        self._ok.setEnabled(False)
        self._ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._ok.clicked.connect(self._submit)
        pin_box.addWidget(self._chosen_label)
        pin_box.addWidget(self.pin_pad, 1)
        pin_box.addWidget(self._ok)
        pin_card.setMaximumWidth(scaled(440))
        self._pin_card = pin_card

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(scaled(2))
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)
        top.addLayout(titles, 1)
        top.addWidget(self._language, 0, Qt.AlignmentFlag.AlignTop)

        body = QHBoxLayout()
        body.setSpacing(scaled(24))
        body.addWidget(people_card, 3)
        body.addWidget(pin_card, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(40), scaled(32), scaled(40), scaled(32))
        layout.setSpacing(scaled(24))
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API
    def attach(self, staff: StaffService) -> None:
        """The shop's staff service, ready: a PIN entered while it was on its way signs in now."""
        self._service = staff
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._sign_in(*waiting)

    def is_waiting(self) -> bool:
        """True while a PIN entered before the services were ready waits for them."""
        return self._waiting is not None

    def load_staff(self) -> None:
        """The active staff, read through the staff service (attached first)."""
        service = self._service
        if service is None:
            raise RuntimeError("the staff service is not attached yet")
        self._runner.run_db(service.list_staff, on_success=self.show_staff, on_failure=self._failed, owner=self,
                            name="list staff")

    def show_staff(self, staff: list[StaffMember] | tuple[StaffMember, ...]) -> None:
        """One big button per person (the list read early, before the services, or through them)."""
        self._show_staff(list(staff))

    def shop_failed(self, failure: TaskFailure) -> None:
        """The shop could not be opened: say why, in the screen's language, and take no PIN."""
        self._open_failure = failure
        self._waiting = None
        self._busy = False
        self.pin_pad.clear()
        self.pin_pad.setEnabled(False)
        self._ok.setEnabled(False)
        for btn in self._group.buttons():
            btn.setEnabled(False)
        self._pin_card.hide()  # no PIN can be taken: no pad that looks as if it could
        self.retranslate_ui()

    def open_failure(self) -> TaskFailure | None:
        return self._open_failure

    def set_locked(self, staff_name: str | None) -> None:
        """Locked: the session is kept for whoever signs in next; None is a plain sign-in."""
        self._locked_by = staff_name
        self.pin_pad.clear()
        self.retranslate_ui()
        if staff_name:
            for staff in self._staff:
                if staff.name == staff_name:
                    self.choose(staff.id)

    def show_problem(self, message: str) -> None:
        """Why the last session ended (a staff member disabled while signed in), under the PIN pad."""
        self.pin_pad.show_error(message)

    def staff_button(self, name: str) -> QPushButton:
        for btn in self._group.buttons():
            if isinstance(btn, QPushButton) and btn.property("staff_name") == name:
                return btn
        raise KeyError(name)

    def choose(self, staff_id: str) -> None:
        if self._waiting is not None:  # someone else's name: the PIN waiting for the shop to open is dropped
            self._waiting = None
            self._busy = False
        self._chosen = next((s for s in self._staff if s.id == staff_id), None)
        for btn in self._group.buttons():
            btn.setChecked(btn.property("staff_id") == staff_id)
        self.pin_pad.clear()
        self._ok.setEnabled(False)
        self.retranslate_ui()
        self.pin_pad.setFocus()

    def staff_loaded(self) -> bool:
        return bool(self._staff)

    def retranslate_ui(self) -> None:
        shop = self._shop()
        self._title.setText(shop.shop.label("th" if self._is_thai() else "en"))
        self._language.setText("English" if self._is_thai() else "ภาษาไทย")
        self._language.setToolTip(self.tr("Switch language (F12)"))
        if self._locked_by:
            self._subtitle.setText(
                self.tr("Locked. {name} was signed in; sign in to carry on.").format(name=self._locked_by))
        else:
            self._subtitle.setText(self.tr("Counter {label}").format(label=shop.device_label))
        self._who.setText(self.tr("Who is at the counter?"))
        self._hint.setText(self.tr("Tap your name, then enter your PIN."))
        self._ok.setText(self.tr("Sign in  (Enter)"))
        for btn in self._group.buttons():  # the job under each name, in the language shown now
            person = next((s for s in self._staff if s.id == btn.property("staff_id")), None)
            if person is not None:
                btn.setText(f"{person.name}\n{self._role_name(person)}")
        if self._chosen is None:
            self._chosen_label.setText(self.tr("Choose your name first"))
            self.pin_pad.set_prompt(self.tr("PIN"))
        else:
            self._chosen_label.setText(self._chosen.name)
            self.pin_pad.set_prompt(self.tr("One moment: the counter is opening.") if self._waiting is not None
                                    else self.tr("Enter your PIN"))
        failure = self._open_failure
        if failure is not None:  # the catalogue's words for why, in the language shown now
            self._who.setText(self.tr("The counter could not open the shop"))
            self._hint.setText(self.tr("Close the counter and start it again. If this keeps happening, call "
                                       "whoever looks after this till."))
            self._problem.setText(failure.message)
            self._problem.show()

    # ------------------------------------------------------------------ Qt
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
            return
        if event.text() and event.text() in "0123456789":
            self.pin_pad.setFocus()
            self.pin_pad.press_digit(event.text())
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ internals
    def _is_thai(self) -> bool:
        from kiosk.ui.i18n import THAI, current_language

        return current_language() == THAI

    def _role_name(self, person: StaffMember) -> str:
        names = {"cashier": self.tr("Cashier"), "manager": self.tr("Manager"), "owner": self.tr("Owner")}
        return names.get(person.role.value, person.role.value)

    def _show_staff(self, staff: list[StaffMember]) -> None:
        chosen = self._chosen.id if self._chosen is not None else None
        self._staff = sorted(staff, key=lambda s: (s.role.rank, s.name))
        for btn in self._group.buttons():
            self._group.removeButton(btn)
            btn.deleteLater()
        columns = 2
        for number, person in enumerate(self._staff):
            btn = QPushButton(f"{person.name}\n{self._role_name(person)}")
            btn.setCheckable(True)
            btn.setProperty("staff_id", person.id)
            btn.setProperty("staff_name", person.name)
            btn.setStyleSheet(f"min-height: {scaled(76)}px;")  # big name targets: tapped many times a day
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.clicked.connect(lambda _=False, sid=person.id: self.choose(sid))
            self._group.addButton(btn)
            self._grid.addWidget(btn, number // columns, number % columns)
        if len(self._staff) == 1:
            self.choose(self._staff[0].id)
        elif chosen is not None and any(s.id == chosen for s in self._staff):
            # the list read again (after a lock): whoever was tapped stays chosen, with what they typed
            self._chosen = next(s for s in self._staff if s.id == chosen)
            for btn in self._group.buttons():
                btn.setChecked(btn.property("staff_id") == chosen)
        elif self._locked_by:
            self.set_locked(self._locked_by)
        else:
            self._chosen = None  # disabled meanwhile: nobody is chosen
            self.retranslate_ui()

    def _submit(self) -> None:
        if self.pin_pad.entered_length() >= MIN_PIN:
            QWidget.setFocus(self.pin_pad)
            self.pin_pad.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier))

    def _pin_entered(self, pin: str) -> None:
        self._ok.setEnabled(False)
        if self._chosen is None:
            self.pin_pad.show_error(self.tr("Tap your name first."))
            return
        if self._open_failure is not None:
            return
        if self._waiting is not None:  # typed again while the shop opens: the new PIN replaces the one waiting
            self._waiting = (self._chosen.id, pin)
            return
        if self._busy:
            return
        self._busy = True
        self._sign_in(self._chosen.id, pin)

    def _sign_in(self, staff_id: str, pin: str) -> None:
        service = self._service
        if service is None:  # the shop is still opening: this PIN signs in once it is (attach)
            self._waiting = (staff_id, pin)
            self.retranslate_ui()
            return
        self.retranslate_ui()
        self._runner.run_db(lambda: service.sign_in(staff_id, pin), on_success=self._signed_in,
                            on_failure=self._sign_in_failed, owner=self, name="staff sign-in")

    def _signed_in(self, session: Session) -> None:
        self._busy = False
        self._locked_by = None
        self.pin_pad.clear()
        self.signed_in.emit(session)

    def _sign_in_failed(self, failure: TaskFailure) -> None:
        self._busy = False
        self.pin_pad.show_error(failure.message)

    def _failed(self, failure: TaskFailure) -> None:
        self._hint.setText(failure.message)


__all__ = ["SignInScreen"]
