"""The staff service's view for the manager's Staff page: when each person last signed in (from the audit log)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.domain.errors import PermissionDenied
from tests.unit.fakes import make_shop


def test_last_sign_ins_are_the_newest_successful_sign_in_per_person() -> None:
    shop = make_shop()
    assert shop.staff.last_sign_ins() == {}  # nobody has signed in yet
    shop.staff.sign_in(shop.cashier_id, "1111")
    first = shop.clock.now()
    shop.clock.advance(hours=3)
    shop.staff.sign_in(shop.cashier_id, "1111")
    later = shop.clock.now()
    shop.clock.advance(minutes=5)
    with pytest.raises(PermissionDenied):
        shop.staff.sign_in(shop.manager_id, "0000")  # a wrong PIN is not a sign-in
    assert shop.staff.last_sign_ins() == {shop.cashier_id: later}
    assert later - first == timedelta(hours=3)
