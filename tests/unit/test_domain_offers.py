"""Personal offers as pure rules: which members each rule picks (the health report's at-risk definition, lapsed,
birthday month, near the next tier, big spenders) and what the basket needs."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.config import Item, ProgramConfig
from kiosk.domain.programs.offers import MemberFacts, Offer, at_risk, picks

TODAY = date(2026, 12, 5)


def facts(**kw: object) -> MemberFacts:
    base: dict[str, object] = {"today": TODAY, "birthday": None, "visit_days": (), "last_visit": None,
                               "spend_90_days_minor": 0, "tier_percent": None}
    base.update(kw)
    return MemberFacts(**base)  # type: ignore[arg-type]


def test_at_risk_is_the_health_reports_definition() -> None:
    weekly = (date(2026, 10, 1), date(2026, 10, 8), date(2026, 10, 15))  # usual gap 7 days
    assert at_risk(weekly, date(2026, 10, 26))  # 11 days away: over 1.5 x 7
    assert not at_risk(weekly, date(2026, 10, 25))  # 10 days: within 1.5 x 7
    assert not at_risk((date(2026, 10, 1),), TODAY)  # one visit says nothing
    assert not at_risk((date(2026, 5, 1), date(2026, 5, 8)), TODAY)  # older than 180 days: not counted


def test_each_rule_picks_its_members() -> None:
    assert picks(Offer("b", "B", selector="birthday_month"), facts(birthday=date(1990, 12, 30)))
    assert not picks(Offer("b", "B", selector="birthday_month"), facts(birthday=date(1990, 11, 30)))
    lapsed = Offer("l", "L", selector="lapsed", lapsed_days=30)
    assert picks(lapsed, facts(last_visit=date(2026, 11, 5)))
    assert not picks(lapsed, facts(last_visit=date(2026, 11, 6))) and not picks(lapsed, facts())
    near = Offer("n", "N", selector="near_next_tier", near_percent=80)
    assert picks(near, facts(tier_percent=85)) and not picks(near, facts(tier_percent=79))
    assert not picks(near, facts(tier_percent=None))
    big = Offer("s", "S", selector="big_spender", spend_over=Money(300000))
    assert picks(big, facts(spend_90_days_minor=300000)) and not picks(big, facts(spend_90_days_minor=299999))
    assert picks(Offer("e", "E"), facts())


def test_what_the_basket_needs() -> None:
    pastry = Offer("p", "Free pastry with any coffee", sku="CROISSANT", requires=("coffee",))
    assert pastry.basket_qualifies((("LATTE", "coffee"), ("CROISSANT", "bakery")))
    assert not pastry.basket_qualifies((("CROISSANT", "bakery"),))  # no coffee
    assert not pastry.basket_qualifies((("LATTE", "coffee"),))  # no pastry to make free


@pytest.mark.parametrize("offer, phrase", [
    (Offer("x", "X", selector="vip"), "Offer “X”: there is no group of members called 'vip'"),
    (Offer("x", "X", sku="NOPE"), "Offer “X”: choose the free item from the items the shop sells"),
    (Offer("x", "X", kind="bonus_points", points=0), "Offer “X”: the points must be from 1 to 100,000"),
    (Offer("x", "X", sku="LATTE", valid_days=0), "Offer “X”: a member may use it for 1 to 366 days"),
    (Offer("x", "X", sku="LATTE", selector="big_spender"),
     "Offer “X”: the spend that makes a big spender must be more than zero"),
])
def test_bad_offers_are_refused_with_a_reason(offer: Offer, phrase: str) -> None:
    with pytest.raises(InvalidInput) as err:
        ProgramConfig(items=(Item("LATTE", "Latte", Money(6500)),), offers=(offer,))
    assert phrase in err.value.message
