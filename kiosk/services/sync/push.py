"""Pushing the outbox to Stripe: member snapshots, store credit as customer balance transactions, and
erasures; every row ends done, to retry later, or on the manager's review list.

Rows are sent from a pool of threads so round trips overlap: enough of them for the rate times Stripe's round
trip, so the gateway's token bucket, not the thread count, bounds the pace. Snapshot rows of one member
coalesce into one upsert. A batch is one pipeline: snapshots, the customers credit needs and credit for members
whose customer is known all start at once, and a member's credit starts the moment their customer exists (a
member's customer is made by one unit of work before any of their credit is sent, so two threads never race
to create it). Credit older than Stripe's idempotency memory is looked up by ledger entry id before it is sent
again. Outcomes are committed as they come in, a few at a time, not when the batch
ends: at Stripe's pace a batch takes longer than a worker may live, and a killed one keeps what it finished.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from typing import TypeVar

from kiosk.domain.errors import NotFound
from kiosk.domain.money import Money
from kiosk.domain.text import Phrase
from kiosk.services.context import ShopContext
from kiosk.services.online_earn import STRIPE_MIRROR_PREFIX
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.stripe import (
    GatewayError,
    IdempotencyKeyReused,
    MemberSnapshot,
    PermanentGatewayError,
    TransientGatewayError,
)
from kiosk.services.ports.sync_store import OutboxItem, OutboxOutcome, SyncStore
from kiosk.services.ports.uow import UnitOfWorkFactory
from kiosk.services.ratelimit import Backoff, RandomSource
from kiosk.services.sync.calls import GatewayCalls, Offline, SyncPaused, describe
from kiosk.services.sync.customers import KEY_MEMORY, Customers
from kiosk.services.sync.progress import SYSTEMIC_AFTER, BatchProgress, RefusalStreak
from kiosk.services.sync.status import SyncReport
from kiosk.services.usecase import LiveContext, live

T = TypeVar("T")

SNAPSHOT = "member.snapshot"
CREDIT = "credit.balance_transaction"
ERASE = "member.erase"
TOPICS = (ERASE, SNAPSHOT, CREDIT)


class OutboxPush:
    """Sends every due outbox row, a batch at a time, and records each row's outcome."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SyncStore, calls: GatewayCalls, customers: Customers, backoff: Backoff, rng: RandomSource,
                 max_attempts: int, workers: int, batch_size: int, systemic_after: int = SYSTEMIC_AFTER) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.live = live(ctx)
        self.store = store
        self.calls = calls
        self.customers = customers
        self.backoff = backoff
        self.rng = rng
        self.max_attempts = max(1, max_attempts)
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.systemic_after = systemic_after
        self._streak = RefusalStreak(systemic_after)
        self._remote_credits: dict[str, dict[str, str]] = {}  # customer -> entry id -> txn id, for one pass
        self._remote_lock = threading.Lock()

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def run(self, report: SyncReport) -> None:
        """Push until nothing is due. Raises Offline or SyncPaused; whatever finished first is recorded."""
        with self._remote_lock:
            self._remote_credits = {}
        self._streak = RefusalStreak(self.systemic_after)
        # One pool for the pass: its threads keep their HTTP connections from batch to batch.
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="stripe-sync") as pool:
            while True:
                items = self.store.due(now=self.clock.now(), limit=self.batch_size, topics=TOPICS)
                if not items:
                    return
                self.store.mark_sent([i.seq for i in items], at=self.clock.now())
                outcomes = BatchProgress(store=self.store, clock=self.clock, report=report, streak=self._streak)
                try:
                    self._push_batch(items, outcomes, report, _Pipeline(pool, outcomes))
                finally:
                    # Whatever finished before a failure is recorded; the rest stays pending untouched.
                    outcomes.flush()

    # ------------------------------------------------------------------ outcomes

    def _later(self, item: OutboxItem, error: GatewayError) -> OutboxOutcome:
        delay = self.backoff.delay(min(item.attempts, 12), self.rng, retry_after=getattr(error, "retry_after", None))
        return OutboxOutcome(item.seq, "retry", error=describe(error),
                             next_attempt_at=self.clock.now() + timedelta(seconds=max(1.0, delay)))

    @staticmethod
    def _review(item: OutboxItem, error: GatewayError) -> OutboxOutcome:
        return OutboxOutcome(item.seq, "review", error=describe(error))

    # ------------------------------------------------------------------ a batch

    def _push_batch(self, items: list[OutboxItem], outcomes: BatchProgress, report: SyncReport,
                    pipeline: _Pipeline) -> None:
        by_topic: dict[str, list[OutboxItem]] = defaultdict(list)
        for item in items:
            by_topic[item.topic].append(item)
        unknown = [i for i in items if i.topic not in TOPICS]
        outcomes.extend(OutboxOutcome(i.seq, "review", error=Phrase("sync.error.unknown_topic", {"topic": i.topic}))
                        for i in unknown)
        erased = self._erased_members({i.member_id for i in items if i.member_id})
        for item in by_topic.get(ERASE, []):
            outcomes.append(self._erase(item, report))
        credits = self._credit_rows(by_topic.get(CREDIT, []), erased, outcomes, report)
        snapshots = self._snapshot_rows(by_topic.get(SNAPSHOT, []), erased, outcomes, report)
        known = {mid: cid for mid in credits if (cid := self.store.customer_id(mid)) is not None}
        lock = threading.Lock()

        def counted(field: str, n: int = 1) -> None:
            with lock:
                setattr(report, field, getattr(report, field) + n)

        def send_credits(member_id: str, customer_id: str | None) -> list[OutboxOutcome]:
            """The member's credit rows, each its own unit of work once the customer is known (made here if
            need be: one unit per member, so two threads never race to create it)."""
            rows = credits.get(member_id, [])
            if customer_id is None:
                try:
                    customer_id = self.customers.ensure(member_id, key_may_have_expired=self._stale(rows))
                except TransientGatewayError as error:
                    return [self._later(r, error) for r in rows]
                except PermanentGatewayError as error:
                    self._streak.refused(error, member_id, "customer")
                    return [self._review(r, error) for r in rows]
                except NotFound:
                    return [OutboxOutcome(r.seq, "done") for r in rows]
                self._streak.succeeded("customer")
            found = customer_id
            for row in rows:
                pipeline.submit(partial(self._credit, row, found, counted))
            return []

        def snapshot_then_credits(member_id: str) -> list[OutboxOutcome]:
            done, customer_id = self._snapshot(member_id, snapshots, counted)
            if member_id in credits and member_id not in known:
                # The customer the snapshot made or found; after a failed upsert, ensure tries once more.
                pipeline.submit(lambda: send_credits(member_id, customer_id))
            return done

        for member_id in snapshots.rows:
            pipeline.submit(partial(snapshot_then_credits, member_id))
        for member_id in credits:
            if member_id in known:
                pipeline.submit(partial(send_credits, member_id, known[member_id]))
            elif member_id not in snapshots.rows:
                pipeline.submit(partial(send_credits, member_id, None))
        pipeline.wait()

    def _erased_members(self, member_ids: Iterable[str]) -> set[str]:
        with self.uow_factory(readonly=True) as uow:
            found = {mid: uow.members.get(mid) for mid in member_ids}
        return {mid for mid, member in found.items() if member is None or member.is_erased}

    # ------------------------------------------------------------------ erasure

    def _erase(self, item: OutboxItem, report: SyncReport) -> OutboxOutcome:
        gateway = self.calls.gateway
        assert gateway is not None and item.member_id is not None
        member_id = item.member_id
        try:
            customer_id = self.store.customer_id(member_id)
            if customer_id is None:
                remote = self.calls.call(lambda: gateway.find_customer_by_member_id(member_id))
                customer_id = remote.customer_id if remote else None
            if customer_id is not None:
                found = customer_id
                self.calls.call(lambda: gateway.erase_customer(found))
        except TransientGatewayError as error:
            return self._later(item, error)
        except PermanentGatewayError as error:
            self._streak.refused(error, member_id, "erase")
            return self._review(item, error)
        self._streak.succeeded("erase")
        self.store.unlink_customer(member_id)
        report.erasures += 1
        return OutboxOutcome(item.seq, "done", remote_id=customer_id)

    # ------------------------------------------------------------------ customer snapshots

    def _snapshot_rows(self, items: list[OutboxItem], erased: set[str], outcomes: BatchProgress,
                       report: SyncReport) -> _Snapshots:
        """The batch's snapshot rows by member, and each member's snapshot as of now (erased: done at once)."""
        rows: dict[str, list[OutboxItem]] = defaultdict(list)
        for item in items:
            if item.member_id is None or item.member_id in erased:
                outcomes.append(OutboxOutcome(item.seq, "done", error=None))
                report.skipped += 1
            else:
                rows[item.member_id].append(item)
        if not rows:
            return _Snapshots({}, {}, {})
        # Every snapshot row of these members that exists now is covered by a snapshot computed after this
        # point, so all of them (also those beyond this batch) finish with the one upsert: coalesced.
        pending = self.store.pending_seqs(SNAPSHOT, list(rows))
        with self.uow_factory(readonly=True) as uow:
            snapshots = {mid: self.customers.snapshot(uow, mid) for mid in rows}
        return _Snapshots(dict(rows), pending, snapshots)

    def _snapshot(self, member_id: str, batch: _Snapshots, counted: Callable[[str, int], None]
                  ) -> tuple[list[OutboxOutcome], str | None]:
        """Upsert one member's snapshot; the outcomes of their rows and the customer id (None if none)."""
        member_rows = batch.rows[member_id]
        mine = {r.seq for r in member_rows}
        extra = [seq for seq in batch.pending.get(member_id, []) if seq not in mine]
        snapshot = batch.snapshots[member_id]
        if snapshot is None:
            counted("skipped", len(member_rows))
            return [OutboxOutcome(r.seq, "done") for r in member_rows], None
        try:
            customer_id = self.customers.upsert(snapshot, key_may_have_expired=self._stale(member_rows))
        except TransientGatewayError as error:
            return [self._later(r, error) for r in member_rows], None
        except PermanentGatewayError as error:
            self._streak.refused(error, member_id, "customer")
            return [self._review(r, error) for r in member_rows], None
        self._streak.succeeded("customer")
        counted("snapshots", 1)
        return ([OutboxOutcome(r.seq, "done", remote_id=customer_id) for r in member_rows]
                + [OutboxOutcome(seq, "done", remote_id=customer_id) for seq in extra]), customer_id

    # ------------------------------------------------------------------ store credit

    def _credit_rows(self, items: list[OutboxItem], erased: set[str], outcomes: BatchProgress,
                     report: SyncReport) -> dict[str, list[OutboxItem]]:
        """The batch's credit rows to send, by member; the rest (mirrors, zero, erased) done at once."""
        rows_of: dict[str, list[OutboxItem]] = {}
        for item in items:
            amount = _as_int(item.payload.get("amount_minor", 0) or 0)
            mirror = (item.entry_command_id or "").startswith(STRIPE_MIRROR_PREFIX)
            if mirror or amount == 0 or item.member_id is None or item.member_id in erased:
                # A mirror entry records what Stripe itself already did to the balance; an erased member's
                # customer is deleted with everything on it.
                outcomes.append(OutboxOutcome(item.seq, "done"))
                report.skipped += 1
            else:
                rows_of.setdefault(item.member_id, []).append(item)
        return rows_of

    def _credit(self, item: OutboxItem, customer_id: str, counted: Callable[[str, int], None]) -> OutboxOutcome:
        outcome = self._send_credit(item, customer_id)
        if outcome.status == "done":
            self._streak.succeeded("credit")
            counted("credits", 1)
        return outcome

    def _stale(self, rows: Sequence[OutboxItem]) -> bool:
        """True when a request for one of these rows first left long enough ago that Stripe may have forgotten
        its keys (a customer create sent for them then may exist without our link)."""
        now = self.clock.now()
        return any(r.first_sent_at is not None and now - r.first_sent_at > KEY_MEMORY for r in rows)

    def _remote_credit(self, customer_id: str, entry_id: str) -> str | None:
        """The id of the customer's balance transaction for this ledger entry, if Stripe has one. The list is
        read once per customer and pass (after an outage many rows of one member need looking up); listing is
        strongly consistent, unlike search, and this worker is the only writer while it holds the lease."""
        gateway = self.calls.gateway
        assert gateway is not None
        with self._remote_lock:
            known = self._remote_credits.get(customer_id)
        if known is None:
            listed = self.calls.call(lambda: gateway.list_balance_transactions(customer_id))
            known = {txn.entry_id: txn.transaction_id for txn in listed if txn.entry_id}
            with self._remote_lock:
                known = self._remote_credits.setdefault(customer_id, known)
        with self._remote_lock:
            return known.get(entry_id)

    def _send_credit(self, item: OutboxItem, customer_id: str) -> OutboxOutcome:
        gateway = self.calls.gateway
        assert gateway is not None and item.entry_id is not None
        entry_id = item.entry_id
        amount_minor = _as_int(item.payload["amount_minor"])
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
            txn = self.calls.call(lambda: gateway.create_balance_transaction(
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
            self._streak.refused(error, item.member_id or f"row:{item.seq}", "credit")
            return self._review(item, error)


class _Snapshots:
    """A batch's snapshot rows by member, every pending snapshot row of those members, and their snapshots."""

    def __init__(self, rows: dict[str, list[OutboxItem]], pending: dict[str, list[int]],
                 snapshots: dict[str, MemberSnapshot | None]) -> None:
        self.rows = rows
        self.pending = pending
        self.snapshots = snapshots


class _Pipeline:
    """One batch's units of work on the pass's thread pool. A unit returns its rows' outcomes and may add
    more units (a member's credit once their customer exists). Offline, SyncPaused or a bug in one unit stops
    units not yet started (their rows stay pending, untouched); `wait` returns when every unit ended and
    raises the first such failure."""

    def __init__(self, pool: ThreadPoolExecutor, outcomes: BatchProgress) -> None:
        self._pool = pool
        self._outcomes = outcomes
        self._idle = threading.Condition()
        self._open = 0
        self._failures: list[BaseException] = []
        self._stop = threading.Event()

    def submit(self, unit: Callable[[], OutboxOutcome | list[OutboxOutcome]]) -> None:
        with self._idle:
            self._open += 1
        self._pool.submit(self._run, unit)

    def _run(self, unit: Callable[[], OutboxOutcome | list[OutboxOutcome]]) -> None:
        try:
            if not self._stop.is_set():
                result = unit()
                self._outcomes.extend(result if isinstance(result, list) else [result])
        except BaseException as exc:  # noqa: BLE001 - handed to wait(), which raises it in the pass's thread
            self._stop.set()
            with self._idle:
                self._failures.append(exc)
        finally:
            with self._idle:
                self._open -= 1
                if self._open == 0:
                    self._idle.notify_all()

    def wait(self) -> None:
        with self._idle:
            while self._open:
                self._idle.wait()
            failures = list(self._failures)
        if failures:
            # Offline or SyncPaused first: they say why the pass stopped; a bug is raised otherwise.
            expected = [f for f in failures if isinstance(f, Offline | SyncPaused)]
            raise (expected or failures)[0]


def _as_int(value: object) -> int:
    """int() of an outbox payload value: the payload is JSON, typed object, and an amount is written as an int."""
    if isinstance(value, int | float | str):
        return int(value)
    raise TypeError(f"not a number in the outbox payload: {value!r}")


__all__ = ["CREDIT", "ERASE", "KEY_MEMORY", "SNAPSHOT", "TOPICS", "OutboxPush"]
