"""Value expires the same day N months later in the shop's calendar: the months were added to the UTC instant,
so value earned before 07:00 in Bangkok near a month's end was shown another day (1 Dec 03:00 there is 30 Nov in
UTC: six months on it showed 31 May, not 1 Jun)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.expiry import expires_on
from kiosk.services.common import expiry_from

BKK = ZoneInfo("Asia/Bangkok")


@pytest.mark.parametrize(("earned", "months", "shown"), [
    (datetime(2026, 12, 1, 3, tzinfo=BKK), 6, date(2027, 6, 1)),  # UTC: 30 Nov + 6 = 30 May 20:00, 31 May here
    (datetime(2027, 3, 1, 3, tzinfo=BKK), 12, date(2028, 3, 1)),  # UTC: 28 Feb 2028 20:00, 29 Feb here
    (datetime(2026, 3, 1, 3, tzinfo=BKK), 1, date(2026, 4, 1)),  # UTC: 28 Mar 20:00, 29 Mar here
    (datetime(2026, 12, 31, 3, tzinfo=BKK), 2, date(2027, 2, 28)),  # the last day of a shorter month
    (datetime(2026, 12, 1, 3, tzinfo=BKK), 12, date(2027, 12, 1)),
    (datetime(2026, 11, 27, 8, tzinfo=BKK), 12, date(2027, 11, 27)),  # later in the day: as before
])
def test_months_are_added_to_the_shops_date(earned: datetime, months: int, shown: date) -> None:
    ends = expiry_from(earned.astimezone(UTC), months, BKK)
    assert ends is not None and expires_on(ends, BKK) == shown
    assert ends.tzinfo is UTC  # kept as the instant was given
    assert ends.astimezone(BKK).time() == earned.time()  # at the time of day it was earned, there
    assert expiry_from(earned, None, BKK) is None and expiry_from(earned, 0, BKK) is None
