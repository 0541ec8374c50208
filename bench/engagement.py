"""Engagement benchmark: what promotions, challenges and personal offers add to a member's checkout.

`python -m bench.engagement` prints JSON. Two shops are built side by side in a temporary folder, alike but for
[[promotions]], [[challenges]] and [[offers]] (three of each kind the issue names); a member with a month of
visits checks out SALES times in each, alternating, and the ratio of the engaged shop's median commit time to
the plain shop's (the floor, timed in the same run on the same disk) is the figure. Target: under 1.5.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock

SALES = 60
HISTORY_DAYS = 25  # visits this month before the timed sales
TARGET_RATIO = 1.5
START = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok
BASKET = (CartLine("Latte", Money(6500), 1, "LATTE"), CartLine("Coconut cake slice", Money(9500), 1, "CAKE"))

# Both shops let a member earn on every sale of the run (the fraud limit would otherwise ask for a manager).
LIMITS = """
[security]
max_earn_sales_per_day = 100000
"""
ENGAGED = LIMITS + """
[[promotions]]
id = "double"
name = "Double points"
[[promotions]]
id = "cake"
name = "+50 on cake"
kind = "bonus_points"
points = 50
per = "item"
categories = ["bakery"]
[[promotions]]
id = "tea-time"
name = "Triple stamps"
kind = "stamps_multiplier"
percent = 300
hours = "09:00-23:00"
cap = 100000

[[challenges]]
id = "visits"
name = "Visit 30 times this month"
target = 30
period = "month"
points = 100
[[challenges]]
id = "drinks"
name = "Try 3 drinks"
kind = "distinct_items"
target = 3
period = "month"
categories = ["coffee", "tea"]
points = 50
[[challenges]]
id = "spend"
name = "Spend 100,000 baht in 7 days"
kind = "spend"
target = "100000"
period = "days"
days = 7
points = 500

[[offers]]
id = "everyone"
name = "A free croissant"
sku = "CROISSANT"
[[offers]]
id = "lapsed"
name = "Come back"
selector = "lapsed"
kind = "bonus_points"
points = 100
"""


def _shop(folder: Path, config: str) -> tuple[Wiring, FixedClock, str]:
    folder.mkdir()
    (folder / "config.toml").write_text(config, encoding="utf-8")
    clock = FixedClock(START)
    app = wire(load_settings(data_dir=folder), clock=clock)
    code = app.services.enrollment.enroll(EnrollMember(command_id="join", name="Bench Member",
                                                       phone="0812345678", consent_version="2026-01")).member_code
    for day in range(HISTORY_DAYS):
        app.services.checkout.record_sale(RecordSale(command_id=f"h{day}", lines=BASKET, member_code=code,
                                                     print_receipt=False))
        clock.advance(days=1)
    return app, clock, code


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-engagement-") as tmp:
        plain, plain_clock, plain_code = _shop(Path(tmp) / "plain", LIMITS)
        engaged, engaged_clock, engaged_code = _shop(Path(tmp) / "engaged", ENGAGED)
        times: dict[str, list[float]] = {"plain": [], "engaged": []}
        try:
            for n in range(SALES):
                for name, app, clock, code in (("plain", plain, plain_clock, plain_code),
                                               ("engaged", engaged, engaged_clock, engaged_code)):
                    clock.advance(seconds=20)
                    cmd = RecordSale(command_id=f"s{n}", lines=BASKET, member_code=code, print_receipt=False)
                    started = time.perf_counter()
                    app.services.checkout.record_sale(cmd)
                    times[name].append((time.perf_counter() - started) * 1000)
        finally:
            plain.close()
            engaged.close()
    floor, engaged_ms = statistics.median(times["plain"]), statistics.median(times["engaged"])
    return {
        "sales_each": SALES, "history_visits": HISTORY_DAYS,
        "plain_checkout_p50_ms": round(floor, 2), "engaged_checkout_p50_ms": round(engaged_ms, 2),
        "engaged_vs_plain_ratio": round(engaged_ms / floor, 2), "target_ratio": TARGET_RATIO,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
