"""A refund that moves value past its date says so, and its figures match the balances (black-box defects: "points
+0" with no reason after the spent points expired; a voucher given back dead with only "฿45.00 back"; "points
-100" for a 13-month-old sale whose points had expired, the balance unchanged and the member flagged in debt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.domain.commands import IssueVoucher, RecordSale, RefundSale
from kiosk.domain.events import (
    CashbackReversedExpired,
    PointsReturnedExpired,
    PointsReversedExpired,
    VouchersBackExpired,
    VouchersReusable,
)
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.l10n.catalogue import say
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll
from tests.integration.test_refund_lots import _shop_with_a_manager

BIG = CartLine("Cake box", Money(250000), 1, "CAKE")  # ฿2,500: 100 points, ฿50 cashback


def _refund(app: Any, receipt_no: str) -> Any:
    return app.services.refunds.refund(RefundSale(command_id=f"r-{receipt_no}", receipt_no=receipt_no,
                                                  approved_by="manager", print_slip=True))


def test_a_refund_of_a_sale_whose_points_had_expired_says_so_and_changes_no_balance(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(BIG,), member_code=code,
                                                            payment_method="qr"))
        assert sale.points_earned == 100 and sale.cashback == Money(5000)
        clock.advance(days=400)  # no expiry run yet: the lots are past their date, still on the account
        before = app.services.accounts.account(code)
        assert before.points == 0 and before.credit == Money(0)
        done = _refund(app, sale.receipt_no)
        after = app.services.accounts.account(code)
        assert (after.points, after.credit) == (0, Money(0))
        assert done.points_reversed == 0 and done.credit_reversed == Money(0) and not done.negative_balance
        assert PointsReversedExpired(100) in done.events and CashbackReversedExpired(Money(5000)) in done.events
        assert "Points taken back that had already expired: 100 (the balance does not change)" in [
            say(e, "en") for e in done.events]
        assert "หักแต้มที่หมดอายุไปแล้วคืน: 100 (ยอดแต้มไม่เปลี่ยน)" in [say(e, "th") for e in done.events]
        assert app.services.verify.run().ok


def test_a_refund_after_an_expiry_run_says_the_points_had_expired(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(BIG,), member_code=code,
                                                            payment_method="qr"))
        clock.advance(days=400)
        app.services.expiry.run()
        done = _refund(app, sale.receipt_no)
        assert done.points_reversed == 0 and PointsReversedExpired(100) in done.events
        assert app.services.accounts.account(code).points == 0


def test_points_given_back_after_their_date_are_said_to_have_expired(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)  # the sign-up bonus: 50 points
        clock.advance(days=1)
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), member_code=code,
                                                            points_to_spend=40, payment_method="qr"))
        clock.advance(days=400)
        done = _refund(app, sale.receipt_no)
        assert done.points_returned == 0 and PointsReturnedExpired(40) in done.events
        assert app.services.accounts.account(code).points == 0
        assert app.services.verify.run().ok


def test_a_voucher_given_back_after_its_date_is_said_to_have_expired(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with _shop_with_a_manager(tmp_path, clock) as app:
        code = enroll(app)
        for n in range(2):
            app.services.checkout.record_sale(RecordSale(command_id=f"earn{n}", lines=(BIG,), member_code=code,
                                                         payment_method="qr"))
        voucher = app.services.redemption.issue_voucher(IssueVoucher(command_id="v", member_code=code,
                                                                     reward_id="off50"))
        sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE,), member_code=code,
                                                            voucher_codes=(voucher.voucher_code,),
                                                            payment_method="qr"))
        clock.advance(days=200)  # past the voucher's date, not the points'
        done = _refund(app, sale.receipt_no)
        assert (done.vouchers_returned, done.vouchers_expired) == (0, 1)
        assert VouchersBackExpired(1) in done.events and not any(isinstance(e, VouchersReusable)
                                                                 for e in done.events)
        assert "Vouchers given back that have expired: 1 (they cannot be used again)" in [
            say(e, "en") for e in done.events]
