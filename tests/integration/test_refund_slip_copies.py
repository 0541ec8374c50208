"""A refund slip reprinted when this device holds no job of it (the slip was not printed here, or its job is
gone): the slip is made again from the refunds row and the ledger entries the refund wrote, marked COPY, and says
what the original said less what the shop does not keep of that moment (the tier, what was about to expire, the
day's messages and standings, offers made usable again). On a real SQLite shop; the command line in process."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.bootstrap import wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, EraseMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.documents import Document, RefundSlip
from kiosk.domain.events import OffersExpiredNotReturned, OffersReusable
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from kiosk.services.printing import as_copy
from tests.integration.test_cli import kiosk_in_process
from tests.integration.test_core_sqlite import LATTE
from tests.integration.test_receipt_retention import CAKE, ENGAGEMENT
from tests.unit.fakes import cached_pin_hash


def _made_again(original: Document) -> RefundSlip:
    """The original slip as a COPY, less what the shop does not keep of the refund's moment."""
    assert isinstance(original, RefundSlip)
    loyalty = original.loyalty and dataclasses.replace(
        original.loyalty, tier_name=None, next_tier_name=None, tier_to_go=None, tier_progress_percent=None,
        expiring_soon=(), events=(), bonuses=(), challenge_standings=())
    copy = as_copy(original)
    assert isinstance(copy, RefundSlip)
    reversals = tuple(e for e in original.reversals if not isinstance(e, OffersReusable | OffersExpiredNotReturned))
    return dataclasses.replace(copy, loyalty=loyalty, reversals=reversals)


def test_a_refund_slip_without_its_job_is_made_again_from_the_refund_and_the_ledger(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.toml").write_text(ENGAGEMENT, encoding="utf-8")
    clock = FixedClock(datetime(2026, 3, 10, 3, 0, tzinfo=UTC))
    slips: dict[str, tuple[str, Document]] = {}  # what -> (refund receipt number, the slip printed then)
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=clock.now())
            uow.commit()
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)

        def join(phone: str, **kw: object) -> str:
            joined = app.services.enrollment.enroll(EnrollMember(
                command_id=f"j{phone}", name="Somchai Jaidee", phone=phone, consent_version="2026-01", **kw))
            assert joined is not None
            return joined.member_code

        def sale(name: str, **kw: object) -> str:
            clock.advance(seconds=20)
            done = app.services.checkout.record_sale(RecordSale(command_id=name, **kw))  # type: ignore[arg-type]
            return done.receipt_no

        def refund(what: str, receipt_no: str, **kw: object) -> None:
            clock.advance(minutes=3)
            done = app.services.refunds.refund(RefundSale(command_id=f"r-{what[:30]}", receipt_no=receipt_no,
                                                          approved_by="manager", **kw))  # type: ignore[arg-type]
            job = queue.get(done.print_job or "")
            assert job is not None
            slips[what] = (done.receipt_no, job.document())

        regular = join("0810000001")
        refund("a cake of two lines", sale("s1", lines=(LATTE, CAKE), member_code=regular, payment_method="qr"),
               lines=(RefundLine(1, 1),))
        refund("points and credit spent, all back", sale(
            "s2", lines=(LATTE, CAKE), member_code=regular, points_to_spend=40, credit_to_spend=Money(200),
            payment_method="qr"))
        refund("walk-in", sale("s3", lines=(CAKE,), payment_method="qr"))
        refund("a birthday bonus taken back", sale("s4", lines=(LATTE,), payment_method="qr",
                                                   member_code=join("0810000002", birthday=date(1990, 3, 1))))
        stamps = join("0810000004")
        sale("s5", lines=(dataclasses.replace(LATTE, quantity=5),), member_code=stamps, payment_method="qr")
        refund("a regular's second visit", sale("s6", lines=(dataclasses.replace(LATTE, quantity=4),),
                                                member_code=stamps, payment_method="qr"))
        erased_member = join("0810000006")
        refund("erased", sale("s9", lines=(LATTE, CAKE), member_code=erased_member, payment_method="qr"))
        app.services.privacy.erase(EraseMember(command_id="e9", member_code=erased_member, approved_by="manager"))
        sale("last", lines=(CAKE,), payment_method="qr")
        with app.engine.begin() as conn:  # the slips' jobs are not on this device (printed elsewhere, or lost)
            conn.execute(delete(t.print_jobs).where(t.print_jobs.c.kind == "refund_slip"))
        service = app.services.printing()
        for what, (number, original) in slips.items():
            made = service.reprint(number).document()
            if what == "erased":  # the erased member's name and code are gone: the copy names no one
                assert isinstance(made, RefundSlip) and made.loyalty is None
                assert made == dataclasses.replace(_made_again(original), loyalty=None)
            else:
                assert made == _made_again(original), what
            assert isinstance(made, RefundSlip) and made.is_copy
        said = {what: {type(e).__name__ for e in slip.reversals} for what, (_, slip) in slips.items()
                if isinstance(slip, RefundSlip)}
        # the cases say what they are about (the copies were compared with them whole above)
        assert {"PointsReturned", "StoreCreditReturned", "PointsReversed"} <= said["points and credit spent, all back"]
        assert "BonusTakenBack" in said["a birthday bonus taken back"]
        assert said["a regular's second visit"] and not said["walk-in"]
        assert app.services.verify.run().ok
        number = slips["walk-in"][0]
    # the command line, as the shop meets it
    done = kiosk_in_process(tmp_path, "--language", "en", "printer", "reprint", number, capsys=capsys,
                            monkeypatch=monkeypatch)
    assert done.code == 0 and done.out.startswith(f"Copy of {number} queued"), (done.out, done.err)
