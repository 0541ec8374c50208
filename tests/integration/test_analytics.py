"""Program-health figures against values computed by hand on a tiny shop built through the real services."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.analytics import CostAssumptions
from kiosk.services.context import FixedClock
from kiosk.services.exports import health_csv, summary_csv
from kiosk.services.reports import period_bounds
from tests.support.staff import add_staff

TODAY = date(2026, 3, 2)
# Simple rules so every figure can be worked out on paper: 1 point per 25 baht (rounded down), a point is
# worth 0.25 baht, no sign-up/birthday bonus and no cashback. Tiers as in the demo café (all stay Bronze).
OVERRIDES = {"bonuses": {"signup_points": 0, "birthday_points": 0}, "cashback": {"enabled": False}}
PHONES = {"A": "0811111111", "B": "0822222222", "C": "0833333333"}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok


def line(baht: int, sku: str | None = None, qty: int = 1) -> CartLine:
    return CartLine(sku or "Sample", Money(baht * 100), qty, sku)


def _shop(tmp_path: Path, database_url: str | None = None) -> tuple[Wiring, FixedClock]:
    clock = FixedClock(at(date(2026, 1, 10)))
    overrides = dict(OVERRIDES, database={"url": database_url}) if database_url else OVERRIDES
    settings = load_settings(data_dir=tmp_path, overrides=overrides)
    app = wire(settings, clock=clock)

    def enroll(who: str, day: date) -> None:
        clock.at = at(day)
        app.services.enrollment.enroll(EnrollMember(command_id=str(uuid.uuid4()), name=f"Member {who}ee",
                                           phone=PHONES[who], consent_version="2026-01"))

    def sale(who: str | None, day: date, *lines: CartLine, points: int = 0) -> None:
        clock.at = at(day)
        app.services.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=lines,
                                            member_code=PHONES[who] if who else None, points_to_spend=points,
                                            print_receipt=False))

    enroll("A", date(2026, 1, 10))
    sale("A", date(2026, 1, 10), line(250))                  # A +10 points
    enroll("B", date(2026, 1, 20))
    sale("B", date(2026, 1, 20), line(100))                  # B +4
    sale("B", date(2026, 1, 22), line(100))                  # B +4, then never again: at risk
    sale("A", date(2026, 2, 5), line(65, "LATTE", 4))        # A 260 baht: +10 points, 4 coffee stamps
    enroll("C", date(2026, 2, 5))
    sale("C", date(2026, 2, 5), line(50))                    # C +2
    sale(None, date(2026, 2, 6), line(300))                  # a walk-in, no card
    sale("A", date(2026, 2, 20), line(100), points=20)       # A spends 20 points (5 baht off): pays 95, +3
    sale("C", date(2026, 3, 2), line(75))                    # C +3
    clock.at = at(TODAY)
    return app, clock


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Wiring, FixedClock]]:
    app, clock = _shop(tmp_path_factory.mktemp("analytics"))
    yield app, clock
    app.close()


def test_liability_now_and_month_by_month(shop: tuple[Wiring, FixedClock]) -> None:
    app, _ = shop
    liability = app.services.analytics().liability()
    # A 10+10-20+3 = 3, B 4+4 = 8, C 2+3 = 5: 16 points x 0.25 baht = 4.00 baht; no credit, no free coffee yet
    assert (liability.points, liability.points_value_minor) == (16, 400)
    assert (liability.credit_minor, liability.stamp_rewards, liability.total_minor) == (0, 0, 400)
    trend = app.services.analytics().liability_trend(today=TODAY)
    # end of January: A 10 + B 8 = 18 points; end of February: A 3 + B 8 + C 2 = 13; March (today): 16; the
    # months before the shop opened in January are left out (not drawn as a flat zero)
    assert [(p.month, p.liability.points) for p in trend] == [
        (date(2026, 1, 1), 18), (date(2026, 2, 1), 13), (date(2026, 3, 1), 16)]
    assert [p.liability.total_minor for p in trend] == [450, 325, 400]
    # a year on, the whole year shows; a shop with nothing yet shows this month alone
    assert len(app.services.analytics().liability_trend(today=date(2027, 2, 10))) == 12


def test_month_flow_cache_folds_in_new_sales(tmp_path: Path) -> None:
    app, clock = _shop(tmp_path)
    with app:
        assert app.services.analytics().liability_trend(today=TODAY)[-1].liability.points == 16
        app.services.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(line(500),),
                                            member_code=PHONES["B"], print_receipt=False))  # B +20
        trend = app.services.analytics().liability_trend(today=TODAY)
        assert [p.liability.points for p in trend[-3:]] == [18, 13, 36]
        assert app.services.analytics().queries.refresh_month_flows() == 0  # nothing new since


def test_cohort_retention_by_enrolment_month(shop: tuple[Wiring, FixedClock]) -> None:
    app, _ = shop
    rows = {r.month: r for r in app.services.analytics().cohorts(today=TODAY)}
    # January: A and B joined; both bought in January, only A in February, nobody yet in March
    assert (rows[date(2026, 1, 1)].size, rows[date(2026, 1, 1)].active) == (2, (2, 1, 0))
    assert rows[date(2026, 1, 1)].retention(1) == 50.0
    # February: C joined and bought in February and March
    assert (rows[date(2026, 2, 1)].size, rows[date(2026, 2, 1)].active) == (1, (1, 1))
    assert (rows[date(2026, 3, 1)].size, rows[date(2026, 3, 1)].active) == (0, (0,))
    assert rows[date(2025, 12, 1)].size == 0 and len(rows) == 12


def test_program_health_figures(shop: tuple[Wiring, FixedClock]) -> None:
    app, _ = shop
    h = app.services.analytics().health(period_days=30, today=TODAY)
    assert (h.period_from, h.period_to) == (date(2026, 2, 1), TODAY)
    # points given: 10 + 4 + 4 + 10 + 2 + 3 + 3 = 36; spent 20 -> redemption rate 20/36
    assert (h.all_time.issued, h.all_time.redeemed, h.all_time.expired) == (36, 20, 0)
    assert h.all_time.redemption_rate == 55.6 and h.all_time.breakage_rate == 0.0
    # since 1 Feb: A bought twice (5 and 20 Feb), C twice (5 Feb, 2 Mar): 2 buyers, both repeat
    assert (h.buyers, h.repeat_buyers, h.repeat_rate) == (2, 2, 100.0)
    # engagement: 3 members; last 30 days A and C earned, A redeemed; last 90 days all three earned
    e30, e90 = h.engagement
    assert (e30.members, e30.earned, e30.redeemed, e30.earned_percent) == (3, 2, 1, 66.7)
    assert (e90.days, e90.earned, e90.redeemed) == (90, 3, 1)
    # lifetime value: members paid 250+100+100+260+50+95+75 = 930 baht over 3 buyers = 310 baht each
    lv = h.lifetime_value
    assert (lv.buyers, lv.revenue_minor, lv.average_to_date_minor) == (3, 93_000, 31_000)
    # last 90 days: 930 baht / 3 active / 3 months = 103.33 baht; January's buyers A, B: only A came back
    # in February -> churn 50 %, expected 1/0.5 = 2 months -> forward 206.66 baht
    assert (lv.monthly_value_minor, lv.monthly_churn_percent, lv.expected_months, lv.forward_minor) == (
        10_333, 50.0, 2.0, 20_666)
    # top members of the period: A 260+95 = 355 baht, then C 50+75 = 125 baht; names masked
    assert [(m.masked_name, m.visits, m.revenue_minor) for m in h.top_members] == [
        ("Member A.", 2, 35_500), ("Member C.", 2, 12_500)]
    # at risk: B came on 20 and 22 Jan (every 2 days) and not for 39 days since
    assert h.at_risk_count == 1
    assert [(m.masked_name, m.usual_days, m.days_since) for m in h.at_risk] == [("Member B.", 2, 39)]
    assert [(t.tier, t.members) for t in h.tiers] == [("Bronze", 3), ("Silver", 0), ("Gold", 0)]
    assert h.feedback.available and h.feedback.responses == 0 and h.feedback.average_rating is None


def test_return_on_the_program(shop: tuple[Wiring, FixedClock]) -> None:
    app, _ = shop
    h = app.services.analytics().health(period_days=30, today=TODAY, assumptions=CostAssumptions(cogs_percent=35,
                                                                                    incremental_percent=15))
    r = h.program_return
    # period sales: members 260 + 50 + 95 + 75 = 480 baht on 4 sales (basket 120), the walk-in 300 on 1
    assert (r.member_revenue_minor, r.member_basket_minor, r.non_member_basket_minor) == (48_000, 12_000, 30_000)
    # incremental 15 % of 480 = 72 baht; profit at 65 % margin = 46.80; rewards: 20 points x 0.25 = 5 baht
    # at 35 % cost of goods = 1.75 baht; net 45.05 baht, a return of 4505/175 = 2574.3 %
    assert (r.incremental_revenue_minor, r.incremental_profit_minor) == (7_200, 4_680)
    assert (r.rewards_retail_minor, r.reward_cost_minor, r.net_minor) == (500, 175, 4_505)
    assert r.return_percent == 2574.3 and r.basket_uplift_percent == -60.0
    cheap = app.services.analytics().health(period_days=30, today=TODAY,
                                            assumptions=CostAssumptions(incremental_percent=0))
    assert cheap.program_return.net_minor == -175


def test_daily_weekly_monthly_summaries(shop: tuple[Wiring, FixedClock]) -> None:
    app, _ = shop
    day = app.services.reports.daily(date(2026, 2, 5))
    # A 260 + C 50 on 5 Feb; C joined that day and came back on 2 Mar; A's lattes gave 4 stamps
    assert (day.sales, day.revenue_minor, day.member_share_percent) == (2, 31_000, 100.0)
    assert (day.new_members, day.new_members_returned, day.stamps_given, day.points_issued) == (1, 1, 4, 12)
    assert period_bounds(date(2026, 2, 5), "week") == (date(2026, 2, 2), date(2026, 2, 8))
    week = app.services.reports.period(date(2026, 2, 5), "week")
    assert (week.sales, week.revenue_minor, week.non_member_sales) == (3, 61_000, 1)
    month = app.services.reports.period(date(2026, 2, 14), "month")
    assert (month.date_from, month.date_to) == (date(2026, 2, 1), date(2026, 2, 28))
    assert (month.sales, month.points_redeemed, month.member_revenue_minor) == (4, 20, 40_500)
    text = summary_csv(month)
    assert text.splitlines()[0] == "figure,value,unit" and "points_redeemed,20,points" in text


def test_health_csv_has_the_cohort_table(shop: tuple[Wiring, FixedClock]) -> None:
    app, _ = shop
    health = app.services.analytics().health(today=TODAY)
    text = health_csv(health)  # for a spreadsheet: English keys and plain numbers, whatever the language
    assert "total_liability,4.00,THB" in text and "points_liability,16,points" in text
    assert "2026-01,2,2,1,0" in text
    assert "2026-02,3.25,13,0.00,0,THB" in text  # liability trend: month, liability, points, credit, rewards
    assert health.tiers
    for tier in health.tiers:  # each tier by its key
        assert f"tier.{tier.tier},{tier.members},count" in text


def test_cli_report_health_and_export(shop: tuple[Wiring, FixedClock], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from kiosk.cli import main

    app, _ = shop
    data_dir = str(app.settings.data_dir)
    assert main(["--data-dir", data_dir, "--json", "report", "health", "--days", "90"]) == 0
    health = json.loads(capsys.readouterr().out)
    assert health["liability"]["points"] == 16 and health["all_time"]["issued"] == 36
    out = tmp_path / "day.csv"
    assert main(["--data-dir", data_dir, "report", "export", "--csv", str(out), "--date", "2026-02-05"]) == 0
    thai = out.read_text()  # the shop speaks Thai; the file is for a spreadsheet all the same
    assert "sales,2,count" in thai and "period_from,2026-02-05,date" in thai
    assert main(["--data-dir", data_dir, "--language", "en", "report", "export", "--csv", str(out),
                 "--date", "2026-02-05"]) == 0
    assert out.read_text() == thai


def _figures(app: Wiring) -> tuple[object, ...]:
    """The sales-based figures the member activity caches answer, as one comparable tuple."""
    h = app.services.analytics().health(period_days=30, today=TODAY)
    cohorts = {r.month: r.active for r in h.cohorts if r.size}
    lv = h.lifetime_value
    return (cohorts, h.buyers, h.repeat_buyers, lv.buyers, lv.revenue_minor, lv.monthly_value_minor,
            lv.monthly_churn_percent, [(m.masked_name, m.visits, m.revenue_minor) for m in h.top_members],
            h.at_risk_count, [m.masked_name for m in h.at_risk])


def test_activity_cache_folds_in_a_new_sale_and_refunds(tmp_path: Path) -> None:
    from kiosk.domain.commands import RefundSale
    from kiosk.domain.staff import Role

    app, clock = _shop(tmp_path)
    with app:
        before = _figures(app)  # folds every sale so far into the caches
        assert before[0] == {date(2026, 1, 1): (2, 1, 0), date(2026, 2, 1): (1, 1)} and before[8] == 1
        # B comes back today (500 baht): January's cohort is active in March again, B is no longer at risk
        sale = app.services.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(line(500),),
                                                   member_code=PHONES["B"], print_receipt=False))
        after = _figures(app)
        assert after[0] == {date(2026, 1, 1): (2, 1, 1), date(2026, 2, 1): (1, 1)}
        assert (after[1], after[2], after[3], after[4]) == (3, 2, 3, 143_000)  # B bought once in the period
        assert after[7][0] == ("Member B.", 1, 50_000) and (after[8], after[9]) == (0, [])
        assert app.services.analytics().queries.refresh_member_activity() == 0  # nothing new since
        # the sale is refunded: every figure is as before it
        (manager,) = add_staff(app.services.staff, ("Nok", Role.MANAGER, "2222"))
        app.services.refunds.refund(RefundSale(command_id=str(uuid.uuid4()), receipt_no=sale.receipt_no,
                                      approved_by=manager.id, print_slip=False))
        assert _figures(app) == before
        # a refund of a sale the first fill had folded: C's 75 baht on 2 March, C's only March visit
        with app.engine.connect() as conn:
            receipt = conn.exec_driver_sql(
                "SELECT receipt_no FROM sales WHERE business_date = '2026-03-02' AND status = 'completed'").scalar()
        app.services.refunds.refund(RefundSale(command_id=str(uuid.uuid4()), receipt_no=receipt, approved_by=manager.id,
                                      print_slip=False))
        refunded = _figures(app)
        assert refunded[0] == {date(2026, 1, 1): (2, 1, 0), date(2026, 2, 1): (1, 0)}
        assert (refunded[1], refunded[2], refunded[4]) == (2, 1, 85_500)  # C: one visit in the period
        assert refunded[7] == [("Member A.", 2, 35_500), ("Member C.", 1, 5_000)]


def test_activity_cache_matches_the_sales_after_a_fill_in_several_steps(tmp_path: Path) -> None:
    from kiosk.adapters.db import caches as sql_analytics

    app, clock = _shop(tmp_path)
    with app:
        expected = _figures(app)
        with app.engine.begin() as conn:  # forget the caches: the next look fills them again, month by month
            conn.exec_driver_sql("DELETE FROM member_month_activity")
            conn.exec_driver_sql("DELETE FROM member_stats")
            conn.exec_driver_sql("DELETE FROM kv WHERE key LIKE 'analytics:activity%'")
        assert sql_analytics.refresh_member_activity(app.engine) > 0
        assert _figures(app) == expected
        with app.engine.connect() as conn:
            months = conn.exec_driver_sql("SELECT month, member_id, visits, revenue_minor, first_day, last_day "
                                          "FROM member_month_activity ORDER BY 1, 2").all()
            stats = conn.exec_driver_sql("SELECT sum(visits), sum(revenue_minor) FROM member_stats").one()
        assert len(months) == 5 and tuple(stats) == (7, 93_000)  # A: Jan, Feb; B: Jan; C: Feb, Mar


@pytest.mark.postgres
def test_activity_cache_on_postgresql(pg_schema_url: str, tmp_path: Path) -> None:
    """The same figures and refund fold on PostgreSQL, where the fold follows the 0007 fold_seq columns."""
    from kiosk.domain.commands import RefundSale
    from kiosk.domain.staff import Role

    app, _ = _shop(tmp_path, pg_schema_url)
    with app:
        before = _figures(app)
        assert before[0] == {date(2026, 1, 1): (2, 1, 0), date(2026, 2, 1): (1, 1)}
        assert (before[1], before[2], before[4], before[8]) == (2, 2, 93_000, 1)
        sale = app.services.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(line(500),),
                                                 member_code=PHONES["B"], print_receipt=False))
        assert _figures(app)[0] == {date(2026, 1, 1): (2, 1, 1), date(2026, 2, 1): (1, 1)}
        (manager,) = add_staff(app.services.staff, ("Nok", Role.MANAGER, "2222"))
        app.services.refunds.refund(RefundSale(command_id=str(uuid.uuid4()), receipt_no=sale.receipt_no,
                                               approved_by=manager.id, print_slip=False))
        assert _figures(app) == before
