"""The print queue use cases: receipts wait in SQLite until a printer confirms them, and never print twice.

How a receipt travels
---------------------
1. Checkout commits the sale and, in the same transaction, inserts a `print_jobs` row (status `queued`).
   A sale therefore never exists without its receipt job, and printing never holds up the sale.
2. `PrintService.drain()` (a background thread in the app, or `kiosk printer drain`) claims the oldest due
   job of each printer with an atomic `queued -> sending` update, so two processes never take the same job.
3. The printer adapter asks the printer for its real-time status (DLE EOT) before sending - an offline,
   paper-out or cover-open printer gets nothing - then sends the job and asks again. Only an "online" answer
   after the job makes it `printed`: a stalled network printer happily accepts kilobytes it will never print.
4. Any failure puts the job back to `queued` with a growing back-off (5 s, 10 s, 20 s ... 5 min), so it is
   retried by itself when the printer returns, and the counter's status bar shows `pending_count()`.

Why "never prints twice after a restart" holds
----------------------------------------------
A job is `sending` only between the claim and the printer's answer. Finding `sending` rows at start-up means
the app died in that window: the paper may or may not have come out. Reprinting automatically would risk a
duplicate receipt (and, for cash sales, a second drawer kick), so `start()` moves them to `held`; the
cashier sees them in the queue and reprints on purpose (a copy marked as such) or dismisses them. Jobs still
`queued` at start-up had not begun to print and are sent normally.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, Self, runtime_checkable

from kiosk.domain.documents import Document, document_from_json, document_kind, document_to_json
from kiosk.domain.errors import KioskError, NotFound

log = logging.getLogger(__name__)

QUEUED, SENDING, PRINTED, HELD, DISMISSED = "queued", "sending", "printed", "held", "dismissed"
PENDING_STATUSES = (QUEUED, SENDING, HELD)
BACKOFF_FIRST_S = 5
BACKOFF_MAX_S = 300


# What went wrong with a printer, by `reason`, for the person at the till: one line, what to do, no jargon.
# `{the_printer}` is "The receipt printer at 192.168.1.50:9100" (name and place); the technical cause
# (errno, driver text) goes to the log, never here.
PRINTER_PROBLEMS: dict[str, str] = {
    "not_answering": "{the_printer} is not answering. Check it is switched on and connected.",
    "unknown_address": "{the_printer} cannot be found on the network. Check the printer address in the settings.",
    "not_found": "{the_printer} is not found. Check it is switched on and its cable is plugged in.",
    "in_use": "{the_printer} is in use by another program. Close that program, or restart the till.",
    "no_permission": "{the_printer} may not be used by this till yet. Ask whoever set up the till to allow it.",
    "connection_lost": "{the_printer} dropped the connection. Check it is switched on and connected.",
    "job_refused": "{the_printer} refused the job. Check the printer in the computer's printer settings.",
    "not_ready": "{the_printer} is not ready: {detail}.",
    "not_set_up": "{the_printer} cannot be set up. Check its settings.",
    "unexpected": "The job could not be printed because of a fault in the till's software; the details are in "
                  "the log.",
}


def printer_phrase(printer: str, where: str = "") -> str:
    """ "The receipt printer at 192.168.1.50:9100": how messages name a printer."""
    return f"The {printer} printer" + (f" {where}" if where else "")


class PrinterError(KioskError):
    """The printer could not print this document (bad data, unsupported feature, driver missing...).

    `params` carries the `reason` (a key of PRINTER_PROBLEMS) and what its sentence names, so a screen can
    say it in its own language.
    """

    code = "printer_error"

    def __init__(self, message: str, *, code: str | None = None, params: Mapping[str, str] | None = None) -> None:
        super().__init__(message, code=code)
        self.params: dict[str, str] = dict(params or {})

    @classmethod
    def because(cls, reason: str, *, printer: str, where: str = "", **params: str) -> Self:
        """The error for `reason` with its one-line message from PRINTER_PROBLEMS."""
        message = PRINTER_PROBLEMS[reason].format(the_printer=printer_phrase(printer, where), **params)
        return cls(message, params={"reason": reason, "printer": printer, "where": where, **params})


class PrinterUnavailable(PrinterError):
    """The printer cannot print right now (offline, no paper, cover open, no answer); retrying later may work."""

    code = "printer_unavailable"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; None where the transport cannot tell (CUPS, plain files)."""

    online: bool | None
    paper_near_end: bool | None = None
    paper_out: bool | None = None
    cover_open: bool | None = None
    error: bool | None = None
    detail: str = ""  # why it is not ready, for the cashier; "" when fine

    @property
    def ready(self) -> bool:
        """Fit to take a job: online (or unknowable) with paper, cover shut and no error."""
        return self.online is not False and not self.paper_out and not self.cover_open and not self.error

    def summary(self) -> str:
        if self.online is None:
            return "status unknown (this connection cannot report status)"
        if self.online is False and self.detail and not (self.paper_out or self.cover_open or self.error):
            return self.detail  # not reached at all: the sentence says what to do
        parts = ["online" if self.online else "offline"]
        if self.paper_out:
            parts.append("paper out")
        elif self.paper_near_end:
            parts.append("paper near end")
        if self.cover_open:
            parts.append("cover open")
        if self.error:
            parts.append("error")
        if self.detail and self.detail not in parts:
            parts.append(self.detail)
        return ", ".join(parts)


@runtime_checkable
class ReceiptPrinter(Protocol):
    """One physical printer. `print_document` returns only once the printer confirmed the job."""

    name: str

    def print_document(self, doc: Document) -> None:
        """Print `doc`; raises PrinterUnavailable when it cannot be confirmed printed (the job stays queued)."""

    def status(self) -> PrinterStatus:
        """Ask the printer now; never raises for an unreachable printer (reports it offline instead)."""


@dataclass(frozen=True)
class PrintJob:
    id: str
    seq: int
    printer: str
    kind: str
    source_id: str | None
    document_json: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    printed_at: datetime | None = None
    copy_of: str | None = None

    def document(self) -> Document:
        return document_from_json(self.document_json)

    def reference(self) -> str:
        """The receipt number a cashier knows the job by, else the job id."""
        doc = self.document()
        return str(getattr(doc, "receipt_no", None) or getattr(doc, "voucher_code", None) or self.id)


class PrintQueue(Protocol):
    """Storage of print jobs; every method is its own short transaction."""

    def enqueue(self, *, job_id: str, printer: str, kind: str, source_id: str | None, document_json: str,
                now: datetime, copy_of: str | None = None) -> PrintJob:
        """Add a queued job (idempotent on job_id: a repeat returns the first job)."""

    def claim_next(self, *, printer: str, now: datetime) -> PrintJob | None:
        """Move the oldest queued job of `printer` to sending, if it is due; None if nothing is due.

        Strict order per printer: while the oldest job waits for its retry time, later ones wait too, so
        receipts come out in the order the sales were made.
        """

    def mark_printed(self, job_id: str, *, now: datetime) -> None: ...

    def mark_failed(self, job_id: str, *, error: str, retry_at: datetime) -> None:
        """sending -> queued, to be tried again at `retry_at`."""

    def requeue_uncertain_on_start(self, *, now: datetime) -> int:
        """sending -> held for jobs a crash interrupted; returns how many."""

    def dismiss(self, job_id: str, *, note: str) -> None:
        """held or queued -> dismissed: the cashier decided it needs no (further) printing."""

    def get(self, job_id: str) -> PrintJob | None: ...

    def find(self, reference: str) -> PrintJob | None:
        """The newest original job for a job id, a source (sale/refund) id or a receipt number."""

    def list_pending(self, *, limit: int = 100) -> list[PrintJob]:
        """queued, sending and held jobs, oldest first."""

    def pending_count(self) -> int: ...

    def last_printed(self, *, printer: str) -> PrintJob | None: ...


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
    failed: tuple[tuple[str, str], ...] = ()  # (job id, error)
    skipped_printers: tuple[str, ...] = ()

    @property
    def idle(self) -> bool:
        return not self.printed and not self.failed


def as_copy(doc: Document) -> Document:
    """The document marked COPY, and for sales without the cash drawer kick (a reprint is not a sale)."""
    changes: dict[str, object] = {}
    fields = {f.name for f in dataclasses.fields(doc)}  # type: ignore[arg-type]
    if "is_copy" in fields:
        changes["is_copy"] = True
    if "open_cash_drawer" in fields:
        changes["open_cash_drawer"] = False
    return dataclasses.replace(doc, **changes)  # type: ignore[type-var]


class PrintService:
    """Use cases on the print queue; thread-safe for one drainer plus any number of enqueuers."""

    def __init__(self, *, queue: PrintQueue, printers: Mapping[str, ReceiptPrinter],
                 clock: Callable[[], datetime] | HasNow = _utcnow, default_printer: str | None = None) -> None:
        self.queue = queue
        self.printers = dict(printers)
        # Takes the app's Clock (an object with .now()) or a plain function returning an aware datetime.
        now = getattr(clock, "now", None)
        self.clock: Callable[[], datetime] = now if callable(now) else clock  # type: ignore[assignment]
        self.default_printer = default_printer or (next(iter(self.printers)) if self.printers else "receipt")
        self._drain_lock = threading.Lock()
        self._started = False

    def start(self) -> int:
        """Call once when the app starts, before the first drain: holds jobs a crash left half-sent."""
        held = self.queue.requeue_uncertain_on_start(now=self.clock())
        if held:
            log.warning("%d print job(s) were interrupted by a restart and are held for the cashier", held)
        self._started = True
        return held

    def enqueue(self, doc: Document, *, printer: str | None = None, source_id: str | None = None,
                job_id: str | None = None) -> PrintJob:
        """Queue a slip that is not part of a sale transaction (member card, voucher, day summary)."""
        return self.queue.enqueue(
            job_id=job_id or str(uuid.uuid4()), printer=printer or self.default_printer, kind=document_kind(doc),
            source_id=source_id, document_json=document_to_json(doc), now=self.clock(),
        )

    def drain(self, *, limit: int = 20) -> DrainReport:
        """One pass: for each printer, send its due jobs in order until one fails or `limit` are sent.

        A failing printer is left alone for the rest of the pass (its later jobs would fail the same way
        and must not overtake the one that failed); other printers carry on.
        """
        if not self._started:
            self.start()
        printed: list[str] = []
        failed: list[tuple[str, str]] = []
        skipped: list[str] = []
        with self._drain_lock:
            for name, printer in self.printers.items():
                while len(printed) + len(failed) < limit:
                    job = self.queue.claim_next(printer=name, now=self.clock())
                    if job is None:
                        break
                    error = self._send(job, printer)
                    if error is None:
                        self.queue.mark_printed(job.id, now=self.clock())
                        printed.append(job.id)
                        continue
                    retry_at = self.clock() + backoff(job.attempts)
                    self.queue.mark_failed(job.id, error=error, retry_at=retry_at)
                    failed.append((job.id, error))
                    skipped.append(name)
                    break
        return DrainReport(tuple(printed), tuple(failed), tuple(skipped))

    def _send(self, job: PrintJob, printer: ReceiptPrinter) -> str | None:
        try:
            printer.print_document(job.document())
        except PrinterError as exc:
            log.info("print job %s on %s not printed: %s", job.id, job.printer, exc.message)
            return exc.message
        except Exception:  # a layout or driver bug must not kill the print thread; the job is kept
            log.exception("print job %s failed unexpectedly", job.id)
            return PRINTER_PROBLEMS["unexpected"]
        return None

    def reprint(self, reference: str) -> PrintJob:
        """Queue a copy of a job (by job id, sale/refund id or receipt number), marked COPY, never kicking the
        drawer. A held original is dismissed: the copy replaces it."""
        original = self.queue.find(reference)
        if original is None:
            raise NotFound(f"No printed document found for {reference!r}.", code="print_job_not_found")
        copy = self.queue.enqueue(
            job_id=str(uuid.uuid4()), printer=original.printer, kind=original.kind, source_id=original.source_id,
            document_json=document_to_json(as_copy(original.document())), now=self.clock(),
            copy_of=original.copy_of or original.id,
        )
        if original.status == HELD:
            self.queue.dismiss(original.id, note=f"reprinted as copy {copy.id}")
        return copy

    def reprint_last(self, printer: str | None = None) -> PrintJob:
        """A copy of the last document this printer confirmed ("the customer wants another receipt")."""
        name = printer or self.default_printer
        last = self.queue.last_printed(printer=name)
        if last is None:
            raise NotFound(f"Printer {name!r} has not printed anything yet.", code="print_job_not_found")
        return self.reprint(last.id)

    def dismiss(self, job_id: str) -> None:
        """The cashier checked a held job's paper came out (or is not wanted): stop showing it."""
        self.queue.dismiss(job_id, note="dismissed by cashier")

    def pending_count(self) -> int:
        return self.queue.pending_count()

    def pending(self, *, limit: int = 100) -> list[PrintJob]:
        return self.queue.list_pending(limit=limit)

    def status(self, printer: str | None = None) -> PrinterStatus:
        name = printer or self.default_printer
        if name not in self.printers:
            raise NotFound(f"No printer named {name!r} is configured.", code="printer_not_found")
        return self.printers[name].status()

    def run_forever(self, *, stop: threading.Event, wake: threading.Event | None = None,
                    interval_s: float = 2.0) -> None:
        """Drain until `stop` is set; `wake` lets the app start a pass right after a sale instead of waiting."""
        wake = wake or threading.Event()
        while not stop.is_set():
            try:
                self.drain()
            except Exception:  # storage trouble (disk, lock): keep the thread alive, the next pass retries
                log.exception("print queue pass failed")
            wake.wait(interval_s)
            wake.clear()


__all__ = [
    "DISMISSED", "DrainReport", "HELD", "PENDING_STATUSES", "PRINTED", "PRINTER_PROBLEMS", "PrintJob", "PrintQueue",
    "PrintService", "PrinterError", "PrinterStatus", "PrinterUnavailable", "QUEUED", "ReceiptPrinter", "SENDING",
    "as_copy", "backoff", "printer_phrase",
]
