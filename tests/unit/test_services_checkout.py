"""Checkout on the fakes: earning, stamps, cashback, every kind of redemption, bonuses, approvals, idempotency."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.domain.commands import AdjustPoints, IssueVoucher, RecordSale, RefundLine, RefundSale
from kiosk.domain.errors import (
    Conflict,
    InsufficientBalance,
    InvalidInput,
    ManagerApprovalRequired,
    PermissionDenied,
    RuleViolation,
)
from kiosk.domain.events import BonusAwarded, Event, PointsPaid
from kiosk.domain.ledger import EntryKind, Flag, reward_unit, stamps_unit
from kiosk.domain.programs.config import BonusRules, CashbackRules, PointsRules, ProgramConfig, StampCard
from kiosk.l10n.catalogue import say
from kiosk.services.context import ShopPolicy
from tests.unit.fakes import Shop, cafe_programs, enroll, line, make_shop, money, sell

NO_BONUS = BonusRules()


def said(events: tuple[Event, ...]) -> list[str]:
    """What the screen and the receipt say of the events, in English."""
    return [say(event, "en") for event in events]


def points_shop(**points: object) -> Shop:
    return make_shop(ProgramConfig(points=PointsRules(spend_unit=money("25"), **points)))  # type: ignore[arg-type]


def give_points(shop: Shop, member: str, points: int) -> None:
    shop.redemption.adjust(AdjustPoints(command_id=f"give-{member}-{points}-{len(shop.state.entries)}",
                                        member_code=member, points=points, reason="test set-up",
                                        approved_by=shop.manager_id))


# -- earning -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("rounding, price, expected", [
    ("down", "74.99", 2), ("nearest", "62.49", 2), ("nearest", "62.50", 3), ("up", "50.01", 3), ("up", "50", 2),
])
def test_points_follow_the_rounding_mode(rounding: str, price: str, expected: int) -> None:
    shop = points_shop(rounding=rounding)
    member = enroll(shop)
    result = sell(shop, line(price=price), member=member.member_code)
    assert result.points_earned == expected
    assert result.points_balance == expected == shop.points(member.member_id)


def test_below_the_minimum_spend_nothing_is_earned() -> None:
    shop = points_shop(min_spend=money("50"))
    member = enroll(shop)
    assert sell(shop, line(price="49.99"), member=member.member_code).points_earned == 0
    assert sell(shop, line(price="50"), member=member.member_code).points_earned == 2


def test_item_and_visit_bases() -> None:
    item_shop = points_shop(basis="item", points_per_item=3)
    m = enroll(item_shop)
    assert sell(item_shop, line("A", "10", qty=2), line("B", "5"), member=m.member_code).points_earned == 9
    visit_shop = points_shop(basis="visit", points_per_visit=10)
    m = enroll(visit_shop)
    assert sell(visit_shop, line(price="999"), member=m.member_code).points_earned == 10


def test_non_members_earn_nothing_and_cannot_redeem() -> None:
    shop = make_shop(cafe_programs())
    result = sell(shop, line(price="200"))
    assert result.member_id is None and result.points_earned == 0 and shop.state.entries == []
    with pytest.raises(RuleViolation) as caught:
        sell(shop, line(price="200"), points_to_spend=20)
    assert caught.value.code == "program.member_required"


def test_tier_multiplier_applies_after_the_upgrade() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS, cashback=CashbackRules()))
    member = enroll(shop)
    big = sell(shop, line(price="3000"), member=member.member_code, approved_by=shop.manager_id)
    assert big.points_earned == 120  # earned at Bronze
    assert big.tier == "Silver" and big.tier_changed_from == "Bronze"
    assert "Tier changed: Bronze → Silver" in said(big.events)
    assert sell(shop, line(price="100"), member=member.member_code).points_earned == 5  # 4 x 1.25
    account = shop.accounts.account(member.member_code)
    assert account.tier is not None and account.tier.next_name == "Gold"
    assert account.tier.remaining == 1_000_000 - 310_000


def test_tier_downgrades_only_at_the_review() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS, cashback=CashbackRules()))
    member = enroll(shop)
    sell(shop, line(price="3000"), member=member.member_code, approved_by=shop.manager_id)
    shop.clock.advance(days=366)  # the spend has left the rolling window and the review is due
    result = sell(shop, line(price="25"), member=member.member_code)
    assert result.points_earned == 1  # the tier for earning is judged before this sale: Silver would give 1 too
    assert result.tier == "Bronze" and result.tier_changed_from == "Silver"


# -- stamps ------------------------------------------------------------------------------------------------
def stamp_shop(**card: object) -> Shop:
    base = dict(id="coffee", name="Coffee card", required=10, skus=("LATTE",), max_per_visit=5,
                reward_name="Free coffee", reward_value=money("60"), visit="sale")
    base.update(card)
    return make_shop(ProgramConfig(points=PointsRules(enabled=False), stamp_cards=(StampCard(**base),)))  # type: ignore[arg-type]


def test_stamps_per_item_capped_per_visit_and_only_for_card_items() -> None:
    shop = stamp_shop()
    m = enroll(shop)
    result = sell(shop, line("LATTE", "65", qty=7), line("CAKE", "95"), member=m.member_code)
    assert [(s.earned, s.stamps_after, s.completed) for s in result.stamps] == [(5, 5, 0)]
    assert sell(shop, line("CAKE", "95"), member=m.member_code).stamps == ()
    assert shop.balances(m.member_id)[stamps_unit("coffee")] == 5


def test_a_full_card_becomes_a_reward_and_extra_stamps_carry_over() -> None:
    shop = stamp_shop()
    m = enroll(shop)
    sell(shop, line("LATTE", "65", qty=4), member=m.member_code)
    sell(shop, line("LATTE", "65", qty=4), member=m.member_code)
    result = sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    assert [(s.earned, s.completed, s.stamps_after) for s in result.stamps] == [(5, 1, 3)]
    assert "Coffee card complete: Free coffee earned!" in said(result.events)
    balances = shop.balances(m.member_id)
    assert balances[stamps_unit("coffee")] == 3 and balances[reward_unit("coffee")] == 1
    assert shop.accounts.account(m.member_code).stamp_cards[0].rewards_ready == 1


def test_without_carry_over_extra_stamps_are_forfeited() -> None:
    shop = stamp_shop(carry_over=False)
    m = enroll(shop)
    sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    sell(shop, line("LATTE", "65", qty=3), member=m.member_code)
    result = sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    assert result.stamps[0].completed == 1 and result.stamps[0].stamps_after == 0
    assert shop.balances(m.member_id)[stamps_unit("coffee")] == 0


def test_using_the_free_item_discounts_the_cheapest_card_item_up_to_its_value() -> None:
    shop = stamp_shop()
    m = enroll(shop)
    sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    with pytest.raises(RuleViolation) as caught:
        sell(shop, line("CAKE", "95"), member=m.member_code, stamp_rewards=("coffee",))
    assert caught.value.code == "program.reward_not_applicable"
    result = sell(shop, line("LATTE", "65"), line("CAKE", "95"), member=m.member_code, stamp_rewards=("coffee",))
    assert [(d.kind, d.amount) for d in result.discounts] == [("stamp_reward", money("60"))]
    assert result.amount_due == money("100")
    assert shop.balances(m.member_id)[reward_unit("coffee")] == 0
    with pytest.raises(InsufficientBalance) as none_left:
        sell(shop, line("LATTE", "65"), member=m.member_code, stamp_rewards=("coffee",))
    assert none_left.value.code == "program.no_stamp_reward"


# -- cashback and store credit --------------------------------------------------------------------------------
def cashback_shop() -> Shop:
    return make_shop(ProgramConfig(points=PointsRules(enabled=False), cashback=CashbackRules(
        enabled=True, percent_bp=200, min_spend=money("100"), max_per_sale=money("50"))))


def test_cashback_respects_its_minimum_and_maximum() -> None:
    shop = cashback_shop()
    m = enroll(shop)
    assert sell(shop, line(price="99.99"), member=m.member_code).cashback == money("0")
    assert sell(shop, line(price="200"), member=m.member_code).cashback == money("4")
    assert sell(shop, line(price="5000"), member=m.member_code, approved_by=shop.manager_id).cashback == money("50")
    assert shop.balances(m.member_id)["THB"] == 5400


def test_store_credit_pays_part_of_the_bill_and_earns_nothing() -> None:
    shop = cashback_shop()
    m = enroll(shop)
    sell(shop, line(price="5000"), member=m.member_code, approved_by=shop.manager_id)
    result = sell(shop, line(price="120"), member=m.member_code, credit_to_spend=money("30"))
    assert result.credit_applied == money("30") and result.amount_due == money("90")
    # one rule (issue 13.4): the minimum spend is judged on the money paid, like the cashback itself; 90 < 100
    assert result.cashback == money("0")
    assert result.credit_balance == money("20.00")
    paid_enough = sell(shop, line(price="150"), member=m.member_code, credit_to_spend=money("2"))
    assert paid_enough.amount_due == money("148") and paid_enough.cashback == money("2.96")
    with pytest.raises(InsufficientBalance) as short:
        sell(shop, line(price="120"), member=m.member_code, credit_to_spend=money("25"))
    assert short.value.code == "program.not_enough_credit"
    with pytest.raises(RuleViolation) as over:
        sell(shop, line(price="10"), member=m.member_code, credit_to_spend=money("20"))
    assert over.value.code == "program.credit_exceeds_bill"


# -- catalogue rewards, points as money, vouchers --------------------------------------------------------------
def test_catalogue_discount_reward_spends_its_points() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS, cashback=CashbackRules()))
    m = enroll(shop)
    give_points(shop, m.member_code, 250)
    result = sell(shop, line(price="80"), member=m.member_code, reward_ids=("off50",))
    assert result.points_spent == 200 and result.amount_due == money("30")
    assert result.points_earned == 1  # earned on the 30 paid, not the 80
    assert shop.points(m.member_id) == 51
    with pytest.raises(InsufficientBalance) as caught:
        sell(shop, line(price="80"), member=m.member_code, reward_ids=("off50",))
    assert caught.value.code == "program.not_enough_points" and "costs 200 points" in caught.value.message


def test_free_item_reward_needs_the_item_in_the_basket() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS, cashback=CashbackRules()))
    m = enroll(shop)
    give_points(shop, m.member_code, 300)
    with pytest.raises(RuleViolation) as caught:
        sell(shop, line("CAKE", "95"), member=m.member_code, reward_ids=("latte",))
    assert caught.value.code == "program.reward_item_missing" and "Add the item" in caught.value.message
    result = sell(shop, line("LATTE", "65"), line("CAKE", "95"), member=m.member_code, reward_ids=("latte",))
    assert [(d.kind, d.amount, d.points_cost) for d in result.discounts] == [("reward", money("65"), 260)]


def test_partial_points_minimum_balance_and_bill_cap() -> None:
    shop = make_shop(ProgramConfig(points=PointsRules(spend_unit=money("25"), point_value=money("0.25"),
                                                      min_redeem_points=20, max_redeem_percent=50)))
    m = enroll(shop)
    give_points(shop, m.member_code, 300)
    with pytest.raises(RuleViolation) as below:
        sell(shop, line(price="100"), member=m.member_code, points_to_spend=10)
    assert below.value.code == "program.below_min_redeem"
    with pytest.raises(RuleViolation) as capped:
        sell(shop, line(price="100"), member=m.member_code, points_to_spend=201)
    assert capped.value.code == "program.points_exceed_bill" and "At most 200 points" in capped.value.message
    with pytest.raises(InsufficientBalance) as poor:
        sell(shop, line(price="1000"), member=m.member_code, points_to_spend=400)
    assert poor.value.code == "program.not_enough_points_to_spend"
    result = sell(shop, line(price="100"), member=m.member_code, points_to_spend=200)
    assert result.amount_due == money("50") and result.points_spent == 200
    assert shop.points(m.member_id) == 100 + 2
    # the receipt says the points it took off in its own language, not the engine's English label
    receipt = shop.state.print_jobs[-1]["document"]
    assert [a.said for a in receipt.adjustments] == [PointsPaid(200)]
    assert say(PointsPaid(200), "th") == "200 แต้ม" and say(PointsPaid(1), "en") == "1 point"


def test_voucher_is_a_one_time_discount() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS, cashback=CashbackRules()))
    m = enroll(shop)
    give_points(shop, m.member_code, 200)
    voucher = shop.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code=m.member_code,
                                                         reward_id="off50"))
    assert voucher.points_balance == 0
    # a voucher is a bearer reward: no member card needed
    result = sell(shop, line(price="80"), voucher_codes=(voucher.voucher_code.lower(),))
    assert [(d.kind, d.amount) for d in result.discounts] == [("voucher", money("50"))]
    assert result.amount_due == money("30") and result.points_earned == 0
    with pytest.raises(Conflict) as used:
        sell(shop, line(price="80"), voucher_codes=(voucher.voucher_code,))
    assert used.value.code == "checkout.voucher_used"


def test_expired_voucher_is_refused() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS), ShopPolicy(voucher_valid_days=30))
    m = enroll(shop)
    give_points(shop, m.member_code, 200)
    voucher = shop.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code=m.member_code,
                                                         reward_id="off50", print_voucher=False))
    shop.clock.advance(days=31)
    with pytest.raises(Exception) as caught:
        sell(shop, line(price="80"), voucher_codes=(voucher.voucher_code,))
    assert getattr(caught.value, "code", None) == "checkout.voucher_expired"


# -- bonuses ----------------------------------------------------------------------------------------------------
def test_birthday_bonus_once_a_year_in_the_birthday_month() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100)))
    today = shop.ctx.business_date(shop.clock.now())
    m = enroll(shop, birthday=date(1990, today.month, 1))
    first = sell(shop, line(price="25"), member=m.member_code)
    assert "Happy birthday! +100 points" in said(first.events)
    second = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) not in second.events
    assert shop.points(m.member_id) == 100 + 1 + 1
    shop.clock.advance(days=365)  # next year, same month
    assert BonusAwarded("birthday", 100) in sell(shop, line(price="25"), member=m.member_code).events
    other = enroll(shop, phone="0899999999", birthday=date(1990, (today.month % 12) + 1, 1))
    assert BonusAwarded("birthday", 100) not in sell(shop, line(price="25"), member=other.member_code).events


# -- approvals and fraud limits -------------------------------------------------------------------------------
def test_a_redemption_over_the_limit_needs_a_manager() -> None:
    shop = make_shop(cafe_programs(bonuses=NO_BONUS, cashback=CashbackRules()),
                     ShopPolicy(redemption_approval_over=money("60")))
    m = enroll(shop)
    give_points(shop, m.member_code, 400)
    cmd = RecordSale(command_id="big-redeem", lines=(line(price="200"),), member_code=m.member_code,
                     points_to_spend=400, staff_id=shop.cashier_id)
    assert shop.checkout.preview(cmd).needs_approval == "redemption_over_limit"
    with pytest.raises(ManagerApprovalRequired) as caught:
        shop.checkout.record_sale(cmd)
    assert caught.value.reason == "redemption_over_limit" and "manager" in caught.value.message
    with pytest.raises(PermissionDenied) as cashier:
        shop.checkout.record_sale(replace(cmd, approved_by=shop.cashier_id))
    assert cashier.value.code == "approval.not_manager"
    assert shop.points(m.member_id) == 400
    result = shop.checkout.record_sale(replace(cmd, approved_by=shop.manager_id))
    assert result.flags == (Flag.OVERRIDE,)
    assert [a.action for a in shop.state.audit][-1] == "sale.override"


def test_fraud_limits_points_per_sale_and_sales_per_day() -> None:
    shop = make_shop(ProgramConfig(points=PointsRules(spend_unit=money("1"))),
                     ShopPolicy(max_points_per_sale=100, max_earn_sales_per_day=2))
    m = enroll(shop)
    with pytest.raises(ManagerApprovalRequired) as per_sale:
        sell(shop, line(price="101"), member=m.member_code)
    assert per_sale.value.reason == "points_per_sale_limit"
    approved = sell(shop, line(price="101"), member=m.member_code, approved_by=shop.manager_id)
    assert set(approved.flags) == {Flag.OVERRIDE, Flag.FRAUD_LIMIT}
    earn = [c.entry for c in shop.state.entries if c.entry.kind == EntryKind.SALE_EARN]
    assert set(earn[-1].flags) == {Flag.OVERRIDE, Flag.FRAUD_LIMIT}
    sell(shop, line(price="10"), member=m.member_code)
    with pytest.raises(ManagerApprovalRequired) as per_day:
        sell(shop, line(price="10"), member=m.member_code)
    assert per_day.value.reason == "earn_sales_per_day_limit"
    shop.clock.advance(days=1)
    assert sell(shop, line(price="10"), member=m.member_code).points_earned == 10


# -- payment, preview, idempotency -----------------------------------------------------------------------------
def test_cash_change_and_short_cash() -> None:
    shop = make_shop()
    assert sell(shop, line(price="65"), cash_tendered=money("100")).change == money("35")
    with pytest.raises(InvalidInput) as caught:
        sell(shop, line(price="65"), cash_tendered=money("50"))
    assert caught.value.code == "checkout.cash_short"
    with pytest.raises(InvalidInput):
        sell(shop, line(price="65"), payment_method="bitcoin")


def test_the_receipt_says_the_cash_handed_over_and_the_change_adding_up_to_the_total() -> None:
    shop = make_shop()
    result = sell(shop, line(price="50", qty=2), cash_tendered=money("500"))
    receipt = next(j for j in shop.state.print_jobs if j["id"] == result.print_job)["document"]
    cash = next(p for p in receipt.payments if p.method == "cash")
    assert (receipt.total, cash.amount, receipt.change) == (money("100"), money("500"), money("400"))
    assert sum((p.amount for p in receipt.payments), money("0")) - receipt.change == receipt.total


def test_preview_prices_without_writing() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    before = shop.store.commits
    preview = shop.checkout.preview(RecordSale(command_id="p", lines=(line("LATTE", "65", qty=2),),
                                               member_code=m.member_code))
    assert preview.quote.points_earned == 5 and preview.points_before == 50 and preview.member_name == "Somchai J."
    assert shop.store.commits == before and shop.state.sales == {}


def test_the_same_command_twice_returns_the_same_result_and_writes_once() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    cmd = RecordSale(command_id="sale-1", lines=(line("LATTE", "65", qty=2),), member_code=m.member_code)
    first = shop.checkout.record_sale(cmd)
    entries, jobs, outbox = len(shop.state.entries), len(shop.state.print_jobs), len(shop.state.outbox)
    again = shop.checkout.record_sale(cmd)
    assert again == first
    assert (len(shop.state.entries), len(shop.state.print_jobs), len(shop.state.outbox)) == (entries, jobs, outbox)
    assert len(shop.state.sales) == 1 and shop.points(m.member_id) == 50 + 5
    with pytest.raises(Conflict) as caught:
        shop.checkout.record_sale(replace(cmd, lines=(line("LATTE", "65", qty=3),)))
    assert caught.value.code == "request.id_reused"


def test_a_refused_sale_leaves_nothing_behind() -> None:
    shop = make_shop(cafe_programs(), ShopPolicy(redemption_approval_over=money("10")))
    m = enroll(shop)
    state = shop.store.state
    with pytest.raises(ManagerApprovalRequired):
        sell(shop, line("LATTE", "65"), member=m.member_code, points_to_spend=50, command_id="refused")
    assert shop.store.state is state  # no commit happened
    # and the id is still free: the retry with approval goes through
    sell(shop, line("LATTE", "65"), member=m.member_code, points_to_spend=50, command_id="refused",
         approved_by=shop.manager_id)


def test_receipt_carries_the_loyalty_block() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    result = sell(shop, line("LATTE", "65", qty=2), member=m.member_code, cash_tendered=money("200"))
    job = next(j for j in shop.state.print_jobs if j["id"] == result.print_job)
    receipt = job["document"]
    assert receipt.receipt_no == result.receipt_no and receipt.open_cash_drawer
    assert receipt.loyalty.points_earned == 5 and receipt.loyalty.points_balance == 55
    assert receipt.loyalty.member_name == "Somchai J." and receipt.change == money("70")
    assert receipt.loyalty.stamp_cards[0].stamps == 2


def test_expiring_points_show_on_the_account() -> None:
    shop = make_shop(cafe_programs(), ShopPolicy(expiring_soon_days=30))
    m = enroll(shop)
    shop.clock.advance(days=340)
    account = shop.accounts.account(m.member_code)
    assert [(e.kind, e.amount) for e in account.expiring] == [("points", 50)]
    earned = (shop.clock.now() - timedelta(days=340)).replace(year=2027)
    assert account.expiring[0].on == shop.ctx.local(earned).date()  # the shop's day, not UTC's


def test_what_expires_is_dated_by_the_shops_day_not_utcs() -> None:
    """Points earned at 06:30 in Bangkok (23:30 the day before in UTC) expire on the Bangkok day: the counter
    used to take the UTC date of the moment and show the day before."""
    shop = make_shop(cafe_programs(), ShopPolicy(expiring_soon_days=30),
                     at=datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    m = enroll(shop)
    shop.clock.advance(days=340)
    [soon] = shop.accounts.account(m.member_code).expiring
    assert (soon.kind, soon.amount, soon.on) == ("points", 50, date(2027, 3, 10))


def test_a_stamp_cards_own_free_coffee_earns_no_stamp() -> None:
    shop = stamp_shop()
    m = enroll(shop)
    sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    result = sell(shop, line("LATTE", "65", qty=2), member=m.member_code, stamp_rewards=("coffee",))
    # two lattes, one of them the card's free coffee: only the paid one stamps the new card
    assert [(s.card_id, s.earned) for s in result.stamps] == [("coffee", 1)]


# -- issue 13, items 3 and 4 -----------------------------------------------------------------------------------
def test_the_per_visit_stamp_cap_spans_the_members_day_not_one_receipt() -> None:
    shop = stamp_shop(visit="day", max_per_visit=5)
    m = enroll(shop)
    first = sell(shop, line("LATTE", qty=3), member=m.member_code)
    second = sell(shop, line("LATTE", qty=3), member=m.member_code)  # split the round: still one visit
    assert [s.earned for s in first.stamps] == [3] and [s.earned for s in second.stamps] == [2]
    assert not sell(shop, line("LATTE"), member=m.member_code).stamps
    shop.clock.advance(days=1)
    assert [s.earned for s in sell(shop, line("LATTE", qty=6), member=m.member_code).stamps] == [5]


def test_stamps_a_refund_or_void_took_back_free_the_days_cap_on_the_fakes_too() -> None:
    shop = stamp_shop(visit="day", max_per_visit=5)
    m = enroll(shop)
    first = sell(shop, line("LATTE", qty=5), member=m.member_code)
    shop.refunds.refund(RefundSale(command_id="back2", receipt_no=first.receipt_no, lines=(RefundLine(0, 2),),
                                   approved_by=shop.manager_id))
    second = sell(shop, line("LATTE", qty=3), member=m.member_code)
    assert [s.earned for s in second.stamps] == [2]  # 3 of the first sale's 5 stand
    assert not sell(shop, line("LATTE"), member=m.member_code).stamps  # 3 + 2 stand: the cap is full
    shop.refunds.refund(RefundSale(command_id="void", receipt_no=second.receipt_no, kind="void",
                                   approved_by=shop.manager_id))
    assert [s.earned for s in sell(shop, line("LATTE", qty=9), member=m.member_code).stamps] == [2]


def test_a_card_capped_per_sale_still_counts_receipts_apart() -> None:
    shop = stamp_shop(visit="sale", max_per_visit=5)
    m = enroll(shop)
    assert [s.earned for s in sell(shop, line("LATTE", qty=3), member=m.member_code).stamps] == [3]
    assert [s.earned for s in sell(shop, line("LATTE", qty=3), member=m.member_code).stamps] == [3]


def test_a_latte_paid_for_with_a_points_reward_earns_no_coffee_stamp() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="give", member_code=m.member_code, points=400, reason="test",
                                        approved_by=shop.manager_id))
    result = sell(shop, line("LATTE", qty=2), member=m.member_code, reward_ids=("latte",))
    assert [d.kind for d in result.discounts] == ["reward"]
    assert [s.earned for s in result.stamps] == [1]  # two lattes, one of them free


def test_a_free_latte_voucher_earns_no_coffee_stamp_and_the_sale_names_the_voucher() -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="give", member_code=m.member_code, points=400, reason="test",
                                        approved_by=shop.manager_id))
    voucher = shop.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=m.member_code,
                                                         reward_id="latte", print_voucher=False))
    result = sell(shop, line("LATTE", price="65"), member=m.member_code, voucher_codes=(voucher.voucher_code,))
    assert result.amount_due == money("0") and not result.stamps
    with shop.store() as uow:
        sale = uow.sales.get(result.sale_id)
        (used,) = uow.vouchers.for_member(m.member_id)
    assert sale is not None and [d.ref for d in sale.discounts] == [used.id]  # the two sales are linked


@pytest.mark.parametrize("redemption, paid", [
    ({"credit_to_spend": money("20")}, money("80")),
    ({"points_to_spend": 30}, money("92.50")),
])
def test_cashback_judges_its_minimum_spend_on_money_paid_whatever_lowered_it(redemption: dict[str, object],
                                                                            paid: object) -> None:
    shop = make_shop(cafe_programs())
    m = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="give", member_code=m.member_code, points=100, reason="test",
                                        approved_by=shop.manager_id))
    sell(shop, line(price="1000"), member=m.member_code, approved_by=shop.manager_id)  # 20.00 credit to spend
    result = sell(shop, line(price="100"), member=m.member_code, **redemption)  # type: ignore[arg-type]
    assert result.amount_due == paid and result.cashback == money("0")
    assert sell(shop, line(price="100"), member=m.member_code).cashback == money("2")
