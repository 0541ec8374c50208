"""StripeGateway against the in-process fake Stripe: exactly-once writes, snapshot ordering, faults, billing, events."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.adapters.stripe.gateway import StripeGateway
from kiosk.domain.money import Money
from kiosk.services.ports.stripe import (
    EventCursorExpired,
    GatewayAuthenticationError,
    GatewayError,
    IdempotencyKeyReused,
    MemberContact,
    MemberSnapshot,
    PermanentGatewayError,
    TransientGatewayError,
)
from kiosk.services.ratelimit import Backoff, TokenBucket, call_with_retries
from tests.support.fake_stripe import FakeStripe

DAY = 24 * 3600


@pytest.fixture
def gateway(fake_stripe: FakeStripe) -> Iterator[StripeGateway]:
    gw = StripeGateway(api_key=fake_stripe.api_key, api_base=fake_stripe.url, connect_timeout=2, read_timeout=5)
    yield gw
    gw.close()


def snapshot(version: int, *, member_id: str = "M-0001", consent: bool = True, points: int = 0) -> MemberSnapshot:
    contact = MemberContact(name="Somchai P.", email="somchai@example.com", phone="+66811111111") if consent else None
    return MemberSnapshot(member_id=member_id, ledger_version=version, tier="silver", points_balance=points,
                          stamps=version % 10, contact=contact)


def thb(satang: int) -> Money:
    return Money(satang, "THB")


def assert_every_post_has_our_key(fake: FakeStripe) -> None:
    posts = [r for r in fake.requests if r.method == "POST"]
    assert posts
    # stripe-python invents a random key when none is given; ours are all derived from ledger entries.
    assert all(r.idempotency_key and r.idempotency_key.startswith(("ledger:", "kiosk:")) for r in posts), posts


def test_fake_is_loopback_only_and_keeps_nothing_on_disk(fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    pickle = Path("/tmp/localstripe.pickle")
    before = pickle.stat().st_mtime_ns if pickle.exists() else None

    gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1")

    assert fake_stripe.url.startswith("http://127.0.0.1:")
    assert (pickle.stat().st_mtime_ns if pickle.exists() else None) == before
    assert sum(fake_stripe.requests_per_second()) == len(fake_stripe.requests)


def test_upsert_creates_updates_and_never_goes_back_to_an_older_snapshot(
        fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    first = gateway.upsert_customer(snapshot(2, points=120), idempotency_key="ledger:E2")
    assert first.created and first.applied

    older = gateway.upsert_customer(snapshot(1, points=50), idempotency_key="ledger:E1",
                                    customer_id=first.customer_id)
    same = gateway.upsert_customer(snapshot(2, points=120), idempotency_key="ledger:E2-again",
                                   customer_id=first.customer_id)
    withdrawn = gateway.upsert_customer(snapshot(3, consent=False, points=80), idempotency_key="ledger:E3")

    assert (older.applied, older.remote_ledger_version) == (False, 2)
    assert (same.applied, same.remote_ledger_version) == (False, 2)
    assert withdrawn.applied and withdrawn.customer_id == first.customer_id and not withdrawn.created
    [customer] = fake_stripe.customers()
    assert customer["metadata"] == {"member_id": "M-0001", "tier": "silver", "points_balance": "80",
                                    "stamps": "3", "ledger_version": "3"}
    assert (customer["name"], customer["email"], customer["phone"]) == (None, None, None)
    found = gateway.find_customer_by_member_id("M-0001")
    assert found is not None and (found.customer_id, found.ledger_version) == (first.customer_id, 3)
    assert gateway.find_customer_by_member_id("M-unknown") is None
    assert_every_post_has_our_key(fake_stripe)


def test_a_lost_create_response_is_replayed_not_duplicated(fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    # Search lags behind writes in real Stripe, so only the idempotency key can prevent a second customer.
    fake_stripe.search_lag_seconds = 60
    fake_stripe.set_faults(drop_after=1.0, methods=["POST"])
    with pytest.raises(TransientGatewayError) as lost:
        gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1")
    assert lost.value.code == "connection_error"
    assert len(fake_stripe.customers()) == 1  # it did happen; only the answer was lost

    fake_stripe.clear_faults()
    newer = gateway.upsert_customer(snapshot(2), idempotency_key="ledger:E2")

    [customer] = fake_stripe.customers()
    assert newer.customer_id == customer["id"] and customer["metadata"]["ledger_version"] == "2"
    assert any(r.outcome == "replayed" for r in fake_stripe.requests)
    assert gateway.find_customer_by_member_id("M-0001") is None  # not indexed yet
    fake_stripe.advance_clock(61)
    assert gateway.find_customer_by_member_id("M-0001") is not None


def test_store_credit_is_applied_exactly_once_under_replay(fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    customer_id = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1").customer_id

    fake_stripe.set_faults(drop_after=1.0, methods=["POST"])
    with pytest.raises(TransientGatewayError):
        gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-5000), entry_id="E7",
                                           description="Store credit for refund R-7", idempotency_key="ledger:E7")
    fake_stripe.clear_faults()
    credit = gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-5000), entry_id="E7",
                                                description="Store credit for refund R-7",
                                                idempotency_key="ledger:E7")
    again = gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-5000), entry_id="E7",
                                               description="Store credit for refund R-7",
                                               idempotency_key="ledger:E7")
    reversal = gateway.create_balance_transaction(customer_id=customer_id, amount=thb(5000), entry_id="E8",
                                                  description="Reverses E7", idempotency_key="ledger:E8",
                                                  reverses_entry_id="E7")

    assert again == credit
    assert (credit.amount, credit.ending_balance, credit.entry_id) == (thb(-5000), thb(-5000), "E7")
    assert (reversal.ending_balance, reversal.reverses_entry_id) == (thb(0), "E7")
    assert [t["metadata"] for t in fake_stripe.balance_transactions(customer_id)] == [
        {"ledger_entry_id": "E7"}, {"ledger_entry_id": "E8", "reverses_entry_id": "E7"}]
    assert fake_stripe.customer(customer_id)["balance"] == 0
    remote = gateway.get_customer(customer_id)
    assert remote is not None and remote.balance == thb(0)

    with pytest.raises(IdempotencyKeyReused):  # same key, different amount: refused, nothing written
        gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-9900), entry_id="E7",
                                           description="Store credit for refund R-7", idempotency_key="ledger:E7")
    assert len(fake_stripe.balance_transactions(customer_id)) == 2
    assert_every_post_has_our_key(fake_stripe)


def test_after_keys_are_forgotten_the_entry_id_lookup_is_what_prevents_a_duplicate(
        fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    customer_id = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1").customer_id
    for n in range(105):  # more than one page of 100
        gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-100), entry_id=f"E{n}",
                                           description="points to credit", idempotency_key=f"ledger:E{n}")

    fake_stripe.advance_clock(25 * 3600)
    assert fake_stripe.forget_idempotency_keys(older_than_seconds=DAY) >= 105

    found = gateway.find_balance_transaction_by_entry_id(customer_id=customer_id, entry_id="E0")
    assert found is not None and found.amount == thb(-100) and found.entry_id == "E0"
    assert gateway.find_balance_transaction_by_entry_id(customer_id=customer_id, entry_id="E999") is None
    # What the lookup protects against: Stripe no longer knows the key, so a blind resend posts twice.
    gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-100), entry_id="E0",
                                       description="points to credit", idempotency_key="ledger:E0")
    assert len(fake_stripe.find_balance_transactions(metadata_key="ledger_entry_id", value="E0")) == 2


def test_faults_become_gateway_errors_and_retries_converge_to_exactly_once(
        fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    customer_id = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1").customer_id

    fake_stripe.set_faults(rate_limit=1.0, retry_after=7)
    with pytest.raises(TransientGatewayError) as limited:
        gateway.get_customer(customer_id)
    assert (limited.value.code, limited.value.http_status, limited.value.retry_after) == ("rate_limited", 429, 7.0)

    fake_stripe.set_faults(server_error=1.0)
    with pytest.raises(TransientGatewayError) as failed:
        gateway.get_customer(customer_id)
    assert (failed.value.code, failed.value.http_status) == ("server_error", 500)

    fake_stripe.set_faults(drop_before=1.0)
    with pytest.raises(TransientGatewayError) as dropped:
        gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-100), entry_id="E2",
                                           description="x", idempotency_key="ledger:E2")
    assert dropped.value.code == "connection_error"
    fake_stripe.clear_faults()
    assert fake_stripe.balance_transactions(customer_id) == []  # dropped before it ran

    with pytest.raises(PermanentGatewayError) as missing:
        gateway.create_balance_transaction(customer_id="cus_nobody", amount=thb(-100), entry_id="E3",
                                           description="x", idempotency_key="ledger:E3")
    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
    gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-100), entry_id="E4",
                                       description="x", idempotency_key="ledger:E4")
    with pytest.raises(PermanentGatewayError) as wrong_currency:
        gateway.create_balance_transaction(customer_id=customer_id, amount=Money(-100, "USD"), entry_id="E5",
                                           description="x", idempotency_key="ledger:E5")
    assert wrong_currency.value.param == "currency"
    bad_key = StripeGateway(api_key="sk_test_wrong", api_base=fake_stripe.url)
    with pytest.raises(GatewayAuthenticationError):
        bad_key.get_customer(customer_id)
    bad_key.close()

    # 40% of requests fail in every way at once; retrying each entry with its own key still posts each once.
    fake_stripe.set_faults(rate_limit=0.1, server_error=0.1, drop_before=0.1, drop_after=0.1, seed=7)
    slept: list[float] = []
    rng = random.Random(3)
    errors_seen: set[str] = set()

    def post(n: int) -> None:
        try:
            gateway.create_balance_transaction(customer_id=customer_id, amount=thb(-10 * n), entry_id=f"R{n}",
                                               description="retry", idempotency_key=f"ledger:R{n}")
        except GatewayError as error:
            errors_seen.add(error.code)
            raise

    for n in range(1, 21):
        call_with_retries(lambda n=n: post(n), backoff=Backoff(base_seconds=0.01, cap_seconds=1.0), rng=rng,
                          sleeper=slept.append, max_attempts=30)
    fake_stripe.clear_faults()

    txns = [t for t in fake_stripe.balance_transactions(customer_id) if t["metadata"]["ledger_entry_id"][0] == "R"]
    assert sorted(t["metadata"]["ledger_entry_id"] for t in txns) == sorted(f"R{n}" for n in range(1, 21))
    assert fake_stripe.customer(customer_id)["balance"] == -100 - sum(10 * n for n in range(1, 21))
    assert {"rate_limited", "server_error", "connection_error"} <= errors_seen and slept


def test_throttle_paces_every_request(fake_stripe: FakeStripe) -> None:
    now = [0.0]
    bucket = TokenBucket(rate_per_second=25, burst=1, clock=lambda: now[0],
                         sleeper=lambda s: now.__setitem__(0, now[0] + s))
    gw = StripeGateway(api_key=fake_stripe.api_key, api_base=fake_stripe.url, throttle=bucket)
    gw.upsert_customer(snapshot(1), idempotency_key="ledger:E1")
    gw.close()
    # create + update (no search for a first create): two requests, the second waited 1/25 s of (fake) time
    assert len(fake_stripe.requests) == 2
    assert now[0] == pytest.approx(1 / 25)


def test_membership_checkout_subscription_and_cancellation(fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    customer_id = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1").customer_id
    price = gateway.ensure_membership_price(tier="gold", amount=thb(19900), interval="month")
    assert gateway.ensure_membership_price(tier="gold", amount=thb(19900), interval="month") == price
    assert len(fake_stripe.prices()) == 1

    checkout = gateway.create_membership_checkout(
        customer_id=customer_id, price_id=price.price_id, member_id="M-0001", success_url="https://shop.example/ok",
        cancel_url="https://shop.example/cancel", idempotency_key="ledger:E2:checkout")
    assert checkout.status == "open" and checkout.url and checkout.url.startswith(fake_stripe.url)
    assert checkout.expires_at > time.time()

    subscription_id = fake_stripe.complete_checkout(checkout.session_id)

    done = gateway.get_membership_checkout(checkout.session_id)
    assert (done.status, done.subscription_id, done.url) == ("complete", subscription_id, None)
    subscription = gateway.get_subscription(subscription_id)
    assert (subscription.status, subscription.price_id, subscription.customer_id) == (
        "active", price.price_id, customer_id)
    assert subscription.is_paid_up and subscription.current_period_end is not None
    paid = gateway.list_payment_events(after_event_id=None).payments
    assert [(p.kind, p.amount, p.subscription_id) for p in paid if p.kind == "invoice"] == [
        ("invoice", thb(19900), subscription_id)]

    fake_stripe.set_subscription_status(subscription_id, "past_due")
    assert gateway.get_subscription(subscription_id).status == "past_due"
    assert gateway.cancel_subscription(subscription_id).status == "canceled"
    assert gateway.cancel_subscription(subscription_id).status == "canceled"
    assert [s.status for s in gateway.list_member_subscriptions(customer_id)] == ["canceled"]

    raised = gateway.ensure_membership_price(tier="gold", amount=thb(24900), interval="month")
    assert raised.price_id != price.price_id and raised.lookup_key == price.lookup_key
    old = next(p for p in fake_stripe.prices() if p["id"] == price.price_id)
    assert (old["active"], old["lookup_key"]) == (False, None)
    assert_every_post_has_our_key(fake_stripe)


def test_payment_events_are_read_once_in_order_and_fall_back_to_listing_after_30_days(
        fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    customer_id = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1").customer_id
    assert gateway.latest_event_id() is None
    now = int(time.time())
    fake_stripe.inject_event("payment_intent.succeeded", customer_id=customer_id, amount=1000, created=now - 30)
    fake_stripe.inject_event("invoice.paid", customer_id=customer_id, amount=2000, created=now - 20,
                             subscription_id="sub_elsewhere")
    fake_stripe.inject_event("payment_intent.succeeded", customer_id=None, amount=5, created=now - 15)
    fake_stripe.inject_event("payment_intent.succeeded", customer_id=customer_id, amount=3000, created=now - 10)

    first = gateway.list_payment_events(after_event_id=None, limit=2)
    second = gateway.list_payment_events(after_event_id=first.cursor, limit=2)
    third = gateway.list_payment_events(after_event_id=second.cursor, limit=2)

    assert [p.amount.minor for p in first.payments] == [1000, 2000] and first.has_more
    assert [p.amount.minor for p in second.payments] == [3000] and not second.has_more  # guest payment skipped
    assert third.payments == () and third.cursor == second.cursor and not third.has_more
    assert first.payments[1].subscription_id == "sub_elsewhere"
    assert gateway.latest_event_id() == second.cursor

    fake_stripe.inject_event("invoice.paid", customer_id=customer_id, amount=4000)
    newer = gateway.list_payment_events(after_event_id=second.cursor)
    assert [p.amount.minor for p in newer.payments] == [4000]

    fake_stripe.advance_clock(31 * DAY)
    with pytest.raises(EventCursorExpired):
        gateway.list_payment_events(after_event_id=newer.cursor)
    since = int(time.time()) - 32 * DAY
    intents = gateway.list_succeeded_payment_intents(created_gte=since)
    invoices = gateway.list_paid_invoices(created_gte=since, customer_id=customer_id)
    assert [p.amount.minor for p in intents if p.customer_id == customer_id] == [1000, 3000]
    assert [p.amount.minor for p in invoices] == [2000, 4000]
    assert {p.object_id for p in first.payments} <= {p.object_id for p in intents + invoices}


def test_no_stripe_exception_escapes_the_gateway(fake_stripe: FakeStripe) -> None:
    gw = StripeGateway(api_key=fake_stripe.api_key, api_base="http://127.0.0.1:9", connect_timeout=0.5)
    with pytest.raises(TransientGatewayError) as unreachable:
        gw.get_customer("cus_x")
    assert type(unreachable.value).__module__ == "kiosk.services.ports.stripe"
    assert unreachable.value.__cause__ is None
    gw.close()


def test_faults_that_are_not_about_one_request_stop_the_sync_not_the_row(fake_stripe: FakeStripe) -> None:
    from kiosk.services.ports.stripe import GatewayUnavailable

    good = StripeGateway(api_key=fake_stripe.api_key, api_base=fake_stripe.url)
    customer_id = good.upsert_customer(snapshot(1), idempotency_key="ledger:E1").customer_id

    # Stripe's own 404 for a missing object names it (resource_missing): that row's problem.
    with pytest.raises(PermanentGatewayError) as missing:
        good.create_balance_transaction(customer_id="cus_nobody", amount=thb(-100), entry_id="E3",
                                        description="x", idempotency_key="ledger:E3")
    assert not isinstance(missing.value, GatewayUnavailable) and missing.value.code == "resource_missing"
    # So is a Stripe refusal of this request's parameters.
    good.create_balance_transaction(customer_id=customer_id, amount=thb(-100), entry_id="E5", description="x",
                                    idempotency_key="ledger:E5")
    with pytest.raises(PermanentGatewayError) as refused:
        good.create_balance_transaction(customer_id=customer_id, amount=Money(-100, "USD"), entry_id="E6",
                                        description="x", idempotency_key="ledger:E6")
    assert not isinstance(refused.value, GatewayUnavailable) and refused.value.param == "currency"

    # A 404 for the endpoint itself (a wrong api_base, a proxy): no Stripe error code, whatever the call.
    wrong = StripeGateway(api_key=fake_stripe.api_key, api_base=f"{fake_stripe.url}/not-stripe")
    for call in (lambda: wrong.get_customer(customer_id), lambda: wrong.latest_event_id(),
                 lambda: wrong.create_balance_transaction(customer_id=customer_id, amount=thb(-1), entry_id="E7",
                                                          description="x", idempotency_key="ledger:E7")):
        with pytest.raises(GatewayUnavailable) as dead:
            call()
        assert (dead.value.reason, dead.value.check, dead.value.http_status) == ("endpoint_not_found", "api_base", 404)
    wrong.close()

    # One endpoint blocked by a proxy, as JSON or as a web server's HTML page.
    fake_stripe.fail_route("/v1/customers/search")
    with pytest.raises(GatewayUnavailable) as blocked:
        good.find_customer_by_member_id("M-0001")
    assert (blocked.value.reason, blocked.value.operation) == ("endpoint_not_found", "customers.search")
    fake_stripe.clear_faults()
    fake_stripe.fail_route("/v1/customers/search", html=True)
    with pytest.raises(GatewayUnavailable) as page:
        good.find_customer_by_member_id("M-0001")
    assert (page.value.reason, page.value.check) == ("not_stripe", "api_base")
    # A captive portal answers 200 with its own page: not Stripe either, not the row's fault.
    fake_stripe.clear_faults()
    fake_stripe.fail_route(f"/v1/customers/{customer_id}", method="GET", status=200, html=True)
    with pytest.raises(GatewayUnavailable) as portal:
        good.get_customer(customer_id)
    assert portal.value.reason == "not_stripe"
    # A proxy's 502 page is upstream trouble: retry later, like Stripe's own 5xx.
    fake_stripe.clear_faults()
    fake_stripe.fail_route(f"/v1/customers/{customer_id}", status=502, html=True)
    with pytest.raises(TransientGatewayError):
        good.get_customer(customer_id)
    fake_stripe.clear_faults()

    # A refused key is the same kind of fault, with its own reason.
    bad_key = StripeGateway(api_key="sk_test_wrong", api_base=fake_stripe.url)
    with pytest.raises(GatewayAuthenticationError) as refused_key:
        bad_key.get_customer(customer_id)
    assert isinstance(refused_key.value, GatewayUnavailable)
    assert (refused_key.value.reason, refused_key.value.check) == ("authentication_failed", "api_key")
    bad_key.close()

    # TLS that cannot be set up (here: https to a plain-http server, as a wrong scheme or an intercepting
    # proxy gives) is no row's fault and does not pass by waiting.
    tls = StripeGateway(api_key=fake_stripe.api_key, api_base=fake_stripe.url.replace("http://", "https://"),
                        connect_timeout=2, read_timeout=2)
    with pytest.raises(GatewayUnavailable) as handshake:
        tls.get_customer(customer_id)
    assert (handshake.value.reason, handshake.value.check) == ("tls_failed", "network")
    tls.close()
    good.close()


def test_a_first_create_relies_on_the_member_key_and_searches_only_when_the_key_may_be_gone(
        fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    # Search is eventually consistent and costs a request: within Stripe's key memory the per-member create
    # key is what prevents a second customer, so a first create goes straight to POST.
    first = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1")
    assert first.created
    assert [(r.method, r.path) for r in fake_stripe.requests] == [
        ("POST", "/v1/customers"), ("POST", f"/v1/customers/{first.customer_id}")]

    # A day later the key is gone; the caller says so, and the customer is found instead of made twice.
    fake_stripe.forget_idempotency_keys()
    fake_stripe.clear_request_log()
    again = gateway.upsert_customer(snapshot(2), idempotency_key="ledger:E2", search_first=True)
    assert (again.customer_id, again.created) == (first.customer_id, False)
    assert [r.path for r in fake_stripe.requests][0] == "/v1/customers/search"
    assert len([c for c in fake_stripe.customers() if c["metadata"].get("member_id") == "M-0001"]) == 1


def test_a_create_key_used_with_other_parameters_falls_back_to_search(
        fake_stripe: FakeStripe, gateway: StripeGateway) -> None:
    import stripe

    # An older version of the app created this member's customer under the same key with other parameters.
    client = stripe.StripeClient(fake_stripe.api_key, base_addresses={"api": fake_stripe.url})
    earlier = client.v1.customers.create(params={"metadata": {"member_id": "M-0001", "source": "v0"}},
                                         options={"idempotency_key": "kiosk:customer:create:M-0001"})

    result = gateway.upsert_customer(snapshot(1), idempotency_key="ledger:E1")

    assert (result.customer_id, result.created) == (earlier.id, False)
    assert len(fake_stripe.customers()) == 1
    assert any(r.path == "/v1/customers/search" for r in fake_stripe.requests)
