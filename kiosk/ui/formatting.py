"""Money, number and date text for the screens, in Thai or English, via babel; never from floats."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_currency, format_decimal

from kiosk.domain.money import Money, exponent
from kiosk.ui.i18n import THAI, current_language

_BABEL_LOCALE = {"th": "th_TH", "en": "en_US"}
BUDDHIST_ERA_OFFSET = 543


def _locale(language: str | None) -> str:
    return _BABEL_LOCALE.get(language or current_language(), "en_US")


def format_money(money: Money, *, language: str | None = None) -> str:
    """'฿1,250.50' in both languages (the baht sign is what every Thai till shows); other currencies per locale."""
    amount = money.to_decimal()
    places = exponent(money.currency)
    if money.currency == "THB":
        pattern = "#,##0" + ("." + "0" * places if places else "")
        digits = format_decimal(abs(amount), format=pattern, locale=_locale(language), decimal_quantization=True)
        return f"{'-' if money.minor < 0 else ''}฿{digits}"
    return format_currency(amount, money.currency, locale=_locale(language))


def format_points(points: int, *, language: str | None = None) -> str:
    """'1,250'."""
    if isinstance(points, bool) or not isinstance(points, int):
        raise TypeError("points are whole numbers")
    return format_decimal(points, format="#,##0", locale=_locale(language))


def format_date(value: dt.date, *, language: str | None = None) -> str:
    """'4 มี.ค. 2568' (Buddhist Era, as Thai customers read dates) or '4 Mar 2025'."""
    language = language or current_language()
    day_month = babel_format_date(value, format="d MMM", locale=_locale(language))
    year = value.year + BUDDHIST_ERA_OFFSET if language == THAI else value.year
    return f"{day_month} {year}"


def format_datetime(value: dt.datetime, *, language: str | None = None) -> str:
    """'4 มี.ค. 2568 14:05' or '4 Mar 2025, 14:05' (24-hour clock in both)."""
    language = language or current_language()
    time_text = babel_format_time(value, format="HH:mm", locale=_locale(language))
    separator = " " if language == THAI else ", "
    return f"{format_date(value.date(), language=language)}{separator}{time_text}"
