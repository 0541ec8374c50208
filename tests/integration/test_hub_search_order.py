"""Members that arrive through the hub keep the member search in name order: the search's triggers give each a
place between its two neighbours, and when a batch of look-alike names fills a gap (80 members enrolled with one
name on another counter), the pull places the ones that found no room before it finishes (migration 0022)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.hub import (
    Device,
    hub_shop,  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop)
)

pytestmark = pytest.mark.postgres


def ranks(device: Device) -> list[int]:
    """The search ranks of the live members, in name order."""
    with sqlite3.connect(device.data_dir / "shop.sqlite3") as raw:
        return [rank for (rank,) in raw.execute(
            "SELECT r.rank FROM member_search_rank r JOIN members m ON m.rowid = r.member "
            "ORDER BY m.name_search, m.phone, m.rowid")]


def test_look_alike_members_from_another_counter_are_placed_in_name_order_by_the_pull(shop: list[Device]) -> None:
    c1, c2, _ = shop
    for n in range(80):
        c1.enroll(f"08{n:08d}", name="Mmm Same")
    c1.sync()
    c2.sync()
    found = c2.app.services.accounts.search("mmm same")
    assert len(found) == 20 and {m.display_name for m in found} == {"Mmm S."}
    placed = ranks(c2)
    assert all(rank > 0 for rank in placed), "every member arriving from the hub has a place in name order"
    assert placed == sorted(placed)
