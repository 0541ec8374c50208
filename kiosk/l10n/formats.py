"""Money, points and dates as people read them, in Thai or English (babel); never from floats."""

from __future__ import annotations

import datetime as dt

# babel loads on the first number or date formatted (~20 ms of CPU): not before a screen's first frame, which
# formats none.
from kiosk.domain.money import Money, exponent

LOCALES = {"th": "th_TH", "en": "en_US"}
BUDDHIST_ERA_OFFSET = 543


def locale_of(language: str) -> str:
    return LOCALES.get(language, "en_US")


def format_money(money: Money, language: str, *, ascii_only: bool = False) -> str:
    """'฿1,250.50' in both languages (the baht sign is what every Thai till shows); other currencies per locale.

    `ascii_only` is for text a printer prints from its own font ('THB 1,250.50'): a baht sign there would
    turn the whole line into a picture.
    """
    sign = "-" if money.minor < 0 else ""
    digits = format_amount(abs(money), "en" if ascii_only else language)
    if ascii_only:
        return f"{sign}{money.currency} {digits}"
    if money.currency == "THB":
        return f"{sign}฿{digits}"
    from babel.numbers import format_currency

    return format_currency(money.to_decimal(), money.currency, locale=locale_of(language))


def format_amount(money: Money, language: str) -> str:
    """The number only, for a price column where the currency is implied: '1,250.00', '-25.00'."""
    from babel.numbers import format_decimal

    places = exponent(money.currency)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(money.to_decimal(), format=f"{pattern};-{pattern}", locale=locale_of(language),
                          decimal_quantization=True)


def format_points(points: int, language: str) -> str:
    """'1,250': both languages group thousands with a comma (babel's en_US and th_TH alike), so Python's own
    grouping says it without loading babel for every number in every message."""
    if isinstance(points, bool) or not isinstance(points, int):
        raise TypeError("points are whole numbers")
    return f"{points:,}"


def format_date(value: dt.date, language: str) -> str:
    """'4 มี.ค. 2568' (Buddhist Era, as Thai customers read dates) or '4 Mar 2025'."""
    from babel.dates import format_date as babel_format_date

    day_month = babel_format_date(value, format="d MMM", locale=locale_of(language))
    year = value.year + BUDDHIST_ERA_OFFSET if language == "th" else value.year
    return f"{day_month} {year}"


def format_month(value: dt.date, language: str, *, year: bool = False) -> str:
    """'Nov' or 'พ.ย.' (a chart's month), with the year when `year`: 'Nov 2026', 'พ.ย. 2569' (Buddhist Era)."""
    from babel.dates import format_date as babel_format_date

    month = babel_format_date(value, format="MMM", locale=locale_of(language))
    if not year:
        return month
    return f"{month} {value.year + BUDDHIST_ERA_OFFSET if language == 'th' else value.year}"


def format_datetime(value: dt.datetime, language: str) -> str:
    """'4 มี.ค. 2568 14:05' or '4 Mar 2025, 14:05' (24-hour clock in both)."""
    from babel.dates import format_time as babel_format_time

    time_text = babel_format_time(value, format="HH:mm", locale=locale_of(language))
    separator = " " if language == "th" else ", "
    return f"{format_date(value.date(), language)}{separator}{time_text}"


def format_recent(value: dt.datetime, language: str, *, today: dt.date | None, brief: bool = False) -> str:
    """A moment in a short list of recent ones: '28 May 16:46' or '28 พ.ค. 16:46' in `today`'s year, and for
    another year its date alone, '30 Nov 2025' or '30 พ.ย. 2568' (Buddhist Era); `brief`, where even that has no
    room: '28 May' in this year, 'Nov 2025' or 'พ.ย. 2568' in another. Without a `today` to measure by, the
    whole moment (format_datetime)."""
    if today is None:
        return format_datetime(value, language)
    if value.year != today.year:
        return format_month(value.date(), language, year=True) if brief else format_date(value.date(), language)
    from babel.dates import format_date as babel_format_date
    from babel.dates import format_time as babel_format_time

    day_month = babel_format_date(value, format="d MMM", locale=locale_of(language))
    if brief:
        return day_month
    return f"{day_month} {babel_format_time(value, format='HH:mm', locale=locale_of(language))}"


def format_phone(digits: str) -> str:
    """Thai grouping as people say it: 081-234-5678, 02-123-4567."""
    if digits.startswith("0") and len(digits) > 3 and not digits.startswith("02"):
        head, rest = digits[:3], digits[3:]
    elif digits.startswith("02") and len(digits) > 2:
        head, rest = digits[:2], digits[2:]
    else:
        return digits
    tail = rest[:3] + ("-" + rest[3:] if len(rest) > 3 else "")
    return f"{head}-{tail}"
