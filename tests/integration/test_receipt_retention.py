"""Printed receipts keep their whole document for a retention period, then only what their sale cannot give
back; a reprint after that is still the very same receipt (marked COPY)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, insert, select, update

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.print_queue import ReceiptWords, SqlPrintQueue, pruned_payload
from kiosk.adapters.db.retention import SqlRetention
from kiosk.bootstrap.wiring import _slim_receipts_daily
from kiosk.domain.commands import RecordSale
from kiosk.domain.documents import Document
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Lazy
from kiosk.services.context import FixedClock
from kiosk.services.printing import RECEIPT_RETENTION_DAYS, PrintService, as_copy
from kiosk.services.retention import RetentionService
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app

CAKE = CartLine("Coconut cake", Money(9500), 1, "CAKE")


def test_a_reprint_after_the_payload_was_pruned_prints_the_same_receipt(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        member = app.services.checkout.record_sale(RecordSale(
            command_id="s1", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
            cash_tendered=Money(30000)))
        walk_in = app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(CAKE,), payment_method="qr"))
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
        printed: dict[str, Document] = {}
        while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
            printed[job.id] = job.document()
            queue.mark_printed(job.id, now=clock.now())
        assert set(printed) == {member.print_job, walk_in.print_job}
        service = PrintService(queue=queue, printers={}, clock=clock)

        def stored() -> dict[str, int]:
            with app.engine.connect() as conn:
                return {row.id: len(row.document_json)
                        for row in conn.execute(select(t.print_jobs.c.id, t.print_jobs.c.document_json))}

        assert service.prune_payloads() == 0  # still within the retention period
        whole = stored()
        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        told_to_stop = threading.Event()
        told_to_stop.set()
        assert "receipt-retention" in app.services.workers.workers
        retention = RetentionService(printing=service, store=SqlRetention(app.engine), clock=clock)
        _slim_receipts_daily(Lazy(lambda: retention), told_to_stop)  # that worker's daily pass, once
        slim = stored()
        assert all(slim[job] < whole[job] * 0.6 for job in printed), (whole, slim)
        assert service.prune_payloads() == 0  # slimmed once
        for job_id, document in printed.items():
            found = queue.get(job_id)
            assert found is not None and found.document() == document
        assert member.print_job is not None
        copy = service.reprint(member.receipt_no)  # by the number on the paper, as the cashier asks for it
        assert copy.document() == as_copy(printed[member.print_job])
        assert app.services.verify.run().ok


def test_a_slimmed_receipt_keeps_figures_and_numbers_the_shop_words_once(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        sales = [app.services.checkout.record_sale(RecordSale(
            command_id=f"s{n}", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
            cash_tendered=Money(30000))) for n in range(3)]
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
        printed: dict[str, Document] = {}
        while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
            printed[job.id] = job.document()
            queue.mark_printed(job.id, now=clock.now())
        # one job slimmed the way versions before the packed form did: it still reads as the same receipt
        older = sales[0].print_job
        assert older is not None
        with app.engine.begin() as conn:
            whole = conn.execute(select(t.print_jobs.c.document_json).where(t.print_jobs.c.id == older)).scalar_one()
            pruned = pruned_payload(whole)
            assert pruned is not None
            kept, key, shop = pruned
            conn.execute(insert(t.kv).values(key=key, value=shop))
            conn.execute(update(t.print_jobs).where(t.print_jobs.c.id == older).values(document_json=kept))
        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        service = PrintService(queue=queue, printers={}, clock=clock)
        assert service.prune_payloads() == 2

        def words() -> int:
            with app.engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(t.kv)
                                        .where(t.kv.c.key.startswith("receipt_word:"))).scalar_one())

        with app.engine.connect() as conn:
            kept_now = dict(conn.execute(select(t.print_jobs.c.id, t.print_jobs.c.document_json)).all())
        packed = [kept_now[s.print_job] for s in sales[1:] if s.print_job]
        for text in packed:
            assert text.startswith("[2,")
            # no names of values, no labels, no currency: numbers into the shop's words, and the figures
            for word in ("points_balance", "stamp_cards", "currency", "THB", "Coffee", "cashier"):
                assert word not in text, (word, text)
        assert len(packed[1]) <= len(whole) * 0.25, (len(packed[1]), len(whole))
        known = words()
        for job_id, document in printed.items():
            found = queue.get(job_id)
            assert found is not None and found.document() == document
        # a fourth receipt like the others adds figures, not words
        app.services.checkout.record_sale(RecordSale(command_id="s9", lines=(LATTE, CAKE), member_code=code,
                                                     payment_method="cash", cash_tendered=Money(30000)))
        while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
            queue.mark_printed(job.id, now=clock.now())
        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        assert service.prune_payloads() == 1
        assert words() == known
        assert service.reprint(sales[2].receipt_no).document() == as_copy(printed[sales[2].print_job or ""])
        assert app.services.verify.run().ok


def test_a_declined_receipt_is_slimmed_too_and_a_past_drawer_opening_goes(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        declined = app.services.checkout.record_sale(RecordSale(
            command_id="s1", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
            cash_tendered=Money(30000), print_receipt=False, receipt_declined=True))
        queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
        kicks = []
        while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
            kicks.append(job.id)  # only the drawer opening is sent: the customer wanted no receipt
            queue.mark_printed(job.id, now=clock.now())
        assert len(kicks) == 1 and declined.print_job is not None
        original = queue.get(declined.print_job)
        assert original is not None and original.status == "unprinted"
        clock.advance(days=RECEIPT_RETENTION_DAYS + 1)
        later = app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(CAKE,), payment_method="qr"))
        service = PrintService(queue=queue, printers={}, clock=clock)
        report = RetentionService(printing=service, store=SqlRetention(app.engine), clock=clock).run()
        assert (report.receipts_slimmed, report.drawer_kicks_pruned) == (1, 1)
        assert queue.get(kicks[0]) is None
        with app.engine.connect() as conn:
            kept = conn.execute(select(t.print_jobs.c.document_json)
                                .where(t.print_jobs.c.id == declined.print_job)).scalar_one()
        assert kept.startswith("[2,")
        slim = queue.get(declined.print_job)
        assert slim is not None and slim.document() == original.document()  # the drawer stays shut, as sold
        again = service.reprint(declined.receipt_no)  # never printed: the receipt itself, not a COPY
        assert again.document() == original.document()
        assert later.print_job is not None and queue.get(later.print_job) is not None
        assert app.services.verify.run().ok


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["member_name", "member_code", "name", "minor", "~1", "tier"]), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(value=_JSON)
def test_packing_gives_back_any_value_as_it_was(value: object) -> None:
    engine = create_engine("sqlite://")
    t.kv.create(engine)
    with engine.begin() as conn:
        words = ReceiptWords(conn)
        packed = json.loads(json.dumps(words.pack(value)))  # through its text, as the job stores it
        assert ReceiptWords(conn).unpack(packed) == value  # a fresh reader: only what kv holds
