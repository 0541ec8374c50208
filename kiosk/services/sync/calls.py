"""One call to Stripe through the SyncGateway port: retried with backoff, counted, and turned into what the
worker and the join screens act on (Offline: keep everything pending; SyncPaused: a person must fix the key,
the address or the network first, and everything stays pending meanwhile).

The sync worker and MembershipService share one GatewayCalls, so a call that finds Stripe unreachable from
either side marks the shop offline for both, and their requests are counted together.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from kiosk.domain.text import Phrase
from kiosk.services.ports.stripe import GatewayError, GatewayUnavailable, SyncGateway, TransientGatewayError
from kiosk.services.ports.sync_store import SyncStore
from kiosk.services.ratelimit import Backoff, RandomSource
from kiosk.services.sync.status import SyncPause

log = logging.getLogger(__name__)
T = TypeVar("T")


class Offline(Exception):
    """Stripe cannot be reached right now: stop this pass, keep everything pending. `said` is what the manager
    reads (a catalogue code)."""

    def __init__(self, said: Phrase | None = None) -> None:
        self.said = said or Phrase("sync.error.offline")
        super().__init__(self.said.code)


class SyncPaused(Exception):
    """Nothing can succeed until a person fixes something that is not about one row (`pause` says what, as
    codes): stop the pass, keep every row waiting, try again later."""

    def __init__(self, pause: SyncPause) -> None:
        super().__init__(f"sync_paused: {pause.reason}")
        self.pause = pause


def describe(error: GatewayError) -> Phrase:
    """What Stripe (or the way to it) answered: its stable code and its own words, on one line and short enough
    for the manager's screen (details go to the log). The edge frames it in the reader's language; Stripe's
    words stay as Stripe said them."""
    first = " ".join(error.message.split())
    return Phrase("sync.error.stripe", {"code": error.code, "message": first[:240]})


def pause_for(error: GatewayUnavailable) -> SyncPause:
    return SyncPause(reason=error.reason, check=error.check, detail=describe(error), http_status=error.http_status,
                     operation=error.operation)


class GatewayCalls:
    """The gateway (None when Stripe is not configured) and the one way to call it."""

    def __init__(self, *, gateway: SyncGateway | None, store: SyncStore, backoff: Backoff, rng: RandomSource,
                 max_attempts: int, sleeper: Callable[[float], None] = time.sleep,
                 request_count: Callable[[], int] | None = None) -> None:
        self.gateway = gateway
        self.store = store
        self.backoff = backoff
        self.rng = rng
        self.max_attempts = max(1, max_attempts)
        self.sleeper = sleeper
        # Whether Stripe answered the latest call in this process; None until one was made.
        self.reachable: bool | None = None
        # HTTP requests as counted by the throttle when there is one (a gateway call may make several).
        self._request_count = request_count
        self._calls = 0
        self._calls_lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return self.gateway is not None

    @property
    def online(self) -> bool | None:
        """Reachable as of the latest call here, else as the last pass recorded it (None: never tried)."""
        if self.reachable is not None:
            return self.reachable
        known = self.store.get_state("online")
        return None if known is None else known == "1"

    def requests(self) -> int:
        if self._request_count is not None:
            return self._request_count()
        with self._calls_lock:
            return self._calls

    def call(self, operation: Callable[[], T], *, attempts: int | None = None) -> T:
        """Run one gateway call with backoff on transient failures. Raises Offline when Stripe cannot be
        reached, SyncPaused when no call can work (key, address, proxy, TLS); other transient failures and
        permanent ones (this request's own) propagate."""
        limit = attempts or self.max_attempts
        attempt = 0
        while True:
            try:
                with self._calls_lock:
                    self._calls += 1
                result = operation()
                self.reachable = True
                return result
            except GatewayUnavailable as error:
                log.info("Stripe cannot be used (%s, check %s): %s", error.reason, error.check, error.message)
                raise SyncPaused(pause_for(error)) from None
            except TransientGatewayError as error:
                attempt += 1
                if attempt >= limit:
                    if error.code == "connection_error":
                        self.reachable = False
                        log.info("Stripe unreachable: %s", error.message)
                        raise Offline() from None
                    raise
                self.sleeper(self.backoff.delay(attempt - 1, self.rng, retry_after=error.retry_after))

    def check_connection(self) -> bool:
        """Ask Stripe one cheap question; records and returns whether it answered."""
        if self.gateway is None:
            return False
        gateway = self.gateway
        try:
            self.call(lambda: gateway.latest_event_id(), attempts=1)
        except (Offline, SyncPaused, GatewayError):
            return False
        return True


__all__ = ["GatewayCalls", "Offline", "SyncPaused", "describe", "pause_for"]
