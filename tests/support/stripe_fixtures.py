"""pytest fixture for the test-only Stripe emulation (tests/support/fake_stripe.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_stripe import FakeStripe


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    """A fresh, empty fake Stripe on 127.0.0.1 for one test; in memory only, stopped afterwards.

    .url / .api_key to point a client at it; .set_faults(...) / .clear_faults(); .forget_idempotency_keys();
    .advance_clock(seconds); .complete_checkout(session_id); .set_subscription_status(id, status);
    .inject_event(type, customer_id=..., amount=...); .requests, .requests_per_second(), .internal_errors;
    state: .customers(), .customer(id), .balance_transactions(customer_id), .find_balance_transactions(...),
    .subscriptions(), .prices(), .checkout_sessions(), .events(), .idempotency_keys(); .stop().
    """
    fake = FakeStripe(seed=20240601)
    fake.start()
    try:
        yield fake
        assert not fake.internal_errors, "the fake Stripe itself failed:\n" + "\n".join(fake.internal_errors)
    finally:
        fake.stop()
