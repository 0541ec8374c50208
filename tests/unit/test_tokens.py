"""Signed member and voucher codes: scanner-safe, small enough for QR version 3, unforgeable."""

from __future__ import annotations

import secrets
import string

import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain import tokens
from kiosk.domain.errors import InvalidCode
from kiosk.domain.ids import ALPHABET, random_code

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))


def member_code(short_id: str = "7WJM1FPH", serial: int = 1, key_id: str = "K", secret: bytes = SECRET) -> str:
    return tokens.sign_member_code(short_id=short_id, serial=serial, key_id=key_id, secret=secret)


def voucher_code(ref: str = "ABCDEFGH12", key_id: str = "K", secret: bytes = SECRET) -> str:
    return tokens.sign_voucher_code(voucher_ref=ref, key_id=key_id, secret=secret)


def accepted(code: str, secret: bytes = SECRET) -> bool:
    try:
        parsed = tokens.parse_code(code)
    except InvalidCode:
        return False
    return tokens.verify_code(parsed, secret)


def qr_version(payload: str, level: int = qrcode.constants.ERROR_CORRECT_M) -> int:
    code = qrcode.QRCode(error_correction=level, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return int(code.version)


# -- shape ------------------------------------------------------------------------------------------------------
@given(short_id=st.text(ALPHABET, min_size=8, max_size=8), serial=st.integers(0, 32**2 - 1),
       key_id=st.sampled_from(ALPHABET))
def test_member_codes_are_upper_case_letters_and_digits_and_round_trip(short_id: str, serial: int,
                                                                      key_id: str) -> None:
    code = member_code(short_id, serial, key_id)
    assert set(code) <= set(string.ascii_uppercase + string.digits)
    assert len(code) == 25
    parsed = tokens.parse_code(code)
    assert (parsed.kind, parsed.key_id, parsed.member_short_id, parsed.card_serial) == (
        tokens.MEMBER, key_id, short_id, serial)
    assert tokens.verify_code(parsed, SECRET)


def test_voucher_codes_round_trip() -> None:
    code = voucher_code()
    parsed = tokens.parse_code(code)
    assert (parsed.kind, parsed.voucher_ref) == (tokens.VOUCHER, "ABCDEFGH12")
    assert tokens.verify_code(parsed, SECRET)
    assert set(code) <= set(string.ascii_uppercase + string.digits) and len(code) == 25


def test_parsing_is_case_insensitive_and_forgives_what_scanners_and_people_add() -> None:
    code = member_code()
    spaced = f"  {code[:5].lower()}-{code[5:12]} {code[12:].lower()}\r\n"
    assert accepted(spaced)
    assert tokens.normalize(spaced) == code
    # Crockford: letters people read as digits are the digits
    with_o = code[:3] + code[3:].replace("0", "O").replace("1", "I")
    assert tokens.normalize(with_o) == code


@pytest.mark.parametrize("make", [member_code, voucher_code], ids=["member", "voucher"])
def test_codes_fit_qr_version_2_at_the_printed_error_correction_level(make) -> None:  # type: ignore[no-untyped-def]
    for _ in range(50):
        code = make(random_code(8), secrets.randbelow(1024)) if make is member_code else make(random_code(10))
        # ERROR_CORRECT_M is what receipts (layout.qr_image, native ESC/POS QR) and screens (qr_matrix) use
        assert qr_version(code) <= 2
        assert qr_version(code, qrcode.constants.ERROR_CORRECT_Q) <= 3  # room to spare for a sturdier level


def test_the_printed_qr_image_is_version_3_or_smaller() -> None:
    from kiosk.adapters.printing.layout import qr_image
    from kiosk.adapters.scanning.qr import qr_matrix

    code = member_code()
    modules = qr_image(code, 1).width - 8  # 4-module quiet zone each side
    assert (modules - 17) // 4 <= 3
    assert len(qr_matrix(code)) <= 17 + 4 * 3


# -- forgery --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [member_code, voucher_code], ids=["member", "voucher"])
def test_every_single_character_change_is_refused(make) -> None:  # type: ignore[no-untyped-def]
    code = make()
    for i in range(len(tokens.PREFIX), len(code)):
        for c in ALPHABET:
            if c == code[i]:
                continue
            altered = code[:i] + c + code[i + 1:]
            assert not accepted(altered), f"changing position {i} to {c} was accepted"


@pytest.mark.parametrize("make", [member_code, voucher_code], ids=["member", "voucher"])
def test_truncated_or_padded_codes_are_refused_as_damaged(make) -> None:  # type: ignore[no-untyped-def]
    code = make()
    for n in range(len(code)):
        with pytest.raises(InvalidCode) as caught:
            tokens.parse_code(code[:n])
        assert caught.value.code in ("card.not_a_code", "card.not_this_shop", "card.damaged") and caught.value.message
    for extra in ("0", "ZZ", code):
        assert not accepted(code + extra)


def test_a_code_signed_with_another_shops_secret_is_refused() -> None:
    assert not accepted(member_code(secret=OTHER_SECRET))
    assert not accepted(voucher_code(secret=OTHER_SECRET))


@settings(max_examples=300)
@given(mac=st.text(ALPHABET, min_size=tokens.MAC_CHARS, max_size=tokens.MAC_CHARS))
def test_guessing_the_signature_fails(mac: str) -> None:
    code = member_code()
    guess = code[:-tokens.MAC_CHARS] + mac
    assert accepted(guess) == (guess == code)


@given(text=st.text(max_size=120))
def test_any_text_either_parses_or_is_refused_with_a_message(text: str) -> None:
    try:
        parsed = tokens.parse_code(text)
    except InvalidCode as exc:
        assert exc.message and exc.code in ("card.not_a_code", "card.not_this_shop", "card.damaged")
        return
    assert not tokens.verify_code(parsed, SECRET) or tokens.normalize(text) == tokens.normalize(
        tokens.PREFIX + parsed.kind + parsed.key_id + parsed.body + parsed.mac)


def test_kinds_cannot_be_swapped() -> None:
    member = member_code()
    swapped = member[:3] + "V" + member[4:]
    assert not accepted(swapped)
