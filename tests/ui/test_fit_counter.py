"""The counter fits the tills shops own: every main state at 1024x768, 1280x800 and 1920x1080, in Thai and English,
with nothing cut, elided or pushed off the window (tests/ui/layout.py says what is checked)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.money import Money
from kiosk.services.accounts import Visit
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.counter.customer_display import CustomerDisplay
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.theme import scaled
from kiosk.ui.widgets.scrolling import ScrollBox
from tests.ui.conftest import DEMO_NOW
from tests.ui.layout import fit_problems

SIZES = ((1024, 768), (1280, 800), (1920, 1080))
FEATURED_PHONE = "0812345678"


@pytest.fixture(scope="module")
def shop(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data_dir = tmp_path_factory.mktemp("fit-counter") / "shop"
    shutil.copytree(demo_template, data_dir)
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(DEMO_NOW)) as app:
        yield app


@pytest.fixture
def window(qtbot: QtBot, shop: Services) -> Iterator[CounterWindow]:
    win = CounterWindow(shop, video_inputs=lambda: [], install_scanner=False, idle_lock_ms=3_600_000)
    win.checkout.new_sale_seconds = 0  # the Paid screen stays while its layout is checked
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.signin.staff_loaded, timeout=10_000)
    yield win
    win.shutdown()


def _wait(qtbot: QtBot, window: CounterWindow, condition: Callable[[], bool]) -> None:
    qtbot.waitUntil(lambda: window.runner.wait_idle(100) and condition(), timeout=10_000)


def _choose_beam(window: CounterWindow) -> str:
    beam = next(s for s in window.signin._staff if s.name == "Beam")
    window.signin.choose(beam.id)
    return beam.id


def signin(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    _choose_beam(window)
    for digit in "11":
        window.signin.pin_pad.press_digit(digit)


def signin_refused(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    _choose_beam(window)
    for digit in "0000":
        window.signin.pin_pad.press_digit(digit)
    window.signin._submit()
    _wait(qtbot, window, lambda: not window.signin._busy)


def _signed_in(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    staff_id = _choose_beam(window)
    window._signed_in(shop.staff.sign_in(staff_id, "1111"))
    window.toast.hide()


def member_and_basket(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    _signed_in(qtbot, window, shop)
    window.member_column.load_member(FEATURED_PHONE)
    _wait(qtbot, window, lambda: window.member_column.account is not None)
    # a modified latte too: its options on a second line of its own
    window.sale.add_sku("LATTE", 1, {"size": "large", "sweetness": "less", "milk": "oat"})
    for sku, quantity in (("LATTE", 2), ("CROISSANT", 1), ("THAI_TEA", 1), ("MANGO_RICE", 1), ("CAKE", 3),
                          ("AMERICANO", 1)):
        window.sale.add_sku(sku, quantity)


def search(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    _signed_in(qtbot, window, shop)
    window.member_column.search.setText("สม")  # the demo has three members whose names start so
    window.member_column._run_search()
    _wait(qtbot, window, lambda: window.member_column.results_model.rowCount() > 0)


def checkout(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    member_and_basket(qtbot, window, shop)
    window.open_checkout()
    _wait(qtbot, window, lambda: window.checkout.preview is not None)
    account = window.member_column.account
    assert account is not None
    ready = next(r for r in account.rewards if r.affordable)
    window.checkout.toggle_reward(ready.id, stamp=ready.kind == "stamp")
    window.checkout.set_cash_given(Money(100000, shop.ctx.currency))
    _wait(qtbot, window, lambda: not window.checkout._timer.isActive())


def big_checkout(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    """฿11,000 due: over the approval limit, so the bill says a manager's PIN will be asked for, and the cash
    suggestions are five-digit amounts (at 1024 px the window could not shrink below 1029 px)."""
    _signed_in(qtbot, window, shop)
    window.member_column.load_member(FEATURED_PHONE)
    _wait(qtbot, window, lambda: window.member_column.account is not None)
    window.sale.add_sku("MANGO_RICE", 90)
    window.open_checkout()
    _wait(qtbot, window, lambda: window.checkout.preview is not None)
    assert window.checkout.preview is not None and window.checkout.preview.needs_approval


def paid(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    checkout(qtbot, window, shop)
    window.checkout.confirm_payment()
    _wait(qtbot, window, window.checkout.is_showing_result)
    window.toast.hide()


def enroll(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    _signed_in(qtbot, window, shop)
    window.open_enroll()
    window.enroll.name.setText("Malee Srisuk")
    window.enroll.phone.setText(FEATURED_PHONE)  # taken: the refusal shows under the form
    window.enroll.consent.setChecked(True)
    window.enroll.submit()
    _wait(qtbot, window, lambda: not window.enroll._busy)
    window.toast.hide()


def print_queue(qtbot: QtBot, window: CounterWindow, shop: Services) -> None:
    _signed_in(qtbot, window, shop)
    window.open_print_queue()
    _wait(qtbot, window, lambda: True)


STATES = {"sign-in": signin, "sign-in refused": signin_refused, "member and basket": member_and_basket,
          "search results": search, "checkout": checkout,
          "checkout over the approval limit": big_checkout, "paid": paid, "enrol": enroll, "print queue": print_queue}


@pytest.mark.parametrize("language", [ENGLISH, THAI])
@pytest.mark.parametrize("state", list(STATES))
def test_the_counter_fits(qtbot: QtBot, qapp: QApplication, window: CounterWindow, shop: Services, state: str,
                          language: str) -> None:
    set_language(qapp, language)
    STATES[state](qtbot, window, shop)
    problems = [problem for size in SIZES for problem in fit_problems(window, size, where=f"{state} ({language})")]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_last_visits_show_more_than_one_row_at_1280x800(qtbot: QtBot, window: CounterWindow,
                                                            shop: Services) -> None:
    member_and_basket(qtbot, window, shop)
    fit_problems(window, (1280, 800))
    visits = window.member_column.account_view.visits
    rows = visits.verticalHeader().defaultSectionSize()
    assert visits.viewport().height() >= 2 * rows


@pytest.mark.parametrize("language", [ENGLISH, THAI])
@pytest.mark.parametrize("state", ["member and basket", "paid"])
def test_the_customer_display_fits(qtbot: QtBot, window: CounterWindow, shop: Services, state: str,
                                   language: str) -> None:
    """The second screen (`kiosk counter --customer-display SCREEN`) in the customer's language, whatever the
    cashier reads: a member, the basket with a modified latte, what the sale earns; then the thank-you."""
    display = CustomerDisplay(window)
    qtbot.addWidget(display)
    window.customer_display = display
    display.show()
    qtbot.waitExposed(display)
    member_and_basket(qtbot, window, shop)
    if state == "paid":  # in cash, keeping the member's rewards for the other states of this module's shop
        window.open_checkout()
        _wait(qtbot, window, lambda: window.checkout.preview is not None)
        window.checkout.set_cash_given(Money(100000, shop.ctx.currency))
        _wait(qtbot, window, lambda: not window.checkout._timer.isActive())
        window.checkout.confirm_payment()
        _wait(qtbot, window, window.checkout.is_showing_result)
    account = window.member_column.account
    assert account is not None
    display.set_account(replace(account, language=language, display_name="Anong W."))
    if state == "paid":  # the member's balances reload after paying: the thank-you stays on
        assert display.result is not None
        assert display.greeting.text() == {THAI: "ขอบคุณค่ะ", ENGLISH: "Thank you!"}[language]
    else:
        # a Latin name after Thai's คุณ gets its space, as Thai is written
        assert display.greeting.text() == {THAI: "สวัสดีค่ะ คุณ Anong W.", ENGLISH: "Hello, Anong W."}[language]
        _wait(qtbot, window, lambda: display.preview is not None)
    problems = [problem for size in SIZES
                for problem in fit_problems(display, size, where=f"customer display, {state} ({language})")]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.parametrize("language", [ENGLISH, THAI])
def test_a_long_offer_name_shows_whole_where_the_till_has_room(qtbot: QtBot, qapp: QApplication,
                                                              window: CounterWindow, shop: Services,
                                                              language: str) -> None:
    """The checkout's rewards are broken to the column's width as laid out: at 1920x1080 the featured member's
    offer read "Thanks for being a regular: 50 bonu…" in a column three times as wide (names were broken to the
    narrowest till's 170 px); at 1024x768 it takes more lines again and nothing runs over."""
    set_language(qapp, language)
    checkout(qtbot, window, shop)
    offers = [b for b in window.checkout.rewards._reward_buttons if b.property("offer")]
    assert offers, "the demo's featured member has a personal offer"
    assert not fit_problems(window, (1920, 1080), where="checkout")
    assert all("…" not in b.text() for b in offers), [b.text() for b in offers]
    wide = max(b.text().count("\n") for b in offers)
    assert not fit_problems(window, (1024, 768), where="checkout")
    assert max(b.text().count("\n") for b in offers) > wide


def test_the_rewards_beside_the_stamps_show_whole_where_the_column_has_room(qtbot: QtBot, window: CounterWindow,
                                                                            shop: Services) -> None:
    """At 1920x1080 the member's offer, rewards and challenge sat in a box a few lines high with a scroll bar,
    above a column of empty space under the last visits: the box asks for the height of what it says now."""
    member_and_basket(qtbot, window, shop)
    fit_problems(window, (1920, 1080))
    account = window.member_column.account_view
    box = account.offers.parentWidget()
    while box is not None and not isinstance(box, ScrollBox):  # label -> its column -> viewport -> the box
        box = box.parentWidget()
    assert isinstance(box, ScrollBox)
    assert account.offers.isVisible() and account.challenges.text()
    assert box.verticalScrollBar().maximum() == 0
    fit_problems(window, (1280, 800))  # where it does not fit, it scrolls and the last visits keep two rows
    rows = account.visits.verticalHeader().defaultSectionSize()
    assert account.visits.viewport().height() >= 2 * rows


def test_where_the_rewards_scroll_their_last_line_fades_until_the_end(qtbot: QtBot, window: CounterWindow,
                                                                      shop: Services) -> None:
    """At 1024x768 the rewards beside the stamps outgrow their box, and its last visible line was cut through the
    middle: it fades into the card while there is more below, and not once scrolled to the end or where all fits."""
    member_and_basket(qtbot, window, shop)
    account = window.member_column.account_view
    box = account.offers.parentWidget()
    while box is not None and not isinstance(box, ScrollBox):
        box = box.parentWidget()
    assert isinstance(box, ScrollBox) and box.fade is not None
    fit_problems(window, (1024, 768))
    bar = box.verticalScrollBar()
    assert bar.maximum() > 0 and box.fade.isVisible()
    assert box.fade.geometry().bottom() == box.viewport().geometry().bottom()
    bar.setValue(bar.maximum())
    assert not box.fade.isVisible()
    bar.setValue(0)
    fit_problems(window, (1920, 1080))
    assert bar.maximum() == 0 and not box.fade.isVisible()


def test_the_member_column_lets_the_window_be_made_smaller_again(qtbot: QtBot, window: CounterWindow,
                                                                  shop: Services) -> None:
    """The rewards beside the stamps grow up to what leaves the visits two rows by a cap on their own height, not
    by a larger minimum for the visits, which would hold the window at the height it was decided at: from 1280x800
    to 1024x900 and back to 1024x768, the window takes each size asked and everything fits."""
    member_and_basket(qtbot, window, shop)
    assert fit_problems(window, (1280, 800)) == []
    assert fit_problems(window, (1024, 900)) == []
    assert fit_problems(window, (1024, 768)) == []
    assert (window.width(), window.height()) == (1024, 768)
    assert window.member_column.account_view.visits.minimumHeight() == scaled(92)


@pytest.mark.parametrize("language", [ENGLISH, THAI])
def test_the_reward_tiles_show_their_numbers_whole_and_the_chosen_one_in_view(
        qtbot: QtBot, qapp: QApplication, window: CounterWindow, shop: Services, language: str) -> None:
    """At 1024x768 the rewards column is narrower than the 170 px names were broken to: tiles read
    "Free cake slic", "174 m" and "ขาดอีก 17", and the chosen reward was scrolled out of sight. A tile's lines fit
    its button, its cost and shortfall are never cut, a name cut short shows whole in the tooltip, and the chosen
    tile is in the visible part of the list."""
    set_language(qapp, language)
    big_checkout(qtbot, window, shop)  # the widest bill and payment columns leave the rewards the least room
    rewards = window.checkout.rewards
    rewards._reward_buttons[-1].click()  # the member's personal offer, last in the list
    _wait(qtbot, window, lambda: not window.checkout._timer.isActive())
    fit_problems(window, (1024, 768))
    viewport = rewards.reward_scroll.viewport()
    for btn in rewards._reward_buttons:
        name, detail = btn.property("name_lines")
        lines = btn.text().split("\n")
        metrics = btn.fontMetrics()
        room = btn.contentsRect().width()
        assert btn.width() <= viewport.width(), (btn.text(), btn.width(), viewport.width())
        assert all(metrics.horizontalAdvance(line) <= room for line in lines), (lines, room)
        shown = " ".join(" ".join(lines).split())
        assert " ".join(detail.split()) in shown, (detail, btn.text())
        if "…" in btn.text():
            assert btn.toolTip() == name
    chosen = [btn for btn in rewards._reward_buttons if btn.isChecked()]
    assert chosen
    top_left = chosen[0].mapTo(viewport, chosen[0].rect().topLeft())
    assert viewport.rect().contains(top_left) and top_left.y() + chosen[0].height() <= viewport.height() + 1


def test_switching_language_reads_the_member_and_the_checkout_rewards_again(
        qtbot: QtBot, qapp: QApplication, window: CounterWindow, shop: Services) -> None:
    """F12 with a member open mixed languages: "สมาชิกระดับSilver", "อีก ฿6,475.50 ถึงระดับGold" and the checkout's
    tiles still "Free latte". The member is read again through the service in the new language, the tiles are
    shown anew with what was chosen still ticked, and a Latin name after Thai gets its space."""
    checkout(qtbot, window, shop)
    rewards = window.checkout.rewards
    chosen = {b.property("reward_id") for b in rewards._reward_buttons if b.isChecked()}
    assert chosen
    window.toggle_language()
    _wait(qtbot, window, lambda: window.member_column.account is not None
          and window.member_column.account.language == THAI and not window.checkout._timer.isActive())
    _wait(qtbot, window, lambda: window.checkout.preview is not None)
    account = window.member_column.account
    assert account is not None and window.checkout.account is account
    programs = shop.ctx.programs
    for btn in rewards._reward_buttons:
        if btn.property("offer") or btn.property("stamp"):
            continue
        if btn.property("voucher"):  # one of the member's vouchers: named as its reward, in Thai now too
            assert btn.property("name_lines")[0] in {r.label(THAI) for r in programs.points.rewards}
            continue
        reward = programs.reward(btn.property("reward_id"))
        assert reward is not None
        name, _detail = btn.property("name_lines")
        assert name == reward.label(THAI), (name, reward.label(THAI))
    assert {b.property("reward_id") for b in rewards._reward_buttons if b.isChecked()} == chosen
    view = window.member_column.account_view
    assert account.tier is not None
    # a shop whose tiers have no Thai names: the Latin name is spaced from the Thai around it
    latin = replace(account.tier, label="Silver", next_label="Gold", metric="spend", remaining=647550)
    view.show_account(replace(account, tier=latin), shop.ctx.currency)
    for text in (view.credit._sub_caption.text(), view._tier_caption(latin)):
        assert "Silver" in text or "Gold" in text, text
        assert not re.search(r"[\u0e00-\u0e7f][A-Za-z]|[A-Za-z][\u0e00-\u0e7f]", text), text


def _plain(text: str) -> str:
    """A caption as read: its word joiners and no-break spaces (which keep counts whole) as nothing and spaces."""
    return text.replace("\u2060", "").replace("\u00a0", " ")


def _one_line(caption: QLabel) -> bool:
    return caption.heightForWidth(caption.width()) < 2 * caption.fontMetrics().lineSpacing()


@pytest.mark.parametrize("language", [ENGLISH, THAI])
def test_a_card_owing_stamps_says_so_on_one_line_at_1024x768(qtbot: QtBot, qapp: QApplication, window: CounterWindow,
                                                             shop: Services, language: str) -> None:
    """A refund took back 7 stamps whose free coffee was used: the counter's caption said "owes 7" with no unit,
    in Thai "…: 0 / จาก 9 ดวง ค้าง 7 ดวง" over two lines in the stamp grid's column at 1024x768."""
    set_language(qapp, language)
    member_and_basket(qtbot, window, shop)
    view = window.member_column.account_view
    account = window.member_column.account
    assert account is not None
    normal = replace(account.stamp_cards[0], stamps=3, rewards_ready=0)
    view.show_account(replace(account, stamp_cards=(normal,)), shop.ctx.currency)
    assert not fit_problems(window, (1024, 768), where=f"a card of 3 ({language})")
    (caption,) = view.stamp_captions()
    assert _one_line(caption), caption.text()  # "3/ | 9 ดวง" split over two lines
    view.show_account(replace(account, stamp_cards=(replace(normal, stamps=-7),)), shop.ctx.currency)
    assert not fit_problems(window, (1024, 768), where=f"a card owing 7 ({language})")
    (caption,) = view.stamp_captions()
    name = normal.name
    expected = {ENGLISH: f"{name}: 0 of 9 · owes 7 stamps", THAI: f"{name} 0/9 ดวง · ค้าง 7 ดวง"}[language]
    assert _plain(caption.text()) == expected
    assert _one_line(caption), caption.text()
    assert [w.stamps() for w in view.stamp_widgets()] == [(0, 10)]


@pytest.mark.parametrize("language", [ENGLISH, THAI])
def test_the_customer_display_shows_a_card_owing_stamps_as_none_filled(qtbot: QtBot, window: CounterWindow,
                                                                       shop: Services, language: str) -> None:
    """The customer read "บัตรสะสมแสตมป์กาแฟ: -7 จาก 9 ดวง": now 0 of 9, and what is owed said gently."""
    display = CustomerDisplay(window)
    qtbot.addWidget(display)
    member_and_basket(qtbot, window, shop)
    account = window.member_column.account
    assert account is not None
    owing = replace(account.stamp_cards[0], stamps=-7, rewards_ready=0)
    display.set_account(replace(account, language=language, stamp_cards=(owing,)))
    text = _plain(display.balances.text())
    card = shop.ctx.programs.stamp_card(owing.card_id)
    assert card is not None
    expected = {ENGLISH: f"{card.label(ENGLISH)}: 0 of 9 stamps · 7 stamps to make up after a refund",
                THAI: f"{card.label(THAI)}: 0 จาก 9 ดวง · สะสมเพิ่มอีก 7 ดวงเพื่อชดเชยการคืนสินค้า"}[language]
    assert expected in text.splitlines(), text
    assert "-7" not in text
    problems = fit_problems(display, (1024, 768), where=f"customer display, a card owing 7 ({language})")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.parametrize("language", [ENGLISH, THAI])
def test_the_last_visits_say_their_dates_whole_at_1024x768(qtbot: QtBot, qapp: QApplication, window: CounterWindow,
                                                           shop: Services, language: str) -> None:
    """Beside "Partly refunded" the date of a visit read "8 Dec 202…" at 1024x768. This year's visits leave the year
    out ("28 May 16:46"), an older one its time ("30 Nov 2025", "30 พ.ย. 2568"); where the column has no room even
    for that, "28 May" and "Nov 2025". The whole moment is the row's tooltip."""
    set_language(qapp, language)
    member_and_basket(qtbot, window, shop)
    account = window.member_column.account
    assert account is not None and account.today == DEMO_NOW.date()
    view = window.member_column.account_view
    this_year = datetime(2026, 5, 28, 16, 46)  # May: the widest month in English
    last_year = datetime(2025, 11, 30, 16, 46)
    view.show_account(replace(account, visits=(
        Visit(this_year, "C1-000101", Money(114000, "THB"), "partly_refunded"),
        Visit(last_year, "C1-000009", Money(7500, "THB"), "partly_refunded"))), shop.ctx.currency)
    model = view.visits_model
    longer = {ENGLISH: ["28 May 16:46", "30 Nov 2025"], THAI: ["28 พ.ค. 16:46", "30 พ.ย. 2568"]}[language]
    brief = {ENGLISH: ["28 May", "Nov 2025"], THAI: ["28 พ.ค.", "พ.ย. 2568"]}[language]
    for size in reversed(SIZES):
        problems = fit_problems(window, size, where=f"last visits ({language})")
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)
        when = [model.index(row, model.WHEN).data() for row in range(2)]
        assert when in (longer, brief), (size, when)
        if size == (1920, 1080):
            assert when == longer  # room for the time on the widest till
    tip = model.index(1, model.WHEN).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == {ENGLISH: "30 Nov 2025, 16:46", THAI: "30 พ.ย. 2568 16:46"}[language]


def _wheel(widget: QWidget, notches: int) -> None:
    """The cashier turns the mouse wheel over `widget` (up for positive notches)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_reward_list_keeps_where_the_cashier_scrolled_it(qtbot: QtBot, qapp: QApplication,
                                                             window: CounterWindow, shop: Services) -> None:
    """Every resize scrolled the rewards back to the chosen one, over where the cashier had scrolled the list. The
    list goes to the chosen reward when the choice changes (or the list is made anew), and follows it as the list
    is laid out until the cashier scrolls; points typed on the bill leave it where it is."""
    window.resize(1024, 768)
    big_checkout(qtbot, window, shop)
    rewards = window.checkout.rewards
    bar = rewards.reward_scroll.verticalScrollBar()
    rewards._reward_buttons[-1].click()  # the member's personal offer, last in the list
    _wait(qtbot, window, lambda: not window.checkout._timer.isActive())
    fit_problems(window, (1024, 768))
    assert bar.maximum() > 0 and bar.value() > 0  # the list scrolls, and went down to the offer
    for _ in range(20):  # the cashier scrolls back to the top (a turn scrolls a page at most)
        _wheel(rewards.reward_scroll.viewport(), 1)
    assert bar.value() == 0
    for size in ((1024, 900), (1280, 800), (1024, 768)):
        fit_problems(window, size)
        assert bar.value() == 0, size
    window.checkout.rewards.points_typed.emit(10)  # the bill is priced again with the same choice
    _wait(qtbot, window, lambda: not window.checkout._timer.isActive())
    fit_problems(window, (1024, 768))
    assert bar.value() == 0
    rewards._reward_buttons[-1].click()  # the offer off: nothing chosen, the list stays
    _wait(qtbot, window, lambda: not window.checkout._timer.isActive())
    fit_problems(window, (1024, 768))
    assert bar.value() == 0
    rewards._reward_buttons[-1].click()  # and on again: the list goes to it
    _wait(qtbot, window, lambda: not window.checkout._timer.isActive())
    fit_problems(window, (1024, 768))
    assert bar.value() > 0
