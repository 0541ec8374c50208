"""Coalition partners: a partner's sale to our member earns our points at the partner's rate, once per receipt."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiosk.domain.errors import InvalidInput, NotFound
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.services.common import EntryWriter, expiry_from, find_member, spendable_balances
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class PartnerAward:
    partner: str
    reference: str
    points: int
    points_balance: int


class PartnerService(UseCases):
    def award(self, *, partner_id: str, member_code: str, amount: Money, reference: str) -> PartnerAward:
        """Points for a purchase at a partner; `reference` (the partner's receipt) makes it count once."""
        # Checked before the request id is made of it, so a long receipt number is told as such.
        reference = (reference or "").strip()
        if not reference or len(reference) > 40:
            raise InvalidInput("Give the partner's receipt number (1-40 characters).", code="bad_reference")
        command_id = f"partner:{partner_id}:{reference}"
        return self.command(command_id=command_id, kind="partner_award",
                            command={"member": member_code, "amount": amount.minor, "partner": partner_id},
                            result_type=PartnerAward,
                            run=lambda tx: self._award(tx, command_id, partner_id, member_code, amount, reference))

    def _award(self, tx: Tx, command_id: str, partner_id: str, member_code: str, amount: Money,
               reference: str) -> PartnerAward:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        partner = next((p for p in ctx.programs.partners if p.id == partner_id), None)
        if partner is None:
            raise NotFound(f"No partner {partner_id!r}.", code="unknown_partner")
        if amount.currency != ctx.currency or amount.minor <= 0:
            raise InvalidInput(f"The amount must be a positive {ctx.currency} amount.", code="bad_amount")
        units = int(Decimal(amount.minor) / Decimal(partner.spend_unit.minor))
        points = units * partner.points_per_unit
        member = find_member(uow, ctx, member_code)
        if points:
            EntryWriter(uow, ctx, now, command_id).write(
                kind=EntryKind.PARTNER, member_id=member.id, memo=f"{partner.id} receipt {reference}",
                postings=transfer(unit=POINTS, amount=points, to_account=member_account(member.id, Bucket.POINTS),
                                  from_account=ProgramAccount.PARTNER,
                                  expires_at=expiry_from(now, ctx.programs.points.expiry_months)))
        balance = spendable_balances(uow, member.id, now).get(POINTS, 0)
        return PartnerAward(partner.name, reference, points, balance)
