"""Automatic daily backups: when none is younger than a day, make one and keep only the newest `keep`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from kiosk.domain.errors import InvalidInput, KioskError
from kiosk.services.ports import Clock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupRecord:
    path: str
    bytes: int
    created_at: datetime


@dataclass(frozen=True)
class RestoreRecord:
    """A backup put in the shop's place (`kiosk restore`), and what was carried over so that the device gives
    nothing out twice: the numbers it goes on from, and the Stripe updates and slips that stay done."""

    path: str
    bytes: int
    created_at: datetime
    replaced: str  # read | unreadable (its numbers could not be carried over) | none (there was no database)
    copies: int  # the shop's other copies read as well (daily backups, databases earlier restores kept)
    next_receipts: tuple[str, ...]  # the next receipt number of each device label, as it will be printed
    next_refunds: tuple[str, ...]
    stripe_updates: int  # updates sent after the backup, not sent again
    print_jobs: int  # slips printed (or dismissed, or held) after the backup, not printed again by themselves


class BackupStore(Protocol):
    """Where backups live (a folder next to the database, a USB stick...)."""

    def newest(self) -> datetime | None:
        """When the newest backup there was made; None when there is none."""
        ...

    def create(self) -> BackupRecord: ...

    def prune(self, keep: int) -> list[str]:
        """Delete all but the newest `keep` backups; returns what was deleted."""
        ...


class Stopper(Protocol):
    """What a background worker is stopped with (a threading.Event)."""

    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass(frozen=True)
class AutoBackupResult:
    made: BackupRecord | None
    pruned: tuple[str, ...]
    reason: str  # made | recent | disabled


class DailyBackupService:
    def __init__(self, store: BackupStore, clock: Clock, *, enabled: bool = True, keep: int = 14,
                 every: timedelta = timedelta(hours=24)) -> None:
        if keep < 1:
            raise InvalidInput("backup.bad_config")
        self.store = store
        self.clock = clock
        self.enabled = enabled
        self.keep = keep
        self.every = every

    def due(self) -> bool:
        newest = self.store.newest()
        return newest is None or self.clock.now() - newest >= self.every

    def run_if_due(self, *, force: bool = False) -> AutoBackupResult:
        """Back up when the newest backup is a day old (or `force`), then prune to `keep`."""
        if not self.enabled and not force:
            return AutoBackupResult(None, (), "disabled")
        if not force and not self.due():
            return AutoBackupResult(None, (), "recent")
        made = self.store.create()
        pruned = tuple(self.store.prune(self.keep))
        log.info("daily backup %s (%s bytes), pruned %d", made.path, made.bytes, len(pruned))
        return AutoBackupResult(made, pruned, "made")

    def worker(self, stop: Stopper, *, check_every_s: float = 3600.0) -> None:
        """Background loop for App.start_workers: a till left on for days still gets one backup a day."""
        while not stop.is_set():
            try:
                self.run_if_due()
            except KioskError as exc:  # a full disk must not kill the worker: try again next hour
                log.warning("daily backup failed: %s (%s)", exc.message, exc.code)
            if stop.wait(check_every_s):
                return
