"""SyncGateway on Stripe: the official library's StripeClient, with every Stripe error mapped to a gateway error.

Retries are the worker's job (kiosk.services.ratelimit), so the client runs with max_network_retries=0; this
class only paces requests through an optional throttle and translates results and failures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, cast

import stripe

from kiosk.domain.money import Money
from kiosk.services.ports.stripe import (
    PAYMENT_EVENT_TYPES,
    CustomerUpsert,
    EventCursorExpired,
    EventPage,
    GatewayAuthenticationError,
    GatewayError,
    GatewayUnavailable,
    IdempotencyKeyReused,
    MemberPayment,
    MembershipCheckout,
    MembershipInterval,
    MembershipPrice,
    MembershipSubscription,
    MemberSnapshot,
    PermanentGatewayError,
    RemoteCustomer,
    RequestThrottle,
    StoreCreditTransaction,
    SubscriptionStatus,
    TransientGatewayError,
)

DEFAULT_MEMBERSHIP_PRODUCT_ID = "kiosk_membership"
_PAGE = 100  # Stripe's largest list page


def translate_stripe_error(exc: stripe.StripeError, operation: str | None = None) -> GatewayError:
    """Sort a Stripe failure into retry-later, give-up on this row (review list), or pause the sync (a fault of
    the key, the address, a proxy or the network, which no row can get past). `operation` names the call."""
    status = exc.http_status
    headers: Mapping[str, str] = exc.headers or {}
    request_id = f" [{exc.request_id}]" if getattr(exc, "request_id", None) else ""
    message = f"Stripe: {exc.user_message or exc.__class__.__name__}{request_id}"
    doing = f" ({operation})" if operation else ""
    if isinstance(exc, stripe.APIConnectionError):
        if "SSLError" in str(exc.user_message or ""):
            # A certificate or handshake failure does not pass by waiting: an intercepting proxy, a wrong
            # scheme or port in api_base, a clock far off.
            return GatewayUnavailable(f"Stripe: no secure connection could be set up{doing}: {exc.user_message}",
                                      reason="tls_failed", check="network", operation=operation)
        return TransientGatewayError(message, code="connection_error")
    if isinstance(exc, stripe.RateLimitError) or status == 429:
        return TransientGatewayError(message, code="rate_limited", http_status=status,
                                     retry_after=_retry_after(headers))
    if status is not None and not _is_stripe_error(exc):
        if status >= 500:  # a proxy's gateway page: upstream trouble, which passes like Stripe's own 5xx
            return TransientGatewayError(f"Stripe: HTTP {status} from something other than Stripe{doing}",
                                         code="server_error", http_status=status)
        # An HTML page or foreign JSON where Stripe's JSON belongs (a proxy, a captive portal, a web server
        # at a wrong api_base): no request can get through, whichever row it carries.
        return GatewayUnavailable(f"Stripe: HTTP {status} answered by something other than Stripe{doing}",
                                  reason="not_stripe", check="api_base", http_status=status, operation=operation)
    if isinstance(exc, stripe.AuthenticationError) or status == 401:
        return GatewayAuthenticationError(message, http_status=status, operation=operation)
    if isinstance(exc, stripe.PermissionError) or status == 403:
        return GatewayAuthenticationError(message, code="permission_denied", http_status=status,
                                          operation=operation)
    if status == 404 and exc.code != "resource_missing":
        # Stripe's 404 for a missing object says resource_missing and names it; a 404 without that code is
        # for the URL itself (no such endpoint: a wrong api_base or a proxy), so every row would get it.
        return GatewayUnavailable(f"{message}{doing}", reason="endpoint_not_found", check="api_base",
                                  http_status=status, operation=operation)
    if isinstance(exc, stripe.IdempotencyError):
        return IdempotencyKeyReused(message, code="idempotency_key_reused", http_status=status)
    if status is None or status >= 500:
        # Stripe saves a 500 under its idempotency key: resending the same key replays it until the key is
        # pruned, so the worker must reconcile (find_*) rather than hammer the same key.
        replayed = headers.get("Idempotent-Replayed") == "true"
        return TransientGatewayError(message, code="server_error_replayed" if replayed else "server_error",
                                     http_status=status, retry_after=_retry_after(headers))
    if status == 409 or exc.code == "lock_timeout" or headers.get("Stripe-Should-Retry") == "true":
        return TransientGatewayError(message, code=exc.code or "conflict", http_status=status,
                                     retry_after=_retry_after(headers))
    param = getattr(exc, "param", None)
    return PermanentGatewayError(message, code=exc.code or "invalid_request", http_status=status, param=param)


def _is_stripe_error(exc: stripe.StripeError) -> bool:
    """True when the body was Stripe's JSON error object; the library also raises for an unreadable body (an
    HTML page) or JSON without an `error` object, and then the answer came from something else."""
    body = exc.json_body
    return isinstance(body, dict) and isinstance(body.get("error"), dict)


def _operation_name(operation: Callable[..., Any]) -> str | None:
    """customers.search, customer_balance_transactions.create... from the StripeClient service method."""
    owner = getattr(operation, "__self__", None)
    name = getattr(operation, "__name__", None)
    if owner is None or name is None:
        return None
    kind = re.sub(r"(?<!^)(?=[A-Z])", "_", type(owner).__name__.removesuffix("Service")).lower()
    return f"{kind}s.{name}"


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:  # an HTTP date: rare enough that the caller's own backoff is good enough
        return None
    return seconds if seconds >= 0 else None


def _id_of(value: Any) -> str | None:
    """A Stripe reference that may be an id string or an expanded object."""
    if isinstance(value, dict):
        return cast(str | None, value.get("id"))
    return cast(str | None, value)


def _int_or(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _same_customer(existing: dict[str, Any], params: dict[str, Any]) -> bool:
    """True when Stripe already holds exactly these contact fields and metadata."""
    for name in ("name", "email", "phone"):
        if (existing.get(name) or "") != params[name]:
            return False
    held = existing.get("metadata") or {}
    return all(str(held.get(key, "")) == value for key, value in params["metadata"].items())


def _escape_query(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


class StripeGateway:
    """The kiosk's SyncGateway on Stripe (see kiosk.services.ports.stripe for the contract)."""

    def __init__(
        self,
        *,
        api_key: str,
        api_base: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        throttle: RequestThrottle | None = None,
        membership_product_id: str = DEFAULT_MEMBERSHIP_PRODUCT_ID,
        membership_product_name: str = "Membership",
        stripe_version: str | None = None,
    ) -> None:
        self._http = stripe.RequestsClient(timeout=(connect_timeout, read_timeout))
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=0,  # the worker retries, with backoff and the same idempotency key
            http_client=self._http,
            stripe_version=stripe_version,
        )
        self._throttle = throttle
        self._product_id = membership_product_id
        self._product_name = membership_product_name
        self._product_known = False

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ plumbing

    def _call(self, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._throttle is not None:
            self._throttle.acquire()
        try:
            return operation(*args, **kwargs)
        except stripe.StripeError as exc:
            raise translate_stripe_error(exc, _operation_name(operation)) from None

    def _get_dict(self, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        return cast(dict[str, Any], self._call(operation, *args, **kwargs).to_dict())

    def _pages(self, operation: Callable[..., Any], *args: Any, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, page by page, each page a separately throttled request."""
        starting_after: str | None = None
        while True:
            page_params = {**params, "limit": _PAGE}
            if starting_after is not None:
                page_params["starting_after"] = starting_after
            page = self._get_dict(operation, *args, params=page_params)
            items = page.get("data") or []
            yield from items
            if not page.get("has_more") or not items:
                return
            starting_after = items[-1]["id"]

    def _retrieve_or_none(self, operation: Callable[..., Any], object_id: str) -> dict[str, Any] | None:
        try:
            found = self._get_dict(operation, object_id)
        except PermanentGatewayError as error:
            if error.http_status == 404 or error.code == "resource_missing":
                return None
            raise
        return None if found.get("deleted") else found

    # ------------------------------------------------------------------ customers

    @staticmethod
    def _remote_customer(customer: dict[str, Any]) -> RemoteCustomer:
        metadata = customer.get("metadata") or {}
        currency = customer.get("currency")
        balance = Money(int(customer.get("balance") or 0), currency) if currency else None
        return RemoteCustomer(
            customer_id=customer["id"],
            member_id=str(metadata.get("member_id", "")),
            ledger_version=_int_or(metadata.get("ledger_version"), -1),
            balance=balance,
        )

    def _search_member(self, member_id: str) -> dict[str, Any] | None:
        query = f"metadata['member_id']:'{_escape_query(member_id)}'"
        found = self._get_dict(self._client.v1.customers.search, params={"query": query, "limit": 100})
        candidates = [c for c in found.get("data") or [] if not c.get("deleted")]
        if not candidates:
            return None
        # Duplicates can only come from a lost create older than Stripe's key memory; the newest snapshot wins.
        return max(candidates, key=lambda c: (_int_or((c.get("metadata") or {}).get("ledger_version"), -1),
                                              -int(c.get("created") or 0)))

    def find_customer_by_member_id(self, member_id: str) -> RemoteCustomer | None:
        found = self._search_member(member_id)
        return None if found is None else self._remote_customer(found)

    def get_customer(self, customer_id: str) -> RemoteCustomer | None:
        found = self._retrieve_or_none(self._client.v1.customers.retrieve, customer_id)
        return None if found is None else self._remote_customer(found)

    def erase_customer(self, customer_id: str) -> bool:
        # Deleting is Stripe's erasure: the customer, its contact details and payment methods are gone, and
        # any subscription is cancelled at once. DELETE takes no idempotency key; a second one finds nothing.
        try:
            self._call(self._client.v1.customers.delete, customer_id)
        except PermanentGatewayError as error:
            if error.http_status == 404 or error.code == "resource_missing":
                return False
            raise
        return True

    def upsert_customer(self, snapshot: MemberSnapshot, *, idempotency_key: str,
                        customer_id: str | None = None, search_first: bool = False) -> CustomerUpsert:
        existing = None
        if customer_id is not None:
            existing = self._retrieve_or_none(self._client.v1.customers.retrieve, customer_id)
            # The linked customer is gone (deleted in the Dashboard): look for one made since before creating.
            search_first = search_first or existing is None
        if existing is None and search_first:
            # Only the fallback: search lags writes by up to a minute (an hour in incidents) and costs a
            # request, while within Stripe's key memory the per-member create key already prevents a duplicate.
            existing = self._search_member(snapshot.member_id)
        created = False
        if existing is None:
            existing, created = self._create_member_customer(snapshot.member_id)
        remote_version = _int_or((existing.get("metadata") or {}).get("ledger_version"), -1)
        contact = snapshot.contact
        params = {
            # "" unsets a field in Stripe: without consent Stripe keeps no name, email or phone.
            "name": (contact.name if contact else None) or "",
            "email": (contact.email if contact else None) or "",
            "phone": (contact.phone if contact else None) or "",
            "metadata": {
                "member_id": snapshot.member_id,
                "tier": snapshot.tier,
                "points_balance": str(snapshot.points_balance),
                "stamps": str(snapshot.stamps),
                "ledger_version": str(snapshot.ledger_version),
            },
        }
        # An older snapshot never replaces a newer one. At the same version only what the ledger does not
        # count can differ (consent given or withdrawn, a tier re-evaluated as time passes): the worker sends
        # snapshots computed at send time, so the later one is current and is written if anything differs.
        if remote_version > snapshot.ledger_version or (
                remote_version == snapshot.ledger_version and _same_customer(existing, params)):
            return CustomerUpsert(customer_id=existing["id"], applied=False, created=created,
                                  remote_ledger_version=remote_version)
        self._call(self._client.v1.customers.update, existing["id"], params=params,
                   options={"idempotency_key": f"{idempotency_key}:update"})
        return CustomerUpsert(customer_id=existing["id"], applied=True, created=created,
                              remote_ledger_version=snapshot.ledger_version)

    def _create_member_customer(self, member_id: str) -> tuple[dict[str, Any], bool]:
        """The member's customer and whether this request made it (False: a replay, or found after all)."""
        # Constant parameters and a per-member key: every create for this member within Stripe's key memory
        # returns the same customer, whichever snapshot triggered it. The snapshot goes in a separate update.
        try:
            created = self._call(self._client.v1.customers.create, params={"metadata": {"member_id": member_id}},
                                 options={"idempotency_key": f"kiosk:customer:create:{member_id}"})
        except IdempotencyKeyReused:
            # The key went out before with other parameters (an older version of this code): that create may
            # have made the customer, so find it rather than guess a new key.
            found = self._search_member(member_id)
            if found is None:
                raise
            return found, False
        response = created.last_response
        if response is not None and response.headers.get("Idempotent-Replayed") == "true":
            # A replay shows the customer as first created; read what Stripe holds now before comparing.
            fresh = self._retrieve_or_none(self._client.v1.customers.retrieve, created.id)
            return (fresh if fresh is not None else cast(dict[str, Any], created.to_dict())), False
        return cast(dict[str, Any], created.to_dict()), True

    # ------------------------------------------------------------------ store credit

    @staticmethod
    def _credit_transaction(txn: dict[str, Any]) -> StoreCreditTransaction:
        currency = str(txn["currency"]).upper()
        metadata = txn.get("metadata") or {}
        return StoreCreditTransaction(
            transaction_id=txn["id"],
            customer_id=_id_of(txn.get("customer")) or "",
            amount=Money(int(txn["amount"]), currency),
            ending_balance=Money(int(txn.get("ending_balance") or 0), currency),
            entry_id=str(metadata.get("ledger_entry_id", "")),
            reverses_entry_id=metadata.get("reverses_entry_id"),
            created=int(txn.get("created") or 0),
        )

    def create_balance_transaction(self, *, customer_id: str, amount: Money, entry_id: str, description: str,
                                   idempotency_key: str, reverses_entry_id: str | None = None
                                   ) -> StoreCreditTransaction:
        if amount.is_zero():
            raise PermanentGatewayError("A store-credit transaction needs a non-zero amount.", code="zero_amount")
        metadata = {"ledger_entry_id": entry_id}
        if reverses_entry_id is not None:
            metadata["reverses_entry_id"] = reverses_entry_id
        params = {"amount": amount.minor, "currency": amount.currency.lower(), "description": description[:350],
                  "metadata": metadata}
        txn = self._get_dict(self._client.v1.customers.balance_transactions.create, customer_id, params=params,
                             options={"idempotency_key": idempotency_key})
        return self._credit_transaction(txn)

    def list_balance_transactions(self, customer_id: str) -> list[StoreCreditTransaction]:
        return [self._credit_transaction(txn) for txn in
                self._pages(self._client.v1.customers.balance_transactions.list, customer_id, params={})]

    def find_balance_transaction_by_entry_id(self, *, customer_id: str, entry_id: str
                                             ) -> StoreCreditTransaction | None:
        # Balance transactions have no search; the customer's list is short (one row per credit movement).
        for txn in self._pages(self._client.v1.customers.balance_transactions.list, customer_id, params={}):
            if (txn.get("metadata") or {}).get("ledger_entry_id") == entry_id:
                return self._credit_transaction(txn)
        return None

    # ------------------------------------------------------------------ paid membership

    def _ensure_product(self) -> str:
        if self._product_known:
            return self._product_id
        if self._retrieve_or_none(self._client.v1.products.retrieve, self._product_id) is None:
            try:
                self._call(self._client.v1.products.create,
                           params={"id": self._product_id, "name": self._product_name,
                                   "metadata": {"kiosk": "membership"}},
                           options={"idempotency_key": f"kiosk:product:create:{self._product_id}"})
            except (PermanentGatewayError, TransientGatewayError) as error:
                # Someone else created it between our look and our create (Stripe: resource_already_exists).
                if self._retrieve_or_none(self._client.v1.products.retrieve, self._product_id) is None:
                    raise error from None
        self._product_known = True
        return self._product_id

    @staticmethod
    def _lookup_key(tier: str, interval: str, currency: str) -> str:
        return f"kiosk_membership:{tier}:{interval}:{currency.lower()}"

    def ensure_membership_price(self, *, tier: str, amount: Money, interval: MembershipInterval) -> MembershipPrice:
        if amount.minor <= 0:
            raise PermanentGatewayError("A paid tier needs a price above zero.", code="invalid_amount")
        lookup_key = self._lookup_key(tier, interval, amount.currency)
        listed = self._get_dict(self._client.v1.prices.list,
                                params={"lookup_keys": [lookup_key], "active": True, "limit": 1})
        current = (listed.get("data") or [None])[0]
        if (current is not None and current.get("unit_amount") == amount.minor
                and str(current.get("currency")).upper() == amount.currency
                and (current.get("recurring") or {}).get("interval") == interval):
            return self._membership_price(current, tier)
        product_id = self._ensure_product()
        # Prices are immutable: a new amount is a new price that takes over the lookup key; members already
        # subscribed stay on the old price until they change plan. The key names the price it replaces, so
        # going back to an earlier amount later is a new request, not a replay of the first one.
        replaces = current["id"] if current is not None else "none"
        price = self._get_dict(
            self._client.v1.prices.create,
            params={"product": product_id, "unit_amount": amount.minor, "currency": amount.currency.lower(),
                    "recurring": {"interval": interval}, "lookup_key": lookup_key, "transfer_lookup_key": True,
                    "nickname": f"{tier} ({interval})", "metadata": {"tier": tier}},
            options={"idempotency_key": f"kiosk:price:{lookup_key}:{amount.minor}:replaces:{replaces}"})
        if current is not None:
            self._call(self._client.v1.prices.update, current["id"], params={"active": False},
                       options={"idempotency_key": f"kiosk:price:archive:{current['id']}"})
        return self._membership_price(price, tier)

    def _membership_price(self, price: dict[str, Any], tier: str) -> MembershipPrice:
        return MembershipPrice(
            price_id=price["id"],
            product_id=_id_of(price.get("product")) or self._product_id,
            tier=tier,
            amount=Money(int(price["unit_amount"]), str(price["currency"]).upper()),
            interval=cast(MembershipInterval, (price.get("recurring") or {}).get("interval", "month")),
            lookup_key=str(price.get("lookup_key") or ""),
        )

    @staticmethod
    def _checkout(session: dict[str, Any]) -> MembershipCheckout:
        return MembershipCheckout(
            session_id=session["id"],
            url=session.get("url") if session.get("status") == "open" else None,
            status=str(session.get("status")),
            expires_at=int(session.get("expires_at") or 0),
            customer_id=_id_of(session.get("customer")),
            subscription_id=_id_of(session.get("subscription")),
        )

    def create_membership_checkout(self, *, customer_id: str, price_id: str, member_id: str, success_url: str,
                                   cancel_url: str, idempotency_key: str) -> MembershipCheckout:
        session = self._get_dict(
            self._client.v1.checkout.sessions.create,
            params={
                "mode": "subscription",
                "customer": customer_id,
                "line_items": [{"price": price_id, "quantity": 1}],
                "success_url": success_url,
                "cancel_url": cancel_url,
                "client_reference_id": member_id,
                "metadata": {"member_id": member_id},
                "subscription_data": {"metadata": {"member_id": member_id}},
            },
            options={"idempotency_key": idempotency_key})
        return self._checkout(session)

    def get_membership_checkout(self, session_id: str) -> MembershipCheckout:
        return self._checkout(self._get_dict(self._client.v1.checkout.sessions.retrieve, session_id))

    @staticmethod
    def _subscription(subscription: dict[str, Any]) -> MembershipSubscription:
        items = (subscription.get("items") or {}).get("data") or []
        first = items[0] if items else {}
        price = first.get("price") or first.get("plan") or {}
        # Newer API versions moved the billing period from the subscription onto its items.
        period_end = subscription.get("current_period_end") or first.get("current_period_end")
        return MembershipSubscription(
            subscription_id=subscription["id"],
            customer_id=_id_of(subscription.get("customer")) or "",
            status=cast(SubscriptionStatus, subscription.get("status")),
            price_id=_id_of(price),
            current_period_end=int(period_end) if period_end else None,
            cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
        )

    def get_subscription(self, subscription_id: str) -> MembershipSubscription:
        return self._subscription(self._get_dict(self._client.v1.subscriptions.retrieve, subscription_id))

    def list_member_subscriptions(self, customer_id: str) -> list[MembershipSubscription]:
        return [self._subscription(s) for s in self._pages(
            self._client.v1.subscriptions.list, params={"customer": customer_id, "status": "all"})]

    def cancel_subscription(self, subscription_id: str) -> MembershipSubscription:
        # DELETE carries no idempotency key in Stripe's v1 API; cancelling twice is harmless but may be refused.
        try:
            return self._subscription(self._get_dict(self._client.v1.subscriptions.cancel, subscription_id))
        except PermanentGatewayError:
            current = self.get_subscription(subscription_id)
            if current.status == "canceled":
                return current
            raise

    # ------------------------------------------------------------------ payments made through Stripe

    @staticmethod
    def _payment(obj: dict[str, Any], event_id: str | None) -> MemberPayment | None:
        customer_id = _id_of(obj.get("customer"))
        if not customer_id or obj.get("object") not in ("payment_intent", "invoice"):
            return None  # not a customer's payment: nothing a member earned
        metadata = obj.get("metadata") or {}
        currency = str(obj.get("currency") or "").upper()
        if obj["object"] == "payment_intent":
            amount = obj.get("amount_received") or obj.get("amount") or 0
            return MemberPayment(kind="payment_intent", object_id=obj["id"], customer_id=customer_id,
                                 amount=Money(int(amount), currency), created=int(obj.get("created") or 0),
                                 event_id=event_id, invoice_id=_id_of(obj.get("invoice")),
                                 member_id=metadata.get("member_id"))
        parent = obj.get("parent") or {}
        subscription_id = _id_of(obj.get("subscription")) or _id_of(
            (parent.get("subscription_details") or {}).get("subscription"))
        starting, ending = obj.get("starting_balance"), obj.get("ending_balance")
        return MemberPayment(kind="invoice", object_id=obj["id"], customer_id=customer_id,
                             amount=Money(int(obj.get("amount_paid") or 0), currency),
                             created=int(obj.get("created") or 0), event_id=event_id, invoice_id=obj["id"],
                             subscription_id=subscription_id, member_id=metadata.get("member_id"),
                             starting_balance=Money(int(starting), currency) if starting is not None else None,
                             ending_balance=Money(int(ending), currency) if ending is not None else None)

    def latest_event_id(self, types: Sequence[str] = PAYMENT_EVENT_TYPES) -> str | None:
        page = self._get_dict(self._client.v1.events.list, params={"types": list(types), "limit": 1})
        data = page.get("data") or []
        return data[0]["id"] if data else None

    def list_payment_events(self, *, after_event_id: str | None, limit: int = 100,
                            types: Sequence[str] = PAYMENT_EVENT_TYPES) -> EventPage:
        if not 1 <= limit <= _PAGE:
            raise ValueError(f"limit must be between 1 and {_PAGE}")
        params: dict[str, Any] = {"types": list(types)}
        if after_event_id is None:
            # First sync: everything Stripe still lists (30 days), oldest first.
            everything = list(self._pages(self._client.v1.events.list, params=params))
            oldest_first = list(reversed(everything))
            chunk, has_more = oldest_first[:limit], len(oldest_first) > limit
        else:
            try:
                # ending_before pages towards newer events: the `limit` events right after the cursor.
                page = self._get_dict(self._client.v1.events.list,
                                      params={**params, "limit": limit, "ending_before": after_event_id})
            except PermanentGatewayError as error:
                if error.code == "resource_missing" and error.param in ("ending_before", None):
                    raise EventCursorExpired(
                        f"Stripe no longer lists event {after_event_id} (events are kept 30 days); "
                        "catch up by listing invoices and payment intents.",
                        code="event_cursor_expired", http_status=error.http_status, param=error.param) from None
                raise
            chunk, has_more = list(reversed(page.get("data") or [])), bool(page.get("has_more"))
        payments = tuple(p for p in (self._payment((e.get("data") or {}).get("object") or {}, e["id"])
                                     for e in chunk) if p is not None)
        cursor = chunk[-1]["id"] if chunk else after_event_id
        return EventPage(payments=payments, cursor=cursor, has_more=has_more)

    def list_paid_invoices(self, *, created_gte: int, customer_id: str | None = None) -> list[MemberPayment]:
        params: dict[str, Any] = {"status": "paid", "created": {"gte": created_gte}}
        if customer_id is not None:
            params["customer"] = customer_id
        found = (self._payment(i, None) for i in self._pages(self._client.v1.invoices.list, params=params))
        return sorted((p for p in found if p is not None), key=lambda p: (p.created, p.object_id))

    def list_succeeded_payment_intents(self, *, created_gte: int,
                                       customer_id: str | None = None) -> list[MemberPayment]:
        params: dict[str, Any] = {"created": {"gte": created_gte}}
        if customer_id is not None:
            params["customer"] = customer_id
        found = (self._payment(i, None) for i in self._pages(self._client.v1.payment_intents.list, params=params)
                 if i.get("status") == "succeeded")
        return sorted((p for p in found if p is not None), key=lambda p: (p.created, p.object_id))
