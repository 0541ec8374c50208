"""Money, number and date text for the screens: kiosk.l10n's formats, in the screen's current language."""

from __future__ import annotations

import datetime as dt

from kiosk.domain.money import Money
from kiosk.l10n import formats
from kiosk.l10n.formats import BUDDHIST_ERA_OFFSET
from kiosk.ui.i18n import current_language

__all__ = ["BUDDHIST_ERA_OFFSET", "format_date", "format_datetime", "format_money", "format_points"]


def format_money(money: Money, *, language: str | None = None) -> str:
    return formats.format_money(money, language or current_language())


def format_points(points: int, *, language: str | None = None) -> str:
    return formats.format_points(points, language or current_language())


def format_date(value: dt.date, *, language: str | None = None) -> str:
    return formats.format_date(value, language or current_language())


def format_datetime(value: dt.datetime, *, language: str | None = None) -> str:
    return formats.format_datetime(value, language or current_language())
