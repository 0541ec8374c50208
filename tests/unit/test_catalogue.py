"""The message catalogue: every code speaks Thai and English with the same parameters, and renders values
in the language's own formats."""

from __future__ import annotations

import datetime as dt

import pytest

import kiosk.l10n  # noqa: F401 - registers every catalogue group
from kiosk.domain.money import Money
from kiosk.l10n.catalogue import CATALOGUE, Localized, Text, register, render


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_thai_and_english_with_the_same_parameters(code: str) -> None:
    text = CATALOGUE[code]
    assert text.en.strip() and text.th.strip(), code
    assert text.th != text.en or not any(ch.isalpha() for ch in text.en), f"{code} has no Thai form"
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
