"""Several devices, one ledger, through a real PostgreSQL hub (issue 14): a shop's first device publishes its
history, others join empty and take it, all sell offline and converge; double spends and twice-enrolled phones
are flagged and fixed by entries that travel too; the hub refuses forged, replayed, gapped or revoked pushes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hub import Device, HubDatabase, devices, hub_problems, hub_view

pytestmark = pytest.mark.postgres


@pytest.fixture
def hub(postgres_url: str) -> Iterator[HubDatabase]:
    database = HubDatabase(postgres_url)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def shop(tmp_path: Path, hub: HubDatabase) -> Iterator[list[Device]]:
    """Counter 1 set the hub up with one member; Counter 2 and the kiosk PC joined empty."""
    with devices(tmp_path, "c1", "c2", "k") as (c1, c2, k):
        c1.owner()
        c1.enroll("0811111111", "Somchai Jaidee")
        c1.init(hub.url, name="Counter 1")
        c2.join(hub.url, name="Counter 2")
        k.join(hub.url, name="Door kiosk")
        yield [c1, c2, k]


def converge(*devs: Device) -> None:
    for _ in range(2):
        for device in devs:
            device.sync()


def test_a_joined_device_takes_the_shop_and_everyone_converges(shop: list[Device], hub: HubDatabase) -> None:
    c1, c2, k = shop
    assert c2.points("0811111111") == c1.points("0811111111")
    c1.sell("0811111111")
    c2.sell("0811111111", quantity=2)
    code = k.enroll("0822222222", "Malee")
    k.sync()
    c2.sync()
    c2.sell(code)  # enrolled at the door, served at the counter: the kiosk's card works there
    converge(c1, c2, k)
    views = [d.ledger() for d in shop]
    assert views[0] == views[1] == views[2] == hub_view(hub)
    assert c1.points("0822222222") == k.points("0822222222") > 0
    for device in shop:
        assert device.problems() == ()
    assert hub_problems(hub) == ()
