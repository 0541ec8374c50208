"""Dated value is good through the whole of the shop's business day it is shown expiring on (kiosk.domain.expiry),
in the lot book as in the one rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.domain.expiry import ends_at, expired, expires_on, expiry_cutoff
from kiosk.domain.ledger import EntryKind, Move, expiry_beyond_lots, lot_book

BKK = ZoneInfo("Asia/Bangkok")
DATED = datetime(2027, 11, 27, 18, 0, tzinfo=BKK)  # earned at 18:00 a year before: shown "27 Nov 2027"


def test_value_is_good_all_day_on_its_date_and_ends_as_the_day_ends() -> None:
    assert expires_on(DATED, BKK) == date(2027, 11, 27)
    for at in (datetime(2027, 11, 27, 0, 0, tzinfo=BKK), datetime(2027, 11, 27, 18, 30, tzinfo=BKK),
               datetime(2027, 11, 27, 23, 59, 59, 999999, tzinfo=BKK)):
        assert not expired(DATED, at, BKK)
    assert ends_at(DATED, BKK) == datetime(2027, 11, 28, tzinfo=BKK)
    assert expired(DATED, datetime(2027, 11, 28, tzinfo=BKK), BKK)
    assert expired(DATED, datetime(2027, 11, 27, 17, 0, tzinfo=UTC), BKK)  # 00:00 on the 28th in Bangkok
    assert not expired(None, DATED + timedelta(days=9999), BKK)
    assert expiry_cutoff(DATED.astimezone(UTC), BKK) == datetime(2027, 11, 27, tzinfo=BKK)


def test_a_date_stored_in_utc_names_the_shops_day() -> None:
    """A lot earned at 06:00 in Bangkok is stored as 23:00 UTC the day before: its day is Bangkok's."""
    early = datetime(2027, 3, 1, 6, 0, tzinfo=BKK).astimezone(UTC)
    assert expires_on(early, BKK) == date(2027, 3, 1)
    assert not expired(early, datetime(2027, 3, 1, 23, 0, tzinfo=BKK), BKK)


def test_the_lot_book_spends_a_lot_all_of_its_day_and_an_expiry_takes_it_after() -> None:
    earned = DATED - timedelta(days=365)
    evening = datetime(2027, 11, 27, 18, 30, tzinfo=BKK)
    book = lot_book([Move(50, DATED, earned, "sale_earn")], BKK)
    assert book.spendable(evening) == 50 and book.expired_by(evening) == 0
    after = datetime(2027, 11, 28, 0, 0, 1, tzinfo=BKK)
    assert book.spendable(after) == 0 and book.expired_by(after) == 50
    assert book.expiring_between(evening, evening + timedelta(days=30))[0].amount == 50  # still "expiring soon"


def test_an_expiry_written_at_the_lots_time_of_day_before_the_rule_is_no_write_off_beyond_the_lots() -> None:
    """Devices wrote expiry at a lot's time of day before the day rule: that took the lot, not more than it."""
    earned = DATED - timedelta(days=365)
    moves = [("award", Move(50, DATED, earned, EntryKind.SALE_EARN.value)),
             ("old-expiry", Move(-50, None, DATED + timedelta(hours=2), EntryKind.EXPIRY.value))]
    assert expiry_beyond_lots(moves, tz=BKK) == {}
    twice = [*moves, ("again", Move(-50, None, DATED + timedelta(hours=7), EntryKind.EXPIRY.value))]
    assert expiry_beyond_lots(twice, tz=BKK) == {"again": [(None, 50)]}
