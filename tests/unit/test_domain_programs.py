"""The program rules as pure functions: points rounding, stamps, tiers (windows, upgrades, retention), config checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs import points, stamps, tiers
from kiosk.domain.programs.bonuses import birthday_bonus_due, check_referral
from kiosk.domain.programs.cashback import cashback_for
from kiosk.domain.programs.config import (
    CashbackRules,
    PointsRules,
    ProgramConfig,
    Reward,
    StampCard,
    Tier,
    TierRules,
)

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
LEVELS = (Tier("Bronze", 0), Tier("Silver", 3000, 125), Tier("Gold", 10000, 150))
RULES = TierRules(levels=LEVELS, retention_days=365)


# -- points -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("rounding, paid, expected", [
    ("down", 4999, 1), ("down", 5000, 2), ("nearest", 3749, 1), ("nearest", 3750, 2), ("up", 2501, 2),
    ("up", 2500, 1), ("down", 2499, 0),
])
def test_spend_points_round_as_configured(rounding: str, paid: int, expected: int) -> None:
    rules = PointsRules(spend_unit=Money(2500), rounding=rounding)
    assert points.base_points(rules, paid=Money(paid), eligible_items=1) == expected


def test_nothing_is_earned_when_off_below_minimum_or_nothing_paid() -> None:
    rules = PointsRules(spend_unit=Money(100), min_spend=Money(5000))
    assert points.base_points(rules, paid=Money(4999), eligible_items=1) == 0
    assert points.base_points(rules, paid=Money(0), eligible_items=1) == 0
    off = PointsRules(enabled=False)
    assert points.base_points(off, paid=Money(9999), eligible_items=3) == 0


@given(st.integers(0, 10_000), st.integers(0, 400))
def test_multipliers_round_down_and_never_go_below_the_base(base: int, percent: int) -> None:
    got = points.apply_multiplier(base, percent)
    assert got == base * percent // 100
    if percent >= 100:
        assert got >= base


@given(st.integers(1, 10_000), st.integers(0, 10**7))
def test_points_for_value_never_overpays(point_value: int, value: int) -> None:
    rules = PointsRules(point_value=Money(point_value))
    n = points.points_for_value(rules, Money(value))
    assert points.points_value(rules, n).minor <= value < points.points_value(rules, n + 1).minor


# -- stamps --------------------------------------------------------------------------------------------------
def test_stamps_per_item_per_visit_and_minimum() -> None:
    card = StampCard("c", "Card", required=10, skus=("A",), max_per_visit=3, min_spend=Money(1000))
    assert stamps.stamps_earned(card, eligible_quantity=5, purchase_value=Money(2000)) == 3
    assert stamps.stamps_earned(card, eligible_quantity=5, purchase_value=Money(999)) == 0
    visit = StampCard("v", "Visit", per_item=False, skus=("A",))
    assert stamps.stamps_earned(visit, eligible_quantity=4, purchase_value=Money(100)) == 1
    assert stamps.stamps_earned(visit, eligible_quantity=0, purchase_value=Money(100)) == 0
    anything = StampCard("x", "Any")
    assert stamps.stamps_earned(anything, eligible_quantity=0, purchase_value=Money(1)) == 1


@given(st.integers(1, 20), st.integers(0, 19), st.integers(0, 40), st.booleans())
def test_adding_stamps_conserves_them(required: int, current: int, earned: int, carry: bool) -> None:
    current = current % required
    card = StampCard("c", "Card", required=required, carry_over=carry)
    r = stamps.add_stamps(card, current=current, earned=earned)
    assert r.completed * required + r.stamps_after + r.forfeited == current + earned
    assert 0 <= r.stamps_after < required
    if carry:
        assert r.forfeited == 0
    else:
        assert r.completed <= 1


# -- cashback and bonuses -----------------------------------------------------------------------------------------
def test_cashback_minimum_and_cap() -> None:
    rules = CashbackRules(enabled=True, percent_bp=250, min_spend=Money(10000), max_per_sale=Money(500))
    assert cashback_for(rules, paid=Money(9999)).minor == 0
    assert cashback_for(rules, paid=Money(10000)).minor == 250
    assert cashback_for(rules, paid=Money(100000)).minor == 500
    assert cashback_for(CashbackRules(), paid=Money(100000)).minor == 0


def test_birthday_bonus_due_once_in_the_month() -> None:
    from datetime import date

    assert birthday_bonus_due(date(1990, 6, 30), date(2026, 6, 1), None)
    assert not birthday_bonus_due(date(1990, 6, 30), date(2026, 6, 1), date(2026, 6, 1))
    assert birthday_bonus_due(date(1990, 6, 30), date(2027, 6, 1), date(2026, 6, 1))
    assert not birthday_bonus_due(date(1990, 7, 1), date(2026, 6, 1), None)
    assert not birthday_bonus_due(None, date(2026, 6, 1), None)


def test_a_birthday_bonus_taken_back_stays_owed_for_the_days_after_the_month() -> None:
    from datetime import date

    june = date(1990, 6, 30)
    assert birthday_bonus_due(june, date(2026, 6, 9), date(2026, 6, 2), taken_back=True, owed_days=30)
    assert birthday_bonus_due(june, date(2026, 7, 30), date(2026, 6, 30), taken_back=True, owed_days=30)
    assert not birthday_bonus_due(june, date(2026, 7, 31), date(2026, 6, 30), taken_back=True, owed_days=30)
    assert not birthday_bonus_due(june, date(2026, 7, 1), date(2026, 6, 30), taken_back=False, owed_days=30)
    assert not birthday_bonus_due(june, date(2026, 7, 1), None, owed_days=30)  # no purchase in June: none
    assert not birthday_bonus_due(june, date(2026, 7, 1), date(2025, 6, 3), taken_back=True, owed_days=30)
    december = date(1990, 12, 15)  # owed into the new year, and next December pays next year's
    assert birthday_bonus_due(december, date(2027, 1, 5), date(2026, 12, 31), taken_back=True, owed_days=10)
    assert birthday_bonus_due(december, date(2027, 12, 1), date(2027, 1, 5), owed_days=10)


def test_check_referral_refuses_self() -> None:
    from kiosk.domain.errors import RuleViolation

    check_referral(referrer_id=None, new_member_phone="+66", referrer_phone="+66", new_member_id="a")
    check_referral(referrer_id="b", new_member_phone="+661", referrer_phone="+662", new_member_id="a")
    for kwargs in ({"referrer_id": "a", "referrer_phone": "+662"}, {"referrer_id": "b", "referrer_phone": "+661"}):
        with pytest.raises(RuleViolation):
            check_referral(new_member_phone="+661", new_member_id="a", **kwargs)  # type: ignore[arg-type]


# -- tiers ---------------------------------------------------------------------------------------------------------
def test_first_evaluation_places_the_member_by_qualifying_value() -> None:
    status = tiers.evaluate(RULES, None, 3500, NOW)
    assert status.tier == "Silver" and status.since == NOW and status.review_at == NOW + timedelta(days=365)
    assert tiers.evaluate(RULES, None, 0, NOW).tier == "Bronze"


def test_upgrade_is_immediate_and_restarts_retention() -> None:
    silver = tiers.TierStatus("Silver", NOW, NOW + timedelta(days=365))
    later = NOW + timedelta(days=10)
    gold = tiers.evaluate(RULES, silver, 12000, later)
    assert gold == tiers.TierStatus("Gold", later, later + timedelta(days=365))


def test_downgrade_waits_for_the_review_and_then_drops_to_what_is_earned() -> None:
    gold = tiers.TierStatus("Gold", NOW, NOW + timedelta(days=365))
    assert tiers.evaluate(RULES, gold, 0, NOW + timedelta(days=364)) == gold
    review = NOW + timedelta(days=365)
    dropped = tiers.evaluate(RULES, gold, 4000, review)
    assert dropped == tiers.TierStatus("Silver", review, review + timedelta(days=365))


def test_keeping_the_tier_at_review_extends_retention_and_keeps_since() -> None:
    gold = tiers.TierStatus("Gold", NOW, NOW + timedelta(days=365))
    review = NOW + timedelta(days=400)
    kept = tiers.evaluate(RULES, gold, 20000, review)
    assert kept == tiers.TierStatus("Gold", NOW, review + timedelta(days=365))


def test_a_tier_removed_from_the_config_counts_as_the_entry_tier() -> None:
    old = tiers.TierStatus("Platinum", NOW, NOW + timedelta(days=365))
    assert tiers.rank(RULES, "Platinum") == 0
    assert tiers.evaluate(RULES, old, 3500, NOW).tier == "Silver"
    assert tiers.tier_by_name(RULES, "Platinum").name == "Bronze"


def test_windows_rolling_and_calendar_year() -> None:
    local = datetime(2026, 6, 15, 12, 30, tzinfo=timezone(timedelta(hours=7)))
    assert tiers.window_start(RULES, local) == local - timedelta(days=365)
    calendar = TierRules(levels=LEVELS, window="calendar_year")
    assert tiers.window_start(calendar, local) == datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=7)))


@pytest.mark.parametrize("tier, qualifying, nxt, remaining, percent", [
    ("Bronze", 0, "Silver", 3000, 0),
    ("Bronze", 1500, "Silver", 1500, 50),
    ("Silver", 6500, "Gold", 3500, 50),
    ("Silver", 500, "Gold", 9500, 0),  # kept Silver by retention while qualifying dropped
    ("Gold", 50000, None, 0, 100),
])
def test_progress_to_the_next_tier(tier: str, qualifying: int, nxt: str | None, remaining: int,
                                   percent: int) -> None:
    prog = tiers.progress(RULES, tiers.TierStatus(tier, NOW, None), qualifying)
    assert prog.tier.name == tier and (prog.next_tier.name if prog.next_tier else None) == nxt
    assert (prog.remaining, prog.percent) == (remaining, percent)


@given(st.integers(0, 30000), st.integers(0, 30000))
def test_more_qualifying_never_means_a_lower_tier(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert tiers.rank(RULES, tiers.level_for(RULES, low).name) <= tiers.rank(RULES, tiers.level_for(RULES, high).name)


# -- config validation ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("changes, words", [
    ({"points": PointsRules(rounding="banker")},
     "Points: part points are rounded down, to the nearest or up, not 'banker'"),
    ({"points": PointsRules(spend_unit=Money(0))}, "Points: the spend that earns points must be more than zero"),
    ({"points": PointsRules(rewards=(Reward("a", "A", 10, Money(1)), Reward("a", "B", 10, Money(1))))},
     "Reward “B”: give it an id no other one uses (not 'a')"),
    ({"points": PointsRules(rewards=(Reward("a", "A", 0, Money(1)),))}, "Reward “A”: it must cost at least 1 point"),
    ({"stamp_cards": (StampCard("c", "C", required=0),)}, "Stamp card “C”: it must take at least 1 stamp"),
    ({"tiers": TierRules(levels=(Tier("A", 100),))}, "A tier: the first tier must start at 0"),
    ({"tiers": TierRules(levels=(Tier("A", 0), Tier("B", 0)))}, "B tier: the spend to reach it must be more than A's"),
    ({"cashback": CashbackRules(percent_bp=20000)}, "Cashback: the percent back must be from 0 to 100"),
])
def test_invalid_programs_are_refused(changes: dict, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ProgramConfig(**changes)
    assert caught.value.code == "program.settings_invalid" and words in caught.value.message
