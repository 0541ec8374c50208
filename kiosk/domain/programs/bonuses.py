"""Bonuses: sign-up, birthday (once a year, in the birthday month; one a refund took back stays owed a while),
referral (both sides, once) and review."""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.domain.errors import RuleViolation


def birthday_month_start(birthday: date, today: date) -> date:
    """The first day of the member's latest birthday month that has begun by `today`."""
    year = today.year if today.month >= birthday.month else today.year - 1
    return date(year, birthday.month, 1)


def birthday_bonus_may_be_due(birthday: date | None, today: date, owed_days: int) -> bool:
    """In the birthday month, or within `owed_days` after it: only then is the last bonus worth looking up."""
    if birthday is None:
        return False
    start = birthday_month_start(birthday, today)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)  # the first day after the month
    return today < end + timedelta(days=owed_days)


def birthday_bonus_due(birthday: date | None, today: date, last_given: date | None, *, taken_back: bool = False,
                       owed_days: int = 0) -> bool:
    """Once per birthday: the first purchase in the birthday month pays it. A bonus a void or whole refund took back
    (`taken_back`: the last one, given on `last_given`) stays owed: the next purchase pays it, in the month or
    within `owed_days` after it, and next year's birthday month pays next year's bonus as usual."""
    if birthday is None or not birthday_bonus_may_be_due(birthday, today, owed_days):
        return False
    start = birthday_month_start(birthday, today)
    given_this_time = last_given is not None and last_given >= start
    if today.month == birthday.month:
        return not given_this_time or taken_back
    return given_this_time and taken_back


def check_referral(*, referrer_id: str | None, new_member_phone: str | None, referrer_phone: str | None,
                   new_member_id: str) -> None:
    if referrer_id is None:
        return
    if referrer_id == new_member_id or (new_member_phone and new_member_phone == referrer_phone):
        raise RuleViolation("program.self_referral")
