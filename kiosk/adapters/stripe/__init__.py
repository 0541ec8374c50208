"""Stripe adapter: the sync gateway (and, later, the outbox worker that drives it)."""

from kiosk.adapters.stripe.gateway import StripeGateway, translate_stripe_error

__all__ = ["StripeGateway", "translate_stripe_error"]
