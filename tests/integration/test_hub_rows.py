"""Rows edited in place (staff, a voucher's redemption, members, cards, tiers) changed on two devices while apart:
the last one sent wins, on every device and on the hub alike, however the rounds fall; a change not yet sent
when another device's arrives is kept and sent next, and wins in turn."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from kiosk.domain.commands import IssueVoucher
from kiosk.services.hub import HubReport
from tests.integration.test_hub import give_points
from tests.support.hub import (
    Device,
    HubDatabase,
    ShopTemplate,
    hub_problems,
    hub_shop,  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop)
    later,
)
from tests.support.staff import add_staff

pytestmark = pytest.mark.postgres

MEMBER = "0811111111"  # the template shop's member


def staff_row(device: Device, name: str) -> tuple[Any, ...]:
    with device.app.engine.connect() as conn:
        row = conn.execute(text("SELECT id, pin_hash, active FROM staff WHERE name = :n"), {"n": name}).one()
    return (row.id, row.pin_hash, bool(row.active))


def hub_staff_row(hub: HubDatabase, name: str) -> tuple[Any, ...]:
    with hub.engine.connect() as conn:
        row = conn.execute(text("SELECT id, pin_hash, active FROM staff WHERE name = :n"), {"n": name}).one()
    return (row.id, row.pin_hash, bool(row.active))


def cashier(shop: list[Device]) -> str:
    c1, c2, k = shop
    staff_id = add_staff(c1.app.services.staff, ("Cash", "cashier", "1111"))[0].id
    for device in (c1, c2, k):
        device.sync()
    return staff_id


def test_a_staff_row_changed_on_two_tills_apart_ends_the_same_everywhere(shop: list[Device],
                                                                          shop_template: ShopTemplate) -> None:
    """The black-box case: PIN reset on both tills offline, then T1, T2, T1, T2. T2 sent last: its PIN everywhere
    (before, T2 took T1's older row when it pulled, over its own newer one, and kept it for good)."""
    c1, c2, k = shop
    staff_id = cashier(shop)
    c1.app.services.staff.reset_pin(staff_id, "5151", by=c1.owner())
    c2.app.services.staff.reset_pin(staff_id, "6161", by=c2.owner())
    for device in (c1, c2, c1, c2, k):
        device.sync()
    on_hub = hub_staff_row(shop_template.hub, "Cash")
    assert staff_row(c1, "Cash") == staff_row(c2, "Cash") == staff_row(k, "Cash") == on_hub
    assert c1.app.services.staff.sign_in(staff_id, "6161").name == "Cash"
    assert c2.app.services.staff.sign_in(staff_id, "6161").name == "Cash"


def test_a_staff_member_disabled_on_one_till_and_reset_on_the_other_ends_the_same_everywhere(
        shop: list[Device], shop_template: ShopTemplate) -> None:
    c1, c2, k = shop
    staff_id = cashier(shop)
    c2.app.services.staff.reset_pin(staff_id, "6161", by=c2.owner())
    c1.app.services.staff.set_active(staff_id, False, by=c1.owner())
    for device in (c2, c1, c2, c1, k):
        device.sync()
    on_hub = hub_staff_row(shop_template.hub, "Cash")
    assert on_hub[2] is False  # c1 sent last: its whole row
    assert staff_row(c1, "Cash") == staff_row(c2, "Cash") == staff_row(k, "Cash") == on_hub


def voucher_row(engine: Any, voucher_id: str) -> tuple[Any, ...]:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT redeemed_sale_id, redeemed_device FROM vouchers WHERE id = :v"),
                           {"v": voucher_id}).one()
    return tuple(row)


def test_a_voucher_redeemed_on_two_tills_apart_holds_the_last_sent_redemption_everywhere(
        shop: list[Device], shop_template: ShopTemplate) -> None:
    c1, c2, k = shop
    give_points(c1, MEMBER, 300)
    voucher = c1.app.services.redemption.issue_voucher(IssueVoucher(
        command_id="v1", member_code=MEMBER, reward_id="off50", print_voucher=False))
    for device in (c1, c2, k):
        device.sync()
    c1.sell(None, quantity=2, vouchers=(voucher.voucher_code,))
    second = c2.sell(None, quantity=2, vouchers=(voucher.voucher_code,))
    for device in (c1, c2, c1, c2, k):
        device.sync()
    on_hub = voucher_row(shop_template.hub.engine, voucher.voucher_id)
    assert on_hub[0] == second.sale_id  # c2 sent its redemption last
    assert voucher_row(c1.app.engine, voucher.voucher_id) == voucher_row(c2.app.engine, voucher.voucher_id) \
        == voucher_row(k.app.engine, voucher.voucher_id) == on_hub
    assert all([c for c in d.app.services.hub.conflicts() if c.kind == "voucher_twice"] for d in shop)
    assert all(rows_verified(d, shop_template.hub) == [] for d in shop)


def test_a_change_made_between_push_and_pull_is_kept_and_sent_next(shop: list[Device],
                                                                   shop_template: ShopTemplate) -> None:
    """c2 sent its row, then changed it again before pulling c1's older one: neither c1's row nor its own first
    one may take the place of the unsent change, which goes to the hub next and wins everywhere."""
    c1, c2, k = shop
    staff_id = cashier(shop)
    c1.app.services.staff.reset_pin(staff_id, "5151", by=c1.owner())
    c2.app.services.staff.reset_pin(staff_id, "6161", by=c2.owner())
    c1.sync()
    hub = c2.app.services.hub
    state = hub.store.state()
    remote = hub.remote()
    hub.store.build_journal(state.install_id or "", None)
    hub._push(remote, HubReport())  # noqa: SLF001 - the round cut after its push, to change the row before its pull
    c2.app.services.staff.reset_pin(staff_id, "7171", by=c2.owner())
    unsent = staff_row(c2, "Cash")
    hub._pull(remote, HubReport(), state, None)  # noqa: SLF001
    assert staff_row(c2, "Cash") == unsent
    for device in (c2, c1, k, c2):
        device.sync()
    assert staff_row(c1, "Cash") == staff_row(c2, "Cash") == staff_row(k, "Cash") == unsent \
        == hub_staff_row(shop_template.hub, "Cash")
    assert c1.app.services.staff.sign_in(staff_id, "7171").name == "Cash"


def test_member_rows_changed_apart_end_the_same_everywhere(shop: list[Device], shop_template: ShopTemplate) -> None:
    """A member's card reissued on both tills apart (the old card revoked at a different moment on each), in the
    order that used to leave the later sender with the other's row: member_cards as staff, and no row apart."""
    from kiosk.adapters.db import tables as t

    c1, c2, k = shop
    c1.app.services.enrollment.reissue_card(MEMBER, staff_id=c1.owner(), print_card=False)
    later(c2.clock, minutes=5)  # the old card's revocation differs from c1's
    c2.app.services.enrollment.reissue_card(MEMBER, staff_id=c2.owner(), print_card=False)
    for device in (c1, c2, c1, c2, k):
        device.sync()

    def rows(engine: Any) -> dict[str, Any]:
        with engine.connect() as conn:
            return {name: sorted(tuple(r) for r in conn.execute(select(table)))
                    for name, table in (("cards", t.member_cards), ("tiers", t.member_tiers),
                                        ("members", t.members))}

    on_hub = rows(shop_template.hub.engine)
    for device in shop:
        mine = rows(device.app.engine)
        assert mine["cards"] == on_hub["cards"], device.data_dir.name
        assert mine["tiers"] == on_hub["tiers"], device.data_dir.name
    assert all(d.problems() == () for d in shop) and hub_problems(shop_template.hub) == ()
    assert all(rows_verified(d, shop_template.hub) == [] for d in shop)


def rows_verified(device: Device, hub: HubDatabase) -> list[str]:
    """`kiosk hub verify URL` run on `device`: what it finds about the rows edited in place, in English."""
    from kiosk.bootstrap.hub import verify_hub
    from kiosk.config import load_settings
    from kiosk.l10n.catalogue import format_value

    report = verify_hub(hub.url, device=load_settings(data_dir=device.data_dir))
    return [format_value(p, "en") for p in report.problems if p.code == "verify.hub_row_apart"]


def test_hub_verify_on_a_device_names_a_shared_row_it_holds_otherwise_than_the_hub(
        shop: list[Device], shop_template: ShopTemplate) -> None:
    """Chains and balances cannot show two devices holding different versions of one row; the rows compared can.
    A row still travelling (changed here and not sent, or sent by another and not pulled) is not a difference."""
    c1, c2, k = shop
    hub = shop_template.hub
    staff_id = cashier(shop)
    c1.app.services.staff.reset_pin(staff_id, "5151", by=c1.owner())
    c2.app.services.staff.reset_pin(staff_id, "6161", by=c2.owner())
    for device in (c1, c2, c1, c2):
        device.sync()
    assert rows_verified(c1, hub) == rows_verified(c2, hub) == []
    c2.app.services.staff.reset_pin(staff_id, "7171", by=c2.owner())  # not sent yet
    c1.app.services.staff.set_active(staff_id, False, by=c1.owner())
    c1.sync()  # sent, not yet pulled by c2
    assert rows_verified(c2, hub) == []
    c2.sync()
    c1.sync()
    assert rows_verified(c1, hub) == rows_verified(c2, hub) == []
    # A device that kept another's older row over its own (as one did before hub version 6): named.
    with c2.app.engine.begin() as conn:
        conn.execute(text("UPDATE staff SET pin_hash = 'kept-an-older-row' WHERE id = :s"), {"s": staff_id})
        conn.execute(text("DELETE FROM hub_changes WHERE seq > (SELECT CAST(value AS INTEGER) FROM kv "
                          "WHERE key = 'hub:cursor:changes')"))
    assert rows_verified(c2, hub) == [f"staff row {staff_id} on this device is not the hub's: the devices no "
                                      "longer hold the same row"]
    assert rows_verified(c1, hub) == []


def test_a_tier_raised_on_one_till_and_refunded_on_the_other_is_taken_back_everywhere(
        shop: list[Device], shop_template: ShopTemplate) -> None:
    """The sale that made the member Silver is refunded at the other till: the tier it raised goes with it on every
    device and on the hub (the tier row travels as before, and the tier the sale replaced with the audit log)."""
    from kiosk.adapters.db import tables as t
    from kiosk.domain.commands import RefundSale

    c1, c2, k = shop

    def tier(engine: Any) -> str:
        with engine.connect() as conn:
            return str(conn.execute(select(t.member_tiers.c.tier).where(t.member_tiers.c.member_id == member_id))
                       .scalar_one())

    code = c1.enroll("0819990001", "Tier Test")
    member_id = c1.member_id("0819990001")
    silver = c1.sell(code, quantity=47)  # ฿3,055: Silver
    for device in (c1, c2):
        device.sync()
    assert tier(c2.app.engine) == "Silver"
    later(c2.clock, minutes=5)
    c2.app.services.refunds.refund(RefundSale(command_id="refund-tier", receipt_no=silver.receipt_no,
                                              approved_by=c2.owner()))
    for device in (c2, c1, k):
        device.sync()
    assert [tier(d.app.engine) for d in shop] + [tier(shop_template.hub.engine)] == ["Bronze"] * 4
    assert c1.app.services.accounts.account(code).tier.name == "Bronze"  # type: ignore[union-attr]
    assert all(d.problems() == () for d in shop) and hub_problems(shop_template.hub) == ()
