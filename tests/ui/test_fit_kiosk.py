"""The self-service kiosk fits the screens kiosks have: 1024x768 (older kiosk hardware), 1280x800, 1920x1080 and
portrait 1080x1920, in Thai and English, for every screen a customer or staff member sees; a member's growing
rewards and visits scroll inside their screen instead of growing the window (tests/ui/layout.py says what is
checked)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.events import ExpiringSoon, Localized
from kiosk.domain.money import Money
from kiosk.domain.staff import Role
from kiosk.services.accounts import MemberAccount
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.services.redemption import VoucherResult
from kiosk.services.staff import Session
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.selfservice.window import SelfServiceWindow
from kiosk.ui.theme import apply_theme, kiosk_scale_for
from tests.ui.conftest import DEMO_NOW
from tests.ui.layout import fit_problems, settle

SIZES = ((1024, 768), (1280, 800), (1920, 1080), (1080, 1920))
FEATURED_PHONE = "0812345678"


@pytest.fixture(scope="module", autouse=True)
def counter_theme_after(qapp: QApplication) -> Iterator[None]:
    yield
    apply_theme(qapp)


@pytest.fixture(scope="module")
def shop(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data_dir = tmp_path_factory.mktemp("fit-kiosk") / "shop"
    shutil.copytree(demo_template, data_dir)
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(DEMO_NOW), role="kiosk") as app:
        yield app


def open_kiosk(qtbot: QtBot, qapp: QApplication, shop: Services, size: tuple[int, int]) -> SelfServiceWindow:
    """The kiosk as `kiosk selfservice` opens it on a screen of `size`: themed for that screen."""
    apply_theme(qapp, scale=kiosk_scale_for(*size), kiosk_mode=True)
    window = SelfServiceWindow(shop, video_inputs=lambda: [], start_camera=False, idle_ms=3_600_000)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def busy_account(shop: Services) -> MemberAccount:
    """The demo's featured member (a free coffee ready, five visits), with points and credit expiring soon too."""
    account = shop.selfservice.account_for_code(shop.accounts.account(FEATURED_PHONE).member_code,
                                                language=current_language())
    soon = shop.ctx.local(shop.clock.now()).date() + timedelta(days=9)
    card = shop.ctx.programs.stamp_cards[0]
    nothing, baht = Localized(""), Money.zero(shop.ctx.currency)
    expiring = (ExpiringSoon("points", 120, baht, nothing, soon),
                ExpiringSoon("credit", 0, Money(2550, shop.ctx.currency), nothing, soon + timedelta(days=3)),
                ExpiringSoon("reward", 1, baht, Localized.of(card.reward_label), soon + timedelta(days=5)))
    return replace(account, expiring=expiring)


def _signed_in(window: SelfServiceWindow, shop: Services) -> MemberAccount:
    account = busy_account(shop)
    window._signed_in(account)
    return account


def attract(window: SelfServiceWindow, shop: Services) -> None:
    window.attract.set_camera_message("")
    window.attract.retranslate_ui()


def phone(window: SelfServiceWindow, shop: Services) -> None:
    window._start("phone")
    window.phone.keypad.set_digits("081234")
    window.phone.show_phone_error(window.tr("Enter the whole phone number: 9 or 10 digits."))


def phone_check(window: SelfServiceWindow, shop: Services) -> None:
    window._start("phone")
    window.phone.keypad.set_digits(FEATURED_PHONE)
    window.phone.next_button.click()
    for digit in "19":
        window.phone.pin_pad.press_digit(digit)
    window.phone.show_check_error("That does not match. 4 tries left.")


def account(window: SelfServiceWindow, shop: Services) -> None:
    _signed_in(window, shop)


def account_history_incomplete(window: SelfServiceWindow, shop: Services) -> None:
    """A kiosk whose join to the hub was cut short: the warning above the balances takes its room too."""
    window._signed_in(replace(busy_account(shop), history_incomplete=True))
    assert window.account_screen.history_banner.isVisible()


def donate(window: SelfServiceWindow, shop: Services) -> None:
    _signed_in(window, shop)
    window._open_donate()
    window.donate.select_cause(shop.ctx.programs.charity.causes[0].id)
    window.donate.keypad.set_digits("20")


def voucher(window: SelfServiceWindow, shop: Services) -> None:
    member = _signed_in(window, shop)
    option = next(r for r in member.rewards if r.kind == "reward")
    window.voucher.ask(option, member.points + option.points)
    window.show_page("voucher")


def voucher_result(window: SelfServiceWindow, shop: Services) -> None:
    member = _signed_in(window, shop)
    option = next(r for r in member.rewards if r.kind == "reward")
    window.voucher.ask(option, member.points + option.points)
    ends = shop.clock.now() + timedelta(days=30)
    window.voucher.show_result(VoucherResult("v1", "LK1VABCDEFGHJKMNPQRSTVWXYZ", option.name, option.points,
                                             member.points, ends, None, expires_on=shop.ctx.local(ends).date()),
                               printed=False)
    window.show_page("voucher")


def enroll(window: SelfServiceWindow, shop: Services) -> None:
    window._start("enroll")
    window.enroll.name.setText("Mali Srisuk")
    window.enroll.phone.setText("089-555-0123")
    window.enroll.birthday.setText("15/07/1990")
    window.enroll.consent.setChecked(True)
    window.enroll.focus_field(window.enroll.birthday)
    window.enroll.show_error(window.enroll.tr("Enter the birthday as day/month/year, e.g. 15/07/1990."))


def membership(window: SelfServiceWindow, shop: Services) -> None:
    _signed_in(window, shop)
    window._open_membership()


def feedback(window: SelfServiceWindow, shop: Services) -> None:
    _signed_in(window, shop)
    window._start("feedback")
    window.feedback.set_rating(4)


def staff_pin(window: SelfServiceWindow, shop: Services) -> None:
    window.desk.open()
    window.staff.show_error("The PIN is not right. 4 tries left.")


def staff_menu(window: SelfServiceWindow, shop: Services) -> None:
    window.desk.open()
    manager = next(s for s in shop.staff.list_staff() if s.role.at_least(Role.MANAGER))
    window.desk._unlocked(Session(manager.id, manager.name, manager.role, shop.clock.now()))
    assert window.runner.wait_idle(5000)


STATES: dict[str, Callable[[SelfServiceWindow, Services], None]] = {
    "attract": attract, "phone": phone, "phone check": phone_check, "account": account,
    "account, history incomplete": account_history_incomplete, "donate": donate,
    "voucher": voucher, "voucher result": voucher_result, "enrol": enroll, "membership": membership,
    "feedback": feedback, "staff PIN": staff_pin, "staff panel": staff_menu,
}


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def kiosk_at(request: pytest.FixtureRequest, qapp: QApplication,
             shop: Services) -> Iterator[tuple[tuple[int, int], SelfServiceWindow]]:
    """One kiosk per screen size, opened as on that screen; each test starts it from the attract screen, as the
    next customer finds it (the first test at each size sees it freshly opened)."""
    size = request.param
    apply_theme(qapp, scale=kiosk_scale_for(*size), kiosk_mode=True)
    window = SelfServiceWindow(shop, video_inputs=lambda: [], start_camera=False, idle_ms=3_600_000)
    window.resize(*size)
    window.show()
    yield size, window
    window.go_idle()
    window.unlock_and_close()
    window.deleteLater()


@pytest.mark.parametrize("language", [ENGLISH, THAI])
@pytest.mark.parametrize("state", list(STATES))
def test_the_kiosk_fits(qapp: QApplication, kiosk_at: tuple[tuple[int, int], SelfServiceWindow], shop: Services,
                        state: str, language: str) -> None:
    size, window = kiosk_at
    window.go_idle()
    set_language(qapp, language)
    STATES[state](window, shop)
    assert window.runner.wait_idle(5000)
    problems = fit_problems(window, size, where=f"{state} ({language})")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_account_greets_a_latin_name_in_thai_with_its_space_and_shows_ready_in_teal(
        qtbot: QtBot, qapp: QApplication, shop: Services) -> None:
    from kiosk.ui.selfservice.account import RewardRow
    from kiosk.ui.theme import color

    set_language(qapp, THAI)
    window = open_kiosk(qtbot, qapp, shop, (1920, 1080))
    try:
        window._signed_in(replace(busy_account(shop), display_name="Anong W."))
        assert window.account_screen._title.text() == "สวัสดีค่ะ คุณ Anong W."
        ready = next(row for row in window.account_screen.reward_rows() if row.option.kind == "stamp")
        badge = next(label for label in ready.findChildren(QLabel) if label.objectName() == "readyBadge")
        settle(window)
        image = badge.grab().toImage()
        middle = image.pixelColor(image.width() // 8, image.height() // 2)
        assert abs(middle.red() - color("accent").red()) < 20 and abs(middle.green() - color("accent").green()) < 20
        assert isinstance(ready, RewardRow)
    finally:
        window.go_idle()
        window.unlock_and_close()
        window.deleteLater()


def _cut_headings(window: SelfServiceWindow) -> list[str]:
    """The headings in the account's scrolling cards that show cut through, or with nothing of theirs under them."""
    screen = window.account_screen
    problems = []
    for heading, text in screen.headed_sections():
        if heading.isHidden() or not text.text():
            if not heading.isHidden():
                problems.append(f"{heading.text()!r} shows over nothing")
            continue
        viewport = heading.parentWidget().parentWidget()  # the scroll area's viewport holds the column
        shown = viewport.height()
        top = heading.mapTo(viewport, heading.rect().topLeft()).y()
        first_line = text.mapTo(viewport, text.rect().topLeft()).y() + text.fontMetrics().lineSpacing()
        if top < shown and first_line > shown:
            problems.append(f"{heading.text()!r} at {top} px with its first line ending at {first_line} px in "
                            f"{shown} px")
    return problems


@pytest.mark.parametrize("language", [ENGLISH, THAI])
@pytest.mark.parametrize("size", SIZES[:3], ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_challenges_heading_shows_whole_with_its_challenges(qtbot: QtBot, qapp: QApplication, shop: Services,
                                                                size: tuple[int, int], language: str) -> None:
    """"Challenges" sat at the bottom of its card cut through (1280x800), or whole with none of the challenges under
    it (1920x1080): a heading in a card that scrolls starts below what shows unless its first line shows with it;
    with no challenges there is no heading."""
    set_language(qapp, language)
    window = open_kiosk(qtbot, qapp, shop, size)
    try:
        account = busy_account(shop)
        assert account.challenges and account.offers
        for shown in (account, replace(account, expiring=()), replace(account, offers=()),
                      replace(account, challenges=())):
            window._signed_in(shown)
            problems = fit_problems(window, size, where=language) + _cut_headings(window)
            if problems:
                pytest.fail("\n".join(problems), pytrace=False)
        assert window.account_screen._challenges_caption.isHidden()
    finally:
        window.go_idle()
        window.unlock_and_close()
        window.deleteLater()
