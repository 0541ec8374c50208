"""The sync worker's own state, as a port: outbox rows as it claims and finishes them, the manager's review
list, member <-> Stripe customer links, membership checkouts and subscriptions, cursors, and the lease that
keeps one worker per database.

kiosk/adapters/db/sync_store.py implements `SyncStore` on the shop database; kiosk/services/sync uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from kiosk.domain.text import Phrase


@dataclass(frozen=True)
class OutboxItem:
    """One pending outbox row as the sync worker sees it."""

    seq: int
    id: str
    topic: str
    member_id: str | None
    entry_id: str | None
    payload: dict[str, object]
    idempotency_key: str
    attempts: int
    created_at: datetime
    first_sent_at: datetime | None  # when a request for it first left the kiosk (Stripe keeps keys ~24 h)
    entry_command_id: str | None = None  # the ledger entry's command id (mirror entries are never pushed back)


@dataclass(frozen=True)
class OutboxOutcome:
    """What happened to one outbox row in a pass: done, retry later, or park for the manager."""

    seq: int
    status: Literal["done", "retry", "review"]
    remote_id: str | None = None
    error: Phrase | str | None = None  # kept as code and params (kiosk.domain.serialization.stored)
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class ReviewItem:
    """An outbox row that Stripe refused for good; the manager fixes the cause, then retries it."""

    outbox_id: str
    seq: int
    topic: str
    member_id: str | None
    entry_id: str | None
    created_at: datetime
    attempts: int
    last_error: Phrase | str  # why Stripe refused it, as a phrase; a sentence an older version stored, as it is


@dataclass(frozen=True)
class CheckoutLink:
    session_id: str
    member_id: str
    plan_id: str
    url: str | None
    status: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class SubscriptionLink:
    subscription_id: str
    member_id: str
    plan_id: str
    status: str
    current_period_end: datetime | None
    checked_at: datetime | None


class SyncStore(Protocol):
    """The sync worker's own tables: outbox claims and outcomes, Stripe ids, cursors, a single-worker lease."""

    def due(self, *, now: datetime, limit: int, topics: Sequence[str] | None = None) -> list[OutboxItem]: ...
    def mark_sent(self, seqs: Sequence[int], *, at: datetime) -> None:
        """Remember when requests for these rows first left (committed before sending them)."""
        ...
    def finish(self, outcomes: Sequence[OutboxOutcome], *, at: datetime) -> None: ...
    def pending_seqs(self, topic: str, member_ids: Sequence[str]) -> dict[str, list[int]]:
        """Sequence numbers of every pending row of `topic` for these members (to coalesce snapshots)."""
        ...
    def waiting_count(self) -> int: ...
    def review_items(self, *, limit: int | None = None) -> list[ReviewItem]:
        """The review list, oldest first: every item unless `limit` says fewer."""
        ...
    def review_count(self) -> int: ...
    def retry(self, outbox_ref: str) -> ReviewItem | None:
        """Move a review row (by id or sequence number) back to pending; None when there is no such row."""
        ...
    def retry_all(self) -> int:
        """Move every review row back to pending in one transaction; returns how many."""
        ...

    def customer_id(self, member_id: str) -> str | None: ...
    def member_for_customer(self, customer_id: str) -> str | None: ...
    def first_create_attempt(self, member_id: str, *, at: datetime) -> datetime:
        """Remember that a create for this member's customer is about to leave (committed before it is sent);
        returns when the first such create left, `at` if this is the first. Linking the customer forgets it."""
        ...
    def link_customer(self, member_id: str, customer_id: str, *, ledger_version: int, at: datetime) -> None: ...
    def unlink_customer(self, member_id: str) -> None: ...

    def get_state(self, key: str) -> str | None: ...
    def set_state(self, values: dict[str, str]) -> None: ...

    def add_checkout(self, link: CheckoutLink) -> None: ...
    def open_checkout(self, member_id: str, plan_id: str, *, now: datetime) -> CheckoutLink | None: ...
    def open_checkouts(self, *, now: datetime) -> list[CheckoutLink]: ...
    def close_checkout(self, session_id: str, status: str) -> None: ...
    def upsert_subscription(self, link: SubscriptionLink) -> None: ...
    def subscriptions(self, *, member_id: str | None = None, live_only: bool = False) -> list[SubscriptionLink]: ...
    def subscription(self, subscription_id: str) -> SubscriptionLink | None: ...

    def acquire_lease(self, owner: str, *, now: datetime, ttl_seconds: float) -> bool:
        """Become the one sync worker for this database (or renew); False while another live one holds it."""
        ...
    def release_lease(self, owner: str) -> None: ...
