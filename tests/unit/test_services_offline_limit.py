"""A device of a shop with a hub, out of touch with it: a member may spend only so much here meanwhile, since the
same points could be spent on another device at the same time (issue 14). Checked on the fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk.domain.commands import AdjustPoints, DonatePoints, IssueVoucher, RecordSale
from kiosk.domain.errors import Conflict
from kiosk.domain.programs.engine import CartLine
from kiosk.services.checkout import CheckoutService
from kiosk.services.common import HUB_CONTACT_KEY
from kiosk.services.context import HubPolicy
from kiosk.services.redemption import RedemptionService
from tests.unit.fakes import cafe_programs, enroll, make_shop, money

LATTE = CartLine("Latte", money("65"), 2, "LATTE")


def offline_shop(limit: str | None = "100", *, contact_minutes_ago: float | None = 45) -> tuple:
    shop = make_shop(cafe_programs())
    ctx = replace(shop.ctx, hub=HubPolicy(offline_after_minutes=30,
                                          offline_spend_limit=money(limit) if limit else None))
    member = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="seed", member_code=member.member_code, points=1000,
                                        reason="seed", approved_by=shop.manager_id))
    if contact_minutes_ago is not None:
        with shop.store() as uow:
            uow.kv.set(HUB_CONTACT_KEY, (shop.clock.now() - timedelta(minutes=contact_minutes_ago)).isoformat())
            uow.commit()
    return shop, CheckoutService(shop.store, shop.clock, ctx), RedemptionService(shop.store, shop.clock, ctx), member


def test_offline_a_member_spends_up_to_the_limit_on_this_device_and_no_more() -> None:
    shop, checkout, redemption, member = offline_shop("100")  # 400 points at 0.25 = 100 baht
    checkout.record_sale(RecordSale(command_id="a", lines=(LATTE,), member_code=member.member_code,
                                    points_to_spend=240))  # 60 baht
    points_before = shop.points(member.member_id)
    with pytest.raises(Conflict) as refused:
        checkout.record_sale(RecordSale(command_id="b", lines=(LATTE,), member_code=member.member_code,
                                        points_to_spend=200))  # 50 more: 110 > 100
    assert refused.value.code == "member.offline_spend_limit" and "40.00" in refused.value.message
    assert shop.points(member.member_id) == points_before  # nothing changed
    with pytest.raises(Conflict):
        redemption.issue_voucher(IssueVoucher(command_id="v", member_code=member.member_code, reward_id="off50"))
    checkout.record_sale(RecordSale(command_id="c", lines=(LATTE,), member_code=member.member_code,
                                    points_to_spend=160))  # exactly the 40 left
    checkout.record_sale(RecordSale(command_id="d", lines=(LATTE,), member_code=member.member_code))  # earning: fine


def test_in_touch_with_the_hub_or_without_a_limit_nothing_is_held_back() -> None:
    for limit, ago in (("100", 5.0), (None, 600.0)):
        shop, checkout, redemption, member = offline_shop(limit, contact_minutes_ago=ago)
        checkout.record_sale(RecordSale(command_id="a", lines=(LATTE,), member_code=member.member_code,
                                        points_to_spend=500))
        redemption.donate(DonatePoints(command_id="d", member_code=member.member_code, cause_id="dogs", points=400))


def test_a_device_that_never_reached_the_hub_counts_as_offline() -> None:
    shop, checkout, _, member = offline_shop("10", contact_minutes_ago=None)
    with pytest.raises(Conflict):
        checkout.record_sale(RecordSale(command_id="a", lines=(LATTE,), member_code=member.member_code,
                                        points_to_spend=200))
