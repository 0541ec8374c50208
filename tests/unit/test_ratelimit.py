"""Token bucket, full-jitter backoff and the retry loop, on a fake clock and a scripted RNG."""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.ports.stripe import PermanentGatewayError, TransientGatewayError
from kiosk.services.ratelimit import (
    STRIPE_LIVE_MODE_RATE,
    STRIPE_TEST_MODE_RATE,
    Backoff,
    TokenBucket,
    call_with_retries,
    stripe_rate_for_key,
)


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.slept.append(seconds)
        self.now += seconds


class ScriptedRandom:
    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)


def bucket(clock: FakeClock, rate: float = 10, burst: int | None = None) -> TokenBucket:
    return TokenBucket(rate_per_second=rate, burst=burst, clock=clock, sleeper=clock.sleep)


def test_a_full_bucket_allows_a_burst_then_paces_at_the_rate() -> None:
    clock = FakeClock()
    limiter = bucket(clock, rate=10, burst=3)

    waits = [limiter.acquire() for _ in range(5)]

    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == [pytest.approx(0.1), pytest.approx(0.1)]
    assert clock.now == pytest.approx(1000.2)


def test_try_acquire_reports_the_wait_without_taking_a_token() -> None:
    clock = FakeClock()
    limiter = bucket(clock, rate=4, burst=1)
    assert limiter.try_acquire() == 0.0
    assert limiter.try_acquire() == pytest.approx(0.25)
    clock.now += 0.25
    assert limiter.try_acquire() == 0.0


def test_idle_time_refills_only_up_to_the_burst() -> None:
    clock = FakeClock()
    limiter = bucket(clock, rate=5, burst=2)
    limiter.acquire()
    limiter.acquire()
    clock.now += 3600  # an hour offline does not earn an hour of requests
    assert [limiter.try_acquire() for _ in range(3)] == [0.0, 0.0, pytest.approx(0.2)]


def test_a_clock_stepping_back_mints_no_tokens() -> None:
    clock = FakeClock()
    limiter = bucket(clock, rate=1, burst=1)
    limiter.acquire()
    clock.now -= 50
    assert limiter.try_acquire() > 0
    clock.now += 50
    assert limiter.try_acquire() == pytest.approx(1.0)  # the step back is not paid for twice


@given(rate=st.integers(min_value=1, max_value=100), burst=st.integers(min_value=1, max_value=20),
       gaps=st.lists(st.floats(min_value=0, max_value=0.5), min_size=1, max_size=60))
def test_no_window_ever_exceeds_burst_plus_rate_times_its_length(rate: int, burst: int, gaps: list[float]) -> None:
    clock = FakeClock()
    limiter = bucket(clock, rate=rate, burst=burst)
    sent: list[float] = []
    for gap in gaps:
        clock.now += gap
        limiter.acquire()
        sent.append(clock.now)
    for i, start in enumerate(sent):
        for j in range(i, len(sent)):
            window = sent[j] - start
            assert j - i + 1 <= burst + rate * window + 1e-6


def _most_in_one_second(granted: list[float]) -> int:
    """The most grants in any window [t, t + 1) (the busiest second as Stripe would count it)."""
    ordered = sorted(granted)
    most, first = 0, 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


@given(rate=st.integers(min_value=1, max_value=100), burst=st.integers(min_value=1, max_value=20),
       gaps=st.lists(st.floats(min_value=0, max_value=0.5), min_size=1, max_size=120))
def test_with_per_second_no_second_holds_more_than_the_rate_burst_included(
        rate: int, burst: int, gaps: list[float]) -> None:
    clock = FakeClock()
    granted: list[float] = []
    limiter = TokenBucket(rate_per_second=rate, burst=burst, clock=clock, sleeper=clock.sleep, per_second=rate,
                          on_grant=granted.append)
    for gap in gaps:
        clock.now += gap
        limiter.acquire()
    assert len(granted) == len(gaps)
    assert _most_in_one_second(granted) <= rate


def test_without_per_second_a_burst_on_top_of_a_full_second_goes_over() -> None:
    # What per_second is for: a full bucket after an idle spell, then a second at the full rate.
    clock = FakeClock()
    granted: list[float] = []
    limiter = TokenBucket(rate_per_second=100, burst=10, clock=clock, sleeper=clock.sleep, on_grant=granted.append)
    for _ in range(120):
        limiter.acquire()
    assert _most_in_one_second(granted) == 110


class SharedClock:
    """A clock many threads sleep on: each sleep moves it on (never back), as real time would."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        with self._lock:
            self.now += seconds / 8  # several sleepers wake in the same stretch of time


def test_many_requests_in_flight_never_exceed_the_rate_in_any_second() -> None:
    clock = SharedClock()
    granted: list[float] = []
    limiter = TokenBucket(rate_per_second=100, burst=10, clock=clock, sleeper=clock.sleep, per_second=100,
                          on_grant=granted.append)
    start = threading.Barrier(48)

    def sender() -> None:
        start.wait()
        for _ in range(25):
            limiter.acquire()

    threads = [threading.Thread(target=sender) for _ in range(48)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(granted) == 48 * 25
    assert granted == sorted(granted)  # told in order, under the bucket's lock
    assert _most_in_one_second(granted) <= 100
    # And the bucket still lets the rate through: 1,200 grants in little more than 12 seconds of its clock.
    assert granted[-1] - granted[0] < 12.5


def test_per_second_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate_per_second=5, clock=FakeClock(), sleeper=lambda s: None, per_second=0)


def test_bad_bucket_settings_are_refused() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError):
        bucket(clock, rate=0)
    with pytest.raises(ValueError):
        bucket(clock, rate=5, burst=0)


def test_backoff_ceiling_doubles_up_to_the_cap_without_overflowing() -> None:
    backoff = Backoff(base_seconds=0.5, cap_seconds=30)
    assert [backoff.ceiling(n) for n in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert backoff.ceiling(10_000) == 30
    with pytest.raises(ValueError):
        backoff.ceiling(-1)
    with pytest.raises(ValueError):
        Backoff(base_seconds=2, cap_seconds=1)


def test_full_jitter_spans_zero_to_the_ceiling() -> None:
    backoff = Backoff(base_seconds=1, cap_seconds=60)
    assert backoff.delay(3, ScriptedRandom(0.0)) == 0.0
    assert backoff.delay(3, ScriptedRandom(0.5)) == 4.0
    assert backoff.delay(3, ScriptedRandom(0.999)) == pytest.approx(7.992)


@given(attempt=st.integers(min_value=0, max_value=200), seed=st.integers())
def test_delays_stay_within_bounds(attempt: int, seed: int) -> None:
    backoff = Backoff(base_seconds=0.25, cap_seconds=20)
    delay = backoff.delay(attempt, random.Random(seed))
    assert 0 <= delay <= min(20, 0.25 * 2**attempt)


def test_retry_after_is_a_floor_not_a_ceiling() -> None:
    backoff = Backoff(base_seconds=1, cap_seconds=10)
    assert backoff.delay(0, ScriptedRandom(0.1), retry_after=5) == 5.0
    assert backoff.delay(4, ScriptedRandom(0.9), retry_after=2) == pytest.approx(9.0)
    assert backoff.delay(0, ScriptedRandom(0.1), retry_after=120) == 120.0  # the server knows best


def test_transient_errors_are_retried_with_backoff_until_success() -> None:
    outcomes: list[Exception | str] = [
        TransientGatewayError("busy", code="rate_limited", retry_after=3),
        TransientGatewayError("down", code="server_error"),
        "done",
    ]
    slept: list[float] = []

    def operation() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    result = call_with_retries(operation, backoff=Backoff(base_seconds=1, cap_seconds=10),
                               rng=ScriptedRandom(0.5, 0.5), sleeper=slept.append, max_attempts=5)

    assert result == "done"
    assert slept == [3.0, 1.0]  # Retry-After beat the first jitter (0.5); the second is 0.5 * 2


def test_retrying_stops_at_max_attempts_and_permanent_errors_are_not_retried() -> None:
    calls = 0

    def always_busy() -> None:
        nonlocal calls
        calls += 1
        raise TransientGatewayError("busy", code="rate_limited")

    with pytest.raises(TransientGatewayError):
        call_with_retries(always_busy, backoff=Backoff(), rng=random.Random(1), sleeper=lambda s: None,
                          max_attempts=4)
    assert calls == 4

    def invalid() -> None:
        raise PermanentGatewayError("bad", code="invalid_request", http_status=400)

    slept: list[float] = []
    with pytest.raises(PermanentGatewayError):
        call_with_retries(invalid, backoff=Backoff(), rng=random.Random(1), sleeper=slept.append, max_attempts=4)
    assert slept == []
    with pytest.raises(ValueError):
        call_with_retries(lambda: None, backoff=Backoff(), rng=random.Random(1), sleeper=slept.append,
                          max_attempts=0)


def test_default_rate_follows_the_key_mode() -> None:
    assert stripe_rate_for_key("sk_test_abc") == STRIPE_TEST_MODE_RATE * 0.8
    assert stripe_rate_for_key("rk_live_abc", headroom=1) == STRIPE_LIVE_MODE_RATE
    with pytest.raises(ValueError):
        stripe_rate_for_key("sk_test_abc", headroom=0)
