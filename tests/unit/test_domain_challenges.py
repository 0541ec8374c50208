"""Challenges as pure rules: periods on the shop's calendar (weeks, month ends, a leap day, rolling windows),
progress by visits, distinct items and spend, and the line a member reads in both languages."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time

import pytest

from kiosk.domain.errors import InvalidInput
from kiosk.domain.events import Event, Localized
from kiosk.domain.programs.challenges import (
    Activity,
    Challenge,
    ChallengeProgress,
    deadline,
    progress,
    window_for,
)
from kiosk.domain.programs.config import ProgramConfig
from kiosk.domain.serialization import decode, to_json
from kiosk.l10n.catalogue import say

VISITS = Challenge("visit3", "Visit 3 times", kind="visits", target=3, period="days", days=7, points=100)
DRINKS = Challenge("drinks", "Try 3 drinks", kind="distinct_items", target=3, period="month",
                   categories=("coffee", "tea"), points=150)
SPEND = Challenge("spend", "Spend 1,000 baht", kind="spend", target=100_000, period="month", points=200)


def visit(day: str, spend: int = 6500, **items: int) -> Activity:
    d = date.fromisoformat(day)
    cats = {"LATTE": "coffee", "MOCHA": "coffee", "THAI_TEA": "tea", "CAKE": "bakery"}
    return Activity(d, datetime.combine(d, time(10)), spend, items or {"LATTE": 1}, cats)


def test_weeks_run_monday_to_sunday_across_a_month_and_a_year_end() -> None:
    week = Challenge("w", "W", period="week")
    w = window_for(week, date(2026, 12, 31))  # a Thursday
    assert (w.start, w.end, w.key) == (date(2026, 12, 28), date(2027, 1, 3), "2026-W53")
    assert window_for(week, date(2027, 1, 3)).key == "2026-W53"  # Sunday: still the same week
    assert window_for(week, date(2027, 1, 4)).key == "2027-W01"


def test_months_end_on_their_last_day_including_a_leap_february() -> None:
    assert window_for(SPEND, date(2028, 2, 29)).end == date(2028, 2, 29)
    assert window_for(SPEND, date(2027, 2, 10)).end == date(2027, 2, 28)
    assert window_for(SPEND, date(2026, 4, 30)).key == "2026-04"
    assert window_for(SPEND, date(2026, 5, 1)).key == "2026-05"


def test_a_rolling_window_counts_the_last_days_and_its_deadline_follows_the_first_visit() -> None:
    w = window_for(VISITS, date(2028, 3, 2))
    assert (w.start, w.end) == (date(2028, 2, 25), date(2028, 3, 2))  # across the leap day
    acts = [visit("2028-02-28"), visit("2028-02-29")]
    assert progress(VISITS, acts) == 2
    assert deadline(VISITS, w, acts, date(2028, 3, 2)) == date(2028, 3, 5)


def test_progress_counts_days_not_sales_and_only_after_the_last_completion() -> None:
    acts = [visit("2026-12-01"), visit("2026-12-01"), visit("2026-12-03")]
    assert progress(VISITS, acts) == 2
    assert progress(VISITS, acts, after=datetime(2026, 12, 2)) == 1
    refunded = visit("2026-12-04", spend=0, LATTE=0)  # everything went back: not a visit
    assert progress(VISITS, [*acts, refunded]) == 2


def test_distinct_items_of_the_named_categories_and_spend() -> None:
    acts = [visit("2026-12-01", LATTE=2), visit("2026-12-02", LATTE=1, CAKE=1), visit("2026-12-09", THAI_TEA=1)]
    assert progress(DRINKS, acts) == 2  # latte twice is one drink; cake is not a drink
    assert progress(DRINKS, [*acts, visit("2026-12-31", MOCHA=1)]) == 3
    assert progress(SPEND, [visit("2026-12-01", 60_000), visit("2026-12-02", 40_000)]) == 100_000


def test_the_line_a_member_reads() -> None:
    """Where a member stands is a ChallengeStanding the edges say: the challenge's name in the reader's language,
    and around it no word of the other language."""
    name = Localized("Visit 3 times", "มาครบ 3 ครั้ง")
    line = ChallengeProgress("visit3", name, "visits", 2, 3, date(2026, 12, 6), 100, False).standing("THB")
    assert say(line, "en") == "Visit 3 times: 2 of 3 visits: one more by Sunday 6 Dec 2026 for +100 points"
    assert say(line, "th") == "มาครบ 3 ครั้ง: 2 จาก 3 ครั้ง อีก 1 ครั้ง ภายในวันอาทิตย์ที่ 6 ธ.ค. 2569 รับ +100 แต้ม"
    items = ChallengeProgress("drinks", Localized("Try 3 drinks"), "distinct_items", 1, 3, date(2026, 12, 31), 150,
                              False).standing("THB")
    assert say(items, "en") == "Try 3 drinks: 1 of 3 items: 2 more by Thursday 31 Dec 2026 for +150 points"
    thai = say(items, "th")  # no Thai name in the config: the English name, and only that, stays English
    assert thai == "Try 3 drinks: 1 จาก 3 รายการ อีก 2 รายการ ภายในวันพฤหัสบดีที่ 31 ธ.ค. 2569 รับ +150 แต้ม"
    assert not re.search(r"[A-Za-z]{2,}", thai.replace("Try 3 drinks", ""))
    spend = ChallengeProgress("spend", Localized("Spend", "ใช้จ่าย"), "spend", 62_550, 100_000, date(2026, 12, 31),
                              200, False).standing("THB")
    assert say(spend, "en") == ("Spend: ฿625.50 of ฿1,000.00: ฿374.50 more by Thursday 31 Dec 2026 "
                                "for +200 points")
    assert say(spend, "th") == ("ใช้จ่าย: ใช้จ่ายแล้ว ฿625.50 จาก ฿1,000.00 อีก ฿374.50 ภายในวันพฤหัสบดีที่ 31 ธ.ค. 2569 "
                                "รับ +200 แต้ม")
    done = ChallengeProgress("spend", Localized("Spend 1,000", "ใช้จ่ายครบพัน"), "spend", 100_000, 100_000,
                             date(2026, 12, 31), 200, True).standing("THB")
    assert say(done, "th") == "ใช้จ่ายครบพัน: สำเร็จแล้ว! +200 แต้ม"
    assert say(done, "en") == "Spend 1,000: done! +200 points"


def test_a_standing_survives_the_print_queue() -> None:
    standing = ChallengeProgress("visit3", Localized("Visit 3 times", "มาครบ 3 ครั้ง"), "visits", 1, 3,
                                 date(2026, 12, 6), 100, False).standing("THB")
    assert decode(tuple[Event, ...], json.loads(to_json((standing,)))) == (standing,)


@pytest.mark.parametrize("challenge, phrase", [
    (Challenge("x", "X", kind="steps"), "kind must be one of"),
    (Challenge("x", "X", period="year"), "period must be week, month or days"),
    (Challenge("x", "X", target=0), "target must be at least 1"),
    (Challenge("x", "X", points=0), "points must be 1..100000"),
    (Challenge("x", "X", starts=date(2026, 12, 2), ends=date(2026, 12, 1)), "must end on or after"),
])
def test_bad_challenges_are_refused_with_a_reason(challenge: Challenge, phrase: str) -> None:
    with pytest.raises(InvalidInput) as err:
        ProgramConfig(challenges=(challenge,))
    assert phrase in err.value.message
