"""The counter's member column on a device joined to a real PostgreSQL hub (real widgets, offscreen): a phone that
two tills enrolled while apart makes the cashier choose between both members, never one of them silently; a till
or kiosk whose join was cut short says its balances may be incomplete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.counter.common import CounterContext, Notifier
from kiosk.ui.counter.member import MemberColumn
from kiosk.ui.i18n import set_language
from kiosk.ui.selfservice.account import AccountScreen
from kiosk.ui.tasks import TaskRunner
from tests.integration.test_hub_phones import PHONE, enroll
from tests.support.hub import (  # noqa: F401  (session fixture: the hub's shop)
    Device,
    ShopTemplate,
    hub_shop,  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop)
    shop_template,
)

pytestmark = pytest.mark.postgres


class Said(Notifier):
    """The window's notifier, keeping what it was told to show."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.message.connect(lambda text, kind: self.errors.append(text) if kind == "error" else None)


def member_column(qtbot: QtBot, device: Device, runner: TaskRunner) -> tuple[MemberColumn, Said]:
    said = Said()
    column = MemberColumn(CounterContext(app=device.app.services, runner=runner), said, video_inputs=list)
    qtbot.addWidget(column)
    column.resize(420, 700)
    column.show()
    return column, said


def test_a_phone_on_two_members_asks_the_cashier_which_one(qtbot: QtBot, shop: list[Device],
                                                            runner: TaskRunner) -> None:
    c1, c2, _k = shop
    from datetime import date

    enroll(c1, "Malee Aroon", date(1990, 3, 4))
    enroll(c2, "Malee Boonma", date(1991, 5, 6))
    for device in (c1, c2, c1):
        device.sync()
    column, said = member_column(qtbot, c2, runner)
    # typed whole and Enter at once (as a cashier does), or once the search listed both: the same choice
    for wait_for_search in (False, True):
        column.search.setText(PHONE)
        column.search.textEdited.emit(PHONE)
        if wait_for_search:
            qtbot.waitUntil(lambda: column.results_model.rowCount() == 2, timeout=10_000)
        column.search.returnPressed.emit()
        qtbot.waitUntil(lambda: column.shared_note.isVisible(), timeout=10_000)
        assert runner.wait_idle(10_000)
        assert column.account is None and said.errors == []
        assert sorted(column.results_model.row_at(i).display_name for i in range(2)) == ["Malee A.", "Malee B."]
        assert column.results.isVisible() and not column.results.selectionModel().hasSelection()
        assert column.shared_note.text() == ("This phone number is on 2 members. Ask the customer which one is "
                                             "theirs, or scan their card. A manager should merge them (Manager → "
                                             "Devices and sync).")
        column.search.clear()
        column.search.textEdited.emit("")
        assert not column.shared_note.isVisible()
    column.search.setText(PHONE)
    column.search.returnPressed.emit()
    qtbot.waitUntil(lambda: column.shared_note.isVisible(), timeout=10_000)
    row = next(i for i in range(2) if column.results_model.row_at(i).display_name == "Malee B.")
    column._result_chosen(column.results_model.index(row, 0))
    qtbot.waitUntil(lambda: column.account is not None, timeout=10_000)
    assert column.account is not None and column.account.display_name == "Malee B."
    assert not column.shared_note.isVisible()


def test_a_till_whose_join_was_cut_short_says_so_above_the_balance(
        qtbot: QtBot, shop: list[Device], shop_template: ShopTemplate,  # noqa: F811
        tmp_path: Path, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.integration.test_hub_phones import half_joined

    c1 = shop[0]
    new, _joined = half_joined(shop_template, c1, tmp_path, monkeypatch)
    try:
        column, said = member_column(qtbot, new, runner)
        column.load_member("0811111111")
        qtbot.waitUntil(lambda: column.account is not None, timeout=10_000)
        banner = column.account_view.history_banner
        assert banner.isVisible() and said.errors == []
        assert banner.text() == ("This till has not finished taking the shop's history from the hub: these "
                                 "balances may be incomplete. Points and credit can be spent once it has synced.")
        new.sync()
        column.reload()
        qtbot.waitUntil(lambda: column.account is not None and not column.account.history_incomplete,
                        timeout=10_000)
        assert not banner.isVisible()
        # a till the hub's history reached in full never shows it
        other, _ = member_column(qtbot, c1, runner)
        other.load_member("0811111111")
        qtbot.waitUntil(lambda: other.account is not None, timeout=10_000)
        assert not other.account_view.history_banner.isVisible()
    finally:
        assert runner.wait_idle(10_000)
        new.close()



@pytest.mark.parametrize("language", ["en", "th"])
def test_a_kiosk_whose_join_was_cut_short_tells_the_customer_in_their_language(
        qtbot: QtBot, qapp: QApplication, shop: list[Device], shop_template: ShopTemplate,  # noqa: F811
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """The counter and the CLI's receipt said a device still taking the hub's history may show short balances;
    the kiosk's account screen showed the member's balances as whole. It says so too, in the customer's language,
    and no more once the history is in."""
    from tests.integration.test_hub_phones import half_joined

    set_language(qapp, language)
    c1 = shop[0]
    new, _joined = half_joined(shop_template, c1, tmp_path, monkeypatch)
    try:
        services = new.app.services
        screen = AccountScreen(services.ctx)
        qtbot.addWidget(screen)
        screen.resize(1280, 740)
        screen.show()
        code = services.accounts.account("0811111111").member_code
        screen.set_account(services.selfservice.account_for_code(code, language=language))
        banner = screen.history_banner
        said = {"en": "This kiosk is still taking in the shop's history: your points and credit may not be up to "
                      "date yet, and can be spent once it has it all.",
                "th": "ตู้นี้ยังรับประวัติของร้านไม่ครบ แต้มและเครดิตอาจยังไม่เป็นปัจจุบัน ใช้ได้เมื่อรับครบแล้ว"}
        assert banner.isVisible() and banner.text() == said[language]
        other = "th" if language == "en" else "en"
        set_language(qapp, other)  # the customer switches the screen's language
        assert banner.isVisible() and banner.text() == said[other]
        new.sync()
        screen.set_account(services.selfservice.account_for_code(code, language=language))
        assert not banner.isVisible()
    finally:
        new.close()
