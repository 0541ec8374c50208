"""A kiosk and two counters as three processes, each with its own SQLite file and its app's own background hub
sync, selling and enrolling at the same time through one hub (issue 14); then all of them hold one ledger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_hub_faults import converged
from tests.support.hub import (  # noqa: F401 - the template's hub, as the other hub tests take it
    Device,
    HubDatabase,
    SellingProcess,
    ShopTemplate,
    hub,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def shop(shop_template: ShopTemplate, tmp_path: Path) -> Iterator[tuple[list[Device], str]]:
    with shop_template.copied(tmp_path) as made:
        for device in made:
            config = device.data_dir / "config.toml"
            # A round every few tenths of a second (and at once after each sale), so the three overlap.
            config.write_text(config.read_text().replace("[hub]\n", "[hub]\nsync_seconds = 0.3\n", 1))
            assert "sync_seconds = 0.3" in config.read_text()
        yield made, shop_template.first_card


def test_a_kiosk_and_two_counters_sync_through_one_hub_while_they_sell(
        shop: tuple[list[Device], str], hub: HubDatabase) -> None:
    (c1, c2, k), card = shop
    running = [SellingProcess(c1, role="counter", count=5, card=card),
               SellingProcess(c2, role="counter", count=5, card=card),
               SellingProcess(k, role="kiosk", count=3, card=card)]
    sold_c1, sold_c2, joined = (p.made() for p in running)
    assert len(set(sold_c1 + sold_c2)) == 10 and len(set(joined)) == 3
    for device in (c1, c2, k, c1, c2):
        device.sync()
    converged(hub, c1, c2, k)
    for device in (c1, c2, k):
        view = device.ledger()
        assert {s[0] for s in view["sales"]} >= set(sold_c1 + sold_c2)
        assert {m[0] for m in view["members"]} >= set(joined)
    # The member's points are one balance, the same on every device: each counter's sales count once.
    assert c1.points("0811111111") == c2.points("0811111111") == k.points("0811111111") > 0
