"""Test-only Stripe emulation: localstripe served in-process on 127.0.0.1, plus the Stripe behaviour it lacks.

TEST-ONLY EMULATION. Nothing here is Stripe; it is localstripe (a community re-implementation of part of the
v1 API) with extra routes and middlewares written from Stripe's public documentation. What it adds, and which
parts follow documented Stripe behaviour versus our own choices, is listed in docs/stripe-sync.md.

localstripe normally binds every interface and pickles its store to /tmp/localstripe.pickle after each write.
Here the socket is bound to 127.0.0.1 on a free port, the store's disk save/load are replaced by no-ops for
the server's lifetime, its webhook sender is replaced by an in-memory hook, and everything runs in one
background thread with its own event loop. localstripe keeps its objects in a module-global dict, so only
one FakeStripe may run per process at a time.
"""

from __future__ import annotations

import asyncio
import copy
import fnmatch
import json
import random
import re
import socket
import string
import threading
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from localstripe import resources as ls
from localstripe.errors import UserError

with warnings.catch_warnings():
    # Importing localstripe.server builds its own (unused) app from plain-function handlers, which aiohttp
    # deprecates; we re-register those handlers wrapped (see _as_async), so the warning is noise here.
    warnings.simplefilter("ignore", DeprecationWarning)
    from localstripe import server as ls_server

EVENT_RETENTION_SECONDS = 30 * 24 * 3600  # Stripe lists events "going back up to 30 days"
CHECKOUT_SESSION_LIFETIME_SECONDS = 24 * 3600
TEST_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}
SUBSCRIPTION_STATUSES = ("incomplete", "incomplete_expired", "trialing", "active", "past_due", "unpaid", "canceled",
                         "paused")

# One live instance per process: localstripe's `store` is a module global.
_ACTIVE_LOCK = threading.Lock()
_active: FakeStripe | None = None


class FakeStripeError(RuntimeError):
    """A test helper was asked for something the emulated Stripe refuses (unknown id, wrong state...)."""


@dataclass(frozen=True)
class FaultPlan:
    """Per-request fault probabilities; their sum must stay <= 1. Faults only hit /v1/ API routes.

    rate_limit   -> 429 before the endpoint runs (nothing happens, no idempotent result is saved)
    server_error -> 500 before the endpoint runs (same)
    drop_before  -> the connection is closed without a response and the endpoint never runs
    drop_after   -> the endpoint runs (and its idempotent result is saved), then the connection is closed
                    without a response: the "did my request go through?" case idempotency keys exist for
    """

    rate_limit: float = 0.0
    server_error: float = 0.0
    drop_before: float = 0.0
    drop_after: float = 0.0
    retry_after: int | None = None  # seconds sent as Retry-After on injected 429s; None sends no header
    methods: tuple[str, ...] | None = None  # only requests with these HTTP methods are faulted; None: all

    def __post_init__(self) -> None:
        probabilities = (self.rate_limit, self.server_error, self.drop_before, self.drop_after)
        if any(p < 0 for p in probabilities) or sum(probabilities) > 1.0 + 1e-9:
            raise ValueError(f"fault probabilities must be >= 0 and sum to <= 1, got {probabilities}")


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the emulation saw it; `outcome` says what it did with it."""

    at: float
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    status: int | None  # None when the connection was dropped
    outcome: str  # "ok" | "replayed" | "rate_limit" | "server_error" | "drop_before" | "drop_after" | "route_fault"


@dataclass
class _SavedResponse:
    fingerprint: tuple[str, str, str]
    status: int
    body: bytes
    request_id: str
    saved_at: float


@dataclass(frozen=True)
class RouteFault:
    """Every request to one route answers this way, before auth and the endpoint (see FakeStripe.fail_route).

    What a proxy, a captive portal or a mis-set api_base does to one path: `html` sends a web server's HTML
    page instead of Stripe's JSON; otherwise `error` is the JSON `error` object (None: the shape Stripe gives
    for a URL it does not recognise, which has no `code`)."""

    path: str  # a glob (fnmatch): * matches any characters, "/" included
    method: str | None
    status: int
    html: bool
    error: dict[str, Any] | None


@dataclass
class _FaultState:
    plan: FaultPlan = field(default_factory=FaultPlan)
    rng: random.Random = field(default_factory=lambda: random.Random(0))


class _Exported:
    """Lets localstripe's Event wrap a plain dict (injected or synthetic objects)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def _export(self, expand: Any = None) -> dict[str, Any]:
        return copy.deepcopy(self._data)


class _DroppedConnection(Exception):
    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def _random_id(prefix: str, length: int = 24) -> str:
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(random.choice(alphabet) for _ in range(length))


def _user_error(status: int, message: str, *, code: str | None = None, param: str | None = None,
                type_: str = "invalid_request_error") -> UserError:
    contents: dict[str, Any] = {}
    if code is not None:
        contents["code"] = code
    if param is not None:
        contents["param"] = param
    error = UserError(status, message, contents)
    error.body["error"]["type"] = type_
    return error


def _missing(kind: str, object_id: str, param: str | None = None, status: int = 404) -> UserError:
    return _user_error(status, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def _json(body: Any, status: int = 200) -> web.Response:
    return ls_server.json_response(body, status=status)


def _error_response(status: int, message: str, *, type_: str, code: str | None = None,
                    headers: dict[str, str] | None = None) -> web.Response:
    error: dict[str, Any] = {"type": type_, "message": message}
    if code is not None:
        error["code"] = code
    response = _json({"error": error}, status=status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _to_int(value: Any, param: str) -> int:
    if isinstance(value, bool):
        raise _user_error(400, f"Invalid integer: {value}", param=param)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise _user_error(400, f"Invalid integer: {value}", param=param)


def _to_bool(value: Any, param: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise _user_error(400, f"Invalid boolean: {value}", param=param)


def _as_list(value: Any, param: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [value]
    raise _user_error(400, f"Invalid array for {param}", param=param)


def _created_filter(value: Any) -> Callable[[dict[str, Any]], bool]:
    """Stripe's `created` list filter: an exact timestamp or a dict of gt/gte/lt/lte."""
    if value is None:
        return lambda obj: True
    if not isinstance(value, dict):
        exact = _to_int(value, "created")
        return lambda obj: obj.get("created") == exact
    bounds = {op: _to_int(v, f"created[{op}]") for op, v in value.items()}
    unknown = set(bounds) - {"gt", "gte", "lt", "lte"}
    if unknown:
        raise _user_error(400, f"Received unknown parameter: created[{sorted(unknown)[0]}]", param="created")
    checks = {
        "gt": lambda c, b: c > b, "gte": lambda c, b: c >= b, "lt": lambda c, b: c < b, "lte": lambda c, b: c <= b,
    }
    return lambda obj: all(checks[op](obj.get("created", 0), bound) for op, bound in bounds.items())


def _paginate(newest_first: list[dict[str, Any]], keep: Callable[[dict[str, Any]], bool],
              params: dict[str, Any], url: str, kind: str) -> dict[str, Any]:
    """Stripe list semantics: newest first; cursors are positions in the unfiltered list; limit 1..100."""
    limit = _to_int(params.get("limit", 10), "limit")
    if not 1 <= limit <= 100:
        raise _user_error(400, "Invalid limit: must be between 1 and 100", param="limit")
    starting_after, ending_before = params.get("starting_after"), params.get("ending_before")
    if starting_after and ending_before:
        raise _user_error(400, "You may only specify one of these parameters: ending_before, starting_after.")
    ids = [item["id"] for item in newest_first]
    if starting_after:
        if starting_after not in ids:
            raise _missing(kind, starting_after, param="starting_after", status=400)
        matching = [item for item in newest_first[ids.index(starting_after) + 1:] if keep(item)]
        page, has_more = matching[:limit], len(matching) > limit
    elif ending_before:
        if ending_before not in ids:
            raise _missing(kind, ending_before, param="ending_before", status=400)
        matching = [item for item in newest_first[:ids.index(ending_before)] if keep(item)]
        page, has_more = matching[-limit:], len(matching) > limit
    else:
        matching = [item for item in newest_first if keep(item)]
        page, has_more = matching[:limit], len(matching) > limit
    return {"object": "list", "url": url, "data": page, "has_more": has_more}


def _newest_first(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort by created descending; among equal timestamps the later-inserted item comes first."""
    indexed = list(enumerate(items))
    indexed.sort(key=lambda pair: (pair[1].get("created", 0), pair[0]), reverse=True)
    return [item for _, item in indexed]


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}


# Per-request scratch space: the parsed parameters (read once, logged, fingerprinted) and what we did.
_PARAMS = web.RequestKey("fake_params", dict)
_OUTCOME = web.RequestKey("fake_outcome", str)


def _as_async(handler: Callable[[web.Request], Any]) -> Callable[[web.Request], Any]:
    """aiohttp deprecates plain-function handlers, and some of localstripe's are."""
    if asyncio.iscoroutinefunction(handler):
        return handler

    async def call(request: web.Request) -> Any:
        return handler(request)
    return call


_SEARCH_CLAUSE = re.compile(r"""(?:metadata\[['"](?P<key>[^'"]+)['"]\]|(?P<field>email|name|phone))"""
                            r"""\s*:\s*['"](?P<value>[^'"]*)['"]""")


class FakeStripe:
    """A running emulation of the parts of Stripe the kiosk uses. See the module docstring: test-only.

    Use as `with FakeStripe() as fake:` or start()/stop(); tests normally take the `fake_stripe` fixture.
    """

    def __init__(self, *, seed: int = 0, api_key: str = "sk_test_kiosk_fake", search_lag_seconds: float = 0.0,
                 latency_seconds: float = 0.0) -> None:
        if latency_seconds < 0:
            raise ValueError("latency_seconds must not be negative")
        self.api_key = api_key
        self.url = ""
        self.search_lag_seconds = search_lag_seconds
        # Every /v1/ request is answered this long after it arrived (a round trip to Stripe's servers): the
        # request is applied and logged on arrival, the answer waits, and other requests are served meanwhile.
        self.latency_seconds = latency_seconds
        self._in_flight = 0
        self.max_in_flight = 0  # the most /v1/ requests open at once (received, not yet answered)
        self._seed = seed
        self._lock = threading.Lock()  # guards logs and fault config read by the server thread
        self._faults = _FaultState(rng=random.Random(seed))
        self._route_faults: list[RouteFault] = []
        self._log: list[LoggedRequest] = []
        self._served_per_second: Counter[int] = Counter()
        self._started_monotonic = 0.0
        self._internal_errors: list[str] = []
        self._idempotency: dict[str, _SavedResponse] = {}
        self._in_flight_keys: set[str] = set()
        self._balance_transactions: dict[str, list[dict[str, Any]]] = {}
        self._balance_currency: dict[str, str] = {}
        self._prices: dict[str, dict[str, Any]] = {}
        self._lookup_keys: dict[str, str] = {}
        self._sessions: dict[str, dict[str, Any]] = {}
        self._synthetic: dict[str, dict[str, dict[str, Any]]] = {"payment_intent": {}, "invoice": {}}
        self._search_visible_at: dict[str, float] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._saved_schedule_webhook: Any = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeStripe:
        global _active
        with _ACTIVE_LOCK:
            if _active is not None:
                raise RuntimeError("a FakeStripe is already running in this process (localstripe's store is global)")
            _active = self
        try:
            self._patch_localstripe()
            self._loop = asyncio.new_event_loop()
            ready = threading.Event()
            failure: list[BaseException] = []
            self._thread = threading.Thread(target=self._serve, args=(ready, failure), name="fake-stripe", daemon=True)
            self._thread.start()
            if not ready.wait(timeout=10):
                raise RuntimeError("fake Stripe did not start within 10 s")
            if failure:
                raise RuntimeError("fake Stripe failed to start") from failure[0]
            self._started_monotonic = time.monotonic()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        global _active
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
        self._loop = None
        self._thread = None
        self._unpatch_localstripe()
        with _ACTIVE_LOCK:
            if _active is self:
                _active = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _patch_localstripe(self) -> None:
        # Store.__setitem__/__delitem__ call self.dump_to_disk(); instance attributes shadow the methods, so
        # nothing is pickled to /tmp and nothing stale is loaded from there.
        ls.store.clear()
        ls.store.dump_to_disk = lambda: None  # type: ignore[method-assign]
        ls.store.try_load_from_disk = lambda: None  # type: ignore[method-assign]
        # Every localstripe Event passes through schedule_webhook(); we take it over to add invoice.paid
        # and to avoid its one-second-sleeping webhook tasks.
        self._saved_schedule_webhook = ls.schedule_webhook
        ls.schedule_webhook = self._on_localstripe_event

    def _unpatch_localstripe(self) -> None:
        if self._saved_schedule_webhook is not None:
            ls.schedule_webhook = self._saved_schedule_webhook
            self._saved_schedule_webhook = None
        ls.store.clear()
        for name in ("dump_to_disk", "try_load_from_disk"):
            ls.store.__dict__.pop(name, None)

    def _serve(self, ready: threading.Event, failure: list[BaseException]) -> None:
        assert self._loop is not None
        loop = self._loop
        asyncio.set_event_loop(loop)
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            self._runner = web.AppRunner(self._build_app(), access_log=None, shutdown_timeout=0.5)
            loop.run_until_complete(self._runner.setup())
            loop.run_until_complete(web.SockSite(self._runner, sock).start())
        except BaseException as exc:  # reported to start() in the calling thread
            failure.append(exc)
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._runner.cleanup())
            pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[
            self._observe_middleware,
            self._fault_middleware,
            self._auth_middleware,
            self._idempotency_middleware,
            ls_server.error_middleware,
            self._missing_object_middleware,
        ])
        ours: list[tuple[str, str, Callable[..., Any]]] = [
            ("GET", "/v1/customers/search", self._search_customers),
            ("POST", "/v1/customers", self._create_customer),
            ("GET", "/v1/customers/{id}", self._retrieve_customer),
            ("POST", "/v1/customers/{id}", self._update_customer),
            ("POST", "/v1/customers/{id}/balance_transactions", self._create_balance_transaction),
            ("GET", "/v1/customers/{id}/balance_transactions", self._list_balance_transactions),
            ("GET", "/v1/customers/{id}/balance_transactions/{txn}", self._retrieve_balance_transaction),
            ("POST", "/v1/customers/{id}/balance_transactions/{txn}", self._update_balance_transaction),
            ("POST", "/v1/prices", self._create_price),
            ("GET", "/v1/prices", self._list_prices),
            ("GET", "/v1/prices/{id}", self._retrieve_price),
            ("POST", "/v1/prices/{id}", self._update_price),
            ("POST", "/v1/checkout/sessions", self._create_checkout_session),
            ("GET", "/v1/checkout/sessions", self._list_checkout_sessions),
            ("GET", "/v1/checkout/sessions/{id}", self._retrieve_checkout_session),
            ("POST", "/v1/checkout/sessions/{id}/expire", self._expire_checkout_session),
            ("GET", "/v1/events", self._list_events),
            ("GET", "/v1/events/{id}", self._retrieve_event),
            ("GET", "/v1/invoices", self._list_invoices),
            ("GET", "/v1/payment_intents", self._list_payment_intents),
            ("GET", "/c/pay/{id}", self._checkout_page),
        ]
        overridden = {(method, path) for method, path, _ in ours}
        # Ours first: aiohttp matches in registration order, so /v1/customers/search beats /v1/customers/{id}.
        for method, path, handler in ours:
            app.router.add_route(method, path, handler)
        for route in ls_server.app.router.routes():
            canonical = route.resource.canonical if route.resource is not None else None
            if canonical is None or (route.method, canonical) in overridden or route.method == "HEAD":
                continue
            if not canonical.startswith("/v1/"):
                continue  # localstripe's JS shim and /_config routes are not needed
            app.router.add_route(route.method, canonical, _as_async(route.handler))
        return app

    # ------------------------------------------------------------------ test controls

    def set_faults(self, *, rate_limit: float = 0.0, server_error: float = 0.0, drop_before: float = 0.0,
                   drop_after: float = 0.0, retry_after: int | None = None, methods: Iterable[str] | None = None,
                   seed: int | None = None) -> None:
        """Inject faults with these per-request probabilities from now on (a seeded RNG makes runs repeatable).
        See FaultPlan for what each fault does; `methods` limits faults to e.g. ("POST",)."""
        plan = FaultPlan(rate_limit=rate_limit, server_error=server_error, drop_before=drop_before,
                         drop_after=drop_after, retry_after=retry_after,
                         methods=None if methods is None else tuple(m.upper() for m in methods))
        with self._lock:
            self._faults = _FaultState(plan=plan, rng=random.Random(self._seed if seed is None else seed))

    def clear_faults(self) -> None:
        """No more random faults and no more failing routes."""
        self.set_faults()
        with self._lock:
            self._route_faults = []

    def fail_route(self, path: str, *, method: str | None = None, status: int = 404, html: bool = False,
                   error: dict[str, Any] | None = None) -> None:
        """Make every request to `path` (a glob: "/v1/customers/search", "/v1/customers/*/balance_transactions")
        fail with `status` from now on, until clear_faults().

        Default: a 404 shaped like Stripe's answer to an unknown URL (no error code), as a proxy that blocks a
        path or a wrong api_base gives. html=True sends an HTML page instead; `error` sends that JSON error
        object (e.g. a Stripe-shaped 400 with a code) to imitate Stripe refusing every row alike."""
        fault = RouteFault(path=path, method=None if method is None else method.upper(), status=status, html=html,
                           error=error)
        with self._lock:
            self._route_faults.append(fault)

    def forget_idempotency_keys(self, *, older_than_seconds: float | None = None) -> int:
        """Drop saved idempotent results (Stripe may prune keys once they are 24 h old); returns how many."""
        def forget() -> int:
            now = time.time()
            doomed = [key for key, saved in self._idempotency.items()
                      if older_than_seconds is None or now - saved.saved_at >= older_than_seconds]
            for key in doomed:
                del self._idempotency[key]
            return len(doomed)
        return self._on_loop(forget)

    def advance_clock(self, seconds: int) -> None:
        """Age everything stored by `seconds` (created times, saved keys), as if that much time had passed."""
        def age() -> None:
            for obj in ls.store.values():
                if hasattr(obj, "created") and isinstance(obj.created, int):
                    obj.created -= seconds
                if isinstance(obj, ls.Event) and isinstance(obj.data.get("object"), dict):
                    obj.data["object"]["created"] = obj.data["object"].get("created", obj.created) - seconds
            for collection in (*self._balance_transactions.values(),):
                for txn in collection:
                    txn["created"] -= seconds
            for mapping in (self._prices, self._sessions, *self._synthetic.values()):
                for obj in mapping.values():
                    obj["created"] -= seconds
            for saved in self._idempotency.values():
                saved.saved_at -= seconds
            for customer_id in self._search_visible_at:
                self._search_visible_at[customer_id] -= seconds
        self._on_loop(age)

    def complete_checkout(self, session_id: str, *, card_number: str = TEST_CARD["number"]) -> str:
        """Act as the member who scanned the QR and paid: attach a card, start the subscription, close the
        session. Returns the new subscription id. A declining test card leaves the subscription incomplete."""
        return self._on_loop(self._complete_checkout, session_id, card_number)

    def set_subscription_status(self, subscription_id: str, status: str) -> None:
        """Move a subscription to `status` (e.g. past_due after a failed renewal) and emit the update event."""
        if status not in SUBSCRIPTION_STATUSES:
            raise ValueError(f"unknown subscription status {status!r}")

        def change() -> None:
            subscription = self._get(ls.Subscription, subscription_id)
            subscription.status = status
            if status == "canceled":
                subscription.ended_at = int(time.time())
            ls.Event("customer.subscription.updated", subscription)
        self._on_loop(change)

    def inject_event(self, event_type: str, *, customer_id: str | None, amount: int, currency: str = "thb",
                     created: int | None = None, subscription_id: str | None = None,
                     metadata: dict[str, str] | None = None, apply_customer_balance: bool = True) -> str:
        """Record a payment made outside the kiosk (online shop, renewal...) as Stripe would: the object
        (visible in GET /v1/payment_intents or /v1/invoices) and its event. Returns the event id.

        An invoice uses up the customer's balance first, as Stripe does when it finalizes an invoice: credit
        (a negative balance) lowers `amount_paid`, a debt raises it, an `applied_to_invoice` balance
        transaction records the move, and `starting_balance` / `ending_balance` show it on the invoice.
        `amount` is the invoice total before the balance; pass apply_customer_balance=False to skip that."""
        if event_type not in ("payment_intent.succeeded", "invoice.paid"):
            raise ValueError("inject_event supports payment_intent.succeeded and invoice.paid")

        def inject() -> str:
            when = int(time.time()) if created is None else created
            if customer_id is not None:
                self._get(ls.Customer, customer_id)
            if event_type == "payment_intent.succeeded":
                obj = {
                    "id": _random_id("pi_"), "object": "payment_intent", "amount": amount, "amount_received": amount,
                    "currency": currency, "customer": customer_id, "status": "succeeded", "created": when,
                    "metadata": dict(metadata or {}), "invoice": None, "livemode": False,
                }
            else:
                invoice_id = _random_id("in_")
                starting = ending = 0
                if customer_id is not None:
                    customer = self._get(ls.Customer, customer_id)
                    starting = ending = getattr(customer, "balance", 0)
                    held_currency = self._balance_currency.get(customer_id)
                    if apply_customer_balance and starting and held_currency in (None, currency):
                        # Credit covers at most the whole invoice; a debt is added to it in full.
                        applied = min(-starting, amount) if starting < 0 else -starting
                        txn = self._add_balance_transaction(customer, applied, currency, None, {},
                                                            "applied_to_invoice")
                        txn["invoice"] = invoice_id
                        ending = customer.balance
                charged = amount - (ending - starting)
                obj = {
                    "id": invoice_id, "object": "invoice", "customer": customer_id, "status": "paid",
                    "starting_balance": starting, "ending_balance": ending,
                    "amount_due": charged, "amount_paid": charged, "total": amount, "currency": currency,
                    "subscription": subscription_id, "created": when, "metadata": dict(metadata or {}),
                    "parent": ({"type": "subscription_details",
                                "subscription_details": {"subscription": subscription_id}}
                               if subscription_id else None),
                    "status_transitions": {"paid_at": when}, "livemode": False,
                }
            self._synthetic[obj["object"]][obj["id"]] = obj
            event = ls.Event(event_type, _Exported(obj))
            event.created = when
            return event.id
        return self._on_loop(inject)

    # ------------------------------------------------------------------ inspection

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def clear_request_log(self) -> None:
        with self._lock:
            self._log.clear()
            self._served_per_second.clear()
            self._started_monotonic = time.monotonic()

    def requests_per_second(self) -> list[int]:
        """Responses completed in each whole second since start (or the last clear_request_log)."""
        with self._lock:
            if not self._served_per_second:
                return []
            last = max(self._served_per_second)
            return [self._served_per_second.get(second, 0) for second in range(last + 1)]

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of bugs in the emulation itself (served to the client as 500 api_error)."""
        with self._lock:
            return list(self._internal_errors)

    def customers(self) -> list[dict[str, Any]]:
        return self._on_loop(lambda: [self._export_customer(obj) for key, obj in list(ls.store.items())
                                      if key.startswith("customer:")])

    def customer(self, customer_id: str) -> dict[str, Any]:
        return self._on_loop(lambda: self._export_customer(self._get(ls.Customer, customer_id)))

    def balance_transactions(self, customer_id: str) -> list[dict[str, Any]]:
        """The customer's balance transactions, oldest first."""
        return self._on_loop(lambda: [_public(t) for t in self._balance_transactions.get(customer_id, [])])

    def find_balance_transactions(self, *, metadata_key: str, value: str) -> list[dict[str, Any]]:
        """Every customer balance transaction whose metadata[metadata_key] == value, across customers."""
        return self._on_loop(lambda: [_public(t) for txns in self._balance_transactions.values() for t in txns
                                      if t["metadata"].get(metadata_key) == value])

    def subscriptions(self, customer_id: str | None = None) -> list[dict[str, Any]]:
        return self._on_loop(lambda: [obj._export() for key, obj in list(ls.store.items())
                                      if key.startswith("subscription:")
                                      and (customer_id is None or obj.customer == customer_id)])

    def prices(self) -> list[dict[str, Any]]:
        return self._on_loop(lambda: [_public(p) for p in self._prices.values()])

    def checkout_sessions(self) -> list[dict[str, Any]]:
        return self._on_loop(lambda: [_public(s) for s in self._sessions.values()])

    def events(self) -> list[dict[str, Any]]:
        """All events ever recorded (ignoring the 30-day listing window), newest first."""
        return self._on_loop(lambda: _newest_first(self._all_events()))

    def idempotency_keys(self) -> list[str]:
        return self._on_loop(lambda: list(self._idempotency))

    # ------------------------------------------------------------------ plumbing

    def _on_loop(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn` on the server's loop so test helpers never race request handlers."""
        if self._loop is None:
            raise RuntimeError("FakeStripe is not running")

        async def call() -> Any:
            return fn(*args)
        try:
            return asyncio.run_coroutine_threadsafe(call(), self._loop).result(timeout=10)
        except UserError as exc:
            raise FakeStripeError(json.dumps(exc.body)) from None

    @staticmethod
    def _get(cls: Any, object_id: str) -> Any:
        obj = ls.store.get(f"{cls.object}:{object_id}")
        if obj is None:
            raise _missing(cls.object, object_id)
        return obj

    def _on_localstripe_event(self, event: Any) -> None:
        # Stripe sends invoice.paid alongside invoice.payment_succeeded; localstripe only the latter.
        if event.type == "invoice.payment_succeeded":
            ls.Event("invoice.paid", _Exported(event.data["object"]))

    def _all_events(self) -> list[dict[str, Any]]:
        return [obj._export() for key, obj in list(ls.store.items()) if key.startswith("event:")]

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if _PARAMS not in request:
            if request.method == "POST":
                data = await ls_server.get_post_data(request, remove_auth=False) or {}
            else:
                data = ls_server.unflatten_data(request.query) or {}
            request[_PARAMS] = dict(data)
        params = copy.deepcopy(request[_PARAMS])
        params.pop("expand", None)
        return params

    def _record(self, request: web.Request, status: int | None, outcome: str) -> None:
        entry = LoggedRequest(
            at=time.time(), method=request.method, path=request.path,
            params=copy.deepcopy(request.get(_PARAMS, {})),
            idempotency_key=request.headers.get("Idempotency-Key"), status=status, outcome=outcome,
        )
        with self._lock:
            self._log.append(entry)
            self._served_per_second[int(time.monotonic() - self._started_monotonic)] += 1

    # ------------------------------------------------------------------ middlewares

    @web.middleware
    async def _observe_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith("/v1/"):
            return await self._observe(request, handler)
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            return await self._observe(request, handler)
        finally:
            with self._lock:
                self._in_flight -= 1

    async def _observe(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            await self._params(request)
            response = await handler(request)
        except _DroppedConnection as dropped:
            self._record(request, None, dropped.outcome)
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=499)  # never reaches the client: the transport is gone
        except web.HTTPException as exc:  # no route matched, or wrong method
            response = _error_response(exc.status, f"Unrecognized request URL ({request.method}: {request.path}).",
                                       type_="invalid_request_error")
        except ConnectionResetError:  # aiohttp raises its ClientConnectionResetError subclass
            # The client vanished mid-request (a test SIGKILLs a syncing process): not a bug in the fake.
            self._record(request, None, "client_gone")
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=499)
        except Exception:
            with self._lock:
                self._internal_errors.append(traceback.format_exc())
            response = _error_response(500, "Fake Stripe hit a bug; see FakeStripe.internal_errors.", type_="api_error")
        response.headers.setdefault("Request-Id", _random_id("req_", 14))
        self._record(request, response.status, request.get(_OUTCOME, "ok"))
        if self.latency_seconds and request.path.startswith("/v1/"):
            await asyncio.sleep(self.latency_seconds)
        return response

    @web.middleware
    async def _fault_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith("/v1/"):
            return await handler(request)
        with self._lock:
            route = next((f for f in self._route_faults if fnmatch.fnmatchcase(request.path, f.path)
                          and (f.method is None or f.method == request.method)), None)
        if route is not None:
            request[_OUTCOME] = "route_fault"
            if route.html:
                return web.Response(status=route.status, content_type="text/html",
                                    text=f"<html><head><title>{route.status}</title></head><body><center><h1>"
                                         f"{route.status}</h1></center><hr><center>nginx</center></body></html>")
            if route.error is not None:
                return _json({"error": route.error}, status=route.status)
            return _error_response(route.status, f"Unrecognized request URL ({request.method}: {request.path}). "
                                                 "Please see https://stripe.com/docs.", type_="invalid_request_error")
        with self._lock:
            plan = self._faults.plan
            applies = plan.methods is None or request.method in plan.methods
            draw = self._faults.rng.random() if applies else 1.0
        if not applies:
            return await handler(request)
        threshold = 0.0
        fault = None
        for name in ("rate_limit", "server_error", "drop_before", "drop_after"):
            threshold += getattr(plan, name)
            if draw < threshold:
                fault = name
                break
        if fault == "rate_limit":
            request[_OUTCOME] = "rate_limit"
            headers = {"Retry-After": str(plan.retry_after)} if plan.retry_after is not None else {}
            return _error_response(429, "Request rate limit exceeded. (fake Stripe fault injection)",
                                   type_="invalid_request_error", code="rate_limit", headers=headers)
        if fault == "server_error":
            request[_OUTCOME] = "server_error"
            return _error_response(500, "An unknown error occurred. (fake Stripe fault injection)", type_="api_error")
        if fault == "drop_before":
            raise _DroppedConnection("drop_before")
        response = await handler(request)
        if fault == "drop_after":
            raise _DroppedConnection("drop_after")
        return response

    @web.middleware
    async def _auth_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/v1/"):
            header = request.headers.get("Authorization", "")
            if header != f"Bearer {self.api_key}":
                return _error_response(401, "Invalid API Key provided.", type_="invalid_request_error")
        return await handler(request)

    @web.middleware
    async def _missing_object_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        # Stripe's 404 for an object that does not exist says code resource_missing; localstripe's own handlers
        # send a bare "Not Found". Clients tell a missing object (this request's problem) from a missing
        # endpoint (everybody's) by that code, so it must be there.
        try:
            return await handler(request)
        except UserError as error:
            if error.code == 404 and "code" not in error.body.get("error", {}):
                error.body["error"]["code"] = "resource_missing"
            raise

    @web.middleware
    async def _idempotency_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key or not request.path.startswith("/v1/"):
            return await handler(request)
        params = json.dumps(request.get(_PARAMS, {}), sort_keys=True)
        fingerprint = (request.method, request.path, params)
        saved = self._idempotency.get(key)
        if saved is not None:
            if saved.fingerprint != fingerprint:
                return _error_response(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                    f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                    type_="idempotency_error")
            request[_OUTCOME] = "replayed"
            response = web.Response(body=saved.body, status=saved.status, content_type="application/json")
            response.headers["Idempotent-Replayed"] = "true"
            response.headers["Original-Request"] = saved.request_id
            return response
        if key in self._in_flight_keys:
            return _error_response(
                409, "There is currently another in-progress request using this Idempotent Key. Try again later.",
                type_="idempotency_error")
        self._in_flight_keys.add(key)
        try:
            response = await handler(request)
        finally:
            self._in_flight_keys.discard(key)
        request_id = _random_id("req_", 14)
        response.headers["Request-Id"] = request_id
        if response.status not in (401, 409, 429) and isinstance(response, web.Response):
            body = response.body if isinstance(response.body, bytes) else b""
            self._idempotency[key] = _SavedResponse(fingerprint, response.status, body, request_id, time.time())
        return response

    # ------------------------------------------------------------------ customers

    async def _create_customer(self, request: web.Request) -> web.Response:
        data = await self._params(request)
        balance = _to_int(data.pop("balance", 0), "balance")
        customer = ls.Customer._api_create(**data)
        customer.balance = balance
        self._search_visible_at[customer.id] = time.time() + self.search_lag_seconds
        return _json(self._export_customer(customer))

    def _export_customer(self, customer: Any) -> dict[str, Any]:
        # localstripe reports a fixed 'eur' currency and the pre-2019 account_balance; Stripe has `balance`
        # and a currency that is null until the first balance transaction, invoice or subscription sets it.
        exported = customer._export()
        exported["balance"] = getattr(customer, "balance", 0)
        exported["currency"] = self._balance_currency.get(customer.id)
        exported.pop("account_balance", None)
        return exported

    async def _retrieve_customer(self, request: web.Request) -> web.Response:
        return _json(self._export_customer(self._get(ls.Customer, request.match_info["id"])))

    async def _update_customer(self, request: web.Request) -> web.Response:
        customer_id = request.match_info["id"]
        customer = self._get(ls.Customer, customer_id)
        data = await self._params(request)
        new_balance = data.pop("balance", None)
        if data:
            ls.Customer._api_update(customer_id, **data)
        # Stripe: an empty string unsets a field, and unsets a metadata key.
        for name in ("name", "email", "phone", "description"):
            if getattr(customer, name, None) == "":
                setattr(customer, name, None)
        customer.metadata = {k: v for k, v in (customer.metadata or {}).items() if v != ""}
        if new_balance is not None:
            delta = _to_int(new_balance, "balance") - getattr(customer, "balance", 0)
            if delta:
                currency = self._balance_currency.get(customer_id, "usd")
                self._add_balance_transaction(customer, delta, currency, None, {}, "adjustment")
        return _json(self._export_customer(customer))

    async def _search_customers(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        query = params.get("query")
        if not isinstance(query, str) or not query.strip():
            raise _user_error(400, "Missing required param: query.", code="parameter_missing", param="query")
        clauses = []
        for text in re.split(r"\s+AND\s+", query.strip()):
            match = _SEARCH_CLAUSE.fullmatch(text.strip())
            if match is None:
                raise _user_error(400, f"The emulated search understands only AND-joined exact clauses such as "
                                       f"metadata['member_id']:'M1' or email:'a@b.c'; got {text!r}.", param="query")
            clauses.append((match["key"], match["field"], match["value"]))
        limit = _to_int(params.get("limit", 10), "limit")
        offset = _to_int(params.get("page") or 0, "page")
        now = time.time()

        def matches(customer: Any) -> bool:
            if self._search_visible_at.get(customer.id, 0) > now:
                return False  # not indexed yet: Stripe search is eventually consistent
            for key, field_name, value in clauses:
                actual = (customer.metadata or {}).get(key) if key is not None else getattr(customer, field_name)
                if actual != value:
                    return False
            return True

        found = _newest_first(self._export_customer(c) for key, c in list(ls.store.items())
                              if key.startswith("customer:") and matches(c))
        page = found[offset:offset + limit]
        has_more = offset + limit < len(found)
        return _json({"object": "search_result", "url": "/v1/customers/search", "data": page,
                      "has_more": has_more, "next_page": str(offset + limit) if has_more else None})

    # ------------------------------------------------------------------ customer balance transactions

    def _add_balance_transaction(self, customer: Any, amount: int, currency: str, description: str | None,
                                 metadata: dict[str, str], txn_type: str) -> dict[str, Any]:
        ending = getattr(customer, "balance", 0) + amount
        txn = {
            "id": _random_id("cbtxn_"), "object": "customer_balance_transaction", "amount": amount,
            "created": int(time.time()), "credit_note": None, "currency": currency, "customer": customer.id,
            "description": description, "ending_balance": ending, "invoice": None, "livemode": False,
            "metadata": dict(metadata), "type": txn_type,
        }
        customer.balance = ending
        self._balance_currency.setdefault(customer.id, currency)
        self._balance_transactions.setdefault(customer.id, []).append(txn)
        return txn

    async def _create_balance_transaction(self, request: web.Request) -> web.Response:
        customer = self._get(ls.Customer, request.match_info["id"])
        data = await self._params(request)
        unknown = set(data) - {"amount", "currency", "description", "metadata"}
        if unknown:
            raise _user_error(400, f"Received unknown parameter: {sorted(unknown)[0]}", param=sorted(unknown)[0])
        if "amount" not in data:
            raise _user_error(400, "Missing required param: amount.", code="parameter_missing", param="amount")
        if "currency" not in data:
            raise _user_error(400, "Missing required param: currency.", code="parameter_missing", param="currency")
        amount = _to_int(data["amount"], "amount")
        currency = str(data["currency"]).lower()
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise _user_error(400, f"Invalid currency: {currency}.", param="currency")
        existing = self._balance_currency.get(customer.id)
        if existing is not None and existing != currency:
            raise _user_error(400, f"The customer's balance is in {existing}; cannot apply a {currency} transaction.",
                              param="currency")
        metadata = data.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise _user_error(400, "Invalid object", param="metadata")
        txn = self._add_balance_transaction(customer, amount, currency, data.get("description"), metadata,
                                            "adjustment")
        return _json(_public(txn))

    async def _list_balance_transactions(self, request: web.Request) -> web.Response:
        customer = self._get(ls.Customer, request.match_info["id"])
        params = await self._params(request)
        created = _created_filter(params.get("created"))
        txns = _newest_first(_public(t) for t in self._balance_transactions.get(customer.id, []))
        url = f"/v1/customers/{customer.id}/balance_transactions"
        return _json(_paginate(txns, created, params, url, "customer balance transaction"))

    def _find_balance_transaction(self, customer_id: str, txn_id: str) -> dict[str, Any]:
        self._get(ls.Customer, customer_id)
        for txn in self._balance_transactions.get(customer_id, []):
            if txn["id"] == txn_id:
                return txn
        raise _missing("customer balance transaction", txn_id)

    async def _retrieve_balance_transaction(self, request: web.Request) -> web.Response:
        txn = self._find_balance_transaction(request.match_info["id"], request.match_info["txn"])
        return _json(_public(txn))

    async def _update_balance_transaction(self, request: web.Request) -> web.Response:
        txn = self._find_balance_transaction(request.match_info["id"], request.match_info["txn"])
        data = await self._params(request)
        if set(data) - {"description", "metadata"}:
            raise _user_error(400, "Only description and metadata can be updated.")
        if "description" in data:
            txn["description"] = data["description"] or None
        for key, value in (data.get("metadata") or {}).items():
            if value == "":
                txn["metadata"].pop(key, None)
            else:
                txn["metadata"][key] = value
        return _json(_public(txn))

    # ------------------------------------------------------------------ prices (backed by localstripe plans)

    def _price(self, price_id: str, param: str | None = None) -> dict[str, Any]:
        price = self._prices.get(price_id)
        if price is None:
            raise _missing("price", price_id, param=param)
        return price

    def _claim_lookup_key(self, price: dict[str, Any], lookup_key: str, transfer: bool) -> None:
        holder = self._lookup_keys.get(lookup_key)
        if holder is not None and holder != price["id"]:
            if not transfer:
                raise _user_error(400, f"A price ({holder}) already uses that lookup key.", param="lookup_key")
            self._prices[holder]["lookup_key"] = None
        self._lookup_keys[lookup_key] = price["id"]
        price["lookup_key"] = lookup_key

    async def _create_price(self, request: web.Request) -> web.Response:
        data = await self._params(request)
        allowed = {"currency", "unit_amount", "product", "product_data", "recurring", "lookup_key",
                   "transfer_lookup_key", "metadata", "nickname", "active"}
        unknown = set(data) - allowed
        if unknown:
            raise _user_error(400, f"Received unknown parameter: {sorted(unknown)[0]}", param=sorted(unknown)[0])
        currency = str(data.get("currency") or "").lower()
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise _user_error(400, "Missing required param: currency.", code="parameter_missing", param="currency")
        unit_amount = _to_int(data.get("unit_amount"), "unit_amount")
        if unit_amount < 0:
            raise _user_error(400, "unit_amount must be >= 0", param="unit_amount")
        if "product" in data:
            product_id = self._get(ls.Product, data["product"]).id
        elif isinstance(data.get("product_data"), dict) and data["product_data"].get("name"):
            product_id = ls.Product(name=data["product_data"]["name"]).id
        else:
            raise _user_error(400, "Missing required param: product.", code="parameter_missing", param="product")
        recurring = data.get("recurring")
        price_id = _random_id("price_")
        if recurring is not None:
            if not isinstance(recurring, dict) or recurring.get("interval") not in ("day", "week", "month", "year"):
                raise _user_error(400, "Invalid recurring[interval]", param="recurring")
            recurring = {"interval": recurring["interval"],
                         "interval_count": _to_int(recurring.get("interval_count", 1), "recurring[interval_count]"),
                         "usage_type": "licensed"}
            # Subscriptions in localstripe take plans; Stripe accepts a price id wherever a plan id goes.
            ls.Plan(id=price_id, amount=unit_amount, currency=currency, interval=recurring["interval"],
                    interval_count=recurring["interval_count"], product=product_id,
                    nickname=data.get("nickname"))
        price = {
            "id": price_id, "object": "price", "active": _to_bool(data.get("active", True), "active"),
            "billing_scheme": "per_unit", "created": int(time.time()), "currency": currency, "livemode": False,
            "lookup_key": None, "metadata": dict(data.get("metadata") or {}), "nickname": data.get("nickname"),
            "product": product_id, "recurring": recurring, "tax_behavior": "unspecified",
            "type": "recurring" if recurring else "one_time", "unit_amount": unit_amount,
            "unit_amount_decimal": str(unit_amount),
        }
        if data.get("lookup_key"):
            transfer = _to_bool(data.get("transfer_lookup_key", False), "transfer_lookup_key")
            self._claim_lookup_key(price, str(data["lookup_key"]), transfer)
        self._prices[price_id] = price
        return _json(_public(price))

    async def _retrieve_price(self, request: web.Request) -> web.Response:
        return _json(_public(self._price(request.match_info["id"])))

    async def _update_price(self, request: web.Request) -> web.Response:
        price = self._price(request.match_info["id"])
        data = await self._params(request)
        unknown = set(data) - {"active", "metadata", "nickname", "lookup_key", "transfer_lookup_key"}
        if unknown:
            raise _user_error(400, f"Received unknown parameter: {sorted(unknown)[0]}", param=sorted(unknown)[0])
        if "active" in data:
            price["active"] = _to_bool(data["active"], "active")
            plan = ls.store.get(f"plan:{price['id']}")
            if plan is not None:
                plan.active = price["active"]
        if "nickname" in data:
            price["nickname"] = data["nickname"] or None
        for key, value in (data.get("metadata") or {}).items():
            if value == "":
                price["metadata"].pop(key, None)
            else:
                price["metadata"][key] = value
        if "lookup_key" in data:
            transfer = _to_bool(data.get("transfer_lookup_key", False), "transfer_lookup_key")
            if data["lookup_key"]:
                self._claim_lookup_key(price, str(data["lookup_key"]), transfer)
            elif price["lookup_key"]:
                self._lookup_keys.pop(price["lookup_key"], None)
                price["lookup_key"] = None
        return _json(_public(price))

    async def _list_prices(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        lookup_keys = set(_as_list(params.get("lookup_keys"), "lookup_keys"))
        active = _to_bool(params["active"], "active") if "active" in params else None
        created = _created_filter(params.get("created"))

        def keep(price: dict[str, Any]) -> bool:
            return ((not lookup_keys or price["lookup_key"] in lookup_keys)
                    and (active is None or price["active"] == active)
                    and (params.get("product") is None or price["product"] == params["product"])
                    and (params.get("currency") is None or price["currency"] == params["currency"])
                    and (params.get("type") is None or price["type"] == params["type"])
                    and created(price))
        prices = _newest_first(_public(p) for p in self._prices.values())
        return _json(_paginate(prices, keep, params, "/v1/prices", "price"))

    # ------------------------------------------------------------------ checkout sessions (subscription mode)

    async def _create_checkout_session(self, request: web.Request) -> web.Response:
        data = await self._params(request)
        allowed = {"mode", "customer", "line_items", "success_url", "cancel_url", "client_reference_id",
                   "metadata", "subscription_data", "locale", "allow_promotion_codes"}
        unknown = set(data) - allowed
        if unknown:
            raise _user_error(400, f"Received unknown parameter: {sorted(unknown)[0]}", param=sorted(unknown)[0])
        if data.get("mode") != "subscription":
            raise _user_error(400, "The fake Stripe emulates Checkout only in mode=subscription.", param="mode")
        customer_id = data.get("customer")
        if customer_id is not None:
            self._get(ls.Customer, customer_id)
        line_items = data.get("line_items")
        if not isinstance(line_items, list) or not line_items:
            raise _user_error(400, "Missing required param: line_items.", code="parameter_missing",
                              param="line_items")
        items = []
        for index, item in enumerate(line_items):
            price = self._price(str(item.get("price")), param=f"line_items[{index}][price]")
            if price["type"] != "recurring" or not price["active"]:
                raise _user_error(400, "Subscription mode needs active recurring prices.",
                                  param=f"line_items[{index}][price]")
            items.append({"price": price["id"], "quantity": _to_int(item.get("quantity", 1), "quantity")})
        if len(items) != 1:
            raise _user_error(400, "The fake Stripe supports one line item per subscription.", param="line_items")
        now = int(time.time())
        session_id = _random_id("cs_test_", 40)
        subscription_data = data.get("subscription_data") or {}
        session = {
            "id": session_id, "object": "checkout.session", "mode": "subscription", "status": "open",
            "payment_status": "unpaid", "customer": customer_id, "client_reference_id": data.get("client_reference_id"),
            "metadata": dict(data.get("metadata") or {}), "success_url": data.get("success_url"),
            "cancel_url": data.get("cancel_url"), "subscription": None, "url": f"{self.url}/c/pay/{session_id}",
            "created": now, "expires_at": now + CHECKOUT_SESSION_LIFETIME_SECONDS, "livemode": False,
            "currency": self._prices[items[0]["price"]]["currency"],
            "amount_total": self._prices[items[0]["price"]]["unit_amount"] * items[0]["quantity"],
            "_line_items": items, "_subscription_metadata": dict(subscription_data.get("metadata") or {}),
        }
        self._sessions[session_id] = session
        return _json(_public(session))

    def _session(self, session_id: str) -> dict[str, Any]:
        session = self._sessions.get(session_id)
        if session is None:
            raise _missing("checkout.session", session_id)
        if session["status"] == "open" and session["expires_at"] <= time.time():
            session["status"] = "expired"
        return session

    async def _retrieve_checkout_session(self, request: web.Request) -> web.Response:
        return _json(_public(self._session(request.match_info["id"])))

    async def _expire_checkout_session(self, request: web.Request) -> web.Response:
        session = self._session(request.match_info["id"])
        if session["status"] != "open":
            raise _user_error(400, f"Only open sessions can be expired; this one is {session['status']}.")
        session["status"] = "expired"
        return _json(_public(session))

    async def _list_checkout_sessions(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        sessions = _newest_first(_public(self._session(s)) for s in list(self._sessions))

        def keep(session: dict[str, Any]) -> bool:
            return all(params.get(name) is None or session[name] == params[name]
                       for name in ("customer", "status", "subscription"))
        return _json(_paginate(sessions, keep, params, "/v1/checkout/sessions", "checkout.session"))

    async def _checkout_page(self, request: web.Request) -> web.Response:
        session = self._session(request.match_info["id"])
        return web.Response(text=f"<html><body><h1>Fake Stripe Checkout</h1><p>{session['id']}: "
                                 f"{session['status']}</p></body></html>", content_type="text/html")

    def _complete_checkout(self, session_id: str, card_number: str) -> str:
        session = self._session(session_id)
        if session["status"] != "open":
            raise _user_error(400, f"Checkout session {session_id} is {session['status']}, not open.")
        customer_id = session["customer"]
        if customer_id is None:
            customer_id = ls.Customer(metadata={}).id
            ls.store[f"customer:{customer_id}"].balance = 0
            session["customer"] = customer_id
        customer = self._get(ls.Customer, customer_id)
        card = dict(TEST_CARD, number=card_number)
        payment_method = ls.PaymentMethod(type="card", card=card)
        ls.PaymentMethod._api_attach(payment_method.id, customer=customer_id)
        customer.invoice_settings["default_payment_method"] = payment_method.id
        item = session["_line_items"][0]
        # A subscription fixes the customer's currency in Stripe, as a first balance transaction would.
        self._balance_currency.setdefault(customer_id, self._prices[item["price"]]["currency"])
        subscription = ls.Subscription(customer=customer_id, metadata=dict(session["_subscription_metadata"]),
                                       items=[{"plan": item["price"], "quantity": item["quantity"]}])
        session["subscription"] = subscription.id
        session["status"] = "complete"
        session["payment_status"] = "paid" if subscription.status == "active" else "unpaid"
        ls.Event("checkout.session.completed", _Exported(_public(session)))
        return subscription.id

    # ------------------------------------------------------------------ events and payment listings

    def _listable_events(self) -> list[dict[str, Any]]:
        horizon = time.time() - EVENT_RETENTION_SECONDS
        return _newest_first(e for e in self._all_events() if e["created"] >= horizon)

    async def _list_events(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        types = set(_as_list(params.get("types"), "types"))
        if params.get("type"):
            if types:
                raise _user_error(400, "You may only specify one of these parameters: type, types.")
            types = {params["type"]}
        created = _created_filter(params.get("created"))

        def keep(event: dict[str, Any]) -> bool:
            return (not types or event["type"] in types) and created(event)
        return _json(_paginate(self._listable_events(), keep, params, "/v1/events", "event"))

    async def _retrieve_event(self, request: web.Request) -> web.Response:
        event_id = request.match_info["id"]
        for event in self._listable_events():
            if event["id"] == event_id:
                return _json(event)
        raise _missing("event", event_id)

    def _objects(self, kind: str) -> list[dict[str, Any]]:
        real = [obj._export() for key, obj in list(ls.store.items()) if key.startswith(f"{kind}:")]
        return _newest_first([*real, *(_public(o) for o in self._synthetic[kind].values())])

    async def _list_invoices(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        created = _created_filter(params.get("created"))

        def keep(invoice: dict[str, Any]) -> bool:
            return (all(params.get(name) is None or invoice.get(name) == params[name]
                        for name in ("customer", "subscription", "status")) and created(invoice))
        return _json(_paginate(self._objects("invoice"), keep, params, "/v1/invoices", "invoice"))

    async def _list_payment_intents(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        created = _created_filter(params.get("created"))

        def keep(intent: dict[str, Any]) -> bool:
            return (params.get("customer") is None or intent.get("customer") == params["customer"]) and created(intent)
        return _json(_paginate(self._objects("payment_intent"), keep, params, "/v1/payment_intents",
                               "payment_intent"))
