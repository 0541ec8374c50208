"""Fixtures for integration tests (real SQLite files, the local Stripe emulation, loopback printer)."""

from tests.support.hub import shop_template  # noqa: F401  (session fixture: one shop for the hub tests)
from tests.support.pg_cluster import private_postgres  # noqa: F401  (session fixture: a server to stop)
from tests.support.stripe_fixtures import fake_stripe  # noqa: F401  (pytest fixture, used by name)
