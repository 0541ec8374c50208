"""Pacing for calls to Stripe: a token bucket for the request rate and full-jitter exponential backoff.

Pure: time comes from an injected clock, waiting goes through an injected sleeper and randomness through an
injected RNG, so tests drive all three and nothing here touches the network.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.services.ports.stripe import TransientGatewayError

# Stripe's documented global limits: 25 requests/s in test mode (sandboxes), 100/s in live mode.
STRIPE_TEST_MODE_RATE = 25.0
STRIPE_LIVE_MODE_RATE = 100.0

_EPSILON = 1e-9
# The shortest wait asked for: a wait of a few ulps would not move a clock and would spin.
_MIN_WAIT = 1e-6


class RandomSource(Protocol):
    def random(self) -> float: ...


def stripe_rate_for_key(api_key: str, *, headroom: float = 0.8) -> float:
    """A safe default rate for this key: Stripe's limit for its mode, less headroom for other integrations."""
    if not 0 < headroom <= 1:
        raise ValueError("headroom must be in (0, 1]")
    live = api_key.startswith(("sk_live_", "rk_live_"))
    return (STRIPE_LIVE_MODE_RATE if live else STRIPE_TEST_MODE_RATE) * headroom


class TokenBucket:
    """Allows `rate_per_second` requests on average with bursts of up to `burst`; thread-safe.

    With `per_second` set, no window of one second (any [t, t + 1)) holds more than that many grants, however
    the burst and the refill fall: Stripe counts requests per second, and a full bucket's burst on top of a
    second at the full rate would otherwise go over. `on_grant` is told the clock's time of each grant (under
    the bucket's lock, so in order). `acquire()` blocks (through the sleeper) until a request may go and
    returns how long it waited.
    """

    def __init__(self, *, rate_per_second: float, burst: int | None = None,
                 clock: Callable[[], float], sleeper: Callable[[float], None],
                 per_second: int | None = None, on_grant: Callable[[float], None] | None = None) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        capacity = burst if burst is not None else max(1, int(rate_per_second))
        if capacity < 1:
            raise ValueError("burst must be at least 1")
        if per_second is not None and per_second < 1:
            raise ValueError("per_second must be at least 1")
        self.rate_per_second = float(rate_per_second)
        self.capacity = capacity
        self.per_second = per_second
        self._clock = clock
        self._sleeper = sleeper
        self._on_grant = on_grant
        self._tokens = float(capacity)
        self._updated = clock()
        self._lock = threading.Lock()
        self._granted: deque[float] = deque(maxlen=per_second or 1)

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)  # a clock that steps back must not mint tokens
        self._tokens = min(float(self.capacity), self._tokens + elapsed * self.rate_per_second)
        self._updated = max(self._updated, now)

    def try_acquire(self) -> float:
        """Take a token if one is free and return 0.0; otherwise take nothing and return the seconds to wait."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            if self.per_second is not None and len(self._granted) == self.per_second:
                # The oldest of the last `per_second` grants must be a whole second old.
                free_at = self._granted[0] + 1.0
                if now < free_at:
                    return max(free_at - now, _MIN_WAIT)
            # The epsilon keeps float rounding (0.9999999...) from asking for sleeps too short to advance a clock.
            if self._tokens >= 1.0 - _EPSILON:
                self._tokens = max(0.0, self._tokens - 1.0)
                if self.per_second is not None:
                    self._granted.append(now)
                if self._on_grant is not None:
                    self._on_grant(now)
                return 0.0
            return (1.0 - self._tokens) / self.rate_per_second

    def acquire(self) -> float:
        waited = 0.0
        while True:
            wait = self.try_acquire()
            if wait == 0.0:
                return waited
            self._sleeper(wait)
            waited += wait


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: attempt n waits uniformly in [0, min(cap, base * 2**n)].

    Full jitter spreads retries from many kiosks that failed together (an outage ending) instead of having
    them retry in lock-step. A server's Retry-After is a floor: we never come back sooner than asked.
    """

    base_seconds: float = 0.5
    cap_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.base_seconds <= 0 or self.cap_seconds < self.base_seconds:
            raise ValueError("need 0 < base_seconds <= cap_seconds")

    def ceiling(self, attempt: int) -> float:
        if attempt < 0:
            raise ValueError("attempt counts from 0")
        # Bound the exponent so huge attempt numbers cannot overflow a float.
        return min(self.cap_seconds, self.base_seconds * 2.0 ** min(attempt, 62))

    def delay(self, attempt: int, rng: RandomSource, *, retry_after: float | None = None) -> float:
        jittered = rng.random() * self.ceiling(attempt)
        if retry_after is not None:
            return max(float(retry_after), jittered)
        return jittered


def call_with_retries[T](operation: Callable[[], T], *, backoff: Backoff, rng: RandomSource,
                      sleeper: Callable[[float], None], max_attempts: int) -> T:
    """Run `operation`, retrying TransientGatewayError up to `max_attempts` calls in all, sleeping a backoff
    between attempts. Other errors, and the last transient one, propagate to the caller."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    attempt = 0
    while True:
        try:
            return operation()
        except TransientGatewayError as error:
            attempt += 1
            if attempt >= max_attempts:
                raise
            sleeper(backoff.delay(attempt - 1, rng, retry_after=error.retry_after))


class CountingThrottle:
    """A token bucket that counts the requests it let through (for reports and the benchmark)."""

    def __init__(self, bucket: TokenBucket) -> None:
        self.bucket = bucket
        self.count = 0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        waited = self.bucket.acquire()
        with self._lock:
            self.count += 1
        return waited
