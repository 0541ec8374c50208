"""What a refund gives back of a spend goes back to the lots it was taken from, with their dates (a black-box test:
points spent on a refunded sale came back with no date and never expired; store credit the same)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from kiosk.cli.members import _account_text
from kiosk.domain.commands import RecordSale, RefundLine, RefundSale
from kiosk.domain.ledger import POINTS, EntryKind, member_of
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.accounts import StampCardStatus
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app
from tests.unit.fakes import cached_pin_hash


def test_points_spent_on_a_refunded_sale_come_back_with_their_lots_dates(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
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
    with open_app(tmp_path, clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
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
    with open_app(tmp_path, clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
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
    with open_app(tmp_path, clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
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
        assert "Coffee: ○○○○○○○○○ -2/9" in _account_text(owing, app.services.ctx, "en")
        assert "Coffee: ●●●●●●●●● 11/9" in _account_text(full, app.services.ctx, "en")
