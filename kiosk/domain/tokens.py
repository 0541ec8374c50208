"""Signed member and voucher codes: short, upper-case alphanumeric (wedge-scanner safe), HMAC-checked."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from kiosk.domain.errors import InvalidCode
from kiosk.domain.ids import ALPHABET

PREFIX = "LK1"  # brand + format version; a future format gets LK2 and both parse side by side
MEMBER = "M"
VOUCHER = "V"
MAC_CHARS = 10  # 50 bits: guessing a valid code takes ~10^15 tries at the counter
SHORT_ID_CHARS = 8
SERIAL_CHARS = 2
VOUCHER_REF_CHARS = 10
_DECODE = {c: i for i, c in enumerate(ALPHABET)}
# Crockford: letters people and scanners confuse map to the digits they look like.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _b32(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    if value:
        raise ValueError("value does not fit")
    return "".join(reversed(chars))


def _unb32(text: str) -> int:
    value = 0
    for c in text:
        value = value * 32 + _DECODE[c]
    return value


def _mac(secret: bytes, signed: str) -> str:
    digest = hmac.new(secret, signed.encode("ascii"), hashlib.sha256).digest()
    return _b32(int.from_bytes(digest[:7], "big") >> 6, MAC_CHARS)


@dataclass(frozen=True)
class ParsedCode:
    kind: str  # MEMBER or VOUCHER
    key_id: str
    body: str
    mac: str

    @property
    def signed_part(self) -> str:
        return f"{PREFIX}{self.kind}{self.key_id}{self.body}"

    @property
    def member_short_id(self) -> str:
        return self.body[:SHORT_ID_CHARS]

    @property
    def card_serial(self) -> int:
        return _unb32(self.body[SHORT_ID_CHARS:])

    @property
    def voucher_ref(self) -> str:
        return self.body


def sign_member_code(*, short_id: str, serial: int, key_id: str, secret: bytes) -> str:
    if len(short_id) != SHORT_ID_CHARS or any(c not in _DECODE for c in short_id):
        raise ValueError("short_id must be 8 base32 characters")
    signed = f"{PREFIX}{MEMBER}{key_id}{short_id}{_b32(serial, SERIAL_CHARS)}"
    return signed + _mac(secret, signed)


def sign_voucher_code(*, voucher_ref: str, key_id: str, secret: bytes) -> str:
    if len(voucher_ref) != VOUCHER_REF_CHARS or any(c not in _DECODE for c in voucher_ref):
        raise ValueError("voucher_ref must be 10 base32 characters")
    signed = f"{PREFIX}{VOUCHER}{key_id}{voucher_ref}"
    return signed + _mac(secret, signed)


def normalize(text: str) -> str:
    """What a scanner or a person typed, upper-cased, separators removed, confusable letters fixed."""
    if not isinstance(text, str):
        raise InvalidCode("card.not_a_code")
    cleaned = "".join(c for c in text.strip().upper() if c not in " -_\t\r\n")
    if not cleaned.startswith(PREFIX):
        return cleaned
    return PREFIX + cleaned[len(PREFIX):].translate(_CONFUSABLE)


def looks_like_code(text: str) -> bool:
    try:
        return normalize(text).startswith(PREFIX)
    except InvalidCode:
        return False


def parse_code(text: str) -> ParsedCode:
    """Split a code into its parts; raises InvalidCode for anything that is not well formed."""
    code = normalize(text)
    if len(code) > 64 or not code.startswith(PREFIX) or len(code) < len(PREFIX) + 2 + MAC_CHARS:
        raise InvalidCode("card.not_this_shop")
    kind = code[len(PREFIX)]
    key_id = code[len(PREFIX) + 1]
    body = code[len(PREFIX) + 2 : -MAC_CHARS]
    mac = code[-MAC_CHARS:]
    expected = {MEMBER: SHORT_ID_CHARS + SERIAL_CHARS, VOUCHER: VOUCHER_REF_CHARS}.get(kind)
    if expected is None or len(body) != expected or any(c not in _DECODE for c in key_id + body + mac):
        raise InvalidCode("card.damaged")
    return ParsedCode(kind=kind, key_id=key_id, body=body, mac=mac)


def verify_code(parsed: ParsedCode, secret: bytes) -> bool:
    return hmac.compare_digest(_mac(secret, parsed.signed_part), parsed.mac)
