"""The message catalogue: every code speaks Thai and English with the same parameters, and renders values
in the language's own formats."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

import kiosk.l10n  # noqa: F401 - registers every catalogue group
from kiosk.domain import events
from kiosk.domain.events import Event, Localized, Message, event_types
from kiosk.domain.money import Money
from kiosk.domain.serialization import decode, said_from_json, said_to_json, to_json
from kiosk.l10n.catalogue import CATALOGUE, Text, register, render, say, thai_spaced


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_thai_and_english_with_the_same_parameters(code: str) -> None:
    text = CATALOGUE[code]
    assert text.en.strip() and text.th.strip(), code
    words = re.sub(r"\{[^}]*\}", "", text.en)  # a template of only parameters and signs needs no Thai form
    assert text.th != text.en or not any(ch.isalpha() for ch in words), f"{code} has no Thai form"
    fields = text.fields()
    assert fields["th"] == fields["en"], f"{code}: Thai and English name different parameters"
    if "en_one" in fields:
        assert fields["en_one"] <= fields["en"], code


def test_values_are_formatted_for_the_language() -> None:
    register({"test.sample": Text(en="{points} points by {day} for {reward}, {cost}",
                                  th="{points} คะแนน ภายใน {day} สำหรับ {reward} {cost}",
                                  en_one="{points} point by {day} for {reward}, {cost}", count="points")})
    params = {"points": 1250, "day": dt.date(2026, 12, 7), "reward": Localized("Free coffee", "กาแฟฟรี"),
              "cost": Money(26000, "THB")}
    assert render("test.sample", params, "en") == "1,250 points by 7 Dec 2026 for Free coffee, ฿260.00"
    assert render("test.sample", params, "th") == "1,250 คะแนน ภายใน 7 ธ.ค. 2569 สำหรับ กาแฟฟรี ฿260.00"
    assert render("test.sample", {**params, "points": 1}, "en").startswith("1 point by")


def test_an_unknown_code_renders_as_itself() -> None:
    assert render("no.such.code", {}, "th") == "no.such.code"


def test_a_code_cannot_be_registered_twice_with_different_text() -> None:
    register({"test.twice": Text(en="a", th="ก")})
    register({"test.twice": Text(en="a", th="ก")})
    with pytest.raises(ValueError):
        register({"test.twice": Text(en="b", th="ข")})


def test_every_event_type_in_domain_events_has_a_catalogue_entry() -> None:
    types = event_types()
    declared = {name for name, value in vars(events).items()
                if isinstance(value, type) and issubclass(value, Event) and value is not Event}
    assert declared and set(types) == declared  # every event is found (how stored events are read back)
    missing = [code for cls in types.values() for code in cls.codes() if code not in CATALOGUE]
    assert not missing, f"events with no catalogue entry: {missing}"


def test_an_event_says_what_happened_in_either_language() -> None:
    card = events.StampCardCompleted("coffee", Localized("Coffee card", "บัตรสะสมกาแฟ"), Localized("Free coffee"))
    assert say(card, "en") == "Coffee card complete: Free coffee earned!"
    assert say(card, "th") == "บัตรสะสมกาแฟ ครบแล้ว: ได้รับ Free coffee!"  # no Thai name: the English one
    birthday = events.BonusAwarded("birthday", 1)
    assert birthday.code == "event.bonus_awarded.birthday" and birthday.params == {"points": 1}
    assert say(birthday, "en") == "Happy birthday! +1 point"
    assert say(events.StoreCreditReturned(Money(2000, "THB")), "th") == "คืนเครดิตร้าน: +฿20.00"


def test_a_message_inside_a_message_and_a_list_are_said_in_the_same_language() -> None:
    earn = (Message("settings.points_as_tier", {"points": 25, "tier": Message("settings.member")}),)
    line = Message("settings.sample_earns", {"sample": Money(25000, "THB"), "earn": earn})
    assert say(line, "en") == "A ฿250.00 sale earns 25 points as Member."
    assert say(line, "th") == "ยอดขาย ฿250.00 ได้ 25 แต้ม (ระดับ สมาชิก)"


def test_events_are_stored_and_read_back_by_their_class() -> None:
    stored = (events.TierChanged(Localized("Bronze", "บรอนซ์"), Localized("Silver", "ซิลเวอร์")),
              events.CashbackReversed(Money(500, "THB")), events.BonusAwarded("referral", 100))
    assert decode(tuple[Event, ...], json.loads(to_json(stored))) == stored


def test_a_message_kept_for_later_is_said_the_same_in_either_language_when_read() -> None:
    """A print job keeps its refusal as code and values (said_to_json): read back, each value keeps its kind."""
    earn = (Message("settings.points_as_tier", {"points": 25, "tier": Message("settings.member")}),)
    line = Message("settings.sample_earns", {"sample": Money(25000, "THB"), "earn": earn})
    nested = Message("test.kept", {"line": line, "tier": Localized("Gold", "ทอง"), "day": dt.date(2026, 3, 4),
                                   "event": events.PointsReversed(6), "none": None})
    back = said_from_json(said_to_json(nested))
    assert back == nested
    for language in ("en", "th"):
        assert say(back.params["line"], language) == say(line, language)  # type: ignore[arg-type]
    assert json.loads(said_to_json(nested))["code"] == "test.kept"
    with pytest.raises(ValueError):
        said_from_json('"a sentence"')


def test_every_kind_of_discount_has_a_name_in_the_summary() -> None:
    from kiosk.domain.programs.engine import DiscountKind

    missing = [kind.value for kind in DiscountKind if f"discount_kind.{kind.value}" not in CATALOGUE]
    assert not missing, missing


def test_a_name_given_only_in_english_is_spaced_from_the_thai_around_it() -> None:
    """The receipt's line to the next tier said "อีก ฿1,250.00 ถึงระดับGold" for a tier with no Thai name; a Thai
    name stays against its Thai word, and English is left as it is."""
    english_only = events.TierToGo("spend", 0, Money(125000), Localized("Gold"))
    assert say(english_only, "th") == "อีก ฿1,250.00 ถึงระดับ Gold"
    assert say(events.TierToGo("spend", 0, Money(125000), Localized("Gold", "โกลด์")), "th") == "อีก ฿1,250.00 ถึงระดับโกลด์"
    assert say(english_only, "en") == "฿1,250.00 more to Gold"
    assert thai_spaced("บัตรCoffeeครบแล้ว") == "บัตร Coffee ครบแล้ว" and thai_spaced("ซิงก์ Stripe") == "ซิงก์ Stripe"


def test_a_free_items_name_is_not_said_free_twice() -> None:
    """A black-box test read "No free Free coffee is ready on this member's card yet." (the reward's name says it)."""
    for language, name in (("en", "Free coffee"), ("th", "กาแฟฟรี 1 แก้ว")):
        said = render("program.no_stamp_reward", {"reward": name}, language).lower()
        assert said.count("free") + said.count("ฟรี") == 1, said
