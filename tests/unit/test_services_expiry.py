"""Expiry on the fakes: each lot on its own date, oldest spent first, reversals take back their own lot."""

from __future__ import annotations

from kiosk.domain.commands import IssueVoucher, RefundSale
from kiosk.domain.ledger import POINTS, EntryKind, ProgramAccount, reward_unit
from kiosk.domain.programs.config import BonusRules, CashbackRules, PointsRules, ProgramConfig, Reward, StampCard
from kiosk.domain.validators import all_problems
from tests.unit.fakes import Shop, enroll, line, make_shop, money, sell


def shop_with(**programs: object) -> Shop:
    base: dict[str, object] = dict(
        points=PointsRules(spend_unit=money("1"), expiry_months=12, rewards=(Reward("r", "Reward", 30, money("1")),)),
        bonuses=BonusRules(signup_points=50),
    )
    base.update(programs)
    return make_shop(ProgramConfig(**base))  # type: ignore[arg-type]


def expired_points(shop: Shop) -> int:
    return shop.state.balances.get((ProgramAccount.EXPIRED.value, POINTS), 0)


def test_each_lot_expires_on_its_own_date() -> None:
    shop = shop_with()
    m = enroll(shop)  # lot A: 50, expires in 12 months
    shop.clock.advance(days=60)
    sell(shop, line(price="40"), member=m.member_code)  # lot B: 40, expires two months after A
    shop.clock.advance(days=365 - 60 - 1)
    assert shop.expiry.run().points_expired == 0  # a day before A's date
    shop.clock.advance(days=2)
    result = shop.expiry.run()
    assert (result.members, result.points_expired) == (1, 50)
    assert shop.points(m.member_id) == 40
    assert shop.expiry.run().points_expired == 0  # running again changes nothing
    shop.clock.advance(days=62)
    assert shop.expiry.run().points_expired == 40
    assert shop.points(m.member_id) == 0 and expired_points(shop) == 90
    assert all_problems(shop.state.ledger_entries, shop.state.balances) == []


def test_spending_takes_the_oldest_lot_first() -> None:
    shop = shop_with()
    m = enroll(shop)  # A: 50
    shop.clock.advance(days=30)
    sell(shop, line(price="40"), member=m.member_code)  # B: 40
    shop.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=m.member_code, reward_id="r",
                                               print_voucher=False))  # spends 30 from A
    shop.clock.advance(days=340)
    assert shop.expiry.run().points_expired == 20  # what is left of A; B is untouched
    assert shop.points(m.member_id) == 40


def test_a_reversal_takes_back_its_own_lot_not_the_oldest() -> None:
    shop = shop_with()
    m = enroll(shop)  # A: 50, the oldest
    shop.clock.advance(days=30)
    sale = sell(shop, line(price="40"), member=m.member_code)  # B: 40
    shop.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no, approved_by=shop.manager_id))
    shop.clock.advance(days=340)
    # A is still whole: the refund took back B, so all 50 expire (FIFO would have left only 10)
    assert shop.expiry.run().points_expired == 50
    assert shop.points(m.member_id) == 0


def test_expiry_never_takes_more_than_the_balance() -> None:
    shop = shop_with(bonuses=BonusRules(signup_points=0))
    m = enroll(shop)
    sale = sell(shop, line(price="40"), member=m.member_code)
    shop.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=m.member_code, reward_id="r",
                                               print_voucher=False))
    shop.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no, approved_by=shop.manager_id))
    assert shop.points(m.member_id) == -30  # spent, then the earning was refunded: flagged debt
    shop.clock.advance(days=400)
    assert shop.expiry.run().points_expired == 0
    sell(shop, line(price="50"), member=m.member_code)  # new points settle the debt first
    assert shop.points(m.member_id) == 20
    shop.clock.advance(days=400)
    assert shop.expiry.run().points_expired == 20
    assert shop.points(m.member_id) == 0
    assert all_problems(shop.state.ledger_entries, shop.state.balances) == []


def test_store_credit_and_stamp_rewards_expire_too() -> None:
    shop = make_shop(ProgramConfig(
        points=PointsRules(enabled=False),
        cashback=CashbackRules(enabled=True, percent_bp=1000, expiry_months=3),
        stamp_cards=(StampCard("c", "Card", required=2, reward_expiry_months=1),),
    ))
    m = enroll(shop)
    sell(shop, line(price="100"), member=m.member_code)
    sell(shop, line(price="100"), member=m.member_code)
    assert shop.balances(m.member_id)[reward_unit("c")] == 1
    shop.clock.advance(days=32)
    first = shop.expiry.run()
    assert (first.rewards_expired, first.credit_expired) == (1, 0)
    shop.clock.advance(days=62)
    assert shop.expiry.run().credit_expired == 2000
    balances = shop.balances(m.member_id)
    assert balances["THB"] == 0 and balances[reward_unit("c")] == 0
    kinds = [c.entry.kind for c in shop.state.entries]
    assert kinds.count(EntryKind.EXPIRY) == 2


def test_points_without_expiry_never_expire() -> None:
    shop = shop_with(points=PointsRules(spend_unit=money("1"), expiry_months=None))
    m = enroll(shop)
    shop.clock.advance(days=3650)
    assert shop.expiry.run().points_expired == 0
    assert shop.points(m.member_id) == 50
