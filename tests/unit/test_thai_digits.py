"""Thai digits (๐-๙) are the same numbers as 0-9 wherever a person types or scans one: amounts, phone numbers,
birthdays, PINs, counts. The tester found them taken for quantities and donations (Python's int() reads them) but
refused for amounts and phones, and a PIN typed in them taken as a wrong one."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.digits import arabic_digits, whole_number
from kiosk.domain.errors import InvalidInput
from kiosk.domain.members import looks_like_phone, normalize_phone, parse_birthday, phone_digits
from kiosk.domain.money import Money
from kiosk.domain.staff import hash_pin, validate_pin, verify_pin


def test_thai_digits_read_as_arabic_and_nothing_else_changes() -> None:
    assert arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert arabic_digits("LATTE:๒ ฿๑,๒๕๐.๕๐") == "LATTE:2 ฿1,250.50"
    assert whole_number("๑๒") == 12 and whole_number(" 3 ") == 3
    assert [whole_number(t) for t in ("", "-1", "+1", "1.5", "1_000", "١٢", "１２", "๑a")] == [None] * 8


@pytest.mark.parametrize(("typed", "minor"), [("๑๒๕", 12500), ("๑,๒๕๐.๕๐", 125050), ("฿๒๐", 2000),
                                              ("THB ๙.๙๕", 995), ("1๒.5๐", 1250)])
def test_an_amount_in_thai_digits_is_the_same_amount(typed: str, minor: int) -> None:
    assert Money.parse(typed, "THB") == Money(minor, "THB")


@pytest.mark.parametrize("typed", ["١٢٣", "１２３", "๑๒.๓๔๕", "๐"])
def test_other_scripts_digits_and_bad_amounts_are_still_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        Money.parse(typed, "THB")


def test_a_phone_in_thai_digits_is_the_same_phone() -> None:
    assert normalize_phone("๐๘๑-๒๓๔-๕๖๗๘") == normalize_phone("081-234-5678") == "+66812345678"
    assert phone_digits("๐๘๑ ๒๓๔ ๕๖๗๘") == "0812345678" and looks_like_phone("๐๘๑๒๓๔๕๖๗๘")
    assert phone_digits("١٢٣٤٥٦٧") is None  # another script's digits are not a phone number
    with pytest.raises(InvalidInput):
        normalize_phone("๑๒")


def test_a_birthday_in_thai_digits() -> None:
    assert parse_birthday("๑๙๙๐-๐๒-๑๕", today=date(2026, 1, 1)) == date(1990, 2, 15)


def test_a_pin_typed_in_thai_digits_is_the_pin() -> None:
    assert validate_pin("๑๒๓๔") == "1234"
    stored = hash_pin("๒๒๒๒")  # kept as the Arabic PIN: the PIN pad's 2222 opens it
    assert verify_pin("2222", stored) and verify_pin("๒๒๒๒", stored)
    assert not verify_pin("๒๒๒๓", stored) and not verify_pin("٢٢٢٢", stored)
    with pytest.raises(InvalidInput):
        validate_pin("١٢٣٤")
