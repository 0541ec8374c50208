"""The engine uses a free-item voucher on its item only: one of it, at most its value; with no such item in the
basket it refuses, naming the item; before, it took the voucher's value off whatever was bought. Nor do two
free-item rewards of any kind (vouchers, a card's free item, points rewards, offers) make one unit free twice."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.domain.errors import RuleViolation
from kiosk.domain.money import Money
from kiosk.domain.programs.config import Item, PointsRules, ProgramConfig, Reward, StampCard
from kiosk.domain.programs.engine import CartLine, MemberState, OfferUse, Redemptions, VoucherUse, quote_sale
from kiosk.domain.text import Localized

CONFIG = ProgramConfig(items=(Item("LATTE", "Latte", Money(6500), "ลาเต้"),))
LATTE = CartLine("Latte", Money(6500), 2, "LATTE")
ESPRESSO = CartLine("Espresso", Money(5000), 1, "ESPRESSO")
FREE_LATTE = VoucherUse("v1", "Free latte", Money(6500), "LATTE", Localized("Free latte", "ลาเต้ฟรี"))


@pytest.mark.parametrize(("voucher", "item"), [
    (FREE_LATTE, Localized("Latte", "ลาเต้")),  # its item named from the menu, in both languages
    (VoucherUse("v2", "Free scone", Money(0), "SCONE"), Localized("SCONE")),  # an item gone from the menu: its SKU
])
def test_a_free_item_voucher_without_its_item_in_the_basket_is_refused(voucher: VoucherUse, item: Localized) -> None:
    with pytest.raises(RuleViolation) as caught:
        quote_sale(CONFIG, (ESPRESSO,), None, Redemptions(vouchers=(voucher,)))
    assert caught.value.code == "program.voucher_item_missing"
    assert caught.value.params["item"] == item
    assert caught.value.params["reward"] == (voucher.name or Localized(voucher.label))


def test_a_free_item_voucher_takes_one_of_its_item_off_and_no_more_than_its_value() -> None:
    quote = quote_sale(CONFIG, (ESPRESSO, LATTE), None, Redemptions(vouchers=(FREE_LATTE,)))
    assert [d.amount for d in quote.discounts] == [Money(6500)] and quote.amount_due == Money(11500)
    capped = VoucherUse("v3", "Latte up to ฿50", Money(5000), "LATTE")
    assert quote_sale(CONFIG, (LATTE,), None, Redemptions(vouchers=(capped,))).discounts[0].amount == Money(5000)
    # a money-off voucher needs no item: it still comes off any basket
    off50 = VoucherUse("v4", "50 baht off", Money(5000))
    assert quote_sale(CONFIG, (ESPRESSO,), None, Redemptions(vouchers=(off50,))).amount_due == Money(0)


CARD = StampCard("coffee", "Coffee card", required=9, skus=("LATTE", "MOCHA", "AMERICANO"), reward_name="Free coffee",
                 reward_value=Money(7500))
ONE_UNIT = ProgramConfig(items=CONFIG.items, stamp_cards=(CARD,), points=PointsRules(
    rewards=(Reward("latte", "Free latte", 260, Money(6500), "free_item", "LATTE"),)))
MEMBER = MemberState("m", points=1000, rewards_ready={"coffee": 2})
ONE_LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
CAKE = CartLine("Cake", Money(9500), 1, "CAKE")
LATTE_ON_US = OfferUse("o1", "Latte on us", "LATTE")


@pytest.mark.parametrize(("redemptions", "code"), [
    (Redemptions(vouchers=(FREE_LATTE, replace(FREE_LATTE, voucher_id="v2"))), "program.voucher_item_missing"),
    (Redemptions(stamp_rewards=("coffee",), vouchers=(FREE_LATTE,)), "program.voucher_item_missing"),
    (Redemptions(stamp_rewards=("coffee", "coffee")), "program.reward_not_applicable"),
    (Redemptions(reward_ids=("latte", "latte")), "program.reward_item_missing"),
    (Redemptions(vouchers=(FREE_LATTE,), offers=(LATTE_ON_US,)), "program.offer_not_applicable"),
])
def test_two_free_item_rewards_never_make_one_unit_free_twice(redemptions: Redemptions, code: str) -> None:
    # one latte and a cake: the second reward took a second latte's price off the cake
    with pytest.raises(RuleViolation) as caught:
        quote_sale(ONE_UNIT, (ONE_LATTE, CAKE), MEMBER, redemptions)
    assert caught.value.code == code


def test_each_free_item_reward_takes_a_unit_of_its_own() -> None:
    def off(lines: tuple[CartLine, ...], redemptions: Redemptions) -> list[tuple[str, int]]:
        return [(d.kind, d.amount.minor) for d in quote_sale(ONE_UNIT, lines, MEMBER, redemptions).discounts]

    two_lattes = replace(ONE_LATTE, quantity=2)
    assert off((two_lattes, CAKE), Redemptions(vouchers=(FREE_LATTE,), offers=(LATTE_ON_US,))) == [
        ("voucher", 6500), ("offer", 6500)]
    mocha, americano = CartLine("Mocha", Money(7500), 1, "MOCHA"), CartLine("Americano", Money(5500), 1, "AMERICANO")
    # the card's free coffee (any coffee, the cheapest) leaves the voucher its latte, and takes the mocha
    assert off((ONE_LATTE, mocha), Redemptions(stamp_rewards=("coffee",), vouchers=(FREE_LATTE,))) == [
        ("stamp_reward", 7500), ("voucher", 6500)]
    assert off((ONE_LATTE, americano), Redemptions(stamp_rewards=("coffee", "coffee"))) == [
        ("stamp_reward", 5500), ("stamp_reward", 6500)]  # was 5500 twice: the one americano free twice
    assert off((ONE_LATTE, americano), Redemptions(stamp_rewards=("coffee",), reward_ids=("latte",))) == [
        ("stamp_reward", 5500), ("reward", 6500)]
