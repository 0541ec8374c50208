"""Personal offers across a shop's devices, through the real PostgreSQL hub: who was shown which offer and
whether they used it travels with the sync (member_offers, keyed by offer and member), so a counter that has
synced refuses an offer used at another; one used on two counters while apart is a conflict the manager sees,
and `kiosk verify` still calls every ledger sound."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.cli.hub import conflict_text
from kiosk.domain.commands import RecordSale, RefundSale
from kiosk.domain.errors import Conflict
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.ui.manager.hub_panel import HubPanel
from tests.integration.test_hub import converge
from tests.support.hub import Device, HubDatabase, ShopTemplate, hub_problems

pytestmark = pytest.mark.postgres

MEMBER = "0811111111"  # the template shop's member
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
CROISSANT = CartLine("Butter croissant", Money(7000), 1, "CROISSANT")
OFFERS = """

[[offers]]
id = "free-croissant"
name = "A free croissant with any coffee"
name_th = "ครัวซองต์ฟรีเมื่อสั่งกาแฟ"
kind = "free_item"
sku = "CROISSANT"
requires = ["coffee"]
valid_days = 7

[[offers]]
id = "hundred"
name = "+100 points on your next visit"
kind = "bonus_points"
points = 100
valid_days = 7
"""


@pytest.fixture
def shop(shop_template: ShopTemplate, tmp_path: Path) -> Iterator[list[Device]]:
    """The template shop, every device with the same two offers for everyone."""
    with shop_template.copied(tmp_path) as made:
        for device in made:
            config = device.data_dir / "config.toml"
            config.write_text((config.read_text(encoding="utf-8") if config.exists() else "") + OFFERS,
                              encoding="utf-8")
        yield made


def sell(device: Device, *lines: CartLine, offers: tuple[str, ...]) -> str:
    return device.app.services.checkout.record_sale(RecordSale(
        command_id=f"{device.data_dir.name}-{'-'.join(offers)}", lines=lines, member_code=MEMBER,
        offer_ids=offers)).receipt_no


def offer_rows(device: Device) -> list[tuple[str, bool]]:
    with device.app.engine.connect() as conn:
        o = t.member_offers
        return sorted((r.offer_id, r.used_at is not None)
                      for r in conn.execute(select(o.c.offer_id, o.c.used_at)))


def test_an_offer_used_at_one_counter_is_used_at_the_other_once_synced(shop: list[Device],
                                                                       shop_template: ShopTemplate) -> None:
    c1, c2, _ = shop
    assert [o.offer_id for o in c1.app.services.offers.show(MEMBER)] == ["free-croissant", "hundred"]
    sell(c1, LATTE, CROISSANT, offers=("free-croissant",))
    converge(c1, c2)
    assert offer_rows(c2) == [("free-croissant", True), ("hundred", False)]
    assert [o.offer_id for o in c2.app.services.offers.show(MEMBER)] == ["hundred"]
    with pytest.raises(Conflict, match="already used"):
        sell(c2, LATTE, CROISSANT, offers=("free-croissant",))
    hub = shop_template.hub
    assert hub.scalar("SELECT count(*) FROM member_offers WHERE used_at IS NOT NULL") == 1


def test_an_offer_used_on_two_counters_apart_is_a_conflict_not_a_broken_ledger(
        shop: list[Device], shop_template: ShopTemplate, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    c1, c2, k = shop
    c1.app.services.offers.show(MEMBER)
    converge(c1, c2)  # both counters know the offers, then lose the hub
    first = sell(c1, LATTE, offers=("hundred",))
    second = sell(c2, LATTE, CROISSANT, offers=("hundred", "free-croissant"))
    third = sell(c1, LATTE, CROISSANT, offers=("free-croissant",))
    converge(c1, c2, k)
    hub: HubDatabase = shop_template.hub
    for device in shop:
        found = {c.detail["offer_id"]: c for c in device.app.services.hub.conflicts() if c.kind == "offer_twice"}
        assert sorted(found) == ["free-croissant", "hundred"]
        assert sorted(found["hundred"].receipts) == sorted([first, second])
        assert sorted(found["free-croissant"].receipts) == sorted([second, third])
        assert device.problems() == ()  # each counter gave it once: the hub's conflict, not a broken ledger
    assert hub_problems(hub) == ()
    words = conflict_text(found["hundred"])  # no programs to read names from: by its id
    assert "used the offer “hundred” 2 times" in words and first in words and second in words
    # `kiosk hub conflicts` names each offer as the Devices page does, in the reader's language
    monkeypatch.setenv("KIOSK_NOW", c1.clock.now().isoformat())
    c1.close()
    capsys.readouterr()
    listed: dict[str, str] = {}
    for lang in ("en", "th"):
        assert main(["--data-dir", str(c1.data_dir), "--language", lang, "hub", "conflicts"]) == 0
        listed[lang] = capsys.readouterr().out
    assert "used the offer “+100 points on your next visit” 2 times" in listed["en"]
    assert "used the offer “A free croissant with any coffee” 2 times" in listed["en"]
    assert "ใช้ข้อเสนอ “ครัวซองต์ฟรีเมื่อสั่งกาแฟ” 2 ครั้ง" in listed["th"]
    assert "ใช้ข้อเสนอ “+100 points on your next visit” 2 ครั้ง" in listed["th"]  # no Thai name: its English one
    row = HubPanel.conflict_row(found["hundred"], device.app.services.ctx.programs)
    assert row[0] == "Offer used twice" and row[2] == "1 extra · +100 points on your next visit"  # by its name
    # A whole refund of the sale that used both on Counter 2 ends both conflicts; neither offer is the member's a
    # third time, since Counter 1's sales still used them.
    refund = c2.app.services.refunds.refund(RefundSale(command_id="r", receipt_no=second, approved_by=c2.owner()))
    assert (refund.offers_returned, refund.offers_expired) == (0, 0)
    converge(c2, c1, k)
    for device in shop:
        assert [c for c in device.app.services.hub.conflicts() if c.kind == "offer_twice"] == []
        assert offer_rows(device) == [("free-croissant", True), ("hundred", True)]
        assert device.app.services.offers.show(MEMBER) == []
        assert device.problems() == ()
