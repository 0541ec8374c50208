"""Thai digits (๐-๙) read as the Arabic ones: the one rule for every number a person types or scans.

A Thai keyboard's shifted number row, or a customer's phone set to Thai numerals, gives ๐๘๑ for 081. Wherever
the product accepts 0-9 (amounts, phone numbers, quantities, points, PINs) it accepts ๐-๙ too, as the same
number: each parser of what people type reads its text through `arabic_digits` once, first, and then checks it
as before (no other script's digits: a number is 0-9 once read)."""

from __future__ import annotations

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")


def arabic_digits(text: str) -> str:
    """`text` with every Thai digit as its Arabic one ("๐๘๑-๒๓๔" -> "081-234"); the rest as it was."""
    return text.translate(_ARABIC)


def whole_number(text: str) -> int | None:
    """A whole number as typed ("12", "๑๒", " 3 "), or None for anything else (a sign, a dot, another script's
    digits, nothing): int() alone would read any script's digits and "1_000"."""
    digits = arabic_digits(text).strip()
    return int(digits) if digits.isascii() and digits.isdigit() else None
