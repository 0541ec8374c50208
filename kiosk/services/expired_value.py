"""What a refused spend says when the member's points, store credit or free items ran out because they expired."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from kiosk.domain.errors import InsufficientBalance
from kiosk.domain.expiry import expires_on
from kiosk.domain.ledger import POINTS, EntryKind, LotBook, reward_unit
from kiosk.domain.money import Money
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork


def last_expired(uow: UnitOfWork, ctx: ShopContext, member_id: str, unit: str, now: datetime
                 ) -> tuple[int, date] | None:
    """What the member last had expire of `unit` by `now`: how much, and the day it was last good on (the date
    they were shown), whether an expiry entry has written it off yet or not. None if nothing ever expired."""
    book = LotBook(ctx.tz)
    gone: dict[date, int] = {}
    for row in uow.ledger.member_postings(member_id, unit):
        move = row.move
        taken: list[tuple[datetime | None, int]] = []
        book.apply(move, taken)
        if move.kind == EntryKind.EXPIRY:
            for expires_at, amount in taken:
                if expires_at is not None:
                    day = expires_on(expires_at, ctx.tz)
                    gone[day] = gone.get(day, 0) + amount
    for lot in book.expired_lots(now):
        assert lot.expires_at is not None
        day = expires_on(lot.expires_at, ctx.tz)
        gone[day] = gone.get(day, 0) + lot.amount
    if not gone:
        return None
    day = max(gone)
    return gone[day], day


def short_of_points(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime, codes: tuple[str, str], *,
                    balance: int, wanted: int, **params: object) -> InsufficientBalance:
    """The refusal of a spend of `wanted` points by a member who can spend `balance`: `codes` is the plain refusal
    and the one that also says how many expired, and on which day, used when what last expired would have
    covered it (each a catalogue code written out, as every refusal's is)."""
    plain, expired = codes
    found = last_expired(uow, ctx, member_id, POINTS, now)
    if found and wanted <= balance + found[0]:
        return InsufficientBalance(expired, **params, balance=balance, expired=found[0], day=found[1])
    return InsufficientBalance(plain, **params, balance=balance)


def said_with_expiry(refused: InsufficientBalance, uow: UnitOfWork, ctx: ShopContext, member_id: str,
                     now: datetime, *, stamp_rewards: Sequence[str] = (),
                     rewards_ready: dict[str, int] | None = None) -> InsufficientBalance | None:
    """The refusal of a checkout's points, store credit or free item (kiosk.domain.programs.engine) saying what
    expired, when that is why: what last expired would have covered what was asked for. None otherwise (the
    refusal stands as it is)."""
    params = refused.params
    if refused.code == "program.not_enough_points_to_spend":
        found = last_expired(uow, ctx, member_id, POINTS, now)
        value, wanted = params.get("value"), params.get("wanted")
        if found and isinstance(value, int) and isinstance(wanted, int) and wanted <= value + found[0]:
            return InsufficientBalance("program.not_enough_points_expired", **params, expired=found[0],
                                       day=found[1])
    elif refused.code == "program.not_enough_credit":
        found = last_expired(uow, ctx, member_id, ctx.currency, now)
        credit, asked = params.get("credit"), params.get("credit2")
        if found and isinstance(credit, Money) and isinstance(asked, Money) \
                and asked.minor <= credit.minor + found[0]:
            return InsufficientBalance("program.not_enough_credit_expired", **params,
                                       expired=Money(found[0], ctx.currency), day=found[1])
    elif refused.code == "program.no_stamp_reward":
        ready = rewards_ready or {}
        used: dict[str, int] = {}
        short = None  # the card the engine refused: the first one asked for beyond what it has ready
        for card_id in stamp_rewards:
            used[card_id] = used.get(card_id, 0) + 1
            if short is None and used[card_id] > ready.get(card_id, 0):
                short = card_id
        if short is not None:
            found = last_expired(uow, ctx, member_id, reward_unit(short), now)
            if found and used[short] <= ready.get(short, 0) + found[0]:
                return InsufficientBalance("program.no_stamp_reward_expired", **params, count=found[0],
                                           day=found[1])
    return None
