"""Fixtures for integration tests (real SQLite files, the local Stripe emulation, loopback printer)."""

from tests.support.stripe_fixtures import fake_stripe  # noqa: F401  (pytest fixture, used by name)
