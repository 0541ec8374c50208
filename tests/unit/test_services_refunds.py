"""Refunds and voids on the fakes: every loyalty movement of the sale is reversed exactly once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.domain.commands import IssueVoucher, RefundLine, RefundSale
from kiosk.domain.errors import Conflict, InvalidInput, ManagerApprovalRequired, NotFound, PermissionDenied
from kiosk.domain.ledger import EntryKind, Flag, reward_unit, stamps_unit
from kiosk.domain.programs.config import BonusRules, CashbackRules, ProgramConfig
from kiosk.domain.validators import all_problems
from kiosk.l10n.catalogue import say
from kiosk.services.context import ShopPolicy
from tests.unit.fakes import Shop, cafe_programs, enroll, line, make_shop, money, sell
from tests.unit.test_services_checkout import give_points


def refund(shop: Shop, receipt_no: str, **kw: object) -> object:
    kw.setdefault("approved_by", shop.manager_id)
    kw.setdefault("command_id", f"refund-{receipt_no}-{len(shop.state.refunds)}")
    return shop.refunds.refund(RefundSale(receipt_no=receipt_no, **kw))  # type: ignore[arg-type]


def cafe() -> Shop:
    return make_shop(cafe_programs(bonuses=BonusRules()))


def assert_clean(shop: Shop) -> None:
    report = shop.verify.run()
    assert report.ok, report.problems
    assert all_problems(shop.state.ledger_entries, shop.state.balances) == []


def test_refund_reverses_earned_and_spent_points_stamps_and_cashback() -> None:
    shop = cafe()
    m = enroll(shop)
    give_points(shop, m.member_code, 300)
    sell(shop, line(price="500"), member=m.member_code, command_id="earlier")  # some credit to spend
    before = shop.balances(m.member_id)
    sale = sell(shop, line("LATTE", "65", qty=3), line(price="200"), member=m.member_code, points_to_spend=100,
                credit_to_spend=money("5"))
    assert sale.points_earned and sale.points_spent == 100 and sale.cashback.minor and sale.stamps
    result = refund(shop, sale.receipt_no.lower(), reason="wrong order")
    assert result.points_reversed == sale.points_earned and result.points_returned == 100
    assert result.credit_reversed == sale.cashback and result.credit_returned == money("5")
    assert result.stamps_reversed == 3 and not result.negative_balance
    assert result.amount == sale.amount_due and result.receipt_no == "C1-R00001"
    assert {u: v for u, v in shop.balances(m.member_id).items() if v} == {u: v for u, v in before.items() if v}
    assert shop.state.sales[sale.sale_id].status == "refunded"
    reversals = [c.entry for c in shop.state.entries if c.entry.kind == EntryKind.REVERSAL]
    originals = {e.id for e in shop.state.ledger_entries if e.sale_id == sale.sale_id and e.reverses_id is None}
    assert {e.reverses_id for e in reversals} == originals
    slip = shop.state.print_jobs[-1]["document"]
    assert slip.original_receipt_no == sale.receipt_no and slip.reversals == result.events
    assert "Points given back: +100" in [say(event, "en") for event in slip.reversals]
    assert "คืนแต้มให้: +100" in [say(event, "th") for event in slip.reversals]
    assert_clean(shop)


def test_refund_takes_back_a_completed_card_and_returns_a_used_free_item() -> None:
    shop = cafe()
    m = enroll(shop)
    sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    completing = sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    assert completing.stamps[0].completed == 1
    using = sell(shop, line("LATTE", "65"), member=m.member_code, stamp_rewards=("coffee",))
    assert shop.balances(m.member_id)[reward_unit("coffee")] == 0
    back = refund(shop, using.receipt_no)
    assert back.rewards_returned == 1 and shop.balances(m.member_id)[reward_unit("coffee")] == 1
    undone = refund(shop, completing.receipt_no)
    assert undone.rewards_reversed == 1 and undone.stamps_reversed == 5 and not undone.negative_balance
    balances = shop.balances(m.member_id)
    assert balances[reward_unit("coffee")] == 0
    assert balances[stamps_unit("coffee")] == 5  # the first sale's; the other two sales were refunded
    assert_clean(shop)


def test_refund_after_the_points_were_spent_goes_negative_and_is_flagged() -> None:
    shop = cafe()
    m = enroll(shop)
    sale = sell(shop, line(price="5000"), member=m.member_code, approved_by=shop.manager_id)
    assert sale.points_earned == 200
    shop.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=m.member_code, reward_id="off50"))
    result = refund(shop, sale.receipt_no)
    assert result.negative_balance
    assert shop.points(m.member_id) == -200
    flagged = [c.entry for c in shop.state.entries if Flag.NEGATIVE_BALANCE in c.entry.flags]
    assert flagged and all(e.kind == EntryKind.REVERSAL for e in flagged)
    assert shop.accounts.account(m.member_code).negative_balance
    assert any(a.action == "sale.refund" and '"negative_balance": true' in a.details_json for a in shop.state.audit)
    assert_clean(shop)  # negative, but flagged: verify is satisfied


def test_a_sale_is_refunded_once() -> None:
    shop = cafe()
    m = enroll(shop)
    sale = sell(shop, line(price="100"), member=m.member_code)
    refund(shop, sale.receipt_no, command_id="r1")
    with pytest.raises(Conflict) as caught:
        refund(shop, sale.receipt_no, command_id="r2")
    assert caught.value.code == "refund.sale_already_refunded"
    # the same request repeated is not a second refund: it answers the first one
    again = refund(shop, sale.receipt_no, command_id="r1")
    assert again.receipt_no == "C1-R00001" and len(shop.state.refunds) == 1
    assert_clean(shop)


def test_void_is_only_for_todays_sales() -> None:
    shop = cafe()
    today = sell(shop, line(price="100"))
    assert refund(shop, today.receipt_no, kind="void").kind == "void"  # type: ignore[attr-defined]
    assert shop.state.sales[today.sale_id].status == "voided"
    yesterday = sell(shop, line(price="100"))
    shop.clock.advance(days=1)
    with pytest.raises(InvalidInput) as caught:
        refund(shop, yesterday.receipt_no, kind="void")
    assert caught.value.code == "refund.void_not_today"
    assert refund(shop, yesterday.receipt_no).kind == "refund"  # type: ignore[attr-defined]


def test_refunds_need_a_manager() -> None:
    shop = cafe()
    sale = sell(shop, line(price="100"))
    with pytest.raises(ManagerApprovalRequired) as missing:
        refund(shop, sale.receipt_no, approved_by=None)
    assert missing.value.reason == "refund"
    with pytest.raises(PermissionDenied) as cashier:
        refund(shop, sale.receipt_no, approved_by=shop.cashier_id)
    assert cashier.value.code == "refund.not_manager"
    relaxed = make_shop(ProgramConfig(), ShopPolicy(refund_needs_manager=False))
    other = sell(relaxed, line(price="100"))
    assert refund(relaxed, other.receipt_no, approved_by=None).amount == money("100")  # type: ignore[attr-defined]


def test_unknown_receipt_and_bad_kind() -> None:
    shop = cafe()
    with pytest.raises(NotFound) as caught:
        refund(shop, "C1-999999")
    assert caught.value.code == "refund.receipt_not_found" and "C1-999999" in caught.value.message
    with pytest.raises(InvalidInput):
        refund(shop, "C1-000001", kind="exchange")


def test_refunded_voucher_can_be_used_again() -> None:
    shop = make_shop(cafe_programs(bonuses=BonusRules(), cashback=CashbackRules()))
    m = enroll(shop)
    give_points(shop, m.member_code, 200)
    voucher = shop.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=m.member_code,
                                                         reward_id="off50"))
    sale = sell(shop, line(price="80"), voucher_codes=(voucher.voucher_code,))
    result = refund(shop, sale.receipt_no)
    assert result.vouchers_returned == 1  # type: ignore[attr-defined]
    again = sell(shop, line(price="80"), voucher_codes=(voucher.voucher_code,))
    assert again.amount_due == money("30")


def test_refund_idempotency_conflict_on_a_different_request() -> None:
    shop = cafe()
    a = sell(shop, line(price="100"))
    b = sell(shop, line(price="100"))
    cmd = RefundSale(command_id="same", receipt_no=a.receipt_no, approved_by=shop.manager_id)
    shop.refunds.refund(cmd)
    with pytest.raises(Conflict) as caught:
        shop.refunds.refund(replace(cmd, receipt_no=b.receipt_no))
    assert caught.value.code == "request.id_reused"


# -- issue 13, item 5: refunds of part of a receipt ------------------------------------------------------------
def test_a_refund_of_some_lines_gives_back_its_share_and_the_rest_can_follow_later() -> None:
    shop = cafe()
    m = enroll(shop)
    give_points(shop, m.member_code, 300)
    sell(shop, line(price="500"), member=m.member_code, command_id="earlier")  # store credit to spend
    before = shop.balances(m.member_id)
    sale = sell(shop, line("LATTE", "65", qty=3), line("CAKE", "95"), line(price="200"), member=m.member_code,
                points_to_spend=100, credit_to_spend=money("5"))
    goods = 3 * 65 + 95 + 200  # 490
    first = refund(shop, sale.receipt_no, lines=(RefundLine(0, 1), RefundLine(1, 1)))  # a latte and the cake
    share = (65 + 95) / goods
    assert first.lines == (("LATTE", 1), ("CAKE", 1)) and not first.sale_fully_refunded
    assert first.amount.minor == round(sale.amount_due.minor * share)
    assert first.points_reversed == round(sale.points_earned * share)
    assert first.points_returned == round(100 * share) and first.stamps_reversed == 1  # one latte of three
    assert shop.state.sales[sale.sale_id].status == "partly_refunded"
    left = shop.refunds.refundable(sale.receipt_no)
    assert [(ln.name, ln.left) for ln in left.lines] == [("LATTE", 2), ("CAKE", 0), ("Amount", 1)]
    assert left.refunded == first.amount
    with pytest.raises(InvalidInput) as too_many:
        refund(shop, sale.receipt_no, lines=(RefundLine(1, 1),))
    assert too_many.value.code == "refund.more_than_sold"
    rest = refund(shop, sale.receipt_no)  # no lines: whatever is left
    assert rest.sale_fully_refunded and rest.lines == (("LATTE", 2), ("Amount", 1))
    assert first.amount + rest.amount == sale.amount_due  # the parts add up to the whole, to the satang
    assert first.points_reversed + rest.points_reversed == sale.points_earned
    assert first.points_returned + rest.points_returned == 100
    assert first.credit_returned + rest.credit_returned == money("5")
    assert first.stamps_reversed + rest.stamps_reversed == 3
    assert {u: v for u, v in shop.balances(m.member_id).items() if v} == {u: v for u, v in before.items() if v}
    assert shop.state.sales[sale.sale_id].status == "refunded"
    with pytest.raises(Conflict):
        refund(shop, sale.receipt_no)
    assert_clean(shop)


def test_a_void_is_the_whole_sale() -> None:
    shop = cafe()
    m = enroll(shop)
    sale = sell(shop, line("LATTE", "65", qty=2), member=m.member_code)
    with pytest.raises(InvalidInput) as partial:
        refund(shop, sale.receipt_no, kind="void", lines=(RefundLine(0, 1),))
    assert partial.value.code == "refund.void_partial"
    refund(shop, sale.receipt_no, lines=(RefundLine(0, 1),))
    with pytest.raises(InvalidInput):
        refund(shop, sale.receipt_no, kind="void")
    with pytest.raises(InvalidInput) as no_line:
        refund(shop, sale.receipt_no, lines=(RefundLine(5, 1),))
    assert no_line.value.code == "refund.bad_refund_line"


def test_refunding_the_sale_that_completed_a_card_after_its_free_coffee_was_used_owes_a_stamp() -> None:
    shop = make_shop(cafe_programs(bonuses=BonusRules()))
    m = enroll(shop)
    card = shop.ctx.programs.stamp_card("coffee")
    assert card is not None and card.required == 10
    filling = sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    completing = sell(shop, line("LATTE", "65", qty=5), member=m.member_code)
    assert completing.stamps[0].completed == 1
    sell(shop, line("LATTE", "65"), member=m.member_code, stamp_rewards=("coffee",))  # the free coffee, used
    result = refund(shop, completing.receipt_no)
    balances = shop.balances(m.member_id)
    assert balances.get(reward_unit("coffee"), 0) == 0  # never "-1 × Free coffee ready"
    assert result.rewards_reversed == 0 and result.stamps_reversed == 5
    assert balances[stamps_unit("coffee")] == -5 and result.negative_balance  # owed, flagged for the manager
    account = shop.accounts.account(m.member_code)
    assert account.stamp_cards[0].rewards_ready == 0 and account.negative_balance
    assert filling.stamps[0].earned == 5
    assert_clean(shop)


# -- tiers: a refund or void takes back the tier its sale reached --------------------------------------------
def tier_of(shop: Shop, member_code: str) -> str | None:
    account = shop.accounts.account(member_code)
    return account.tier.name if account.tier else None


def tier_shop() -> Shop:
    return make_shop(cafe_programs(bonuses=BonusRules(), cashback=CashbackRules()))


def test_a_refunded_sale_takes_back_the_tier_it_reached() -> None:
    shop = tier_shop()
    member = enroll(shop)
    sell(shop, line(price="100"), member=member.member_code)
    big = sell(shop, line(price="10000"), member=member.member_code, approved_by=shop.manager_id)
    assert big.tier == "Gold"
    refund(shop, big.receipt_no)
    assert tier_of(shop, member.member_code) == "Bronze"  # ฿100 left: Bronze, not Gold for the retention period
    assert sell(shop, line(price="100"), member=member.member_code).points_earned == 4  # 1x, not 1.5x


def test_a_void_takes_back_silver_and_a_partial_refund_keeps_what_the_rest_qualifies_for() -> None:
    shop = tier_shop()
    member = enroll(shop)
    silver = sell(shop, line(price="3000"), member=member.member_code, approved_by=shop.manager_id)
    assert silver.tier == "Silver"
    refund(shop, silver.receipt_no, kind="void")
    assert tier_of(shop, member.member_code) == "Bronze"
    gold = sell(shop, line("A", "6000"), line("B", "4000"), member=member.member_code, approved_by=shop.manager_id)
    assert gold.tier == "Gold"
    refund(shop, gold.receipt_no, lines=(RefundLine(index=1, quantity=1),))  # ฿6,000 stays: Silver
    assert tier_of(shop, member.member_code) == "Silver"


def test_a_refund_keeps_the_tier_held_before_the_sale_with_its_retention() -> None:
    programs = cafe_programs(bonuses=BonusRules(), cashback=CashbackRules())
    shop = make_shop(replace(programs, tiers=replace(programs.tiers, window_days=90)))
    member = enroll(shop)
    sell(shop, line(price="3000"), member=member.member_code, approved_by=shop.manager_id)  # Silver for a year
    shop.clock.advance(days=100)  # the ฿3,000 left the 90-day window, Silver is kept until its review
    held = shop.state.tiers[member.member_id]
    assert held.tier == "Silver"
    big = sell(shop, line(price="10000"), member=member.member_code, approved_by=shop.manager_id)
    assert big.tier == "Gold"
    refund(shop, big.receipt_no)
    assert shop.state.tiers[member.member_id] == held  # Silver again, reviewed when it was due before the sale
    assert tier_of(shop, member.member_code) == "Silver"


def test_a_refund_of_a_sale_that_moved_no_tier_keeps_the_tier() -> None:
    shop = tier_shop()
    member = enroll(shop)
    gold = sell(shop, line(price="10000"), member=member.member_code, approved_by=shop.manager_id)
    assert gold.tier == "Gold"
    small = sell(shop, line(price="100"), member=member.member_code)
    refund(shop, small.receipt_no)
    assert tier_of(shop, member.member_code) == "Gold"


def test_a_refund_takes_back_a_tier_reached_on_points() -> None:
    """With tiers on points earned, the points a refund took back no longer count toward the tier."""
    programs = cafe_programs(bonuses=BonusRules(), cashback=CashbackRules())
    tiers = replace(programs.tiers, metric="points", levels=tuple(
        replace(level, threshold=points) for level, points in zip(programs.tiers.levels, (0, 100, 400), strict=True)))
    shop = make_shop(replace(programs, tiers=tiers))
    member = enroll(shop)
    big = sell(shop, line(price="3000"), member=member.member_code, approved_by=shop.manager_id)  # 120 points
    assert big.tier == "Silver"
    refund(shop, big.receipt_no)
    assert tier_of(shop, member.member_code) == "Bronze"
