"""Stamps given on tills apart meet through the real PostgreSQL hub: a card holding its size or more is completed
once across the chain (by the installation that enrolled the member), every device shows it completed as soon
as it holds the stamps, and a free item used before that completion arrives is completed where it is used."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.adapters.db import tables as t
from kiosk.domain.commands import RecordSale
from kiosk.domain.ledger import EntryKind
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from tests.integration.test_hub import converge
from tests.support.hub import (
    Device,
    ShopTemplate,
    hub_problems,
    hub_shop,  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop)
    hub_view,
)

pytestmark = pytest.mark.postgres

MEMBER = "0811111111"  # the template shop's member, enrolled on Counter 1


def card(device: Device) -> tuple[int, int]:
    """(stamps on the coffee card, free coffees ready) as the member's account shows them on `device`."""
    status = next(c for c in device.app.services.accounts.account(MEMBER).stamp_cards if c.card_id == "coffee")
    return status.stamps, status.rewards_ready


def completions(device: Device) -> int:
    with device.app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.ledger_entries).where(
            t.ledger_entries.c.kind == EntryKind.STAMP_CARD_COMPLETED.value)).scalar_one())


def test_stamps_from_three_tills_apart_complete_the_card_once(shop: list[Device],
                                                              shop_template: ShopTemplate) -> None:
    c1, c2, k = shop
    c1.sell(MEMBER, quantity=5)  # 5 + 4 + 2 = 11 stamps on a card of 9, each till seeing only its own
    c2.sell(MEMBER, quantity=4)
    k.sell(MEMBER, quantity=2)
    assert [card(d) for d in shop] == [(5, 0), (4, 0), (2, 0)]
    c1.sync()
    c2.sync()  # holds 9 (its 4 and Counter 1's 5): full, shown completed though it does not write it
    assert card(c2) == (0, 1)
    k.sync()  # holds all 11
    assert card(k) == (2, 1)
    assert completions(c2) == completions(k) == 0  # neither enrolled the member: Counter 1 completes it
    converge(c1, c2, k)
    for device in shop:
        assert card(device) == (2, 1), device.data_dir.name
        assert completions(device) == 1, device.data_dir.name
        assert device.problems() == ()
        summary = device.app.services.reports.daily(device.clock.now().date())
        assert summary.cards_completed == 1
    views = [d.ledger() for d in shop]
    assert views[0] == views[1] == views[2] == hub_view(shop_template.hub)
    assert hub_problems(shop_template.hub) == ()
    # the free coffee is used on the kiosk; nothing is completed twice after it
    used = k.app.services.checkout.record_sale(RecordSale(
        command_id="use-free", lines=(CartLine("Latte", Money(6500), 1, "LATTE"),), member_code=MEMBER,
        stamp_rewards=("coffee",)))
    assert used.receipt_no
    converge(c1, c2, k)
    assert [card(d) for d in shop] == [(2, 0)] * 3
    assert all(completions(d) == 1 for d in shop)


def test_a_free_item_used_before_its_completion_arrives_is_completed_where_it_is_used(
        shop: list[Device], shop_template: ShopTemplate) -> None:
    c1, c2, k = shop
    c1.sell(MEMBER, quantity=5)
    c2.sell(MEMBER, quantity=4)
    c1.sync()
    c2.sync()  # Counter 2 shows the card completed; Counter 1, which writes it, has not pulled yet
    c2.app.services.checkout.record_sale(RecordSale(
        command_id="use-early", lines=(CartLine("Latte", Money(6500), 1, "LATTE"),), member_code=MEMBER,
        stamp_rewards=("coffee",)))
    assert card(c2) == (0, 0) and completions(c2) == 1
    converge(c2, c1, k)
    for device in shop:
        assert card(device) == (0, 0), device.data_dir.name
        assert completions(device) == 1, device.data_dir.name
        assert device.problems() == ()
        assert not device.app.services.hub.conflicts()
