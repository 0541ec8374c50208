"""Members and codes: Thai phone formats, masking, names, signed member/voucher codes, staff PINs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain import tokens
from kiosk.domain.errors import InvalidCode, InvalidInput
from kiosk.domain.ids import ALPHABET
from kiosk.domain.members import (
    clean_email,
    clean_name,
    looks_like_phone,
    mask_name,
    mask_phone,
    name_search_key,
    normalize_phone,
    parse_birthday,
)
from kiosk.domain.staff import Role, hash_pin, validate_pin, verify_pin

SECRET = b"k" * 32


# -- phones ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", [
    "0812345678", "081-234-5678", "081 234 5678", "(081) 234-5678", "+66812345678", "+66 81 234 5678",
    "66812345678", "0066812345678", "812345678", " 081-234-5678\n",
])
def test_thai_mobile_numbers_in_every_spelling(typed: str) -> None:
    assert normalize_phone(typed) == "+66812345678"


def test_bangkok_landline_and_foreign_numbers() -> None:
    assert normalize_phone("02-123-4567") == "+6621234567"
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"
    assert normalize_phone("0201234567", country_code="44") == "+44201234567"


@pytest.mark.parametrize("typed, code", [
    ("", "member.phone_missing"), ("   ", "member.phone_missing"), ("08l2345678", "member.phone_invalid"),
    ("12", "member.phone_digits"), ("081234567890", "member.phone_thai_digits"),
    ("+1234567890123456", "member.phone_digits"),
    ("0812345678;DROP", "member.phone_invalid"),
])
def test_impossible_phone_numbers(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_phone(typed)
    assert caught.value.code == code


def test_looks_like_phone() -> None:
    assert looks_like_phone("081-234") and not looks_like_phone("Somchai") and not looks_like_phone("12345")


# -- masking and names -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, masked", [
    ("Somchai Jaidee", "Somchai J."), ("Anna Maria Lee", "Anna L."), ("Nok", "No*"), ("Al", "A*"), ("X", "X"),
    ("Bartholomew", "Ba******"), ("", ""),
    # a Thai surname's initial is its first consonant, past a leading vowel (เ แ โ ใ ไ): ใจดี is จ.
    ("สมชาย ใจดี", "สมชาย จ."), ("มาลี แสงทอง", "มาลี ส."), ("วิภา ไชยา", "วิภา ช."), ("สมศรี เก่งมาก", "สมศรี ก."),
    ("นก โพธิ์ศรี", "นก พ."), ("สมชาย รักไทย", "สมชาย ร."), ("ก เ", "ก เ."),
])
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_phone_shows_only_the_last_four() -> None:
    assert mask_phone("+66812345678") == "•••-•••-5678"
    assert mask_phone(None) == "" and mask_phone("") == ""


def test_names_are_cleaned_and_searchable() -> None:
    assert clean_name("  Somchai\u200b \t Jaidee\x00 ") == "Somchai Jaidee"
    assert name_search_key("ＳＯＭ  Chai") == "som chai"
    with pytest.raises(InvalidInput):
        clean_name(None)  # type: ignore[arg-type]


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@given(st.lists(st.one_of(st.text(min_size=1, max_size=12), st.sampled_from(BIDI_CONTROLS),
                          st.sampled_from(("\u200d", "\u200c", "👩", "💻", "สม", "ชาย", " "))), max_size=12))
def test_no_cleaned_name_holds_a_bidirectional_control(parts: list[str]) -> None:
    """A right-to-left override would make a name (on a screen, a receipt, the audit) read as something else."""
    try:
        name = clean_name("".join(parts))
    except InvalidInput:
        return
    assert not set(name) & set(BIDI_CONTROLS)
    assert name == name.strip() and "  " not in name


def test_a_name_keeps_the_joiners_emoji_and_scripts_need_but_loses_bidi_controls() -> None:
    assert clean_name("\u202eNok\u202c \u2067Evil\u2069\u200f") == "Nok Evil"
    assert clean_name("Ploy \U0001f469\u200d\U0001f4bb") == "Ploy \U0001f469\u200d\U0001f4bb"  # woman technologist
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a word, as Persian writes it
    assert clean_name(f"{persian} Ali") == f"{persian} Ali"
    assert clean_name("\u200dNok\u200c") == "Nok"  # a joiner joins nothing at the edges of a word
    assert name_search_key("N\u200dok") == "nok"


def test_email_and_birthday() -> None:
    assert clean_email("  a@b.co ") == "a@b.co" and clean_email("") is None and clean_email(None) is None
    today = date(2026, 3, 10)
    assert parse_birthday("1990-02-28", today=today) == date(1990, 2, 28)
    assert parse_birthday(" ", today=today) is None
    for bad in ("1900-01-01", "2026-03-11", "28/02/1990"):
        with pytest.raises(InvalidInput):
            parse_birthday(bad, today=today)


# -- signed codes ----------------------------------------------------------------------------------------------
short_ids = st.text(alphabet=ALPHABET, min_size=8, max_size=8)


@given(short_ids, st.integers(0, 1023), st.sampled_from(list(ALPHABET)))
def test_member_codes_round_trip(short_id: str, serial: int, key_id: str) -> None:
    code = tokens.sign_member_code(short_id=short_id, serial=serial, key_id=key_id, secret=SECRET)
    parsed = tokens.parse_code(code)
    assert (parsed.kind, parsed.key_id, parsed.member_short_id, parsed.card_serial) == (
        tokens.MEMBER, key_id, short_id, serial)
    assert tokens.verify_code(parsed, SECRET)
    assert not tokens.verify_code(parsed, b"x" * 32)


@given(st.text(alphabet=ALPHABET, min_size=10, max_size=10))
def test_voucher_codes_round_trip(ref: str) -> None:
    code = tokens.sign_voucher_code(voucher_ref=ref, key_id="A", secret=SECRET)
    parsed = tokens.parse_code(code)
    assert parsed.kind == tokens.VOUCHER and parsed.voucher_ref == ref and tokens.verify_code(parsed, SECRET)


def test_codes_survive_scanners_and_people() -> None:
    code = tokens.sign_member_code(short_id="AB0CD1EF", serial=1, key_id="K", secret=SECRET)
    typed = " " + "-".join(code[i:i + 5] for i in range(0, len(code), 5)).lower() + "\r\n"
    parsed = tokens.parse_code(typed)
    assert tokens.verify_code(parsed, SECRET)
    confused = "LK1" + code[3:].replace("0", "O").replace("1", "I")
    assert tokens.verify_code(tokens.parse_code(confused), SECRET)


@given(short_ids, st.integers(0, 25))
def test_any_single_changed_character_is_caught(short_id: str, position: int) -> None:
    code = tokens.sign_member_code(short_id=short_id, serial=1, key_id="K", secret=SECRET)
    i = 4 + position % (len(code) - 4)  # after the LK1 prefix and kind
    replacement = ALPHABET[(ALPHABET.index(code[i]) + 1) % len(ALPHABET)]
    tampered = code[:i] + replacement + code[i + 1:]
    try:
        parsed = tokens.parse_code(tampered)
    except InvalidCode:
        return
    assert not tokens.verify_code(parsed, SECRET)


@pytest.mark.parametrize("text", ["", "LK1", "LK1M", "LK1X" + "A" * 20, "LK1M" + "A" * 40, "LK1M" + "!" * 20])
def test_malformed_codes(text: str) -> None:
    with pytest.raises(InvalidCode):
        tokens.parse_code(text)
    assert tokens.looks_like_code("lk1-m") and not tokens.looks_like_code("0812345678")


# -- staff PINs -------------------------------------------------------------------------------------------------
def test_pins_are_salted_and_checked() -> None:
    stored = hash_pin("2468")
    assert stored.startswith("scrypt$") and stored != hash_pin("2468")
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert not verify_pin("2468", "garbage") and not verify_pin("abcd", stored)
    for bad in ("123", "123456789", "12a4", "١٢٣٤"):
        with pytest.raises(InvalidInput):
            validate_pin(bad)
    assert Role.OWNER.at_least(Role.MANAGER) and not Role.CASHIER.at_least(Role.MANAGER)
