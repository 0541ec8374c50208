"""The port the Stripe sync worker talks through: what it sends, what comes back, and how calls fail.

Adapters (kiosk/adapters/stripe) implement `SyncGateway`; services and the worker see only these types, never
the stripe library. Amounts are Money: integer minor units (satang for THB), which is also what Stripe uses
for two-decimal currencies such as THB. The worker's local state (outbox claims, customer links, the lease)
is the other port, sync_store.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from kiosk.domain.money import Money

MembershipInterval = Literal["month", "year"]
PaymentKind = Literal["payment_intent", "invoice"]
PAYMENT_EVENT_TYPES: tuple[str, ...] = ("payment_intent.succeeded", "invoice.paid")
# Stripe's own statuses; the kiosk treats active and trialing as paid-up.
SubscriptionStatus = Literal[
    "incomplete", "incomplete_expired", "trialing", "active", "past_due", "unpaid", "canceled", "paused"
]
PAID_UP: tuple[SubscriptionStatus, ...] = ("active", "trialing")
# Not paid but not given up either: the plan's grace period keeps the perks on meanwhile.
STILL_OWED: tuple[SubscriptionStatus, ...] = ("past_due", "unpaid", "incomplete", "paused")


# ---------------------------------------------------------------------------------------------- errors


class GatewayError(Exception):
    """Base of every failure a SyncGateway reports; `code` is stable for logs, `message` is for people."""

    def __init__(self, message: str, *, code: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status

    def __str__(self) -> str:
        return self.message


class TransientGatewayError(GatewayError):
    """Worth retrying later with the same idempotency key: no connection, timeout, 429, 5xx, 409 lock.

    `retry_after` is the server's hint in seconds when it gave one; the caller still backs off with jitter.
    """

    def __init__(self, message: str, *, code: str, http_status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.retry_after = retry_after


class PermanentGatewayError(GatewayError):
    """Retrying the same request cannot succeed (invalid request, unknown object, declined): send the outbox
    row to the review list. `param` names the offending request parameter when Stripe said which."""

    def __init__(self, message: str, *, code: str, http_status: int | None = None, param: str | None = None) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.param = param


class IdempotencyKeyReused(PermanentGatewayError):
    """The key was already used with different parameters: the operation was rebuilt differently after a
    first attempt. The first attempt may have succeeded; reconcile before inventing a new key."""


class EventCursorExpired(PermanentGatewayError):
    """The saved event cursor is no longer listable (events are kept 30 days): fall back to listing objects."""


class GatewayUnavailable(GatewayError):
    """The sync cannot work at all right now, for a reason that is not about this request and that retrying it
    will not fix: the key is refused, the address answers for no Stripe endpoint (a wrong api_base, a proxy),
    something other than Stripe answers, TLS cannot be set up. Not the row's fault: pause syncing, keep every
    row waiting, tell the manager what to check.

    `reason` (stable): authentication_failed | permission_denied | endpoint_not_found | not_stripe | tls_failed.
    `check` (stable), what a person should look at: api_key | api_base | network.
    `operation` names the call that met it (e.g. "customers.search"), for the manager and the log.
    """

    def __init__(self, message: str, *, reason: str, check: str, code: str | None = None,
                 http_status: int | None = None, operation: str | None = None) -> None:
        super().__init__(message, code=code or reason, http_status=http_status)
        self.reason = reason
        self.check = check
        self.operation = operation


class GatewayAuthenticationError(GatewayUnavailable):
    """The API key is missing, wrong or revoked (401), or may not do this (403)."""

    def __init__(self, message: str, *, code: str = "authentication_failed", http_status: int | None = None,
                 reason: str | None = None, check: str = "api_key", operation: str | None = None) -> None:
        super().__init__(message, reason=reason or code, check=check, code=code, http_status=http_status,
                         operation=operation)


# ---------------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class MemberContact:
    """Contact details a member agreed to share with Stripe."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class MemberSnapshot:
    """The member as the ledger sees it at `ledger_version`: an absolute state, never a delta.

    `contact` is None when the member has not consented (or withdrew consent): Stripe then holds no name,
    email or phone for them, only the pseudonymous member id and program figures.
    """

    member_id: str
    ledger_version: int
    tier: str
    points_balance: int
    stamps: int
    contact: MemberContact | None = None


@dataclass(frozen=True)
class RemoteCustomer:
    customer_id: str
    member_id: str
    ledger_version: int  # -1 when the Stripe customer carries no (readable) ledger_version
    balance: Money | None  # Stripe's customer balance: negative is credit owed to the member


@dataclass(frozen=True)
class CustomerUpsert:
    customer_id: str
    applied: bool  # False: Stripe already held this or a newer snapshot, so nothing was written
    created: bool
    remote_ledger_version: int  # the version Stripe holds after the call


@dataclass(frozen=True)
class StoreCreditTransaction:
    """One Stripe customer balance transaction, tied to the ledger entry that caused it."""

    transaction_id: str
    customer_id: str
    amount: Money  # Stripe's sign: negative credits the member, positive uses up credit
    ending_balance: Money
    entry_id: str
    reverses_entry_id: str | None
    created: int


@dataclass(frozen=True)
class MembershipPrice:
    price_id: str
    product_id: str
    tier: str
    amount: Money
    interval: MembershipInterval
    lookup_key: str


@dataclass(frozen=True)
class MembershipCheckout:
    """A hosted payment page for a paid tier; `url` is what the kiosk shows as a QR code."""

    session_id: str
    url: str | None  # None once the session is complete or expired
    status: str  # open | complete | expired
    expires_at: int
    customer_id: str | None
    subscription_id: str | None


@dataclass(frozen=True)
class MembershipSubscription:
    subscription_id: str
    customer_id: str
    status: SubscriptionStatus
    price_id: str | None
    current_period_end: int | None
    cancel_at_period_end: bool

    @property
    def is_paid_up(self) -> bool:
        return self.status in PAID_UP


@dataclass(frozen=True)
class MemberPayment:
    """Money a member customer paid through Stripe (a payment intent or a paid invoice).

    `object_id` (pi_... / in_...) is the dedupe key: the same payment can arrive as an event and again from
    the object-listing fallback. A subscription invoice is also paid by a payment intent; `invoice_id` on a
    payment intent says so when Stripe reports it, so the worker counts that money once.
    """

    kind: PaymentKind
    object_id: str
    customer_id: str
    amount: Money
    created: int
    event_id: str | None = None
    invoice_id: str | None = None
    subscription_id: str | None = None
    member_id: str | None = None
    # Invoices only: the customer balance before and after Stripe applied it to this invoice (Stripe's sign,
    # negative = credit). A difference means store credit we pushed was spent on Stripe, outside the ledger.
    starting_balance: Money | None = None
    ending_balance: Money | None = None

    @property
    def balance_applied(self) -> Money | None:
        """How much of the customer balance this invoice used up (positive: credit spent), or None."""
        if self.starting_balance is None or self.ending_balance is None:
            return None
        if self.starting_balance.currency != self.ending_balance.currency:
            return None
        return Money(self.ending_balance.minor - self.starting_balance.minor, self.ending_balance.currency)


@dataclass(frozen=True)
class EventPage:
    """Payment events after a cursor, oldest first. Save `cursor` only after applying `payments`."""

    payments: tuple[MemberPayment, ...]
    cursor: str | None  # newest event consumed (including ones skipped as not a member's); None if none yet
    has_more: bool


# ---------------------------------------------------------------------------------------------- ports


class RequestThrottle(Protocol):
    """Blocks until one more request may be sent (see kiosk.services.ratelimit.TokenBucket)."""

    def acquire(self) -> float: ...


class SyncGateway(Protocol):
    """Everything the sync worker asks of Stripe. Every method may raise TransientGatewayError,
    PermanentGatewayError (or a subclass) or GatewayUnavailable (or its GatewayAuthenticationError), and nothing
    else. The adapter sorts failures: Permanent is about this request (Stripe refused these parameters, this
    object is missing); Unavailable is about every request (key, address, proxy, TLS).

    Writes take the caller's idempotency key (derived from the ledger entry); an adapter making several
    POSTs for one call derives a distinct key per step from it. Stripe may forget keys after 24 hours, so
    before re-sending an older operation the caller looks it up first (find_* methods).
    """

    def find_customer_by_member_id(self, member_id: str) -> RemoteCustomer | None:
        """Search customers by metadata member_id. Search is eventually consistent (about a minute behind)."""
        ...

    def get_customer(self, customer_id: str) -> RemoteCustomer | None: ...

    def erase_customer(self, customer_id: str) -> bool:
        """Delete the member's customer (the member was erased); False when it was already gone."""
        ...

    def upsert_customer(self, snapshot: MemberSnapshot, *, idempotency_key: str,
                        customer_id: str | None = None, search_first: bool = False) -> CustomerUpsert:
        """Create or update the member's customer; never replaces a newer ledger_version with an older one.

        Without `customer_id` the customer is created under a fixed per-member key, so a create retried within
        Stripe's key memory (24 h) returns the same customer. Pass `search_first` when an earlier create for
        this member may be older than that: the customer is then looked for by member id before creating. A
        create refused for its key (used with other parameters) falls back to the same search by itself.
        """
        ...

    def create_balance_transaction(self, *, customer_id: str, amount: Money, entry_id: str, description: str,
                                   idempotency_key: str, reverses_entry_id: str | None = None
                                   ) -> StoreCreditTransaction: ...

    def find_balance_transaction_by_entry_id(self, *, customer_id: str, entry_id: str
                                             ) -> StoreCreditTransaction | None: ...

    def list_balance_transactions(self, customer_id: str) -> list[StoreCreditTransaction]:
        """Every balance transaction of the customer (ours carry entry_id; Stripe's own, e.g. applied to an
        invoice, have an empty entry_id). One request per hundred."""
        ...

    def ensure_membership_price(self, *, tier: str, amount: Money,
                                interval: MembershipInterval) -> MembershipPrice: ...

    def create_membership_checkout(self, *, customer_id: str, price_id: str, member_id: str, success_url: str,
                                   cancel_url: str, idempotency_key: str) -> MembershipCheckout: ...

    def get_membership_checkout(self, session_id: str) -> MembershipCheckout: ...

    def get_subscription(self, subscription_id: str) -> MembershipSubscription: ...

    def list_member_subscriptions(self, customer_id: str) -> list[MembershipSubscription]: ...

    def cancel_subscription(self, subscription_id: str) -> MembershipSubscription: ...

    def latest_event_id(self, types: Sequence[str] = PAYMENT_EVENT_TYPES) -> str | None: ...

    def list_payment_events(self, *, after_event_id: str | None, limit: int = 100,
                            types: Sequence[str] = PAYMENT_EVENT_TYPES) -> EventPage: ...

    def list_paid_invoices(self, *, created_gte: int, customer_id: str | None = None) -> list[MemberPayment]: ...

    def list_succeeded_payment_intents(self, *, created_gte: int,
                                       customer_id: str | None = None) -> list[MemberPayment]: ...
