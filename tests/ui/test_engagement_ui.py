"""Promotions on screen: the counter's bill says which promotion gave what (and the paid screen too), and the
manager creates, pauses and ends one from the Promotions page and reads its results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember
from kiosk.domain.events import ExpiringSoon, Localized
from kiosk.domain.money import Money
from kiosk.domain.staff import Role
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.window import ManagerShell
from kiosk.ui.selfservice.account import AccountScreen
from tests.support.staff import add_staff

NOW = datetime(2026, 12, 5, 7, 30, tzinfo=UTC)  # Saturday 14:30 in Bangkok
PHONE = "0812345678"
PROMOTIONS = """
[[promotions]]
id = "weekend"
name = "Double points weekend"
name_th = "แต้มสองเท่าวันหยุด"
weekdays = ["sat", "sun"]

[[promotions]]
id = "cake"
name = "+50 points on cake"
name_th = "เค้กรับเพิ่ม 50 แต้ม"
kind = "bonus_points"
points = 50
per = "item"
skus = ["CAKE"]

[[offers]]
id = "pastry"
name = "A free croissant with any coffee"
name_th = "ครัวซองต์ฟรีเมื่อสั่งกาแฟ"
selector = "birthday_month"
sku = "CROISSANT"
requires = ["coffee"]
valid_days = 1

[[challenges]]
id = "visit2"
name = "Visit twice this week"
name_th = "มา 2 ครั้งในสัปดาห์นี้"
target = 2
points = 100

[[challenges]]
id = "spend"
name = "Spend 100 baht this month"
name_th = "ใช้จ่ายครบ 100 บาทในเดือนนี้"
kind = "spend"
target = "100"
period = "month"
points = 30
"""


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Services]:
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    (data_dir / "config.toml").write_text(PROMOTIONS, encoding="utf-8")
    app = build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW))
    add_staff(app.staff, ("Beam", "cashier", "1111"), ("Nok", "manager", "2222"))
    app.enrollment.enroll(EnrollMember(command_id="join", name="Somchai Jaidee", phone=PHONE,
                                       consent_version="2026-01", language="en", birthday="1990-12-24"))
    yield app
    app.close()


def test_the_bill_and_the_paid_screen_say_which_promotion_gave_what(qtbot: QtBot, shop: Services) -> None:
    window = CounterWindow(shop, video_inputs=lambda: [])
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(window.signin.staff_loaded, timeout=10_000)
    qtbot.mouseClick(window.signin.staff_button("Beam"), Qt.MouseButton.LeftButton)
    for digit in "1111":
        window.signin.pin_pad.press_digit(digit)
    qtbot.mouseClick(window.signin._ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)
    window.member_column.load_member(PHONE)
    qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)
    challenges = window.member_column.account_view.challenges
    assert challenges.isVisibleTo(window) and challenges.text().splitlines()[0] == (
        "• Visit twice this week: 0 of 2 visits: 2 more by Sunday 6 Dec 2026 for +100 points")
    qtbot.mouseClick(window.sale.item_buttons["LATTE"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.sale.modifier_dialog, Qt.Key.Key_Return)  # its size, sweetness and milk as they are
    qtbot.mouseClick(window.sale.item_buttons["CAKE"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    earn = checkout.bill.earn.text()
    assert earn.startswith("+62 points")  # 6 for 160 baht, doubled (+6), and +50 on the cake
    assert "+50 points on cake: +50 points" in earn and "Double points weekend: +6 points" in earn
    qtbot.keyClick(checkout, Qt.Key.Key_Return)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert "Double points weekend: +6 points" in checkout.paid.result_lines.text()
    assert "Challenge complete: Spend 100 baht this month! +30 points" in checkout.paid.result_lines.text()
    assert checkout.result is not None and checkout.result.points_earned == 62
    window.shutdown()


def test_a_manager_creates_pauses_and_ends_a_promotion(qtbot: QtBot, shop: Services) -> None:
    shell = ManagerShell(shop)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    staff = shop.staff.authorize("2222", min_role=Role.MANAGER, action="manager_sign_in")
    manager = shell.open(staff)
    page = manager.open_page("promotions")
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=10_000)
    qtbot.keyClicks(page.name, "Tea time triple stamps")
    page.kind.setCurrentIndex(page.kind.findData("stamps_multiplier"))
    page.percent.setValue(300)
    qtbot.keyClicks(page.hours, "25:00-16:00")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=10_000)
    # refused with its reason, the field named as the page names it: nothing saved
    assert "(hours): '25:00-16:00' is not hours like 14:00-16:00" in page.error.text()
    set_language(QApplication.instance(), THAI)  # said again wholly in Thai but for the name typed (issue 17)
    assert page.error.text() == ("ค่า โปรโมชัน “Tea time triple stamps” (ช่วงเวลา): '25:00-16:00' "
                                 "ไม่ใช่ช่วงเวลาแบบ 14:00-16:00")
    set_language(QApplication.instance(), ENGLISH)
    page.hours.clear()
    qtbot.keyClicks(page.hours, "14:00-16:00")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=10_000)
    assert shop.ctx.programs.promotion("tea-time-triple-stamps") is not None
    assert page.table.item(2, 1).text() == "Running"
    page.table.selectRow(2)
    assert page.pause_button.isEnabled() and not page.resume_button.isEnabled()
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.item(2, 1) is not None and page.table.item(2, 1).text() == "Paused",
                    timeout=10_000)
    page.table.selectRow(2)
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.item(2, 1) is not None and page.table.item(2, 1).text() == "Ended",
                    timeout=10_000)
    promo = shop.ctx.programs.promotion("tea-time-triple-stamps")
    assert promo is not None and promo.status == "ended"
    # challenges and personal offers on the same page, each with its results; an offer paused from here
    qtbot.waitUntil(lambda: page.offers_table.rowCount() == 1 and page.challenges_table.rowCount() == 2,
                    timeout=10_000)
    assert page.offers_table.item(0, 2).text() == "0"  # shown to nobody yet
    page.offers_table.selectRow(0)
    qtbot.mouseClick(page.offer_buttons[1][0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.offers_table.item(0, 1) is not None
                    and page.offers_table.item(0, 1).text() == "Paused", timeout=10_000)
    offer = shop.ctx.programs.offer("pastry")
    assert offer is not None and offer.status == "paused"
    shell.shutdown()


def test_the_promotions_page_names_everything_in_the_screens_language_and_says_which_days(
        qtbot: QtBot, qapp: QApplication, shop: Services) -> None:
    """The demo's pictures showed a Thai shop's promotions by their Thai names on the English page, and a
    weekend-only promotion as running "Always"."""
    shell = ManagerShell(shop)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    manager = shell.open(shop.staff.authorize("2222", min_role=Role.MANAGER, action="manager_sign_in"))
    page = manager.open_page("promotions")
    qtbot.waitUntil(lambda: page.table.rowCount() == 2 and page.offers_table.rowCount() == 1, timeout=10_000)
    assert shop.ctx.language == "th"  # the shop speaks Thai; this screen is in English
    assert page.table.item(0, 0).text().splitlines()[0] == "Double points weekend"
    assert page.table.item(0, 2).text() == "Sat, Sun" and page.table.item(1, 2).text() == "Always"
    assert page.challenges_table.item(0, 0).text() == "Visit twice this week"
    assert page.offers_table.item(0, 0).text() == "A free croissant with any coffee"
    set_language(qapp, THAI)
    try:
        assert page.table.item(0, 0).text().splitlines()[0] == "แต้มสองเท่าวันหยุด"
        assert page.table.item(0, 2).text() == "ส., อา."
        assert page.challenges_table.item(0, 0).text() == "มา 2 ครั้งในสัปดาห์นี้"
        assert page.offers_table.item(0, 0).text() == "ครัวซองต์ฟรีเมื่อสั่งกาแฟ"
    finally:
        set_language(qapp, ENGLISH)
        shell.shutdown()


def test_the_kiosk_shows_a_members_challenges_and_what_expires_in_the_screens_language(
        qtbot: QtBot, qapp: QApplication, shop: Services) -> None:
    """The account's challenges and what expires are events the screen says: all Thai on a Thai screen (the
    config's Thai names), all English on an English one, whatever language the account was read in."""
    set_language(qapp, THAI)
    screen = AccountScreen(shop.ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    day = date(2026, 12, 20)
    soon = (ExpiringSoon("points", 120, Money(0), Localized(""), day),
            ExpiringSoon("credit", 0, Money(2550), Localized(""), day),
            ExpiringSoon("reward", 1, Money(0), Localized("Free coffee", "กาแฟฟรี"), day))
    account = replace(shop.accounts.account(PHONE, language="en"), expiring=soon)
    screen.set_account(account)
    screen.show()
    assert screen.challenges_text.isVisibleTo(screen)
    assert screen.challenges_text.text().splitlines() == [
        "• มา 2 ครั้งในสัปดาห์นี้: 0 จาก 2 ครั้ง อีก 2 ครั้ง ภายในวันอาทิตย์ที่ 6 ธ.ค. 2569 รับ +100 แต้ม",
        "• ใช้จ่ายครบ 100 บาทในเดือนนี้: ใช้จ่ายแล้ว ฿0.00 จาก ฿100.00 อีก ฿100.00 ภายในวันพฤหัสบดีที่ 31 ธ.ค. 2569 "
        "รับ +30 แต้ม"]
    assert screen.expiring_text.text().splitlines() == [
        "120 แต้ม วันที่ 20 ธ.ค. 2569", "เครดิตร้าน ฿25.50 วันที่ 20 ธ.ค. 2569", "กาแฟฟรี 1 รายการ วันที่ 20 ธ.ค. 2569"]
    for text in (screen.challenges_text.text(), screen.expiring_text.text()):
        assert not re.search(r"[A-Za-z]{2,}", text), text
    set_language(qapp, ENGLISH)
    screen.set_account(account)
    assert screen.challenges_text.text().splitlines() == [
        "• Visit twice this week: 0 of 2 visits: 2 more by Sunday 6 Dec 2026 for +100 points",
        "• Spend 100 baht this month: ฿0.00 of ฿100.00: ฿100.00 more by Thursday 31 Dec 2026 for +30 points"]
    assert screen.expiring_text.text().splitlines() == [
        "120 points on 20 Dec 2026", "฿25.50 store credit on 20 Dec 2026", "1 × Free coffee on 20 Dec 2026"]


def test_the_counter_shows_a_members_offer_and_uses_it(qtbot: QtBot, shop: Services) -> None:
    window = CounterWindow(shop, video_inputs=lambda: [])
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(window.signin.staff_loaded, timeout=10_000)
    qtbot.mouseClick(window.signin.staff_button("Beam"), Qt.MouseButton.LeftButton)
    for digit in "1111":
        window.signin.pin_pad.press_digit(digit)
    qtbot.mouseClick(window.signin._ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)
    window.member_column.load_member(PHONE)
    offers = window.member_column.account_view.offers
    qtbot.waitUntil(lambda: "until" in offers.text(), timeout=10_000)  # shown: its expiry now runs
    assert offers.text() == "Offer: A free croissant with any coffee · until 5 Dec 2026"  # today only
    qtbot.mouseClick(window.sale.item_buttons["LATTE"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.sale.modifier_dialog, Qt.Key.Key_Return)  # its size, sweetness and milk as they are
    qtbot.mouseClick(window.sale.item_buttons["CROISSANT"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    checkout = window.checkout
    qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
    qtbot.mouseClick(checkout.rewards.reward_button("pastry"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checkout.preview is not None and checkout.preview.quote.amount_due.minor == 6500,
                    timeout=10_000)
    qtbot.keyClick(checkout, Qt.Key.Key_Return)
    qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
    assert checkout.result is not None and checkout.result.amount_due.minor == 6500
    assert [r.used for r in shop.offers.results()] == [1]
    window.shutdown()
