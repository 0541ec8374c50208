"""What a device says and allows once the hub has left it something to settle or something unfinished, against a
real PostgreSQL hub and real SQLite devices: one phone enrolled on two tills while apart finds both members on
every till until they are merged (never whichever one a till reads first)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.commands import EnrollMember
from kiosk.domain.errors import Conflict, KioskError
from tests.integration.test_cli import kiosk_in_process, refused
from tests.support.hub import (
    Device,
    ShopTemplate,
    hub_shop,  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop)
)

pytestmark = pytest.mark.postgres

PHONE = "089-222-3333"


def enroll(device: Device, name: str, birthday: date) -> str:
    return device.app.services.enrollment.enroll(EnrollMember(
        command_id=f"enrol-{name}", name=name, phone=PHONE, birthday=birthday.isoformat(),
        consent_version="2026-01")).member_code


def refusal(device: Device, text: str) -> KioskError:
    with pytest.raises(KioskError) as caught:
        device.app.services.accounts.account(text)
    return caught.value


@pytest.fixture
def one_phone_twice(shop: list[Device]) -> tuple[list[Device], str, str]:
    """Malee enrolled on Counter 1 and again on Counter 2 while apart, then everything synced."""
    c1, c2, k = shop
    card_a = enroll(c1, "Malee Aroon", date(1990, 3, 4))
    card_b = enroll(c2, "Malee Boonma", date(1991, 5, 6))
    for device in (c1, c2, k, c1, c2):
        device.sync()
    return shop, card_a, card_b


def test_a_phone_on_two_members_finds_both_on_every_device_until_merged(
        one_phone_twice: tuple[list[Device], str, str]) -> None:
    shop, card_a, card_b = one_phone_twice
    c1, c2, k = shop
    ids = {device.data_dir.name: (device.app.services.accounts.account(card_a).member_id,
                                  device.app.services.accounts.account(card_b).member_id) for device in shop}
    first, second = ids["c1"]
    assert set(ids.values()) == {(first, second)}  # a card still finds its exact member, on every device
    listed = set()
    for device in shop:
        said = refusal(device, PHONE)
        assert isinstance(said, Conflict) and said.code == "member.phone_shared"
        listed.add(said.params["member_ids"])
        assert first in said.message and second in said.message and "kiosk hub merge" in said.message
        with pytest.raises(KioskError) as sale:  # a sale by that phone goes to neither
            device.sell(PHONE)
        assert sale.value.code == "member.phone_shared"
    assert listed in ({(first, second)}, {(second, first)})  # the same two, in the same order, everywhere
    # The self-service kiosk asks the customer to see the staff (once the answer is right, as for any phone).
    with pytest.raises(Conflict) as kiosk:
        k.app.services.selfservice.sign_in_with_phone(PHONE, "1990")
    assert kiosk.value.code == "kiosk.phone_shared"
    # Merged by a manager on one device: the phone finds the kept member everywhere.
    c1.app.services.hub.merge(keep=first, merge=second, approved_by=c1.owner())
    for device in (c1, c2, k, c1):
        device.sync()
    for device in shop:
        assert device.app.services.accounts.account(PHONE).member_id == first
    assert k.app.services.selfservice.sign_in_with_phone(PHONE, "1990").member_id == first


def test_the_cli_refuses_an_ambiguous_phone_in_one_line_naming_both(
        one_phone_twice: tuple[list[Device], str, str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shop, card_a, card_b = one_phone_twice
    c2 = shop[1]
    first, second = (c2.app.services.accounts.account(card).member_id for card in (card_a, card_b))
    c2.close()
    for words in (("member", "show", PHONE), ("sale", "--member", PHONE, "--item", "LATTE:1", "--payment", "card",
                                              "--no-receipt")):
        line = refused(kiosk_in_process(c2.data_dir, "--language", "en", *words, capsys=capsys,
                                        monkeypatch=monkeypatch))
        assert line.startswith("kiosk: 2 members have this phone number: Malee ")
        assert "kiosk hub merge KEEP MERGE" in line
        assert f"({first})" in line and f"({second})" in line
    thai = refused(kiosk_in_process(c2.data_dir, "--language", "th", "member", "show", PHONE, capsys=capsys,
                                    monkeypatch=monkeypatch))
    assert "เบอร์นี้เป็นของสมาชิก 2 คน" in thai and first in thai and second in thai
    shown = kiosk_in_process(c2.data_dir, "--language", "en", "member", "show", card_b, capsys=capsys,
                             monkeypatch=monkeypatch)
    assert shown.code == 0 and "Malee B." in shown.out


def test_hub_status_says_the_last_contact_recorded_and_one_count_of_what_waits(
        shop: list[Device], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk hub status` is a process of its own: it reports the last round the database recorded (the sync
    worker's, or `kiosk hub sync`'s), and what this device still has to send is one number on both its lines."""
    c1 = shop[0]
    c1.sync()
    # Written after that round: two manager approvals (two audit records, and the owner's staff row changed
    # twice: one row to send, in its latest form).
    for _ in range(2):
        c1.app.services.staff.authorize("9999", action="report_chain")
    status = c1.app.services.hub.status()
    mine = {d.pending for d in status.devices if d.install_id == status.install_id}
    assert mine == {status.pending}
    waiting = status.pending
    contact = status.last_contact
    assert contact is not None and waiting > 0
    c1.close()
    text = kiosk_in_process(c1.data_dir, "--language", "en", "hub", "status", capsys=capsys,
                            monkeypatch=monkeypatch).out
    assert "not contacted yet" not in text and "— last reached " in text.splitlines()[0]
    assert f"Still to send: {waiting} items" in text
    own = [line for line in text.splitlines() if "Counter 1 [" in line]  # its device lines (not the expiry writer's)
    assert own and all(f", {waiting} still to send," in line for line in own)
    # The next round sends exactly that many items, and then nothing waits on either line.
    report = c1.sync()
    assert report.pushed == waiting
    status = c1.app.services.hub.status()
    assert status.pending == 0 and {d.pending for d in status.devices if d.install_id == status.install_id} == {0}


def test_a_join_cut_short_keeps_selling_says_so_and_spends_nothing_until_its_history_is_in(
        shop: list[Device], shop_template: ShopTemplate, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub went down while a new till took the shop's history: the till sells on what it has, says wherever
    a member's balance is shown that it may be incomplete, and spends no points or credit from it until a round
    has taken the rest."""
    c1 = shop[0]
    member = "0811111111"
    new, joined = half_joined(shop_template, c1, tmp_path, monkeypatch)
    held = c1.points(member)
    assert joined.report.online is False  # as `kiosk hub join` reports it: out of reach, keeps selling
    account = new.app.services.accounts.account(member)
    assert account.history_incomplete and account.points != held
    assert not c1.app.services.accounts.account(member).history_incomplete
    # The hub service says so from the very flag a member's balance reads, through the one function that reads it
    import kiosk.services.hub as hub_service
    from kiosk.services.common import history_incomplete

    asked: list[bool] = []

    def spy(uow: Any, ctx: Any) -> bool:
        asked.append(history_incomplete(uow, ctx))
        return asked[-1]

    monkeypatch.setattr(hub_service, "history_incomplete", spy)
    assert new.app.services.hub.taking_history and asked == [True]
    sale = new.sell(member)  # selling goes on
    assert sale.points_earned > 0
    with pytest.raises(KioskError) as spend:
        new.sell(member, points=100)
    assert spend.value.code == "member.history_incomplete"
    new.close()
    shown = kiosk_in_process(new.data_dir, "--language", "en", "member", "show", member, capsys=capsys,
                             monkeypatch=monkeypatch)
    assert shown.code == 0 and "has not finished taking the shop's history from the hub" in shown.out
    sold = kiosk_in_process(new.data_dir, "--language", "en", "sale", "--member", member, "--item", "LATTE:1",
                            "--payment", "card", "--no-receipt", capsys=capsys, monkeypatch=monkeypatch)
    assert sold.code == 0 and "has not finished taking the shop's history from the hub" in sold.out
    status = kiosk_in_process(new.data_dir, "--language", "en", "hub", "status", capsys=capsys,
                              monkeypatch=monkeypatch)
    assert "not reached yet: the first sync has not finished" in status.out.splitlines()[0]
    # The next round takes the rest: the balance is whole, and spending works.
    new.sync()
    account = new.app.services.accounts.account(member)
    assert not account.history_incomplete and account.points == held + 2 * sale.points_earned
    assert new.sell(member, points=100).points_spent == 100
    assert new.problems() == ()


def half_joined(template: ShopTemplate, c1: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                ) -> tuple[Device, Any]:
    """Counter 4 joins the shop, whose member has a history of several pull batches, and the hub goes down
    before the last batch (as the hub's server stopping then: the next pull finds it out of reach)."""
    import kiosk.services.hub as hub_service
    from kiosk.services.ports.hub import HubUnreachable
    from tests.integration.test_hub import give_points

    member = "0811111111"
    for points in (40, 50, 60, 70):
        give_points(c1, member, points)
    for _ in range(4):
        c1.sell(member)
    c1.sync()
    monkeypatch.setattr(hub_service, "PULL_BATCH", 10)

    def hub_goes_down(pulled: int, total: int) -> None:
        if total - 10 <= pulled < total:  # before the last batch
            raise HubUnreachable("the hub went down")

    new = Device(tmp_path / "c4", c1.clock)
    new.data_dir.mkdir()
    joined = new.join(template.hub.url, name="Counter 4", progress=hub_goes_down)
    return new, joined
