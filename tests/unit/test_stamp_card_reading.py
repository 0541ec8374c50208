"""One reading of a stamp card for every screen and the CLI: stamps shown, owed and to go."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.programs.stamps import read_card


def test_a_card_a_refund_left_owing_shows_none_and_counts_the_owed_in_what_is_to_go() -> None:
    reading = read_card(stamps=-7, required=9)
    assert (reading.shown, reading.filled, reading.owed, reading.to_go, reading.owing) == (0, 0, 7, 16, True)


def test_a_card_part_filled_owes_nothing() -> None:
    reading = read_card(stamps=3, required=9)
    assert (reading.shown, reading.filled, reading.owed, reading.to_go, reading.owing) == (3, 3, 0, 6, False)


def test_a_card_past_its_size_says_its_count_and_fills_every_circle() -> None:
    reading = read_card(stamps=11, required=9)  # met on tills apart, not yet completed
    assert (reading.shown, reading.filled, reading.owed, reading.to_go) == (11, 9, 0, 0)


@given(stamps=st.integers(-50, 50), required=st.integers(1, 20))
def test_shown_and_to_go_always_make_up_the_balance_to_a_full_card(stamps: int, required: int) -> None:
    reading = read_card(stamps=min(stamps, required), required=required)
    assert 0 <= reading.filled <= required and reading.owed >= 0 and reading.shown >= reading.filled
    assert reading.filled - reading.owed + reading.to_go == required
