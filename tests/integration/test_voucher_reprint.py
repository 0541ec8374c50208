"""A voucher the self-service kiosk issued while its printer was down (no print job) is not lost: `kiosk printer
reprint <code>` prints its slip, while it can still be used. It said "No printed document found", and once the
screen reset the customer had spent the points for nothing they could show."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.commands import AdjustPoints, IssueVoucher
from kiosk.domain.documents import VoucherSlip
from kiosk.domain.errors import Conflict, InvalidCode
from kiosk.domain.money import Money
from tests.integration.test_cli import PINNED_NOW, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop

PHONE = "0890000053"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path, language="en")


def kiosk_voucher(shop: Shop) -> str:
    """As the kiosk issues one when its printer is not ready: nothing queued for the printer."""
    services = shop.app.services
    services.redemption.adjust(AdjustPoints(command_id=uuid.uuid4().hex, member_code=PHONE, points=400,
                                            reason="test", approved_by=shop.staff["manager"]))
    result = services.redemption.issue_voucher(IssueVoucher(command_id=uuid.uuid4().hex, member_code=PHONE,
                                                             reward_id="off50", print_voucher=False))
    assert result.print_job is None
    return str(result.voucher_code)


def test_a_voucher_issued_without_paper_is_printed_by_its_code_while_it_can_be_used(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=1)
    shop.enroll(PHONE, name="Dao Dee")
    code = kiosk_voucher(shop)
    job = shop.app.services.printing().reprint(code.lower())  # as typed off the screen's photo
    slip = job.document()
    assert isinstance(slip, VoucherSlip) and slip.voucher_code == code and slip.member_name == "Dao D."
    assert (slip.language, slip.reward_name) == ("th", "ส่วนลด 50 บาท") and slip.expires_on is not None
    assert job.status == "queued"
    shop.app.close()

    run = kiosk_in_process(shop.data_dir, "--language", "en", "printer", "reprint", code, capsys=capsys,
                           monkeypatch=monkeypatch)
    assert run.code == 0 and f"Copy of {code} queued on receipt" in run.out, run.err


def test_a_used_or_past_voucher_is_not_printed_again(shop: Shop) -> None:
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=40)
    shop.enroll(PHONE)
    used, past = kiosk_voucher(shop), kiosk_voucher(shop)
    sale = shop.sale(None, amount="80.00", voucher_codes=(used,))
    assert sale.amount_due == Money(3000)
    shop.clock.at = datetime.fromisoformat(PINNED_NOW)  # `past` had 30 days
    printing = shop.app.services.printing()
    with pytest.raises(Conflict) as again:
        printing.reprint(used)
    assert again.value.code == "checkout.voucher_used"
    with pytest.raises(InvalidCode) as late:
        printing.reprint(past)
    assert late.value.code == "checkout.voucher_expired"
    assert printing.pending_count() == 0


def test_refused_reprint_is_one_line(shop: Shop, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shop.app.close()
    run = kiosk_in_process(shop.data_dir, "--language", "en", "printer", "reprint", "LK1VNOTAVOUCHER0000000000",
                           capsys=capsys, monkeypatch=monkeypatch)
    assert "No printed document found" in refused(run)
