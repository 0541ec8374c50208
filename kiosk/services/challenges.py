"""Challenges at the till: a member's progress from their sales, the bonus on the sale that completes one (once
per period, a ledger entry of its own), and taking it back when a refund leaves the challenge short again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.commands import RefundLine
from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    EntryKind,
    Flag,
    ProgramAccount,
    member_account,
    reversal_postings,
    transfer,
)
from kiosk.domain.programs.challenges import Activity, Challenge, ChallengeProgress, deadline, progress, window_for
from kiosk.domain.refunds import refunded_quantities
from kiosk.domain.text import Localized
from kiosk.services.common import EntryWriter, expiry_from
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork

CHALLENGE_MEMO = "challenge:"


@dataclass(frozen=True)
class Award:
    entry_id: str
    challenge_id: str
    key: str
    sale_id: str | None
    at: datetime
    points: int  # still given (net of reversals)


def awards(uow: UnitOfWork, member_id: str) -> list[Award]:
    out: dict[str, Award] = {}
    for row in uow.ledger.awards(EntryKind.CHALLENGE.value, member_id=member_id, memo_prefix=CHALLENGE_MEMO):
        if row.unit != POINTS:
            continue
        challenge_id, _, key = row.memo.removeprefix(CHALLENGE_MEMO).partition(":")
        out[row.entry_id] = Award(row.entry_id, challenge_id, key, row.sale_id, row.created_at, row.amount)
    return sorted(out.values(), key=lambda a: a.at)


def activities(uow: UnitOfWork, ctx: ShopContext, member_id: str, start: date, end: date
               ) -> list[tuple[str, Activity]]:
    """The member's sales on those days (by sale id) as challenges read them: what was kept after refunds."""
    out: list[tuple[str, Activity]] = []
    for sale in uow.sales.for_member_between(member_id, start, end):
        taken: dict[int, int] = {}
        if sale.refunded_minor or sale.status != "completed":  # only a partly refunded sale has lines back
            whole = tuple(RefundLine(i, ln.quantity) for i, ln in enumerate(sale.lines))
            taken = refunded_quantities([r.lines or whole for r in uow.sales.refunds_for(sale.id)], len(sale.lines))
        items: dict[str, int] = defaultdict(int)
        categories: dict[str, str] = {}
        for i, line in enumerate(sale.lines):
            if line.sku:
                items[line.sku] += line.quantity - taken.get(i, 0)
                categories[line.sku] = ctx.programs.category_of(line.sku)
        spend = sale.total_minor - sale.refunded_minor + sale.credit_paid_minor
        out.append((sale.id, Activity(sale.business_date, sale.created_at, spend, dict(items), categories)))
    return out


@dataclass(frozen=True)
class Standing:
    challenge: Challenge
    key: str
    progress: int
    deadline: date
    completed: bool
    after: datetime | None  # a rolling window counts only what came after the last completion


def standings(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime) -> list[Standing]:
    """Where the member stands in each challenge running today."""
    return [after for _, after in standings_around(uow, ctx, member_id, now)]


def standings_around(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime, *,
                     sale_id: str | None = None) -> list[tuple[Standing, Standing]]:
    """Each running challenge's standing without sale `sale_id` and with it: the member's sales are read once,
    for the longest window any challenge looks at."""
    today = ctx.business_date(now)
    given = [a for a in awards(uow, member_id) if a.points > 0]
    running = []
    for challenge in ctx.programs.challenges:
        if not challenge.running_on(today):
            continue
        mine = [a for a in given if a.challenge_id == challenge.id]
        if mine and not challenge.repeat:
            continue  # done once, for good
        running.append((challenge, window_for(challenge, today), mine))
    if not running:
        return []
    sales = activities(uow, ctx, member_id, min(w.start for _, w, _ in running), today)
    out: list[tuple[Standing, Standing]] = []
    for challenge, window, mine in running:
        after = max((a.at for a in mine), default=None) if challenge.period == "days" else None
        counted = [(sid, a) for sid, a in sales if a.day >= window.start and (after is None or a.at > after)]
        done = challenge.period != "days" and any(a.key == window.key for a in mine)
        pair = []
        for acts in ([a for sid, a in counted if sid != sale_id], [a for _, a in counted]):
            pair.append(Standing(challenge, window.key, progress(challenge, acts),
                                 deadline(challenge, window, acts, today), done, after))
        out.append((pair[0], pair[1]))
    return out


def progress_views(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime
                   ) -> tuple[ChallengeProgress, ...]:
    return tuple(ChallengeProgress(s.challenge.id, Localized.of(s.challenge.label), s.challenge.kind,
                                   min(s.progress, s.challenge.target), s.challenge.target, s.deadline,
                                   s.challenge.points, s.completed)
                 for s in standings(uow, ctx, member_id, now))


@dataclass(frozen=True)
class ChallengeAward:
    challenge_id: str
    label: str
    points: int


def award_completed(writer: EntryWriter, member_id: str, sale_id: str
                    ) -> tuple[list[ChallengeAward], tuple[ChallengeProgress, ...]]:
    """After the sale is recorded: the bonus of every challenge this sale completes (once per period), and where
    the member stands in each afterwards (read once, for the receipt)."""
    uow, ctx, now = writer.uow, writer.ctx, writer.now
    out: list[ChallengeAward] = []
    views: list[ChallengeProgress] = []
    for before, after in standings_around(uow, ctx, member_id, now, sale_id=sale_id):
        challenge = after.challenge
        completes = not (after.completed or before.progress >= challenge.target
                         or after.progress < challenge.target)
        if completes:
            writer.write(kind=EntryKind.CHALLENGE, member_id=member_id, sale_id=sale_id,
                         memo=f"{CHALLENGE_MEMO}{challenge.id}:{after.key}",
                         postings=transfer(unit=POINTS, amount=challenge.points,
                                           to_account=member_account(member_id, Bucket.POINTS),
                                           from_account=ProgramAccount.ISSUED,
                                           expires_at=expiry_from(now, ctx.programs.points.expiry_months, ctx.tz)))
            out.append(ChallengeAward(challenge.id, challenge.label(ctx.language), challenge.points))
        views.append(ChallengeProgress(challenge.id, Localized.of(challenge.label), challenge.kind,
                                       min(after.progress, challenge.target), challenge.target, after.deadline,
                                       challenge.points, after.completed or completes))
    return out, tuple(views)


def take_back_after_refund(writer: EntryWriter, member_id: str, refunded_day: date) -> int:
    """After a refund of a sale on `refunded_day` is recorded: each challenge bonus whose period holds that day
    comes back whole when what is left no longer reaches the target (nothing is kept that was not earned); a
    later sale can complete it again. Returns the points taken back."""
    uow, ctx = writer.uow, writer.ctx
    mine = awards(uow, member_id)
    taken = 0
    for award in mine:
        challenge = ctx.programs.challenge(award.challenge_id)
        if award.points <= 0 or challenge is None:
            continue
        award_day = ctx.business_date(award.at)
        window = window_for(challenge, award_day)
        last = award_day if challenge.period == "days" else window.end
        if not window.start <= refunded_day <= last:
            continue
        acts = [a for _, a in activities(uow, ctx, member_id, window.start, last)]
        if challenge.period == "days":
            after = max((a.at for a in mine if a.challenge_id == challenge.id and a.points > 0 and a.at < award.at),
                        default=None)
            acts = [a for a in acts if (after is None or a.at > after) and a.at <= award.at]
        if progress(challenge, acts) >= challenge.target:
            continue
        original = uow.ledger.get(award.entry_id)
        if original is None:
            continue
        balance = uow.ledger.member_balances(member_id).get(POINTS, 0)
        writer.write(kind=EntryKind.REVERSAL, member_id=member_id, sale_id=award.sale_id, reverses_id=award.entry_id,
                     memo=f"refund of {EntryKind.CHALLENGE.value}", postings=reversal_postings(original),
                     flags=(Flag.NEGATIVE_BALANCE,) if balance < award.points else ())
        taken += award.points
    return taken


@dataclass(frozen=True)
class ChallengeResult:
    """How one challenge did, for the manager: who completed it, how often, what it gave."""

    challenge_id: str
    name: str
    kind: str
    period: str
    members_completed: int
    completions: int  # awards still standing (refunds took back the others)
    points_given: int


def challenge_results(uow: UnitOfWork, ctx: ShopContext, language: str) -> list[ChallengeResult]:
    rows = uow.ledger.awards(EntryKind.CHALLENGE.value, memo_prefix=CHALLENGE_MEMO)
    out: list[ChallengeResult] = []
    for challenge in ctx.programs.challenges:
        mine = [r for r in rows if r.unit == POINTS
                and r.memo.removeprefix(CHALLENGE_MEMO).partition(":")[0] == challenge.id]
        standing = [r for r in mine if r.amount > 0]
        out.append(ChallengeResult(challenge.id, challenge.label(language), challenge.kind, challenge.period,
                                   len({r.member_id for r in standing}), len(standing),
                                   sum(r.amount for r in mine)))
    return out
