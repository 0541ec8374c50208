"""The hub worker does not sit out its interval when there is something to move: a sale paid while a round runs
starts the next round at once, and another device's push wakes a device to pull it (the hub announces pushes).
Both run the real background workers against a real PostgreSQL hub, with an interval of a minute, so waiting
for the interval would fail the test; nothing here is timed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.hub import Device, HubDatabase, devices

pytestmark = pytest.mark.postgres

INTERVAL = 60.0  # the tests wait far less than this for what must happen without it
WAIT = 20.0


def _counting_rounds(device: Device, during_first: Callable[[], None] | None = None) -> list[threading.Event]:
    """Events set as the device's worker starts its first, second and third rounds (each round asks for the
    shop's shared settings first); `during_first` runs inside the first round."""
    service = device.app.services.hub
    started = [threading.Event() for _ in range(3)]
    snapshot = service.settings_snapshot
    assert snapshot is not None
    rounds = 0

    def counted() -> str | None:
        nonlocal rounds
        rounds += 1
        if rounds <= len(started):
            started[rounds - 1].set()
        if rounds == 1 and during_first is not None:
            during_first()
        return snapshot()

    service.settings_snapshot = counted
    service.interval_seconds = INTERVAL
    return started


def test_a_sale_paid_while_a_round_runs_starts_the_next_round_at_once(tmp_path: Path, hub: HubDatabase) -> None:
    with devices(tmp_path, "c1") as (c1,):
        c1.owner()
        c1.init(hub.url, name="Counter 1")
        service = c1.app.services.hub
        # The counter wakes the worker once a sale is paid; here the sale is paid just as a round began.
        rounds = _counting_rounds(c1, during_first=c1.app.services.wake_printer)
        c1.app.services.workers.start("hub-sync")
        assert rounds[0].wait(WAIT)
        assert rounds[1].wait(WAIT), "the wake of a sale paid during a round was lost until the next interval"
        assert service.interval_seconds == INTERVAL


def test_another_devices_push_wakes_this_device_to_pull_it(tmp_path: Path, hub: HubDatabase) -> None:
    with devices(tmp_path, "c1", "c2") as (c1, c2):
        c1.owner()
        code = c1.enroll("0811111111", "Somchai Jaidee")
        c1.init(hub.url, name="Counter 1")
        c2.join(hub.url, name="Counter 2")
        before = c2.points("0811111111")
        c2.clock.at += timedelta(minutes=1)  # the shared clock: c2's first round below notes this contact time
        contact = c2.clock.now()
        rounds = _counting_rounds(c2)
        c2.app.services.workers.start("hub-sync")
        assert rounds[0].wait(WAIT)
        assert _eventually(lambda: c2.app.services.hub.status().last_contact == contact)
        # Counter 2 has done its round and waits its minute. Counter 1 sells and sends the sale.
        _counting_rounds(c1)
        c1.app.services.workers.start("hub-sync")
        sale = c1.sell(code)
        c1.app.services.wake_printer()
        assert sale.points_earned > 0
        assert _eventually(lambda: c2.points("0811111111") == before + sale.points_earned), \
            "counter 2 waited for its interval instead of pulling the push it was told of"
        assert rounds[1].is_set()


def _eventually(check: Callable[[], bool]) -> bool:
    done = threading.Event()
    for _ in range(int(WAIT / 0.05)):
        if check():
            return True
        done.wait(0.05)
    return check()
