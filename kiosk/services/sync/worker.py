"""The Stripe sync worker: passes that push the outbox (customers, store credit, erasures) and pull payments
and membership status, exactly once, safe to retry, and able to catch up after days offline.

One worker per database (a lease in the store), off the GUI thread. A pass is push.py, then pull.py; every
request goes through calls.py, which retries it with full-jitter backoff and says when Stripe is offline.
Between passes the worker waits, longer after a failed pass; a sale or a manager's retry wakes it early.
A fault that is not about one row (the key, the address, a proxy, TLS) pauses the sync: the pass stops, every
row keeps waiting, `status().paused` says what to check, and the next passes try again with backoff.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import UTC, datetime

from kiosk.domain.errors import NotFound
from kiosk.domain.events import Message
from kiosk.domain.serialization import from_stored, stored
from kiosk.domain.text import Phrase
from kiosk.services.context import ShopContext
from kiosk.services.online_earn import OnlineEarnService
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.stripe import MemberSnapshot, PermanentGatewayError, SyncGateway, TransientGatewayError
from kiosk.services.ports.sync_store import ReviewItem, SyncStore
from kiosk.services.ports.uow import UnitOfWork, UnitOfWorkFactory
from kiosk.services.ratelimit import Backoff, RandomSource
from kiosk.services.sync.calls import GatewayCalls, Offline, SyncPaused, describe
from kiosk.services.sync.customers import Customers
from kiosk.services.sync.progress import SYSTEMIC_AFTER
from kiosk.services.sync.pull import MembershipStatusPull, PaymentPull
from kiosk.services.sync.push import OutboxPush
from kiosk.services.sync.status import SyncPause, SyncReport, SyncStatus
from kiosk.services.usecase import LiveContext, live

log = logging.getLogger(__name__)


class SyncService:
    """See the module docstring. Not configured (no gateway): status() says so and run_once() does nothing.

    `calls` and `customers` are the parts MembershipService shares (the gateway, its retries and the online
    flag; the member's Stripe customer); `memberships` is the membership status pull.
    """

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SyncStore, gateway: SyncGateway | None, online_earn: OnlineEarnService | None = None,
                 backoff: Backoff | None = None, max_attempts: int = 4, workers: int = 4, batch_size: int = 1000,
                 rng: RandomSource | None = None, sleeper: Callable[[float], None] = time.sleep,
                 idle_seconds: float = 15.0, lease_ttl_seconds: float = 120.0,
                 lease_owner: str | None = None, request_count: Callable[[], int] | None = None,
                 membership_refresh_seconds: float = 300.0, systemic_after: int = SYSTEMIC_AFTER,
                 may_run: Callable[[], Message | None] | None = None) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.live = live(ctx)
        self.store = store
        self.online_earn = online_earn or OnlineEarnService(uow_factory, clock, ctx)
        self.backoff = backoff or Backoff(base_seconds=0.5, cap_seconds=60.0)
        self.rng: RandomSource = rng or random.Random()
        self.idle_seconds = idle_seconds
        self.lease_ttl_seconds = lease_ttl_seconds
        self.lease_owner = lease_owner or f"sync-{id(self):x}"
        # With a hub, one device per shop talks to Stripe (its lease); this says why it is not this one.
        self.may_run = may_run
        self.calls = GatewayCalls(gateway=gateway, store=store, backoff=self.backoff, rng=self.rng,
                                  max_attempts=max_attempts, sleeper=sleeper, request_count=request_count)
        self.customers = Customers(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store, calls=self.calls)
        self.push = OutboxPush(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store, calls=self.calls,
                               customers=self.customers, backoff=self.backoff, rng=self.rng,
                               max_attempts=max_attempts, workers=workers, batch_size=batch_size,
                               systemic_after=systemic_after)
        self.memberships = MembershipStatusPull(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store,
                                                calls=self.calls, refresh_seconds=membership_refresh_seconds)
        self.payments = PaymentPull(uow_factory=uow_factory, clock=clock, store=store, calls=self.calls,
                                    online_earn=self.online_earn, memberships=self.memberships)
        self._wake = threading.Event()
        self._pass_lock = threading.Lock()

    # ------------------------------------------------------------------ what screens and commands ask

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    @property
    def gateway(self) -> SyncGateway | None:
        return self.calls.gateway

    @property
    def configured(self) -> bool:
        return self.calls.configured

    @property
    def online(self) -> bool | None:
        return self.calls.online

    def status(self, *, review_limit: int | None = None) -> SyncStatus:
        """Online or not, what waits, the review list (all of it, unless `review_limit` asks for fewer, e.g. 0
        for a status bar that shows only `review_count`), the last success and error, and any pause."""
        last = self.store.get_state("last_success")
        review = self.store.review_items(limit=review_limit)
        count = len(review) if review_limit is None else self.store.review_count()
        return SyncStatus(
            online=self.online if self.configured else None,
            configured=self.configured,
            waiting=self.store.waiting_count(),
            review=review,
            last_success=datetime.fromisoformat(last) if last else None,
            last_error=from_stored(self.store.get_state("last_error") or "") or None,
            review_count=count,
            paused=self.paused(),
        )

    def paused(self) -> SyncPause | None:
        """Why syncing is paused (as the last pass found it), or None."""
        raw = self.store.get_state("paused")
        if not raw:
            return None
        try:
            fields = json.loads(raw)
            since = fields.pop("since", None)
            detail = fields.pop("detail", "")
            return SyncPause(**fields, detail=from_stored(detail) if isinstance(detail, str) else "",
                             since=datetime.fromisoformat(since) if since else None)
        except (ValueError, TypeError):  # written by another version: say paused, with what is readable
            return SyncPause(reason="unknown", check="api_base")

    def retry(self, outbox_ref: str) -> ReviewItem:
        """Send a review item again (after the manager fixed its cause)."""
        item = self.store.retry(outbox_ref)
        if item is None:
            raise NotFound("membership.review_item_missing")
        self.wake()
        return item

    def retry_all(self) -> int:
        """Send every review item again (after the manager fixed a cause they share); returns how many."""
        count = self.store.retry_all()
        if count:
            self.wake()
        return count

    def wake(self) -> None:
        """Start the next pass now instead of after the idle wait (e.g. after a sale)."""
        self._wake.set()

    def close(self) -> None:
        """Let go of the worker lease and the HTTP connections (App.close, after the worker stopped)."""
        if self.gateway is None:
            return
        self.store.release_lease(self.lease_owner)
        closer = getattr(self.gateway, "close", None)
        if callable(closer):
            closer()

    def check_connection(self) -> bool:
        """Ask Stripe one cheap question; records and returns whether it answered."""
        return self.calls.check_connection()

    def snapshot(self, uow: UnitOfWork, member_id: str) -> MemberSnapshot | None:
        """The member as the ledger sees it now (None when erased or unknown)."""
        return self.customers.snapshot(uow, member_id)

    def ensure_customer(self, member_id: str) -> str:
        """The member's Stripe customer id, creating the customer (with a current snapshot) if needed."""
        return self.customers.ensure(member_id)

    # ------------------------------------------------------------------ running

    def run_forever(self, stop: threading.Event) -> None:
        """The background worker (App.start_workers): a pass, then wait; longer waits while offline."""
        if self.gateway is None:
            return
        failures = 0
        while not stop.is_set():
            try:
                report = self.run_once()
            except Exception:  # noqa: BLE001 - a bug must not kill the worker; the next pass tries again
                log.exception("sync pass failed")
                report = SyncReport(ran=False, error=Phrase("sync.error.internal"))
            if report.ran and report.online is not False and not report.error:
                failures = 0
                wait = self.idle_seconds
            else:
                failures += 1
                wait = max(self.idle_seconds, self.backoff.delay(min(failures, 10), self.rng))
            self._wake.clear()
            if wait:
                # Either the stop event or a wake-up (new sale, manager retry) ends the wait.
                deadline = time.monotonic() + wait
                while not stop.is_set() and not self._wake.is_set() and time.monotonic() < deadline:
                    stop.wait(min(0.5, max(0.0, deadline - time.monotonic())))
        self.store.release_lease(self.lease_owner)

    def run_once(self) -> SyncReport:
        """One full pass: push everything due, pull payments and membership changes. Safe to run anytime."""
        if self.gateway is None:
            return SyncReport(configured=False, ran=False)
        elsewhere = self.may_run() if self.may_run is not None else None
        if elsewhere:
            return SyncReport(ran=False, note=elsewhere)
        with self._pass_lock:
            now = self.clock.now()
            if not self.store.acquire_lease(self.lease_owner, now=now, ttl_seconds=self.lease_ttl_seconds):
                return SyncReport(ran=False, note=Message("sync.elsewhere.another_worker"))
            report = SyncReport()
            start_requests = self.calls.requests()
            try:
                self.push.run(report)
                try:
                    report.memberships_updated += self.memberships.refresh(force=False)
                except (TransientGatewayError, PermanentGatewayError) as error:
                    report.error = describe(error)
                self.payments.run(report)
            except Offline as exc:
                report.online = False
                report.error = exc.said
            except SyncPaused as exc:
                # Not one row's fault: the rows that were not finished stay pending and keep their attempt
                # counts; the worker's backoff brings the next try.
                log.warning("Stripe sync paused (%s, check %s): %s", exc.pause.reason, exc.pause.check,
                            exc.pause.detail)
                report.online = True
                report.paused = exc.pause
                report.error = exc.pause.detail or Phrase("sync.error.paused")
            finally:
                report.requests = self.calls.requests() - start_requests
                if report.online is None:
                    report.online = self.calls.reachable
            self._record(report)
            return report

    def _record(self, report: SyncReport) -> None:
        values = {"online": "" if report.online is None else ("1" if report.online else "0")}
        if report.online is not None:
            self.calls.reachable = report.online
        if report.error is None and report.online is not False:
            values["last_success"] = self.clock.now().astimezone(UTC).isoformat()
            values["last_error"] = ""
        else:
            values["last_error"] = stored(report.error or "")
        if report.paused is not None:
            earlier = self.paused()
            since = earlier.since if earlier is not None and earlier.reason == report.paused.reason else None
            report.paused = replace(report.paused, since=since or self.clock.now())
            saved = asdict(replace(report.paused, detail=""))
            saved["detail"] = stored(report.paused.detail)
            saved["since"] = report.paused.since.isoformat() if report.paused.since else None
            values["paused"] = json.dumps(saved)
        elif report.online is True:
            values["paused"] = ""  # Stripe answered and nothing stopped the pass: whatever paused it is fixed
        if values["online"] == "":
            del values["online"]
        self.store.set_state(values)


def unconfigured(*, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SyncStore) -> SyncService:
    """The service when Stripe is off: status() reports configured=False, run_once() does nothing."""
    return SyncService(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store, gateway=None)


__all__ = ["SyncService", "unconfigured"]
