"""The engine uses a free-item voucher on its item only: one of it, at most its value; with no such item in the
basket it refuses, naming the item; before, it took the voucher's value off whatever was bought."""

from __future__ import annotations

import pytest

from kiosk.domain.errors import RuleViolation
from kiosk.domain.money import Money
from kiosk.domain.programs.config import Item, ProgramConfig
from kiosk.domain.programs.engine import CartLine, Redemptions, VoucherUse, quote_sale
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
