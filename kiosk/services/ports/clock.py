"""The clock port: services ask it for the time instead of the system, so tests and replays can fix it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...
