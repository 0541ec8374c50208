"""A money-off voucher or points reward worth more than what is left to pay is refused in one line, unless the
cashier says to use it anyway (the counter warns first; the CLI's --allow-value-lost): it was used up whole with
no warning (200 points, worth ฿50, for ฿10 off; a second ฿50 voucher spent for ฿20 on a ฿70 croissant)."""

from __future__ import annotations

import pytest

from kiosk.domain.commands import AdjustPoints, IssueVoucher, RecordSale
from kiosk.domain.errors import RuleViolation
from kiosk.domain.events import Localized, ValueLost
from kiosk.domain.ids import new_id
from kiosk.l10n.catalogue import say
from tests.unit.fakes import cafe_programs, enroll, line, make_shop, money, sell


def test_a_points_reward_worth_more_than_the_bill_is_refused_unless_told() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="seed", member_code=m.member_code, points=300, reason="seed",
                                        approved_by=shop.manager_id))
    before = shop.points(m.member_id)
    with pytest.raises(RuleViolation) as caught:
        sell(shop, line(price="10"), member=m.member_code, reward_ids=("off50",))
    assert caught.value.code == "program.worth_more_than_left"
    assert say(caught.value, "en") == ("“50 baht off” is worth ฿50.00, more than the ฿10.00 left to pay: keep it "
                                       "for a bigger bill.")
    assert say(caught.value, "th").startswith("“50 baht off” มีมูลค่า ฿50.00 มากกว่ายอดที่เหลือต้องชำระ ฿10.00")
    assert shop.points(m.member_id) == before and not shop.state.sales  # nothing written

    # the counter's bill prices it, saying what goes, once the cashier is to be asked
    command = RecordSale(command_id="p", lines=(line(price="10"),), member_code=m.member_code,
                         reward_ids=("off50",), allow_value_lost=True)
    preview = shop.checkout.preview(command)
    assert preview.quote.value_lost == (ValueLost(Localized("50 baht off", "50 baht off"), money("50"), money("10"),
                                                  money("40")),)
    # a reward worth what is left (or less) is taken as ever, and says nothing is lost
    whole = shop.checkout.preview(RecordSale(command_id="q", lines=(line(price="50"),), member_code=m.member_code,
                                             reward_ids=("off50",)))
    assert whole.quote.value_lost == () and whole.quote.amount_due == money("0")
    sale = sell(shop, line(price="10"), member=m.member_code, reward_ids=("off50",), allow_value_lost=True)
    assert sale.amount_due == money("0") and sale.points_spent == 200


def test_a_second_voucher_on_a_croissant_is_refused_not_spent_for_twenty_baht() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="seed", member_code=m.member_code, points=400, reason="seed",
                                        approved_by=shop.manager_id))
    codes = tuple(shop.redemption.issue_voucher(IssueVoucher(command_id=new_id(), member_code=m.member_code,
                                                             reward_id="off50")).voucher_code for _ in range(2))
    croissant = line(price="70", name="Croissant")
    with pytest.raises(RuleViolation) as caught:
        sell(shop, croissant, voucher_codes=codes)
    assert caught.value.code == "program.worth_more_than_left" and caught.value.params["left"] == money("20")
    assert all(v.redeemed_at is None for v in shop.state.vouchers.values())
    one = sell(shop, croissant, voucher_codes=codes[:1])  # one is worth less than the bill: taken, no question
    assert one.amount_due == money("20")
