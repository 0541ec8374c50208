"""Program health's shares of money (incremental revenue, the profit on it, the reward cost) are rounded half up to
the satang, as the shop rounds money: a black-box test read "Incremental revenue 7,019.67" for 15 % of ฿46,797.84
(฿7,019.676), cut rather than rounded."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from kiosk.domain.commands import RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.analytics import CostAssumptions
from kiosk.services.exports import health_csv
from tests.integration.test_analytics import PHONES, TODAY, _shop, at


def test_shares_of_member_revenue_are_rounded_half_up(tmp_path: Path) -> None:
    app, clock = _shop(tmp_path)
    with app:
        # the hand-worked shop's members paid ฿480.00 in the period; ฿67.70 more makes ฿547.70
        clock.at = at(date(2026, 3, 1))
        app.services.checkout.record_sale(RecordSale(
            command_id=str(uuid.uuid4()), lines=(CartLine("Sample", Money(6_770), 1, None),),
            member_code=PHONES["A"], print_receipt=False))
        clock.at = at(TODAY)
        health = app.services.analytics().health(period_days=30, today=TODAY, assumptions=CostAssumptions(
            cogs_percent=35, incremental_percent=15))
        r = health.program_return
        assert r.member_revenue_minor == 54_770
        # 15 % of ฿547.70 = ฿82.155 -> ฿82.16 (not ฿82.15); at a 65 % margin ฿53.40075 -> ฿53.40 (not ฿53.39,
        # 65 % of the cut ฿82.15)
        assert (r.incremental_revenue_minor, r.incremental_profit_minor) == (8_216, 5_340)
        # rewards: 20 points x ฿0.25 = ฿5.00 at 35 % = ฿1.75
        assert (r.reward_cost_minor, r.net_minor) == (175, 5_165)
        text = health_csv(health)
        assert "82.16" in text and "82.15" not in text
