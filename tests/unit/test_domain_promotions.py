"""Promotions as pure rules: windows on the shop's wall clock (across midnight, month ends, a leap day), who they
are for, what each gives on a basket and in what order, caps, and the engine counting them in the earn."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.config import Item, ProgramConfig, StampCard, Tier, TierRules
from kiosk.domain.programs.engine import CartLine, MemberState, quote_sale
from kiosk.domain.programs.promotions import (
    BasketLine,
    Promotion,
    apply_promotions,
    format_hours,
    parse_hours,
    share_basis,
    split_share_basis,
)

FRI, SAT, SUN = 4, 5, 6


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_a_window_across_midnight_belongs_to_the_day_it_started() -> None:
    late = Promotion("late", "Friday late", hours=parse_hours("22:00-02:00"), weekdays=(FRI,))
    assert late.live_at(at("2026-12-04 22:00"))  # Friday evening
    assert late.live_at(at("2026-12-05 01:59"))  # Saturday small hours: still Friday's window
    assert not late.live_at(at("2026-12-05 02:00"))  # the window's end is exclusive
    assert not late.live_at(at("2026-12-05 22:30"))  # Saturday evening is not Friday
    assert not late.live_at(at("2026-12-04 01:00"))  # Friday small hours belong to Thursday's window
    assert not late.live_at(at("2026-12-04 21:59"))


def test_weekday_afternoons_and_weekends() -> None:
    triple = Promotion("tea", "Tea time", kind="stamps_multiplier", percent=300, hours=(14 * 60, 16 * 60),
                       weekdays=(0, 1, 2, 3, 4))
    assert triple.live_at(at("2026-12-07 14:00"))  # Monday
    assert not triple.live_at(at("2026-12-07 13:59"))
    assert not triple.live_at(at("2026-12-07 16:00"))
    assert not triple.live_at(at("2026-12-06 15:00"))  # Sunday
    weekend = Promotion("wknd", "Double weekend", weekdays=(SAT, SUN))
    assert weekend.live_at(at("2026-12-05 00:00")) and weekend.live_at(at("2026-12-06 23:59"))
    assert not weekend.live_at(at("2026-12-07 00:00"))


def test_month_ends_and_a_leap_day() -> None:
    december = Promotion("dec", "December cakes", kind="bonus_points", points=50,
                         starts=at("2026-12-01 00:00"), ends=at("2027-01-01 00:00"))
    assert december.live_at(at("2026-12-31 23:59")) and not december.live_at(at("2027-01-01 00:00"))
    assert not december.live_at(at("2026-11-30 23:59"))
    leap = Promotion("leap", "Leap day", starts=at("2028-02-29 00:00"), ends=at("2028-03-01 00:00"))
    assert leap.live_at(at("2028-02-29 12:00"))
    assert not leap.live_at(at("2028-02-28 23:59")) and not leap.live_at(at("2028-03-01 00:00"))


def test_paused_and_ended_promotions_give_nothing() -> None:
    assert not Promotion("p", "P", status="paused").live_at(at("2026-12-05 10:00"))
    assert not Promotion("p", "P", status="ended").live_at(at("2026-12-05 10:00"))


def test_audience_all_a_tier_or_a_segment() -> None:
    gold = Promotion("g", "Gold", audience="tier", tiers=("Gold",))
    birthday = Promotion("b", "Birthday", audience="segment", segment="birthday_month")
    assert gold.for_member(tier="Gold", segments=frozenset()) and not gold.for_member(tier="Silver",
                                                                                      segments=frozenset())
    assert birthday.for_member(tier=None, segments=frozenset({"birthday_month"}))
    assert not birthday.for_member(tier="Gold", segments=frozenset())


LINES = (BasketLine("LATTE", "coffee", 2, 13000), BasketLine("CAKE", "bakery", 1, 9500))
NOON = at("2026-12-05 12:00")  # a Saturday in December


def test_every_matching_promotion_applies_in_the_stated_order_and_multipliers_do_not_compound() -> None:
    promos = (
        Promotion("z-double", "Double", order=20),
        Promotion("cake", "+50 on cake", kind="bonus_points", points=50, per="item", categories=("bakery",),
                  order=10),
        Promotion("a-triple", "Triple", percent=300, order=20),
    )
    awards = apply_promotions(promos, at=NOON, lines=LINES, earned_points=10, stamps={}, tier=None,
                              segments=frozenset(), used={}, language="en")
    assert [(a.promotion_id, a.points) for a in awards] == [("cake", 50), ("a-triple", 20), ("z-double", 10)]


def test_a_multiplier_on_a_category_boosts_only_that_share_of_the_earn() -> None:
    coffee = Promotion("coffee", "Double coffee", categories=("coffee",))
    awards = apply_promotions((coffee,), at=NOON, lines=LINES, earned_points=9, stamps={}, tier=None,
                              segments=frozenset(), used={}, language="en")
    assert awards[0].points == 9 * 13000 // 22500  # 5 of the 9 points came from the coffee
    none = apply_promotions((Promotion("x", "X", skus=("MANGO_RICE",)),), at=NOON, lines=LINES, earned_points=9,
                            stamps={}, tier=None, segments=frozenset(), used={}, language="en")
    assert none == ()


def test_a_cap_per_member_cuts_the_award_and_then_gives_nothing() -> None:
    promo = Promotion("cake", "Cake", kind="bonus_points", points=50, per="item", skus=("CAKE",), cap=120)
    first = apply_promotions((promo,), at=NOON, lines=LINES, earned_points=5, stamps={}, tier=None,
                             segments=frozenset(), used={"cake": 100}, language="en")
    assert first[0].points == 20 and first[0].capped
    assert apply_promotions((promo,), at=NOON, lines=LINES, earned_points=5, stamps={}, tier=None,
                            segments=frozenset(), used={"cake": 120}, language="en") == ()
    stamps = Promotion("s", "Triple stamps", kind="stamps_multiplier", percent=300, cap=3)
    award = apply_promotions((stamps,), at=NOON, lines=LINES, earned_points=0, stamps={"coffee": 2}, tier=None,
                             segments=frozenset(), used={}, language="th")
    assert award[0].stamps == (("coffee", 3),) and award[0].capped


CARD = StampCard("coffee", "Coffee card", required=9, skus=("LATTE",))
CONFIG = ProgramConfig(
    stamp_cards=(CARD,), tiers=TierRules(levels=(Tier("Member", 0), Tier("Gold", 100000, 150))),
    items=(Item("LATTE", "Latte", Money(6500), category="coffee"), Item("CAKE", "Cake", Money(9500),
                                                                       category="bakery")),
    promotions=(Promotion("wknd", "Double points weekend", name_th="แต้มสองเท่าวันหยุด", weekdays=(SAT, SUN)),
                Promotion("tea", "Triple stamps", kind="stamps_multiplier", percent=300, hours=(14 * 60, 16 * 60))),
)
BASKET = (CartLine("Latte", Money(6500), 2, "LATTE"), CartLine("Cake", Money(9500), 1, "CAKE"))


def test_the_engine_counts_promotions_in_the_earn_and_says_which_gave_what() -> None:
    member = MemberState("m", stamps={"coffee": 7})
    plain = quote_sale(CONFIG, BASKET, member)  # no moment given: no promotion applies
    boosted = quote_sale(CONFIG, BASKET, member, at=at("2026-12-05 14:30"), language="th")
    assert plain.points_earned == 9 and plain.promotions == ()
    assert boosted.points_earned == 18 and boosted.promotion_points == 9
    assert [(a.label, a.points, a.stamps) for a in boosted.promotions] == [  # same order: by id
        ("Triple stamps", 0, (("coffee", 4),)), ("แต้มสองเท่าวันหยุด", 9, ())]
    stamp = boosted.stamps[0]
    assert stamp.earned == 6 and stamp.completed == 1 and stamp.stamps_after == 4
    assert boosted.promotion_stamps("coffee") == 4
    # a sale with no member earns nothing, promotion or not
    assert quote_sale(CONFIG, BASKET, None, at=at("2026-12-05 14:30")).promotions == ()


@pytest.mark.parametrize("promo, phrase", [
    (Promotion("x", "X", percent=100), "Promotion “X”: the multiplier must be from 101% to 1000%"),
    (Promotion("x", "X", kind="bonus_points", points=0), "Promotion “X”: the points must be from 1 to 100,000"),
    (Promotion("x", "X", audience="tier", tiers=("Platinum",)), "Promotion “X”: there is no tier called Platinum"),
    (Promotion("x", "X", audience="segment", segment="vip"),
     "Promotion “X”: there is no group of members called 'vip'"),
    (Promotion("x", "X", starts=at("2026-12-05 00:00"), ends=at("2026-12-04 00:00")),
     "Promotion “X”: it must end after it starts"),
    (Promotion("x", "X", skus=("NOPE",)), "Promotion “X”: the shop sells no item with the code NOPE"),
    (Promotion("x", "X", hours=(600, 600)), "Promotion “X”: the hours cannot start and end at the same time"),
])
def test_bad_promotions_are_refused_with_a_reason(promo: Promotion, phrase: str) -> None:
    with pytest.raises(InvalidInput) as err:
        ProgramConfig(items=CONFIG.items, tiers=CONFIG.tiers, promotions=(promo,))
    assert phrase in err.value.message


def test_hours_read_and_written() -> None:
    assert parse_hours("14:00-16:00") == (840, 960) and format_hours((1320, 120)) == "22:00-02:00"
    with pytest.raises(ValueError):
        parse_hours("2pm-4pm")


def test_a_promotion_records_the_lines_it_was_earned_on_and_reads_them_back() -> None:
    lines = (BasketLine("LATTE", "coffee", 2, 13000), BasketLine("CAKE", "bakery", 1, 9500),
             BasketLine("CROISSANT", "bakery", 3, 21000))
    cakes = Promotion("cakes|dec", "+50 a cake", kind="bonus_points", points=50, per="item", categories=("bakery",))
    assert share_basis(cakes, lines) == "|items:1,2"
    assert split_share_basis("cakes|dec|items:1,2") == ("cakes|dec", "items", (1, 2))  # an id may hold a bar
    double = Promotion("double", "Double")
    assert share_basis(double, lines) == ""  # the whole basket: the sale's own share, the memo as before
    assert share_basis(Promotion("lattes", "Double lattes", skus=("LATTE",)), lines) == "|value:0"
    assert split_share_basis("cake-december") == ("cake-december", "", ())  # written before lines were kept
