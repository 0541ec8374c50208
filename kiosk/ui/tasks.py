"""Background work for the GUI: one database worker, a small I/O pool, results back on the GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QEventLoop,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from kiosk.domain.errors import KioskError
from kiosk.ui.formatting import render_text

log = logging.getLogger(__name__)

T = TypeVar("T")

GENERIC_FAILURE_CODE = "task.failed"  # anything but a KioskError: "Something went wrong; nothing was changed."


@dataclass(frozen=True)
class TaskFailure:
    """Why a background task failed: the refusal's catalogue code and params, never a traceback. `message` says
    it in the screen's current language; `kind` is the error's class ("manager_approval_required",
    "printer_unavailable"...) for a screen that acts on what kind of refusal it was."""

    code: str
    task_name: str
    params: Mapping[str, object] = field(default_factory=dict)
    kind: str = ""

    @classmethod
    def of(cls, error: KioskError, task_name: str) -> TaskFailure:
        return cls(error.code, task_name, dict(error.params), type(error).code)

    @property
    def message(self) -> str:
        return render_text(self.code, self.params)


@dataclass(frozen=True)
class _Outcome:
    task_id: int
    ok: bool
    value: Any
    failure: TaskFailure | None


@dataclass(frozen=True)
class _Pending:
    name: str
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[TaskFailure], None] | None
    owner: QObject | None


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on the GUI thread.

    Database work goes through ONE worker thread (SQLite has one writer, and ordering stays obvious);
    network and printing share a small separate pool so a slow printer never delays a sale. Reads that may
    take a while and change nothing (member search as the cashier types) have a reader thread of their own,
    on its own connection: WAL lets it read while a sale commits, so a search never queues ahead of a sale.
    Callbacks run on the thread that owns the runner (the GUI thread): they may touch widgets, the task
    function never may.
    """

    busy_changed = Signal(bool)
    """True when the first task starts, False when the last result has been delivered."""
    task_failed = Signal(object)
    """A `TaskFailure` for a task submitted without `on_failure`, so failures are never silent."""
    refused = Signal(object)
    """Every task's `TaskFailure`, after its own callback: for a window that acts on a refusal whatever screen met
    it (a disabled staff member's session ends at the counter)."""

    _delivered = Signal(object)

    def __init__(self, parent: QObject | None = None, *, io_workers: int = 3) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-db")
        self._io = ThreadPoolExecutor(max_workers=io_workers, thread_name_prefix="kiosk-io")
        self._read = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-read")
        self._pending: dict[int, _Pending] = {}
        self._next_id = 0
        self._lock = threading.Lock()
        self._closed = False
        # Queued explicitly: the emit happens on a worker thread, the slot must run on ours.
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # ----------------------------------------------------------------------------------------- submit
    def run_db(
        self,
        fn: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[TaskFailure], None] | None = None,
        owner: QObject | None = None,
        name: str | None = None,
    ) -> int:
        """Run `fn` on the single database worker; returns a task id.

        `owner`: when given and deleted before the result arrives, the callbacks are skipped (the screen
        that asked has gone away).
        """
        return self._submit(self._db, fn, on_success, on_failure, owner, name)

    def run_read(
        self,
        fn: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[TaskFailure], None] | None = None,
        owner: QObject | None = None,
        name: str | None = None,
    ) -> int:
        """Run a read-only `fn` on the reader thread, beside the database worker; returns a task id.

        Only for work that writes nothing (it opens read-only units of work): its results may be a moment
        older than a sale the database worker is committing at the same time.
        """
        return self._submit(self._read, fn, on_success, on_failure, owner, name)

    def run_io(
        self,
        fn: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[TaskFailure], None] | None = None,
        owner: QObject | None = None,
        name: str | None = None,
    ) -> int:
        """Run `fn` on the network/printing/decoding pool; returns a task id."""
        return self._submit(self._io, fn, on_success, on_failure, owner, name)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def is_busy(self) -> bool:
        return bool(self._pending)

    # ------------------------------------------------------------------------------------- lifecycle
    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Spin the event loop until every submitted task has been delivered; True if idle in time."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._pending:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                return False
            loop = QEventLoop()
            timer = QTimer(loop)
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            self.busy_changed.connect(loop.quit)
            timer.start(remaining_ms)
            loop.exec()
            self.busy_changed.disconnect(loop.quit)
        return True

    @property
    def is_shut_down(self) -> bool:
        """True once shutdown() ran: a screen's late work (a language switch re-reading a member) is dropped."""
        return self._closed

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop accepting work, let running tasks end, and drop results nobody will look at."""
        self._closed = True
        self._db.shutdown(wait=wait, cancel_futures=True)
        self._read.shutdown(wait=wait, cancel_futures=True)
        self._io.shutdown(wait=wait, cancel_futures=True)
        if self._pending:
            self._pending.clear()
            self.busy_changed.emit(False)

    # ------------------------------------------------------------------------------------- internals
    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[TaskFailure], None] | None,
        owner: QObject | None,
        name: str | None,
    ) -> int:
        if self._closed:
            raise RuntimeError("TaskRunner has been shut down")
        with self._lock:
            self._next_id += 1
            task_id = self._next_id
        task_name = name or getattr(fn, "__qualname__", None) or repr(fn)
        was_idle = not self._pending
        self._pending[task_id] = _Pending(task_name, on_success, on_failure, owner)
        if was_idle:
            self.busy_changed.emit(True)
        pool.submit(self._call, task_id, task_name, fn)
        return task_id

    def _call(self, task_id: int, task_name: str, fn: Callable[[], Any]) -> None:
        # Worker thread: never touch a widget here, only hand the outcome back by signal.
        try:
            value = fn()
        except KioskError as error:
            # The code only: a refusal's message may quote what was typed (a name, a phone, an email).
            log.info("task %s refused: %s", task_name, error.code)
            outcome = _Outcome(task_id, False, None, TaskFailure.of(error, task_name))
        except BaseException:  # noqa: BLE001 - a worker must always report back, whatever happened
            log.exception("task %s failed", task_name)
            outcome = _Outcome(task_id, False, None, TaskFailure(GENERIC_FAILURE_CODE, task_name))
        else:
            outcome = _Outcome(task_id, True, value, None)
        if not self._closed and shiboken6.isValid(self):
            self._delivered.emit(outcome)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        pending = self._pending.pop(outcome.task_id, None)
        if pending is None:
            return
        try:
            if pending.owner is not None and not shiboken6.isValid(pending.owner):
                return
            if outcome.ok:
                if pending.on_success is not None:
                    pending.on_success(outcome.value)
            else:
                assert outcome.failure is not None
                failure = outcome.failure
                if pending.on_failure is not None:
                    pending.on_failure(failure)
                else:
                    self.task_failed.emit(failure)
                self.refused.emit(failure)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)
