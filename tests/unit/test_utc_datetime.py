"""UTCDateTime binds a datetime on SQLite in one step (tables.UTCDateTime.bind_processor): the text it sends
must be exactly what SQLAlchemy's own two steps send, or the database's string comparisons of times (a sale
since the tier window began, lots past their date) would go wrong between old and new rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import DateTime

from kiosk.adapters.db.tables import UTCDateTime

BANGKOK = timezone(timedelta(hours=7))
MOMENTS = [
    datetime(2026, 12, 7, 10, 11, 12, 123456, tzinfo=UTC),
    datetime(2026, 12, 7, 10, 11, 12, tzinfo=UTC),  # no microseconds: still six zeros
    datetime(2027, 1, 1, 3, 0, tzinfo=BANGKOK),  # another zone: the previous day in UTC
    datetime(5, 3, 4, 0, 0, 1, 7, tzinfo=UTC),  # a year of one digit: padded to four
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    None,
]


def _sqlalchemys_own(value: datetime | None) -> object:
    """process_bind_param, then the text SQLite's DATETIME makes of it (SQLAlchemy's two steps)."""
    dialect = sqlite.dialect()
    text = dialect.type_descriptor(DateTime(timezone=True)).bind_processor(dialect)
    assert text is not None
    return text(UTCDateTime().process_bind_param(value, dialect))


@pytest.mark.parametrize("value", MOMENTS)
def test_the_one_step_text_is_sqlalchemys_own(value: datetime | None) -> None:
    process = UTCDateTime()._cached_bind_processor(sqlite.dialect())
    assert process is not None
    assert process(value) == _sqlalchemys_own(value)


def test_a_naive_datetime_is_refused_as_before() -> None:
    process = UTCDateTime()._cached_bind_processor(sqlite.dialect())
    assert process is not None
    with pytest.raises(ValueError, match="naive datetime"):
        process(datetime(2026, 12, 7, 10, 0))


def test_postgresql_gets_the_aware_datetime_as_before() -> None:
    process = UTCDateTime()._cached_bind_processor(postgresql.dialect())
    value = datetime(2027, 1, 1, 3, 0, tzinfo=BANGKOK)
    sent = process(value) if process is not None else value
    assert sent == value and sent.utcoffset() == timedelta(0)
