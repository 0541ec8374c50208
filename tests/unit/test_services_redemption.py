"""Points outside a sale on the fakes: vouchers, donations, manager adjustments and review bonuses."""

from __future__ import annotations

import pytest

from kiosk.domain.commands import AdjustPoints, AwardReviewBonus, DonatePoints, IssueVoucher
from kiosk.domain.errors import (
    Conflict,
    InsufficientBalance,
    InvalidInput,
    ManagerApprovalRequired,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from kiosk.domain.ledger import POINTS, EntryKind, Flag, ProgramAccount
from kiosk.domain.programs.config import BonusRules, ProgramConfig
from kiosk.services.context import ShopPolicy
from tests.unit.fakes import Shop, cafe_programs, enroll, make_shop, money


def cafe(policy: ShopPolicy | None = None) -> tuple[Shop, str, str]:
    shop = make_shop(cafe_programs(bonuses=BonusRules(review_points=30)), policy)
    m = enroll(shop)
    shop.redemption.adjust(AdjustPoints(command_id="seed", member_code=m.member_code, points=300, reason="seed",
                                        approved_by=shop.manager_id))
    return shop, m.member_code, m.member_id


# -- vouchers ------------------------------------------------------------------------------------------------
def test_voucher_spends_points_and_prints_a_single_use_slip() -> None:
    shop, code, mid = cafe()
    result = shop.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code=code, reward_id="off50"))
    assert result.points_spent == 200 and result.points_balance == 100 == shop.points(mid)
    assert result.voucher_code.startswith("LK1V") and result.reward_name == "50 baht off"
    assert result.expires_at == shop.clock.now().replace(day=9, month=4)  # 30 days
    slip = shop.state.print_jobs[-1]["document"]
    assert slip.voucher_code == result.voucher_code and slip.member_name == "Somchai J."
    assert shop.state.balances[(ProgramAccount.VOUCHERS.value, POINTS)] == 200
    again = shop.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code=code, reward_id="off50"))
    assert again == result and shop.points(mid) == 100 and len(shop.state.vouchers) == 1


def test_voucher_refusals() -> None:
    shop, code, mid = cafe()
    with pytest.raises(NotFound) as unknown:
        shop.redemption.issue_voucher(IssueVoucher(command_id="a", member_code=code, reward_id="caviar"))
    assert unknown.value.code == "reward.unknown_reward"
    shop.redemption.issue_voucher(IssueVoucher(command_id="b", member_code=code, reward_id="off50"))
    with pytest.raises(InsufficientBalance) as poor:
        shop.redemption.issue_voucher(IssueVoucher(command_id="c", member_code=code, reward_id="off50"))
    assert poor.value.code == "reward.not_enough_points" and "you have 100" in poor.value.message
    assert shop.points(mid) == 100


# -- donations -----------------------------------------------------------------------------------------------
def test_donation_moves_points_to_the_cause() -> None:
    shop, code, mid = cafe()
    result = shop.redemption.donate(DonatePoints(command_id="d", member_code=code, cause_id="dogs", points=40))
    assert (result.cause, result.points, result.value, result.points_balance) == ("Soi Dogs", 40, money("10"), 260)
    assert shop.state.balances[(ProgramAccount.DONATED.value, POINTS)] == 40
    entry = shop.state.entries[-1].entry
    assert entry.kind == EntryKind.DONATION and entry.memo == "cause:dogs"


@pytest.mark.parametrize("cause, points, error, code", [
    ("dogs", 0, InvalidInput, "reward.bad_points"),
    ("dogs", -5, InvalidInput, "reward.bad_points"),
    ("dogs", 10, RuleViolation, "reward.below_min_donation"),
    ("cats", 40, NotFound, "reward.unknown_cause"),
    ("dogs", 301, InsufficientBalance, "reward.not_enough_to_donate"),
])
def test_donation_refusals(cause: str, points: int, error: type, code: str) -> None:
    shop, member, mid = cafe()
    with pytest.raises(error) as caught:
        shop.redemption.donate(DonatePoints(command_id="d", member_code=member, cause_id=cause, points=points))
    assert caught.value.code == code
    assert shop.points(mid) == 300


def test_donations_can_be_switched_off() -> None:
    shop = make_shop(ProgramConfig())
    m = enroll(shop)
    with pytest.raises(RuleViolation) as caught:
        shop.redemption.donate(DonatePoints(command_id="d", member_code=m.member_code, cause_id="x", points=50))
    assert caught.value.code == "reward.donations_off"


# -- adjustments ---------------------------------------------------------------------------------------------
def test_adjustment_needs_a_manager_and_a_reason() -> None:
    shop, code, mid = cafe()
    cmd = AdjustPoints(command_id="adj", member_code=code, points=25, reason="missed sale")
    with pytest.raises(ManagerApprovalRequired):
        shop.redemption.adjust(cmd)
    with pytest.raises(PermissionDenied) as cashier:
        shop.redemption.adjust(AdjustPoints(command_id="adj", member_code=code, points=25, reason="missed sale",
                                            approved_by=shop.cashier_id))
    assert cashier.value.code == "reward.adjust_not_manager"
    with pytest.raises(InvalidInput) as reason:
        shop.redemption.adjust(AdjustPoints(command_id="adj", member_code=code, points=25, reason="   ",
                                            approved_by=shop.manager_id))
    assert reason.value.code == "reward.reason_required"
    for bad in (0, 2_000_000):
        with pytest.raises(InvalidInput):
            shop.redemption.adjust(AdjustPoints(command_id="adj", member_code=code, points=bad, reason="x",
                                                approved_by=shop.manager_id))
    assert shop.points(mid) == 300


def test_adjustment_adds_with_an_expiry_and_removes_no_more_than_the_balance() -> None:
    shop, code, mid = cafe()
    added = shop.redemption.adjust(AdjustPoints(command_id="add", member_code=code, points=25,
                                                reason="missed  sale\n", approved_by=shop.manager_id))
    assert added.points_balance == 325
    entry = shop.state.entries[-1].entry
    assert entry.kind == EntryKind.ADJUSTMENT and entry.flags == (Flag.OVERRIDE,) and entry.memo == "missed sale"
    assert entry.postings[0].expires_at is not None
    with pytest.raises(InsufficientBalance):
        shop.redemption.adjust(AdjustPoints(command_id="rm", member_code=code, points=-326, reason="typo",
                                            approved_by=shop.manager_id))
    removed = shop.redemption.adjust(AdjustPoints(command_id="rm2", member_code=code, points=-325, reason="typo",
                                                  approved_by=shop.manager_id))
    assert removed.points_balance == 0 == shop.points(mid)
    audit = [a for a in shop.state.audit if a.action == "points.adjusted"]
    assert len(audit) == 3 and audit[-1].staff_id == shop.manager_id


def test_adjustment_without_manager_policy() -> None:
    shop = make_shop(ProgramConfig(), ShopPolicy(adjustment_needs_manager=False))
    m = enroll(shop)
    assert shop.redemption.adjust(AdjustPoints(command_id="a", member_code=m.member_code, points=5,
                                               reason="goodwill")).points_balance == 5


# -- review bonus ----------------------------------------------------------------------------------------------
def test_review_bonus_once_per_period() -> None:
    shop, code, mid = cafe(ShopPolicy(review_bonus_once_per_days=30))
    first = shop.redemption.review_bonus(AwardReviewBonus(command_id="r1", member_code=code))
    assert (first.points, first.points_balance) == (30, 330)
    shop.clock.advance(days=29)
    with pytest.raises(RuleViolation) as caught:
        shop.redemption.review_bonus(AwardReviewBonus(command_id="r2", member_code=code))
    assert caught.value.code == "reward.review_bonus_given"
    shop.clock.advance(days=1)
    assert shop.redemption.review_bonus(AwardReviewBonus(command_id="r3", member_code=code)).points_balance == 360
    with pytest.raises(Conflict):
        shop.redemption.review_bonus(AwardReviewBonus(command_id="r3", member_code="0899999999"))


def test_review_bonus_off() -> None:
    shop = make_shop(ProgramConfig())
    m = enroll(shop)
    with pytest.raises(RuleViolation) as caught:
        shop.redemption.review_bonus(AwardReviewBonus(command_id="r", member_code=m.member_code))
    assert caught.value.code == "reward.review_bonus_off"
