"""The print queue use cases: receipts wait in SQLite until a printer confirms them, and never print twice.

How a receipt travels
---------------------
1. Checkout commits the sale and, in the same transaction, inserts a `print_jobs` row (status `queued`).
   A sale therefore never exists without its receipt job, and printing never holds up the sale.
2. `PrintService.drain()` (a background thread in the app, or `kiosk printer drain`) claims the oldest due
   job of each printer with an atomic `queued -> sending` update, so two processes never take the same job.
3. The printer adapter asks the printer for its real-time status (DLE EOT) before sending - an offline,
   paper-out or cover-open printer gets nothing - then sends the job and asks again, waiting long enough for
   the job to cross a slow link. Only an "online" answer after the job makes it `printed`: a stalled network
   printer happily accepts kilobytes it will never print.
4. A failure before any byte of the job was sent (`PrinterUnavailable`, `PrinterError`) puts the job back to
   `queued` with a growing back-off (5 s, 10 s, 20 s ... 5 min), so it is retried by itself when the printer
   returns, and the counter's status bar shows `pending_count()`.
5. A failure after the job's bytes started to go out (`PrintNotConfirmed`: no answer in time, the connection
   died, paper ran out during the job) makes it `held`, exactly like a crash in that window (below).

Why "never prints twice" holds
------------------------------
Bytes that reached a printer may come out on paper whatever the printer said (or did not say) afterwards: a
slow link answers late, a printer out of paper resumes when the roll is changed. So a job whose bytes went out
unconfirmed is never sent again by the queue: it is `held`, and a person decides - reprint a copy marked as
such (which never opens the cash drawer) or dismiss it. The same holds for a crash: a job is `sending` only
between the claim and the printer's answer, so `sending` rows at start-up mean the app died in that window,
and `start()` moves them to `held`, only where no live process holds the printer's lane (an OS lock: see
`PrintQueue.lane`). Jobs still `queued` had not begun to print and are sent normally.

A held job steps aside: it is no longer `queued`, so the printer's later jobs go out (each checked with the
printer first) instead of waiting behind it. Each printer has its own lane, so a slow or stuck printer only
delays its own jobs, never another printer's.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from kiosk.domain.documents import (
    DRAWER_KICK,
    Document,
    RefundSlip,
    SaleReceipt,
    document_kind,
    document_to_json,
)
from kiosk.domain.errors import KioskError, NotFound
from kiosk.domain.events import Message
from kiosk.domain.ids import ordered_id
from kiosk.domain.text import Phrase
from kiosk.services.ports.printing import (
    STATUS_REASONS,
    PrinterError,
    PrinterStatus,
    PrinterUnavailable,
    PrintJob,
    PrintNotConfirmed,
    PrintQueue,
    ReceiptPrinter,
    the_printer,
)
from kiosk.services.ports.uow import UNPRINTED  # the customer wanted no receipt: a reprint prints it then

log = logging.getLogger(__name__)

QUEUED, SENDING, PRINTED, HELD, DISMISSED = "queued", "sending", "printed", "held", "dismissed"
PENDING_STATUSES = (QUEUED, SENDING, HELD)
BACKOFF_FIRST_S = 5
BACKOFF_MAX_S = 300
# How long a drain pass or a status check waits for another process (or window) that drives the printer: long enough
# for an empty pass or a status check to end, far shorter than a job.
LANE_WAIT_S = 1.0
# A cash drawer opens for the moment of its sale: a job printed later than this after its sale (the printer came back
# minutes later, nobody may be at the till) prints without the pulse, and a drawer opening alone is not sent. A
# printer's `cash_drawer_window_s` setting (its adapter's `drawer_window_s`) overrides it.
DRAWER_WINDOW_S = 120
# With no printer set up yet (set-up's "No printer yet"), receipts wait for one, but not forever: only the latest
# NO_PRINTER_KEEP of the last NO_PRINTER_KEEP_HOURS wait, so adding a printer prints what a customer may still be
# waiting for, not a week's pile. The others are dismissed with a note (a reprint makes any of them again).
NO_PRINTER_KEEP = 20
NO_PRINTER_KEEP_HOURS = 12
# A printed (or declined) sale receipt's job is kept this long: a reprint within it is the very receipt, marked
# COPY (a declined one prints as the receipt itself, never printed before). After it the job goes (issue 15: a
# sale's largest row after its ledger), and a reprint makes the receipt again from the sale and the ledger
# (kiosk.services.receipt_copies).
RECEIPT_RETENTION_DAYS = 14

# What went wrong with a printer is a `reason` (not_answering, unknown_address, not_found, in_use, no_permission,
# connection_lost, job_refused, not_ready, not_set_up, not_confirmed, unexpected): the catalogue's code
# "printer.<reason>" says it to the person at the till in one line, what to do, no jargon. The technical cause
# (errno, driver text) goes to the log, never there.
UNEXPECTED = "unexpected"


_HELD_BECAUSE = {
    "printer_job.connection_lost": "connection_lost", "printer_job.connection_failed": "connection_lost",
    "printer_job.not_answering": "stopped_taking_data", "printer_job.no_answer": "no_answer",
    "printer_job.reports": "reports",
}


def held_reason(job: PrintJob) -> Message:
    """What happened to a held job, said short: cut off when the app stopped, the printer dropped the connection
    part-way, did not confirm it in time, reported a problem after it. A screen never calls every held job "held
    after a restart"."""
    note = job.last_error
    if note is None:
        return Message("print_held.not_confirmed")
    if note.code == "print_job.interrupted":
        return Message("print_held.interrupted")
    detail = note.params.get("detail") if note.params else None
    code = getattr(detail, "code", "")
    return Message(f"print_held.{_HELD_BECAUSE.get(code, 'not_confirmed')}")


def _how_long(seconds: float) -> Phrase:
    """A wait as a person says it: "45 s" under two minutes, else "21 min"."""
    if seconds < 120:
        return Phrase("print_job.seconds", {"n": int(seconds)})
    return Phrase("print_job.minutes", {"n": round(seconds / 60)})


@runtime_checkable
class HasNow(Protocol):
    def now(self) -> datetime: ...


def backoff(attempts: int) -> timedelta:
    """5 s after the first failure, doubling to at most 5 minutes: quick when paper was just changed."""
    return timedelta(seconds=min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** max(0, attempts - 1)))


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DrainReport:
    printed: tuple[str, ...] = ()
    failed: tuple[tuple[str, Phrase], ...] = ()  # (job id, why): every job not printed, held ones included
    skipped_printers: tuple[str, ...] = ()  # printers whose lane stopped at a job it must retry later
    held: tuple[str, ...] = ()  # the failed jobs that were sent unconfirmed and now wait for a person
    # jobs whose cash drawer did not open (too long after their sale), with why: printed without it, or not sent
    drawer_skipped: tuple[tuple[str, Phrase], ...] = ()
    busy_printers: tuple[str, ...] = ()  # printers another process was driving: this pass left them alone

    @property
    def idle(self) -> bool:
        return not self.printed and not self.failed

    @staticmethod
    def merge(reports: list[DrainReport]) -> DrainReport:
        return DrainReport(
            printed=tuple(job for r in reports for job in r.printed),
            failed=tuple(item for r in reports for item in r.failed),
            skipped_printers=tuple(name for r in reports for name in r.skipped_printers),
            held=tuple(job for r in reports for job in r.held),
            busy_printers=tuple(name for r in reports for name in r.busy_printers),
            drawer_skipped=tuple(item for r in reports for item in r.drawer_skipped),
        )


def as_copy(doc: Document) -> Document:
    """The document marked COPY, and for sales without the cash drawer kick (a reprint is not a sale)."""
    match doc:
        case SaleReceipt():
            return dataclasses.replace(doc, is_copy=True, open_cash_drawer=False)
        case RefundSlip():
            return dataclasses.replace(doc, is_copy=True)
    return doc  # the other slips have no COPY mark


class PrintService:
    """Use cases on the print queue; thread-safe for drainers plus any number of enqueuers.

    Each printer is drained in its own lane (one lock, and in `run_forever` one thread, per printer), so a
    printer that takes a minute to confirm a big job on a slow link delays only its own later jobs.
    """

    def __init__(self, *, queue: PrintQueue, printers: Mapping[str, ReceiptPrinter],
                 clock: Callable[[], datetime] | HasNow = _utcnow, default_printer: str | None = None,
                 copies: Callable[[str], tuple[str, Document] | None] | None = None,
                 refund_marks: Callable[[SaleReceipt], SaleReceipt] | None = None) -> None:
        self.queue = queue
        # a sale's receipt made again from the sale and the ledger (receipt_copies), once its job is gone, or an
        # unused voucher's slip by its code
        self.copies = copies
        # a kept receipt marked with the refunds of its sale since (receipt_copies): a copy says it was refunded
        self.refund_marks = refund_marks
        self.printers = dict(printers)
        # Takes the app's Clock (an object with .now()) or a plain function returning an aware datetime.
        # A test clock may be both: callable, with a `now` attribute that is a datetime.
        now = getattr(clock, "now", None)
        self.clock: Callable[[], datetime]
        if callable(now):
            self.clock = now
        elif callable(clock):
            self.clock = clock
        else:
            raise TypeError(f"clock {clock!r} is neither a function nor has a now() method")
        self.default_printer = default_printer or (next(iter(self.printers)) if self.printers else "receipt")
        self._lanes = {name: threading.Lock() for name in self.printers}
        self._start_lock = threading.Lock()
        self._started = False

    def start(self) -> int:
        """Call once when the app starts, before the first drain: holds jobs a crash left half-sent.

        Only jobs no live process is sending: a printer another process drives right now (its lane is taken) keeps
        its `sending` job, and that process settles it. Each later pass of a lane looks again (a process that
        died mid-job since)."""
        with self._start_lock:
            held = 0
            for name in dict.fromkeys([*self.printers, *self.queue.sending_printers()]):
                with self.queue.lane(name) as mine:
                    if mine:
                        held += self._hold_interrupted(name)
            self._started = True
        return held

    def _hold_interrupted(self, name: str) -> int:
        """Under `name`'s lane: its `sending` jobs were cut off by a process that ended mid-job."""
        held = self.queue.requeue_uncertain_on_start(now=self.clock(), printer=name)
        if held:
            log.warning("%d print job(s) on %s were cut off when the app stopped and are held for the cashier",
                        held, name)
        return held

    def enqueue(self, doc: Document, *, printer: str | None = None, source_id: str | None = None,
                job_id: str | None = None) -> PrintJob:
        """Queue a slip that is not part of a sale transaction (member card, voucher, day summary)."""
        return self.queue.enqueue(
            job_id=job_id or ordered_id(), printer=printer or self.default_printer, kind=document_kind(doc),
            source_id=source_id, document_json=document_to_json(doc), now=self.clock(),
        )

    def drain(self, *, limit: int = 20, printer: str | None = None) -> DrainReport:
        """One pass: every printer (or just `printer`) sends its due jobs in order, at most `limit` each.

        Printers are drained side by side, so one waiting for a slow confirmation does not hold up another.
        Within a printer, a job that must be retried later stops the lane (later receipts must not overtake
        it); a job that was sent but not confirmed is held and the lane goes on with the next job.
        """
        if not self._started:
            self.start()
        names = [printer] if printer is not None else list(self.printers)
        names = [name for name in names if name in self.printers]
        if len(names) <= 1:
            return DrainReport.merge([self._drain_lane(name, limit=limit) for name in names])
        with ThreadPoolExecutor(max_workers=len(names), thread_name_prefix="print-drain") as pool:
            futures = [pool.submit(self._drain_lane, name, limit=limit) for name in names]
            return DrainReport.merge([future.result() for future in futures])

    def _drain_lane(self, name: str, *, limit: int, stop: threading.Event | None = None,
                    wait_s: float = LANE_WAIT_S) -> DrainReport:
        printed: list[str] = []
        failed: list[tuple[str, Phrase]] = []
        held: list[str] = []
        skipped: list[str] = []
        drawer_skipped: list[tuple[str, Phrase]] = []
        printer = self.printers[name]
        with self._lanes[name], self.queue.lane(name, wait_s=wait_s) as mine:
            if not mine:  # another process drives this printer now: its jobs go out from there
                return DrainReport(busy_printers=(name,))
            self._hold_interrupted(name)
            if not getattr(printer, "is_set_up", True):
                self._keep_latest_waiting(name)
            while len(printed) + len(failed) < limit and not (stop is not None and stop.is_set()):
                job = self.queue.claim_next(printer=name, now=self.clock())
                if job is None:
                    break
                document, late = self._drawer_in_time(job, printer)
                if late is not None:
                    drawer_skipped.append((job.id, late))
                if document is None:  # a drawer opening alone, too late: nothing to send
                    self.queue.skip(job.id, note=late or Phrase("print_job.dismissed"))
                    continue
                outcome = self._send(job, printer, document)
                if outcome is None:
                    self.queue.mark_printed(job.id, now=self.clock(), note=late)
                    printed.append(job.id)
                    continue
                sent, error = outcome
                failed.append((job.id, error))
                if sent:
                    # Its bytes reached the printer: it may print yet. Never again by itself; later jobs go on.
                    self.queue.hold(job.id, error=error)
                    held.append(job.id)
                    continue
                self.queue.mark_failed(job.id, error=error, retry_at=self.clock() + backoff(job.attempts))
                skipped.append(name)
                break
        return DrainReport(tuple(printed), tuple(failed), tuple(skipped), tuple(held),
                           drawer_skipped=tuple(drawer_skipped))

    def _keep_latest_waiting(self, name: str) -> None:
        """No printer yet: only the latest receipts wait for one (NO_PRINTER_KEEP, NO_PRINTER_KEEP_HOURS)."""
        dropped = self.queue.drop_waiting(
            printer=name, keep=NO_PRINTER_KEEP, before=self.clock() - timedelta(hours=NO_PRINTER_KEEP_HOURS),
            note=Phrase("print_job.no_printer_dropped", {"keep": NO_PRINTER_KEEP, "hours": NO_PRINTER_KEEP_HOURS}))
        if dropped:
            log.info("%d receipt(s) waiting for printer %s, which is not set up, were dismissed", dropped, name)

    def _drawer_in_time(self, job: PrintJob, printer: ReceiptPrinter) -> tuple[Document | None, Phrase | None]:
        """The document to send, and why its cash drawer stays shut when the job comes too long after its sale
        (None: in time, or it opens nothing). A late drawer opening alone is None: nothing to send."""
        document = job.document()
        opens = job.kind == DRAWER_KICK or (isinstance(document, SaleReceipt) and document.open_cash_drawer
                                            and not document.is_copy)
        if not opens:
            return document, None
        window = float(getattr(printer, "drawer_window_s", DRAWER_WINDOW_S))
        late_s = (self.clock() - job.created_at).total_seconds()
        if late_s <= window:
            return document, None
        said = {"late": _how_long(late_s), "window": _how_long(window)}
        log.warning("print job %s is %d s after its sale: the cash drawer is not opened", job.id, late_s)
        if job.kind == DRAWER_KICK:
            return None, Phrase("print_job.drawer_too_late", said)
        assert isinstance(document, SaleReceipt)
        return dataclasses.replace(document, open_cash_drawer=False), Phrase("print_job.printed_without_drawer", said)

    def _send(self, job: PrintJob, printer: ReceiptPrinter, document: Document) -> tuple[bool, Phrase] | None:
        """None when printed, else (whether bytes of it may have reached the printer, why: the refusal's code and
        values, kept on the job and said to the cashier in their language)."""
        try:
            printer.print_document(document)
        except PrintNotConfirmed as exc:
            log.warning("print job %s on %s sent but not confirmed, held: %s", job.id, job.printer, exc.message)
            return True, Phrase(exc.code, exc.params)
        except PrinterError as exc:
            log.info("print job %s on %s not printed (%s): %s", job.id, job.printer, exc.code, exc.message)
            return False, Phrase(exc.code, exc.params)
        except Exception:  # a layout or driver bug must not kill the print thread; the job is kept
            # A ReceiptPrinter reports anything that happens once bytes went out as PrintNotConfirmed, so this
            # came before sending and is safe to retry.
            log.exception("print job %s failed unexpectedly", job.id)
            unexpected = PrinterError.because(UNEXPECTED, printer=job.printer)
            return False, Phrase(unexpected.code, unexpected.params)
        return None

    def reprint(self, reference: str) -> PrintJob:
        """Queue a copy of a job (by job id, sale/refund id or receipt number), marked COPY, never kicking the
        drawer. A held original is dismissed: the copy replaces it."""
        original = self.queue.find(reference)
        if original is None:
            return self._copy_made_again(reference)
        if original.kind == DRAWER_KICK:  # a drawer opening is not a document to copy
            raise NotFound("printer.job_not_found", reference=reference)
        if original.status == UNPRINTED:
            # never printed: the customer gets the receipt itself, not a COPY (a DrawerKick opened the drawer at sale)
            document = original.document()
            if isinstance(document, SaleReceipt):
                document = self._marked(dataclasses.replace(document, open_cash_drawer=False))
            later = self.queue.enqueue(job_id=ordered_id(), printer=original.printer, kind=original.kind,
                                       source_id=original.source_id, document_json=document_to_json(document),
                                       now=self.clock(), copy_of=original.id)
            self.queue.dismiss(original.id, note=Phrase("print_job.printed_later", {"job": later.id}))
            return later
        copy = self.queue.enqueue(
            job_id=ordered_id(), printer=original.printer, kind=original.kind, source_id=original.source_id,
            document_json=document_to_json(self._marked(as_copy(original.document()))), now=self.clock(),
            copy_of=original.copy_of or original.id,
        )
        if original.status == HELD:
            self.queue.dismiss(original.id, note=Phrase("print_job.reprinted", {"job": copy.id}))
        return copy

    def _marked(self, document: Document) -> Document:
        if isinstance(document, SaleReceipt) and self.refund_marks is not None:
            return self.refund_marks(document)
        return document

    def _copy_made_again(self, reference: str) -> PrintJob:
        """A sale whose receipt job went after the retention, or a refund whose slip has no job here: the document
        made again from what the shop keeps of it, marked COPY."""
        made = self.copies(reference) if self.copies is not None else None
        if made is None:
            raise NotFound("printer.job_not_found", reference=reference)
        source_id, document = made
        return self.enqueue(as_copy(document), source_id=source_id)

    def reprint_last(self, printer: str | None = None) -> PrintJob | None:
        """A copy of the last document this printer confirmed ("the customer wants another receipt"); None when
        it has confirmed none yet. That is a fresh till's normal state, not a refusal: the screens say there is
        nothing to copy, and a printer that is not there is still refused."""
        name = printer or self.default_printer
        if name not in self.printers:
            raise NotFound("printer.unknown", name=name)
        last = self.queue.last_printed(printer=name)
        return self.reprint(last.id) if last is not None else None

    def prune_sale_receipts(self, *, retention_days: int = RECEIPT_RETENTION_DAYS) -> int:
        """Delete the printed, declined or dismissed sale receipts older than `retention_days` (a reprint makes
        them again from their sale)."""
        return self.queue.prune_sale_receipts(before=self.clock() - timedelta(days=retention_days))

    def prune_drawer_kicks(self, *, retention_days: int = RECEIPT_RETENTION_DAYS) -> int:
        """Forget the cash drawer openings older than `retention_days`: nothing reprints or reads them."""
        return self.queue.prune_drawer_kicks(before=self.clock() - timedelta(days=retention_days))

    def dismiss(self, job_id: str) -> None:
        """The cashier checked a held job's paper came out (or is not wanted): stop showing it."""
        self.queue.dismiss(job_id, note=Phrase("print_job.dismissed"))

    def pending_count(self) -> int:
        return self.queue.pending_count()

    def pending(self, *, limit: int = 100) -> list[PrintJob]:
        return self.queue.list_pending(limit=limit)

    def status(self, printer: str | None = None) -> PrinterStatus:
        name = printer or self.default_printer
        if name not in self.printers:
            raise NotFound("printer.unknown", name=name)
        # Asked under the printer's lane: while any process sends a job, say so at once instead of opening a
        # second connection the printer may not serve (or interleaving DLE EOT with the job).
        with self.queue.lane(name, wait_s=LANE_WAIT_S) as mine:
            if not mine:
                return PrinterStatus(online=None, detail="busy printing a job", reason="busy")
            return self.printers[name].status()

    def print_test_page(self, printer: str | None = None) -> None:
        """The test page now, bypassing the queue, but never in the middle of another process's job."""
        name = printer or self.default_printer
        if name not in self.printers:
            raise NotFound("printer.unknown", name=name)
        with self.queue.lane(name, wait_s=LANE_WAIT_S) as mine:
            if not mine:
                raise PrinterUnavailable.because("busy", printer=name, where=self.printers[name].where())
            self.printers[name].print_test_page()

    def status_said(self, printer: str | None = None) -> Message:
        """The printer's state as a screen shows it, in catalogue phrases: its status, or why it cannot be asked
        (a printer not set up is that refusal's phrase; anything else is logged and said as "unknown"), never
        an exception's English. The counter's print queue and the kiosk's staff panel both read it."""
        try:
            return self.status(printer).message()
        except KioskError as error:
            return Message(error.code, error.params)
        except Exception:  # noqa: BLE001 - a driver's own failure: the screen says it cannot tell
            log.exception("printer status failed")
            return Message("printer_status.unknown")

    def run_forever(self, *, stop: threading.Event, wake: threading.Event | None = None,
                    interval_s: float = 2.0, limit: int = 20) -> None:
        """Drain until `stop` is set; `wake` lets the app start a pass right after a sale instead of waiting.

        One thread per printer: a printer waiting out a slow confirmation keeps only its own jobs waiting.
        """
        if not self._started:
            self.start()
        wake = wake or threading.Event()
        lane_wakes = {name: threading.Event() for name in self.printers}
        lanes = [threading.Thread(target=self._run_lane, name=f"print-queue-{name}", daemon=True,
                                  kwargs={"name": name, "stop": stop, "wake": lane_wakes[name],
                                          "interval_s": interval_s, "limit": limit})
                 for name in self.printers]
        for lane in lanes:
            lane.start()
        try:
            while not stop.is_set():
                if wake.wait(interval_s):
                    wake.clear()
                    for lane_wake in lane_wakes.values():
                        lane_wake.set()
        finally:
            for lane_wake in lane_wakes.values():
                lane_wake.set()
            for lane in lanes:
                # A lane in the middle of a job finishes it, up to its confirmation wait; a process that exits
                # first leaves the job `sending`, and the next start holds it.
                lane.join(timeout=4.0)

    def _run_lane(self, *, name: str, stop: threading.Event, wake: threading.Event, interval_s: float,
                  limit: int) -> None:
        while not stop.is_set():
            try:
                self._drain_lane(name, limit=limit, stop=stop, wait_s=0.0)
            except Exception:  # storage trouble (disk, lock): keep the lane alive, the next pass retries
                log.exception("print queue pass for %s failed", name)
            wake.wait(interval_s)
            wake.clear()


__all__ = [
    "DISMISSED", "DrainReport", "HELD", "UNPRINTED", "PENDING_STATUSES", "PRINTED", "PrintJob",
    "PrintNotConfirmed", "PrintQueue", "PrintService", "PrinterError", "PrinterStatus", "PrinterUnavailable", "QUEUED",
    "ReceiptPrinter", "SENDING", "STATUS_REASONS", "as_copy", "backoff", "held_reason", "the_printer",
]
