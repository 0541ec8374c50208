"""Expiry: each award lot expires on its own date; what is left of expired lots moves to breakage."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from kiosk.domain.ledger import Bucket, EntryKind, ProgramAccount, bucket_of, lot_book, member_account, transfer
from kiosk.services.common import EntryWriter
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class ExpiryResult:
    members: int
    points_expired: int
    credit_expired: int  # minor units
    rewards_expired: int


class ExpiryService(UseCases):
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
            book = lot_book((r.amount, r.expires_at, r.created_at) for r in rows)
            amount = min(book.expired_by(now), max(book.balance, 0))
            if amount <= 0:
                continue
            bucket = bucket_of(unit, ctx.currency)
            writer.write(kind=EntryKind.EXPIRY, member_id=member_id, memo=f"expired {unit}",
                         postings=transfer(unit=unit, amount=amount, to_account=ProgramAccount.EXPIRED,
                                           from_account=member_account(member_id, bucket)))
            expired.append((member_id, bucket, amount))
        return expired
