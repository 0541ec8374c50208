"""Config names in Thai (issue 17): a Thai kiosk shows the tier's perks in Thai, the counter reads baht and
Buddhist-era dates, and the manager's settings page edits the Thai forms beside their English."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.thai_names import names_of, with_thai
from kiosk.ui.manager.window import ManagerShell
from tests.support.staff import add_staff
from tests.ui.test_counter import FakeScannerClock, load_member, sign_in
from tests.ui.test_manager import _open
from tests.ui.test_selfservice import make_window as make_kiosk
from tests.ui.test_selfservice import scan_camera

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok, 7 Dec 2569 in the Buddhist Era
PHONE = "0812345678"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("thai-names") / "shop"
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW)) as app:
        add_staff(app.staff, ("Beam", "cashier", "1111"), ("Nok", "manager", "2222"))
        app.enrollment.enroll(EnrollMember(command_id="enroll-mali", name="Mali Srisuk", phone=PHONE,
                                           birthday="1990-07-15", consent_version="2026-01", language="th"))
    return data_dir


@pytest.fixture
def shop(template: Path, tmp_path: Path) -> Iterator[Services]:
    data_dir = tmp_path / "shop"
    shutil.copytree(template, data_dir)
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW)) as app:
        yield app


@pytest.fixture
def thai(qapp: QApplication) -> Iterator[None]:
    set_language(qapp, THAI)
    yield
    set_language(qapp, ENGLISH)


def test_a_thai_kiosk_shows_the_shop_and_the_tiers_perks_in_thai(qtbot: QtBot, shop: Services, thai: None) -> None:
    window = make_kiosk(qtbot, shop, idle_ms=600_000)
    try:
        assert window.attract._name.text() == "บ้านกาแฟ" and window._top_shop.text() == "บ้านกาแฟ"
        scan_camera(qtbot, window, shop.accounts.account(PHONE).member_code)
        screen = window.account_screen
        assert screen._perks.text().endswith("แต้มพิเศษวันเกิด")  # Bronze: "Birthday bonus"
        assert "แต้ม 1.25 เท่า" in screen._next_perks.text() and "points" not in screen._next_perks.text()
        assert "฿3,000.00" in screen.tier.caption_text()  # Silver is 3,000 baht away, with the baht sign
        assert any("2569" in text for text in screen.visible_texts())  # member since, in the Buddhist Era
        set_language(QApplication.instance(), ENGLISH)
        assert window._top_shop.text() == "Baan Kafe" and window.enroll._title.text() == "Join Baan Kafe"
    finally:
        window.unlock_and_close()
        window.deleteLater()


def test_a_thai_counter_reads_baht_and_buddhist_era_dates(qtbot: QtBot, shop: Services, thai: None) -> None:
    window = CounterWindow(shop, video_inputs=lambda: [], scanner_clock=FakeScannerClock())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(window.signin.staff_loaded, timeout=10_000)
    try:
        assert window.signin._title.text() == "บ้านกาแฟ"
        sign_in(qtbot, window)
        load_member(qtbot, window)
        column = window.member_column.account_view
        assert "ธ.ค. 2569" in column.details.text() and "2026" not in column.details.text()
        assert column.credit.value_text().startswith("฿") and "THB" not in column.credit.value_text()
        assert window.header.shop.text() == "บ้านกาแฟ"  # the header named the shop in English ("Baan Kafe")
        set_language(QApplication.instance(), ENGLISH)
        assert window.header.shop.text() == "Baan Kafe"
    finally:
        window.shutdown()


def test_the_settings_page_edits_the_thai_names(qtbot: QtBot, shop: Services) -> None:
    shell = ManagerShell(shop)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    try:
        window = _open(qtbot, shell)
        window.open_page("settings")
        shell.runner.wait_idle(10_000)
        names = window.settings.thai_names
        table = names.table
        rows = {(table.item(r, 0).text(), table.item(r, 1).text()): r for r in range(table.rowCount())}
        assert table.item(rows["Shop name", "Baan Kafe"], 2).text() == "บ้านกาแฟ"
        assert table.item(rows["Perk of Gold", "Free size upgrade"], 2).text() == "อัปไซซ์แก้วฟรี"
        table.item(rows["Paid membership", "Coffee Club"], 2).setText("คอฟฟี่คลับรายเดือน")
        table.item(rows["Shop name", "Baan Kafe"], 2).setText("บ้านกาแฟ สุขุมวิท")
        table.item(rows["Perk of Gold", "Free size upgrade"], 2).setText("อัปไซซ์ฟรี")
        table.item(rows["Perk of Gold", "Birthday bonus"], 2).setText("")  # left empty: the English stands in
        table.item(rows["Stamp card's free item", "Free coffee"], 2).setText("กาแฟฟรี")
        qtbot.waitUntil(lambda: window.settings.preview_text.text() != "", timeout=10_000)
        window.settings.save_button.click()
        shell.runner.wait_idle(10_000)
        assert shop.ctx.shop.label("th") == "บ้านกาแฟ สุขุมวิท" and shop.ctx.shop.label("en") == "Baan Kafe"
        assert shop.ctx.programs.plan("coffee_club").label("th") == "คอฟฟี่คลับรายเดือน"  # type: ignore[union-attr]
        assert shop.ctx.programs.stamp_cards[0].reward_label("th") == "กาแฟฟรี"
        gold = shop.ctx.programs.tiers.levels[2]
        assert gold.perk_labels("th") == ("แต้ม 1.5 เท่า", "อัปไซซ์ฟรี", "Birthday bonus")
        assert gold.perk_labels("en") == ("1.5x points", "Free size upgrade", "Birthday bonus")
    finally:
        shell.shutdown()


def test_a_thai_name_cleared_falls_back_to_the_english() -> None:
    sections = {"shop": {"name": "Baan Kafe", "name_th": "บ้านกาแฟ", "footer_lines": ["Thanks", "Wi-Fi"]},
                "memberships": [{"id": "club", "name": "Club", "name_th": "คลับ", "price": "99"}],
                "tiers": {"levels": [{"name": "Gold", "threshold": "0", "perks": ["Free cake", "Double points"]}]}}
    rows = names_of(sections)
    edits = {"Baan Kafe": "", "Club": "", "Wi-Fi": "ไวไฟ", "Free cake": "เค้กฟรี"}
    changes: dict[str, Any] = {"tiers": {"levels": [{"name": "Gold", "threshold": "0",
                                                     "perks": ["Free cake", "Double points"]}]}}
    with_thai(sections, changes, [(row, edits.get(row.english, row.thai)) for row in rows])
    assert changes["shop"]["name_th"] == "" and changes["shop"]["footer_lines_th"] == ["Thanks", "ไวไฟ"]
    assert "name_th" not in changes["memberships"][0]
    assert changes["tiers"]["levels"][0]["perks_th"] == ["เค้กฟรี", "Double points"]
