"""The manager's screens driven as a manager would: sign in, read the day, health, edit settings, staff, export."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.services.exports import health_csv, summary_csv
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.staff_page import OwnerPinDialog, StaffPage
from kiosk.ui.manager.window import ManagerShell, ManagerWindow
from tests.support.staff import add_staff

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    clock = FixedClock(datetime(2026, 2, 20, 3, tzinfo=UTC))
    app = build_app(load_settings(data_dir=tmp_path_factory.mktemp("manager")), clock=clock)
    add_staff(app.staff, ("Nok", "manager", "2222"), ("Beam", "cashier", "1111"))
    app.enrollment.enroll(EnrollMember(command_id="e1", name="Somchai Jaidee", phone="0812345678",
                                       consent_version="2026-01"))
    for day, baht in ((20, 250), (25, 120), (28, 90)):
        clock.at = datetime(2026, 2, day, 3, tzinfo=UTC)
        app.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(CartLine("Cake", Money(baht * 100)),),
                                            member_code="0812345678", print_receipt=False))
    clock.at = datetime(2026, 3, 2, 3, tzinfo=UTC)
    app.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(CartLine("Tea", Money(6000)),),
                                        print_receipt=False))
    yield app
    app.close()


@pytest.fixture
def shell(qtbot: QtBot, shop: Services) -> Iterator[ManagerShell]:
    window = ManagerShell(shop)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.shutdown()


def _sign_in(qtbot: QtBot, shell: ManagerShell, pin: str) -> None:
    for digit in pin:
        shell.sign_in.pad.press_digit(digit)
    shell.runner.wait_idle(10_000)


def _open(qtbot: QtBot, shell: ManagerShell) -> ManagerWindow:
    _sign_in(qtbot, shell, "2222")
    assert shell.manager is not None
    shell.runner.wait_idle(10_000)
    return shell.manager


def test_a_cashier_pin_is_refused_and_a_manager_pin_opens(qtbot: QtBot, shell: ManagerShell) -> None:
    _sign_in(qtbot, shell, "1111")
    assert shell.manager is None
    assert "manager" in shell.sign_in.pad.findChild(type(shell.sign_in.title), "errorText").text()
    window = _open(qtbot, shell)
    assert shell.stack.currentWidget() is window and window.session.name == "Nok"


def test_daily_summary_shows_the_day_and_exports(qtbot: QtBot, shell: ManagerShell, tmp_path: Path) -> None:
    window = _open(qtbot, shell)
    daily = window.daily
    assert daily.summary is not None and daily.summary.date_from == TODAY
    assert daily.tiles[0].value.text() == "฿60.00"  # the walk-in's tea today
    daily.span.setCurrentIndex(2)  # month: March so far
    shell.runner.wait_idle(10_000)
    daily.date.setDate(daily.date.date().addDays(-3))  # 27 Feb: February as a month
    shell.runner.wait_idle(10_000)
    s = daily.summary
    assert (s.date_from, s.date_to, s.sales, s.member_revenue_minor) == (date(2026, 2, 1), date(2026, 2, 28), 3,
                                                                         46_000)
    assert daily.figures.rowCount() > 20 and daily.figures.item(0, 1).text() == "3"
    assert not daily.split_card.showing_numbers()
    daily.split_card.toggle.click()
    assert daily.split_card.showing_numbers() and daily.split_numbers.item(0, 1).text() == "3"
    daily.export(tmp_path / "feb.csv", "csv")
    daily.export(tmp_path / "feb.pdf", "pdf")
    shell.runner.wait_idle(20_000)
    assert (tmp_path / "feb.csv").read_text().startswith("figure,value,unit\nperiod_from,2026-02-01,date")
    assert (tmp_path / "feb.csv").read_text() == summary_csv(s)  # the command line's file, whatever the screen says
    assert (tmp_path / "feb.pdf").read_bytes()[:5] == b"%PDF-"


def test_program_health_page_fills_charts_and_tables(qtbot: QtBot, shell: ManagerShell, tmp_path: Path) -> None:
    window = _open(qtbot, shell)
    health = window.open_page("health")
    shell.runner.wait_idle(20_000)
    h = window.health.health
    assert h is not None
    # one member with 250+120+90 baht: 10 + 4 + 3 points, plus 50 for joining = 67 points x 0.25 = 16.75 baht,
    # plus 2 % cashback on the sales of 100 baht or more: 5.00 + 2.40 -> owed 24.15 baht
    assert window.health.tiles[0].value.text() == "฿24.15"
    assert h.lifetime_value.revenue_minor == 46_000
    assert window.health.cohort_map.item(0, 0).text() == "1"  # February's cohort: one member
    assert window.health.cohort_map.item(0, 1).text() == "100%"
    assert window.health.top.item(0, 0).text() == "Somchai J."
    window.health.incremental.setValue(0)  # the manager doubts the program brings anything in
    qtbot.waitUntil(lambda: window.health.health is not None
                    and window.health.health.program_return.assumptions.incremental_percent == 0, timeout=10_000)
    assert window.health.health.program_return.incremental_revenue_minor == 0
    window.health.export(tmp_path / "health.csv", "csv")
    shell.runner.wait_idle(10_000)
    assert (tmp_path / "health.csv").read_text() == health_csv(window.health.health)  # the command line's file
    assert "total_liability,24.15,THB" in (tmp_path / "health.csv").read_text()
    assert health is window.health
    english, title = window.health.pdf_html(window.health.health)
    assert title == "Program health" and "1 / monthly churn" in english
    set_language(QApplication.instance(), THAI)  # the PDF speaks the screen's language, methods and dates too
    thai, title = window.health.pdf_html(window.health.health)
    assert title == "สุขภาพโปรแกรม" and "วิธีคำนวณ" in thai and "อัตราการเลิกมาต่อเดือน" in thai
    assert "monthly churn" not in thai and "Methods" not in thai and "2569" in thai
    for level in shell.app.ctx.programs.tiers.levels:  # each tier in the reader's language, not the shop's
        assert level.name in english and level.name_th not in english
        assert level.name_th in thai and level.name not in thai
    set_language(QApplication.instance(), ENGLISH)


def test_settings_edit_previews_saves_and_sells_under_the_new_rule(qtbot: QtBot, shell: ManagerShell,
                                                                    shop: Services) -> None:
    window = _open(qtbot, shell)
    page = window.open_page("settings")
    shell.runner.wait_idle(10_000)
    settings = window.settings
    assert settings.spend_unit.text() == "25.00"
    settings.spend_unit.setText("0")
    qtbot.waitUntil(lambda: "Points: the spend that earns points must be more than zero" in settings.error.text(),
                    timeout=10_000)
    assert not settings.save_button.isEnabled()
    set_language(QApplication.instance(), THAI)  # why it cannot be saved, said again wholly in Thai (issue 17)
    assert settings.error.text() == "การตั้งค่าโปรแกรมไม่ถูกต้อง: แต้ม: ยอดซื้อที่ได้แต้มต้องมากกว่าศูนย์"
    set_language(QApplication.instance(), ENGLISH)
    settings.spend_unit.setText("10.00")
    qtbot.waitUntil(lambda: "25 points as Bronze" in settings.preview_text.text(), timeout=10_000)
    assert "• A ฿250.00 sale earns 25 points as Bronze" in settings.preview_text.text()
    # the same preview, said again in Thai when the screen's language changes: no English left in it
    set_language(QApplication.instance(), THAI)
    thai = settings.preview_text.text()
    assert "• ยอดขาย ฿250.00 ได้ 25 แต้ม (ระดับ " in thai and "แต้มหมดอายุ" in thai
    assert "บัตรสะสมแสตมป์กาแฟ: สะสม 9 ดวง แลก กาแฟฟรี 1 แก้ว" in thai
    assert not any(word in thai for word in ("sale earns", "points", "stamps for", "expire")), thai
    set_language(QApplication.instance(), ENGLISH)
    assert "• A ฿250.00 sale earns 25 points as Bronze" in settings.preview_text.text()
    settings.save_button.click()
    shell.runner.wait_idle(10_000)
    assert shop.ctx.programs.points.spend_unit == Money(1000)
    assert (shop.data_dir / "config.toml").read_text().count("spend_unit") == 1
    assert page is settings


def _owner_pin(qtbot: QtBot, shell: ManagerShell, page: StaffPage, pin: str) -> OwnerPinDialog:
    qtbot.waitUntil(lambda: page.owner_dialog is not None, timeout=10_000)
    dialog = page.owner_dialog
    assert dialog is not None and "owner" in dialog.title.text()
    dialog.enter_pin(pin)
    shell.runner.wait_idle(10_000)
    return dialog


def test_staff_page_adds_and_disables_with_an_owners_pin(qtbot: QtBot, shell: ManagerShell, shop: Services) -> None:
    window = _open(qtbot, shell)  # Nok, a manager: staff changes need an owner's PIN
    window.open_page("staff")
    shell.runner.wait_idle(10_000)
    staff = window.staff
    staff.add("Mint", "cashier", "3333")
    wrong = _owner_pin(qtbot, shell, staff, "2222")  # Nok's own PIN is a manager's, not an owner's
    assert staff.owner_dialog is wrong and "owner's PIN" in wrong.pin_pad.findChild(QWidget, "errorText").text()
    assert "Mint" not in [s.name for s in shop.staff.list_staff(include_inactive=True)]
    _owner_pin(qtbot, shell, staff, "9999")
    assert staff.owner_dialog is None
    names = [s.name for s in staff.staff]
    assert "Mint" in names
    staff.list.selectRow(names.index("Mint"))
    staff.toggle_selected()
    _owner_pin(qtbot, shell, staff, "9999")
    assert not next(s for s in staff.staff if s.name == "Mint").active
    assert staff.list.item([s.name for s in staff.staff].index("Mint"), 2).text() == "Disabled"
    owner = next(s.id for s in shop.staff.list_staff() if s.name == "Ploy")
    mint = next(s.id for s in staff.staff if s.name == "Mint")
    assert {(r.action, r.staff_id) for r in shop.staff.audit_trail() if r.subject == mint} == {
        ("staff.added", owner), ("staff.disabled", owner)}


def test_staff_page_refuses_a_pin_someone_already_has(qtbot: QtBot, shell: ManagerShell, shop: Services) -> None:
    window = _open(qtbot, shell)
    window.open_page("staff")
    shell.runner.wait_idle(10_000)
    before = shop.staff.list_staff(include_inactive=True)
    window.staff.add("Evil", "owner", "2222")  # Nok's PIN
    _owner_pin(qtbot, shell, window.staff, "9999")
    assert window.toast.isVisible() and window.toast.kind() == "error"
    assert window.toast.text() == "Someone on the staff already has that PIN. Choose another."
    assert shop.staff.list_staff(include_inactive=True) == before


def _rename_on_the_page(qtbot: QtBot, shell: ManagerShell, page: StaffPage, name: str,
                        owner_pin: str | None = "9999") -> None:
    """Rename the selected person as a manager would: the page's button, the new name, OK, an owner's PIN."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    dialog = page.rename_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText(name)
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert page.rename_dialog is None
    if owner_pin is not None:
        qtbot.waitUntil(lambda: page.owner_dialog is not None, timeout=10_000)
        assert page.owner_dialog is not None
        pad = page.owner_dialog.pin_pad  # its keys whole, not squeezed into a dialog too short for them
        assert pad.height() >= pad.sizeHint().height()
        page.owner_dialog.enter_pin(owner_pin)
    shell.runner.wait_idle(10_000)


def test_staff_page_renames_and_so_frees_a_name_for_someone_to_be_enabled(qtbot: QtBot, shell: ManagerShell,
                                                                         shop: Services) -> None:
    """Enabling Dao while another active 'dao' was added in her absence is refused with "Rename one of them first":
    the page now has that way out, Rename, with an owner's PIN as for its other changes."""
    owner = next(s.id for s in shop.staff.list_staff() if s.name == "Ploy")
    away = shop.staff.add_staff(name="Dao", role="cashier", pin="5151", by=owner)
    shop.staff.set_active(away.id, False, by=owner)
    shop.staff.add_staff(name="dao", role="cashier", pin="5252", by=owner)
    window = _open(qtbot, shell)  # Nok, a manager
    window.open_page("staff")
    shell.runner.wait_idle(10_000)
    page = window.staff
    assert not page.rename_button.isEnabled()  # nobody chosen yet
    page.list.selectRow([s.id for s in page.staff].index(away.id))
    assert page.rename_button.isEnabled() and page.rename_button.text() == "Rename Dao"
    page.toggle_selected()
    _owner_pin(qtbot, shell, page, "9999")
    assert window.toast.kind() == "error" and window.toast.text().endswith("Rename one of them first.")
    assert not shop.staff.find_staff(away.id).active

    def names() -> list[str]:
        return sorted(s.name for s in shop.staff.list_staff(include_inactive=True))

    before = names()
    _rename_on_the_page(qtbot, shell, page, " \u200b ", owner_pin=None)  # no name: refused before any PIN
    assert page.owner_dialog is None and window.toast.text() == "Enter the staff member's name."
    _rename_on_the_page(qtbot, shell, page, "Dao", owner_pin=None)  # the same name: nothing to do, nobody asked
    assert page.owner_dialog is None
    _rename_on_the_page(qtbot, shell, page, "NOK")  # an active colleague's name: the service's refusal
    assert window.toast.kind() == "error" and "\n" not in window.toast.text()
    assert window.toast.text() == "A staff member is already called 'Nok': choose another name (add an initial)."
    set_language(QApplication.instance(), THAI)  # the refusal in the screen's language
    try:
        _rename_on_the_page(qtbot, shell, page, "nok")
        assert window.toast.text() == "มีพนักงานชื่อ 'Nok' อยู่แล้ว เลือกชื่ออื่น (เช่น เติมอักษรย่อของนามสกุล)"
    finally:
        set_language(QApplication.instance(), ENGLISH)
    assert names() == before

    _rename_on_the_page(qtbot, shell, page, "  Dao   K. ")
    assert window.toast.kind() == "success" and window.toast.text() == "Dao is now called Dao K."  # no "K.."
    assert shop.staff.find_staff(away.id).name == "Dao K."
    assert page.selected() is not None and page.selected().id == away.id  # the list refreshed, Dao still chosen
    assert page.list.item(page.list.currentRow(), 0).text() == "Dao K."
    assert page.rename_button.text() == "Rename Dao K."
    renamed = [r for r in shop.staff.audit_trail() if r.subject == away.id and r.action == "staff.renamed"]
    assert [r.staff_id for r in renamed] == [owner]
    page.toggle_selected()  # and now she can come back
    _owner_pin(qtbot, shell, page, "9999")
    assert window.toast.kind() == "success" and shop.staff.find_staff(away.id).active


def test_an_owner_changes_staff_without_being_asked_again(qtbot: QtBot, shell: ManagerShell, shop: Services) -> None:
    _sign_in(qtbot, shell, "9999")
    window = shell.manager
    assert window is not None and window.session.name == "Ploy"
    window.open_page("staff")
    shell.runner.wait_idle(10_000)
    window.staff.add("Fon", "cashier", "4444")
    shell.runner.wait_idle(10_000)
    assert window.staff.owner_dialog is None and "Fon" in [s.name for s in window.staff.staff]


def test_devices_page_reports_printer_and_no_stripe(qtbot: QtBot, shell: ManagerShell) -> None:
    window = _open(qtbot, shell)
    window.open_page("devices")
    shell.runner.wait_idle(10_000)
    assert window.devices.state is not None
    assert "Receipt printer" in window.devices.printer_text.text()
    assert window.devices.sync_text.text()
    # nothing to review: no empty list titled "(0)" with two greyed-out buttons under it
    assert not window.devices.review.isVisibleTo(window) and not window.devices.review_title.isVisibleTo(window)
    assert not window.devices.retry_all_button.isVisibleTo(window)


def test_thai_switch_retranslates_the_manager(qtbot: QtBot, shell: ManagerShell, qapp: QApplication) -> None:
    window = _open(qtbot, shell)
    shell.runner.wait_idle(20_000)
    assert window.daily.summary is not None and window.daily.figures.item(0, 0).text() == "Sales"
    set_language(qapp, THAI)
    assert window.nav.item(0).text() == "สรุปประจำวัน"
    assert window.daily.print_button.text() == "พิมพ์สรุป"
    # the summary's figures, said again by the catalogue in Thai
    names = [window.daily.figures.item(row, 0).text() for row in range(window.daily.figures.rowCount())]
    assert names[:3] == ["จำนวนบิล", "คืนเงิน", "รายได้"]  # the refunds between: a sum that reads
    assert not any(ch.isascii() and ch.isalpha() for n in names for ch in n)
    set_language(qapp, ENGLISH)
    assert window.nav.item(0).text() == "Daily summary"
    assert window.daily.figures.item(0, 0).text() == "Sales"


def test_engagement_and_member_tables_fit_the_health_page_at_1280(qtbot: QtBot, shell: ManagerShell,
                                                                   qapp: QApplication) -> None:
    window = _open(qtbot, shell)
    shell.resize(1280, 800)
    health = window.open_page("health")
    shell.runner.wait_idle(20_000)
    for language in (THAI, ENGLISH):
        set_language(qapp, language)
        qapp.processEvents()
        lines = window.health.engagement_lines()
        assert len(lines) == 6 and any("%" in line for line in lines)  # two periods: a title, earned, redeemed
        block = window.health.engagement
        assert block.minimumSizeHint().width() <= block.width()  # nothing cut off at the side
        # and, once laid out, the page never scrolls sideways
        qtbot.waitUntil(lambda: health.horizontalScrollBar().maximum() == 0, timeout=10_000)
    assert window.health.engagement_lines()[0] == "Last 30 days"


def test_settings_fit_1280_in_thai_and_the_earn_basis_is_translated(qtbot: QtBot, shell: ManagerShell,
                                                                    qapp: QApplication) -> None:
    window = _open(qtbot, shell)
    shell.resize(1280, 800)
    page = window.open_page("settings")
    shell.runner.wait_idle(20_000)
    set_language(qapp, THAI)
    qtbot.waitUntil(lambda: page.horizontalScrollBar().maximum() == 0, timeout=10_000)
    assert window.settings.basis.currentData() == "spend"
    assert window.settings.basis.currentText() != "spend"


def test_devices_page_lists_the_whole_review_list_and_retries_it_all(qtbot: QtBot, shell: ManagerShell,
                                                                     shop: Services) -> None:
    from PySide6.QtCore import Qt
    from sqlalchemy import update

    from kiosk.adapters.db import tables as t

    # Rows Stripe refused (Stripe is not even configured here: the list and the button work on the shop's own
    # outbox, which is what the manager fixes things in).
    with shop.sync.store.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(update(t.outbox).where(t.outbox.c.status == "pending")
                     .values(status="review", attempts=1, last_error="[invalid_request] Stripe: 404"))
    waiting = shop.sync.status().review
    assert waiting
    window = _open(qtbot, shell)
    window.open_page("devices")
    shell.runner.wait_idle(10_000)
    devices = window.devices
    assert devices.review.rowCount() == len(waiting)
    assert devices.retry_all_button.isEnabled() and devices.review.isVisibleTo(window)
    # what each row carries in words, not the outbox's topic key ("member.snapshot")
    assert {devices.review.item(r, 0).text() for r in range(devices.review.rowCount())} <= {
        "customer details", "store credit", "erasure"}

    qtbot.mouseClick(devices.retry_all_button, Qt.MouseButton.LeftButton)
    shell.runner.wait_idle(10_000)
    qtbot.waitUntil(lambda: devices.state is not None and not devices.state.review, timeout=10_000)
    shell.runner.wait_idle(10_000)

    assert devices.review.rowCount() == 0
    assert not devices.retry_all_button.isEnabled() and not devices.review.isVisibleTo(window)
    assert shop.sync.status().review == [] and shop.sync.status().waiting >= len(waiting)


def test_devices_page_says_why_the_sync_is_paused_and_what_to_check(qtbot: QtBot, shell: ManagerShell) -> None:
    from kiosk.services.sync.status import SyncPause
    from kiosk.ui.manager.devices import DeviceState

    window = _open(qtbot, shell)
    window.open_page("devices")
    shell.runner.wait_idle(10_000)
    pause = SyncPause(reason="endpoint_not_found", check="api_base", http_status=404, operation="customers.search",
                      detail="[endpoint_not_found] Stripe: Unrecognized request URL (GET: /v1/customers/search).")
    window.devices.show_state(DeviceState("ready", True, 0, True, True, 411, None, pause.detail, [], pause))
    text = window.devices.sync_text.text()
    assert "Sync is paused" in text and "no such endpoint" in text and "api_base" in text
    assert "411 changes waiting" in text and "Unrecognized request URL" in text  # issue 17: real plurals


def test_devices_page_says_the_sync_error_and_each_refusal_in_thai(qtbot: QtBot, shell: ManagerShell,
                                                                   qapp: QApplication) -> None:
    """Issue 17: the sync keeps its errors as codes; the page words them in the screen's language (Stripe's own
    code and words stay as Stripe said them), and a sentence an older version stored shows as it is."""
    from kiosk.domain.text import Phrase
    from kiosk.services.ports.sync_store import ReviewItem
    from kiosk.ui.manager.devices import DeviceState

    window = _open(qtbot, shell)
    window.open_page("devices")
    shell.runner.wait_idle(10_000)
    refused = ReviewItem(outbox_id="o1", seq=1, topic="credit.balance_transaction", member_id="m1", entry_id="e1",
                         created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), attempts=1,
                         last_error=Phrase("sync.error.stripe", {"code": "invalid_request", "message": "usd"}))
    older = ReviewItem(outbox_id="o2", seq=2, topic="member.snapshot", member_id="m2", entry_id=None,
                       created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), attempts=1,
                       last_error="[invalid_request] Stripe: 404")
    state = DeviceState("ready", True, 0, True, False, 3, None, Phrase("sync.error.offline"), [refused, older])
    set_language(qapp, THAI)
    try:
        window.devices.show_state(state)
        text = window.devices.sync_text.text()
        assert "ติดต่อ Stripe ไม่ได้: ตรวจการเชื่อมต่ออินเทอร์เน็ต" in text and "check the internet" not in text
        whys = [window.devices.review.item(r, 3).text() for r in range(2)]
        assert whys == ["Stripe ตอบกลับ [invalid_request] usd", "[invalid_request] Stripe: 404"]
    finally:
        set_language(qapp, ENGLISH)
    window.devices.show_state(state)
    assert "Stripe cannot be reached: check the internet connection." in window.devices.sync_text.text()
    assert window.devices.review.item(0, 3).text() == "[invalid_request] usd"


def test_program_health_says_what_it_cannot_measure(qtbot: QtBot, shell: ManagerShell) -> None:
    """No churn figure yet (nobody bought the month before last): the forecast says it rests on the cap, not
    'monthly churn –'; a member at risk who came several times a day is not 'usually every 0 days'."""
    from dataclasses import replace

    from kiosk.services.analytics import MemberLine

    window = _open(qtbot, shell)
    window.open_page("health")
    shell.runner.wait_idle(20_000)
    h = window.health.health
    assert h is not None
    away = MemberLine(masked_name="Nok S.", short_id="X1", visits=3, revenue_minor=9_000,
                      last_visit=h.as_of, usual_days=0, days_since=2)
    for churn, said in ((None, "churn cannot be measured yet"), (4.0, "monthly churn 4.0%")):
        window.health.show_health(replace(h, lifetime_value=replace(h.lifetime_value, monthly_churn_percent=churn),
                                          at_risk=(away,), at_risk_count=1))
        assert said in window.health.value_text.text()
    assert window.health.risk.item(0, 1).text() == "several times a day"


def test_the_sign_in_names_the_shop_in_the_screens_language(qtbot: QtBot, shell: ManagerShell, shop: Services) -> None:
    """A screenshot review found the Thai sign-in naming the shop in English (the counter's and the kiosk's say
    บ้านกาแฟ)."""
    try:
        set_language(QApplication.instance(), THAI)
        assert shell.sign_in.shop.text() == shop.ctx.shop.label("th") != shop.ctx.shop.name
        set_language(QApplication.instance(), ENGLISH)
        assert shell.sign_in.shop.text() == shop.ctx.shop.name
    finally:
        set_language(QApplication.instance(), ENGLISH)
