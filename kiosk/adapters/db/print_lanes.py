"""Which process drives a printer: an OS file lock per printer next to the shop's SQLite file.

A print job is `sending` only while the process that claimed it holds its printer's lock, from the claim to the
printer's answer. The operating system releases the lock when that process ends, however it ends (a crash, kill -9,
a power cut ends every process), so a `sending` job whose printer's lock can be taken belongs to no live process:
it was cut off, and is held for the cashier. A job another live process is sending is never touched, and one printer
is driven by one process at a time (a second process, finding the lock taken, leaves that printer alone).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process per shop folder, threads share the locks below
    fcntl = None  # type: ignore[assignment]

_POLL_S = 0.05
# Where no file can carry the lock (an in-memory database, a server database): one lock per printer per process.
_IN_PROCESS: dict[tuple[str, str], threading.Lock] = {}
_IN_PROCESS_GUARD = threading.Lock()


class PrinterLanes:
    """Cross-process locks, one per printer, for the shop database at `database` (None: in-process only)."""

    def __init__(self, database: Path | None, *, key: str = "") -> None:
        self.database = database
        self.key = key or str(database)

    def path(self, printer: str) -> Path | None:
        if self.database is None or fcntl is None:
            return None
        # a printer's name is the shop's word (may be Thai, may hold a slash): the file name only hashes it
        digest = hashlib.sha256(printer.encode()).hexdigest()[:12]
        return self.database.with_name(f"{self.database.name}.printer-{digest}.lock")

    @contextmanager
    def hold(self, printer: str, *, wait_s: float = 0.0) -> Iterator[bool]:
        """Yields True while this caller drives `printer`, False when another one does (after waiting `wait_s`)."""
        path = self.path(printer)
        if path is None:
            with _IN_PROCESS_GUARD:
                lock = _IN_PROCESS.setdefault((self.key, printer), threading.Lock())
            got = lock.acquire(timeout=wait_s) if wait_s > 0 else lock.acquire(blocking=False)
            try:
                yield got
            finally:
                if got:
                    lock.release()
            return
        # A file opened for each hold: flock conflicts between open files, so two threads (or two services in one
        # process) exclude each other as two processes do.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            got = _flock(fd, wait_s)
            try:
                yield got
            finally:
                if got:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _flock(fd: int, wait_s: float) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_S)


__all__ = ["PrinterLanes"]
