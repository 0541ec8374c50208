"""When dated value expires: good through the whole of the shop's business day it is shown expiring on.

A lot of points, store credit or free items, and a voucher, carry `expires_at`: the moment it was earned plus
its term (kiosk.services.common.expiry_from), so its time of day is when it was earned. The customer is shown
and printed only its date, in the shop's time zone ("valid until 30 Dec 2569"), and what the shop shows is
what holds: the value is good until that business day ends, whatever the time of day stored. Every decision
on expiry (spending, balances, the expiry run, the hub's, receipts, verify) goes through these functions, so
lots written before this rule (and by devices that have not yet taken it) read the same way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo


def day_start(at: datetime, tz: tzinfo) -> datetime:
    """The first instant of the shop's business day `at` falls on."""
    local = at.astimezone(tz)
    return datetime(local.year, local.month, local.day, tzinfo=tz)


def day_end(at: datetime, tz: tzinfo) -> datetime:
    """The first instant after the shop's business day `at` falls on (the next day's start)."""
    day = at.astimezone(tz).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def expires_on(expires_at: datetime, tz: tzinfo) -> date:
    """The date the customer is shown: the last business day the value is good on."""
    return expires_at.astimezone(tz).date()


def expiry_cutoff(at: datetime, tz: tzinfo) -> datetime:
    """Value dated before this instant has expired at `at` (the start of `at`'s business day): the one bound a
    query compares dates with (`expires_at < cutoff`: expired; `>=`: still good)."""
    return day_start(at, tz)


def expired(expires_at: datetime | None, at: datetime, tz: tzinfo) -> bool:
    """Whether value dated `expires_at` has expired at `at`: only once the business day it is shown expiring on
    has ended (None: it never expires)."""
    return expires_at is not None and expires_at < expiry_cutoff(at, tz)


def ends_at(expires_at: datetime, tz: tzinfo) -> datetime:
    """The moment value dated `expires_at` stops being good: the end of its business day."""
    return day_end(expires_at, tz)
