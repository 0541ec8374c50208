"""The daily retention pass: what a sale leaves behind that nothing reads once its days are over.

Run by the app at start and then daily (the `receipt-retention` worker), each step on its own:

- A printed (or declined) sale receipt's print job goes after RECEIPT_RETENTION_DAYS: a reprint within them is
  the very receipt; after them it is made again from the sale and the ledger (kiosk.services.receipt_copies). A
  cash drawer opening, never reprinted nor looked up, goes.
- A sale's command-log row (`processed_commands`) answers a retried sale with the first result. A retry comes
  from the counter within seconds, or from a script re-running `kiosk sales record --id` after a failure: a
  sale's row is forgotten after COMMAND_RETENTION_DAYS. The sale stays recorded once all the same: its id is the
  command id, so a retry arriving later finds the sale and is refused ("checkout.sale_recorded_before", with its
  receipt number), and never makes a second sale. Other commands keep their row (partner receipts are checked
  against it for as long as the partner may send them again).
- A Stripe outbox row that was sent (or handed to the device that sends the shop's updates) is read by nothing
  after that: the sync claims only pending rows, the manager's list shows review rows, and a new row is made only
  for a new ledger entry (an entry pulled from the hub is skipped when the ledger already has it). Sent rows go
  after OUTBOX_RETENTION_DAYS; pending and review rows are never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from kiosk.domain.errors import KioskError
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.retention import RetentionStore
from kiosk.services.printing import RECEIPT_RETENTION_DAYS, PrintService

log = logging.getLogger(__name__)

COMMAND_RETENTION_DAYS = 14
OUTBOX_RETENTION_DAYS = 14
PRUNED_COMMAND_KINDS = ("sale",)  # a sale's own row (its id is the command id) refuses a later retry


@dataclass(frozen=True)
class RetentionReport:
    receipts_pruned: int = 0
    drawer_kicks_pruned: int = 0
    commands_pruned: int = 0
    outbox_pruned: int = 0


class RetentionService:
    def __init__(self, *, printing: PrintService, store: RetentionStore, clock: Clock) -> None:
        self.printing = printing
        self.store = store
        self.clock = clock

    def run(self) -> RetentionReport:
        """One pass; a step the database refuses (busy) is logged and tried again at the next pass."""
        now = self.clock.now()
        receipts = self._step("printed receipts not pruned",
                              lambda: self.printing.prune_sale_receipts(retention_days=RECEIPT_RETENTION_DAYS))
        kicks = self._step("drawer openings not pruned",
                            lambda: self.printing.prune_drawer_kicks(retention_days=RECEIPT_RETENTION_DAYS))
        commands = self._step("command log not pruned", lambda: sum(
            self.store.prune_commands(kind=kind, before=now - timedelta(days=COMMAND_RETENTION_DAYS))
            for kind in PRUNED_COMMAND_KINDS))
        outbox = self._step("sent Stripe rows not pruned",
                            lambda: self.store.prune_sent_outbox(before=now - timedelta(days=OUTBOX_RETENTION_DAYS)))
        report = RetentionReport(receipts, kicks, commands, outbox)
        if receipts or kicks or commands or outbox:
            log.info("retention: %d sale receipt(s), %d drawer opening(s), %d sale command(s) and %d sent Stripe "
                     "row(s) pruned", receipts, kicks, commands, outbox)
        return report

    @staticmethod
    def _step(what: str, run: Callable[[], int]) -> int:
        try:
            return run()
        except KioskError as exc:  # a busy database: tried again tomorrow; the shop goes on regardless
            log.warning("%s: %s", what, exc)
            return 0


__all__ = ["COMMAND_RETENTION_DAYS", "OUTBOX_RETENTION_DAYS", "RetentionReport", "RetentionService"]
