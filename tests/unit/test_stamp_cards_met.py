"""A stamp card full in the ledger (stamps from tills apart met) reads as completed, and exactly one installation
is the one to write its completion, whichever device asks."""

from __future__ import annotations

from dataclasses import replace

from kiosk.domain.programs.config import StampCard
from kiosk.domain.programs.stamps import on_the_card, waiting_to_complete
from kiosk.services.stamp_cards import completes_here

COFFEE = StampCard("coffee", "Coffee card", required=9)


def test_a_full_card_shows_what_starts_the_next_one_and_its_rewards_ready() -> None:
    assert on_the_card(COFFEE, 11) == (2, 1)
    assert on_the_card(COFFEE, 18) == (0, 2)
    assert on_the_card(COFFEE, 8) == (8, 0)
    assert on_the_card(COFFEE, -7) == (-7, 0)  # owed stamps are not a card to complete
    no_carry = replace(COFFEE, carry_over=False)
    assert on_the_card(no_carry, 11) == (0, 1) and waiting_to_complete(no_carry, 20) == 1


def test_one_installation_completes_for_a_member_whichever_device_asks() -> None:
    devices = {"aaa-C1": "aaa", "aaa-K1": "aaa", "bbb-C2": "bbb", "ccc-C3": "ccc"}
    living = ("aaa", "bbb", "ccc")
    answers = [completes_here("bbb-C2", installation=i, devices=devices, active=living) for i in living]
    assert answers == [False, True, False]  # the installation that enrolled the member
    # it is retired: the first active installation the hub lists takes over, and still only one
    answers = [completes_here("bbb-C2", installation=i, devices=devices, active=("aaa", "ccc"))
               for i in ("aaa", "ccc")]
    assert answers == [True, False]
    # no directory yet (a device before its first round): the enrolling installation, from the device id
    assert completes_here("aaa-K1", installation="aaa", devices={}, active=())
    assert not completes_here("aaa-K1", installation="bbb", devices={}, active=())
