"""The Program settings page edits how long a birthday bonus a refund took back stays owed, and each partner's daily
limit of points spent there without a manager: on real widgets, previewed, saved to the shop's file, read back, and
a bad value refused in one line, nothing saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.programs.config import Partner, ProgramConfig
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.settings_page import PARTNER_COLUMNS, ProgramSettingsPage
from kiosk.ui.manager.window import ManagerShell
from tests.support.staff import add_staff
from tests.ui.test_manager import shell  # noqa: F401 - the manager window at 1280x800 on this module's shop

MOST_SPENT = [key for key, _, _ in PARTNER_COLUMNS].index("max_redeem_points_per_day")


@pytest.fixture
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    app = build_app(load_settings(data_dir=tmp_path_factory.mktemp("settings-limits")),
                    clock=FixedClock(datetime(2026, 3, 2, 3, tzinfo=UTC)))
    add_staff(app.staff, ("Nok", "manager", "2222"))
    yield app
    app.close()




def _settings(shell: ManagerShell) -> ProgramSettingsPage:
    for digit in "2222":
        shell.sign_in.pad.press_digit(digit)
    shell.runner.wait_idle(10_000)
    assert shell.manager is not None
    shell.manager.open_page("settings")
    shell.runner.wait_idle(20_000)
    return shell.manager.settings


def _bookshop(programs: ProgramConfig) -> Partner:
    return next(p for p in programs.partners if p.id == "bookshop")


def _bookshop_row(page: ProgramSettingsPage) -> int:
    ids = [page.partners.table.item(r, 0).text() for r in range(page.partners.table.rowCount())]
    return ids.index("bookshop")


def test_birthday_owed_days_and_a_partners_daily_limit_are_edited_previewed_saved_and_read_back(
        qtbot: QtBot, qapp: QApplication, shell: ManagerShell, shop: Services) -> None:
    page = _settings(shell)
    row = _bookshop_row(page)
    # as the shop's file has them: 30 days owed; the bookshop's limit unset, so ฿500.00 of points at 0.25
    assert page.birthday_owed_days.value() == 30
    assert page.partners.table.item(row, MOST_SPENT).text() == ""
    preview = page.preview_text.text()
    assert ("• A birthday bonus a void or refund took back is still paid by a purchase up to 30 days after the "
            "birthday month.") in preview
    assert "• At Soi 31 Books a member spends at most 2,000 points a day without a manager." in preview

    page.birthday_owed_days.setValue(45)
    page.partners.table.item(row, MOST_SPENT).setText("1500")
    qtbot.waitUntil(lambda: "at most 1,500 points a day" in page.preview_text.text(), timeout=10_000)
    assert "up to 45 days after the birthday month" in page.preview_text.text()
    set_language(qapp, THAI)  # said again in Thai, no English left in the two lines
    thai = page.preview_text.text()
    assert "แต้มวันเกิดที่ถูกดึงคืนเพราะยกเลิกหรือคืนสินค้า ยังได้รับเมื่อซื้อภายใน 45 วันหลังเดือนเกิด" in thai
    assert "ที่ ร้านหนังสือซอย 31 สมาชิกใช้แต้มได้ไม่เกิน 1,500 แต้มต่อวัน" in thai
    assert "birthday" not in thai and "a day" not in thai
    set_language(qapp, ENGLISH)

    page.save_button.click()
    shell.runner.wait_idle(10_000)
    assert page.error.text() == ""
    assert shop.ctx.programs.bonuses.birthday_owed_days == 45
    assert _bookshop(shop.ctx.programs).max_redeem_points_per_day == 1500
    written = (shop.data_dir / "config.toml").read_text()
    assert "birthday_owed_days = 45" in written and "max_redeem_points_per_day = 1500" in written
    programs = load_settings(data_dir=shop.data_dir).context.programs  # what the app starts with next time
    assert programs.bonuses.birthday_owed_days == 45
    assert _bookshop(programs).max_redeem_points_per_day == 1500

    page.load()  # read back into the page
    shell.runner.wait_idle(10_000)
    assert page.birthday_owed_days.value() == 45
    assert page.partners.table.item(_bookshop_row(page), MOST_SPENT).text() == "1500"

    # emptied again: the limit goes back to the points worth the approval limit, and the file says so
    page.partners.table.item(_bookshop_row(page), MOST_SPENT).setText("")
    qtbot.waitUntil(lambda: "at most 2,000 points a day" in page.preview_text.text(), timeout=10_000)
    page.save_button.click()
    shell.runner.wait_idle(10_000)
    assert _bookshop(shop.ctx.programs).max_redeem_points_per_day is None


@pytest.mark.parametrize(("typed", "english", "thai"), [
    # the refusal names the limit that was typed, not only the two earning limits beside it
    ("0", "Soi 31 Books”: the most points earned on a receipt, earned in a day and spent in a day",
     "แต้มที่ใช้ได้สูงสุดต่อวัน"),
    ("-5", "spent in a day must each be at least 1", "ร้านหนังสือซอย 31"),
    ("lots", "most points spent a day", "ใช้แต้มได้มากสุดต่อวัน"),
])
def test_a_bad_daily_limit_is_refused_in_one_line_and_nothing_is_saved(
        qtbot: QtBot, qapp: QApplication, shell: ManagerShell, shop: Services, typed: str, english: str,
        thai: str) -> None:
    page = _settings(shell)
    config = shop.data_dir / "config.toml"
    before = config.read_text() if config.exists() else ""
    page.birthday_owed_days.setValue(10)  # a good edit beside the bad one is not saved either
    page.partners.table.item(_bookshop_row(page), MOST_SPENT).setText(typed)
    qtbot.waitUntil(lambda: english in page.error.text(), timeout=10_000)
    assert "\n" not in page.error.text() and not page.save_button.isEnabled()
    set_language(qapp, THAI)
    assert thai in page.error.text() and "Soi" not in page.error.text().replace("Soi 31", "")
    set_language(qapp, ENGLISH)
    page.save()  # even asked directly, nothing is written
    shell.runner.wait_idle(10_000)
    assert english in page.error.text()
    assert (config.read_text() if config.exists() else "") == before
    assert shop.ctx.programs.bonuses.birthday_owed_days == 30


def test_birthday_owed_days_take_no_negative(qtbot: QtBot, shell: ManagerShell) -> None:
    page = _settings(shell)
    days = page.birthday_owed_days
    assert days.minimum() == 0  # the settings' loader refuses fewer (settings.problem.owed_days_negative)
    days.selectAll()
    qtbot.keyClicks(days, "-")
    qtbot.keyClick(days, Qt.Key.Key_Enter)
    assert days.value() == 30


@pytest.mark.parametrize("written", [250_000, 5_000_000_000])
def test_a_bonus_above_what_a_box_held_is_kept_when_something_else_is_saved(
        qtbot: QtBot, tmp_path_factory: pytest.TempPathFactory, written: int) -> None:
    """The bonus boxes stopped at 100,000 and saved that over a bigger value the file had, unseen: a value the
    file allows shows as it is, and one no box can hold is left as it was unless the manager types a new one."""
    data_dir = tmp_path_factory.mktemp("big-bonus")
    (data_dir / "config.toml").write_text(
        f"[bonuses]\nsignup_points = {written}\nbirthday_owed_days = {written}\n", encoding="utf-8")
    app = build_app(load_settings(data_dir=data_dir), clock=FixedClock(datetime(2026, 3, 2, 3, tzinfo=UTC)))
    add_staff(app.staff, ("Nok", "manager", "2222"))
    window = ManagerShell(app)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        page = _settings(window)
        if written <= 2_147_483_647:
            assert page.bonus["signup_points"].value() == written
            assert page.birthday_owed_days.value() == written
        page.points_expiry.setValue(page.points_expiry.value() + 1)  # something else edited
        page.save_button.click()
        window.runner.wait_idle(10_000)
        assert page.error.text() == ""
        bonuses = load_settings(data_dir=data_dir).context.programs.bonuses
        assert (bonuses.signup_points, bonuses.birthday_owed_days) == (written, written)
        assert app.ctx.programs.bonuses.signup_points == written
    finally:
        window.shutdown()
        app.close()
