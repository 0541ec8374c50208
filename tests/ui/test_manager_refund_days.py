"""The manager's Today screen after a refund made days after its sale: the sale's day reads as it did, the
refund's day shows the money given back off its revenue, and the members' share and donut stay of what was sold."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.l10n.catalogue import render
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.window import ManagerShell
from kiosk.ui.theme import PALETTE
from tests.support.staff import add_staff
from tests.ui.layout import fit_problems


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Services]:
    clock = FixedClock(datetime(2026, 2, 20, 3, tzinfo=UTC))
    app = build_app(load_settings(data_dir=tmp_path), clock=clock)
    add_staff(app.staff, ("Nok", "manager", "2222"))
    app.enrollment.enroll(EnrollMember(command_id="e1", name="Somchai Jaidee", phone="0812345678",
                                       consent_version="2026-01"))
    cake = app.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(CartLine("Cake", Money(25000)),),
                                               member_code="0812345678", print_receipt=False))
    app.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(CartLine("Tea", Money(5000)),),
                                        print_receipt=False))
    clock.at = datetime(2026, 2, 22, 3, tzinfo=UTC)  # two days later: the cake comes back
    manager = app.staff.list_staff()[0].id
    app.refunds.refund(RefundSale(command_id="r", receipt_no=cake.receipt_no, approved_by=manager, reason="t",
                                  print_slip=False))
    yield app
    app.close()


def test_the_refunds_day_and_the_sales_day_on_the_today_screen(qtbot: QtBot, shop: Services) -> None:
    shell = ManagerShell(shop)
    qtbot.addWidget(shell)
    shell.show()
    try:
        for digit in "2222":
            shell.sign_in.pad.press_digit(digit)
        shell.runner.wait_idle(10_000)
        assert shell.manager is not None
        shell.runner.wait_idle(10_000)
        daily = shell.manager.daily
        assert daily.tiles[0].value.text() == "-฿250.00"  # today: no sale, the cake's money given back
        assert daily.summary is not None and (daily.summary.sales, daily.summary.refunds) == (0, 1)
        daily.date.setDate(daily.date.date().addDays(-2))  # the sale's day, as it was closed
        shell.runner.wait_idle(10_000)
        s = daily.summary
        assert (s.sales, s.revenue_minor, s.member_revenue_minor, s.refunds) == (2, 30000, 25000, 0)
        assert daily.tiles[0].value.text() == "฿300.00"
        assert [piece.value() for piece in daily.split.series.slices()] == [25000, 5000]
        # the donut is of the sales before refunds, and its title says so (it said "Revenue split")
        assert daily.split_card.title.text() == "Sales before refunds: members and walk-ins"
    finally:
        shell.shutdown()


def _signed_in(qtbot: QtBot, shop: Services) -> ManagerShell:
    shell = ManagerShell(shop)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    qtbot.waitExposed(shell)
    for digit in "2222":
        shell.sign_in.pad.press_digit(digit)
    shell.runner.wait_idle(10_000)
    assert shell.manager is not None
    shell.runner.wait_idle(10_000)
    return shell


def _table(daily: object) -> list[tuple[str, str]]:
    figures = daily.figures  # type: ignore[attr-defined]
    return [(figures.item(r, 0).text(), figures.item(r, 1).text()) for r in range(figures.rowCount())]


def test_the_figures_open_with_the_sum_that_makes_the_revenue(qtbot: QtBot, shop: Services) -> None:
    shell = _signed_in(qtbot, shop)
    try:
        assert shell.manager is not None
        daily = shell.manager.daily
        rows = _table(daily)
        names = [name for name, _ in rows]
        # sales before refunds, less refunds and voids, is revenue: read together, at the top
        assert names[:4] == ["Sales", "Sales before refunds", "Refunds", "Revenue (refunds of earlier days' sales)"]
        # the Value column holds the figure; the row's name says why it is below zero
        assert rows[1:4] == [("Sales before refunds", "฿0.00"), ("Refunds", "1 (฿250.00)"),
                             ("Revenue (refunds of earlier days' sales)", "-฿250.00")]
        assert "Member sales, before refunds" in names and "Non-member sales, before refunds" in names
        assert "Members' share of sales before refunds" in names
    finally:
        shell.shutdown()


def test_a_day_of_only_a_refund_says_so(qtbot: QtBot, shop: Services) -> None:
    shell = _signed_in(qtbot, shop)
    try:
        assert shell.manager is not None
        daily = shell.manager.daily
        assert "refunds of earlier days' sales" in daily.tiles[0].detail.text()
        assert "0 sales" in daily.tiles[0].detail.text()
        # no empty donut of "0%" slices: a sentence where it would be
        assert daily.split_empty.isVisible() and not daily.split.isVisible()
        assert daily.split_empty.text() == "No sales this day"
        # what the refund took back is said as taken back, never as "-7 given"
        points = daily.tiles[4]
        assert not points.value.text().startswith("-") and "taken back by refunds" in points.detail.text()
        rows = dict(_table(daily))
        assert rows["Points issued"] == "10 more taken back by refunds than given"
        for name in ("Stamps given", "Cashback issued"):
            assert not rows[name].startswith("-"), (name, rows[name])
        # the sale's own day has sales: the donut again
        daily.date.setDate(daily.date.date().addDays(-2))
        shell.runner.wait_idle(10_000)
        assert daily.split.isVisible() and not daily.split_empty.isVisible()
    finally:
        shell.shutdown()


def test_the_tiles_say_below_zero_in_the_catalogues_words_and_in_the_danger_colour(
        qtbot: QtBot, shop: Services, qapp: QApplication) -> None:
    """The tiles' "below zero" and "taken back" are the summary rows' words (one catalogue, both languages), and
    the revenue tile's red is the tile's own state, not a copy of its stylesheet."""
    shell = _signed_in(qtbot, shop)
    try:
        assert shell.manager is not None
        daily = shell.manager.daily
        revenue, points = daily.tiles[0], daily.tiles[4]
        for language, code in ((THAI, "th"), (ENGLISH, "en")):
            set_language(qapp, language)
            below = render("summary.below_zero_why", {}, code)
            assert revenue.detail.text().endswith(" · " + below), (revenue.detail.text(), below)
            # the amount once, big: not again in the line under it ("-฿250.00 (refunds of ...)" under -฿250.00)
            assert revenue.value.text() == "-฿250.00" and "250" not in revenue.detail.text()
            taken = render("summary.taken_back", {"count": 10}, code)
            assert points.detail.text().startswith(taken), (points.detail.text(), taken)
        danger = QColor(PALETTE.danger)
        assert revenue.danger and revenue.value.palette().color(QPalette.ColorRole.WindowText) == danger
        daily.date.setDate(daily.date.date().addDays(-2))  # the sale's day: above zero, the usual colour
        shell.runner.wait_idle(10_000)
        assert not revenue.danger and revenue.value.palette().color(QPalette.ColorRole.WindowText) != danger
        assert "ref" not in revenue.detail.text() and points.detail.text().startswith("given")
    finally:
        set_language(qapp, ENGLISH)
        shell.shutdown()


def test_the_donuts_numbers_are_the_sales_before_refunds_it_draws(qtbot: QtBot, shop: Services,
                                                                   qapp: QApplication) -> None:
    """The donut is of the sales before refunds, but its "Show numbers" table showed the net revenue: on a day a
    member's earlier cake came back, the members read -฿150.00 beside a donut of ฿100.00."""
    for baht, member in ((100, "0812345678"), (50, None)):  # the refund's day sells too: a member's, a walk-in's
        shop.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(CartLine("Bun", Money(baht * 100)),),
                                             member_code=member, print_receipt=False))
    shell = _signed_in(qtbot, shop)
    try:
        assert shell.manager is not None
        daily = shell.manager.daily
        s = daily.summary
        assert s is not None and (s.member_revenue_minor, s.member_takings_minor) == (-15000, 10000)
        assert [piece.value() for piece in daily.split.series.slices()] == [10000, 5000]
        daily.split_card.toggle.click()
        numbers = daily.split_numbers
        assert daily.split_card.showing_numbers() and numbers.isVisible()

        def shown() -> list[list[str]]:
            return [[numbers.horizontalHeaderItem(c).text() for c in range(numbers.columnCount())],
                    *([numbers.item(r, c).text() for c in range(numbers.columnCount())]
                      for r in range(numbers.rowCount()))]

        assert shown() == [["Who", "Bills", "Sales before refunds", "Share"],
                           ["Members", "1", "฿100.00", "66.7%"], ["Walk-ins", "1", "฿50.00", "33.3%"]]
        assert daily.split_card.title.text().startswith(shown()[0][2])  # the title's words
        set_language(qapp, THAI)
        thai = shown()
        assert thai[0][2] == render("summary.takings", {}, "th") and thai[1][1:] == ["1", "฿100.00", "66.7%"]
        # a day of no sales: nothing to share, not 0% of nothing
        set_language(qapp, ENGLISH)
        daily.date.setDate(daily.date.date().addDays(-1))
        shell.runner.wait_idle(10_000)
        assert shown()[1:] == [["Members", "0", "฿0.00", "–"], ["Walk-ins", "0", "฿0.00", "–"]]
    finally:
        set_language(qapp, ENGLISH)
        shell.shutdown()


def test_the_footer_fits_and_says_stripe_sync_is_off(qtbot: QtBot, shop: Services) -> None:
    shell = _signed_in(qtbot, shop)
    try:
        assert shell.manager is not None
        daily = shell.manager.daily
        assert daily.summary is not None
        daily.show_summary(replace(daily.summary, sync_waiting=1665, print_waiting=2, print_held=0))
        text = daily.problems.text()
        assert "1,665" not in text and "Stripe sync is off" in text
        assert "2 receipts waiting to print, 0 held" in text
        assert dict(_table(daily))["Waiting to sync"] == "Stripe sync is off"  # the table says the same
        # the page says what the summary says (the report service knows whether Stripe is set up)
        configured = replace(daily.summary, sync_off=False, sync_waiting=3, sync_review=1)
        daily.show_summary(configured)
        assert "3 waiting to sync, 1 need review" in daily.problems.text()
        assert dict(_table(daily))["Waiting to sync"] == "3 (1 need review)"
        daily.show_summary(replace(configured, sync_waiting=1665, print_waiting=2, print_held=0, sync_off=True))
        problems = [p for p in fit_problems(shell, (1280, 800), where="summary") if "receipts waiting" in p
                    or "Stripe sync" in p]
        assert problems == []
        # every line of it on the screen as the page opens, not half a line at the bottom edge to scroll to
        scroll = daily.findChild(QScrollArea)
        viewport = scroll.viewport()
        top = daily.problems.mapTo(viewport, QPoint(0, 0)).y()
        assert 0 <= top and top + daily.problems.height() <= viewport.height()
        assert daily.problems.height() >= daily.problems.heightForWidth(daily.problems.width())
    finally:
        shell.shutdown()


def test_a_below_zero_days_value_column_holds_figures_on_one_line(qtbot: QtBot, shop: Services,
                                                                   qapp: QApplication) -> None:
    """At 1280x800 the Value cell "-฿250.00 (refunds of earlier days' sales)" wrapped over five lines; and the
    table's "Members' share" said "-" where its tile said "–" for no figure."""
    shell = _signed_in(qtbot, shop)
    try:
        assert shell.manager is not None
        daily = shell.manager.daily
        figures = daily.figures
        for language, code in ((ENGLISH, "en"), (THAI, "th")):
            set_language(qapp, language)
            shell.runner.wait_idle(10_000)
            qtbot.wait(50)  # the columns are fitted, then the rows measured again
            rows = _table(daily)
            revenue = next(r for r, (name, _) in enumerate(rows) if name.startswith(render("summary.revenue", {},
                                                                                           code)))
            assert rows[revenue] == (render("summary.revenue_below_zero", {}, code), "-฿250.00")
            one_line = _value_height(figures, 0)  # the sales' "0"
            for row in (revenue, revenue - 1):  # the amount, and the refunds' "1 (฿250.00)", each on one line
                assert _value_height(figures, row) == one_line, (code, rows[row][1], figures.columnWidth(1))
            share = dict(rows)[render("summary.member_share", {}, code)]
            assert share == daily.tiles[1].value.text() == "–"
    finally:
        set_language(qapp, ENGLISH)
        shell.shutdown()


def _value_height(figures: QTableWidget, row: int) -> int:
    """How tall the row's Value cell would draw in its column's width (more lines, taller)."""
    option = QStyleOptionViewItem()
    figures.initViewItemOption(option)
    index = figures.model().index(row, 1)
    option.rect = figures.visualRect(index)
    delegate = figures.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    return delegate.sizeHint(option, index).height()
