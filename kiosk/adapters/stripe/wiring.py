"""Builds the Stripe sync service and membership helper from settings (called by kiosk.bootstrap)."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from sqlalchemy import Engine

from kiosk.adapters.db.sync_store import SqlSyncStore, lease_owner
from kiosk.services.context import ShopContext
from kiosk.services.online_earn import OnlineEarnService
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.ratelimit import TokenBucket
from kiosk.services.sync.membership import MembershipService
from kiosk.services.sync.worker import SyncService


class CountingThrottle:
    """The token bucket, counting the requests it let through (for reports and the benchmark)."""

    def __init__(self, bucket: TokenBucket) -> None:
        self.bucket = bucket
        self.count = 0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        waited = self.bucket.acquire()
        with self._lock:
            self.count += 1
        return waited


def build_sync(settings: Any, engine: Engine, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext,
               *, api_key: str | None = None, **service_options: Any) -> tuple[SyncService, MembershipService]:
    """The sync service and membership helper. Without `stripe.enabled` and a key, the service only reports
    status (configured=False) and the helper refuses to start a payment. The key is read here and handed to
    the client; it is never logged or stored."""
    stripe_settings = settings.stripe
    key = api_key if api_key is not None else (stripe_settings.api_key() if stripe_settings.enabled else None)
    store = SqlSyncStore(engine)
    gateway = None
    throttle: CountingThrottle | None = None
    if stripe_settings.enabled and key:
        from kiosk.adapters.stripe.gateway import StripeGateway  # the stripe library loads only when used

        rate = max(0.1, float(stripe_settings.rate_limit_per_second))
        # A small burst: after an idle spell a full second's worth at once would overshoot the limit in that
        # second (Stripe counts per second); a tenth keeps any one-second window within about 10 % of the rate.
        throttle = CountingThrottle(TokenBucket(rate_per_second=rate, burst=max(1, int(rate / 10)),
                                                clock=time.monotonic, sleeper=time.sleep))
        gateway = StripeGateway(api_key=key, api_base=stripe_settings.api_base, throttle=throttle,
                                membership_product_name=f"{ctx.shop.name} membership")
    online_earn = OnlineEarnService(uow_factory, clock, ctx)
    # Enough requests in flight to use the rate with Stripe's typical 0.2-0.4 s round trips.
    rate = float(stripe_settings.rate_limit_per_second)
    service_options.setdefault("workers", max(4, min(16, math.ceil(rate * 0.3))))
    sync = SyncService(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store, gateway=gateway,
                       online_earn=online_earn, lease_owner=lease_owner(),
                       request_count=(lambda: throttle.count) if throttle is not None else None, **service_options)
    # The join page shares the worker's gateway calls (one online flag, one request count) and its customers.
    membership = MembershipService(uow_factory=uow_factory, clock=clock, ctx=ctx, store=store, calls=sync.calls,
                                   customers=sync.customers, success_url=stripe_settings.success_url)
    return sync, membership
