"""A staff member disabled on one device, while signed in on another: once the hub brings the change, that other
device records nothing more in their name (the check is in the write, not in the screen that signed them in)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.domain.commands import RecordSale
from kiosk.domain.errors import PermissionDenied
from tests.support.hub import LATTE, Device, HubDatabase, devices
from tests.support.staff import add_staff

pytestmark = pytest.mark.postgres


def converge(*devs: Device) -> None:
    for _ in range(2):
        for device in devs:
            device.sync()


@pytest.fixture
def shop(tmp_path: Path, hub: HubDatabase) -> Iterator[list[Device]]:
    with devices(tmp_path, "c1", "c2") as (c1, c2):
        c1.owner()
        c1.init(hub.url, name="Counter 1")
        c2.join(hub.url, name="Counter 2")
        yield [c1, c2]


def test_a_cashier_disabled_on_another_device_records_nothing_more(shop: list[Device]) -> None:
    c1, c2 = shop
    (mint,) = add_staff(c1.app.services.staff, ("Mint", "cashier", "3333"))
    converge(c1, c2)
    session = c2.app.services.staff.sign_in(mint.id, "3333")  # Mint signs in at Counter 2

    def sale() -> RecordSale:
        return RecordSale(command_id=secrets.token_hex(8), lines=(LATTE,), staff_id=session.staff_id,
                          print_receipt=False)

    c2.app.services.checkout.record_sale(sale())
    c1.app.services.staff.set_active(mint.id, False, by=c1.owner())  # the owner, at Counter 1
    converge(c1, c2)
    with pytest.raises(PermissionDenied) as refused:
        c2.app.services.checkout.record_sale(sale())
    assert refused.value.code == "staff.disabled"
    with pytest.raises(PermissionDenied):
        c2.app.services.staff.check_active(mint.id)
