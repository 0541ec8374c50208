"""The refund shares on their own: a free unit is worth what its reward left to pay and goes back first; pairs of
one unit fill in order and nothing already moved is moved back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from kiosk.domain.commands import RefundLine
from kiosk.domain.ledger import Bucket, Entry, EntryKind, ProgramAccount, member_account, reward_unit, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine, Discount, DiscountKind
from kiosk.domain.refunds import plan_shares, reversal_toward, spent_back, value_returned

LATTE = CartLine("Latte", Money(6500), 2, "LATTE")
CAKE = CartLine("Cake", Money(9500), 1, "CAKE")
FREE_LATTE = Discount(DiscountKind.STAMP_REWARD, "Free coffee", Money(6500), ref="coffee", line=0)


def test_a_lines_free_unit_goes_back_first_and_is_worth_nothing() -> None:
    shares = plan_shares((LATTE, CAKE), before={}, asked=(RefundLine(0, 1),), cards=(), discounts=(FREE_LATTE,))
    assert shares.value == 0 and shares.free_back == shares.free_now == frozenset({0})
    assert spent_back(reward_unit("coffee"), 1, shares, (FREE_LATTE,)) == 1
    second = plan_shares((LATTE, CAKE), before={0: 1}, asked=(RefundLine(0, 1),), cards=(), discounts=(FREE_LATTE,))
    assert second.value == Fraction(6500, 16000) and second.free_now == frozenset()


def test_money_off_for_the_basket_has_no_line_and_stays_spread() -> None:
    off = Discount(DiscountKind.REWARD, "50 baht off", Money(5000), 200, "off50")
    assert value_returned(((6500, 2), (9500, 1)), (off,), {0: 1}) == Fraction(6500, 22500)
    assert spent_back("POINTS", 200, plan_shares((LATTE, CAKE), before={}, asked=(RefundLine(1, 1),), cards=(),
                                                 discounts=(off,)), (off,)) == 84  # 200 × 95/225


def test_pairs_of_one_unit_fill_in_order_and_never_move_back() -> None:
    member = member_account("m1", Bucket.REWARDS)
    two = transfer(unit=reward_unit("coffee"), amount=1, to_account=ProgramAccount.REDEEMED, from_account=member)
    entry = Entry("e", "d", datetime(2026, 1, 1, tzinfo=UTC), date(2026, 1, 1), EntryKind.SALE_REDEEM, two + two)
    first = reversal_toward(entry, lambda unit, whole: 1, {})
    assert [(p.account, p.amount) for p in first] == [(ProgramAccount.REDEEMED, -1), (member, 1)]
    done = {(ProgramAccount.REDEEMED.value, reward_unit("coffee")): -1, (member, reward_unit("coffee")): 1}
    assert reversal_toward(entry, lambda unit, whole: 1, done) == ()
    assert reversal_toward(entry, lambda unit, whole: 0, done) == ()  # never given back, then taken again
    assert sum(p.amount for p in reversal_toward(entry, lambda unit, whole: 2, done) if p.account == member) == 1
