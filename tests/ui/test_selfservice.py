"""The self-service kiosk driven like a customer would: camera and reader scans, phone check, rewards, joining,
feedback, idle reset, and the lock-down (close, Esc, Alt+F4 ignored; a manager PIN behind a hidden gesture)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import qrcode
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import AdjustPoints, EnrollMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.errors import Conflict
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.services.sync.membership import MembershipUnavailable
from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language
from kiosk.ui.selfservice.window import SelfServiceWindow
from kiosk.ui.theme import apply_theme
from tests.support.db import shop_uow
from tests.support.staff import add_staff

NOON = datetime(2026, 3, 4, 5, 0, tzinfo=UTC)
PHONE = "0812345678"


def camera_frame(text: str) -> QVideoFrame:
    """A 720p camera frame with `text` as a QR held up in it, with sensor noise."""
    rng = np.random.default_rng(5)
    frame = np.full((720, 1280), 150, dtype=np.int16)
    code = qrcode.QRCode(border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)
    patch = np.where(np.kron(modules, np.ones((9, 9), dtype=bool)), 25, 230)
    frame[150:150 + patch.shape[0], 480:480 + patch.shape[1]] = patch
    frame += rng.normal(0, 8, frame.shape).astype(np.int16)
    gray = np.ascontiguousarray(np.clip(frame, 0, 255).astype(np.uint8))
    image = QImage(gray.data, 1280, 720, 1280, QImage.Format.Format_Grayscale8)
    return QVideoFrame(image.convertToFormat(QImage.Format.Format_RGB32))


@pytest.fixture(scope="module", autouse=True)
def kiosk_theme(qapp: QApplication) -> Iterator[None]:
    apply_theme(qapp, kiosk_mode=True)
    yield
    apply_theme(qapp)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOON)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    with build_app(load_settings(data_dir=tmp_path), clock=clock, role="kiosk") as built:
        yield built


@pytest.fixture
def member_code(app: Services) -> str:
    result = app.enrollment.enroll(EnrollMember(command_id="enroll-mali", name="Mali Srisuk", phone=PHONE,
                                                birthday="1990-07-15", consent_version="2026-01", language="en"))
    return result.member_code


def make_window(qtbot: QtBot, app: Services, **kwargs: object) -> SelfServiceWindow:
    window = SelfServiceWindow(app, video_inputs=lambda: [], **kwargs)  # type: ignore[arg-type]
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, app: Services) -> Iterator[SelfServiceWindow]:
    win = make_window(qtbot, app, idle_ms=600_000)
    yield win
    win.unlock_and_close()
    win.deleteLater()


def scan_camera(qtbot: QtBot, window: SelfServiceWindow, code: str) -> None:
    with qtbot.waitSignal(window.member_shown, timeout=10_000):
        window.scanner.video_sink.setVideoFrame(camera_frame(code))


def give_points(app: Services, code: str, points: int) -> None:
    (manager,) = add_staff(app.staff, ("Nok", "manager", "2222"))
    app.redemption.adjust(AdjustPoints(command_id=f"adjust-{points}", member_code=code, points=points,
                                       reason="test balance", approved_by=manager.id))


# ----------------------------------------------------------------------------------------------- signing in
def test_a_camera_frame_with_a_member_qr_shows_that_member(qtbot: QtBot, window: SelfServiceWindow,
                                                          member_code: str) -> None:
    assert window.page() == "attract"
    scan_camera(qtbot, window, member_code)
    assert window.page() == "account"
    texts = window.account_screen.visible_texts()
    assert "Hello, Mali S." in texts
    assert any("•••-•••-5678" in t for t in texts)
    assert not any("Srisuk" in t or "0812345678" in t for t in texts)  # personal data stays masked
    assert window.account_screen.points_tile.value_text() == "50"  # the sign-up bonus


def test_a_forged_code_is_refused(qtbot: QtBot, window: SelfServiceWindow, member_code: str) -> None:
    forged = member_code[:-1] + ("A" if member_code[-1] != "A" else "B")
    window.scanner.video_sink.setVideoFrame(camera_frame(forged))
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=10_000)
    assert "not valid" in window.toast.text()
    assert window.page() == "attract" and window.account() is None


def test_a_wedge_scan_of_a_phone_number_cannot_skip_the_check(qtbot: QtBot, window: SelfServiceWindow,
                                                              member_code: str) -> None:
    window.code_scanned(PHONE)
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=10_000)
    assert window.account() is None and window.page() == "attract"
    window.toast.hide()
    window.code_scanned(member_code)  # the wedge reader's signal path
    qtbot.waitUntil(lambda: window.page() == "account", timeout=10_000)


def test_phone_sign_in_with_the_birth_year_and_limited_tries(qtbot: QtBot, window: SelfServiceWindow,
                                                             member_code: str) -> None:
    qtbot.mouseClick(window.attract.phone_button, Qt.MouseButton.LeftButton)
    assert window.page() == "phone"
    for digit in PHONE:
        qtbot.mouseClick(window.phone.keypad.key_button(digit), Qt.MouseButton.LeftButton)
    assert window.phone.keypad.display_text() == "081-234-5678"
    qtbot.mouseClick(window.phone.next_button, Qt.MouseButton.LeftButton)
    assert window.phone.step() == "check"
    for digit in "1234":
        qtbot.mouseClick(window.phone.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    message = window.phone.pin_pad.findChild(type(window.phone._title), "errorText")
    qtbot.waitUntil(lambda: "does not match" in message.text(), timeout=10_000)
    assert "2 tries left" in message.text()
    with qtbot.waitSignal(window.member_shown, timeout=10_000):
        for digit in "2533":  # the Buddhist Era year works as well as 1990
            qtbot.mouseClick(window.phone.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    assert window.page() == "account"


def test_an_unknown_phone_gets_the_same_question_and_answer(qtbot: QtBot, window: SelfServiceWindow,
                                                            member_code: str) -> None:
    messages = []
    for phone in (PHONE, "0899999999"):
        window._start("phone")
        window.phone.keypad.set_digits(phone)
        window.phone.next_button.click()
        prompt = window.phone._check_title.text()
        for digit in "1111":
            window.phone.pin_pad.press_digit(digit)
        message = window.phone.pin_pad.findChild(type(window.phone._title), "errorText")
        qtbot.waitUntil(lambda: bool(message.text()), timeout=10_000)
        messages.append((prompt, message.text()))
    assert messages[0] == messages[1]


# ----------------------------------------------------------------------------------------------- idle, lock
def test_idle_timeout_forgets_the_customer(qtbot: QtBot, app: Services, member_code: str) -> None:
    window = make_window(qtbot, app, idle_ms=400)
    try:
        set_language(QApplication.instance(), THAI)
        scan_camera(qtbot, window, member_code)
        window._open_donate()
        window.donate.keypad.set_digits("20")
        with qtbot.waitSignal(window.idle_reset, timeout=10_000):
            pass
        assert window.page() == "attract" and window.account() is None
        assert window.account_screen.visible_texts() == [t for t in window.account_screen.visible_texts()
                                                         if "Mali" not in t and "5678" not in t]
        assert window.account_screen.reward_rows() == []
        assert window.donate.keypad.digits() == ""
        assert current_language() == "th"  # the shop's language again (the demo shop is Thai)
        # a half-typed phone number is forgotten too
        window._start("phone")
        window.phone.keypad.set_digits("08123")
        with qtbot.waitSignal(window.idle_reset, timeout=10_000):
            pass
        assert window.phone.keypad.digits() == "" and window.phone.step() == "phone"
    finally:
        window.unlock_and_close()


def test_done_clears_the_screen_for_the_next_customer(qtbot: QtBot, window: SelfServiceWindow,
                                                      member_code: str) -> None:
    scan_camera(qtbot, window, member_code)
    qtbot.mouseClick(window.account_screen.done_button, Qt.MouseButton.LeftButton)
    assert window.page() == "attract"
    assert not any("Mali" in t for t in window.account_screen.visible_texts())
    assert window.account_screen.account() is None


def test_close_escape_and_alt_f4_are_ignored(qtbot: QtBot, window: SelfServiceWindow, member_code: str) -> None:
    assert window.close() is False
    assert window.isVisible()
    window._start("phone")
    QTest.keyClick(window, Qt.Key.Key_Escape)
    QTest.keyClick(window.phone.keypad, Qt.Key.Key_Escape)
    QTest.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.isVisible() and window.page() == "phone" and window.is_locked()


def test_the_manager_pin_gesture_unlocks_and_exits(qtbot: QtBot, app: Services) -> None:
    add_staff(app.staff, ("Nok", "manager", "2222"), ("Beam", "cashier", "1111"))
    now = [100.0]
    window = make_window(qtbot, app, idle_ms=600_000, tap_clock=lambda: now[0])
    corner = QPoint(10, 10)
    for _ in range(4):
        qtbot.mouseClick(window.hot_corner, Qt.MouseButton.LeftButton, pos=corner)
    now[0] += 3.5  # too slow: the count starts again
    qtbot.mouseClick(window.hot_corner, Qt.MouseButton.LeftButton, pos=corner)
    assert window.page() == "attract"
    for _ in range(4):
        qtbot.mouseClick(window.hot_corner, Qt.MouseButton.LeftButton, pos=corner)
    assert window.page() == "staff"
    for digit in "1111":  # a cashier cannot let anyone out
        qtbot.mouseClick(window.staff.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.staff.ok_button, Qt.MouseButton.LeftButton)
    message = window.staff.pin_pad.findChild(type(window.staff._title), "errorText")
    qtbot.waitUntil(lambda: "manager" in message.text(), timeout=10_000)
    for digit in "2222":
        qtbot.mouseClick(window.staff.pin_pad.key_button(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.staff.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.staff.pages.currentIndex() == 1, timeout=10_000)
    assert "Nok" in window.staff._signed_in.text()
    with qtbot.waitSignal(window.unlocked):
        qtbot.mouseClick(window.staff.leave_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


# ----------------------------------------------------------------------------------------------- rewards
def test_a_redeemed_voucher_prints_and_works_once_at_checkout(qtbot: QtBot, window: SelfServiceWindow, app: Services,
                                                              member_code: str) -> None:
    give_points(app, member_code, 300)
    scan_camera(qtbot, window, member_code)
    rows = {row.option.id: row for row in window.account_screen.reward_rows()}
    assert rows["off50"].redeem_button is not None and rows["cake"].redeem_button is None  # 380 > 350
    qtbot.mouseClick(rows["off50"].redeem_button, Qt.MouseButton.LeftButton)
    assert window.page() == "voucher"
    qtbot.mouseClick(window.voucher.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.voucher.result() is not None, timeout=10_000)
    result = window.voucher.result()
    assert window.voucher.printed() and result.print_job is not None
    assert window.voucher.qr.payload() == result.voucher_code
    qtbot.waitUntil(lambda: window.account_screen.points_tile.value_text() == "150", timeout=10_000)
    sale = RecordSale(command_id="sale-1",
                      lines=(CartLine(name="Latte", unit_price=Money(6500), quantity=1, sku="LATTE"),),
                      voucher_codes=(result.voucher_code,), print_receipt=False)
    assert app.checkout.record_sale(sale).discounts
    with pytest.raises(Conflict) as used:
        app.checkout.record_sale(RecordSale(command_id="sale-2", lines=sale.lines, voucher_codes=sale.voucher_codes,
                                            print_receipt=False))
    assert used.value.code == "checkout.voucher_used"


def test_without_paper_the_voucher_qr_is_shown_on_screen(qtbot: QtBot, window: SelfServiceWindow, app: Services,
                                                         member_code: str) -> None:
    give_points(app, member_code, 300)
    app.printing().printers["receipt"].dummy.state = "paper_out"
    scan_camera(qtbot, window, member_code)
    window._ask_redeem("latte")
    qtbot.mouseClick(window.voucher.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.voucher.result() is not None, timeout=10_000)
    assert not window.voucher.printed() and window.voucher.result().print_job is None
    assert "printer is not available" in window.voucher.status.text()
    assert window.voucher.qr.payload() == window.voucher.result().voucher_code


def test_donating_points(qtbot: QtBot, window: SelfServiceWindow, app: Services, member_code: str) -> None:
    scan_camera(qtbot, window, member_code)
    qtbot.mouseClick(window.account_screen.donate_button, Qt.MouseButton.LeftButton)
    window.donate.select_cause("soi_dogs")
    for digit in "30":
        qtbot.mouseClick(window.donate.keypad.key_button(digit), Qt.MouseButton.LeftButton)
    assert "฿7.50" in window.donate.value.text()
    qtbot.mouseClick(window.donate.donate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page() == "account", timeout=10_000)
    assert window.account_screen.points_tile.value_text() == "20"
    # the cause named in the screen's language (English here), though the shop's language is Thai
    assert "Thank you! 30 points went to Soi Dog Foundation." in window.toast.text()


def test_paid_membership_needs_the_online_service(qtbot: QtBot, window: SelfServiceWindow, app: Services,
                                                  member_code: str) -> None:
    window.app = replace(app, membership=None)  # Stripe sync not installed
    scan_camera(qtbot, window, member_code)
    qtbot.mouseClick(window.account_screen.membership_button, Qt.MouseButton.LeftButton)
    assert "not available right now" in window.membership.message.text()
    assert all(not button.isVisible() for button in window.membership._join_buttons.values())
    assert not window.membership.qr_card.isVisible()

    class Offline:
        def checkout_url(self, member_code: str, plan_id: str) -> str:
            raise MembershipUnavailable()

    class Gateway:
        def checkout_url(self, member_code: str, plan_id: str) -> str:
            return f"https://pay.example/{plan_id}/{member_code}"

    window.app = replace(app, membership=Offline())  # type: ignore[arg-type]
    window._back_to_account()
    qtbot.mouseClick(window.account_screen.membership_button, Qt.MouseButton.LeftButton)
    window.membership._join_buttons["coffee_club"].click()
    qtbot.waitUntil(lambda: "needs the internet" in window.membership.message.text(), timeout=10_000)
    assert not window.membership.qr_card.isVisible()

    window.app = replace(app, membership=Gateway())  # type: ignore[arg-type]
    window._back_to_account()
    qtbot.mouseClick(window.account_screen.membership_button, Qt.MouseButton.LeftButton)
    window.membership._join_buttons["coffee_club"].click()
    qtbot.waitUntil(lambda: window.membership.checkout_url() != "", timeout=10_000)
    assert window.membership.qr.payload() == f"https://pay.example/coffee_club/{member_code}"
    assert window.membership.qr_card.isVisible()


# ----------------------------------------------------------------------------------------------- joining
def test_self_enrollment_with_the_on_screen_keyboard(qtbot: QtBot, window: SelfServiceWindow, app: Services) -> None:
    qtbot.mouseClick(window.attract.join_button, Qt.MouseButton.LeftButton)
    enroll = window.enroll
    assert window.page() == "enroll" and "2026-01" in enroll._notice_title.text()
    assert "keeps your name" in enroll.notice.text()
    enroll.focus_field(enroll.name)
    for char in "Ann":
        key = enroll.keyboard.key_for(char) or enroll.keyboard.key_for(char.lower())
        if char.isupper():
            enroll.keyboard.set_shifted(True)
            key = enroll.keyboard.key_for(char)
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    assert enroll.name.text() == "Ann"
    enroll.focus_field(enroll.phone)
    assert enroll.keyboard.language() == "en"
    for char in "0891112222":
        qtbot.mouseClick(enroll.keyboard.key_for(char), Qt.MouseButton.LeftButton)
    enroll.focus_field(enroll.birthday)  # a date is digits: the number pad, with the date's "/"
    assert enroll.keys.currentWidget() is enroll.number_pad and enroll.number_pad.isVisible()
    for char in "15/07/2533":
        qtbot.mouseClick(enroll.number_pad.key_for(char), Qt.MouseButton.LeftButton)
    assert enroll.birthday.text() == "15/07/2533"
    assert not enroll.join_button.isEnabled()  # consent first
    enroll.consent.setChecked(True)
    qtbot.mouseClick(enroll.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page() == "welcome", timeout=10_000)
    result = window.welcome.result()
    assert result.signup_points == 50 and result.card_print_job is not None
    assert window.welcome.qr.payload() == result.member_code
    account = app.accounts.account("0891112222")
    assert account.points == 50 and account.display_name == "An*"
    with shop_uow(app.data_dir) as uow:
        member = uow.members.by_phone("+66891112222")
        assert member.consent_version == "2026-01" and member.birthday.isoformat() == "1990-07-15"
    assert enroll.name.text() == ""  # the form is empty for the next person
    with qtbot.waitSignal(window.member_shown, timeout=10_000):
        qtbot.mouseClick(window.welcome.account_button, Qt.MouseButton.LeftButton)


def test_enrollment_without_consent_or_with_a_taken_phone_is_refused(qtbot: QtBot, window: SelfServiceWindow,
                                                                     member_code: str) -> None:
    window._start("enroll")
    window.enroll.name.setText("Somebody")
    window.enroll.phone.setText(PHONE)
    window.enroll.consent.setChecked(True)
    qtbot.mouseClick(window.enroll.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.enroll.error.text()), timeout=10_000)
    assert "could not sign you up" in window.enroll.error.text()
    assert window.page() == "enroll"


# ----------------------------------------------------------------------------------------------- shared data
def test_a_sale_at_the_counter_shows_at_the_kiosk_on_the_next_scan(qtbot: QtBot, window: SelfServiceWindow,
                                                                   tmp_path: Path, clock: FixedClock,
                                                                   member_code: str) -> None:
    scan_camera(qtbot, window, member_code)
    assert window.account_screen.points_tile.value_text() == "50"
    window.go_idle()
    # The counter: another Services on the same data dir (its own engine and device id), as another process has.
    with build_app(load_settings(data_dir=tmp_path), clock=clock, role="counter") as counter:
        assert counter.ctx.device_id != window.app.ctx.device_id
        counter.checkout.record_sale(RecordSale(command_id="counter-sale", member_code=member_code,
                                                lines=(CartLine(name="Latte", unit_price=Money(6500), quantity=4,
                                                                sku="LATTE"),),
                                                print_receipt=False))
    scan_camera(qtbot, window, member_code)
    assert window.account_screen.points_tile.value_text() == "60"  # 50 + 260/25
    assert "฿260.00" in window.account_screen.visits_text.text()
    # (go_idle switched back to the shop's language, Thai)
    qtbot.waitUntil(lambda: "5 more for กาแฟฟรี 1 แก้ว" in window.account_screen.visible_texts()
                    or "อีก 5 ดวง รับกาแฟฟรี 1 แก้ว" in window.account_screen.visible_texts())


def test_feedback_is_stored(qtbot: QtBot, window: SelfServiceWindow, app: Services, member_code: str) -> None:
    scan_camera(qtbot, window, member_code)
    qtbot.mouseClick(window.account_screen.feedback_button, Qt.MouseButton.LeftButton)
    assert not window.feedback.send_button.isEnabled()
    qtbot.mouseClick(window.feedback.stars[3], Qt.MouseButton.LeftButton)
    window.feedback.keyboard.set_language("en")
    for char in "good":
        qtbot.mouseClick(window.feedback.keyboard.key_for(char), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.feedback.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page() == "account", timeout=10_000)
    summary = app.feedback.summary(NOON.date())
    assert summary.count == 1 and summary.by_rating[4] == 1
    stored = app.feedback.recent(limit=1)[0]
    assert stored.comment == "good" and stored.member_id == window.account().member_id


def test_anonymous_feedback_from_the_attract_screen(qtbot: QtBot, window: SelfServiceWindow, app: Services) -> None:
    qtbot.mouseClick(window.attract.feedback_button, Qt.MouseButton.LeftButton)
    window.feedback.set_rating(2)
    qtbot.mouseClick(window.feedback.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page() == "attract", timeout=10_000)
    assert app.feedback.recent(limit=1)[0].member_id is None


def test_thai_and_english_are_one_tap_apart(qtbot: QtBot, window: SelfServiceWindow, member_code: str) -> None:
    set_language(QApplication.instance(), ENGLISH)
    scan_camera(qtbot, window, member_code)
    assert window.language_button.text() == "ภาษาไทย"
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert current_language() == THAI
    assert window.language_button.text() == "English"
    assert window.account_screen.done_button.text() == "เสร็จสิ้น"
    qtbot.waitUntil(lambda: any("ลาเต้ฟรี" in row.option.name for row in window.account_screen.reward_rows()),
                    timeout=10_000)


def test_recent_visits_say_partly_refunded_refunded_or_voided_as_the_sale_is(
        qtbot: QtBot, window: SelfServiceWindow, tmp_path: Path, clock: FixedClock, member_code: str) -> None:
    """A screenshot review found a sale of which one latte of two went back listed as "(refunded)" at the kiosk,
    while the counter said partly refunded."""
    with build_app(load_settings(data_dir=tmp_path), clock=clock, role="counter") as counter:
        (manager,) = add_staff(counter.staff, ("Nok", "manager", "2222"))
        latte = CartLine(name="Latte", unit_price=Money(6500), quantity=2, sku="LATTE")
        for name in ("part", "whole", "kept"):
            sale = counter.checkout.record_sale(RecordSale(command_id=name, member_code=member_code, lines=(latte,),
                                                           print_receipt=False))
            if name == "part":
                counter.refunds.refund(RefundSale(command_id="r-part", receipt_no=sale.receipt_no,
                                                  approved_by=manager.id, lines=(RefundLine(0, 1),)))
            elif name == "whole":
                counter.refunds.refund(RefundSale(command_id="r-whole", receipt_no=sale.receipt_no,
                                                  approved_by=manager.id))
    scan_camera(qtbot, window, member_code)  # the member's language: English
    lines = window.account_screen.visits_text.text().splitlines()
    assert sum("(partly refunded)" in line for line in lines) == 1
    assert sum(line.endswith("(refunded)") for line in lines) == 1
    assert sum("(" not in line for line in lines) == 1
    if current_language() != THAI:
        qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "(คืนเงินบางส่วน)" in window.account_screen.visits_text.text())
    assert "(คืนเงินแล้ว)" in window.account_screen.visits_text.text()


@pytest.mark.parametrize("language", [ENGLISH, THAI])
def test_a_card_owing_stamps_counts_what_is_owed_in_what_is_to_go(qtbot: QtBot, window: SelfServiceWindow,
                                                                  member_code: str, language: str) -> None:
    """A refund took back 7 stamps whose free item was used: the kiosk showed an empty card and "9 more for
    Free coffee" (the owed 7 forgotten); it says what is owed first, then 16 more."""
    set_language(QApplication.instance(), ENGLISH)
    scan_camera(qtbot, window, member_code)
    screen = window.account_screen
    account = screen.account()
    assert account is not None and account.stamp_cards
    card = replace(account.stamp_cards[0], stamps=-7, rewards_ready=0)
    set_language(QApplication.instance(), language)
    screen.set_account(replace(account, stamp_cards=(card,)))
    to_go = 7 + card.required
    owed = {ENGLISH: "7 stamps to make up after a refund", THAI: "สะสมเพิ่มอีก 7 ดวงเพื่อชดเชยการคืนสินค้า"}[language]
    qtbot.waitUntil(lambda: any(card.reward_name in t for t in screen.visible_texts()))  # new labels show
    texts = screen.visible_texts()
    line = next((t for t in texts if card.reward_name in t and str(to_go) in t), None)
    assert line is not None and line.startswith(owed + " · "), texts
    if language == ENGLISH:  # the kiosk's own words (tr): the count is the owed stamps and the card's
        assert line == f"{owed} · {to_go} more for {card.reward_name}"
    assert not any(f"{card.required} more" in t for t in texts)
    set_language(QApplication.instance(), ENGLISH)
