"""Payments members made through Stripe, brought into the ledger exactly once: points earned online, and store
credit that Stripe applied to an invoice (credit we pushed to the customer balance and Stripe spent)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from kiosk.domain.ledger import POINTS, Bucket, EntryKind, Flag, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs import points as points_rules
from kiosk.services.common import EntryWriter, expiry_from, member_state, spendable_balances
from kiosk.services.usecase import Tx, UseCases

# Ledger entries that only mirror what Stripe already did carry command ids with this prefix; the sync worker
# never pushes their credit movements back to Stripe (that would spend the credit twice there).
STRIPE_MIRROR_PREFIX = "sbal:"
ONLINE_EARN_PREFIX = "stripe:"
_COMMAND_ID_MAX = 36  # ledger_entries.command_id
T = TypeVar("T")


def stripe_command_id(prefix: str, object_id: str) -> str:
    """A command id from a Stripe object id: the id itself when it fits, else a stable digest of it."""
    plain = f"{prefix}{object_id}"
    if len(plain) <= _COMMAND_ID_MAX:
        return plain
    return prefix + hashlib.sha256(object_id.encode()).hexdigest()[: _COMMAND_ID_MAX - len(prefix)]


@dataclass(frozen=True)
class OnlineEarn:
    """Points for one payment made through Stripe (0 when it earns none: other currency, below minimum...)."""

    member_id: str
    payment_ref: str
    points: int
    points_balance: int
    entry_id: str | None
    replayed: bool = False  # True: this payment was already counted; this is the first answer again


@dataclass(frozen=True)
class StripeCreditUse:
    """Store credit Stripe applied to an invoice, now also taken from the member's credit in the ledger."""

    member_id: str
    invoice_id: str
    amount_minor: int  # positive: credit spent on Stripe; negative: a debt Stripe collected
    credit_balance_minor: int
    entry_id: str | None
    replayed: bool = False


class OnlineEarnService(UseCases):
    def record_payment(self, *, member_id: str, payment_ref: str, amount: Money, event_id: str | None = None
                       ) -> OnlineEarn:
        """Points for a member's payment through Stripe. `payment_ref` (pi_... or in_...) makes it count once,
        whether it arrives as an event, again as an event, or from the listing fallback after 30 days."""
        command_id = stripe_command_id(ONLINE_EARN_PREFIX, payment_ref)
        result, replayed = self._command_once(
            command_id=command_id, kind="online_earn",
            command={"member": member_id, "payment": payment_ref, "amount": amount.minor, "currency": amount.currency},
            result_type=OnlineEarn,
            run=lambda tx: self._record_payment(tx, command_id, member_id, payment_ref, amount, event_id))
        return replace(result, replayed=True) if replayed else result

    def _record_payment(self, tx: Tx, command_id: str, member_id: str, payment_ref: str, amount: Money,
                        event_id: str | None) -> OnlineEarn:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        member = uow.members.get(member_id)
        if member is None or member.is_erased or amount.currency != ctx.currency or amount.minor <= 0:
            return OnlineEarn(member_id, payment_ref, 0, 0, None)
        state = member_state(uow, ctx, member, now)
        rules = ctx.programs.points
        base = points_rules.base_points(rules, paid=amount, eligible_items=0)
        percent = state.tier.multiplier_percent if state.tier else 100
        if state.membership is not None:
            percent += state.membership.earn_bonus_percent
        earned = points_rules.apply_multiplier(base, percent)
        if ctx.policy.max_points_per_sale:
            earned = min(earned, ctx.policy.max_points_per_sale)
        entry_id = None
        if earned > 0:
            entry = EntryWriter(uow, ctx, now, command_id).write(
                kind=EntryKind.ONLINE_EARN, member_id=member.id,
                memo=f"Stripe {payment_ref}" + (f" ({event_id})" if event_id else ""),
                postings=transfer(unit=POINTS, amount=earned, to_account=member_account(member.id, Bucket.POINTS),
                                  from_account=ProgramAccount.ISSUED,
                                  expires_at=expiry_from(now, rules.expiry_months, ctx.tz)))
            entry_id = entry.id
        balance = spendable_balances(uow, member.id, now, tz=ctx.tz).get(POINTS, 0)
        return OnlineEarn(member.id, payment_ref, earned, balance, entry_id)

    def record_credit_applied(self, *, member_id: str, invoice_id: str, applied: Money) -> StripeCreditUse:
        """Stripe applied the customer balance to an invoice: take the same amount from the member's store
        credit, so it cannot be spent again at the counter. Counted once per invoice."""
        command_id = stripe_command_id(STRIPE_MIRROR_PREFIX, invoice_id)
        result, replayed = self._command_once(
            command_id=command_id, kind="stripe_credit_use",
            command={"member": member_id, "invoice": invoice_id, "amount": applied.minor,
                     "currency": applied.currency},
            result_type=StripeCreditUse,
            run=lambda tx: self._record_credit_applied(tx, command_id, member_id, invoice_id, applied))
        return replace(result, replayed=True) if replayed else result

    def _record_credit_applied(self, tx: Tx, command_id: str, member_id: str, invoice_id: str,
                               applied: Money) -> StripeCreditUse:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        member = uow.members.get(member_id)
        if member is None or applied.currency != ctx.currency or applied.minor == 0:
            return StripeCreditUse(member_id, invoice_id, 0, 0, None)
        credit = member_account(member.id, Bucket.CREDIT)
        before = spendable_balances(uow, member.id, now, tz=ctx.tz).get(ctx.currency, 0)
        after = before - applied.minor
        postings = (transfer(unit=ctx.currency, amount=applied.minor, to_account=ProgramAccount.REDEEMED,
                             from_account=credit) if applied.minor > 0 else
                    transfer(unit=ctx.currency, amount=-applied.minor, to_account=credit,
                             from_account=ProgramAccount.REDEEMED))
        # Credit spent at the counter while offline may already have been spent again on Stripe: the
        # ledger then shows the debt (flagged), and Stripe collects it from the next invoice.
        flags = (Flag.NEGATIVE_BALANCE,) if after < 0 else ()
        entry = EntryWriter(uow, ctx, now, command_id).write(
            kind=EntryKind.SALE_REDEEM, member_id=member.id, postings=postings, flags=flags,
            memo=f"store credit used on Stripe invoice {invoice_id}")
        return StripeCreditUse(member.id, invoice_id, applied.minor, after, entry.id)

    def _command_once(self, *, command_id: str, kind: str, command: object, result_type: type[T],
                      run: Callable[[Tx], T]) -> tuple[T, bool]:
        """`command`, and whether this was a replay: the id was applied before and `run` did not run now."""
        ran = False

        def first(tx: Tx) -> T:
            nonlocal ran
            ran = True
            return run(tx)

        result = self.command(command_id=command_id, kind=kind, command=command, result_type=result_type, run=first)
        return result, not ran
