"""Refunds of part of a sale on a real SQLite file: a unit a free-item reward paid for goes back as that reward,
never as money too; money off for the whole basket stays spread; a capped award loses only what the goods
returned would have cost it (black-box defects: a free mocha paid back in cash with its free coffee, a free
latte paid back in cash, a partial refund cutting what the goods kept had earned)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import AdjustPoints, EnrollMember, IssueVoucher, RecordSale, RefundLine, RefundSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.unit.fakes import cached_pin_hash

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # Friday 27 November 2026, 09:00 in Bangkok
SATURDAY = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok


def item(sku: str, price: int, quantity: int = 1) -> CartLine:
    return CartLine(sku.title(), Money(price * 100), quantity, sku)


CONFIG = """
[[offers]]
id = "birthday-pastry"
name = "A free pastry with any coffee"
selector = "birthday_month"
kind = "free_item"
sku = "CROISSANT"
valid_days = 1

[[promotions]]
id = "weekend-pastry"
name = "Weekend pastries: 20 bonus points each"
kind = "bonus_points"
points = 20
per = "item"
skus = ["CAKE", "CROISSANT"]
weekdays = ["sat", "sun"]
cap = 60
"""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[Wiring]:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=NOW)
            uow.commit()
        yield app


def enroll(app: Wiring, phone: str = "0811111111", points: int = 0) -> str:
    code = app.services.enrollment.enroll(EnrollMember(command_id=f"join-{phone}", name="Somchai Jaidee",
                                                       phone=phone, consent_version="2026-01",
                                                       birthday=date(1990, 11, 20))).member_code
    if points:
        app.services.redemption.adjust(AdjustPoints(command_id=f"give-{phone}", member_code=code, points=points,
                                                    reason="test set-up", approved_by="manager"))
    return code


_sales = itertools.count()


def sell(app: Wiring, code: str, *lines: CartLine, **kw: object) -> object:
    kw.setdefault("command_id", f"sale-{next(_sales)}")
    return app.services.checkout.record_sale(RecordSale(lines=lines, member_code=code, payment_method="cash",
                                                        **kw))  # type: ignore[arg-type]


def refund(app: Wiring, receipt_no: str, *lines: RefundLine, command_id: str) -> object:
    return app.services.refunds.refund(RefundSale(command_id=command_id, receipt_no=receipt_no, lines=lines,
                                                  approved_by="manager"))


def balances(app: Wiring, code: str) -> tuple[int, int, Money]:
    """(points, free coffees ready, store credit) as the member's account says them."""
    account = app.services.accounts.account(code)
    ready = sum(card.rewards_ready for card in account.stamp_cards)
    return account.points, ready, account.credit


def stamps(app: Wiring, code: str) -> int:
    return sum(card.stamps for card in app.services.accounts.account(code).stamp_cards)


def test_returning_a_cards_free_item_gives_the_free_item_back_and_no_money(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    sell(app, code, item("AMERICANO", 55, 5))
    clock.advance(days=1)
    sell(app, code, item("AMERICANO", 55, 4))
    points, ready, _ = balances(app, code)
    assert ready == 1
    sale = sell(app, code, item("MOCHA", 75), item("CAKE", 95), stamp_rewards=("coffee",))
    assert sale.amount_due == Money(9500)  # type: ignore[attr-defined]
    assert balances(app, code)[1] == 0
    free = refund(app, sale.receipt_no, RefundLine(0, 1), command_id="r1")  # type: ignore[attr-defined]
    assert free.amount == Money(0) and free.rewards_returned == 1  # type: ignore[attr-defined]
    assert free.points_reversed == 0  # type: ignore[attr-defined]  # the cake earned them, and it is kept
    assert balances(app, code)[1] == 1
    cake = refund(app, sale.receipt_no, RefundLine(1, 1), command_id="r2")  # type: ignore[attr-defined]
    assert cake.amount == Money(9500) and cake.rewards_returned == 0  # type: ignore[attr-defined]
    assert balances(app, code)[:2] == (points, 1)
    assert app.services.verify.run().ok


@pytest.mark.parametrize("kind", ["voucher", "reward", "offer"])
def test_returning_only_a_free_line_gives_its_reward_back_and_no_money(app: Wiring, kind: str) -> None:
    code = enroll(app, points=300)
    if kind == "voucher":
        voucher = app.services.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=code,
                                                                     reward_id="latte"))
        lines, free_line, kw = (item("LATTE", 65), item("CROISSANT", 70)), 0, {
            "voucher_codes": (voucher.voucher_code,)}
    elif kind == "reward":
        lines, free_line, kw = (item("LATTE", 65), item("CROISSANT", 70)), 0, {"reward_ids": ("latte",)}
    else:
        assert [o.offer_id for o in app.services.offers.show(code)] == ["birthday-pastry"]
        lines, free_line, kw = (item("LATTE", 65), item("CROISSANT", 70)), 1, {"offer_ids": ("birthday-pastry",)}
    sale = sell(app, code, *lines, command_id="s", **kw)
    points_after_sale = balances(app, code)[0]
    paid = sale.amount_due  # type: ignore[attr-defined]
    back = refund(app, sale.receipt_no, RefundLine(free_line, 1), command_id="r1")  # type: ignore[attr-defined]
    assert back.amount == Money(0)  # type: ignore[attr-defined]
    assert back.points_reversed == 0  # type: ignore[attr-defined]  # what was paid for still earns them
    if kind == "voucher":
        assert back.vouchers_returned == 1  # type: ignore[attr-defined]
        again = sell(app, code, item("LATTE", 65), command_id="again", voucher_codes=(voucher.voucher_code,))
        assert again.amount_due == Money(0)  # type: ignore[attr-defined]
    elif kind == "reward":
        assert back.points_returned == 260  # type: ignore[attr-defined]
        assert balances(app, code)[0] == points_after_sale + 260
    else:
        assert back.offers_returned == 1  # type: ignore[attr-defined]
        assert [o.offer_id for o in app.services.offers.show(code)] == ["birthday-pastry"]
    rest = refund(app, sale.receipt_no, command_id="r2")  # type: ignore[attr-defined]
    assert rest.amount == paid  # type: ignore[attr-defined]
    assert rest.vouchers_returned == rest.offers_returned == rest.offers_expired == 0  # type: ignore[attr-defined]
    assert rest.points_returned == 0  # type: ignore[attr-defined]  # given back once
    assert app.services.verify.run().ok


def test_money_off_for_the_basket_stays_spread(app: Wiring) -> None:
    code = enroll(app, points=300)
    sale = sell(app, code, item("LATTE", 65), item("CROISSANT", 70), item("CAKE", 95), reward_ids=("off50",))
    assert sale.amount_due == Money(18000)  # type: ignore[attr-defined]
    back = refund(app, sale.receipt_no, RefundLine(0, 1), command_id="r1")  # type: ignore[attr-defined]
    assert back.amount == Money(round(18000 * 65 / 230))  # type: ignore[attr-defined]
    assert back.points_returned == round(200 * 65 / 230)  # type: ignore[attr-defined]


def test_a_partial_refund_keeps_what_a_capped_cashback_the_kept_goods_earn(app: Wiring) -> None:
    code = enroll(app)
    sale = sell(app, code, item("MANGO_RICE", 120, 40))
    assert sale.cashback == Money(5000)  # type: ignore[attr-defined]  # 2 % of ฿4,800 capped at ฿50
    back = refund(app, sale.receipt_no, RefundLine(0, 20), command_id="r1")  # type: ignore[attr-defined]
    assert back.credit_reversed == Money(200)  # type: ignore[attr-defined]  # ฿2,400 kept earns ฿48
    assert balances(app, code)[2] == Money(4800)
    below = refund(app, sale.receipt_no, RefundLine(0, 20), command_id="r2")  # type: ignore[attr-defined]
    assert below.credit_reversed == Money(4800)  # type: ignore[attr-defined]
    assert balances(app, code)[2] == Money(0)
    assert app.services.verify.run().ok


def test_cashback_below_its_minimum_spend_after_a_partial_refund_goes_back(app: Wiring) -> None:
    code = enroll(app)
    sale = sell(app, code, item("CAKE", 95), item("LATTE", 65))  # ฿160: ฿3.20 cashback, the minimum is ฿100
    assert sale.cashback == Money(320)  # type: ignore[attr-defined]
    back = refund(app, sale.receipt_no, RefundLine(0, 1), command_id="r1")  # type: ignore[attr-defined]
    assert back.credit_reversed == Money(320)  # type: ignore[attr-defined]  # ฿65 kept earns none
    assert balances(app, code)[2] == Money(0)


def test_a_partial_refund_keeps_the_stamps_the_kept_cups_earn_under_the_days_cap(app: Wiring) -> None:
    code = enroll(app)
    sale = sell(app, code, item("LATTE", 65, 9))
    assert [s.earned for s in sale.stamps] == [5]  # type: ignore[attr-defined]  # five a day at most
    back = refund(app, sale.receipt_no, RefundLine(0, 4), command_id="r1")  # type: ignore[attr-defined]
    assert back.stamps_reversed == 0  # type: ignore[attr-defined]  # five lattes kept earn five
    more = refund(app, sale.receipt_no, RefundLine(0, 2), command_id="r2")  # type: ignore[attr-defined]
    assert more.stamps_reversed == 2  # type: ignore[attr-defined]
    assert stamps(app, code) == 3
    assert app.services.verify.run().ok


def test_a_partial_refund_keeps_a_capped_promotion_bonus_the_kept_items_earn(app: Wiring,
                                                                            clock: FixedClock) -> None:
    clock.advance(seconds=(SATURDAY - NOW).total_seconds())
    code = enroll(app)
    sale = sell(app, code, item("CAKE", 95, 4))
    assert [(p.points) for p in sale.promotions] == [60]  # type: ignore[attr-defined]  # 4 × 20, capped at 60
    back = refund(app, sale.receipt_no, RefundLine(0, 1), command_id="r1")  # type: ignore[attr-defined]
    regular = sale.points_earned - 60  # type: ignore[attr-defined]
    assert back.points_reversed == round(regular / 4)  # type: ignore[attr-defined]  # three cakes earn 60 still
    two = refund(app, sale.receipt_no, RefundLine(0, 1), command_id="r2")  # type: ignore[attr-defined]
    assert two.points_reversed == round(regular / 2) - round(regular / 4) + 20  # type: ignore[attr-defined]
    assert app.services.verify.run().ok

