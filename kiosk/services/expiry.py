"""Expiry: each award lot expires on its own date; what is left of expired lots moves to breakage."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.ledger import POINTS, EntryKind, ProgramAccount, lot_book, member_account, transfer
from kiosk.services.common import EntryWriter
from kiosk.services.context import ShopContext
from kiosk.services.usecase import UseCases
from kiosk.services.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class ExpiryResult:
    members: int
    points_expired: int
    credit_expired: int  # minor units
    rewards_expired: int


class ExpiryService(UseCases):
    def run(self, *, batch: int = 500) -> ExpiryResult:
        """Expire everything due. Safe to run any time and repeatedly: expired lots are consumed once."""
        now = self.clock.now()
        with self.uow_factory(readonly=True) as uow:
            due = uow.ledger.members_with_expired_lots(now)
        totals = {"members": set(), POINTS: 0, "credit": 0, "rewards": 0}
        for start in range(0, len(due), batch):
            with self.uow_factory() as uow:
                writer = EntryWriter(uow, self.ctx, now)
                for member_id, unit in due[start:start + batch]:
                    rows = uow.ledger.member_postings(member_id, unit)
                    book = lot_book((r.amount, r.expires_at, r.created_at) for r in rows)
                    amount = min(book.expired_by(now), max(book.balance, 0))
                    if amount <= 0:
                        continue
                    bucket = "points" if unit == POINTS else "credit" if unit == self.ctx.currency else "rewards"
                    writer.write(kind=EntryKind.EXPIRY, member_id=member_id, memo=f"expired {unit}",
                                 postings=transfer(unit=unit, amount=amount, to_account=ProgramAccount.EXPIRED,
                                                   from_account=member_account(member_id, bucket)))
                    totals["members"].add(member_id)  # type: ignore[attr-defined]
                    key = POINTS if unit == POINTS else "credit" if unit == self.ctx.currency else "rewards"
                    totals[key] += amount  # type: ignore[operator]
                uow.commit()
        return ExpiryResult(len(totals["members"]), totals[POINTS], totals["credit"], totals["rewards"])  # type: ignore[arg-type]
