"""The ReceiptPrinter adapter: lays out, renders and sends a document, and confirms it with DLE EOT status."""

from __future__ import annotations

import logging
import math
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kiosk.adapters.printing.devices import (
    DummyDevice,
    Transport,
    open_transport,
    problem_reason,
    resolve_profile,
    technical_detail,
)
from kiosk.adapters.printing.layout import DocumentLayout, Op, PrintProfile
from kiosk.adapters.printing.render import render_bytes
from kiosk.adapters.printing.settings import PrinterSettings
from kiosk.adapters.printing.status import NO_ANSWER, read_status
from kiosk.adapters.printing.thai import TextRenderer, find_fonts
from kiosk.domain.documents import Document
from kiosk.domain.events import Message
from kiosk.domain.text import Phrase
from kiosk.services.ports.printing import PrinterError, PrinterStatus, PrinterUnavailable, PrintNotConfirmed
from kiosk.services.printing import PrintService

log = logging.getLogger(__name__)

# Why a job that went out was not confirmed, as the few words in the held job's message (catalogue phrases, said
# in the screen's language inside printer.not_confirmed).
_NOT_CONFIRMED_BECAUSE = {
    "connection_lost": Phrase("printer_job.connection_lost"),
    "not_answering": Phrase("printer_job.not_answering"),
}


class EscposReceiptPrinter:
    """One configured printer (implements kiosk.services.printing.ReceiptPrinter).

    Thread-safe: one job at a time per printer, so a status check from the UI cannot interleave its DLE EOT
    bytes with a receipt being sent by the print thread.
    """

    def __init__(self, settings: PrinterSettings, *, renderer: TextRenderer | None = None,
                 assets_dir: Path | None = None, dummy: DummyDevice | None = None,
                 profile: PrintProfile | None = None) -> None:
        self.name = settings.name
        self.settings = settings
        self.profile = profile or resolve_profile(settings)
        self.renderer = renderer or TextRenderer(find_fonts([settings.font_dir] if settings.font_dir else []))
        self.layout = DocumentLayout(self.profile, renderer=self.renderer, assets_dir=assets_dir, logo=settings.logo)
        self.dummy = dummy if dummy is not None else (DummyDevice() if settings.kind == "dummy" else None)
        self._lock = threading.Lock()

    @property
    def is_set_up(self) -> bool:
        """False for set-up's "No printer yet": its jobs wait (the queue keeps only the latest of them)."""
        return self.settings.kind != "none"

    @property
    def drawer_window_s(self) -> float:
        """How long after its sale a job may still open the cash drawer (`cash_drawer_window_s`)."""
        return float(self.settings.cash_drawer_window_s)

    def render(self, doc: Document) -> bytes:
        return self.render_ops(self.layout.layout(doc))

    def render_ops(self, ops: list[Op]) -> bytes:
        return render_bytes(ops, self.profile, escpos_profile=self.settings.profile)

    def print_document(self, doc: Document) -> None:
        self.send(self.render(doc))

    def describe(self) -> str:
        return self.settings.describe()

    def where(self) -> Message:
        return self.settings.where()

    def print_test_page(self) -> None:
        ops = self.layout.test_page(printer_name=self.name, description=self.settings.describe())
        self.send(self.render_ops(ops))

    def _transport(self) -> Transport:
        return open_transport(self.settings, dummy=self.dummy)

    def send(self, data: bytes) -> None:
        """Send one job. Returns only when the printer said it is online after the job (where it can say).

        Before sending, a printer that is offline, out of paper, open or silent gets nothing (PrinterUnavailable):
        it would otherwise buffer the job and print it when fixed, while we retry it - two receipts. Once the
        first byte of the job has gone, every failure is PrintNotConfirmed: the paper may come out regardless,
        so the job must not be sent again without a person deciding.
        """
        confirm = self.settings.confirms_with_status
        timeout = self.settings.status_timeout_s
        with self._lock:
            transport = self._transport()
            transport.open()
            try:
                if confirm:
                    before = read_status(transport, timeout)
                    if not before.ready:
                        raise PrinterUnavailable.because("not_ready", printer=self.name, where=self.settings.where(),
                                                         detail=before.message())
                self._send_job(transport, data, confirm=confirm)
            finally:
                transport.close()

    def _send_job(self, transport: Transport, data: bytes, *, confirm: bool) -> None:
        timeout = self.settings.status_timeout_s
        started = time.monotonic()
        sent = not transport.holds_job_until_finish
        try:
            transport.write(data)
            transport.finish()
            sent = True
            if not confirm:
                return
            # The printer answers only once it has read the whole job: give the job its transfer time.
            wait = self.settings.confirm_wait_s(len(data)) - (time.monotonic() - started)
            after = read_status(transport, timeout, first_answer_s=wait)
        except Exception as exc:
            if not sent:
                raise
            reason = str(exc.params.get("reason", "")) if isinstance(exc, PrinterError) else problem_reason(exc, "")
            if not isinstance(exc, PrinterError):
                log.warning("printer %s: job of %d bytes failed after sending began: %s", self.name, len(data),
                            technical_detail(exc))
            raise self._not_confirmed(_NOT_CONFIRMED_BECAUSE.get(reason, Phrase("printer_job.connection_failed")),
                                      size=len(data)) from None
        if not (after.online and after.ready):
            if after.detail == NO_ANSWER:
                because = Phrase("printer_job.no_answer",
                                 {"seconds": math.ceil(self.settings.confirm_wait_s(len(data)))})
            else:
                because = Phrase("printer_job.reports", {"status": after.message()})
            raise self._not_confirmed(because, size=len(data))

    def _not_confirmed(self, because: Phrase, *, size: int) -> PrintNotConfirmed:
        log.warning("printer %s: job of %d bytes sent but not confirmed (%s); held for the cashier",
                    self.name, size, because.code)
        return PrintNotConfirmed.because("not_confirmed", printer=self.name, where=self.settings.where(),
                                         detail=because)

    def status(self) -> PrinterStatus:
        if not self.is_set_up:
            return PrinterStatus(online=False, detail=self.settings.describe(), reason="no_printer")
        if not self.settings.can_read_status:
            return PrinterStatus(online=None, detail=f"{self.settings.describe()} cannot report its status",
                                 reason="no_status")
        # A job on a slow link holds the printer for up to its confirmation wait: say so rather than wait.
        if not self._lock.acquire(timeout=self.settings.status_timeout_s):
            return PrinterStatus(online=None, detail="busy printing a job", reason="busy")
        try:
            try:
                transport = self._transport()
                transport.open()
            except PrinterError as exc:  # unreachable, or its driver package is missing
                return PrinterStatus(online=False, detail=exc.message, reason=_reason(exc))
            try:
                return read_status(transport, self.settings.status_timeout_s)
            except PrinterUnavailable as exc:
                return PrinterStatus(online=False, detail=exc.message, reason=_reason(exc))
            finally:
                transport.close()
        finally:
            self._lock.release()


def _reason(exc: PrinterError) -> str:
    """Why the printer could not be reached, as the status's reason (its phrase says what to do)."""
    return str(exc.params.get("reason", "")) or "not_answering"


def build_printers(settings: dict[str, PrinterSettings], *, assets_dir: Path | None = None,
                   ) -> dict[str, EscposReceiptPrinter]:
    """One adapter per configured printer, sharing one font renderer (fonts load once)."""
    if not settings:
        return {}
    font_dirs = [s.font_dir for s in settings.values() if s.font_dir]
    renderer = TextRenderer(find_fonts(font_dirs))
    return {name: EscposReceiptPrinter(s, renderer=renderer, assets_dir=assets_dir) for name, s in settings.items()}


def build_print_service(printers: dict[str, PrinterSettings], engine: Engine, *, device_id: str,
                        clock: Any = None, assets_dir: Path | None = None,
                        ) -> tuple[PrintService, dict[str, EscposReceiptPrinter]]:
    """The print service on the shop database and the configured printers, as bootstrap wires it."""
    from kiosk.adapters.db.print_queue import SqlPrintQueue

    adapters = build_printers(printers, assets_dir=assets_dir)
    kwargs: dict[str, Any] = {"clock": clock} if clock is not None else {}
    service = PrintService(queue=SqlPrintQueue(engine, device_id=device_id), printers=adapters,
                           default_printer="receipt" if "receipt" in adapters else None, **kwargs)
    return service, adapters


__all__ = ["EscposReceiptPrinter", "build_print_service", "build_printers"]
