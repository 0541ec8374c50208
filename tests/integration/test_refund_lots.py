"""What a refund gives back of a spend goes back to the lots it was taken from, with their dates (a black-box test:
points spent on a refunded sale came back with no date and never expired; store credit the same)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.domain.commands import RecordSale, RefundLine, RefundSale
from kiosk.domain.ledger import POINTS, EntryKind, member_of
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, StaffMember
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
