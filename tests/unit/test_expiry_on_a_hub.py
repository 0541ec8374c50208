"""Which device of a hub writes expiry (the oldest still in service, read from the device list), and what an
expiry took beyond the lots when two devices wrote off the same ones apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.domain.ledger import EntryKind, Move, expiry_beyond_lots
from kiosk.services.hub import expiry_writer
from kiosk.services.ports.hub import DeviceInfo

T0 = datetime(2027, 1, 1, tzinfo=UTC)


def device(label: str, install: str, *, revoked: bool = False, role: str = "counter") -> DeviceInfo:
    return DeviceInfo(f"{install}-{label}", install, "shop", "Shop", label, role, f"PC {install}", revoked, None, 0, 0)


def test_the_oldest_device_still_in_service_writes_expiry() -> None:
    listed = [device("C10", "j"), device("K2", "b", role="kiosk"), device("C2", "b"), device("C1", "a"),
              device("K1", "a", role="kiosk")]
    assert expiry_writer(listed) == device("C1", "a")  # by the label's number, not its text (C10 after C2)
    assert expiry_writer(listed[:3]).install_id == "b"
    retired = [device("C1", "a", revoked=True), device("K1", "a", revoked=True, role="kiosk"), *listed[:3]]
    assert expiry_writer(retired).install_id == "b"  # the next oldest, once the list says the first is retired
    assert expiry_writer([]) is None
    assert expiry_writer([device("C1", "a", revoked=True)]) is None


def test_an_expiry_after_another_took_the_same_lots_took_them_beyond_what_they_held() -> None:
    ends = T0 + timedelta(days=365)
    moves = [("award", Move(60, ends, T0, EntryKind.SALE_EARN.value)),
             ("first", Move(-60, None, ends + timedelta(days=1), EntryKind.EXPIRY.value)),
             ("second", Move(-60, None, ends + timedelta(days=1), EntryKind.EXPIRY.value))]
    assert expiry_beyond_lots(moves, tz=UTC) == {"second": [(None, 60)]}
    # given back by a reversal of it: nothing beyond any more
    assert expiry_beyond_lots(moves, {"second": 60}, tz=UTC) == {}
    # the later expiry took valid lots the member still held: it gives those very lots back
    valid = ("later award", Move(100, ends + timedelta(days=365), ends, EntryKind.SALE_EARN.value))
    assert expiry_beyond_lots([moves[0], valid, *moves[1:]], tz=UTC) == {
        "second": [(ends + timedelta(days=365), 60)]}
    # one expiry run alone never takes more than the lots past their date
    assert expiry_beyond_lots(moves[:2], tz=UTC) == {}
