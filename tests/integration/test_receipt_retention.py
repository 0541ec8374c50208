"""Printed receipts keep their whole document for a retention period, then only what their sale cannot give
back; a reprint after that is still the very same receipt (marked COPY)."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.adapters.db.retention import SqlRetention
from kiosk.bootstrap import _slim_receipts_daily
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
