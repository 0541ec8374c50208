"""The hub when things go wrong (issue 14): a device's app closed with its hub connection, a stamp card completed
on two offline counters, a sync round that did not go through, a device killed with SIGKILL in the middle of a
push or a pull, and the hub itself stopped in the middle of a sync and started again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.bootstrap import wire
from kiosk.config import load_settings
from tests.integration.test_hub import converge, hub, shop  # noqa: F401 - fixtures
from tests.support.hub import Device, HubDatabase, hub_problems, hub_view, later

pytestmark = pytest.mark.postgres


def hub_sessions(hub: HubDatabase, install_id: str | None) -> int:
    """Connections an installation's own PostgreSQL role holds open on the hub."""
    return int(hub.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = :r", r=f"kiosk_{install_id}"))


def test_closing_the_app_closes_its_hub_connection(shop: list[Device], hub: HubDatabase) -> None:
    """The app (or `kiosk hub sync --once`) that synced and closed left its connection to the hub open: a
    hub serving twenty devices runs out of connections when each leaves one behind every time it closes."""
    c1, _, _ = shop
    c1.sync()
    c1.close()
    with wire(load_settings(data_dir=c1.data_dir), clock=c1.clock) as app:
        install = app.services.hub.store.state().install_id
        assert hub_sessions(hub, install) == 0  # the fixture's own app, closed above, let go too
        assert app.services.hub.sync_once().online is True
        assert hub_sessions(hub, install) >= 1
    # `app` is still referenced here: only closing it, not the garbage collector, may have let go.
    assert hub_sessions(hub, install) == 0
    assert app.services.hub.sync_once().online is True  # a closed app's hub opens again if it is used again
    app.close()
    assert hub_sessions(hub, install) == 0


def test_a_stamp_card_completed_on_two_offline_counters_is_flagged(shop: list[Device], hub: HubDatabase) -> None:
    """Nine stamps held, a coffee bought at each of two offline counters: each completes the card and gives a
    free coffee, so the stamps were spent twice. The union leaves the member below zero in stamps; that is an
    overdraft the manager must see with both sales, like points spent twice."""
    c1, c2, k = shop
    c1.sell("0811111111", quantity=5)
    converge(c1, c2)
    for device in shop:
        later(device.clock, days=1)  # the card counts at most five stamps a day
    first = c1.sell("0811111111", quantity=4)
    second = c2.sell("0811111111", quantity=4)
    assert [s.completed for s in first.stamps] == [1] == [s.completed for s in second.stamps]
    converge(c1, c2, k)
    for device in shop:
        found = [c for c in device.app.services.hub.conflicts() if c.kind == "overdraft"]
        assert len(found) == 1, found
        assert found[0].unit == "STAMP:coffee" and found[0].amount == 5
        assert sorted(found[0].receipts) == sorted([first.receipt_no, second.receipt_no])
    k.app.services.hub.write_off(found[0].key, approved_by=k.owner())
    converge(k, c1, c2)
    assert all(not d.app.services.hub.conflicts() for d in shop)
    assert c1.ledger() == c2.ledger() == k.ledger() == hub_view(hub)
    assert all(d.problems() == () for d in shop) and hub_problems(hub) == ()


def test_a_sync_round_that_does_not_go_through_fails_the_test_helper(shop: list[Device]) -> None:
    """Device.sync is what every hub test converges with: a round the hub refused must fail it there."""
    c1, _, k = shop
    c1.app.services.hub.revoke("Door kiosk", approved_by=c1.owner())
    k.sell("0811111111")
    with pytest.raises(AssertionError, match="refused"):
        k.sync()


@pytest.fixture
def two(tmp_path: Path, hub: HubDatabase) -> Iterator[list[Device]]:
    from tests.support.hub import devices

    with devices(tmp_path, "c1", "c2") as made:
        made[0].enroll("0811111111", "Somchai Jaidee")
        made[0].init(hub.url, name="Counter 1")
        made[1].join(hub.url, name="Counter 2")
        yield made
