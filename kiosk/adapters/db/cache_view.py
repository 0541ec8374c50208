"""One view of the manager's caches: each refresh run once for every figure read inside, per thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine

T = TypeVar("T")


class CacheView:
    """Shared by the adapters whose figures one screen reads together (program health: SqlAnalytics and the
    period summary's SqlReports), so a cache both read is brought up to date once, whichever asks first.

    Unviewed, every figure refreshes what it reads: ~9 reads of watermarks for the member windows alone, which a
    program health view paid for each of its six window figures, and the day flows and sales per day once for
    the chain's summary and again for each shop's.
    """

    def __init__(self) -> None:
        self._views = threading.local()  # the view open on this thread (the hourly pass runs on its own)

    @contextmanager
    def open(self) -> Iterator[None]:
        """Each cache brought up to date once for all the figures read inside (a view nested in one: the outer's)."""
        if getattr(self._views, "done", None) is not None:
            yield
            return
        self._views.done = {}
        try:
            yield
        finally:
            self._views.done = None

    def once(self, what: object, refresh: Callable[[], T]) -> T:
        """`refresh()`, or in a view its answer from the first time the view asked."""
        done: dict[object, Any] | None = getattr(self._views, "done", None)
        if done is None:
            return refresh()
        if what not in done:
            done[what] = refresh()
        return done[what]

    def refreshed(self, refresh: Callable[[Engine], T], engine: Engine) -> T:
        """`refresh(engine)` (a cache's refresh_* function), once in a view whichever adapter asks."""
        return self.once((refresh, engine), lambda: refresh(engine))
