"""A receipt copy of a sale refunded since says so: at its top and beside its totals, REFUNDED or PARTLY REFUNDED
with each refund slip's number and amount, in the receipt's language. It printed the lines, balances, tier and
bonuses as if they all still stood."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.adapters.printing.layout import DocumentLayout, ImageLine, PrintProfile, TextLine
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.domain.commands import RecordSale, RefundLine, RefundSale
from kiosk.domain.documents import RefundNote, SaleReceipt
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app
from tests.unit.fakes import cached_pin_hash


def _said(doc: SaleReceipt) -> list[str]:
    ops = DocumentLayout(PrintProfile.for_paper(80), renderer=TextRenderer()).layout(doc)
    return [op.text.strip() if isinstance(op, TextLine) else op.alt.strip() for op in ops
            if isinstance(op, (TextLine, ImageLine))]


def _copy(app: object, receipt_no: str) -> SaleReceipt:
    doc = app.services.printing().reprint(receipt_no).document()  # type: ignore[attr-defined]
    assert isinstance(doc, SaleReceipt) and doc.is_copy
    return doc


@pytest.mark.parametrize("kept", [True, False], ids=["job-kept", "made-again"])
def test_a_copy_of_a_refunded_sale_says_it_was_refunded(tmp_path: Path, kept: bool) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
        code = enroll(app)
        sale = app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(LATTE,), member_code=code,
                                                            payment_method="card", print_receipt=kept))
        copy_of = (lambda: _copy(app, sale.receipt_no)) if kept else (
            lambda: app.services.printing().copies(sale.receipt_no)[1])  # the sale made again, its job gone
        assert copy_of().refund_state is None and "PARTLY REFUNDED" not in _said(
            dataclasses.replace(copy_of(), language="en"))

        clock.advance(minutes=10)
        first = app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=sale.receipt_no,
                                                       lines=(RefundLine(0, 1),), approved_by="manager"))
        partly = copy_of()
        assert partly.refund_state == "partly_refunded"
        assert partly.refunds == (RefundNote(first.receipt_no, Money(6500)),)
        english = _said(dataclasses.replace(partly, language="en"))
        note = f"Refund {first.receipt_no}: -65.00"
        top = english.index("*** PARTLY REFUNDED ***")
        total = next(i for i, text in enumerate(english) if text.startswith("TOTAL"))
        assert english.index(note) == top + 1 and top < total  # at the top ...
        assert english[english.index("PARTLY REFUNDED", total):][:2] == ["PARTLY REFUNDED", note]  # ... and by totals
        thai = _said(partly)  # the shop's receipts are in Thai
        assert "*** คืนเงินบางส่วนแล้ว ***" in thai and f"คืนเงิน {first.receipt_no}: -65.00" in thai

        clock.advance(minutes=10)
        second = app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=sale.receipt_no,
                                                        approved_by="manager"))
        whole = copy_of()
        assert whole.refund_state == "refunded"
        assert whole.refunds == (RefundNote(first.receipt_no, Money(6500)), RefundNote(second.receipt_no, Money(6500)))
        english = _said(dataclasses.replace(whole, language="en"))
        assert "*** REFUNDED ***" in english and english.count(f"Refund {second.receipt_no}: -65.00") == 2
        assert "*** คืนเงินแล้ว ***" in _said(whole)
