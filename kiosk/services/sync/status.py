"""What the sync worker tells people: SyncStatus for the counter and manager screens, SyncReport for one pass
(`kiosk sync` says it), SyncPause when nothing can be sent until a person fixes something."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.events import Message
from kiosk.domain.text import Phrase
from kiosk.services.ports.sync_store import ReviewItem

# Why a pause (SyncPause.reason) and what to look at (SyncPause.check): stable codes the CLI and screens word.
PAUSE_REASONS = ("authentication_failed", "permission_denied", "endpoint_not_found", "not_stripe", "tls_failed",
                 "repeated_refusal")
PAUSE_CHECKS = ("api_key", "api_base", "network", "stripe_refusal")


@dataclass(frozen=True)
class SyncPause:
    """The sync is paused: a fault that is not about one row (the key, the address, a proxy, TLS, or the same
    refusal for many members) stops every pass early, every row keeps waiting, and the worker tries again
    with backoff. Codes with parameters only; the CLI and the screens word them."""

    reason: str  # one of PAUSE_REASONS
    check: str  # one of PAUSE_CHECKS
    detail: Phrase | str = ""  # the error behind it (sync.error.stripe: Stripe's code and words), for a support call
    http_status: int | None = None
    operation: str | None = None  # the call that met it, e.g. customers.search
    error_code: str | None = None  # repeated_refusal: the code Stripe gave each of them
    members: int = 0  # repeated_refusal: how many different members in a row got it
    since: datetime | None = None  # first seen (kept while the same reason persists)
    code: str = "sync_paused"


@dataclass(frozen=True)
class SyncStatus:
    """What the counter and the manager show: online or not, how much waits, what needs a person."""

    online: bool | None  # None: not tried yet (or Stripe not configured)
    configured: bool
    waiting: int
    review: list[ReviewItem]  # every item unless status() was asked for fewer; review_count is the total
    last_success: datetime | None
    last_error: Phrase | str | None  # a catalogue phrase; a sentence an older version stored reads back as it is
    review_count: int = 0
    paused: SyncPause | None = None


@dataclass
class SyncReport:
    """What one pass did, in counts and codes; `kiosk sync` says it in the shop's language (kiosk.cli.sync)."""

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
    error: Phrase | str | None = None  # what stopped or spoiled the pass, as a catalogue phrase
    note: Message | None = None  # why the pass did not run (another device or worker sends the updates)
    paused: SyncPause | None = None

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
        self.paused = other.paused or self.paused


__all__ = ["PAUSE_CHECKS", "PAUSE_REASONS", "SyncPause", "SyncReport", "SyncStatus"]
