"""Fixtures for integration tests (real SQLite files, the local Stripe emulation, loopback printer)."""

from collections.abc import Iterator

import pytest

from tests.support.hub import HubDatabase, shop_template  # noqa: F401  (session fixture: one shop for the hub tests)
from tests.support.pg_cluster import private_postgres  # noqa: F401  (session fixture: a server to stop)
from tests.support.stripe_fixtures import fake_stripe  # noqa: F401  (pytest fixture, used by name)


@pytest.fixture
def hub(postgres_url: str) -> Iterator[HubDatabase]:
    """A hub database of its own on the test server, dropped with the device roles it made (a module may
    define its own, e.g. one restored from the shared shop)."""
    database = HubDatabase(postgres_url)
    try:
        yield database
    finally:
        database.drop()
