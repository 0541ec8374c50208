"""The first-run wizard: one window that walks a new shop through its set-up and makes the shop at Finish.

Back and Next move between the steps and keep what was typed; Next checks the step and stays on it with a reason
when an answer is wrong. Nothing is written before Finish, which runs kiosk.services.setup.ShopSetup.finish in the
background; closing the window before that leaves the data folder as it was.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.errors import InvalidInput
from kiosk.services.setup import SetupPlan, SetupResult, ShopSetup
from kiosk.ui.formatting import refusal, render_text
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.setup.pages import (
    MoneyPage,
    OnlinePage,
    OwnerPage,
    PrinterPage,
    ProgramPage,
    ReviewPage,
    SetupPage,
    ShopPage,
)
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import CAPTION, FLAT, PRIMARY, SCREEN, SUB_CAPTION, TITLE, scaled
from kiosk.ui.widgets.basics import button, label

SIZE = (1024, 720)  # fits a 1024x768 screen with a window frame and a panel


class SetupWizard(QDialog):
    setup_finished = Signal(object)  # the SetupResult, once the shop is made

    def __init__(self, setup: ShopSetup, *, language: str, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.setObjectName(SCREEN)
        self.setup = setup
        self._owns_runner = runner is None
        self.runner = runner or TaskRunner(self)
        self.finished_with: SetupResult | None = None
        self.finishing = False
        self.hub_failed = False
        self.shop = ShopPage(setup)
        self.money = MoneyPage(setup, language=language)
        self.program = ProgramPage(setup)
        self.owner = OwnerPage(setup)
        self.printer = PrinterPage(setup, self.runner)
        self.online = OnlinePage(setup, self.runner)
        self.review = ReviewPage(setup)
        self.pages: list[SetupPage] = [self.shop, self.money, self.program, self.owner, self.printer, self.online,
                                       self.review]
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)

        self.app_name = label("Loyalty Kiosk", TITLE)
        self.rail_caption = label("", CAPTION, wrap=True)
        self.steps = [label("", SUB_CAPTION, wrap=True) for _ in self.pages]
        rail = QVBoxLayout()
        rail.setSpacing(scaled(10))
        rail.addWidget(self.app_name)
        rail.addWidget(self.rail_caption)
        rail.addSpacing(scaled(12))
        for step in self.steps:
            rail.addWidget(step)
        rail.addStretch(1)
        rail_box = QWidget()
        rail_box.setLayout(rail)
        rail_box.setFixedWidth(scaled(210))

        self.language_button = button("", FLAT)
        self.cancel_button = button("")
        self.back_button = button("")
        self.next_button = button("", PRIMARY)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.language_button)
        buttons.addStretch(1)
        for widget in (self.cancel_button, self.back_button, self.next_button):
            buttons.addWidget(widget)

        content = QVBoxLayout()
        content.setSpacing(scaled(12))
        content.addWidget(self.stack, 1)
        content.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(scaled(28), scaled(22), scaled(28), scaled(20))
        outer.setSpacing(scaled(28))
        outer.addWidget(rail_box)
        outer.addLayout(content, 1)

        self.next_button.clicked.connect(self.next)
        self.back_button.clicked.connect(self.back)
        self.cancel_button.clicked.connect(self.reject)
        self.language_button.clicked.connect(self.toggle_language)
        self.resize(scaled(SIZE[0]), scaled(SIZE[1]))
        self.retranslate_ui()
        self.go(0)

    # -- moving between the steps --------------------------------------------------------------------------------
    @property
    def page(self) -> SetupPage:
        page = self.stack.currentWidget()
        assert isinstance(page, SetupPage)
        return page

    def go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        page = self.page
        page.clear_error()
        if page is self.review:
            self.review.show_plan(self.plan_rows())
        page.shown()
        self._show_position()

    def next(self) -> None:
        if self.finishing:
            return
        if self.hub_failed:  # the shop is made (without its hub): Finish opens it
            self.accept()
            return
        page = self.page
        try:
            page.check()
        except InvalidInput as exc:
            page.show_refusal(exc)
            return
        page.clear_error()
        if page is self.review:
            self.finish()
        else:
            self.go(self.stack.currentIndex() + 1)

    def back(self) -> None:
        if not self.finishing and self.stack.currentIndex() > 0:
            self.go(self.stack.currentIndex() - 1)

    def _show_position(self) -> None:
        current = self.stack.currentIndex()
        for n, (step, page) in enumerate(zip(self.steps, self.pages, strict=True)):
            text = escape(f"{n + 1}. {page.step_name()}")
            step.setText(f"<b>{text}</b>" if n == current else text)
            step.setEnabled(n <= current)
        self.back_button.setEnabled(current > 0 and not self.finishing and not self.hub_failed)
        self.next_button.setText(self.tr("Open the shop") if self.hub_failed else self.tr("Finish")
                                 if self.page is self.review else self.tr("Next"))

    # -- the whole set-up ----------------------------------------------------------------------------------------
    def plan(self) -> SetupPlan:
        """Every step's checked answers (each step has been through check() to get here)."""
        assert self.shop.details is not None and self.program.chosen is not None and self.owner.chosen is not None
        assert self.printer.table is not None
        currency, language = self.money.chosen
        stripe_key, hub_url = self.online.chosen
        return SetupPlan(shop=self.shop.details, currency=currency, language=language, template=self.program.chosen,
                         owner_name=self.owner.chosen[0], owner_pin=self.owner.chosen[1], printer=self.printer.table,
                         stripe_key=stripe_key, hub_url=hub_url, hub_join=self.online.joining,
                         device_name=self.online.name, hub_password=self.online.password())

    def plan_rows(self) -> list[tuple[str, str]]:
        plan = self.plan()
        shop = plan.shop
        none = self.tr("none")
        return [
            # one row for both names: the Thai step's review fits a 1024x768 screen with every row filled
            (self.tr("Shop name"), shop.name if shop.name_th in ("", shop.name) else f"{shop.name} · {shop.name_th}"),
            (self.tr("Tax id"), shop.tax_id or none),
            (self.tr("Phone"), shop.phone or none),
            (self.tr("Address"), " · ".join(shop.address_lines) or none),
            (self.tr("Receipt footer"), " · ".join(shop.footer_lines) or none),
            (render_text("setup.label.footer_th"), " · ".join(shop.footer_lines_th or shop.footer_lines) or none),
            (self.tr("Currency"), plan.currency),
            (self.tr("Language"), "ภาษาไทย" if plan.language == THAI else "English"),
            (self.tr("Program"), self.program.title_of(plan.template)),
            (self.tr("Owner"), self.tr("%1, with the PIN typed twice").replace("%1", plan.owner_name)),
            (self.tr("Printer"), self.printer.describe(plan.printer) + (
                f" · {plan.printer.get('paper_mm', 80)} mm" if plan.printer.get("kind") not in ("none", "dummy")
                else "")),
            (self.tr("Stripe"), self.tr("a key, to keep in this computer's keyring") if plan.stripe_key
             else self.tr("not used")),
            (self.tr("Hub"), self.hub_row(plan)),
        ]

    def hub_row(self, plan: SetupPlan) -> str:
        if not plan.hub_url:
            return self.tr("not used")
        if plan.hub_join:
            return self.tr("%1: join the shop on it as %2 (its name and programs come from the hub)").replace(
                "%1", plan.hub_url).replace("%2", plan.device_name or "")
        return self.tr("%1: this shop's first device, its history published there").replace("%1", plan.hub_url)

    def finish(self) -> None:
        plan = self.plan()
        self._set_finishing(True)
        self.review.error.setText("")
        self.review.intro.setText(self.tr("Setting up the shop…") if not plan.hub_url
                                  else self.tr("Setting up the shop and joining the hub…"))
        self.runner.run_db(lambda: self.setup.finish(plan), on_success=self._finished, on_failure=self._failed,
                           owner=self, name="setup.finish")

    def _finished(self, result: SetupResult) -> None:
        self.finished_with = result
        self._set_finishing(False)
        self.setup_finished.emit(result)
        if result.hub_failure is not None:
            # The shop is made; the hub was not joined. Say so before the shop opens: Finish then opens it.
            failure = result.hub_failure
            self.review.intro.setText(self.tr("The shop is set up."))
            self.review.error.setText(self.tr("It could not join the hub, so it works alone for now: %1 Connect it "
                                              "later from the manager's Devices page.").replace(
                "%1", refusal(failure)))
            self.hub_failed = True
            self.back_button.setEnabled(False)
            self.cancel_button.setEnabled(False)
            self.next_button.setText(self.tr("Open the shop"))
            return
        self.accept()

    def _failed(self, failure: TaskFailure) -> None:
        self._set_finishing(False)
        self.review.retranslate_ui()
        self.review.error.setText(self.tr("The shop was not set up, and nothing was kept: %1").replace(
            "%1", failure.message))

    def _set_finishing(self, finishing: bool) -> None:
        self.finishing = finishing
        for widget in (self.next_button, self.cancel_button, self.language_button):
            widget.setEnabled(not finishing)
        self._show_position()

    # -- closing and language ------------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.hub_failed:  # the shop is made: closing the window opens it, as Finish does
            self.accept()
            return
        if not self.finishing:  # half-way through Finish, the window waits for it to finish or put things back
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.finishing:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # a stray Esc must not throw away what was typed: Cancel does that
            event.accept()
            return
        super().keyPressEvent(event)

    def toggle_language(self) -> None:
        qapp = QApplication.instance()
        if qapp is not None:
            set_language(qapp, ENGLISH if current_language() == THAI else THAI)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Set up the shop · Loyalty Kiosk"))
        self.rail_caption.setText(self.tr("Setting up a new shop"))
        self.language_button.setText("English" if current_language() == THAI else "ภาษาไทย")
        self.cancel_button.setText(self.tr("Cancel"))
        self.back_button.setText(self.tr("Back"))
        if self.stack.currentWidget() is self.review and not self.finishing:
            self.review.show_plan(self.plan_rows())
        self._show_position()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def shutdown(self) -> None:
        if self._owns_runner:
            self.runner.wait_idle(5000)
            self.runner.shutdown()


__all__ = ["SIZE", "SetupWizard"]
