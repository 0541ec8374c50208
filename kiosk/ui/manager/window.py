"""The manager's window: sign in with a manager PIN, then summary, health, settings, staff and devices."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.staff import Role
from kiosk.services.app import Services
from kiosk.services.staff import Session
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.manager.common import card, label, role_label, tr
from kiosk.ui.manager.daily import DailyPage
from kiosk.ui.manager.devices import DevicesPage
from kiosk.ui.manager.health import HealthPage
from kiosk.ui.manager.partners import PartnersPage
from kiosk.ui.manager.promotions_page import PromotionsPage
from kiosk.ui.manager.settings_page import ProgramSettingsPage
from kiosk.ui.manager.staff_page import StaffPage
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import FLAT, PALETTE, SCREEN, SUB_CAPTION, TITLE, scaled
from kiosk.ui.widgets import PinPad, Toast

PAGES = ("summary", "health", "partners", "settings", "promotions", "staff", "devices")


class SignInScreen(QWidget):
    """A manager's PIN opens the manager screens; a cashier's PIN is refused (and counts towards lockout)."""

    signed_in = Signal(object)

    def __init__(self, app: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.runner = runner
        self.title = label("", TITLE)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shop = label(app.ctx.shop.name, SUB_CAPTION)
        self.shop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pad = PinPad(pin_length=4)
        self.pad.pin_entered.connect(self.try_pin)
        frame, inner = card(margins=28)
        frame.setFixedWidth(scaled(420))
        inner.addWidget(self.title)
        inner.addWidget(self.shop)
        inner.addWidget(self.pad)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(frame)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.retranslate_ui()

    def try_pin(self, pin: str) -> None:
        self.runner.run_db(lambda: self.app.staff.authorize(pin, min_role=Role.MANAGER, action="manager_sign_in"),
                           on_success=self.signed_in.emit, on_failure=self._refused, owner=self,
                           name="manager.sign_in")

    def _refused(self, failure: TaskFailure) -> None:
        self.pad.clear()
        self.pad.show_error(failure.message)

    def retranslate_ui(self) -> None:
        self.title.setText(tr("Manager"))
        self.shop.setText(self.app.ctx.shop.label(current_language()))  # บ้านกาแฟ on a Thai screen, as the counter's
        self.pad.set_prompt(tr("Enter a manager's PIN"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class ManagerWindow(QWidget):
    """The signed-in manager's screens, with a navigation list on the left."""

    def __init__(self, app: Services, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.session = session
        self.runner = runner
        self.toast = Toast(self)
        notify = self.notify
        self.daily = DailyPage(app, runner, notify, staff_id=session.staff_id, role=session.role)
        self.health = HealthPage(app, runner, notify, staff_id=session.staff_id, role=session.role)
        self.partners = PartnersPage(app, runner, notify)
        self.settings = ProgramSettingsPage(app, runner, notify, session.staff_id)
        self.promotions = PromotionsPage(app, runner, notify, session.staff_id)
        self.staff = StaffPage(app, runner, notify, session.staff_id, role=session.role)
        self.devices = DevicesPage(app, runner, notify, staff_id=session.staff_id, role=session.role)
        self.pages: dict[str, DailyPage | HealthPage | PartnersPage | ProgramSettingsPage | PromotionsPage
                         | StaffPage | DevicesPage] = dict(zip(PAGES, (
                             self.daily, self.health, self.partners, self.settings, self.promotions,
                             self.staff, self.devices), strict=True))
        self._loaded: set[str] = set()
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.nav = QListWidget()
        self.nav.setObjectName("managerNav")
        self.nav.setFixedWidth(scaled(196))
        self.nav.setStyleSheet(f"QListWidget#managerNav {{ border: none; background: transparent; }}"
                               f"QListWidget#managerNav::item {{ min-height: {scaled(48)}px; padding-left: "
                               f"{scaled(14)}px; border-radius: {scaled(10)}px; }}"
                               f"QListWidget#managerNav::item:selected {{ background: {PALETTE.accent_soft}; "
                               f"color: {PALETTE.accent_dark}; font-weight: 600; }}")
        for _ in PAGES:
            self.nav.addItem(QListWidgetItem(""))
        self.nav.currentRowChanged.connect(self.show_page)
        self.who = label("", SUB_CAPTION, wrap=True)
        self.language_button = QPushButton()
        self.language_button.setObjectName(FLAT)
        self.language_button.clicked.connect(self.toggle_language)
        side = QVBoxLayout()
        side.setContentsMargins(scaled(12), scaled(18), scaled(4), scaled(12))
        self.brand = label("", TITLE)
        self.brand.setStyleSheet(f"font-size: {scaled(22)}px;")
        side.addWidget(self.brand)
        side.addWidget(self.nav, 1)
        side.addWidget(self.who)
        side.addWidget(self.language_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.retranslate_ui()
        self.nav.setCurrentRow(0)

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(PAGES):
            return
        name = PAGES[index]
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        if name not in self._loaded:  # each page loads on first visit, in the background
            self._loaded.add(name)
            page.load()

    def open_page(self, name: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(name))
        return self.pages[name]

    def notify(self, message: str, kind: str = "info") -> None:
        self.toast.show_message(message, kind=kind)

    def toggle_language(self) -> None:
        from PySide6.QtWidgets import QApplication

        qapp = QApplication.instance()
        if qapp is not None:
            set_language(qapp, ENGLISH if current_language() == THAI else THAI)

    def retranslate_ui(self) -> None:
        self.brand.setText(tr("Manager"))
        for i, text in enumerate((tr("Daily summary"), tr("Program health"), tr("Partners"), tr("Program settings"),
                                  tr("Promotions"), tr("Staff"), tr("Devices and sync"))):
            self.nav.item(i).setText(text)
        self.who.setText(tr("Signed in: %1 (%2)").replace("%1", self.session.name)
                         .replace("%2", role_label(self.session.role.value)))
        self.language_button.setText("English" if current_language() == THAI else "ภาษาไทย")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class ManagerShell(QMainWindow):
    """Sign-in first; the manager's screens only after a manager's PIN."""

    def __init__(self, app: Services, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.app = app
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle(f"{app.ctx.shop.name} – Manager")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.sign_in = SignInScreen(app, self.runner)
        self.sign_in.signed_in.connect(self.open)
        self.stack.addWidget(self.sign_in)
        self.manager: ManagerWindow | None = None

    def open(self, session: Session) -> ManagerWindow:
        self.manager = ManagerWindow(self.app, session, self.runner)
        self.stack.addWidget(self.manager)
        self.stack.setCurrentWidget(self.manager)
        return self.manager

    def shutdown(self) -> None:
        self.runner.wait_idle(5000)
        self.runner.shutdown()
