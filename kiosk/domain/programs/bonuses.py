"""Bonuses: sign-up, birthday (once a year, in the birthday month), referral (both sides, once) and review."""

from __future__ import annotations

from datetime import date

from kiosk.domain.errors import RuleViolation


def birthday_bonus_due(birthday: date | None, today: date, last_given_year: int | None) -> bool:
    return birthday is not None and birthday.month == today.month and last_given_year != today.year


def check_referral(*, referrer_id: str | None, new_member_phone: str | None, referrer_phone: str | None,
                   new_member_id: str) -> None:
    if referrer_id is None:
        return
    if referrer_id == new_member_id or (new_member_phone and new_member_phone == referrer_phone):
        raise RuleViolation("program.self_referral")
