"""What a support bundle may carry: text with members' and staff's names, phones and emails taken out.

Log lines should never hold personal data in the first place (commands log their name, not their arguments;
refusals their code, not their message). The scrubber is the second line: a support bundle leaves the shop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kiosk.domain.text import Phrase
from kiosk.services.verify import VerifyReport

NAME = "[name]"
PHONE = "[phone]"
EMAIL = "[email]"
EMAIL_PATTERN = re.compile(r"[^\s@<>()\[\]{}'\",;:*]+@[^\s@<>()\[\]{}'\",;:]+\.[A-Za-z]{2,}")
# Digits however a phone is written (0812345678, 081-234-5678, +66 81 234 5678, (081) 234.5678), possibly several
# numbers in a row; _phone looks at its groups of digits.
PHONE_RUN = re.compile(r"(?<![\w+])\+?\d[\d\- ().]{5,}\d(?!\w)")
DIGIT_GROUP = re.compile(r"\+?\d+")
PHONE_GROUPS = 5  # +66 81 234 5678 is four
# Without the members' own numbers (the database could not be read), what is shaped like a Thai or an
# international number goes: a leading 0 and 9-10 digits, or a + and 8-15 digits.
PHONE_SHAPE = re.compile(r"^(0\d{8,9}|\+\d{8,15})$")
# Words with their combining marks: Thai vowels and tone marks are not \w, and would split "ภูมิ" into pieces.
WORD = re.compile(r"[\w\u0300-\u036f\u0e00-\u0e7f]+")
THAI = re.compile(r"[\u0e00-\u0e7f]")
# A password in a URL (postgresql://user:secret@host/db): the user stays, the password goes (as ***, which the
# email pattern leaves alone).
URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+@", re.IGNORECASE)


@dataclass(frozen=True)
class ShopLook:
    """A read-only look at the shop's database for a support bundle; `problems` says what could not be read."""

    database: str  # its URL, any password hidden
    revision: str | None  # None: no database yet, or one without a schema
    head: str  # the revision this version of the app brings it to
    counts: dict[str, int]
    verify: VerifyReport | None  # None when the database is not at `head` (this version would upgrade it first)
    personal: PersonalData | None
    problems: tuple[Phrase, ...]  # what could not be read, said in the bundle's language


@dataclass(frozen=True)
class PersonalData:
    """The names, phones (E.164, "+66812345678") and emails a bundle must not carry."""

    names: frozenset[str] = field(default_factory=frozenset)
    phones: frozenset[str] = field(default_factory=frozenset)
    emails: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, names: Iterable[str | None], phones: Iterable[str | None],
           emails: Iterable[str | None]) -> PersonalData:
        return cls(frozenset(n for n in names if n and n.strip()), frozenset(p for p in phones if p),
                   frozenset(e.casefold() for e in emails if e))


class Scrubber:
    """Takes personal data out of text. `personal` None means the shop's own data could not be read: every
    email and everything shaped like a phone number goes, and names cannot be known (the bundle says so)."""

    def __init__(self, personal: PersonalData | None, *, country_code: str = "66") -> None:
        self.personal = personal
        self.country_code = country_code
        self._name_words: frozenset[str] = frozenset()
        self._thai_words: list[str] = []
        self._phone_digits: frozenset[str] = frozenset()
        if personal is not None:
            # Word by word (a set lookup per word of text, whatever the number of members): each word of a name
            # goes wherever it stands, so "Somchai", "Jaidee" and "Somchai Jaidee" all go.
            self._name_words = frozenset(w.casefold() for n in personal.names for w in WORD.findall(n)
                                         if len(w) >= 2 and not w.isdigit())
            # Thai is written without spaces between words, so a Thai name can sit inside a longer run of Thai:
            # those runs are searched for each Thai name word (longest first) of three letters or more.
            self._thai_words = sorted((w for w in self._name_words if len(w) >= 3 and THAI.search(w)),
                                      key=len, reverse=True)
            self._phone_digits = frozenset(p.lstrip("+") for p in personal.phones)

    def scrub(self, text: str) -> str:
        text = URL_PASSWORD.sub(r"\1***@", text)
        text = EMAIL_PATTERN.sub(EMAIL, text)
        text = PHONE_RUN.sub(self._phone, text)
        if self._name_words:
            text = WORD.sub(self._word, text)
        return text

    def _phone(self, match: re.Match[str]) -> str:
        """A run of digit groups may hold several numbers ("0812345678 081-234-5678"): from each group, the
        longest stretch of up to PHONE_GROUPS groups that is a phone goes."""
        run = match.group(0)
        groups = list(DIGIT_GROUP.finditer(run))
        out, done, i = [], 0, 0
        while i < len(groups):
            for j in range(min(len(groups), i + PHONE_GROUPS), i, -1):
                if self._is_phone("".join(g.group(0) for g in groups[i:j])):
                    out += [run[done:groups[i].start()], PHONE]
                    done, i = groups[j - 1].end(), j
                    break
            else:
                i += 1
        return "".join(out) + run[done:]

    def _is_phone(self, written: str) -> bool:
        if self.personal is None:
            return bool(PHONE_SHAPE.match(written))
        digits = written.lstrip("+")
        candidates = {digits, digits[2:] if digits.startswith("00") else digits,
                      self.country_code + digits[1:] if digits.startswith("0") else digits, self.country_code + digits}
        return bool(candidates & self._phone_digits)

    def _word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word.casefold() in self._name_words:
            return NAME
        if self._thai_words and THAI.search(word):
            for name in self._thai_words:
                if name in word:
                    word = word.replace(name, NAME)
        return word


__all__ = ["EMAIL", "NAME", "PHONE", "PersonalData", "Scrubber", "ShopLook"]
