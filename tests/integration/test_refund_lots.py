"""What a refund gives back of a spend goes back to the lots it was taken from, with their dates (a black-box test:
points spent on a refunded sale came back with no date and never expired; store credit the same)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli.members import _account_text
from kiosk.domain.commands import EraseMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.errors import KioskError
from kiosk.domain.ledger import POINTS, EntryKind, member_of
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.accounts import StampCardStatus
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app
from tests.unit.fakes import cached_pin_hash


def _shop_with_a_manager(tmp_path: Path, clock: FixedClock) -> Any:
    app = open_app(tmp_path, clock)
    with app.uow_factory() as uow:
        uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
        uow.commit()
    return app


def test_points_spent_on_a_refunded_sale_come_back_with_their_lots_dates(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)  # 50 sign-up points, for a year
        member = app.services.accounts.account(code).member_id
        with app.uow_factory(readonly=True) as uow:
            (signup,) = [e for e in uow.ledger.for_member(member) if e.kind == EntryKind.SIGNUP_BONUS]
        lot_expiry = next(p.expires_at for p in signup.postings if member_of(p.account) == member)
        assert lot_expiry is not None
        clock.advance(days=1)
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), member_code=code,
                                                            points_to_spend=40, payment_method="qr"))
        clock.advance(days=1)
        # two refunds of one line each: the 40 points come back in two parts, both dated as the lot they left
        for n in (0, 1):
            app.services.refunds.refund(RefundSale(command_id=f"r{n}", receipt_no=sale.receipt_no,
                                                   approved_by="manager", lines=(RefundLine(0, 1),)))
        with app.uow_factory(readonly=True) as uow:
            back = [p for e in uow.ledger.for_sale(sale.sale_id) if e.kind == EntryKind.REVERSAL
                    for p in e.postings if member_of(p.account) == member and p.unit == POINTS and p.amount > 0]
        assert sum(p.amount for p in back) == 40 and {p.expires_at for p in back} == {lot_expiry}
        assert app.services.accounts.account(code).points == 50
        clock.at = lot_expiry - timedelta(minutes=1)
        assert app.services.accounts.account(code).points == 50
        clock.at = lot_expiry + timedelta(days=1)  # as if the sale had never spent them: gone with their lot
        assert app.services.accounts.account(code).points == 0
        app.services.expiry.run()
        assert app.services.accounts.account(code).points == 0
        assert app.services.verify.run().ok


def test_store_credit_spent_on_a_refunded_sale_keeps_its_date(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        big = LATTE.__class__("Cake box", Money(100000), 1, "CAKE")  # ฿1,000: cashback as store credit
        app.services.checkout.record_sale(RecordSale(command_id="earn", lines=(big,), member_code=code,
                                                     payment_method="qr"))
        credit = app.services.accounts.account(code).credit
        assert credit.minor > 0
        clock.advance(days=1)
        spend = app.services.checkout.record_sale(RecordSale(command_id="spend", lines=(LATTE,), member_code=code,
                                                             credit_to_spend=credit, payment_method="qr"))
        app.services.refunds.refund(RefundSale(command_id="r", receipt_no=spend.receipt_no, approved_by="manager"))
        assert app.services.accounts.account(code).credit == credit
        member = app.services.accounts.account(code).member_id
        with app.uow_factory(readonly=True) as uow:
            earned = [p for e in uow.ledger.for_sale("earn") for p in e.postings
                      if member_of(p.account) == member and p.unit == "THB" and p.amount > 0]
            back = [p for e in uow.ledger.for_sale(spend.sale_id) if e.kind == EntryKind.REVERSAL
                    for p in e.postings if member_of(p.account) == member and p.unit == "THB" and p.amount > 0]
        assert earned and back and {p.expires_at for p in back} == {earned[0].expires_at} != {None}
        assert app.services.verify.run().ok


def test_a_refund_after_its_points_expired_takes_them_from_what_expired_not_from_the_member(tmp_path: Path) -> None:
    """A black-box test: refunding a sale whose points and cashback had already expired took them back a second
    time, leaving the member at -40 points and -฿20.00 and the day's report with negative issues."""
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        big = LATTE.__class__("Cake box", Money(100000), 1, "CAKE")  # ฿1,000: points and cashback
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(big,), member_code=code,
                                                            payment_method="qr"))
        assert sale.points_earned > 0 and sale.cashback.minor > 0
        clock.advance(days=400)  # everything the sale and the sign-up gave is past its date
        app.services.expiry.run()
        before = app.services.accounts.account(code)
        assert before.points == 0 and before.credit.minor == 0
        done = app.services.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no,
                                                      approved_by="manager"))
        after = app.services.accounts.account(code)
        assert after.points == 0 and after.credit.minor == 0  # not -40 and -฿20.00
        member = after.member_id
        with app.uow_factory(readonly=True) as uow:
            balances = uow.ledger.member_balances(member)
            reversals = [e for e in uow.ledger.for_sale(sale.sale_id) if e.kind == EntryKind.REVERSAL]
        assert all(v >= 0 for v in balances.values()), balances
        assert reversals and not any(f.value == "negative_balance" for e in reversals for f in e.flags)
        assert not any(member_of(p.account) == member for e in reversals for p in e.postings if p.unit == POINTS)
        assert done.receipt_no
        assert app.services.verify.run().ok


def test_points_spent_before_they_expired_are_still_owed_when_their_sale_is_refunded(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        big = LATTE.__class__("Cake box", Money(100000), 1, "CAKE")
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(big,), member_code=code,
                                                            payment_method="qr"))
        earned = sale.points_earned
        clock.advance(days=30)
        # all the sign-up points and 10 of the sale's: spent soonest-to-expire first (the sign-up's lot first)
        app.services.checkout.record_sale(RecordSale(command_id="spend", lines=(LATTE,), member_code=code,
                                                     points_to_spend=60, payment_method="qr"))
        clock.advance(days=400)
        app.services.expiry.run()
        app.services.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no, approved_by="manager"))
        # the 10 spent are owed; the rest the expiry took comes from what expired
        assert app.services.accounts.account(code).points == -10
        with app.uow_factory(readonly=True) as uow:
            reversal = [e for e in uow.ledger.for_sale(sale.sale_id) if e.kind == EntryKind.REVERSAL]
        member = app.services.accounts.account(code).member_id
        from_member = -sum(p.amount for e in reversal for p in e.postings
                           if member_of(p.account) == member and p.unit == POINTS)
        from_expired = -sum(p.amount for e in reversal for p in e.postings
                            if p.account == "program:expired" and p.unit == POINTS)
        assert (from_member, from_expired) == (10, earned - 10)
        assert app.services.verify.run().ok


def test_a_card_owing_stamps_shows_none_filled_and_only_its_own_circles(tmp_path: Path) -> None:
    """A black-box test: `kiosk member show` drew a card a refund left at -2 of 9 as eleven empty circles."""
    with open_app(tmp_path, FixedClock(T0)) as app:
        account = app.services.accounts.account(enroll(app))
        owing = dataclasses.replace(account, stamp_cards=(StampCardStatus("coffee", "Coffee", -2, 9, 0, "Latte"),))
        full = dataclasses.replace(account, stamp_cards=(StampCardStatus("coffee", "Coffee", 11, 9, 1, "Latte"),))
        assert "Coffee: ○○○○○○○○○ 0/9, owes 2 stamps" in _account_text(owing, app.services.ctx, "en")
        assert "Coffee: ●●●●●●●●● 11/9" in _account_text(full, app.services.ctx, "en")


def test_spent_points_whose_date_passed_before_the_refund_go_to_what_expired(tmp_path: Path) -> None:
    """A review: given back dated a year ago after an expiry had run, the 40 points were a lot no later expiry took
    (it reads lots dated after the last one), spendable for ever; a sale then spent them and verify failed."""
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        clock.advance(days=1)
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), member_code=code,
                                                            points_to_spend=40, payment_method="qr"))
        clock.advance(days=400)
        app.services.expiry.run()
        clock.advance(days=1)
        app.services.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no, approved_by="manager"))
        clock.advance(days=1)
        app.services.expiry.run()
        account = app.services.accounts.account(code)
        with app.uow_factory(readonly=True) as uow:
            balances = uow.ledger.member_balances(account.member_id)
            back = [p for e in uow.ledger.for_sale(sale.sale_id) if e.kind == EntryKind.REVERSAL
                    for p in e.postings if p.unit == POINTS and p.amount > 0 and p.account != "program:issued"]
        assert account.points == 0 and balances.get(POINTS, 0) == 0
        assert [(p.account, p.amount) for p in back] == [("program:expired", 40)]
        with pytest.raises(KioskError):
            app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(LATTE,), member_code=code,
                                                         points_to_spend=40, payment_method="qr"))
        assert app.services.verify.run().ok


def test_two_free_items_of_one_card_come_back_with_each_ones_date(tmp_path: Path) -> None:
    """A review: both free coffees used on one sale came back with the first one's date."""
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        member = app.services.accounts.account(code).member_id
        ten = dataclasses.replace(LATTE, quantity=10)
        for n in range(12):  # a free coffee earned every ten, a week apart: each its own date
            app.services.checkout.record_sale(RecordSale(command_id=f"e{n}", lines=(ten,), member_code=code,
                                                         payment_method="qr"))
            clock.advance(days=7)
        two = dataclasses.replace(LATTE, quantity=2)
        used = app.services.checkout.record_sale(RecordSale(command_id="use", lines=(two,), member_code=code,
                                                            stamp_rewards=("coffee", "coffee"), payment_method="qr"))
        with app.uow_factory(readonly=True) as uow:
            rewards = sorted((p.expires_at for e in uow.ledger.for_member(member) if e.kind != EntryKind.REVERSAL
                              for p in e.postings if member_of(p.account) == member
                              and p.unit.startswith("REWARD:") and p.amount > 0), key=str)
        clock.advance(days=1)
        app.services.refunds.refund(RefundSale(command_id="r", receipt_no=used.receipt_no, approved_by="manager"))
        with app.uow_factory(readonly=True) as uow:
            back = sorted((p.expires_at for e in uow.ledger.for_sale(used.sale_id) if e.kind == EntryKind.REVERSAL
                           for p in e.postings if member_of(p.account) == member and p.unit.startswith("REWARD:")
                           and p.amount > 0), key=str)
        assert len(rewards) >= 2 and back == rewards[:2]  # the two soonest to expire, as they were spent
        assert app.services.verify.run().ok


def test_an_erased_members_refund_after_an_expired_ones_still_takes_from_the_erasures_breakage(tmp_path: Path) -> None:
    """A review: a refund before the erasure that took from what an expiry wrote off was counted against the
    erasure's breakage, so a later refund of the erased member took from 'unrecovered' instead."""
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        box = dataclasses.replace(LATTE, name="Cake box", unit_price=Money(100000), quantity=1, sku="CAKE")
        first = app.services.checkout.record_sale(RecordSale(command_id="a", lines=(box,), member_code=code,
                                                             payment_method="qr"))
        clock.advance(days=400)
        app.services.expiry.run()
        clock.advance(days=1)
        app.services.refunds.refund(RefundSale(command_id="ra", receipt_no=first.receipt_no, approved_by="manager"))
        second = app.services.checkout.record_sale(RecordSale(command_id="b", lines=(box,), member_code=code,
                                                              payment_method="qr"))
        clock.advance(days=1)
        app.services.privacy.erase(EraseMember(command_id="er", member_code=code, approved_by="manager"))
        clock.advance(days=1)
        app.services.refunds.refund(RefundSale(command_id="rb", receipt_no=second.receipt_no, approved_by="manager"))
        with app.uow_factory(readonly=True) as uow:
            taken = [p for e in uow.ledger.for_sale(second.sale_id) if e.kind == EntryKind.REVERSAL
                     for p in e.postings if p.amount < 0]
        assert {p.account for p in taken} <= {"program:expired"} and taken
        assert app.services.verify.run().ok


def _lattes(app: Any, command_id: str, code: str, quantity: int, **kw: Any) -> Any:
    return app.services.checkout.record_sale(RecordSale(
        command_id=command_id, lines=(dataclasses.replace(LATTE, quantity=quantity),), member_code=code,
        payment_method="qr", **kw))


def _coffee_card(app: Any, code: str) -> StampCardStatus:
    return next(c for c in app.services.accounts.account(code).stamp_cards if c.card_id == "coffee")


def test_a_refund_of_stamps_a_later_sale_completed_takes_the_free_item_back_not_below_zero(tmp_path: Path) -> None:
    """A black-box test: 7 stamps, then 2 more on the next day completed the card (0/9, a free coffee ready);
    refunding the first sale took its 7 stamps off an empty card: "-7/9 ... 1 × Free coffee ready". The refund
    takes the stamps, then the free coffee they paid for: 7 of the 9 stamps come off the card it gave back."""
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        first = _lattes(app, "s1", code, 5)
        clock.advance(days=1)
        _lattes(app, "s2", code, 2)
        clock.advance(days=1)
        completing = _lattes(app, "s3", code, 2)
        assert completing.stamps[0].completed == 1
        assert (_coffee_card(app, code).stamps, _coffee_card(app, code).rewards_ready) == (0, 1)
        done = app.services.refunds.refund(RefundSale(command_id="r", receipt_no=first.receipt_no,
                                                      approved_by="manager"))
        card = _coffee_card(app, code)
        assert (card.stamps, card.rewards_ready) == (4, 0)  # not (-5, 1)
        assert done.stamps_reversed == 5 and done.rewards_reversed == 1 and not done.negative_balance
        # the completing sale refunded later takes its own 2 stamps only: the completion is not taken twice
        app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=completing.receipt_no,
                                               approved_by="manager"))
        card = _coffee_card(app, code)
        assert (card.stamps, card.rewards_ready) == (2, 0)
        assert app.services.verify.run().ok


def test_stamps_refunded_after_their_free_item_was_used_are_owed_and_said_so(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        first = _lattes(app, "s1", code, 5)
        clock.advance(days=1)
        _lattes(app, "s2", code, 4)  # completes the card
        clock.advance(days=1)
        _lattes(app, "s3", code, 1, stamp_rewards=("coffee",))  # the free coffee, used: no stamp
        app.services.refunds.refund(RefundSale(command_id="r", receipt_no=first.receipt_no, approved_by="manager"))
        card = _coffee_card(app, code)
        assert (card.stamps, card.rewards_ready) == (-5, 0)  # a flagged debt the next stamps pay off
        account = app.services.accounts.account(code)
        text = _account_text(account, app.services.ctx, "en")
        assert "owes 5 stamps" in text and "-5/9" not in text
        assert "ค้างแสตมป์ 5 ดวง" in _account_text(account, app.services.ctx, "th")
        assert app.services.verify.run().ok
