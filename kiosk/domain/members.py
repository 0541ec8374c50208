"""Members: validation of what people type, phone normalisation and masking for screens and receipts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.digits import arabic_digits
from kiosk.domain.errors import InvalidInput

MAX_NAME = 80
_ISO_DATE = re.compile(r"\d{4}-(?P<month>\d{2})-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Member:
    id: str
    short_id: str
    name: str
    phone: str | None
    email: str | None
    birthday: date | None
    language: str
    consent_version: str | None
    consent_at: datetime | None
    enrolled_at: datetime
    referral_code: str
    referred_by: str | None = None
    referral_rewarded: bool = False
    paid_membership: str | None = None
    paid_membership_status: str | None = None
    paid_membership_until: datetime | None = None
    erased_at: datetime | None = None
    marketing_consent: bool = False
    merged_into: str | None = None  # a manager merged this member into another: lookups follow it

    @property
    def display_name(self) -> str:
        return mask_name(self.name)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


# Bidirectional controls (embeddings, overrides, isolates, marks): a right-to-left override makes a name read
# as something else on a screen, a receipt or in the audit log. They are format characters, so they go with
# every other control character below; named here so no exception for format characters can ever keep them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# The zero-width joiner and non-joiner are format characters too, but emoji sequences (👩‍💻) and some scripts'
# spelling need them inside a word; at the edge of a word they join nothing and go.
JOINERS = "\u200c\u200d"
_LOOSE_JOINERS = re.compile(f"(?<!\\S)[{JOINERS}]+|[{JOINERS}]+(?!\\S)")


def _strip_controls(text: str, *, keep: str = "") -> str:
    return "".join(c for c in text if (c in keep and c not in BIDI_CONTROLS) or unicodedata.category(c)[0] != "C")


def one_line(text: str) -> str:
    """A name as one line: any whitespace (a line break, a tab) separates words as one space, as runs of spaces
    do; any other control or invisible character goes (the joiners a word needs stay); no space at either end.
    "a\nb" is "a b", never "ab" (a line break is a word's end, not nothing) nor a name that prints as two lines."""
    spaced = "".join(" " if c.isspace() else c for c in unicodedata.normalize("NFC", text))
    name = " ".join(_strip_controls(spaced, keep=JOINERS).split())
    return " ".join(_LOOSE_JOINERS.sub("", name).split())


def clean_name(raw: str) -> str:
    """A person's or a shop's name as kept (members, staff, the shop): one line (`one_line`), refused empty, too
    long or without a letter."""
    if not isinstance(raw, str):
        raise InvalidInput("member.name_missing")
    name = one_line(raw)
    if not name:
        raise InvalidInput("member.name_missing")
    if len(name) > MAX_NAME:
        raise InvalidInput("member.name_too_long", max=MAX_NAME)
    if not any(c.isalpha() for c in name):
        raise InvalidInput("member.name_invalid")
    return name


def name_search_key(name: str) -> str:
    # Joiners are invisible: a search typed without them still finds the name.
    return " ".join(unicodedata.normalize("NFKC", name).casefold().translate({ord(c): None for c in JOINERS}).split())


def normalize_phone(raw: str, *, country_code: str = "66") -> str:
    """Phone as E.164 ("+66812345678"). Accepts 081-234-5678, 0812345678, +66 81 234 5678, 66812345678, and
    each in Thai digits (๐๘๑-๒๓๔-๕๖๗๘)."""
    if not isinstance(raw, str):
        raise InvalidInput("member.phone_missing")
    text = arabic_digits(_strip_controls(raw)).strip()
    if not text:
        raise InvalidInput("member.phone_missing")
    if len(text) > 24 or re.search(r"[^0-9+\-() .]", text):
        raise InvalidInput("member.phone_invalid")
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if plus:
        national = digits
    elif digits.startswith("00"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = country_code + digits[1:]
    elif digits.startswith(country_code) and len(digits) >= len(country_code) + 8:
        national = digits
    else:
        national = country_code + digits
    if not 8 <= len(national) <= 15:
        raise InvalidInput("member.phone_digits")
    if national.startswith("66") and len(national) not in (10, 11):
        raise InvalidInput("member.phone_thai_digits")
    return "+" + national


_PHONE_MARKS = re.compile(r"[\s\-().+]")  # what people type between a phone number's digits


def phone_digits(text: str) -> str | None:
    """The digits of `text` when it holds nothing but digits and a phone number's marks (spaces, dashes, brackets,
    dots, a plus); None for anything else (a name, an empty box)."""
    digits = _PHONE_MARKS.sub("", arabic_digits(text or ""))
    return digits if digits.isascii() and digits.isdigit() else None


def looks_like_phone(text: str) -> bool:
    digits = phone_digits(text)
    return digits is not None and len(digits) >= 6


def clean_email(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    email = raw.strip()
    if len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InvalidInput("member.email_invalid", value=email[:40])
    return email


def parse_birthday(raw: str | date | None, *, today: date) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, date):
        birthday = raw
    else:
        text = arabic_digits(raw).strip()
        try:
            birthday = date.fromisoformat(text)
        except ValueError:
            shape = _ISO_DATE.fullmatch(text)
            if shape is not None and 1 <= int(shape["month"]) <= 12:  # 1990-02-30: well written, but no such day
                raise InvalidInput("member.birthday_no_such_date", value=text) from None
            raise InvalidInput("member.birthday_format") from None  # 1990-13-01 is day and month swapped, or a typo
    if birthday > today or birthday.year < today.year - 120:
        raise InvalidInput("member.birthday_invalid")
    return birthday


# Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ): a surname's initial is the consonant
# after them, as Thai readers abbreviate (ใจดี -> จ.), never the vowel.
THAI_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def name_initial(word: str) -> str:
    """The letter a name is abbreviated by: its first, or in Thai the first after a leading vowel."""
    stripped = word.lstrip("".join(THAI_LEADING_VOWELS))
    return (stripped or word)[:1]


def mask_name(name: str) -> str:
    """'Somchai Jaidee' -> 'Somchai J.', 'สมชาย ใจดี' -> 'สมชาย จ.'; a single word keeps its first two letters:
    'Nok' -> 'No*'. Every screen, receipt and slip shortens a member's name here."""
    parts = name.split()
    if not parts:
        return ""
    if len(parts) == 1:
        word = parts[0]
        keep = 2 if len(word) > 2 else 1
        return word[:keep] + "*" * min(len(word) - keep, 6)
    return f"{parts[0]} {name_initial(parts[-1])}."


def mask_phone(phone: str | None) -> str:
    """'+66812345678' -> '•••-•••-5678': only the last four digits show."""
    if not phone:
        return ""
    return "•••-•••-" + phone[-4:]
