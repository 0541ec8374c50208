"""Payments members made through Stripe, brought into the ledger exactly once: points earned online, and store
credit that Stripe applied to an invoice (credit we pushed to the customer balance and Stripe spent)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from kiosk.domain.ledger import POINTS, EntryKind, Flag, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs import points as points_rules
from kiosk.services.common import EntryWriter, expiry_from, idempotent, member_state
from kiosk.services.usecase import LiveContext, live
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock, UnitOfWorkFactory

# Ledger entries that only mirror what Stripe already did carry command ids with this prefix; the sync worker
# never pushes their credit movements back to Stripe (that would spend the credit twice there).
STRIPE_MIRROR_PREFIX = "sbal:"
ONLINE_EARN_PREFIX = "stripe:"
_COMMAND_ID_MAX = 36  # ledger_entries.command_id


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


class OnlineEarnService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.live = live(ctx)

    def record_payment(self, *, member_id: str, payment_ref: str, amount: Money, event_id: str | None = None
                       ) -> OnlineEarn:
        """Points for a member's payment through Stripe. `payment_ref` (pi_... or in_...) makes it count once,
        whether it arrives as an event, again as an event, or from the listing fallback after 30 days."""
        now = self.clock.now()
        ctx = self.ctx
        command_id = stripe_command_id(ONLINE_EARN_PREFIX, payment_ref)

        def run() -> OnlineEarn:
            member = uow.members.get(member_id)
            if member is None or member.is_erased or amount.currency != ctx.currency or amount.minor <= 0:
                return OnlineEarn(member_id, payment_ref, 0, 0, None)
            state = member_state(uow, ctx, member, now)
            rules = ctx.programs.points
            base = points_rules.base_points(rules, paid=amount, eligible_items=0, purchase_value=amount)
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
                    postings=transfer(unit=POINTS, amount=earned, to_account=member_account(member.id, "points"),
                                      from_account=ProgramAccount.ISSUED,
                                      expires_at=expiry_from(now, rules.expiry_months)))
                entry_id = entry.id
            balance = uow.ledger.member_balances(member.id).get(POINTS, 0)
            return OnlineEarn(member.id, payment_ref, earned, balance, entry_id)

        with self.uow_factory() as uow:
            seen = uow.commands.get(command_id) is not None
            result = idempotent(uow, command_id=command_id, kind="online_earn",
                                command={"member": member_id, "payment": payment_ref, "amount": amount.minor,
                                         "currency": amount.currency},
                                result_type=OnlineEarn, at=now, run=run)
            uow.commit()
            return replace(result, replayed=True) if seen else result

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def record_credit_applied(self, *, member_id: str, invoice_id: str, applied: Money) -> StripeCreditUse:
        """Stripe applied the customer balance to an invoice: take the same amount from the member's store
        credit, so it cannot be spent again at the counter. Counted once per invoice."""
        now = self.clock.now()
        ctx = self.ctx
        command_id = stripe_command_id(STRIPE_MIRROR_PREFIX, invoice_id)

        def run() -> StripeCreditUse:
            member = uow.members.get(member_id)
            if member is None or applied.currency != ctx.currency or applied.minor == 0:
                return StripeCreditUse(member_id, invoice_id, 0, 0, None)
            credit = member_account(member.id, "credit")
            before = uow.ledger.member_balances(member.id).get(ctx.currency, 0)
            after = before - applied.minor
            postings = (transfer(unit=ctx.currency, amount=applied.minor, to_account=ProgramAccount.REDEEMED,
                                 from_account=credit) if applied.minor > 0 else
                        transfer(unit=ctx.currency, amount=-applied.minor, to_account=credit,
                                 from_account=ProgramAccount.REDEEMED))
            # Credit spent at the counter while offline may already have been spent again on Stripe: the
            # ledger then shows the debt (flagged), and Stripe collects it from the next invoice.
            flags = (Flag.NEGATIVE_BALANCE.value,) if after < 0 else ()
            entry = EntryWriter(uow, ctx, now, command_id).write(
                kind=EntryKind.SALE_REDEEM, member_id=member.id, postings=postings, flags=flags,
                memo=f"store credit used on Stripe invoice {invoice_id}")
            return StripeCreditUse(member.id, invoice_id, applied.minor, after, entry.id)

        with self.uow_factory() as uow:
            seen = uow.commands.get(command_id) is not None
            result = idempotent(uow, command_id=command_id, kind="stripe_credit_use",
                                command={"member": member_id, "invoice": invoice_id, "amount": applied.minor,
                                         "currency": applied.currency},
                                result_type=StripeCreditUse, at=now, run=run)
            uow.commit()
            return replace(result, replayed=True) if seen else result
