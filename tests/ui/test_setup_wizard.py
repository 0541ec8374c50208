"""The first-run wizard driven as a new shop owner would: real widgets offscreen, a real data folder and settings
file, real SQLite, the real printer adapter against a loopback thermal printer. Only the OS keyring is a fake."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.adapters.printing.setup import PrinterProbe
from kiosk.bootstrap import build_app
from kiosk.bootstrap.shop import first_run
from kiosk.config import load_settings
from kiosk.domain.staff import Role
from kiosk.services.context import FixedClock
from kiosk.services.setup import STRIPE_KEY_NAME, ShopSetup
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.setup.wizard import SetupWizard
from kiosk.ui.tasks import TaskRunner
from tests.support.fake_printer import FakeThermalPrinter
from tests.support.fake_secrets import FakeKeyring

STRIPE_KEY = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
CLOCK = FixedClock(datetime.fromisoformat("2026-11-26T14:00:00+07:00"))


def files_in(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def keyring() -> FakeKeyring:
    return FakeKeyring()


@pytest.fixture
def ports(tmp_path: Path) -> Path:
    """Where the probe looks for printer ports (empty unless a test plugs one in)."""
    folder = tmp_path / "dev"
    folder.mkdir()
    return folder


@pytest.fixture
def setup(tmp_path: Path, keyring: FakeKeyring, ports: Path) -> ShopSetup:
    probe = PrinterProbe(usb_nodes=(str(ports / "lp*"),), serial_ports=(str(ports / "ttyUSB*"),),
                         serial_names=str(ports / "by-id" / "*"))
    found = first_run(data_dir=tmp_path / "shop", secrets=keyring, printers=probe, clock=CLOCK)
    assert found is not None
    return found


@pytest.fixture
def wizard(qtbot: QtBot, setup: ShopSetup, runner: TaskRunner) -> Iterator[SetupWizard]:
    window = SetupWizard(setup, language="en", runner=runner)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    yield window


@pytest.fixture
def printer() -> Iterator[FakeThermalPrinter]:
    fake = FakeThermalPrinter()
    yield fake
    fake.close()


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def type_thai(edit: QLineEdit, text: str) -> None:
    """Thai as a Thai keyboard's input method types it: committed text (QTest's key clicks stop at Latin-1)."""
    edit.clear()
    edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def next_step(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def fill_shop(qtbot: QtBot, wizard: SetupWizard) -> None:
    type_into(qtbot, wizard.shop.name, "Som Tam Corner")
    type_into(qtbot, wizard.shop.tax_id, "0105566099999")
    type_into(qtbot, wizard.shop.address[0], "99/1 Sukhumvit Soi 24")
    type_into(qtbot, wizard.shop.footer[0], "Thank you!")
    next_step(qtbot, wizard)


def fill_to_printer(qtbot: QtBot, wizard: SetupWizard) -> None:
    """Shop, money and language, the points program and the owner: the wizard is on the printer step."""
    fill_shop(qtbot, wizard)
    next_step(qtbot, wizard)  # THB, English as chosen
    qtbot.mouseClick(wizard.program.options["points_tiers"][0], Qt.MouseButton.LeftButton)
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.owner.owner_name, "Noi")
    type_into(qtbot, wizard.owner.pin, "4321")
    type_into(qtbot, wizard.owner.pin_again, "4321")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.printer


def choose_printer(wizard: SetupWizard, kind: str, address: str = "") -> None:
    wizard.printer.connection.setCurrentIndex(wizard.printer.connection.findData(kind))
    wizard.printer.address.setText(address)


def fill_to_review(qtbot: QtBot, wizard: SetupWizard, *, stripe_key: str = "") -> None:
    fill_to_printer(qtbot, wizard)
    choose_printer(wizard, "none")
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.online.stripe_key, stripe_key)
    next_step(qtbot, wizard)
    assert wizard.page is wizard.review


def test_finish_makes_the_shop_with_a_tested_printer_and_the_key_in_the_keyring(
        qtbot: QtBot, wizard: SetupWizard, tmp_path: Path, keyring: FakeKeyring,
        printer: FakeThermalPrinter) -> None:
    fill_to_printer(qtbot, wizard)
    host, port = printer.address
    choose_printer(wizard, "network", f"{host}:{port}")
    with qtbot.waitSignal(wizard.printer.test_printed, timeout=20_000, raising=True) as tested:
        qtbot.mouseClick(wizard.printer.test_button, Qt.MouseButton.LeftButton)
    assert tested.args == [True]
    # the printer named as everywhere else (its where()): "network printer HOST:PORT"
    assert wizard.printer.result.text() == f"Test page sent to network printer {host}:{port}. Did it come out?"
    assert printer.wait_idle() and len(printer.jobs) == 1
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.online.stripe_key, STRIPE_KEY)
    next_step(qtbot, wizard)
    summary = wizard.review.summary.text()
    assert "Som Tam Corner" in summary and "Points and tiers" in summary and f"{host}:{port}" in summary
    assert STRIPE_KEY not in summary and "4321" not in summary

    with qtbot.waitSignal(wizard.setup_finished, timeout=20_000, raising=True):
        next_step(qtbot, wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted

    shop = tmp_path / "shop"
    settings = load_settings(data_dir=shop)
    assert settings.context.shop.name == "Som Tam Corner" and settings.context.shop.tax_id == "0105566099999"
    assert settings.printers["receipt"] == {"kind": "network", "host": host, "port": port, "paper_mm": 80}
    assert settings.stripe.enabled and settings.hub.url is None  # no hub asked for: none written
    assert keyring.secrets == {STRIPE_KEY_NAME: STRIPE_KEY}
    assert not any(STRIPE_KEY.encode() in data for data in (files_in(shop) or {}).values())
    with build_app(settings, clock=CLOCK) as app:
        [owner] = app.staff.list_staff()
        assert (owner.name, owner.role) == ("Noi", Role.OWNER)
        assert app.staff.authorize("4321", min_role=Role.OWNER).staff_id == owner.id


def test_each_step_explains_what_to_fix_and_stays(qtbot: QtBot, wizard: SetupWizard, qapp: QApplication) -> None:
    next_step(qtbot, wizard)
    assert wizard.page is wizard.shop
    assert wizard.shop.error.text() == "Enter the shop's name as receipts should show it."
    assert wizard.shop.name.property("invalid") is True and wizard.shop.name.hasFocus()
    type_into(qtbot, wizard.shop.address[1], "x" * 48 + " and more")  # typing stops at a receipt's width
    assert len(wizard.shop.address[1].text()) == 48
    fill_shop(qtbot, wizard)
    assert wizard.page is wizard.money and wizard.shop.name.property("invalid") is False
    next_step(qtbot, wizard)
    next_step(qtbot, wizard)  # no program chosen
    assert wizard.page is wizard.program and wizard.program.error.text() == "Choose one of the programs."
    set_language(qapp, THAI)  # the reason is said again in the screen's language
    next_step(qtbot, wizard)
    assert wizard.program.error.text() == "เลือกโปรแกรมสะสมแต้มหนึ่งแบบ"
    assert wizard.next_button.text() == "ถัดไป"
    qtbot.mouseClick(wizard.program.options["cashback"][0], Qt.MouseButton.LeftButton)
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.owner.owner_name, "Noi")
    type_into(qtbot, wizard.owner.pin, "4321")
    type_into(qtbot, wizard.owner.pin_again, "4312")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.owner and wizard.owner.error.text() == "PIN ทั้งสองช่องไม่ตรงกัน กรุณากรอก PIN อีกครั้ง"
    assert wizard.owner.pin_again.hasFocus()
    type_into(qtbot, wizard.owner.pin_again, "4321")
    next_step(qtbot, wizard)
    choose_printer(wizard, "network", "192.168.1.50:abc")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.printer and "192.168.1.50:9100" in wizard.printer.error.text()
    choose_printer(wizard, "usb", "epson")
    next_step(qtbot, wizard)
    assert "04b8:0202" in wizard.printer.error.text()
    choose_printer(wizard, "none")
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.online.stripe_key, "pk_live_notasecretkeyatall")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.online and "sk_live_" in wizard.online.error.text()
    type_into(qtbot, wizard.online.stripe_key, "")
    type_into(qtbot, wizard.online.hub_url, "postgresql://kiosk:secret@hub/shops")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.online and "ช่องรหัสผ่าน" in wizard.online.error.text()  # its own field
    type_into(qtbot, wizard.online.hub_url, "postgresql://owner@127.0.0.1:1/shops")
    wizard.online.hub_join.setChecked(True)  # a new device of a shop on the hub must be named
    next_step(qtbot, wizard)
    assert wizard.page is wizard.online and wizard.online.error.text() == "ตั้งชื่ออุปกรณ์นี้ เช่น Counter 2"
    wizard.online.hub_first.setChecked(True)
    type_into(qtbot, wizard.online.hub_url, "")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.review


def test_a_hub_out_of_reach_still_makes_the_shop_which_works_alone(qtbot: QtBot, wizard: SetupWizard,
                                                                   tmp_path: Path) -> None:
    fill_to_printer(qtbot, wizard)
    choose_printer(wizard, "none")
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.online.hub_url, "postgresql://owner@127.0.0.1:1/shops")  # nothing listens there
    type_into(qtbot, wizard.online.hub_password, "owner-secret")
    next_step(qtbot, wizard)
    assert "first device, its history published there" in wizard.review.summary.text()
    assert "owner-secret" not in wizard.review.summary.text()
    with qtbot.waitSignal(wizard.setup_finished, timeout=30_000, raising=True):
        next_step(qtbot, wizard)
    assert wizard.result() != QDialog.DialogCode.Accepted  # it says what happened before the shop opens
    assert wizard.review.error.text() == (
        "It could not join the hub, so it works alone for now: The hub did not answer. Check its address, the "
        "password and the network. Connect it later from the manager's Devices page.")
    assert wizard.next_button.text() == "Open the shop" and not wizard.back_button.isEnabled()
    next_step(qtbot, wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted
    settings = load_settings(data_dir=tmp_path / "shop")
    assert settings.context.shop.name == "Som Tam Corner" and settings.hub.url is None
    assert not any(b"owner-secret" in data for data in (files_in(tmp_path / "shop") or {}).values())
    with build_app(settings, clock=CLOCK) as app:
        assert [s.name for s in app.staff.list_staff()] == ["Noi"] and not app.hub.configured


def test_the_shop_step_takes_the_thai_name_and_footer_thai_screens_and_receipts_show(
        qtbot: QtBot, wizard: SetupWizard, tmp_path: Path, qapp: QApplication) -> None:
    """Issue 17: the wizard had no Thai fields for the shop's name and footer (the settings page has them)."""
    type_into(qtbot, wizard.shop.name_th, "24/7")  # not a name: refused on its own field, nothing kept
    assert wizard.shop.name_th.text() == "24/7"
    fill_shop(qtbot, wizard)
    assert wizard.page is wizard.shop and wizard.shop.name_th.property("invalid") is True
    assert wizard.shop.name_th.hasFocus() and wizard.shop.error.text()
    type_thai(wizard.shop.name_th, "ส้มตำหัวมุม")
    type_thai(wizard.shop.footer_th[0], "ขอบคุณค่ะ")
    type_thai(wizard.shop.footer_th[1], "แล้วพบกันใหม่")
    assert wizard.shop.name_th.text() == "ส้มตำหัวมุม"
    fill_to_review(qtbot, wizard)  # the shop step again (Next), then the rest
    summary = wizard.review.summary.text()
    assert "Som Tam Corner · ส้มตำหัวมุม" in summary and "ขอบคุณค่ะ · แล้วพบกันใหม่" in summary
    set_language(qapp, THAI)
    try:
        thai = wizard.review.summary.text()  # its rows said in the screen's language
        assert "<b>ชื่อร้าน</b>" in thai and "ภาษาไทย" in thai
        for _ in range(6):
            qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
        assert wizard.page is wizard.shop and wizard.shop.name_th.text() == "ส้มตำหัวมุม"
        assert wizard.shop.name_th.toolTip() == "ชื่อร้านภาษาไทย"
        assert wizard.shop.footer_th[0].placeholderText() == "ภาษาไทย เช่น ขอบคุณค่ะ"
    finally:
        set_language(qapp, ENGLISH)
    for _ in range(6):
        next_step(qtbot, wizard)
    assert wizard.page is wizard.review
    with qtbot.waitSignal(wizard.setup_finished, timeout=20_000, raising=True):
        next_step(qtbot, wizard)
    shop = load_settings(data_dir=tmp_path / "shop").context.shop
    assert (shop.label("th"), shop.label("en")) == ("ส้มตำหัวมุม", "Som Tam Corner")
    assert shop.footer("th") == ("ขอบคุณค่ะ", "แล้วพบกันใหม่") and shop.footer("en") == ("Thank you!",)


def test_a_shop_set_up_without_thai_names_is_not_called_the_demo_cafe_in_thai(
        qtbot: QtBot, wizard: SetupWizard, tmp_path: Path) -> None:
    """Left empty, the Thai name and footer were not written, so the defaults (the demo café's) stood in:
    a new shop's Thai screens said บ้านกาแฟ and its Thai receipts printed the café's Wi-Fi password."""
    fill_to_review(qtbot, wizard)
    with qtbot.waitSignal(wizard.setup_finished, timeout=20_000, raising=True):
        next_step(qtbot, wizard)
    shop = load_settings(data_dir=tmp_path / "shop").context.shop
    assert shop.label("th") == "Som Tam Corner" and shop.footer("th") == ("Thank you!",)


def test_back_keeps_what_was_typed(qtbot: QtBot, wizard: SetupWizard) -> None:
    fill_to_printer(qtbot, wizard)
    choose_printer(wizard, "network", "192.168.1.50")
    next_step(qtbot, wizard)
    for _ in range(4):
        qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.money
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.shop and not wizard.back_button.isEnabled()
    assert wizard.shop.name.text() == "Som Tam Corner" and wizard.shop.footer[0].text() == "Thank you!"
    for _ in range(4):
        next_step(qtbot, wizard)
    assert wizard.page is wizard.printer
    assert wizard.program.options["points_tiers"][0].isChecked() and wizard.owner.pin_again.text() == "4321"
    assert wizard.printer.choice() == ("network", "192.168.1.50")


@pytest.mark.parametrize("how", ["cancel", "close"])
@pytest.mark.parametrize("folder", ["new", "with settings"])
def test_leaving_before_finish_leaves_the_data_folder_as_it_was(
        qtbot: QtBot, tmp_path: Path, keyring: FakeKeyring, runner: TaskRunner, ports: Path, how: str,
        folder: str) -> None:
    shop = tmp_path / "shop"
    if folder == "with settings":
        shop.mkdir()
        (shop / "config.toml").write_text("[ui]\nidle_lock_seconds = 120\n", encoding="utf-8")
    before = files_in(shop)
    found = first_run(data_dir=shop, secrets=keyring, printers=PrinterProbe(usb_nodes=(), serial_ports=()))
    assert found is not None
    wizard = SetupWizard(found, language="en", runner=runner)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_to_review(qtbot, wizard, stripe_key=STRIPE_KEY)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # a stray Esc keeps everything typed
    assert wizard.isVisible()
    if how == "cancel":
        qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    else:
        wizard.close()
    assert wizard.result() == QDialog.DialogCode.Rejected and not wizard.isVisible()
    assert files_in(shop) == before
    assert keyring.secrets == {}


def test_a_printer_found_on_this_computer_is_offered_first_and_tested(
        qtbot: QtBot, wizard: SetupWizard, ports: Path) -> None:
    (ports / "lp0").touch()  # a USB receipt printer's device node
    fill_to_printer(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.printer.found != [], timeout=5_000)
    assert wizard.printer.connection.currentText() == f"USB printer on {ports / 'lp0'}"
    assert not wizard.printer.address.isEnabled() and wizard.printer.address.text() == str(ports / "lp0")
    with qtbot.waitSignal(wizard.printer.test_printed, timeout=20_000, raising=True) as tested:
        qtbot.mouseClick(wizard.printer.test_button, Qt.MouseButton.LeftButton)
    assert tested.args == [True]
    assert (ports / "lp0").stat().st_size > 500  # the test page's ESC/POS bytes went to the device
    next_step(qtbot, wizard)
    assert wizard.printer.table == {"kind": "file", "path": str(ports / "lp0"), "paper_mm": 80}


def test_a_printer_that_does_not_answer_is_explained_in_the_screens_language(
        qtbot: QtBot, wizard: SetupWizard, printer: FakeThermalPrinter, qapp: QApplication) -> None:
    fill_to_printer(qtbot, wizard)
    host, port = printer.address
    printer.refuse()
    choose_printer(wizard, "network", f"{host}:{port}")
    set_language(qapp, THAI)
    with qtbot.waitSignal(wizard.printer.test_printed, timeout=20_000, raising=True) as tested:
        qtbot.mouseClick(wizard.printer.test_button, Qt.MouseButton.LeftButton)
    assert tested.args == [False]
    assert wizard.printer.result.text() == "เครื่องพิมพ์ ไม่ตอบสนอง ตรวจสอบว่าเปิดเครื่องและเชื่อมต่ออยู่"
    assert wizard.printer.result.objectName() == "errorText"


def test_a_failed_finish_says_so_and_keeps_nothing(qtbot: QtBot, wizard: SetupWizard, tmp_path: Path,
                                                  keyring: FakeKeyring) -> None:
    fill_to_review(qtbot, wizard, stripe_key=STRIPE_KEY)
    keyring.refuse = True  # locked between the online step and Finish
    next_step(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.finishing and wizard.review.error.text() != "", timeout=10_000)
    assert wizard.isVisible() and wizard.result() != QDialog.DialogCode.Accepted
    assert wizard.review.error.text().startswith("The shop was not set up, and nothing was kept: The keyring did")
    assert files_in(tmp_path / "shop") is None and keyring.secrets == {}
    keyring.refuse = False  # unlocked: Finish again works
    with qtbot.waitSignal(wizard.setup_finished, timeout=20_000, raising=True):
        next_step(qtbot, wizard)
    assert keyring.secrets == {STRIPE_KEY_NAME: STRIPE_KEY}


@pytest.mark.parametrize("language", ["en", "th"])
def test_every_step_fits_a_1024x768_screen(qtbot: QtBot, wizard: SetupWizard, qapp: QApplication,
                                           language: str) -> None:
    fill_to_review(qtbot, wizard, stripe_key=STRIPE_KEY)
    set_language(qapp, language)
    wizard.resize(1024, 768)
    for index, page in enumerate(wizard.pages):
        wizard.go(index)
        qapp.processEvents()
        hint = wizard.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 768, (page, hint)
        layout = page.layout()
        needed = layout.totalHeightForWidth(page.width()) if layout.hasHeightForWidth() else \
            layout.totalMinimumSize().height()
        assert needed <= page.height(), (type(page).__name__, needed, page.height())
        for child in page.findChildren(QWidget):
            if child.isVisible():
                corner = child.mapTo(wizard, child.rect().bottomRight())
                assert corner.x() <= wizard.width() and corner.y() <= wizard.height(), (type(page).__name__, child)
