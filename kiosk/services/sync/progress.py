"""What a push pass has done so far: each batch's outcomes committed as they finish, and the safety net that
takes the same refusal for many different members as a fault of the whole sync rather than of those members.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from kiosk.services.ports.clock import Clock
from kiosk.services.ports.stripe import PermanentGatewayError
from kiosk.services.ports.sync_store import OutboxOutcome, SyncStore
from kiosk.services.sync.calls import SyncPaused, describe
from kiosk.services.sync.status import SyncPause, SyncReport

# Finished rows are committed at least this often (and every FLUSH_ROWS), so a killed worker loses at most
# this much work: rows sent but not yet recorded are sent again under the same key and replayed.
FLUSH_SECONDS = 0.5
FLUSH_ROWS = 100
# The same permanent refusal for this many different members in a row, with no success in between, is a fault
# of the sync (an account setting, an API change, an endpoint answering in Stripe's shape for every request),
# not of those members: pause instead of moving the rest to the review list.
SYSTEMIC_AFTER = 5


class RefusalStreak:
    """Permanent refusals with one error code for different members, since the last success (one per pass).

    `refused` raises SyncPaused when the run reaches `after` members; the review outcomes of the open run are
    held back meanwhile (BatchProgress asks `holding`), so a tripped run sends none of them to review.
    """

    def __init__(self, after: int = SYSTEMIC_AFTER) -> None:
        self.after = max(2, after)
        self._lock = threading.Lock()
        self._code: str | None = None
        self._members: set[str] = set()
        self._kinds: set[str] = set()  # the kinds of request the open run refused
        self.run = 0  # which run is open (or was last): outcomes held under an older one are released
        self.tripped = False

    def succeeded(self, kind: str | None = None) -> None:
        """Stripe accepted a row: whatever was refused before was about those rows after all. With a `kind`
        (customer, credit, erase) only a run that refused that kind ends: requests of other kinds sent at the
        same time (the push is one pipeline) say nothing about whether this refusal is systemic."""
        with self._lock:
            if self._code is not None and (kind is None or kind in self._kinds):
                self._code, self._members, self._kinds = None, set(), set()
                self.run += 1

    def refused(self, error: PermanentGatewayError, subject: str, kind: str | None = None) -> None:
        """One more refusal for `subject` (a member, or the row when it has none), of a `kind` of request."""
        with self._lock:
            if self.tripped:
                return
            if error.code != self._code:
                self._code, self._members, self._kinds = error.code, set(), set()
                self.run += 1
            self._members.add(subject)
            if kind is not None:
                self._kinds.add(kind)
            if len(self._members) < self.after:
                return
            self.tripped = True
            members = len(self._members)
        raise SyncPaused(SyncPause(reason="repeated_refusal", check="stripe_refusal", detail=describe(error),
                                   http_status=error.http_status, error_code=error.code, members=members))

    def holding(self) -> int | None:
        """The run whose review outcomes are held back now, or None when none is open."""
        with self._lock:
            return self.run if self._code is not None else None


class BatchProgress:
    """The outcomes of one batch, committed to the store as they come in (every FLUSH_ROWS outcomes or
    FLUSH_SECONDS, whichever comes first, and at the end) instead of all at once when the batch is done.
    Safe to add to from the sending threads; counts what it committed into the pass's report.

    Review outcomes wait while a run of identical refusals is open (see RefusalStreak): they are committed
    once the run ends without tripping, or at the end of the batch, and dropped (the rows stay pending,
    untouched) when it trips.
    """

    def __init__(self, *, store: SyncStore, clock: Clock, report: SyncReport, streak: RefusalStreak | None = None,
                 flush_rows: int = FLUSH_ROWS, flush_seconds: float = FLUSH_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self.report = report
        self.streak = streak or RefusalStreak()
        self.flush_rows = flush_rows
        self.flush_seconds = flush_seconds
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._saving = threading.Lock()
        self._unsaved: list[OutboxOutcome] = []
        self._held: list[tuple[int, OutboxOutcome]] = []
        self._saved_at = monotonic()

    def append(self, outcome: OutboxOutcome) -> None:
        self.extend([outcome])

    def extend(self, outcomes: Iterable[OutboxOutcome]) -> None:
        with self._lock:
            holding = self.streak.holding()
            for outcome in outcomes:
                if outcome.status != "review":
                    self._unsaved.append(outcome)
                elif self.streak.tripped:
                    continue  # the sync is paused: the row waits for the cause to be fixed, attempts untouched
                elif holding is not None:
                    self._held.append((holding, outcome))
                else:
                    self._unsaved.append(outcome)
            self._release(final=False)
            due = len(self._unsaved) >= self.flush_rows or self.monotonic() - self._saved_at >= self.flush_seconds
        if due:
            self._save(wait=False)

    def flush(self) -> None:
        """Commit everything finished (the end of the batch, or a failure stopping it)."""
        with self._lock:
            self._release(final=True)
        self._save(wait=True)

    def _release(self, *, final: bool) -> None:
        if not self._held:
            return
        if self.streak.tripped:
            self._held = []
            return
        holding = self.streak.holding()
        keep = [] if final else [(run, o) for run, o in self._held if run == holding]
        self._unsaved.extend(o for run, o in self._held if final or run != holding)
        self._held = keep

    def _save(self, *, wait: bool) -> None:
        # One writer at a time, taking everything finished so far, so outcomes are committed in the order they
        # finished. The commit happens outside the outcomes lock: the other sending threads go on adding (and
        # sending) meanwhile, and one that finds a commit under way leaves its outcomes for the next.
        if not self._saving.acquire(blocking=wait):
            return
        try:
            with self._lock:
                batch, self._unsaved = self._unsaved, []
                self._saved_at = self.monotonic()
            if not batch:
                return
            self.store.finish(batch, at=self.clock.now())
            for outcome in batch:
                if outcome.status == "review":
                    self.report.review += 1
                elif outcome.status == "retry":
                    self.report.retry_later += 1
        finally:
            self._saving.release()


__all__ = ["FLUSH_ROWS", "FLUSH_SECONDS", "SYSTEMIC_AFTER", "BatchProgress", "RefusalStreak"]
