"""The Stripe sync worker: pushes the outbox (customers, store credit, erasures) and pulls payments and
membership status, exactly once, safe to retry, and able to catch up after days offline.

One worker per database (a lease in the store), off the GUI thread. Requests are paced by a token bucket
below Stripe's rate limit and sent from a few threads so round trips overlap. Transient failures back off
with full jitter; a row Stripe refuses for good goes to the manager's review list and never blocks the rest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, TypeVar

from kiosk.domain.errors import NotFound
from kiosk.domain.money import Money
from kiosk.services.common import member_state
from kiosk.services.context import ShopContext
from kiosk.services.online_earn import STRIPE_MIRROR_PREFIX, OnlineEarnService
from kiosk.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from kiosk.services.ratelimit import Backoff, RandomSource
from kiosk.services.sync_ports import (
    EventCursorExpired,
    GatewayAuthenticationError,
    GatewayError,
    IdempotencyKeyReused,
    MemberContact,
    MemberPayment,
    MemberSnapshot,
    OutboxItem,
    OutboxOutcome,
    PermanentGatewayError,
    ReviewItem,
    SyncGateway,
    SyncStore,
    TransientGatewayError,
)

if TYPE_CHECKING:
    from kiosk.services.membership import MembershipService

log = logging.getLogger(__name__)
T = TypeVar("T")

SNAPSHOT = "member.snapshot"
CREDIT = "credit.balance_transaction"
ERASE = "member.erase"
TOPICS = (ERASE, SNAPSHOT, CREDIT)
# Stripe may prune idempotency keys once they are 24 hours old; look first a little before that.
KEY_MEMORY = timedelta(hours=23)
# Stripe lists events for 30 days; after a day less than that, list the objects themselves instead.
EVENT_MEMORY = timedelta(days=29)
FALLBACK_OVERLAP = timedelta(days=1)


@dataclass(frozen=True)
class SyncStatus:
    """What the counter and the manager show: online or not, how much waits, what needs a person."""

    online: bool | None  # None: not tried yet (or Stripe not configured)
    configured: bool
    waiting: int
    review: list[ReviewItem]
    last_success: datetime | None
    last_error: str | None


@dataclass
class SyncReport:
    """What one pass did; `summary()` is the line `kiosk sync` prints."""

    configured: bool = True
    ran: bool = True
    online: bool | None = None
    snapshots: int = 0
    credits: int = 0
    erasures: int = 0
    skipped: int = 0
    review: int = 0
    retry_later: int = 0
    payments: int = 0
    points_awarded: int = 0
    credit_used_minor: int = 0
    memberships_updated: int = 0
    requests: int = 0
    error: str | None = None
    note: str | None = None

    @property
    def pushed(self) -> int:
        return self.snapshots + self.credits + self.erasures

    def add(self, other: SyncReport) -> None:
        for name in ("snapshots", "credits", "erasures", "skipped", "review", "retry_later", "payments",
                     "points_awarded", "credit_used_minor", "memberships_updated", "requests"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.online = other.online if other.online is not None else self.online
        self.error = other.error or self.error
        self.note = other.note or self.note

    def summary(self) -> str:
        if not self.configured:
            return "Stripe is not configured: nothing to sync (the shop works the same without it)."
        if not self.ran:
            return f"Sync did not run: {self.note or self.error}"
        state = "online" if self.online else ("offline" if self.online is False else "not tried")
        text = (f"{state}: {self.snapshots} customers, {self.credits} credit movements, {self.erasures} erasures "
                f"sent; {self.skipped} needed nothing; {self.retry_later} to retry later; {self.review} to review; "
                f"{self.payments} online payments ({self.points_awarded} points, "
                f"{self.credit_used_minor} credit used on Stripe); {self.memberships_updated} memberships updated")
        if self.error:
            text += f"; last error: {self.error}"
        return text


def _describe(error: GatewayError) -> str:
    """`[code] message` on one line and short enough for the manager's screen (details go to the log)."""
    first = " ".join(error.message.split())
    return f"[{error.code}] {first[:240]}"


class Offline(Exception):
    """Stripe cannot be reached right now: stop this pass, keep everything pending."""


class SyncPaused(Exception):
    """Stripe refused the API key: nothing can succeed until a person fixes it."""


@dataclass
class _Counters:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0

    def bump(self) -> None:
        with self.lock:
            self.requests += 1


class SyncService:
    """See the module docstring. Not configured (no gateway): status() says so and run_once() does nothing."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext, store: SyncStore,
                 gateway: SyncGateway | None, online_earn: OnlineEarnService | None = None,
                 backoff: Backoff | None = None, max_attempts: int = 4, workers: int = 4, batch_size: int = 200,
                 rng: RandomSource | None = None, sleeper: Callable[[float], None] = time.sleep,
                 idle_seconds: float = 15.0, lease_ttl_seconds: float = 120.0,
                 lease_owner: str | None = None, request_count: Callable[[], int] | None = None) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.ctx = ctx
        self.store = store
        self.gateway = gateway
        self.online_earn = online_earn or OnlineEarnService(uow_factory, clock, ctx)
        self.membership: MembershipService | None = None
        self.backoff = backoff or Backoff(base_seconds=0.5, cap_seconds=60.0)
        self.max_attempts = max(1, max_attempts)
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.rng: RandomSource = rng or random.Random()
        self.sleeper = sleeper
        self.idle_seconds = idle_seconds
        self.lease_ttl_seconds = lease_ttl_seconds
        self.lease_owner = lease_owner or f"sync-{id(self):x}"
        self._online: bool | None = None
        self._counters = _Counters()
        # HTTP requests as counted by the throttle when there is one (a gateway call may make several).
        self._request_count = request_count
        self._wake = threading.Event()
        self._remote_credits: dict[str, dict[str, str]] = {}  # customer -> entry id -> txn id, for one pass
        self._remote_lock = threading.Lock()
        self._pass_lock = threading.Lock()

    # ------------------------------------------------------------------ what screens and commands ask

    @property
    def configured(self) -> bool:
        return self.gateway is not None

    @property
    def online(self) -> bool | None:
        if self._online is not None:
            return self._online
        known = self.store.get_state("online")
        return None if known is None else known == "1"

    def status(self) -> SyncStatus:
        last = self.store.get_state("last_success")
        return SyncStatus(
            online=self.online if self.configured else None,
            configured=self.configured,
            waiting=self.store.waiting_count(),
            review=self.store.review_items(),
            last_success=datetime.fromisoformat(last) if last else None,
            last_error=self.store.get_state("last_error") or None,
        )

    def retry(self, outbox_ref: str) -> ReviewItem:
        """Send a review item again (after the manager fixed its cause)."""
        item = self.store.retry(outbox_ref)
        if item is None:
            raise NotFound("There is no item waiting for review with that number.", code="review_item_missing")
        self.wake()
        return item

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
        if self.gateway is None:
            return False
        gateway = self.gateway
        try:
            self._call(lambda: gateway.latest_event_id(), attempts=1)
        except (Offline, SyncPaused, GatewayError):
            return False
        return True

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
                report = SyncReport(ran=False, error="internal error")
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
        with self._pass_lock:
            now = self.clock.now()
            if not self.store.acquire_lease(self.lease_owner, now=now, ttl_seconds=self.lease_ttl_seconds):
                return SyncReport(ran=False, note="another sync worker is running on this database")
            report = SyncReport()
            self._remote_credits = {}
            start_requests = self._requests()
            try:
                self._push(report)
                if self.membership is not None:
                    try:
                        report.memberships_updated += self.membership.refresh(self, force=False)
                    except (TransientGatewayError, PermanentGatewayError) as error:
                        report.error = _describe(error)
                self._pull(report)
            except Offline as exc:
                report.online = False
                report.error = str(exc)
            except SyncPaused as exc:
                report.online = True
                report.error = str(exc)
            finally:
                report.requests = self._requests() - start_requests
                if report.online is None:
                    report.online = self._online
            self._record(report)
            return report

    def _requests(self) -> int:
        return self._request_count() if self._request_count is not None else self._counters.requests

    def _record(self, report: SyncReport) -> None:
        values = {"online": "" if report.online is None else ("1" if report.online else "0")}
        if report.online is not None:
            self._online = report.online
        if report.error is None and report.online is not False:
            values["last_success"] = self.clock.now().astimezone(timezone.utc).isoformat()
            values["last_error"] = ""
        else:
            values["last_error"] = report.error or ""
        if values["online"] == "":
            del values["online"]
        self.store.set_state(values)

    # ------------------------------------------------------------------ calling Stripe

    def _call(self, operation: Callable[[], T], *, attempts: int | None = None) -> T:
        """Run one gateway call with backoff on transient failures. Raises Offline when Stripe cannot be
        reached, SyncPaused on a refused key; other transient failures and permanent ones propagate."""
        limit = attempts or self.max_attempts
        attempt = 0
        while True:
            try:
                self._counters.bump()
                result = operation()
                self._online = True
                return result
            except GatewayAuthenticationError as error:
                raise SyncPaused(f"Stripe refused the API key ({error.code}): check KIOSK_STRIPE_API_KEY.") from None
            except TransientGatewayError as error:
                attempt += 1
                if attempt >= limit:
                    if error.code == "connection_error":
                        self._online = False
                        log.info("Stripe unreachable: %s", error.message)
                        raise Offline("Stripe cannot be reached: check the internet connection.") from None
                    raise
                self.sleeper(self.backoff.delay(attempt - 1, self.rng, retry_after=error.retry_after))

    def call(self, operation: Callable[[], T], *, attempts: int | None = None) -> T:
        """For the membership helper: the same pacing and retries as the worker."""
        return self._call(operation, attempts=attempts)

    def _later(self, item: OutboxItem, error: GatewayError) -> OutboxOutcome:
        delay = self.backoff.delay(min(item.attempts, 12), self.rng, retry_after=getattr(error, "retry_after", None))
        return OutboxOutcome(item.seq, "retry", error=_describe(error),
                             next_attempt_at=self.clock.now() + timedelta(seconds=max(1.0, delay)))

    @staticmethod
    def _review(item: OutboxItem, error: GatewayError) -> OutboxOutcome:
        return OutboxOutcome(item.seq, "review", error=_describe(error))

    # ------------------------------------------------------------------ push

    def _push(self, report: SyncReport) -> None:
        while True:
            items = self.store.due(now=self.clock.now(), limit=self.batch_size, topics=TOPICS)
            if not items:
                return
            self.store.mark_sent([i.seq for i in items], at=self.clock.now())
            outcomes: list[OutboxOutcome] = []
            try:
                self._push_batch(items, outcomes, report)
            finally:
                # Whatever finished before a failure is recorded; the rest stays pending untouched.
                self.store.finish(outcomes, at=self.clock.now())
                for outcome in outcomes:
                    if outcome.status == "review":
                        report.review += 1
                    elif outcome.status == "retry":
                        report.retry_later += 1

    def _push_batch(self, items: list[OutboxItem], outcomes: list[OutboxOutcome], report: SyncReport) -> None:
        by_topic: dict[str, list[OutboxItem]] = defaultdict(list)
        for item in items:
            by_topic[item.topic].append(item)
        unknown = [i for i in items if i.topic not in TOPICS]
        outcomes.extend(OutboxOutcome(i.seq, "review", error=f"unknown topic {i.topic}") for i in unknown)
        erased = self._erased_members({i.member_id for i in items if i.member_id})
        for item in by_topic.get(ERASE, []):
            outcomes.append(self._erase(item, report))
        self._push_snapshots(by_topic.get(SNAPSHOT, []), erased, outcomes, report)
        self._push_credits(by_topic.get(CREDIT, []), erased, outcomes, report)

    def _erased_members(self, member_ids: Iterable[str]) -> set[str]:
        with self.uow_factory(readonly=True) as uow:
            found = {mid: uow.members.get(mid) for mid in member_ids}
        return {mid for mid, member in found.items() if member is None or member.is_erased}

    def _parallel(self, work: Sequence[T], run: Callable[[T], OutboxOutcome | list[OutboxOutcome]],
                  outcomes: list[OutboxOutcome]) -> None:
        """Run `run` over `work` on a few threads (the token bucket paces them); stop early when offline."""
        if not work:
            return
        stop = threading.Event()
        failure: list[BaseException] = []
        lock = threading.Lock()

        def one(unit: T) -> None:
            if stop.is_set():
                return
            try:
                result = run(unit)
            except (Offline, SyncPaused) as exc:
                stop.set()
                with lock:
                    failure.append(exc)
                return
            with lock:
                outcomes.extend(result if isinstance(result, list) else [result])

        if self.workers == 1 or len(work) == 1:
            for unit in work:
                one(unit)
        else:
            with ThreadPoolExecutor(max_workers=min(self.workers, len(work)), thread_name_prefix="stripe-sync") as pool:
                list(pool.map(one, work))
        if failure:
            raise failure[0]

    # erasure

    def _erase(self, item: OutboxItem, report: SyncReport) -> OutboxOutcome:
        assert self.gateway is not None and item.member_id is not None
        gateway = self.gateway
        member_id = item.member_id
        try:
            customer_id = self.store.customer_id(member_id)
            if customer_id is None:
                remote = self._call(lambda: gateway.find_customer_by_member_id(member_id))
                customer_id = remote.customer_id if remote else None
            if customer_id is not None:
                found = customer_id
                self._call(lambda: gateway.erase_customer(found))
        except TransientGatewayError as error:
            return self._later(item, error)
        except PermanentGatewayError as error:
            return self._review(item, error)
        self.store.unlink_customer(member_id)
        report.erasures += 1
        return OutboxOutcome(item.seq, "done", remote_id=customer_id)

    # customers

    def snapshot(self, uow: UnitOfWork, member_id: str) -> MemberSnapshot | None:
        """The member as the ledger sees it now (None when erased or unknown)."""
        member = uow.members.get(member_id)
        if member is None or member.is_erased:
            return None
        now = self.clock.now()
        state = member_state(uow, self.ctx, member, now)
        contact = None
        if member.consent_version:  # consent to the privacy notice covers sharing these with our processor
            contact = MemberContact(name=member.name, email=member.email, phone=member.phone)
        return MemberSnapshot(member_id=member.id, ledger_version=uow.ledger.count_for_member(member.id),
                              tier=state.tier.name if state.tier else "", points_balance=state.points,
                              stamps=sum(state.stamps.values()), contact=contact)

    @staticmethod
    def _snapshot_key(snapshot: MemberSnapshot) -> str:
        # The same version can be computed with a different tier or contact later: the key names the content,
        # so a changed body never reuses a key (Stripe would refuse it) and a replay is always the same body.
        body = json.dumps([snapshot.tier, snapshot.points_balance, snapshot.stamps,
                           None if snapshot.contact is None else list(vars(snapshot.contact).values())])
        digest = hashlib.sha256(body.encode()).hexdigest()[:12]
        return f"kiosk:snap:{snapshot.member_id}:{snapshot.ledger_version}:{digest}"

    def _upsert(self, snapshot: MemberSnapshot) -> str:
        assert self.gateway is not None
        gateway = self.gateway
        known = self.store.customer_id(snapshot.member_id)
        result = self._call(lambda: gateway.upsert_customer(snapshot, idempotency_key=self._snapshot_key(snapshot),
                                                            customer_id=known))
        self.store.link_customer(snapshot.member_id, result.customer_id,
                                 ledger_version=max(result.remote_ledger_version, snapshot.ledger_version),
                                 at=self.clock.now())
        return result.customer_id

    def ensure_customer(self, member_id: str) -> str:
        """The member's Stripe customer id, creating the customer (with a current snapshot) if needed."""
        known = self.store.customer_id(member_id)
        if known is not None:
            return known
        with self.uow_factory(readonly=True) as uow:
            snapshot = self.snapshot(uow, member_id)
        if snapshot is None:
            raise NotFound("No member has that id.", code="member_not_found")
        return self._upsert(snapshot)

    def _push_snapshots(self, items: list[OutboxItem], erased: set[str], outcomes: list[OutboxOutcome],
                        report: SyncReport) -> None:
        if not items:
            return
        rows: dict[str, list[OutboxItem]] = defaultdict(list)
        for item in items:
            if item.member_id is None or item.member_id in erased:
                outcomes.append(OutboxOutcome(item.seq, "done", error=None))
                report.skipped += 1
            else:
                rows[item.member_id].append(item)
        if not rows:
            return
        # Every snapshot row of these members that exists now is covered by a snapshot computed after this
        # point, so all of them (also those beyond this batch) finish with the one upsert: coalesced.
        pending = self.store.pending_seqs(SNAPSHOT, list(rows))
        with self.uow_factory(readonly=True) as uow:
            snapshots = {mid: self.snapshot(uow, mid) for mid in rows}

        def push(member_id: str) -> list[OutboxOutcome]:
            member_rows = rows[member_id]
            extra = [seq for seq in pending.get(member_id, []) if seq not in {r.seq for r in member_rows}]
            snapshot = snapshots[member_id]
            if snapshot is None:
                report_skip(len(member_rows))
                return [OutboxOutcome(r.seq, "done") for r in member_rows]
            try:
                customer_id = self._upsert(snapshot)
            except TransientGatewayError as error:
                return [self._later(r, error) for r in member_rows]
            except PermanentGatewayError as error:
                return [self._review(r, error) for r in member_rows]
            report_snapshot()
            return ([OutboxOutcome(r.seq, "done", remote_id=customer_id) for r in member_rows]
                    + [OutboxOutcome(seq, "done", remote_id=customer_id) for seq in extra])

        lock = threading.Lock()

        def report_skip(n: int) -> None:
            with lock:
                report.skipped += n

        def report_snapshot() -> None:
            with lock:
                report.snapshots += 1

        self._parallel(list(rows), push, outcomes)

    # store credit

    def _push_credits(self, items: list[OutboxItem], erased: set[str], outcomes: list[OutboxOutcome],
                      report: SyncReport) -> None:
        if not items:
            return
        to_send: list[OutboxItem] = []
        for item in items:
            amount = int(item.payload.get("amount_minor", 0) or 0)
            mirror = (item.entry_command_id or "").startswith(STRIPE_MIRROR_PREFIX)
            if mirror or amount == 0 or item.member_id is None or item.member_id in erased:
                # A mirror entry records what Stripe itself already did to the balance; an erased member's
                # customer is deleted with everything on it.
                outcomes.append(OutboxOutcome(item.seq, "done"))
                report.skipped += 1
            else:
                to_send.append(item)
        # Customers first, one member at a time, so two threads never race to create the same customer.
        customers: dict[str, str] = {}
        blocked: dict[str, GatewayError] = {}
        for member_id in sorted({i.member_id for i in to_send if i.member_id}):
            try:
                customers[member_id] = self.ensure_customer(member_id)
            except GatewayError as error:
                blocked[member_id] = error
            except NotFound:
                customers.pop(member_id, None)
        lock = threading.Lock()

        def send(item: OutboxItem) -> OutboxOutcome:
            assert item.member_id is not None
            if item.member_id in blocked:
                error = blocked[item.member_id]
                return self._later(item, error) if isinstance(error, TransientGatewayError) else \
                    self._review(item, error)
            customer_id = customers.get(item.member_id)
            if customer_id is None:
                return OutboxOutcome(item.seq, "done")
            outcome = self._send_credit(item, customer_id)
            if outcome.status == "done":
                with lock:
                    report.credits += 1
            return outcome

        self._parallel(to_send, send, outcomes)

    def _remote_credit(self, customer_id: str, entry_id: str) -> str | None:
        """The id of the customer's balance transaction for this ledger entry, if Stripe has one. The list is
        read once per customer and pass (after an outage many rows of one member need looking up); listing is
        strongly consistent, unlike search, and this worker is the only writer while it holds the lease."""
        assert self.gateway is not None
        gateway = self.gateway
        with self._remote_lock:
            known = self._remote_credits.get(customer_id)
        if known is None:
            listed = self._call(lambda: gateway.list_balance_transactions(customer_id))
            known = {txn.entry_id: txn.transaction_id for txn in listed if txn.entry_id}
            with self._remote_lock:
                known = self._remote_credits.setdefault(customer_id, known)
        with self._remote_lock:
            return known.get(entry_id)

    def _send_credit(self, item: OutboxItem, customer_id: str) -> OutboxOutcome:
        assert self.gateway is not None and item.entry_id is not None
        gateway = self.gateway
        entry_id = item.entry_id
        amount_minor = int(item.payload["amount_minor"])  # type: ignore[call-overload]
        currency = str(item.payload.get("currency") or self.ctx.currency)
        amount = Money(amount_minor, currency)
        reverses = item.payload.get("reverses_id")
        reverses_id = str(reverses) if reverses else None
        description = f"Loyalty store credit: {item.payload.get('kind', 'entry')} (ledger entry {entry_id})"
        key = item.idempotency_key
        try:
            stale = item.first_sent_at is not None and self.clock.now() - item.first_sent_at > KEY_MEMORY
            if stale or item.attempts >= self.max_attempts:
                # Stripe may have forgotten the key (or keeps replaying a saved failure): look before sending
                # again, and send under a fresh key derived from the same entry only when nothing is there.
                remote_id = self._remote_credit(customer_id, entry_id)
                if remote_id is not None:
                    return OutboxOutcome(item.seq, "done", remote_id=remote_id)
                key = f"{item.idempotency_key}:r{item.attempts}"
            sent_key = key
            txn = self._call(lambda: gateway.create_balance_transaction(
                customer_id=customer_id, amount=amount, entry_id=entry_id, description=description,
                idempotency_key=sent_key, reverses_entry_id=reverses_id))
            with self._remote_lock:
                if customer_id in self._remote_credits:
                    self._remote_credits[customer_id][entry_id] = txn.transaction_id
            return OutboxOutcome(item.seq, "done", remote_id=txn.transaction_id)
        except IdempotencyKeyReused as error:
            # The key went out before with other parameters: it happened or not; the entry id decides.
            try:
                with self._remote_lock:
                    self._remote_credits.pop(customer_id, None)
                remote_id = self._remote_credit(customer_id, entry_id)
            except TransientGatewayError as later:
                return self._later(item, later)
            if remote_id is not None:
                return OutboxOutcome(item.seq, "done", remote_id=remote_id)
            return self._review(item, error)
        except TransientGatewayError as error:
            return self._later(item, error)
        except PermanentGatewayError as error:
            return self._review(item, error)

    # ------------------------------------------------------------------ pull

    def _pull(self, report: SyncReport) -> None:
        assert self.gateway is not None
        gateway = self.gateway
        now = self.clock.now()
        cursor = self.store.get_state("event_cursor") or None
        pulled_at = self.store.get_state("event_pulled_at")
        last_pull = datetime.fromisoformat(pulled_at) if pulled_at else None
        if last_pull is not None and now - last_pull > EVENT_MEMORY:
            self._pull_by_listing(last_pull - FALLBACK_OVERLAP, report)
            return
        while True:
            try:
                after = cursor
                page = self._call(lambda: gateway.list_payment_events(after_event_id=after, limit=100))
            except EventCursorExpired:
                since = last_pull or (now - timedelta(days=30))
                self._pull_by_listing(since - FALLBACK_OVERLAP, report)
                return
            except (TransientGatewayError, PermanentGatewayError) as error:
                report.error = _describe(error)
                return
            self._apply_payments(page.payments, report)
            cursor = page.cursor
            self.store.set_state({"event_cursor": cursor or "", "event_pulled_at": now.isoformat()})
            if not page.has_more:
                return

    def _pull_by_listing(self, since: datetime, report: SyncReport) -> None:
        """More than 30 days offline: Stripe no longer lists those events, so list paid objects instead."""
        assert self.gateway is not None
        gateway = self.gateway
        now = self.clock.now()
        created_gte = int(since.timestamp())
        try:
            # The newest event first: anything paid while we list is then read as an event next time.
            marker = self._call(lambda: gateway.latest_event_id())
            invoices = self._call(lambda: gateway.list_paid_invoices(created_gte=created_gte))
            intents = self._call(lambda: gateway.list_succeeded_payment_intents(created_gte=created_gte))
        except (TransientGatewayError, PermanentGatewayError) as error:
            report.error = _describe(error)
            return
        payments = sorted([*invoices, *intents], key=lambda p: (p.created, p.object_id))
        self._apply_payments(payments, report)
        self.store.set_state({"event_cursor": marker or "", "event_pulled_at": now.isoformat()})
        report.note = f"caught up by listing payments since {since.date().isoformat()}"

    def _apply_payments(self, payments: Sequence[MemberPayment], report: SyncReport) -> None:
        membership_invoices: list[tuple[str, str]] = []
        for payment in payments:
            member_id = self._member_of(payment)
            if member_id is None:
                continue
            if payment.kind == "payment_intent" and payment.invoice_id:
                continue  # the invoice it paid is counted instead, once
            report.payments += 1
            applied = payment.balance_applied if payment.kind == "invoice" else None
            if applied is not None and applied.minor:
                use = self.online_earn.record_credit_applied(member_id=member_id, invoice_id=payment.object_id,
                                                             applied=applied)
                if not use.replayed:
                    report.credit_used_minor += use.amount_minor
            if payment.subscription_id and self.membership is not None and \
                    self.membership.is_membership_subscription(payment.subscription_id):
                # A membership fee buys the perks, not points; the renewal refreshes the membership instead.
                membership_invoices.append((payment.subscription_id, member_id))
                continue
            earned = self.online_earn.record_payment(member_id=member_id, payment_ref=payment.object_id,
                                                     amount=payment.amount, event_id=payment.event_id)
            if not earned.replayed:
                report.points_awarded += earned.points
        if membership_invoices and self.membership is not None:
            try:
                report.memberships_updated += self.membership.refresh(
                    self, force=False, subscription_ids=[s for s, _ in membership_invoices])
            except (TransientGatewayError, PermanentGatewayError) as error:
                report.error = _describe(error)

    def _member_of(self, payment: MemberPayment) -> str | None:
        linked = self.store.member_for_customer(payment.customer_id)
        if linked is not None:
            return linked
        if payment.member_id:
            with self.uow_factory(readonly=True) as uow:
                member = uow.members.get(payment.member_id)
            return member.id if member is not None and not member.is_erased else None
        return None


def unconfigured(*, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext, store: SyncStore) -> SyncService:
    """The service when Stripe is off: status() reports configured=False, run_once() does nothing."""
    return SyncService(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store, gateway=None)


__all__ = ["Offline", "ReviewItem", "SyncPaused", "SyncReport", "SyncService", "SyncStatus", "unconfigured"]
