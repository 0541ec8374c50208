"""What the daily retention pass removes from the shop database once nothing can need it any more.

kiosk/adapters/db/retention.py implements `RetentionStore`; kiosk/services/retention.py decides what and when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class RetentionStore(Protocol):
    def prune_commands(self, *, kind: str, before: datetime) -> int:
        """Forget the command-log rows of `kind` recorded before `before`; returns how many."""

    def prune_sent_outbox(self, *, before: datetime) -> int:
        """Delete the Stripe outbox rows settled before `before` (sent, or handed to the device that sends the
        shop's updates), never a pending or review row, nor the newest row (its seq keeps the next one
        growing); returns how many."""
