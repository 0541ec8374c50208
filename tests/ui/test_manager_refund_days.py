"""The manager's Today screen after a refund made days after its sale: the sale's day reads as it did, the
refund's day shows the money given back off its revenue, and the members' share and donut stay of what was sold."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.manager.window import ManagerShell
from tests.support.staff import add_staff


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
    finally:
        shell.shutdown()
