"""ESC/POS real-time status (DLE EOT n) read with a timeout and decoded into PrinterStatus."""

from __future__ import annotations

import time
from typing import Protocol

from kiosk.services.ports.printing import PrinterStatus

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER = 1, 2, 3, 4
NO_ANSWER = "printer does not answer (stalled or switched off)"
# The English of each reason, for the log and a held job's note (people read "printer_status.<reason>").
DETAILS = {"paper_out": "paper out: load a new roll", "cover_open": "cover open: close the printer cover",
           "error": "printer error: switch it off and on", "offline": "printer offline",
           "paper_near_end": "paper near end"}


class StatusChannel(Protocol):
    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout_s: float) -> bytes:
        """Up to `size` bytes, or b"" when nothing arrives within `timeout_s`."""

    def discard_input(self) -> None:
        """Drop stale bytes (answers to earlier queries, or a DLE EOT pattern inside image data)."""


def _valid(byte: int) -> bool:
    # Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear; anything else is not an answer.
    return byte & 0x93 == 0x12


def query(channel: StatusChannel, n: int, timeout_s: float) -> int | None:
    """The printer's answer byte to DLE EOT n, or None when it does not answer in time.

    Bytes that cannot be an answer (XON/XOFF flow control on a serial line, stray input) are skipped rather
    than ending a long wait early."""
    channel.write(DLE_EOT + bytes([n]))
    deadline = time.monotonic() + timeout_s
    while (left := deadline - time.monotonic()) > 0:
        answer = channel.read(1, left)
        if not answer:
            return None
        if _valid(answer[0]):
            return answer[0]
    return None


def decode(printer: int, offline: int | None, error: int | None, paper: int | None) -> PrinterStatus:
    """Decode the four answers per the ESC/POS reference (TM-T88 family; other brands follow it)."""
    online = not printer & 0x08
    cover_open = bool(offline is not None and offline & 0x04)
    paper_out_stop = bool(offline is not None and offline & 0x20)
    has_error = bool(offline is not None and offline & 0x40) or bool(error is not None and error & 0x6C)
    near_end = bool(paper is not None and paper & 0x0C)
    paper_out = paper_out_stop or bool(paper is not None and paper & 0x60)
    reason = ("paper_out" if paper_out else "cover_open" if cover_open else "error" if has_error
              else "offline" if not online else "paper_near_end" if near_end else "")
    return PrinterStatus(online=online, paper_near_end=near_end, paper_out=paper_out, cover_open=cover_open,
                         error=has_error, detail=DETAILS.get(reason, ""), reason=reason)


def read_status(channel: StatusChannel, timeout_s: float, *, first_answer_s: float | None = None) -> PrinterStatus:
    """Ask DLE EOT 1, then 2, 3 and 4 for the causes; a printer that does not answer is reported stalled.

    `first_answer_s` is how long to wait for the first answer when the query sits behind a job still on its
    way to the printer (it answers only once it has read everything before the query); the others follow it.
    """
    channel.discard_input()
    printer = query(channel, PRINTER, timeout_s if first_answer_s is None else max(timeout_s, first_answer_s))
    if printer is None:
        return PrinterStatus(online=False, error=True, detail=NO_ANSWER, reason="no_answer")
    offline = query(channel, OFFLINE_CAUSE, timeout_s)
    error = query(channel, ERROR_CAUSE, timeout_s)
    paper = query(channel, PAPER, timeout_s)
    return decode(printer, offline, error, paper)


__all__ = ["DLE_EOT", "NO_ANSWER", "StatusChannel", "decode", "query", "read_status"]
