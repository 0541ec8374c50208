"""Expiry: each award lot expires on its own date; what is left of expired lots moves to breakage.

Value past its date is never spendable (kiosk.services.common.spendable_balances); the expiry entries this
service writes make the books say so too: at start-up, then every day, in the background.

On a device joined to a hub every device holds every member's lots, so only one device of the whole hub writes
expiry (`ExpiryDuty`, chosen by kiosk.services.hub.expiry_writer): two tills that each wrote off the same lots
before they synced took the same points twice (docs/hub.md, "Expiry is written by one device"). A shop with no
hub writes its own, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from kiosk.domain.errors import Conflict, KioskError
from kiosk.domain.ledger import (
    Bucket,
    EntryKind,
    ProgramAccount,
    bucket_of,
    lot_book,
    member_account,
    transfer,
)
from kiosk.services.backups import Stopper
from kiosk.services.common import EntryWriter
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.usecase import LiveContext, Tx, UseCases


@dataclass(frozen=True)
class ExpiryResult:
    members: int
    points_expired: int
    credit_expired: int  # minor units
    rewards_expired: int


@dataclass(frozen=True)
class ExpiryDuty:
    """Whether this device writes the expiry entries. On a hub only one device does: `writer` names it
    ("Counter 1 (C1)"), or is None while this device does not know yet (it has not heard the hub's device list)."""

    here: bool
    writer: str | None = None


STANDALONE = ExpiryDuty(here=True)  # a shop with no hub expires its own members' lots


log = logging.getLogger(__name__)
DAY_S = 24 * 3600.0


class ExpiryService(UseCases):
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext, *,
                 duty: Callable[[], ExpiryDuty] | None = None) -> None:
        super().__init__(uow_factory, clock, ctx)
        self.duty = duty or (lambda: STANDALONE)

    def worker(self, stop: Stopper, *, every_s: float = DAY_S) -> None:
        """Background loop: expire what is due at start-up, then once a day, until `stop` is set. On a device
        of a hub that is not the one writing expiry, it does nothing (and asks again the next day)."""
        while not stop.is_set():
            try:
                duty = self.duty()
                if not duty.here:
                    log.info("expiry is written by %s, not here", duty.writer or "another device of the hub")
                    if stop.wait(every_s):
                        return
                    continue
                result = self.run()
                if result.members:
                    log.info("expired value of %d members", result.members)
            except KioskError as exc:  # a busy or full database must not kill the worker: next time
                log.warning("expiry run failed: %s (%s)", exc.message, exc.code)
            if stop.wait(every_s):
                return

    def run(self, *, batch: int = 500) -> ExpiryResult:
        """Expire everything due. Safe to run any time and repeatedly: expired lots are consumed once.

        Refused (expiry.elsewhere, naming the device that does it) on a device of a hub that is not the one
        writing expiry: its write-off would take the same lots again once the two sync."""
        duty = self.duty()
        if not duty.here:
            if duty.writer is None:
                raise Conflict("expiry.writer_unknown")
            raise Conflict("expiry.elsewhere", device=duty.writer)
        due = self.read(lambda tx: tx.uow.ledger.members_with_expired_lots(tx.now, tx.ctx.tz))
        members: set[str] = set()
        totals = {Bucket.POINTS: 0, Bucket.CREDIT: 0, Bucket.REWARDS: 0, Bucket.STAMPS: 0}
        for start in range(0, len(due), batch):
            for member_id, bucket, amount in self.write(partial(self._expire, due=due[start:start + batch])):
                members.add(member_id)
                totals[bucket] += amount
        return ExpiryResult(len(members), totals[Bucket.POINTS], totals[Bucket.CREDIT], totals[Bucket.REWARDS])

    def _expire(self, tx: Tx, due: list[tuple[str, str]]) -> list[tuple[str, Bucket, int]]:
        """One batch in its own transaction: (member, points|credit|rewards, amount) for each write-off."""
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        writer = EntryWriter(uow, ctx, now)
        expired: list[tuple[str, Bucket, int]] = []
        for member_id, unit in due:
            rows = uow.ledger.member_postings(member_id, unit)
            book = lot_book((r.move for r in rows), ctx.tz)
            amount = min(book.expired_by(now), max(book.balance, 0))
            if amount <= 0:
                continue
            bucket = bucket_of(unit, ctx.currency)
            writer.write(kind=EntryKind.EXPIRY, member_id=member_id, memo=f"expired {unit}",
                         postings=transfer(unit=unit, amount=amount, to_account=ProgramAccount.EXPIRED,
                                           from_account=member_account(member_id, bucket)))
            expired.append((member_id, bucket, amount))
        return expired
