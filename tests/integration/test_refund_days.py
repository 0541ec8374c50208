"""A refund counts on the day it is made; its sale's day keeps its figures (a black-box test: a refund made days
later took the sale off its own day's sales and revenue, while its points, stamps and the refunds line went on
the refund's day, whose revenue stayed the same: a day already closed and printed no longer matched)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import inspect, select

from kiosk.adapters.db import tables as t
from kiosk.adapters.db import tables_manager as tm
from kiosk.adapters.db.migrate import alembic_config, upgrade
from kiosk.domain.commands import RecordSale, RefundLine, RefundSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.l10n.catalogue import speaker
from kiosk.services.context import FixedClock
from kiosk.services.reports import DailySummary, summary_rows
from tests.integration.test_core_sqlite import LATTE, T0, enroll
from tests.integration.test_refund_lots import _shop_with_a_manager

CAKES = CartLine("Cake", Money(9500), 2, "CAKE")  # ฿190.00
TEA = CartLine("Tea", Money(4000), 1, "TEA")
# this device's queues (outbox, printer): not figures of a day, they move with every slip printed
QUEUES = dict(sync_waiting=0, sync_review=0, print_waiting=0, print_held=0)
ADDED = ("sales", "revenue_minor", "member_sales", "member_revenue_minor", "non_member_sales",
         "non_member_revenue_minor", "takings_minor", "member_takings_minor", "points_issued", "points_redeemed",
         "stamps_given", "cards_completed", "cashback_issued_minor", "credit_spent_minor", "discounts_minor",
         "overrides", "fraud_flags", "refunds", "refunded_minor", "voids", "voided_minor", "new_members")


def _figures(s: DailySummary) -> DailySummary:
    return dataclasses.replace(s, **QUEUES)


def _shop_with_sales_on_day_one(tmp_path: Path, clock: FixedClock) -> Any:
    app = _shop_with_a_manager(tmp_path, clock)
    code = enroll(app)
    member_sale = app.services.checkout.record_sale(RecordSale(command_id="m", lines=(LATTE,), member_code=code))
    cakes = app.services.checkout.record_sale(RecordSale(command_id="c", lines=(CAKES, TEA)))
    app.services.checkout.record_sale(RecordSale(command_id="t", lines=(TEA,)))
    return app, member_sale.receipt_no, cakes.receipt_no


def test_a_refund_days_later_leaves_the_sales_day_as_it_was_and_counts_on_its_own_day(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    app, member_receipt, cakes_receipt = _shop_with_sales_on_day_one(tmp_path, clock)
    with app:
        reports = app.services.reports
        day1 = app.services.ctx.business_date(T0)
        day3 = day1 + timedelta(days=2)
        closed = _figures(reports.daily(day1))  # the day closed and its slip printed
        printed = summary_rows(closed, speaker("en"))
        assert (closed.sales, closed.revenue_minor) == (3, 13000 + 23000 + 4000)
        assert (closed.member_sales, closed.member_revenue_minor, closed.refunds) == (1, 13000, 0)

        clock.advance(days=2)
        app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=member_receipt, approved_by="manager",
                                               reason="t"))
        app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=cakes_receipt, approved_by="manager",
                                               reason="t", lines=(RefundLine(0, 1),)))  # one cake of two

        # the sale's day: not a figure moved, whatever the refunds gave back
        assert _figures(reports.daily(day1)) == closed
        assert summary_rows(_figures(reports.daily(day1)), speaker("en")) == printed
        # the refunds' day: no sale made, the money given back off its revenue, on the refunds line
        later = reports.daily(day3)
        assert (later.sales, later.refunds, later.refunded_minor) == (0, 2, 13000 + 9500)
        assert later.revenue_minor == -(13000 + 9500)
        assert (later.member_revenue_minor, later.non_member_revenue_minor) == (-13000, -9500)
        assert later.takings_minor == 0 and closed.takings_minor == 40000
        assert later.points_issued < 0 and later.stamps_given < 0  # what the refund took back, the same day
        rows = dict(summary_rows(later, speaker("en")))
        assert rows["Revenue"] == "-฿225.00 (refunds of earlier days' sales)"  # below zero, said why
        assert rows["Refunds"] == "2 (฿225.00)"
        assert rows["Sales before refunds"] == "฿0.00"
        # the days in between add up to the period: a period is the sum of its days
        days = [reports.daily(day1 + timedelta(days=n)) for n in range(3)]
        period = reports.daily(day1, until=day3)
        for name in ADDED:
            assert getattr(period, name) == sum(getattr(d, name) for d in days), name
        assert (period.sales, period.revenue_minor) == (3, 40000 - 22500)


def test_a_refund_the_same_day_keeps_the_sale_and_nets_the_revenue(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    app, member_receipt, _ = _shop_with_sales_on_day_one(tmp_path, clock)
    with app:
        app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=member_receipt, approved_by="manager",
                                               reason="t"))
        s = app.services.reports.daily(app.services.ctx.business_date(T0))
        # the sale was made: it counts, and the money given back comes off the same day's revenue
        assert (s.sales, s.revenue_minor, s.refunds, s.refunded_minor) == (3, 27000, 1, 13000)
        assert (s.member_sales, s.member_revenue_minor) == (1, 0)
        assert (s.takings_minor, s.member_takings_minor) == (40000, 13000)
        avg = s.average_basket(members=True)
        assert avg is not None and avg.minor == 13000  # a basket as it was paid
        assert s.member_share_percent == 32.5  # of what was sold


def test_a_void_unmakes_its_sale_and_is_not_taken_off_twice(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    app, member_receipt, _ = _shop_with_sales_on_day_one(tmp_path, clock)
    with app:
        app.services.refunds.refund(RefundSale(command_id="v", receipt_no=member_receipt, approved_by="manager",
                                               reason="t", kind="void"))
        s = app.services.reports.daily(app.services.ctx.business_date(T0))
        # left out of both sides of the sum: not among the sales, not among the refunds; on a line of its own
        assert (s.sales, s.takings_minor, s.revenue_minor, s.refunds, s.refunded_minor) == (2, 27000, 27000, 0, 0)
        assert (s.voids, s.voided_minor) == (1, 13000)
        assert (s.member_sales, s.member_revenue_minor) == (0, 0)


def _money(text: str) -> int:
    """A row's amount in minor units: "฿1,234.50" or "-฿225.00 (why)" or "2 (฿225.00)" (the one in brackets)."""
    amount = text.split("(")[1] if text[0].isdigit() and "(" in text else text
    digits = amount.split("฿")[1].split(")")[0].split(" ")[0].replace(",", "").replace(".", "")
    return -int(digits) if amount.lstrip().startswith("-") else int(digits)


def test_the_top_rows_add_up_on_a_day_of_sales_voids_and_refunds(tmp_path: Path) -> None:
    """Sales before refunds, less refunds, is the revenue on any day: a void, a same-day refund and a refund of an
    earlier day's sale together (the void's money was on the refunds line while its sale was out of the takings:
    the three rows did not add up). The screen, the CLI and the CSV read the same rows."""
    from kiosk.services.exports import summary_records

    clock = FixedClock(T0)
    app, member_receipt, cakes_receipt = _shop_with_sales_on_day_one(tmp_path, clock)
    with app:
        clock.advance(days=1)
        refunds, checkout = app.services.refunds, app.services.checkout
        refunds.refund(RefundSale(command_id="r1", receipt_no=member_receipt, approved_by="manager", reason="t"))
        mistake = checkout.record_sale(RecordSale(command_id="v1", lines=(CAKES,)))
        checkout.record_sale(RecordSale(command_id="d2", lines=(TEA, TEA)))
        returned = checkout.record_sale(RecordSale(command_id="d3", lines=(CAKES,)))
        refunds.refund(RefundSale(command_id="v", receipt_no=mistake.receipt_no, approved_by="manager", reason="t",
                                  kind="void"))
        refunds.refund(RefundSale(command_id="r2", receipt_no=returned.receipt_no, approved_by="manager",
                                  reason="t", lines=(RefundLine(0, 1),)))  # one cake of two, the same day
        day = app.services.ctx.business_date(clock.now())
        s = app.services.reports.daily(day)
        assert (s.sales, s.takings_minor) == (2, 8000 + 19000)  # the voided sale was never made
        assert s.takings_minor - s.refunded_minor == s.revenue_minor == 27000 - 22500
        assert (s.refunds, s.refunded_minor) == (2, 13000 + 9500)  # the void is not a refund
        assert (s.voids, s.voided_minor) == (1, 19000)
        rows = dict(summary_rows(s, speaker("en")))
        assert _money(rows["Sales before refunds"]) - _money(rows["Refunds"]) == _money(rows["Revenue"]) == 4500
        assert rows["Refunds"] == "2 (฿225.00)" and rows["Voids (left out of sales)"] == "1 (฿190.00)"
        csv = {key: value for key, value, _ in summary_records(s)}
        assert csv["sales_before_refunds"].minor - csv["refunded"].minor == csv["revenue"].minor == 4500
        assert (csv["voids"], csv["voided"].minor) == (1, 19000)
        # a period of both days adds up the same way
        both = app.services.reports.daily(day - timedelta(days=1), until=day)
        assert both.takings_minor - both.refunded_minor == both.revenue_minor == 40000 + 27000 - 22500


def test_migration_0031_refills_the_day_cache_both_ways(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    app, member_receipt, _ = _shop_with_sales_on_day_one(tmp_path, clock)
    with app:
        day1 = app.services.ctx.business_date(T0)
        clock.advance(days=2)
        app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=member_receipt, approved_by="manager",
                                               reason="t"))
        before = _figures(app.services.reports.daily(day1, until=day1 + timedelta(days=2)))  # fills the cache
        cfg = alembic_config()
        for revision in ("0030", "head"):
            if revision == "0030":
                with app.engine.begin() as conn:
                    cfg.attributes["connection"] = conn
                    command.downgrade(cfg, revision)
            else:
                upgrade(app.engine)
            with app.engine.connect() as conn:
                columns = {c["name"] for c in inspect(conn).get_columns("sales_day_totals")}
                assert ("revenue_minor" in columns) == (revision == "0030")
                assert ("takings_minor" in columns) == (revision == "head")
                # emptied with its watermark and notes: the next summary folds every sale again
                assert conn.execute(select(t.kv.c.value).where(t.kv.c.key == tm.SALES_DAYS_KEY)).first() is None
                assert conn.execute(select(tm.sales_day_stale.c.id)).first() is None
                assert conn.exec_driver_sql("SELECT count(*) FROM sales_day_totals").scalar() == 0
        assert _figures(app.services.reports.daily(day1, until=day1 + timedelta(days=2))) == before
        assert _figures(app.services.reports.daily(day1)).sales == 3
