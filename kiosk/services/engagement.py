"""Promotions at the till and for the manager: which segments a member is in, what each promotion already gave
them (its cap), its ledger entries on a sale, and its results (members reached, sales, points, cost)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    EntryKind,
    Posting,
    ProgramAccount,
    member_account,
    stamps_unit,
    transfer,
)
from kiosk.domain.members import Member
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import Quote
from kiosk.domain.programs.promotions import BasketLine, Promotion, format_hours, share_basis, split_share_basis
from kiosk.services.challenges import ChallengeResult, challenge_results
from kiosk.services.common import EntryWriter, expiry_from
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork
from kiosk.services.usecase import Tx, UseCases

PROMOTION_MEMO = "promotion:"
NEW_MEMBER_DAYS = 30


def wall_clock(ctx: ShopContext, at: datetime) -> datetime:
    """The shop's wall-clock time (naive), what promotions' dates and hours are written in."""
    return ctx.local(at).replace(tzinfo=None)


def basic_segments(ctx: ShopContext, member: Member, now: datetime, *, paid: bool) -> set[str]:
    """The segments read off the member alone (no sums over their history)."""
    today = ctx.business_date(now)
    out: set[str] = set()
    if member.birthday is not None and member.birthday.month == today.month:
        out.add("birthday_month")
    if now - member.enrolled_at <= timedelta(days=NEW_MEMBER_DAYS):
        out.add("new_member")
    if paid:
        out.add("paid_member")
    return out


def promotions_used(uow: UnitOfWork, member_id: str) -> dict[str, int]:
    """Per promotion: what it still gives this member (points or stamps, net of refunds): its cap counts this."""
    used: dict[str, int] = defaultdict(int)
    for row in uow.ledger.awards(EntryKind.PROMOTION.value, member_id=member_id):
        used[promotion_of(row.memo)] += row.amount
    return dict(used)


def promotion_of(memo: str) -> str:
    """The promotion a promotion entry's memo names (its lines, when recorded, follow the id)."""
    return split_share_basis(memo.removeprefix(PROMOTION_MEMO))[0]


def write_promotion_entries(writer: EntryWriter, member_id: str, quote: Quote, lines: tuple[BasketLine, ...]
                            ) -> None:
    """One ledger entry per promotion that boosted the sale: its own kind, so reports, verify and refunds see
    it. Its points record the lines they were earned on (promotions.share_basis), so a refund takes back the
    share of those lines: returning the coffee leaves a cake's bonus alone."""
    programs, now = writer.ctx.programs, writer.now
    for award in quote.promotions:
        promo = next((p for p in programs.promotions if p.id == award.promotion_id), None)
        basis = share_basis(promo, lines) if promo is not None and award.points else ""
        postings: list[Posting] = []
        if award.points:
            postings += transfer(unit=POINTS, amount=award.points, to_account=member_account(member_id, Bucket.POINTS),
                                 from_account=ProgramAccount.ISSUED,
                                 expires_at=expiry_from(now, programs.points.expiry_months, writer.ctx.tz))
        for card_id, extra in award.stamps:
            postings += transfer(unit=stamps_unit(card_id), amount=extra,
                                 to_account=member_account(member_id, Bucket.STAMPS),
                                 from_account=ProgramAccount.ISSUED)
        if postings:
            writer.write(kind=EntryKind.PROMOTION, postings=tuple(postings), member_id=member_id,
                         sale_id=writer.command_id, memo=PROMOTION_MEMO + award.promotion_id + basis)


@dataclass(frozen=True)
class PromotionResult:
    """How one promotion did: for the manager's view."""

    promotion_id: str
    name: str
    kind: str
    status: str  # active | paused | ended, or "scheduled" / "over" from its dates
    live_now: bool
    starts: datetime | None
    ends: datetime | None
    hours: str
    members_reached: int
    boosted_sales: int
    sales_value: Money  # what the sales it boosted took in money, less refunds
    points_given: int
    stamps_given: int
    cost: Money  # the points' value at checkout
    weekdays: tuple[int, ...] = ()  # 0 = Monday; empty: every day


def promotion_state(promo: Promotion, at: datetime) -> str:
    """What the manager reads: paused and ended as set; otherwise scheduled, running or over by its dates."""
    if promo.status != "active":
        return promo.status
    if promo.starts is not None and at < promo.starts:
        return "scheduled"
    if promo.ends is not None and at >= promo.ends:
        return "over"
    return "running"


class PromotionReports(UseCases):
    def results(self, *, language: str | None = None) -> list[PromotionResult]:
        return self.read(lambda tx: self._results(tx, language or tx.ctx.language))

    def challenges(self, *, language: str | None = None) -> list[ChallengeResult]:
        """How each challenge did: members who completed it, completions standing, points given."""
        return self.read(lambda tx: challenge_results(tx.uow, tx.ctx, language or tx.ctx.language))

    def _results(self, tx: Tx, language: str) -> list[PromotionResult]:
        ctx, uow = tx.ctx, tx.uow
        at = wall_clock(ctx, tx.now)
        rows = uow.ledger.awards(EntryKind.PROMOTION.value, memo_prefix=PROMOTION_MEMO)
        by_promo: dict[str, list[tuple[str, str | None, str, int]]] = defaultdict(list)
        for row in rows:
            by_promo[promotion_of(row.memo)].append((row.member_id, row.sale_id, row.unit, row.amount))
        out: list[PromotionResult] = []
        point_value = ctx.programs.points.point_value
        for promo in ctx.programs.promotions:
            awards = by_promo.get(promo.id, [])
            members = {mid for mid, _, _, amount in awards if amount > 0}
            sales = {sid for _, sid, _, amount in awards if amount > 0 and sid}
            points = sum(amount for _, _, unit, amount in awards if unit == POINTS)
            stamps = sum(amount for _, _, unit, amount in awards if unit.startswith("STAMP:"))
            value = 0
            for sale_id in sorted(sales):
                sale = uow.sales.get(sale_id)
                if sale is not None:
                    value += sale.total_minor - sale.refunded_minor
            out.append(PromotionResult(
                promotion_id=promo.id, name=promo.label(language), kind=promo.kind,
                status=promotion_state(promo, at), live_now=promo.live_at(at), starts=promo.starts, ends=promo.ends,
                hours=format_hours(promo.hours) if promo.hours else "", members_reached=len(members),
                boosted_sales=len(sales), sales_value=Money(value, ctx.currency), points_given=points,
                stamps_given=stamps, cost=point_value * points, weekdays=promo.weekdays))
        return out
