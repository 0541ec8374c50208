"""The one message catalogue: a code and its parameters become a sentence in Thai or English.

Services and the domain never hand a person an English sentence: they raise an error or return an event with
a stable `code` and `params` (values, not text). The screens, the CLI and the receipt call `render(code, params,
language)`. Every code has both languages; tests/unit/test_catalogue.py fails when one lacks Thai.

A template names its parameters in braces: "{points} points to go". Values are formatted for the language:
Money with the baht sign, dates in the Buddhist Era in Thai, whole numbers with thousands separators, and a
`Localized` value (a reward's or a tier's name from the config) in its Thai or English form. English plurals:
give `en_one` for the form used when the parameter named by `count` is 1, or, where one sentence counts several
things, write the word as `{name:one|other}` ("{entries} ledger {entries:entry|entries}"): the first form when
the parameter `name` is 1. Thai has no plural and says the count alone.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kiosk.domain.errors import KioskError
from kiosk.domain.events import Said
from kiosk.domain.money import Money
from kiosk.domain.text import Localized, Phrase
from kiosk.l10n.formats import format_date, format_datetime, format_money, format_points

__all__ = ["CATALOGUE", "LANGUAGES", "Localized", "Phrase", "Text", "format_value", "register", "render",
           "thai_spaced"]

LANGUAGES = ("en", "th")


# an English word that agrees with a count: {entries:entry|entries}
_PLURAL = re.compile(r"\{(?P<name>\w+):(?P<one>[^{}|]*)\|(?P<other>[^{}|]*)\}")


@dataclass(frozen=True)
class Text:
    """One catalogue entry: English and Thai templates with the same parameter names."""

    en: str
    th: str
    en_one: str | None = None  # English when params[count] == 1 ("1 point left")
    count: str | None = None  # the parameter that chooses between en_one and en

    def template(self, language: str, params: Mapping[str, object]) -> str:
        if language == "th":
            return self.th
        if self.en_one is not None and self.count is not None and params.get(self.count) == 1:
            return self.en_one
        return _PLURAL.sub(lambda word: word["one"] if params.get(word["name"]) == 1 else word["other"], self.en)

    def fields(self) -> dict[str, set[str]]:
        """The parameter names each form uses, for the catalogue's consistency test."""
        forms = {"en": self.en, "th": self.th}
        if self.en_one is not None:
            forms["en_one"] = self.en_one
        return {name: {field for _, field, _, _ in string.Formatter().parse(text) if field}
                for name, text in forms.items()}


CATALOGUE: dict[str, Text] = {}


def register(entries: Mapping[str, Text]) -> None:
    """Add a group of codes (errors, events, ...); a code registered twice is a programming error."""
    for code, text in entries.items():
        if code in CATALOGUE and CATALOGUE[code] != text:
            raise ValueError(f"message code {code!r} is registered twice with different text")
        CATALOGUE[code] = text


def format_value(value: object, language: str) -> str:
    """One parameter as the language writes it."""
    if isinstance(value, Localized):
        return value(language)
    if isinstance(value, tuple):  # a list of values or messages: "25 points as Bronze, 31 points as Silver"
        return ", ".join(format_value(item, language) for item in value)
    if isinstance(value, (Phrase, KioskError)) or (hasattr(value, "code") and hasattr(value, "params")):
        # a message inside a message (an event, a phrase, a refusal: "Line 3: ..."), in the same language
        return render(value.code, value.params, language)
    if isinstance(value, Money):
        return format_money(value, language)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_points(value, language)
    if isinstance(value, dt.datetime):
        return format_datetime(value, language)
    if isinstance(value, dt.date):
        return format_date(value, language)
    return str(value)


# a Thai letter right against a Latin one, either way round: where a name the shop gave only in English lands
# in a Thai sentence ("ถึงระดับGold"), Thai writing puts a space between the two scripts
_SCRIPTS_MEET = re.compile(r"(?<=[\u0e01-\u0e4e])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u0e01-\u0e4e])")


def thai_spaced(text: str) -> str:
    """A Thai sentence with a space wherever Thai and Latin letters touch (a Thai word and a Thai name stay
    together: "ถึงระดับโกลด์")."""
    return _SCRIPTS_MEET.sub(" ", text)


def render(code: str, params: Mapping[str, object] | None = None, language: str = "en") -> str:
    """The sentence for `code` in `language` ('th' or 'en'); an unknown code renders as itself, never raises,
    so a screen always has something to show (the catalogue test keeps that from happening)."""
    params = params or {}
    text = CATALOGUE.get(code)
    if text is None:
        return code
    template = text.template("th" if language == "th" else "en", params)
    values = {name: format_value(value, language) for name, value in params.items()}
    try:
        said = template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return template
    return thai_spaced(said) if language == "th" and values else said


def speaker(language: str) -> Callable[[object], str]:
    """One language's voice for a service that lays out text it cannot say itself (the end-of-day rows): a
    message is rendered, any other value formatted."""
    return lambda value: format_value(value, language)


def say(said: Said, language: str) -> str:
    """An event or a result's message in `language`."""
    return render(said.code, said.params, language)
