"""A look underneath the app in UI tests: a unit of work on a shop's SQLite file, opened and closed here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory


@contextmanager
def shop_uow(data_dir: Path, *, readonly: bool = True) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(sqlite_url(data_dir / "shop.sqlite3"))
    try:
        with SqlUnitOfWorkFactory(engine)(readonly=readonly) as uow:
            yield uow
    finally:
        engine.dispose()
