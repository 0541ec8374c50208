"""Expiry on a hub: every device holds every member's lots, so one device of the hub writes them off for the
whole chain and the others leave it to it. Two tills that each expired the same lots before they synced took
them twice (black-box report: Points -60 on every device, verify OK, no conflict, twice the breakage)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.cli.hub import conflict_text
from kiosk.domain.commands import RecordSale
from kiosk.domain.errors import Conflict
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.l10n.catalogue import render
from kiosk.services.common import EntryWriter
from tests.support.hub import Device, HubDatabase, devices, later
from tests.support.problems import english

pytestmark = pytest.mark.postgres
PHONE = "0811111111"
CAKE = CartLine("Cake", Money(50000), 1, "CAKE")


class OnePass:
    """Stops the expiry worker after its first pass (the one the app makes at start-up), with no waiting."""

    def is_set(self) -> bool:
        return False

    def wait(self, timeout: float | None = None) -> bool:
        return True


@pytest.fixture
def tills(tmp_path: Path, hub: HubDatabase) -> Iterator[tuple[Device, Device]]:
    """Till 1 set the hub up with a member holding points and store credit; Till 2 joined; both synced."""
    with devices(tmp_path, "t1", "t2") as (t1, t2):
        t1.owner()
        t1.enroll(PHONE, "Somchai Jaidee")
        t1.app.services.checkout.record_sale(RecordSale(command_id="cake", lines=(CAKE,), member_code=PHONE,
                                                        print_receipt=False))
        t1.init(hub.url, name="Till 1")
        t2.join(hub.url, name="Till 2")
        for device in (t1, t2, t1, t2):
            device.sync()
        yield t1, t2


def balances(device: Device) -> dict[str, int]:
    with device.app.uow_factory(readonly=True) as uow:
        return {unit: amount for unit, amount in uow.ledger.member_balances(device.member_id(PHONE)).items()
                if amount}


def converge(*tills: Device) -> None:
    for _ in range(2):
        for device in tills:
            device.sync()


def test_expiry_on_two_tills_apart_is_written_off_once_for_the_chain(tills: tuple[Device, Device]) -> None:
    t1, t2 = tills
    held = balances(t1)
    currency = t1.app.services.ctx.currency
    assert held.get(POINTS, 0) > 0 and held.get(currency, 0) > 0 and balances(t2) == held
    for device in tills:
        later(device.clock, days=800)  # every lot is past its date
    # Each till opens before it syncs: its expiry worker makes its start-up pass, as the app does.
    for device in tills:
        device.app.services.expiry.worker(OnePass())
    converge(t1, t2, t1)
    for device in tills:
        assert balances(device) == {}, device.data_dir.name  # what the lots held, less one write-off
        assert device.problems() == ()
        assert device.app.services.hub.conflicts() == []
    day = t1.app.services.ctx.business_date(t1.clock.now())
    chain = t2.app.services.reports.by_shop(day, viewer=t1.owner())
    assert chain.total.points_expired == held[POINTS]


def test_a_till_that_does_not_write_expiry_says_which_one_does(tills: tuple[Device, Device]) -> None:
    t1, t2 = tills
    later(t2.clock, days=800)
    with pytest.raises(Conflict) as refused:
        t2.app.services.expiry.run()
    assert refused.value.code == "expiry.elsewhere"
    assert english([refused.value]) == [
        "Expiry is written by Till 1 (C1) for every shop of the hub; this device leaves it to that one."]
    assert render(refused.value.code, refused.value.params, "th") == (
        "เครื่อง Till 1 (C1) เป็นผู้ตัดยอดที่หมดอายุให้ทุกร้านในฮับ เครื่องนี้จึงไม่ตัดเอง")
    assert balances(t2) == balances(t1) != {}  # nothing written
    assert t2.app.services.hub.status().expiry_writer == "Till 1 (C1)" == t1.app.services.hub.status().expiry_writer


def test_the_next_oldest_till_writes_expiry_once_the_first_is_retired(tills: tuple[Device, Device],
                                                                        hub: HubDatabase) -> None:
    t1, t2 = tills
    t2.app.services.hub.revoke("C1", approved_by=t2.owner())
    t2.sync()
    assert t2.app.services.hub.status().expiry_writer == "Till 2 (C2)"
    later(t2.clock, days=800)
    assert t2.app.services.expiry.run().points_expired > 0
    assert balances(t2) == {}


def test_expiry_two_tills_wrote_apart_before_the_fix_is_a_conflict_and_a_write_off_gives_it_back(
        tills: tuple[Device, Device]) -> None:
    """Devices that expired the same lots before this version: their double stays in the ledger, every device
    names it (verify does not call it broken: two installations each wrote what they saw), and a manager's
    write-off gives the later expiry back, once, on every device."""
    t1, t2 = tills
    member_id = t1.member_id(PHONE)
    points = _expired_on_each(tills, member_id)
    converge(t1, t2)
    for device in tills:
        found = [c for c in device.app.services.hub.conflicts() if c.kind == "expiry_beyond"]
        assert len(found) == 1, device.app.services.hub.conflicts()
        assert found[0].amount == points and found[0].unit == POINTS
        assert found[0].member_names == ("Somchai Jaidee",)
        assert sorted(found[0].devices) == sorted({t1.app.services.ctx.device_id, t2.app.services.ctx.device_id})
        assert f"wrote off {points} PTS of Somchai Jaidee more than their lots held" in conflict_text(found[0])

    assert t2.app.services.hub.write_off(found[0].key, approved_by=t2.owner()).kind == "expiry_beyond"
    converge(t2, t1)
    for device in tills:
        assert device.app.services.hub.conflicts() == []
        assert balances(device).get(POINTS, 0) == 0
        assert device.problems() == ()
    day = t1.app.services.ctx.business_date(t1.clock.now())
    assert t1.app.services.reports.by_shop(day, viewer=t1.owner()).total.points_expired == points


def test_expiry_given_back_on_two_tills_apart_is_given_back_once(tills: tuple[Device, Device]) -> None:
    """Each till's manager gives back the same expiry before hearing of the other's give-back: once they meet,
    the later give-back is undone by the till that wrote it, and the member holds what the lots held less one
    write-off, as after one give-back."""
    t1, t2 = tills
    member_id = t1.member_id(PHONE)
    points = _expired_on_each(tills, member_id)
    converge(t1, t2)
    key = next(c.key for c in t1.app.services.hub.conflicts() if c.kind == "expiry_beyond")
    t1.app.services.hub.write_off(key, approved_by=t1.owner())  # apart: neither has heard of the other's
    t2.app.services.hub.write_off(key, approved_by=t2.owner())
    converge(t1, t2)
    for device in tills:
        assert device.app.services.hub.conflicts() == []
        assert balances(device).get(POINTS, 0) == 0, device.data_dir.name  # not the expiry given back twice
        assert device.problems() == ()
    day = t1.app.services.ctx.business_date(t1.clock.now())
    assert t1.app.services.reports.by_shop(day, viewer=t1.owner()).total.points_expired == points


def test_expiry_of_lots_another_till_spent_while_they_were_valid_is_a_conflict(
        tills: tuple[Device, Device]) -> None:
    """Till 2, apart, spends the points a day before they expire; Till 1 (which writes expiry) has not heard
    and writes them off the day after: the expiry took what the lots no longer held."""
    t1, t2 = tills
    points = balances(t1)[POINTS]
    with t1.app.uow_factory(readonly=True) as uow:
        lots = uow.ledger.member_postings(t1.member_id(PHONE), POINTS)
    expires = min(r.expires_at for r in lots if r.expires_at is not None)
    for device in tills:
        device.clock.at = expires - timedelta(days=1)
    t2.sell(PHONE, quantity=10, points=points)
    t1.clock.at = expires + timedelta(days=1)
    assert t1.app.services.expiry.run().points_expired == points
    converge(t1, t2)
    for device in tills:
        found = [c for c in device.app.services.hub.conflicts() if c.kind == "expiry_beyond"]
        assert [(c.unit, c.amount) for c in found] == [(POINTS, points)]


def _expired_on_each(tills: tuple[Device, Device], member_id: str) -> int:
    """Both tills 800 days on, each writing off the member's points as the expiry service before one writer per
    hub did (apart: neither has heard of the other's); returns the points each wrote off."""
    for device in tills:
        later(device.clock, days=800)
    points = balances(tills[0])[POINTS]
    for device in tills:
        with device.app.uow_factory() as uow:
            EntryWriter(uow, device.app.services.ctx, device.clock.now()).write(
                kind=EntryKind.EXPIRY, member_id=member_id, memo=f"expired {POINTS}",
                postings=transfer(unit=POINTS, amount=points, to_account=ProgramAccount.EXPIRED.value,
                                  from_account=member_account(member_id, Bucket.POINTS)))
            uow.commit()
    return points
