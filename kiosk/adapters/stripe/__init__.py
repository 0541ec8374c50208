"""Stripe adapter: the sync gateway (kiosk.adapters.stripe.gateway), imported only where Stripe is enabled."""
