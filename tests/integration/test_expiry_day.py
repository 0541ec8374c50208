"""What the shop shows is what holds: points, store credit, a free item and a voucher shown (and printed) expiring
on a date are good through the whole of that business day in the shop's time zone, whatever time of day they
were earned, and end as it ends (a black-box test: a voucher "valid until 30 Dec 2569" refused at 18:01 on 30 Dec,
points "Expiring 27 Nov 2027" gone at 18:30 with "The member has 0 points"). A refusal after the day says what
expired, and when."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, IssueVoucher, RecordSale
from kiosk.domain.documents import SaleReceipt
from kiosk.domain.errors import InsufficientBalance, InvalidCode
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.l10n.catalogue import render
from kiosk.services.common import EntryWriter, expiry_from
from kiosk.services.context import FixedClock
from kiosk.services.receipt_copies import ReceiptCopies

BKK = ZoneInfo("Asia/Bangkok")  # the shop's time zone (the settings' default)
PHONE = "0890000090"
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
CAKE = CartLine("Cake", Money(10000), 1, "CAKE")


def bkk(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BKK)


EARNED = bkk(2026, 11, 27, 8)  # earned at 08:00: its time of day is not when it ends
SHOWN = date(2027, 11, 27)  # twelve months on: the day the customer is shown
ON_THE_DAY = [bkk(2027, 11, 27, 9), bkk(2027, 11, 27, 18, 30), bkk(2027, 11, 27, 23, 59, 59)]
AFTER = bkk(2027, 11, 28, 0, 0, 1)  # just after that business day ends


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Wiring, FixedClock]]:
    clock = FixedClock(EARNED)
    with wire(load_settings(data_dir=tmp_path), clock=clock) as wiring:
        wiring.services.enrollment.enroll(EnrollMember(command_id="join", name="E", phone=PHONE,
                                                       consent_version="2026-01"))  # +50 points, 12 months
        yield wiring, clock


def sale(wiring: Wiring, command_id: str, *lines: CartLine, **redemptions: object) -> int:
    result = wiring.services.checkout.record_sale(RecordSale(
        command_id=command_id, lines=lines, member_code=PHONE, print_receipt=False,
        **redemptions))  # type: ignore[arg-type]
    return result.points_balance


def expiring(wiring: Wiring, kind: str) -> list[tuple[date, int, Money]]:
    return [(e.on, e.amount, e.value) for e in wiring.services.accounts.account(PHONE).expiring if e.kind == kind]


# ---------------------------------------------------------------------------------------------------- points
@pytest.mark.parametrize("at", ON_THE_DAY, ids=["09:00", "18:30", "23:59:59"])
def test_points_are_good_through_the_day_they_are_shown_expiring_on(shop: tuple[Wiring, FixedClock],
                                                                   at: datetime) -> None:
    wiring, clock = shop
    clock.at = at
    assert wiring.services.accounts.account(PHONE).points == 50
    assert expiring(wiring, "points") == [(SHOWN, 50, Money(0))]
    assert wiring.services.expiry.run().points_expired == 0  # the expiry run leaves them be that day
    assert sale(wiring, "spend", CAKE, points_to_spend=20) >= 30  # spent at the counter
    assert wiring.services.verify.run().ok


def test_points_end_as_their_day_ends_and_the_refusal_says_they_expired(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    clock.at = AFTER
    assert wiring.services.accounts.account(PHONE).points == 0
    with pytest.raises(InsufficientBalance) as refused:
        sale(wiring, "spend", LATTE, points_to_spend=20)
    assert refused.value.code == "program.not_enough_points_expired"
    assert "50 points expired on 27 Nov 2027" in refused.value.message
    assert "หมดอายุ" in render(refused.value.code, refused.value.params, "th")
    result = wiring.services.expiry.run()
    assert (result.points_expired, result.members) == (50, 1)
    with wiring.uow_factory(readonly=True) as uow:
        member_id = wiring.services.accounts.account(PHONE).member_id
        written = uow.ledger.last_entry_of_kind(member_id, EntryKind.EXPIRY.value)
        assert written is not None and written.business_date == date(2027, 11, 28)  # the day after the shown one
    assert wiring.services.verify.run().ok


def test_a_voucher_asked_for_with_points_that_expired_says_they_expired(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    member_id = wiring.services.accounts.account(PHONE).member_id
    with wiring.uow_factory() as uow:  # 150 more points earned with the sign-up bonus: 200 in all
        EntryWriter(uow, wiring.services.ctx, EARNED, "more-points").write(
            kind=EntryKind.ADJUSTMENT, member_id=member_id,
            postings=transfer(unit=POINTS, amount=150, to_account=member_account(member_id, Bucket.POINTS),
                              from_account=ProgramAccount.ADJUSTED, expires_at=expiry_from(EARNED, 12, BKK)))
        uow.commit()
    ask = IssueVoucher(command_id="voucher", member_code=PHONE, reward_id="off50", print_voucher=False)
    clock.at = bkk(2027, 11, 27, 18, 30)
    assert wiring.services.accounts.account(PHONE).points == 200
    clock.at = AFTER
    with pytest.raises(InsufficientBalance) as refused:
        wiring.services.redemption.issue_voucher(ask)
    assert refused.value.code == "reward.not_enough_points_expired"
    assert refused.value.message.endswith("you have 0. 200 points expired on 27 Nov 2027.")


def test_a_receipt_copy_made_again_from_the_ledger_shows_the_points_held_that_evening(
        shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    clock.at = bkk(2027, 11, 27, 18, 30)
    result = wiring.services.checkout.record_sale(RecordSale(command_id="evening", lines=(CAKE,), member_code=PHONE,
                                                             print_receipt=False))
    assert result.points_balance == 50 + result.points_earned
    clock.at = AFTER  # made again the next day, from the ledger
    copy = ReceiptCopies(wiring.uow_factory, clock, wiring.services.live).document(result.sale_id)
    assert copy is not None and isinstance(copy[1], SaleReceipt) and copy[1].loyalty is not None
    assert copy[1].loyalty.points_balance == result.points_balance


def test_the_expiry_run_writes_off_what_ended_even_after_it_ran_earlier_that_day(
        shop: tuple[Wiring, FixedClock]) -> None:
    """An expiry run on the shown day (after the time of day earned) takes nothing; the next day's run takes the
    points, though they are dated before that earlier run."""
    wiring, clock = shop
    clock.at = bkk(2027, 11, 27, 18, 30)
    assert wiring.services.expiry.run().points_expired == 0
    clock.at = AFTER
    assert wiring.services.expiry.run().points_expired == 50
    assert wiring.services.accounts.account(PHONE).points == 0


# ---------------------------------------------------------------------------------------------- store credit
def _credit_earned(wiring: Wiring) -> Money:
    sale(wiring, "big-cake", CartLine("Cake", Money(50000), 1, "CAKE"))  # earns cashback: store credit
    credit = wiring.services.accounts.account(PHONE).credit
    assert credit.minor > 0
    return credit


@pytest.mark.parametrize("at", ON_THE_DAY[:2], ids=["09:00", "18:30"])
def test_store_credit_is_good_through_the_day_it_is_shown_expiring_on(shop: tuple[Wiring, FixedClock],
                                                                       at: datetime) -> None:
    wiring, clock = shop
    credit = _credit_earned(wiring)
    clock.at = at
    assert wiring.services.accounts.account(PHONE).credit == credit
    assert expiring(wiring, "credit") == [(SHOWN, 0, credit)]
    assert wiring.services.expiry.run().credit_expired == 0
    sale(wiring, "spend-credit", CAKE, credit_to_spend=credit)
    assert wiring.services.accounts.account(PHONE).credit.minor == 0


def test_store_credit_ends_as_its_day_ends_and_the_refusal_says_it_expired(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    credit = _credit_earned(wiring)
    clock.at = AFTER
    assert wiring.services.accounts.account(PHONE).credit.minor == 0
    with pytest.raises(InsufficientBalance) as refused:
        sale(wiring, "spend-credit", CAKE, credit_to_spend=credit)
    assert refused.value.code == "program.not_enough_credit_expired"
    assert refused.value.params["expired"] == credit and refused.value.params["day"] == SHOWN
    assert "expired on 27 Nov 2027" in refused.value.message
    assert wiring.services.expiry.run().credit_expired == credit.minor


# ------------------------------------------------------------------------------------------ stamp rewards
def _free_coffee_ready(wiring: Wiring, clock: FixedClock) -> date:
    """A full coffee card, its last stamp at 08:00: the day its free coffee is shown expiring on."""
    card = wiring.services.ctx.programs.stamp_card("coffee")
    assert card is not None
    for i in range(card.required):  # one a day (a card takes one stamp a day)
        clock.at = bkk(2026, 12, 1, 8) + timedelta(days=i)
        sale(wiring, f"coffee-{i}", LATTE)
    ends = expiry_from(clock.at, card.reward_expiry_months, BKK)
    assert ends is not None
    day = ends.astimezone(BKK).date()  # six months on, the lot's date
    now, clock.at = clock.at, _on(day, 0, 0, 1)
    assert expiring(wiring, "reward") == [(day, 1, Money(0))]  # what the member is shown, that day
    clock.at = now
    return day


def _on(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return bkk(day.year, day.month, day.day, hour, minute, second)


@pytest.mark.parametrize("time", [(9, 0), (18, 30)], ids=["09:00", "18:30"])
def test_a_free_coffee_is_good_through_the_day_it_is_shown_expiring_on(shop: tuple[Wiring, FixedClock],
                                                                     time: tuple[int, int]) -> None:
    wiring, clock = shop
    day = _free_coffee_ready(wiring, clock)
    clock.at = _on(day, *time)
    assert wiring.services.accounts.account(PHONE).stamp_cards[0].rewards_ready == 1
    assert wiring.services.expiry.run().rewards_expired == 0
    sale(wiring, "free-coffee", LATTE, stamp_rewards=("coffee",))
    assert wiring.services.accounts.account(PHONE).stamp_cards[0].rewards_ready == 0


def test_a_free_coffee_ends_as_its_day_ends_and_the_refusal_says_it_expired(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    day = _free_coffee_ready(wiring, clock)
    clock.at = _on(day, 23, 59, 59)
    assert wiring.services.accounts.account(PHONE).stamp_cards[0].rewards_ready == 1
    clock.advance(seconds=2)
    assert wiring.services.accounts.account(PHONE).stamp_cards[0].rewards_ready == 0
    with pytest.raises(InsufficientBalance) as refused:
        sale(wiring, "free-coffee", LATTE, stamp_rewards=("coffee",))
    assert refused.value.code == "program.no_stamp_reward_expired"
    assert (refused.value.params["count"], refused.value.params["day"]) == (1, day)
    assert wiring.services.expiry.run().rewards_expired == 1


# ------------------------------------------------------------------------------------------------ vouchers
def _voucher(wiring: Wiring) -> tuple[str, date | None]:
    """A voucher for 50 baht off, issued at 08:00 on 30 Nov 2026 (valid 30 days)."""
    member_id = wiring.services.accounts.account(PHONE).member_id
    with wiring.uow_factory() as uow:  # points to pay for it that never expire
        EntryWriter(uow, wiring.services.ctx, EARNED, "points-for-a-voucher").write(
            kind=EntryKind.ADJUSTMENT, member_id=member_id,
            postings=transfer(unit=POINTS, amount=200, to_account=member_account(member_id, Bucket.POINTS),
                              from_account=ProgramAccount.ADJUSTED))
        uow.commit()
    result = wiring.services.redemption.issue_voucher(IssueVoucher(command_id="voucher", member_code=PHONE,
                                                                   reward_id="off50", print_voucher=False))
    return result.voucher_code, result.expires_on


@pytest.mark.parametrize("at", [bkk(2026, 12, 30, 9), bkk(2026, 12, 30, 18, 1)], ids=["09:00", "18:01"])
def test_a_voucher_is_good_through_the_day_it_is_printed_valid_until(shop: tuple[Wiring, FixedClock],
                                                                    at: datetime) -> None:
    wiring, clock = shop
    clock.at = bkk(2026, 11, 30, 8)
    code, valid_until = _voucher(wiring)
    assert valid_until == date(2026, 12, 30)  # what the slip prints
    clock.at = at
    sale(wiring, "with-voucher", CAKE, voucher_codes=(code,))


def test_a_voucher_ends_as_its_day_ends_and_says_when_it_expired(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    clock.at = bkk(2026, 11, 30, 8)
    code, _ = _voucher(wiring)
    clock.at = bkk(2026, 12, 31, 0, 0, 1)
    with pytest.raises(InvalidCode) as refused:
        sale(wiring, "with-voucher", CAKE, voucher_codes=(code,))
    assert refused.value.code == "checkout.voucher_expired"
    assert refused.value.message == "This voucher expired on 30 Dec 2026."


def test_points_earned_before_dawn_expire_the_same_day_twelve_months_on(shop: tuple[Wiring, FixedClock]) -> None:
    """Earned 1 Mar 2027 at 03:00 in Bangkok (28 Feb in UTC): shown expiring 1 Mar 2028, not 29 Feb; the months
    were added to the UTC instant."""
    wiring, clock = shop
    clock.at = bkk(2027, 3, 1, 3).astimezone(UTC)  # as the system clock gives it
    sale(wiring, "before-dawn", CAKE)
    clock.at = bkk(2028, 2, 20, 12)  # the sign-up bonus is gone by now: only the sale's points are left
    assert [on for on, _, _ in expiring(wiring, "points")] == [date(2028, 3, 1)]
    assert wiring.services.expiry.run().points_expired == 50  # the sign-up bonus's, of Nov 2026
    earned = wiring.services.accounts.account(PHONE).points
    clock.at = bkk(2028, 2, 29, 23, 59)
    assert wiring.services.expiry.run().points_expired == 0  # still good on 29 Feb
    assert earned > 0 and wiring.services.accounts.account(PHONE).points == earned
