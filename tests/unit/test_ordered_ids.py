"""Ordered ids (kiosk.domain.ids.ordered_id): the rows a sale writes land on their indexes' last pages."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.ids import new_id, ordered_id

MS = st.integers(min_value=0, max_value=2**48 - 1)


@given(MS, MS)
def test_a_later_moment_sorts_later_and_every_id_is_24_characters(first: int, second: int) -> None:
    a, b = ordered_id(first), ordered_id(second)
    assert len(a) == len(b) == 24 and a[0] == b[0] == "h"
    if first < second:
        assert a < b
    # the digits are base 32 in ASCII order (0-9, a-v), so Python reads them back: the moment, then 67 random bits
    assert int(a[1:], 32) >> 67 == first and int(b[1:], 32) >> 67 == second


@given(MS)
def test_an_ordered_id_sorts_after_every_random_id_written_before(at: int) -> None:
    """The shops' older ids are random hex (new_id), a uuid's text (the command ids) or the 32-character ordered
    ids of earlier versions ("g", 31 hex digits): a new id follows them all, so it never lands among them in the
    middle of an index."""
    made = ordered_id(at)
    assert made > "f" * 32 and made > str(uuid.UUID(int=2**128 - 1)) and made > "g" + "f" * 31
    assert all(made > new_id() for _ in range(50))


def test_ids_of_the_same_millisecond_are_unique() -> None:
    ids = {ordered_id(1_765_000_000_000) for _ in range(20_000)}
    assert len(ids) == 20_000
