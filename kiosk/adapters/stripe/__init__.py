"""Stripe adapter: the sync gateway (and, later, the outbox worker that drives it)."""

from __future__ import annotations

from typing import Any

__all__ = ["StripeGateway", "translate_stripe_error"]


def __getattr__(name: str) -> Any:
    # The stripe library costs ~0.4 s to import: loaded when the gateway is first used, not when
    # kiosk.adapters.stripe.wiring is imported by every start-up (most tills run with Stripe off).
    if name in __all__:
        from kiosk.adapters.stripe import gateway

        return getattr(gateway, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
