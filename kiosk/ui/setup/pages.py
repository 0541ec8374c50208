"""The set-up wizard's steps: each asks, checks its answers with kiosk.services.setup, and explains a refusal.

A step's check() raises the service's InvalidInput; the wizard shows it on the step and stays. Nothing here writes:
the wizard makes the shop from every step's answers at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.errors import InvalidInput, KioskError
from kiosk.domain.events import Message
from kiosk.domain.text import Phrase
from kiosk.services.ports.setup import FoundPrinter
from kiosk.services.setup import CURRENCIES, LINE_MAX, SHOP_NAME_MAX, ShopDetails, ShopSetup
from kiosk.ui.formatting import refusal, render_text, spoken
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import CAPTION, ERROR_TEXT, HEADING, SUB_CAPTION, repolish, scaled
from kiosk.ui.widgets.basics import button, label
from kiosk.ui.widgets.digits import DigitsValidator


def line_edit(name: str, *, max_length: int, password: bool = False, digits: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    if digits:
        edit.setValidator(DigitsValidator(digits, edit))
    return edit


def lines(*edits: QLineEdit) -> QWidget:
    """Several one-line fields in one form row (an address, a footer), close together."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(scaled(4))
    for edit in edits:
        column.addWidget(edit)
    return box


def side_by_side(english: QWidget, thai: QWidget) -> QWidget:
    """An answer's English form and its Thai form in one form row, the Thai on the right."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(scaled(8))
    row.addWidget(english, 1)
    row.addWidget(thai, 1)
    return box


class SetupPage(QWidget):
    """One step: a heading, what it is for, its fields, and the line that says what to fix."""

    def __init__(self, setup: ShopSetup) -> None:
        super().__init__()
        self.setup = setup
        self.heading = label("", HEADING)
        self.intro = label("", CAPTION, wrap=True)
        self.error = label("", ERROR_TEXT, wrap=True)
        self.error.setObjectName(ERROR_TEXT)
        self.body = QVBoxLayout()
        self.body.setSpacing(scaled(10))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(scaled(8))
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addSpacing(scaled(4))
        column.addLayout(self.body)
        column.addStretch(1)
        column.addWidget(self.error)

    def step_name(self) -> str:
        raise NotImplementedError

    def check(self) -> None:
        """Check the answers (InvalidInput when one is wrong) and keep them for the plan."""
        raise NotImplementedError

    def shown(self) -> None:
        """The step came into view."""

    def show_refusal(self, exc: KioskError) -> None:
        self.clear_error()
        self.error.setText(refusal(exc))
        field = self.findChild(QWidget, str(exc.params.get("field", "")))
        if field is not None:
            field.setProperty("invalid", True)  # the theme frames it in red until the next check
            repolish(field)
            field.setFocus()

    def clear_error(self) -> None:
        self.error.clear()
        for field in self.findChildren(QWidget):
            if field.property("invalid"):
                field.setProperty("invalid", False)
                repolish(field)

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class ShopPage(SetupPage):
    def __init__(self, setup: ShopSetup) -> None:
        super().__init__(setup)
        self.name = line_edit("name", max_length=SHOP_NAME_MAX)
        self.name_th = line_edit("name_th", max_length=SHOP_NAME_MAX)
        self.tax_id = line_edit("tax_id", max_length=20)
        self.phone = line_edit("phone", max_length=24)
        self.address = [line_edit("address" if n == 0 else f"address{n + 1}", max_length=LINE_MAX) for n in range(3)]
        self.footer = [line_edit("footer" if n == 0 else f"footer{n + 1}", max_length=LINE_MAX) for n in range(2)]
        self.footer_th = [line_edit("footer_th" if n == 0 else f"footer_th{n + 1}", max_length=LINE_MAX)
                          for n in range(2)]
        self.form = QFormLayout()
        self.form.setVerticalSpacing(scaled(8))
        self.labels = [QLabel() for _ in range(5)]
        # the Thai forms beside the English ones, line by line: the step still fits the wizard's 1024x720
        for row, field in zip(self.labels, (side_by_side(self.name, self.name_th), self.tax_id, self.phone,
                                            lines(*self.address), side_by_side(lines(*self.footer),
                                                                               lines(*self.footer_th))), strict=True):
            self.form.addRow(row, field)
        self.body.addLayout(self.form)
        self.details: ShopDetails | None = None
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Shop")

    def check(self) -> None:
        self.details = self.setup.shop_details(
            name=self.name.text(), tax_id=self.tax_id.text(), phone=self.phone.text(),
            address_lines=tuple(e.text() for e in self.address), footer_lines=tuple(e.text() for e in self.footer),
            name_th=self.name_th.text(), footer_lines_th=tuple(e.text() for e in self.footer_th))

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Your shop"))
        self.intro.setText(self.tr("What every receipt prints at its top and bottom. Only the name is needed now; "
                                   "the manager's Settings change any of it later."))
        for row, text in zip(self.labels, (self.tr("Shop name"), self.tr("Tax id"), self.tr("Phone"),
                                           self.tr("Address"), self.tr("Receipt footer")), strict=True):
            row.setText(text)
        self.name.setPlaceholderText(self.tr("as receipts should show it"))
        thai_fields = [(self.name_th, "setup.label.name_th"), *((e, "setup.label.footer_th") for e in self.footer_th)]
        for edit, code in thai_fields:
            edit.setToolTip(render_text(code))
            edit.setAccessibleName(render_text(code))
        self.name_th.setPlaceholderText(render_text("setup.hint.name_th"))
        self.footer_th[0].setPlaceholderText(render_text("setup.hint.footer_th"))
        self.tax_id.setPlaceholderText(self.tr("optional"))
        self.phone.setPlaceholderText(self.tr("optional"))
        self.address[0].setPlaceholderText(self.tr("street, up to three lines"))
        self.footer[0].setPlaceholderText(render_text("setup.hint.footer"))


class MoneyPage(SetupPage):
    def __init__(self, setup: ShopSetup, *, language: str) -> None:
        super().__init__(setup)
        self.currency = QComboBox()
        self.currency.setObjectName("currency")
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.thai = QRadioButton("ภาษาไทย")
        self.english = QRadioButton("English")
        self.thai.setObjectName("language")
        self.languages = QButtonGroup(self)
        self.languages.addButton(self.thai)
        self.languages.addButton(self.english)
        (self.thai if language == "th" else self.english).setChecked(True)
        self.currency_label, self.language_label = QLabel(), QLabel()
        self.language_note = label("", SUB_CAPTION, wrap=True)
        choice = QHBoxLayout()
        choice.addWidget(self.thai)
        choice.addWidget(self.english)
        choice.addStretch(1)
        form = QFormLayout()
        form.setVerticalSpacing(scaled(10))
        form.addRow(self.currency_label, self.currency)
        form.addRow(self.language_label, choice)
        form.addRow(QLabel(), self.language_note)
        self.body.addLayout(form)
        self.chosen: tuple[str, str] = ("THB", language)
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Money and language")

    def language(self) -> str:
        return "th" if self.thai.isChecked() else "en"

    def check(self) -> None:
        self.chosen = self.setup.money_and_language(str(self.currency.currentData()), self.language())

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Money and language"))
        self.intro.setText(self.tr("The currency every price, reward and report is in."))
        self.currency_label.setText(self.tr("Currency"))
        self.language_label.setText(self.tr("Language"))
        self.language_note.setText(self.tr("Receipts are printed in it and the screens start in it; a cashier "
                                           "or customer can switch a screen to the other at any time."))
        names = {"THB": self.tr("Thai baht"), "USD": self.tr("US dollar"), "EUR": self.tr("Euro"),
                 "GBP": self.tr("Pound sterling"), "SGD": self.tr("Singapore dollar"),
                 "MYR": self.tr("Malaysian ringgit"), "AUD": self.tr("Australian dollar"),
                 "HKD": self.tr("Hong Kong dollar")}
        for index in range(self.currency.count()):
            code = str(self.currency.itemData(index))
            self.currency.setItemText(index, f"{code} · {names.get(code, code)}")


class ProgramPage(SetupPage):
    def __init__(self, setup: ShopSetup) -> None:
        super().__init__(setup)
        self.group = QButtonGroup(self)
        self.options: dict[str, tuple[QRadioButton, QLabel]] = {}
        for template in setup.templates():
            option = QRadioButton()
            option.setObjectName(template)
            text = label("", SUB_CAPTION, wrap=True)
            text.setContentsMargins(scaled(34), 0, 0, scaled(6))
            text.setBuddy(option)
            self.group.addButton(option)
            self.options[template] = (option, text)
            self.body.addWidget(option)
            self.body.addWidget(text)
        self.note = label("", SUB_CAPTION, wrap=True)
        self.body.addWidget(self.note)
        self.chosen: str | None = None
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Loyalty program")

    def check(self) -> None:
        picked = next((t for t, (option, _) in self.options.items() if option.isChecked()), "")
        self.chosen = self.setup.template(picked)

    def title_of(self, template: str) -> str:
        return {"cafe_stamps": self.tr("Café stamp card"), "points_tiers": self.tr("Points and tiers"),
                "cashback": self.tr("Cashback")}.get(template, template)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("How members are rewarded"))
        self.intro.setText(self.tr("Start from one of these; every rule, reward and amount can be changed later "
                                   "in the manager's Settings."))
        about = {
            "cafe_stamps": self.tr("A stamp for every coffee; the 10th is free. Simple for customers and cashiers."),
            "points_tiers": self.tr("Points on every purchase, spent on rewards or at the till; Silver and Gold "
                                    "members earn faster."),
            "cashback": self.tr("3 % of what members pay comes back as store credit for their next visit."),
        }
        for template, (option, text) in self.options.items():
            option.setText(self.title_of(template))
            text.setText(about.get(template, ""))
        self.note.setText(self.tr("Each comes with a few example items and prices to replace with the shop's own."))


class OwnerPage(SetupPage):
    def __init__(self, setup: ShopSetup) -> None:
        super().__init__(setup)
        self.owner_name = line_edit("owner_name", max_length=80)
        self.pin = line_edit("pin", max_length=8, password=True, digits=8)
        self.pin_again = line_edit("pin_again", max_length=8, password=True, digits=8)
        self.labels = [QLabel() for _ in range(3)]
        form = QFormLayout()
        form.setVerticalSpacing(scaled(10))
        for row, field in zip(self.labels, (self.owner_name, self.pin, self.pin_again), strict=True):
            form.addRow(row, field)
        self.body.addLayout(form)
        self.chosen: tuple[str, str] | None = None
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Owner")

    def check(self) -> None:
        self.chosen = self.setup.owner(self.owner_name.text(), self.pin.text(), self.pin_again.text())

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("The owner"))
        self.intro.setText(self.tr("The owner signs in with this name and PIN, adds the staff and approves what "
                                   "needs a manager. Keep the PIN to yourself."))
        for row, text in zip(self.labels, (self.tr("Name"), self.tr("PIN"), self.tr("PIN again")), strict=True):
            row.setText(text)
        self.pin.setPlaceholderText(self.tr("4 to 8 digits"))
        self.pin_again.setPlaceholderText(self.tr("the same PIN, to be sure"))


TYPED_KINDS = ("network", "usb", "serial", "file", "none")


class PrinterPage(SetupPage):
    """Found printer ports first, then a printer to type in, or none yet; a test page goes straight to it."""

    test_printed = Signal(bool)  # whether the test page went out (tests wait on it)

    def __init__(self, setup: ShopSetup, runner: TaskRunner) -> None:
        super().__init__(setup)
        self.runner = runner
        self.found: list[FoundPrinter] = []
        self.looked = False
        self.connection = QComboBox()
        self.connection.setObjectName("printer_kind")
        self.address = line_edit("printer_address", max_length=200)
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        self.paper.addItem("80 mm", 80)
        self.paper.addItem("58 mm", 58)
        self.look_again = button("", focus=True)
        self.test_button = button("", focus=True)
        self.result = label("", CAPTION, wrap=True)
        self.labels = [QLabel() for _ in range(3)]
        form = QFormLayout()
        form.setVerticalSpacing(scaled(10))
        for row, field in zip(self.labels, (self.connection, self.address, self.paper), strict=True):
            form.addRow(row, field)
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.look_again)
        actions.addStretch(1)
        self.body.addLayout(form)
        self.body.addLayout(actions)
        self.body.addWidget(self.result)
        self.connection.currentIndexChanged.connect(self._connection_changed)
        self.look_again.clicked.connect(self.look)
        self.test_button.clicked.connect(self.test_print)
        self.table: dict[str, Any] | None = None
        self._fill_connections()
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Printer")

    def shown(self) -> None:
        if not self.looked:
            self.look()

    def look(self) -> None:
        """Find the printer ports again, in the background (globbing /dev is quick, but it is I/O)."""
        self.looked = True
        self.look_again.setEnabled(False)
        self.runner.run_io(self.setup.found_printers, on_success=self._found, on_failure=self._look_failed,
                           owner=self, name="setup.found_printers")

    def _found(self, found: list[FoundPrinter]) -> None:
        had_none = not self.found
        self.found = list(found)
        self._fill_connections()
        if had_none and self.found:
            self.connection.setCurrentIndex(0)  # a printer plugged in is most likely the one
        self.look_again.setEnabled(True)

    def _look_failed(self, _failure: TaskFailure) -> None:
        self.look_again.setEnabled(True)

    def choice(self) -> tuple[str, str]:
        """(kind, address) as chosen: a found port comes with its address, a typed kind with what was typed."""
        data = self.connection.currentData()
        if isinstance(data, FoundPrinter):
            return data.kind, data.address
        return str(data or "none"), self.address.text()

    def _fill_connections(self) -> None:
        current = self.connection.currentData()
        self.connection.blockSignals(True)
        self.connection.clear()
        for port in self.found:
            self.connection.addItem(self._found_text(port), port)
        for kind in TYPED_KINDS:
            self.connection.addItem(self._kind_text(kind), kind)
        index = self.connection.findData(current) if current is not None else -1
        self.connection.setCurrentIndex(index if index >= 0 else self.connection.findData("none"))
        self.connection.blockSignals(False)
        self._connection_changed()

    def _found_text(self, port: FoundPrinter) -> str:
        where = f"{port.address} ({port.detail})" if port.detail else port.address
        return (self.tr("USB printer on %1") if port.kind == "file" else self.tr("Serial port %1")).replace("%1",
                                                                                                           where)

    def _kind_text(self, kind: str) -> str:
        return {"network": self.tr("Network printer (IP address)"),
                "usb": self.tr("USB printer (vendor:product id)"),
                "serial": self.tr("Serial port (type its device)"),
                "file": self.tr("Printer device or file (type its path)"),
                "none": self.tr("No printer yet")}[kind]

    def _connection_changed(self) -> None:
        data = self.connection.currentData()
        typed = isinstance(data, str) and data != "none"
        self.address.setEnabled(typed)
        if isinstance(data, FoundPrinter):
            self.address.setText(data.address)
        elif not typed:
            self.address.clear()
        self.address.setPlaceholderText({
            "network": "192.168.1.50:9100", "usb": "04b8:0202", "serial": "/dev/ttyUSB0", "file": "/dev/usb/lp0",
        }.get(data if isinstance(data, str) else "", ""))
        self.test_button.setEnabled(data != "none")
        self.result.clear()
        self.result.setObjectName(CAPTION)

    def check(self) -> None:
        kind, address = self.choice()
        self.table = self.setup.printer(kind, address, int(self.paper.currentData()))

    def test_print(self) -> None:
        try:
            self.check()
        except InvalidInput as exc:
            self.show_refusal(exc)
            return
        table = self.table
        assert table is not None
        self.clear_error()
        self.test_button.setEnabled(False)
        self._show_result(self.tr("Printing a test page…"), ok=True)
        setup = self.setup

        def attempt() -> tuple[Message | None, KioskError | None]:
            try:
                return setup.test_print(table), None
            except KioskError as exc:  # why: worded on the GUI thread, in the screen's language
                return None, exc

        self.runner.run_io(attempt, on_success=self._tested, owner=self, name="setup.test_print")

    def _tested(self, outcome: tuple[Message | None, KioskError | None]) -> None:
        where, refused = outcome
        ok = refused is None
        self.test_button.setEnabled(True)
        if refused is not None:
            # this screen names no printer ("The printer is not answering..."): the one being set up is on screen
            params = {**refused.params, "the_printer": Phrase("printer.the_printer")}
            self._show_result(render_text(refused.code, params), ok=False)
        elif where is not None:  # the printer as `kiosk printer status` names it, in the screen's language
            self._show_result(self.tr("Test page sent to %1. Did it come out?").replace("%1", spoken(where)),
                              ok=True)
        self.test_printed.emit(ok)

    def _show_result(self, text: str, *, ok: bool) -> None:
        self.result.setText(text)
        self.result.setObjectName(CAPTION if ok else ERROR_TEXT)
        repolish(self.result)

    def describe(self, table: Mapping[str, Any]) -> str:
        """The printer a [printers.receipt] table names, as `kiosk printer status` names it (its where()), in the
        screen's language; "no printer yet" for none."""
        if table.get("kind") in (None, "none", "dummy"):
            return self.tr("no printer yet")
        try:
            return spoken(self.setup.printer_where(table))
        except InvalidInput:  # the table was checked when it was made: this is only a guard for the review
            return self.tr("no printer yet")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Receipt printer"))
        self.intro.setText(self.tr("An ESC/POS receipt printer: one plugged into this computer is listed first. "
                                   "No printer yet is fine: one can be added to the shop's settings later."))
        for row, text in zip(self.labels, (self.tr("Connection"), self.tr("Address"), self.tr("Paper")),
                             strict=True):
            row.setText(text)
        self.look_again.setText(self.tr("Look again"))
        self.test_button.setText(self.tr("Print a test page"))
        for index in range(self.connection.count()):
            data = self.connection.itemData(index)
            self.connection.setItemText(index, self._found_text(data) if isinstance(data, FoundPrinter)
                                        else self._kind_text(str(data)))


class OnlinePage(SetupPage):
    def __init__(self, setup: ShopSetup, runner: TaskRunner) -> None:
        super().__init__(setup)
        self.runner = runner
        self.stripe_key = line_edit("stripe_key", max_length=255, password=True)
        self.hub_url = line_edit("hub_url", max_length=500)
        self.hub_password = line_edit("hub_password", max_length=200, password=True)
        self.hub_first = QRadioButton()
        self.hub_join = QRadioButton()
        self.hub_first.setChecked(True)
        self.device_name = line_edit("device_name", max_length=60)
        self.stripe_label, self.hub_label, self.password_label, self.name_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.stripe_note = label("", SUB_CAPTION, wrap=True)
        self.hub_note = label("", SUB_CAPTION, wrap=True)
        form = QFormLayout()
        form.setVerticalSpacing(scaled(6))
        form.addRow(self.stripe_label, self.stripe_key)
        form.addRow(QLabel(), self.stripe_note)
        form.addRow(self.hub_label, self.hub_url)
        form.addRow(self.password_label, self.hub_password)
        form.addRow(QLabel(), self.hub_first)
        form.addRow(QLabel(), self.hub_join)
        form.addRow(self.name_label, self.device_name)
        form.addRow(QLabel(), self.hub_note)
        self.body.addLayout(form)
        self.chosen: tuple[str | None, str | None] = (None, None)
        self.joining = False
        self.name: str | None = None
        self._probed = False
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Online (optional)")

    def shown(self) -> None:
        if not self._probed:  # asking the OS keyring may wait on D-Bus: ask before the key is typed
            self._probed = True
            self.runner.run_io(self.setup.keyring_available, owner=self, name="setup.keyring_available",
                               on_failure=lambda _failure: None)

    def check(self) -> None:
        stripe_key, hub_url = self.setup.stripe_key(self.stripe_key.text()), self.setup.hub_url(self.hub_url.text())
        joining = hub_url is not None and self.hub_join.isChecked()
        name = self.setup.device_name(self.device_name.text(), joining=joining) if hub_url else None
        self.chosen, self.joining, self.name = (stripe_key, hub_url), joining, name

    def password(self) -> str:
        return self.hub_password.text()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Online (optional)"))
        self.intro.setText(self.tr("Everything works offline; leave both empty if unsure."))
        self.stripe_label.setText(self.tr("Stripe secret key"))
        self.hub_label.setText(self.tr("Hub address"))
        self.password_label.setText(self.tr("Hub owner's password"))
        self.name_label.setText(self.tr("This device's name"))
        self.hub_first.setText(self.tr("This shop's first device on the hub"))
        self.hub_join.setText(self.tr("A new device of a shop already on the hub"))
        self.stripe_key.setPlaceholderText("sk_live_…")
        self.hub_url.setPlaceholderText("postgresql://owner@hub.example.com/shops")
        self.device_name.setPlaceholderText(self.tr("e.g. Counter 2"))
        self.stripe_note.setText(self.tr("For paid membership and members' balances in Stripe. Kept in this "
                                         "computer's keyring, never in a file."))
        self.hub_note.setText(self.tr("The PostgreSQL database the shop's devices share. The owner's password is "
                                      "used once, at Finish, and kept nowhere. A new device takes the shop's "
                                      "name and programs from the hub."))


class ReviewPage(SetupPage):
    def __init__(self, setup: ShopSetup) -> None:
        super().__init__(setup)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.where = label("", SUB_CAPTION, wrap=True)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.where)
        self.retranslate_ui()

    def step_name(self) -> str:
        return self.tr("Finish")

    def check(self) -> None:
        pass

    def show_plan(self, rows: list[tuple[str, str]]) -> None:
        cells = "".join(f"<tr><td style='padding:3px 18px 3px 0'><b>{escape(key)}</b></td>"
                        f"<td style='padding:3px 0'>{escape(value)}</td></tr>" for key, value in rows)
        self.summary.setText(f"<table>{cells}</table>")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Ready to open the shop"))
        self.intro.setText(self.tr("Check the answers; Back changes any of them."))
        self.where.setText(self.tr("Finish saves the settings in %1 and creates the owner. Until then nothing is "
                                   "saved: closing this window leaves everything as it was.").replace(
            "%1", self.setup.settings_file.location))


__all__ = ["MoneyPage", "OnlinePage", "OwnerPage", "PrinterPage", "ProgramPage", "ReviewPage", "SetupPage",
           "ShopPage"]
