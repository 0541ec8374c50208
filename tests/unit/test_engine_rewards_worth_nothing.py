"""The engine refuses a reward the customer gives up (a full card's free item, a voucher, a personal offer) when
it would take nothing off the bill; before, it priced it at 0 and the sale used it up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.domain.errors import RuleViolation
from kiosk.domain.money import Money
from kiosk.domain.programs.config import PointsRules, ProgramConfig, Reward, StampCard
from kiosk.domain.programs.engine import CartLine, MemberState, OfferUse, Redemptions, VoucherUse, quote_sale
from kiosk.domain.text import Localized

CARD = StampCard("coffee", "Coffee card", required=9, skus=("LATTE",), reward_name="Free coffee",
                 reward_name_th="กาแฟฟรี")
CONFIG = ProgramConfig(stamp_cards=(CARD,))
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
MEMBER = MemberState("m", rewards_ready={"coffee": 2})
OFF50 = VoucherUse("v1", "50 baht off", Money(5000), name=Localized("50 baht off", "ส่วนลด 50 บาท"))
FREE_LATTE = VoucherUse("v2", "Free latte", Money(0), "LATTE")


@pytest.mark.parametrize(("redemptions", "code", "name"), [
    (Redemptions(vouchers=(OFF50, VoucherUse("v3", "50 baht off", Money(5000)))),
     "program.voucher_nothing_to_discount", "50 baht off"),
    (Redemptions(stamp_rewards=("coffee",), vouchers=(FREE_LATTE,)), "program.voucher_nothing_to_discount",
     "Free latte"),
    (Redemptions(stamp_rewards=("coffee", "coffee")), "program.nothing_to_discount", "Free coffee"),
    (Redemptions(vouchers=(FREE_LATTE,), offers=(OfferUse("o1", "Latte on us", "LATTE"),)),
     "program.nothing_to_discount", "Latte on us"),
])
def test_a_reward_with_nothing_left_to_pay_is_refused(redemptions: Redemptions, code: str, name: str) -> None:
    lines = (LATTE,) if not redemptions.vouchers or redemptions.vouchers[0] is not OFF50 else (
        CartLine("Espresso", Money(5000), 1, "ESPRESSO"),)
    with pytest.raises(RuleViolation) as caught:
        quote_sale(CONFIG, lines, MEMBER, redemptions)
    assert caught.value.code == code and str(caught.value.params["reward"]) == name


def test_a_reward_that_takes_something_off_is_still_taken() -> None:
    quote = quote_sale(CONFIG, (LATTE, LATTE), MEMBER, Redemptions(stamp_rewards=("coffee",), vouchers=(FREE_LATTE,)))
    assert [d.amount for d in quote.discounts] == [Money(6500), Money(6500)] and quote.amount_due == Money(0)
    cake = (CartLine("Cake", Money(3000), 1, "CAKE"),)
    with pytest.raises(RuleViolation) as caught:  # worth more than the bill: refused unless told (value_lost.py)
        quote_sale(CONFIG, cake, None, Redemptions(vouchers=(OFF50,)))
    assert caught.value.code == "program.worth_more_than_left"
    partial = quote_sale(CONFIG, cake, None, Redemptions(vouchers=(OFF50,), allow_value_lost=True))
    assert [d.amount for d in partial.discounts] == [Money(3000)]  # told to: takes what is left


FREE_LATTE_REWARD = Reward("latte", "Free latte", 150, Money(6500), kind="free_item", sku="LATTE")


@pytest.mark.parametrize("redemptions", [
    Redemptions(vouchers=(OFF50, FREE_LATTE)),  # ฿50 off first leaves ฿15 of the latte: the free latte is worth ฿65
    Redemptions(vouchers=(OFF50,), reward_ids=("latte",)),
])
def test_a_free_item_an_earlier_discount_made_cheaper_is_refused_unless_told(redemptions: Redemptions) -> None:
    """A free item whose item was already part paid by a discount before it is worth more than what is left: as
    money off is, it is refused unless told; told, the quote says what goes. It was taken without a word."""
    config = ProgramConfig(stamp_cards=(CARD,), points=PointsRules(rewards=(FREE_LATTE_REWARD,)))
    member = MemberState("m", points=500)
    with pytest.raises(RuleViolation) as caught:
        quote_sale(config, (LATTE,), member, redemptions)
    assert caught.value.code == "program.worth_more_than_left"
    assert (str(caught.value.params["reward"]), caught.value.params["value"], caught.value.params["left"]) == (
        "Free latte", Money(6500), Money(1500))
    told = quote_sale(config, (LATTE,), member, replace(redemptions, allow_value_lost=True))
    assert told.amount_due == Money(0)
    assert [(str(v.reward), v.value, v.left, v.lost) for v in told.value_lost] == [
        ("Free latte", Money(6500), Money(1500), Money(5000))]
    # the latte's whole price left to pay: taken, no question
    whole = quote_sale(config, (LATTE, LATTE), member, redemptions)
    assert whole.value_lost == () and whole.amount_due == Money(1500)
