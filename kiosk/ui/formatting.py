"""Money, number and date text for the screens: kiosk.l10n's formats, in the screen's current language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from kiosk.domain.errors import KioskError
from kiosk.domain.events import Said
from kiosk.domain.money import Money
from kiosk.l10n import formats
from kiosk.l10n.catalogue import render, say
from kiosk.l10n.formats import BUDDHIST_ERA_OFFSET
from kiosk.ui.i18n import current_language

__all__ = ["BUDDHIST_ERA_OFFSET", "format_date", "format_datetime", "format_money", "format_month", "format_points",
           "format_recent", "plural", "refusal", "render_text", "with_name"]


def format_money(money: Money, *, language: str | None = None) -> str:
    return formats.format_money(money, language or current_language())


def format_points(points: int, *, language: str | None = None) -> str:
    return formats.format_points(points, language or current_language())


def format_date(value: dt.date, *, language: str | None = None) -> str:
    return formats.format_date(value, language or current_language())


def format_month(value: dt.date, *, year: bool = False, language: str | None = None) -> str:
    return formats.format_month(value, language or current_language(), year=year)


def format_datetime(value: dt.datetime, *, language: str | None = None) -> str:
    return formats.format_datetime(value, language or current_language())


def format_recent(value: dt.datetime, *, today: dt.date | None, brief: bool = False,
                  language: str | None = None) -> str:
    return formats.format_recent(value, language or current_language(), today=today, brief=brief)


def render_text(code: str, params: Mapping[str, object] | None = None, *, language: str | None = None) -> str:
    """A catalogue code (a refusal, an event) as the sentence the screen shows, in its current language."""
    return render(code, params, language or current_language())


def refusal(error: KioskError, *, language: str | None = None) -> str:
    """Why the service refused, as the screen says it in its current language (a refusal is said as any
    message is: its code and values)."""
    return spoken(error, language=language)


def spoken(value: Said | str, *, language: str | None = None) -> str:
    """A service's message (a code and values) in the UI's language; text that is already words stays as it is."""
    return value if isinstance(value, str) else say(value, language or current_language())


def plural(n: int, one: str, other: str) -> str:
    """The text for a count of `n`: `one` when n is 1, else `other`; each is a translated string with %n where the
    number goes ("%n point", "%n points"). Thai has one form (both translate alike); English needs the two."""
    return (one if n == 1 else other).replace("%n", format_points(n))


def _thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def with_name(template: str, name: str, marker: str = "%1") -> str:
    """`template` with `name` at `marker`. Straight after Thai text ("คุณ%1") a Thai name joins on ("คุณสมชาย")
    and a Latin one gets its space ("คุณ Anong"), as Thai is written."""
    at = template.find(marker)
    if at > 0 and _thai(template[at - 1]) and name[:1] and not _thai(name[0]):
        name = " " + name
    return template.replace(marker, name)


_FRACTION = re.compile(r"(\d)\s?/\s?(\d)")
_NUMBER_AND_WORD = re.compile(r"(\d) (?=\S)")


def grouped_code(code: str) -> str:
    """A voucher's code in groups of five ("LK1VA BCDEF ..."), which a narrow column may break between; a typed
    code's spaces are dropped when it is read (kiosk.domain.tokens.normalize)."""
    return " ".join(code[i:i + 5] for i in range(0, len(code), 5))


def unbreakable_counts(text: str) -> str:
    """A count as one unit where a line may break: "3/9 ดวง" never splits as "3/" over "9 ดวง", nor "owes 7" over
    "stamps" (a WORD JOINER at the slash, a no-break space after a number)."""
    return _NUMBER_AND_WORD.sub("\\1\u00a0", _FRACTION.sub("\\1\u2060/\u2060\\2", text))
