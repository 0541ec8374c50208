"""A reward the customer gives up to use (a voucher, a full card's free item) is refused when it would take nothing
off the bill, and the sale changes nothing: it was used up for ฿0 (real SQLite, the real services)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.adapters.db import tables as t
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain import tokens
from kiosk.domain.commands import AdjustPoints, IssueVoucher, RecordSale
from kiosk.domain.errors import RuleViolation
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.l10n.catalogue import say
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import T0, count, enroll
from tests.unit.fakes import cached_pin_hash

ESPRESSO = CartLine("Espresso", Money(5000), 1, "ESPRESSO")
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[Wiring]:
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:  # the default shop: off50, latte, coffee card
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
        yield app


def voucher(app: Wiring, code: str, reward_id: str, n: int) -> str:
    app.services.redemption.adjust(AdjustPoints(command_id=f"give-{n}", member_code=code, points=300,
                                                reason="test", approved_by="manager"))
    return app.services.redemption.issue_voucher(IssueVoucher(command_id=f"v{n}", member_code=code,
                                                              reward_id=reward_id, print_voucher=False)).voucher_code


def unused(app: Wiring, *codes: str) -> bool:
    with app.uow_factory(readonly=True) as uow:
        found = [uow.vouchers.by_code(tokens.normalize(c)) for c in codes]
    return all(v is not None and v.redeemed_at is None for v in found)


def test_a_second_voucher_with_nothing_left_to_pay_is_refused_and_neither_is_used(app: Wiring) -> None:
    code = enroll(app)
    first, second = voucher(app, code, "off50", 1), voucher(app, code, "off50", 2)
    sales = count(app, t.sales)
    with pytest.raises(RuleViolation) as caught:  # was: "Voucher … -฿0.00", both marked used
        app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(ESPRESSO,),
                                                     voucher_codes=(first, second)))
    assert caught.value.code == "program.voucher_nothing_to_discount"
    assert say(caught.value, "en") == "Nothing is left to pay for the voucher “50 baht off”: keep it for another time."
    assert say(caught.value, "th") == "ไม่เหลือยอดให้ใช้คูปอง “ส่วนลด 50 บาท” แล้ว เก็บคูปองไว้ใช้ครั้งหน้า"
    assert count(app, t.sales) == sales and unused(app, first, second)
    with pytest.raises(RuleViolation):  # the preview (the counter prices the basket with it) says the same
        app.services.checkout.preview(RecordSale(command_id="p", lines=(ESPRESSO,), voucher_codes=(first, second)))
    sale = app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(ESPRESSO,), voucher_codes=(first,)))
    assert [d.amount for d in sale.discounts] == [Money(5000)] and unused(app, second)


def test_a_free_item_voucher_on_an_item_a_stamp_reward_made_free_is_refused(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    for day in range(4):  # 20 coffee stamps (5 a day at most): two free coffees ready
        app.services.checkout.record_sale(RecordSale(command_id=f"buy{day}", member_code=code,
                                                     lines=(CartLine("Americano", Money(5500), 5, "AMERICANO"),)))
        clock.advance(days=1)
    assert app.services.accounts.account(code).stamp_cards[0].rewards_ready == 2
    latte = voucher(app, code, "latte", 1)
    with pytest.raises(RuleViolation) as caught:
        app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(LATTE,), member_code=code,
                                                     stamp_rewards=("coffee",), voucher_codes=(latte,)))
    assert caught.value.code == "program.voucher_nothing_to_discount"
    assert say(caught.value, "th") == "ไม่เหลือยอดให้ใช้คูปอง “ลาเต้ฟรี” แล้ว เก็บคูปองไว้ใช้ครั้งหน้า"
    assert unused(app, latte) and app.services.accounts.account(code).stamp_cards[0].rewards_ready == 2
    # nor is a second free coffee used on the one latte the first made free
    with pytest.raises(RuleViolation) as again:
        app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(LATTE,), member_code=code,
                                                     stamp_rewards=("coffee", "coffee")))
    assert again.value.code == "program.nothing_to_discount"
    assert say(again.value, "en") == "Nothing is left to pay for “Free coffee”."
    assert app.services.accounts.account(code).stamp_cards[0].rewards_ready == 2
    assert app.services.verify.run().ok
