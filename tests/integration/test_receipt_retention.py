"""A printed (or declined) sale receipt's job is kept for the retention, and a reprint within it is the very
receipt (marked COPY); after it the job goes, and a reprint makes the receipt again from the sale and the ledger:
the same lines, totals, payments, points and stamps, with the balances as they stood after that sale."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.migrate import head_revision, upgrade
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.adapters.db.retention import SqlRetention
from kiosk.bootstrap import wire
from kiosk.bootstrap.wiring import _retention_daily
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, EraseMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.documents import Document, SaleReceipt
from kiosk.domain.errors import NotFound
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.app import Lazy
from kiosk.services.context import FixedClock
from kiosk.services.printing import RECEIPT_RETENTION_DAYS, PrintService, as_copy
from kiosk.services.retention import RetentionService
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app
from tests.unit.fakes import cached_pin_hash

CAKE = CartLine("Coconut cake", Money(9500), 1, "CAKE")


def _made_again(original: Document) -> SaleReceipt:
    """What a receipt made again from its sale says: the original as a COPY, less what the shop does not keep of
    that moment (the cash handed over and the change given, the tier, what was about to expire, the day's messages
    and standings)."""
    assert isinstance(original, SaleReceipt)
    loyalty = original.loyalty and dataclasses.replace(
        original.loyalty, tier_name=None, next_tier_name=None, tier_to_go=None, tier_progress_percent=None,
        expiring_soon=(), events=(), bonuses=(), challenge_standings=())
    copy = as_copy(original)
    assert isinstance(copy, SaleReceipt)
    # nor the cash handed over: the cash line is what the sale took, as the original's tendered less its change
    payments = tuple(dataclasses.replace(p, amount=p.amount - original.change)
                     if p.method == "cash" and original.change is not None else p for p in original.payments)
    return dataclasses.replace(copy, change=None, loyalty=loyalty, payments=payments)


def _print_all(queue: SqlPrintQueue, clock: FixedClock) -> dict[str, Document]:
    printed: dict[str, Document] = {}
    while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
        printed[job.id] = job.document()
        queue.mark_printed(job.id, now=clock.now())
    return printed


def _retention_pass(engine: Engine, service: PrintService, clock: FixedClock) -> None:
    told_to_stop = threading.Event()
    told_to_stop.set()
    retention = RetentionService(printing=service, store=SqlRetention(engine), clock=clock)
    _retention_daily(Lazy(lambda: retention), told_to_stop)  # the worker's daily pass, once


def test_a_receipt_is_kept_for_the_retention_then_made_again_from_its_sale(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        member = app.services.checkout.record_sale(RecordSale(
            command_id="s1", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
            cash_tendered=Money(30000)))
        walk_in = app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(CAKE,), payment_method="qr"))
        clock.advance(minutes=5)
        later = app.services.checkout.record_sale(RecordSale(  # the member's balances move on after the first sale
            command_id="s3", lines=(LATTE, LATTE), member_code=code, payment_method="qr"))
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
        printed = _print_all(queue, clock)
        assert member.print_job and walk_in.print_job and later.print_job
        assert set(printed) == {member.print_job, walk_in.print_job, later.print_job}
        first = printed[member.print_job]
        assert isinstance(first, SaleReceipt) and first.loyalty is not None and first.loyalty.points_earned > 0
        assert first.change is not None
        service = app.services.printing()
        assert service.prune_sale_receipts() == 0  # still within the retention period
        within = service.reprint(member.receipt_no)  # by the number on the paper, as the cashier asks for it
        assert within.document() == as_copy(first) and within.copy_of == member.print_job
        _print_all(queue, clock)

        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        assert "receipt-retention" in app.services.workers.workers
        _retention_pass(app.engine, service, clock)
        assert [queue.get(job) for job in printed] == [None, None, None]
        assert service.prune_sale_receipts() == 0  # pruned once

        again = service.reprint(member.receipt_no)
        assert again.source_id == member.sale_id and again.status == "queued"
        made = again.document()
        assert made == _made_again(first)  # the balances after the first sale, not today's
        assert isinstance(made, SaleReceipt) and made.loyalty is not None
        current = app.services.accounts.account(code)
        assert made.loyalty.points_balance < current.points
        assert made.open_cash_drawer is False and made.is_copy
        assert service.reprint(walk_in.sale_id).document() == _made_again(printed[walk_in.print_job])  # by sale id
        assert service.reprint(later.receipt_no).document() == _made_again(printed[later.print_job])
        assert app.services.verify.run().ok


def test_a_declined_receipt_goes_after_the_retention_and_prints_again_as_a_copy(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        declined = app.services.checkout.record_sale(RecordSale(
            command_id="s1", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
            cash_tendered=Money(30000), print_receipt=False, receipt_declined=True))
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
        kicks = list(_print_all(queue, clock))  # only the drawer opening is sent: the customer wanted no receipt
        assert len(kicks) == 1 and declined.print_job is not None
        original = queue.get(declined.print_job)
        assert original is not None and original.status == "unprinted"
        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        later = app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(CAKE,), payment_method="qr"))
        service = app.services.printing()
        report = RetentionService(printing=service, store=SqlRetention(app.engine), clock=clock).run()
        assert (report.receipts_pruned, report.drawer_kicks_pruned) == (1, 1)
        assert queue.get(kicks[0]) is None and queue.get(declined.print_job) is None
        again = service.reprint(declined.receipt_no)  # its days are over: made again, and marked COPY
        assert again.document() == _made_again(original.document())
        assert later.print_job is not None and queue.get(later.print_job) is not None  # not its days yet
        assert app.services.verify.run().ok


def test_a_reprint_of_what_the_shop_never_sold_is_refused_and_queues_nothing(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        service = app.services.printing()
        for reference in ("C9-000001", "no-such-sale", " "):
            with pytest.raises(NotFound) as refused:
                service.reprint(reference)
            assert refused.value.code == "printer.job_not_found"
        assert SqlPrintQueue(app.engine, device_id="x").list_pending() == []


def test_the_upgrade_deletes_receipts_slimmed_before_and_their_words(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        sales = [app.services.checkout.record_sale(RecordSale(command_id=f"s{n}", lines=(LATTE,), member_code=code,
                                                              payment_method="qr")) for n in range(3)]
        with app.engine.begin() as conn:
            j = t.print_jobs
            conn.execute(j.update().where(j.c.id == sales[0].print_job).values(
                document_json='[2,"~0","+420","~1",null,"~2",0,null]', status="printed"))
            conn.execute(j.update().where(j.c.id == sales[1].print_job).values(
                document_json='{"pruned":1,"shop":"receipt_shop:ab"}', status="printed"))
            conn.execute(insert(t.kv), [{"key": "receipt_word:0", "value": '"Shop"'},
                                        {"key": "receipt_shop:ab", "value": "{}"},
                                        {"key": "receiptXword:1", "value": "kept"}])  # not one of theirs
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0026'")  # 0027 runs on these
        upgrade(app.engine, "0027")
        with app.engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{head_revision()}'")  # as it was
        with app.engine.connect() as conn:
            kept = set(conn.execute(select(t.print_jobs.c.id)).scalars())
            words = set(conn.execute(select(t.kv.c.key).where(t.kv.c.key.like("receipt%"))).scalars())
        assert sales[0].print_job not in kept and sales[1].print_job not in kept
        assert sales[2].print_job in kept and words == {"receiptXword:1"}
        assert app.services.printing().reprint(sales[0].receipt_no).document().is_copy  # type: ignore[attr-defined]


ENGAGEMENT = """
[[promotions]]
id = "cake-bonus"
name = "+50 points on any cake"
kind = "bonus_points"
points = 50
per = "item"
categories = ["bakery"]
starts = 2026-01-01T00:00:00
ends = 2028-01-01T00:00:00

[[challenges]]
id = "visit2"
name = "Visit 2 times this week"
kind = "visits"
target = 2
period = "week"
points = 100

[[offers]]
id = "come-back"
name = "+100 points when you come back"
selector = "lapsed"
lapsed_days = 30
kind = "bonus_points"
points = 100
valid_days = 14
"""


def test_a_copy_made_again_says_what_the_original_said_for_every_kind_of_sale(tmp_path: Path) -> None:
    """Each kind of sale's receipt, printed, then made again once its job is gone: equal to the original less the
    parts the shop does not keep (review of issue 15's eighth step: a birthday bonus given with the sale, a sale
    that moved no balance and a lot past its date not yet written off each printed other balances at first)."""
    (tmp_path / "config.toml").write_text(ENGAGEMENT, encoding="utf-8")
    clock = FixedClock(datetime(2026, 3, 10, 3, 0, tzinfo=UTC))
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=clock.now())
            uow.commit()
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
        originals: dict[str, Document] = {}

        def join(phone: str, **kw: object) -> str:
            joined = app.services.enrollment.enroll(EnrollMember(
                command_id=f"j{phone}", name="Somchai Jaidee", phone=phone, consent_version="2026-01", **kw))
            assert joined is not None
            return joined.member_code

        def sale(name: str, **kw: object) -> str:
            clock.advance(seconds=20)  # a till's clock moves on between two sales
            done = app.services.checkout.record_sale(RecordSale(command_id=name, **kw))  # type: ignore[arg-type]
            for job_id, document in _print_all(queue, clock).items():
                job = queue.get(job_id)
                assert job is not None and job.source_id is not None
                originals[job.source_id] = document
            return done.receipt_no

        regular = join("0810000001")
        receipts = {
            "cashback and a promotion": sale("s1", lines=(LATTE, LATTE, CAKE), member_code=regular,
                                             payment_method="cash", cash_tendered=Money(50000)),
            "points and credit spent, a challenge met": sale(
                "s2", lines=(LATTE, CAKE), member_code=regular, points_to_spend=40, credit_to_spend=Money(200),
                payment_method="qr"),
            "walk-in": sale("s3", lines=(CAKE,), payment_method="qr"),
            "a birthday bonus with the sale": sale("s4", lines=(LATTE,), payment_method="qr",
                                                   member_code=join("0810000002", birthday=date(1990, 3, 1))),
        }
        stamps = join("0810000004")
        receipts["five stamps"] = sale("s5", lines=(dataclasses.replace(LATTE, quantity=5),), member_code=stamps,
                                       payment_method="qr")
        clock.advance(days=1)
        receipts["a card completed"] = sale("s6", lines=(dataclasses.replace(LATTE, quantity=4),),
                                            member_code=stamps, payment_method="qr")
        receipts["a stamp reward used"] = sale("s7", lines=(LATTE,), member_code=stamps, stamp_rewards=("coffee",),
                                               payment_method="qr")
        refunded = sale("s8", lines=(LATTE, CAKE), member_code=join("0810000005"), payment_method="qr")
        clock.advance(minutes=3)
        app.services.refunds.refund(RefundSale(command_id="r8", receipt_no=refunded, approved_by="manager",
                                               lines=(RefundLine(1, 1),)))
        receipts["later partly refunded"] = refunded
        erased_member = join("0810000006")
        erased = sale("s9", lines=(LATTE, CAKE), member_code=erased_member, payment_method="qr")
        app.services.privacy.erase(EraseMember(command_id="e9", member_code=erased_member, approved_by="manager"))
        clock.advance(days=31)
        offers = app.services.offers.show(regular)
        receipts["an offer used"] = sale("s10", lines=(LATTE,), member_code=regular, payment_method="qr",
                                         offer_ids=tuple(o.offer_id for o in offers))
        lapsed = join("0810000007")
        clock.advance(days=400)  # its sign-up points are past their date, not yet written off
        receipts["a lot past its date"] = sale("s11", lines=(LATTE,), member_code=lapsed, payment_method="qr")
        receipts["a sale that moved no balance"] = sale(
            "s12", lines=(CartLine("Water", Money(1000), 1, "WATER"),), member_code=join("0810000008"),
            payment_method="qr")
        sale("last", lines=(CAKE,), payment_method="qr")  # the newest job stays whatever its age
        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        service = app.services.printing()
        assert service.prune_sale_receipts() >= len(receipts) + 1
        by_number = {}
        with app.uow_factory(readonly=True) as uow:
            for what, number in {**receipts, "erased": erased}.items():
                record = uow.sales.by_receipt(number)
                assert record is not None
                by_number[what] = record.id
        for what, number in receipts.items():
            made = service.reprint(number).document()
            if what == "later partly refunded":  # the copy says so besides (test_copy_of_refunded_sale)
                assert isinstance(made, SaleReceipt) and made.refund_state == "partly_refunded"
                assert [note.amount for note in made.refunds] == [CAKE.unit_price]
                made = dataclasses.replace(made, refund_state=None, refunds=())
            assert made == _made_again(originals[by_number[what]]), what
        made = service.reprint(erased).document()
        assert isinstance(made, SaleReceipt) and made.loyalty is None  # the erased member's name and code are gone
        assert made == dataclasses.replace(_made_again(originals[by_number["erased"]]), loyalty=None)
        assert app.services.verify.run().ok
