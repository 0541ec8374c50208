"""A void or a whole refund of the sale that paid a first-purchase bonus (a referral's, both sides; a birthday's)
takes it back, and the member's next real purchase pays it: given once, never twice, never lost."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.domain.commands import IssueVoucher, RefundLine
from kiosk.domain.events import BonusAwarded
from kiosk.domain.ledger import EntryKind, Flag
from kiosk.domain.programs.config import BonusRules, ProgramConfig
from kiosk.l10n.catalogue import say
from tests.unit.fakes import Shop, cafe_programs, enroll, line, make_shop, sell
from tests.unit.test_services_checkout import give_points
from tests.unit.test_services_refunds import assert_clean, refund

REFERRAL = BonusRules(referral_referrer_points=100, referral_new_member_points=50)


def referred_pair(shop: Shop) -> tuple[str, str, str]:
    """(the friend's id, the new member's id, the new member's code): the new member came with the friend's code."""
    friend = enroll(shop, phone="0811111111", name="Friend One")
    code = shop.state.members[friend.member_id].referral_code
    new = enroll(shop, phone="0822222222", name="New Member", referral_code=code)
    return friend.member_id, new.member_id, new.member_code


def code_of(shop: Shop, member_id: str) -> str:
    phone = shop.state.members[member_id].phone
    assert phone is not None
    return shop.accounts.account(phone).member_code


def standing(shop: Shop, kind: EntryKind) -> list[str]:
    """The ids of the entries of `kind` no reversal took back."""
    undone = {c.entry.reverses_id for c in shop.state.entries if c.entry.reverses_id}
    return [c.entry.id for c in shop.state.entries if c.entry.kind == kind and c.entry.id not in undone]


@pytest.mark.parametrize("kind", ["void", "refund"])
def test_taking_back_the_first_sale_takes_the_referral_back_and_the_next_sale_pays_it_once(kind: str) -> None:
    shop = make_shop(cafe_programs(bonuses=REFERRAL))
    friend, new, code = referred_pair(shop)
    first = sell(shop, line(price="100"), member=code)
    assert BonusAwarded("referral", 50) in first.events
    assert shop.points(friend) == 100 and shop.points(new) == first.points_earned + 50

    result = refund(shop, first.receipt_no, kind=kind)
    assert shop.points(friend) == 0 and shop.points(new) == 0
    assert result.points_reversed == first.points_earned + 50  # type: ignore[attr-defined]  # the member's own
    said = [say(event, "en") for event in result.events]  # type: ignore[attr-defined]
    assert "Referral bonus taken back from both friends" in said
    assert not shop.state.members[new].referral_rewarded  # not yet rewarded: the next purchase is the first
    assert standing(shop, EntryKind.REFERRAL_BONUS) == []
    assert_clean(shop)

    shop.clock.advance(minutes=5)
    second = sell(shop, line(price="100"), member=code)
    assert BonusAwarded("referral", 50) in second.events
    assert shop.points(friend) == 100 and shop.points(new) == second.points_earned + 50
    assert shop.state.members[new].referral_rewarded
    shop.clock.advance(minutes=5)
    third = sell(shop, line(price="100"), member=code)
    assert BonusAwarded("referral", 50) not in third.events
    assert shop.points(friend) == 100  # paid once, never twice
    assert len(standing(shop, EntryKind.REFERRAL_BONUS)) == 1
    assert_clean(shop)


def test_a_partial_refund_keeps_the_referral_and_the_refund_that_completes_it_takes_it_back() -> None:
    shop = make_shop(cafe_programs(bonuses=REFERRAL))
    friend, new, code = referred_pair(shop)
    first = sell(shop, line(price="100"), line(price="100"), member=code)
    part = refund(shop, first.receipt_no, lines=(RefundLine(0, 1),))
    assert not part.sale_fully_refunded  # type: ignore[attr-defined]
    assert shop.points(friend) == 100 and shop.state.members[new].referral_rewarded  # half the purchase stands
    assert len(standing(shop, EntryKind.REFERRAL_BONUS)) == 1
    rest = refund(shop, first.receipt_no)
    assert rest.sale_fully_refunded  # type: ignore[attr-defined]
    assert shop.points(friend) == 0 and shop.points(new) == 0
    assert not shop.state.members[new].referral_rewarded
    assert_clean(shop)


def test_a_referrer_who_spent_the_bonus_owes_it_flagged_as_any_refund_after_spending() -> None:
    shop = make_shop(cafe_programs(bonuses=REFERRAL))
    friend, new, code = referred_pair(shop)
    first = sell(shop, line(price="100"), member=code)
    give_points(shop, code_of(shop, friend), 100)
    shop.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=code_of(shop, friend), reward_id="off50"))
    assert shop.points(friend) == 0
    result = refund(shop, first.receipt_no, kind="void")
    assert shop.points(friend) == -100 and result.negative_balance  # type: ignore[attr-defined]
    flagged = [c.entry for c in shop.state.entries if Flag.NEGATIVE_BALANCE in c.entry.flags]
    assert [e.kind for e in flagged] == [EntryKind.REVERSAL]
    assert shop.points(new) == 0
    assert_clean(shop)


def test_a_void_takes_the_birthday_bonus_back_and_the_next_sale_of_the_month_gives_it() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100)))
    today = shop.ctx.business_date(shop.clock.now())
    m = enroll(shop, birthday=date(1990, today.month, 1))
    first = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) in first.events
    result = refund(shop, first.receipt_no, kind="void")
    assert shop.points(m.member_id) == 0
    assert "Birthday bonus taken back" in [say(event, "en") for event in result.events]  # type: ignore[attr-defined]
    assert_clean(shop)
    shop.clock.advance(minutes=5)
    second = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) in second.events  # was lost: the reversed bonus still counted as given
    shop.clock.advance(minutes=5)
    third = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) not in third.events
    assert shop.points(m.member_id) == 100 + second.points_earned + third.points_earned
    assert len(standing(shop, EntryKind.BIRTHDAY_BONUS)) == 1
    assert_clean(shop)


def test_a_partial_refund_keeps_the_birthday_bonus() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100)))
    today = shop.ctx.business_date(shop.clock.now())
    m = enroll(shop, birthday=date(1990, today.month, 1))
    first = sell(shop, line(price="25"), line(price="25"), member=m.member_code)
    result = refund(shop, first.receipt_no, lines=(RefundLine(1, 1),))
    assert "Birthday bonus taken back" not in [say(event, "en") for event in result.events]  # type: ignore[attr-defined]
    assert len(standing(shop, EntryKind.BIRTHDAY_BONUS)) == 1
    assert_clean(shop)


def test_a_whole_refund_of_last_years_birthday_sale_takes_back_that_bonus_not_this_years() -> None:
    """The bonus a refund takes back was looked for as the member's last birthday bonus: once this year's was paid,
    last year's birthday sale refunded whole kept its bonus (and this year's stood too)."""
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100)))
    today = shop.ctx.business_date(shop.clock.now())
    m = enroll(shop, birthday=date(1990, today.month, 1))
    last_year = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) in last_year.events
    shop.clock.advance(days=364)  # the same month a year on
    this_year = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) in this_year.events
    paid_this_year = standing(shop, EntryKind.BIRTHDAY_BONUS)[-1]

    result = refund(shop, last_year.receipt_no)
    assert "Birthday bonus taken back" in [say(event, "en") for event in result.events]  # type: ignore[attr-defined]
    assert standing(shop, EntryKind.BIRTHDAY_BONUS) == [paid_this_year]
    assert shop.points(m.member_id) == 100 + this_year.points_earned
    assert_clean(shop)
    shop.clock.advance(minutes=5)
    again = sell(shop, line(price="25"), member=m.member_code)  # this year's stands: not paid twice
    assert BonusAwarded("birthday", 100) not in again.events
    assert standing(shop, EntryKind.BIRTHDAY_BONUS) == [paid_this_year]
    # and this year's sale refunded whole takes back this year's
    refund(shop, this_year.receipt_no)
    assert standing(shop, EntryKind.BIRTHDAY_BONUS) == []
    assert_clean(shop)


@pytest.mark.parametrize("kind", ["void", "refund"])
def test_a_referral_worth_nothing_rewards_no_one_so_a_void_leaves_no_flag_behind(kind: str) -> None:
    """A referral bonus of 0 points paid nothing but marked the member rewarded: the void of that sale had no entry
    to take back, so the flag stayed, and a shop that later gave referral points never paid this member's."""
    shop = make_shop(cafe_programs(bonuses=BonusRules(referral_referrer_points=0, referral_new_member_points=0)))
    friend, new, code = referred_pair(shop)
    first = sell(shop, line(price="100"), member=code)
    assert not [e for e in first.events if isinstance(e, BonusAwarded)]
    assert not shop.state.members[new].referral_rewarded and standing(shop, EntryKind.REFERRAL_BONUS) == []
    refund(shop, first.receipt_no, kind=kind)
    assert not shop.state.members[new].referral_rewarded
    assert_clean(shop)
    # the shop starts paying referrals: this member's next real purchase is paid it, once
    paying = make_shop(cafe_programs(bonuses=REFERRAL), store=shop.store, at=shop.clock.now() + timedelta(minutes=5))
    second = sell(paying, line(price="100"), member=code)
    assert BonusAwarded("referral", 50) in second.events and paying.points(friend) == 100
    assert paying.state.members[new].referral_rewarded
    paying.clock.advance(minutes=5)
    assert BonusAwarded("referral", 50) not in sell(paying, line(price="100"), member=code).events
    assert paying.points(friend) == 100
    assert_clean(paying)


def test_a_birthday_bonus_worth_nothing_writes_nothing() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=0)))
    today = shop.ctx.business_date(shop.clock.now())
    m = enroll(shop, birthday=date(1990, today.month, 1))
    first = sell(shop, line(price="25"), member=m.member_code)
    assert not [e for e in first.events if isinstance(e, BonusAwarded)]
    assert not [c for c in shop.state.entries if c.entry.kind == EntryKind.BIRTHDAY_BONUS]
    refund(shop, first.receipt_no, kind="void")
    assert_clean(shop)


def test_a_birthday_bonus_a_void_took_back_is_paid_by_the_next_purchase_in_the_next_month() -> None:
    """The void was on the last day of the birthday month and the next purchase the day after: the bonus was
    never paid again, though the README promises the next purchase pays it."""
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100)), at=datetime(2026, 3, 31, 3, 0, tzinfo=UTC))
    m = enroll(shop, birthday=date(1990, 3, 15))
    first = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) in first.events
    refund(shop, first.receipt_no, kind="void")
    shop.clock.advance(days=1)  # 1 April
    second = sell(shop, line(price="25"), member=m.member_code)
    assert BonusAwarded("birthday", 100) in second.events
    shop.clock.advance(minutes=5)
    assert BonusAwarded("birthday", 100) not in sell(shop, line(price="25"), member=m.member_code).events
    assert len(standing(shop, EntryKind.BIRTHDAY_BONUS)) == 1
    assert_clean(shop)


def test_a_late_birthday_bonus_still_leaves_next_years_and_is_owed_only_for_the_window() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100, birthday_owed_days=10)),
                     at=datetime(2026, 12, 31, 3, 0, tzinfo=UTC))
    m = enroll(shop, birthday=date(1990, 12, 15))
    refund(shop, sell(shop, line(price="25"), member=m.member_code).receipt_no, kind="void")
    shop.clock.advance(days=5)  # 5 January 2027: within the 10 days after December, paid for the 2026 birthday
    assert BonusAwarded("birthday", 100) in sell(shop, line(price="25"), member=m.member_code).events
    shop.clock.advance(days=335)  # 6 December 2027: this year's birthday month pays this year's bonus
    assert BonusAwarded("birthday", 100) in sell(shop, line(price="25"), member=m.member_code).events
    assert len(standing(shop, EntryKind.BIRTHDAY_BONUS)) == 2
    other = enroll(shop, phone="0833333333", name="Late", birthday=date(1990, 12, 2))
    refund(shop, sell(shop, line(price="25"), member=other.member_code).receipt_no, kind="void")
    shop.clock.advance(days=37)  # 12 January 2028: past December and its 10 days
    assert BonusAwarded("birthday", 100) not in sell(shop, line(price="25"), member=other.member_code).events
    assert_clean(shop)


def test_no_purchase_in_the_birthday_month_pays_no_bonus_after_it() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules(birthday_points=100)), at=datetime(2026, 4, 1, 3, 0, tzinfo=UTC))
    m = enroll(shop, birthday=date(1990, 3, 15))
    assert BonusAwarded("birthday", 100) not in sell(shop, line(price="25"), member=m.member_code).events
