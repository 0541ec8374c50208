"""Expiry: each award lot expires on its own date; what is left of expired lots moves to breakage.

Value past its date is never spendable (kiosk.services.common.spendable_balances); the expiry entries this
service writes make the books say so too: at start-up, then every day, in the background.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from kiosk.domain.errors import KioskError
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
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class ExpiryResult:
    members: int
    points_expired: int
    credit_expired: int  # minor units
    rewards_expired: int


log = logging.getLogger(__name__)
DAY_S = 24 * 3600.0


class ExpiryService(UseCases):
    def worker(self, stop: Stopper, *, every_s: float = DAY_S) -> None:
        """Background loop: expire what is due at start-up, then once a day, until `stop` is set."""
        while not stop.is_set():
            try:
                result = self.run()
                if result.members:
                    log.info("expired value of %d members", result.members)
            except KioskError as exc:  # a busy or full database must not kill the worker: next time
                log.warning("expiry run failed: %s (%s)", exc.message, exc.code)
            if stop.wait(every_s):
                return

    def run(self, *, batch: int = 500) -> ExpiryResult:
        """Expire everything due. Safe to run any time and repeatedly: expired lots are consumed once."""
        due = self.read(lambda tx: tx.uow.ledger.members_with_expired_lots(tx.now))
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
            book = lot_book(r.move for r in rows)
            amount = min(book.expired_by(now), max(book.balance, 0))
            if amount <= 0:
                continue
            bucket = bucket_of(unit, ctx.currency)
            writer.write(kind=EntryKind.EXPIRY, member_id=member_id, memo=f"expired {unit}",
                         postings=transfer(unit=unit, amount=amount, to_account=ProgramAccount.EXPIRED,
                                           from_account=member_account(member_id, bucket)))
            expired.append((member_id, bucket, amount))
        return expired
