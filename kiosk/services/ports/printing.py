"""The printing ports: a receipt printer (its adapters: network, USB, serial, CUPS, file, none), the print queue
kept in the shop's database, a print job and a printer's status, and the errors a printer gives. The use cases
that drive them are kiosk.services.printing."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Self, runtime_checkable

from kiosk.domain.documents import Document, document_from_json
from kiosk.domain.errors import KioskError
from kiosk.domain.events import Message
from kiosk.domain.text import Phrase

# Why a printer's status is what it is (PrinterStatus.reason), each a short phrase "printer_status.<reason>" for
# the status lines: what the printer reported, or why it could not be reached (a PrinterError's reason).
STATUS_REASONS = ("paper_out", "cover_open", "error", "offline", "paper_near_end", "no_answer", "no_status", "busy",
                  "not_answering", "unknown_address", "not_found", "in_use", "no_permission", "connection_lost",
                  "job_refused", "not_set_up", "no_printer")


def the_printer(printer: str, where: Message | None = None) -> Phrase:
    """How a message names a printer: "The receipt printer (network printer 192.168.1.50:9100)", its place said
    from the printer's own `where()` in the reader's language."""
    if where is None:
        return Phrase("printer.named", {"printer": printer})
    return Phrase("printer.named_at", {"printer": printer, "where": where})


class PrinterError(KioskError):
    """The printer could not print this document (bad data, unsupported feature, driver missing...).

    Raised as itself or as PrinterUnavailable, nothing of the job reached the printer, so it may be retried;
    PrintNotConfirmed is the exception to that. `params` carries the `reason` and what its sentence names, so a
    screen can say it in its own language.
    """

    code = "printer_error"

    @classmethod
    def because(cls, reason: str, *, printer: str, where: Message | None = None, **params: object) -> Self:
        """The error for `reason`, whose sentence is the catalogue's "printer.<reason>"; `where` is the printer's
        `where()`."""
        return cls(f"printer.{reason}", reason=reason, printer=printer, where=where,
                   the_printer=the_printer(printer, where), **params)


class PrinterUnavailable(PrinterError):
    """The printer cannot print right now (offline, no paper, cover open, no answer); retrying later may work.

    Raised only before any byte of the job was sent."""

    code = "printer_unavailable"


class PrintNotConfirmed(PrinterError):
    """The job's bytes went (at least partly) to the printer, but it did not confirm the job printed.

    The paper may have come out, or may come out later: never retry by itself; a person decides."""

    code = "print_not_confirmed"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; None where the transport cannot tell (CUPS, plain files)."""

    online: bool | None
    paper_near_end: bool | None = None
    paper_out: bool | None = None
    cover_open: bool | None = None
    error: bool | None = None
    detail: str = ""  # why it is not ready, in English for the log and a held job's note; "" when fine
    # the same as a code for people (one of STATUS_REASONS or a PrinterError reason); "" when fine
    reason: str = ""

    @property
    def ready(self) -> bool:
        """Fit to take a job: online (or unknowable) with paper, cover shut and no error."""
        return self.online is not False and not self.paper_out and not self.cover_open and not self.error

    def summary(self) -> str:
        if self.online is None:
            return self.detail or "status unknown (this connection cannot report status)"
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

    def message(self) -> Message:
        """What `summary()` says, as catalogue codes a screen or the CLI says in its language:
        "printer_status.<reason>" phrases joined by "printer_status.parts"."""
        reason = self.reason if self.reason in STATUS_REASONS else ("unreachable" if self.reason else "")
        if self.online is None:
            return Message(f"printer_status.{reason or 'unknown'}")
        if self.online is False and reason and not (self.paper_out or self.cover_open or self.error):
            return Message(f"printer_status.{reason}")  # not reached at all: the phrase says what to do
        parts = [Message("printer_status.online" if self.online else "printer_status.offline")]
        if reason and reason not in ("online", "offline"):
            parts.append(Message(f"printer_status.{reason}"))
        return Message("printer_status.parts", {"parts": tuple(parts)})


@runtime_checkable
class ReceiptPrinter(Protocol):
    """One physical printer. `print_document` returns only once the printer confirmed the job."""

    name: str

    def print_document(self, doc: Document) -> None:
        """Print `doc`, returning once the printer confirmed it.

        Raises PrinterUnavailable / PrinterError when nothing of the job was sent (the queue retries it),
        and PrintNotConfirmed when any of its bytes may have reached the printer (the queue holds it for a
        person: it must never be sent again by itself)."""

    def status(self) -> PrinterStatus:
        """Ask the printer now; never raises for an unreachable printer (reports it offline instead)."""

    def describe(self) -> str:
        """Where the printer is, for people: "network 192.168.1.50:9100, 80 mm"."""

    def where(self) -> Message:
        """The same as a catalogue code and its values, for a screen or the CLI to say in its language."""

    def print_test_page(self) -> None:
        """Print the test page now, bypassing the queue (Thai, QR, widths)."""


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
    # why it is not printed (a refusal's code and values, said in the reader's language), or how it was settled
    last_error: Phrase | None = None
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

    def mark_printed(self, job_id: str, *, now: datetime, note: Phrase | None = None) -> None:
        """sending -> printed; `note` says how (printed without opening the cash drawer, too long after its sale)."""

    def drop_waiting(self, *, printer: str, keep: int, before: datetime, note: Phrase) -> int:
        """queued -> dismissed for `printer`'s waiting jobs beyond the newest `keep` or made before `before`;
        returns how many."""

    def skip(self, job_id: str, *, note: Phrase) -> None:
        """sending -> dismissed without sending anything: a cash drawer opening that came too late."""

    def mark_failed(self, job_id: str, *, error: Phrase, retry_at: datetime) -> None:
        """sending -> queued, to be tried again at `retry_at` (only for jobs of which nothing was sent)."""

    def hold(self, job_id: str, *, error: Phrase) -> None:
        """sending -> held: the job may have printed; only a person reprints (a copy) or dismisses it."""

    def lane(self, printer: str, *, wait_s: float = 0.0) -> AbstractContextManager[bool]:
        """The right to drive `printer` (claim, send, settle its jobs), for one process at a time: yields True
        while the caller holds it, False when another process (or thread) does, after waiting `wait_s`. It must
        end with its holder, however that ends (an OS lock), so a `sending` job whose lane can be taken is one no
        live process is sending."""

    def requeue_uncertain_on_start(self, *, now: datetime, printer: str | None = None) -> int:
        """sending -> held for jobs a crash interrupted (of `printer`); returns how many. Only under the printer's
        `lane`: a job another live process is sending is not interrupted."""

    def sending_printers(self) -> list[str]:
        """The printers that have a job marked `sending` (configured here or not)."""

    def dismiss(self, job_id: str, *, note: Phrase) -> None:
        """held or queued -> dismissed: the cashier decided it needs no (further) printing."""

    def get(self, job_id: str) -> PrintJob | None: ...

    def prune_sale_receipts(self, *, before: datetime) -> int:
        """Delete the sale receipts made before `before` that were printed, declined or dismissed (a reprint
        makes them again from their sale); returns how many."""

    def prune_drawer_kicks(self, *, before: datetime) -> int:
        """Delete the drawer openings sent or dismissed before `before`; returns how many."""

    def find(self, reference: str) -> PrintJob | None:
        """The newest original job for a job id, a source (sale/refund) id or a receipt number."""

    def list_pending(self, *, limit: int = 100) -> list[PrintJob]:
        """queued, sending and held jobs, oldest first."""

    def pending_count(self) -> int: ...

    def last_printed(self, *, printer: str) -> PrintJob | None: ...


# Why a held job is held, in a few words for a status bar (catalogue "print_held.<why>"): the note it was held with
# says it in full (printer.not_confirmed and its detail, or print_job.interrupted).
