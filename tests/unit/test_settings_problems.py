"""What is wrong with the program settings is said wholly in the reader's language (issue 17): every problem a
validator finds is a catalogue phrase naming the thing in the owner's words, and its Thai has no Latin word but
the names the shop typed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import kiosk.l10n  # noqa: F401 - registers every catalogue group
from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import Challenge
from kiosk.domain.programs.config import (
    BonusRules,
    CashbackRules,
    Item,
    MembershipPlan,
    Partner,
    PointsRules,
    ProgramConfig,
    Reward,
    StampCard,
    Tier,
    TierRules,
)
from kiosk.domain.programs.menu import Category, Modifier, ModifierOption
from kiosk.domain.programs.offers import Offer
from kiosk.domain.programs.promotions import Promotion
from kiosk.domain.text import Phrase
from kiosk.l10n.catalogue import CATALOGUE, render

PACKAGE = Path(__file__).resolve().parents[2] / "kiosk"
LATIN = re.compile(r"[A-Za-z]+")

# Every part of the settings wrong at once, with names typed in Latin letters only where the test says so
# ("Bean", "LATTE") and Thai names elsewhere, so the Thai may show only those.
TYPED = {"Bean", "LATTE", "NOPE", "Platinum", "banker", "weekly", "fortnight", "steps", "vip", "sometimes", "xl",
         "Book", "Shop", "a", "p", "dup", "hot", "cold", "decade", "free", "drink", "lottery", "lunar"}
BROKEN = dict(
    points=PointsRules(basis="lottery", rounding="banker", spend_unit=Money(0), points_per_unit=-1,
                       point_value=Money(-1), max_redeem_percent=150,
                       rewards=(Reward("a", "Cake", 0, Money(-1), kind="free_drink", name_th="เค้ก"),
                                Reward("a", "Tea", 10, Money(1), name_th="ชา"))),
    stamp_cards=(StampCard("c", "Coffee", required=0, max_per_visit=0, name_th="บัตรกาแฟ"),),
    tiers=TierRules(metric="spend", window="decade",
                    levels=(Tier("Bean", 100, multiplier_percent=-5), Tier("Silver", 50, name_th="เงิน",
                                                                          perks=("A", "B"), perks_th=("ก",)))),
    cashback=CashbackRules(percent_bp=20_000),
    bonuses=BonusRules(signup_points=-1),
    memberships=(MembershipPlan("m", "Club", Money(0), interval="lunar", name_th="คลับ"),),
    partners=(Partner("Book Shop", "Books", Money(0), -1, Money(-1), 0, 0, 0, name_th="ร้านหนังสือ"),),
    items=(Item("LATTE", "Latte", Money(6500)), Item("LATTE", "Latte again", Money(6500))),
    promotions=(Promotion("p", "Double", name_th="คูณสอง", kind="lottery", percent=100, per="weekly",
                          audience="tier", tiers=("Platinum",), skus=("NOPE",), weekdays=(9,), hours=(600, 600),
                          cap=-1, status="sometimes"),
                Promotion("p", "", name_th="ไม่มีชื่อ", kind="bonus_points", points=0, audience="segment",
                          segment="vip")),
    offers=(Offer("o", "Gift", name_th="ของขวัญ", selector="vip", kind="free_item", sku="NOPE", valid_days=0,
                  near_percent=0),
            Offer("o2", "Gift 2", name_th="ของขวัญ 2", selector="big_spender", kind="bonus_points", points=0),
            Offer("o3", "Gift 3", name_th="ของขวัญ 3", selector="lapsed", lapsed_days=0, sku="LATTE")),
    challenges=(Challenge("c", "Visit", name_th="มาบ่อย", kind="steps", period="fortnight", target=0, points=0,
                          skus=("NOPE",), starts=date(2026, 12, 2), ends=date(2026, 12, 1)),
                Challenge("d", "Days", name_th="ครบวัน", period="days", days=0)),
    categories=(Category("hot", "Hot", name_th="ร้อน"), Category("hot", "Cold", name_th="เย็น")),
    modifiers=(Modifier("size", "Size", (ModifierOption("xl", "X" * 41, Money(-100), name_th="ใหญ่"),
                                         ModifierOption("xl", "Big", Money(0), name_th="ใหญ่มาก")),
                        name_th="ขนาด", default="dup"),
               Modifier("milk", "Milk", (), name_th="นม")),
)


def test_every_settings_code_the_source_names_is_in_the_catalogue() -> None:
    named = {code for path in PACKAGE.rglob("*.py")
             for code in re.findall(r"\"(settings\.(?:thing|problem|field|section)\.[a-z_]+)\"",
                                    path.read_text(encoding="utf-8"))}
    named |= {f"settings.field.{key}" for key in ("signup_points", "birthday_points", "referral_referrer_points",
                                                   "referral_new_member_points", "review_points")}
    assert len(named) > 60 and sorted(named - set(CATALOGUE)) == []


def test_every_problem_is_said_in_thai_with_no_english_word() -> None:
    with pytest.raises(InvalidInput) as refused:
        ProgramConfig(**BROKEN)  # type: ignore[arg-type]
    problems = refused.value.params["problems"]
    assert isinstance(problems, tuple) and all(isinstance(p, Phrase) for p in problems)
    codes = {p.code for p in problems}
    assert len(codes) >= 50, sorted(codes)  # nearly every problem a validator knows
    for found in problems:
        english, thai = render(found.code, found.params, "en"), render(found.code, found.params, "th")
        assert "settings." not in english + thai and "{" not in english + thai, (english, thai)
        assert set(LATIN.findall(thai)) <= TYPED, thai
        assert "\n" not in english and ": " in english and ": " in thai
    # one line: the first problem in words, the others counted
    assert refused.value.code == "program.settings_invalid_more"
    assert refused.value.message.endswith(f"(and {len(problems) - 1} more problems).")
    thai = render(refused.value.code, refused.value.params, "th")
    assert thai.endswith(f"(และยังมีอีก {len(problems) - 1} ข้อ)") and "\n" not in thai


@pytest.mark.parametrize("config, english, thai", [
    (dict(tiers=TierRules(levels=(Tier("Bronze", 0, name_th="ทองแดง"), Tier("Silver", 3000, name_th="เงิน"),
                                  Tier("Gold", 2000, name_th="ทอง")))),
     "Program settings are not valid: Gold tier: the spend to reach it must be more than Silver's.",
     "การตั้งค่าโปรแกรมไม่ถูกต้อง: ระดับ ทอง: ยอดซื้อที่ต้องถึงต้องมากกว่าระดับ เงิน"),
    (dict(tiers=TierRules(metric="visits", levels=(Tier("Bronze", 0), Tier("Silver", 0)))),
     "Program settings are not valid: Silver tier: the visits to reach it must be more than Bronze's.",
     "การตั้งค่าโปรแกรมไม่ถูกต้อง: ระดับ Silver: จำนวนครั้งที่ต้องมาให้ถึงต้องมากกว่าระดับ Bronze"),
    (dict(offers=(Offer("gift", "", kind="bonus_points", points=50),)),
     "Program settings are not valid: Offer “gift”: give it a name.",
     "การตั้งค่าโปรแกรมไม่ถูกต้อง: ข้อเสนอ “gift”: ต้องตั้งชื่อ"),
    (dict(offers=(Offer("", "", kind="bonus_points", points=50),)),
     "Program settings are not valid: Offer “(no name)”: give it an id no other one uses (not '') "
     "(and 1 more problem).",
     "การตั้งค่าโปรแกรมไม่ถูกต้อง: ข้อเสนอ “(ไม่มีชื่อ)”: ต้องมีรหัสที่ไม่ซ้ำกับรายการอื่น (ไม่ใช่ '') "
     "(และยังมีอีก 1 ข้อ)"),
])
def test_a_problem_names_the_thing_by_the_name_the_reader_knows(config: dict, english: str, thai: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        ProgramConfig(**config)
    assert refused.value.message == english
    assert render(refused.value.code, refused.value.params, "th") == thai
