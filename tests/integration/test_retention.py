"""The daily retention pass forgets what nothing reads any more, and exactly-once still holds after it: a sale's
command-log row and the Stripe rows already sent go once their days are over; a retried sale is answered the same
within the retention and refused after it, never recorded twice; verify and reprints are unaffected."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.print_queue import SqlPrintQueue
from kiosk.adapters.db.retention import SqlRetention
from kiosk.adapters.db.tables_sync import stripe_outbox_sends
from kiosk.bootstrap.wiring import Wiring, _retention_daily
from kiosk.domain.commands import RecordSale
from kiosk.domain.documents import SaleReceipt
from kiosk.domain.errors import Conflict
from kiosk.domain.money import Money
from kiosk.services.app import Lazy
from kiosk.services.context import FixedClock
from kiosk.services.printing import PrintService
from kiosk.services.retention import COMMAND_RETENTION_DAYS, OUTBOX_RETENTION_DAYS, RetentionService
from tests.integration.test_core_sqlite import LATTE, T0, count, enroll, open_app


def _daily_pass(app: Wiring, clock: FixedClock) -> RetentionService:
    queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
    service = RetentionService(printing=PrintService(queue=queue, printers={}, clock=clock),
                               store=SqlRetention(app.engine, batch=2), clock=clock)  # small batches: several rounds
    told_to_stop = threading.Event()
    told_to_stop.set()
    assert "receipt-retention" in app.services.workers.workers
    _retention_daily(Lazy(lambda: service), told_to_stop)  # that worker's pass, once
    return service


def _outbox(app: Wiring) -> dict[int, str]:
    with app.engine.connect() as conn:
        return {row.seq: row.status for row in conn.execute(select(t.outbox.c.seq, t.outbox.c.status))}


def _print_all(app: Wiring, clock: FixedClock) -> None:
    queue = SqlPrintQueue(app.engine, device_id=app.services.ctx.device_id)
    while (job := queue.claim_next(printer="receipt", now=clock.now())) is not None:
        queue.mark_printed(job.id, now=clock.now())


def test_sale_commands_and_sent_stripe_rows_go_after_their_retention(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        sale = RecordSale(command_id="s1", lines=(LATTE,), member_code=code, payment_method="cash",
                          cash_tendered=Money(20000))
        first = app.services.checkout.record_sale(sale)
        for n in range(2, 6):
            app.services.checkout.record_sale(RecordSale(command_id=f"s{n}", lines=(LATTE,), member_code=code,
                                                         payment_method="qr"))
        _print_all(app, clock)
        rows = sorted(_outbox(app))
        assert len(rows) >= 6
        sent, review, pending = rows[:-3], rows[-3], rows[-2:]  # the newest rows: one for review, two unsent
        with app.engine.begin() as conn:
            conn.execute(update(t.outbox).where(t.outbox.c.seq.in_(sent[1:])).values(status="done",
                                                                                      done_at=clock.now()))
            conn.execute(update(t.outbox).where(t.outbox.c.seq == sent[0]).values(status="elsewhere"))
            conn.execute(update(t.outbox).where(t.outbox.c.seq == review).values(status="review"))
            conn.execute(insert(stripe_outbox_sends), [{"outbox_seq": s, "first_sent_at": clock.now()} for s in rows])
        entries, sales = count(app, t.ledger_entries), count(app, t.sales)

        clock.advance(days=min(COMMAND_RETENTION_DAYS, OUTBOX_RETENTION_DAYS) - 1)
        _daily_pass(app, clock)  # within the retention: nothing goes, and a retry gets the first answer
        assert count(app, t.processed_commands, t.processed_commands.c.kind == "sale") == 5
        assert sorted(_outbox(app)) == rows
        assert app.services.checkout.record_sale(sale) == first

        clock.advance(days=2)
        _daily_pass(app, clock)
        assert count(app, t.processed_commands, t.processed_commands.c.kind == "sale") == 0
        assert count(app, t.processed_commands) == 1  # the enrolment's row stays: only sales are forgotten
        assert _outbox(app) == {review: "review", **{seq: "pending" for seq in pending}}
        with app.engine.connect() as conn:
            assert set(conn.execute(select(stripe_outbox_sends.c.outbox_seq)).scalars()) == {review, *pending}

        # a retry now finds the sale itself: refused, named by its receipt, and nothing is written twice
        with pytest.raises(Conflict) as refused:
            app.services.checkout.record_sale(sale)
        assert refused.value.code == "checkout.sale_recorded_before"
        assert refused.value.params == {"receipt_no": first.receipt_no}
        with pytest.raises(Conflict) as reused:  # the same id with another basket: refused all the same
            app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(LATTE, LATTE), payment_method="qr"))
        assert reused.value.code == "checkout.sale_recorded_before"
        assert (count(app, t.ledger_entries), count(app, t.sales)) == (entries, sales)
        assert app.services.verify.run().ok

        # the first sale's receipt went with its days: its reprint is made again from the sale; a new sale's Stripe
        # row comes after every old one
        assert first.print_job is not None
        printing = app.services.printing()
        assert printing.queue.get(first.print_job) is None
        again = printing.reprint(first.receipt_no).document()
        assert isinstance(again, SaleReceipt) and again.is_copy and again.receipt_no == first.receipt_no
        app.services.checkout.record_sale(RecordSale(command_id="s6", lines=(LATTE,), member_code=code,
                                                     payment_method="qr"))
        assert min(set(_outbox(app)) - set(rows)) > max(rows)


def test_the_newest_stripe_row_stays_so_the_next_seq_never_repeats_one(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(LATTE,), member_code=code,
                                                     payment_method="qr"))
        rows = sorted(_outbox(app))
        with app.engine.begin() as conn:
            conn.execute(update(t.outbox).values(status="done", done_at=clock.now()))
        clock.advance(days=OUTBOX_RETENTION_DAYS + 1)
        told_to_stop = threading.Event()
        told_to_stop.set()
        app.services.workers.workers["receipt-retention"](told_to_stop)  # the app's own worker, as wired: one pass
        assert sorted(_outbox(app)) == [rows[-1]]
        assert count(app, t.processed_commands, t.processed_commands.c.kind == "sale") == 0
        report = _daily_pass(app, clock).run()
        assert report.outbox_pruned == 0  # the pass above pruned all it may
        app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(LATTE,), member_code=code,
                                                     payment_method="qr"))
        assert min(set(_outbox(app)) - {rows[-1]}) > rows[-1]
        assert clock.now() - T0 > timedelta(days=OUTBOX_RETENTION_DAYS)
