"""Personal offers: the facts a rule reads about a member, the offers they have now, marking them shown when the
member is identified (the expiry runs from then), using one at checkout (at most once, before it expires, only
by the member it was shown to), and what each offer did for the manager (shown, used, what it earned)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk.domain.errors import Conflict, InvalidInput, RuleViolation
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.members import Member
from kiosk.domain.money import Money
from kiosk.domain.programs import tiers as tier_rules
from kiosk.domain.programs.engine import CartLine, DiscountKind, OfferUse
from kiosk.domain.programs.offers import (
    AT_RISK_LOOKBACK_DAYS,
    BIG_SPENDER_DAYS,
    MemberFacts,
    Offer,
    at_risk,
    picks,
)
from kiosk.domain.text import Localized
from kiosk.services.common import EntryWriter, current_tier, expiry_from, find_member
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork
from kiosk.services.usecase import Tx, UseCases

OFFER_MEMO = "offer:"
NEAR_TIER_PERCENT = 80  # a promotion's "close to the next tier" segment


@dataclass(frozen=True)
class OfferView:
    offer_id: str
    label: str
    kind: str
    sku: str
    points: int
    expires_at: datetime | None  # None until first shown
    last_day: date | None = None  # the shop's last day to use it (the day before expires_at ends it)


def member_facts(uow: UnitOfWork, ctx: ShopContext, member: Member, now: datetime) -> MemberFacts:
    today = ctx.business_date(now)
    sales = uow.sales.for_member_between(member.id, today - timedelta(days=AT_RISK_LOOKBACK_DAYS - 1), today)
    days = tuple(sorted({s.business_date for s in sales}))
    last = days[-1] if days else None
    if last is None:
        recent = [s for s in uow.sales.recent_for_member(member.id, limit=5) if s.status != "voided"]
        last = max((s.business_date for s in recent), default=None)
    spend = sum(s.total_minor - s.refunded_minor + s.credit_paid_minor for s in sales
                if s.business_date > today - timedelta(days=BIG_SPENDER_DAYS))
    percent = None
    status, qualifying = current_tier(uow, ctx, member.id, now)
    if status is not None:
        prog = tier_rules.progress(ctx.programs.tiers, status, qualifying)
        percent = prog.percent if prog.next_tier is not None else None
    return MemberFacts(today, member.birthday, days, last, spend, percent)


def fact_segments(facts: MemberFacts) -> set[str]:
    """The promotion segments read from a member's history: at risk (the health report's rule), and close to
    the next tier (80% of the way or more)."""
    out = set()
    if at_risk(facts.visit_days, facts.today):
        out.add("at_risk")
    if facts.tier_percent is not None and NEAR_TIER_PERCENT <= facts.tier_percent < 100:
        out.add("near_next_tier")
    return out


def available(uow: UnitOfWork, ctx: ShopContext, member: Member, now: datetime, *,
              language: str) -> list[OfferView]:
    """The offers this member has now: one shown before and still running, or one a rule picks today."""
    programs = ctx.programs
    today = ctx.business_date(now)
    running = [o for o in programs.offers if o.running_on(today)]
    if not running:
        return []
    seen = uow.offers.for_member(member.id)
    facts: MemberFacts | None = None
    out: list[OfferView] = []
    for offer in running:
        state = seen.get(offer.id)
        if state is not None:
            if state.used_at is None and state.expires_at > now:
                out.append(_view(offer, language, state.expires_at, ctx))
            continue
        facts = facts or member_facts(uow, ctx, member, now)
        if picks(offer, facts):
            out.append(_view(offer, language, None, ctx))
    return out


def _view(offer: Offer, language: str, expires_at: datetime | None, ctx: ShopContext) -> OfferView:
    last = ctx.local(expires_at - timedelta(seconds=1)).date() if expires_at is not None else None
    return OfferView(offer.id, offer.label(language), offer.kind, offer.sku, offer.points, expires_at, last)


def offer_expiry(ctx: ShopContext, offer: Offer, now: datetime) -> datetime:
    """The end of the shop's day `valid_days - 1` days after it is first shown ("today" for a one-day offer)."""
    day = ctx.business_date(now) + timedelta(days=offer.valid_days)
    return datetime(day.year, day.month, day.day, tzinfo=ctx.tz)


def check_offers(tx: Tx, member: Member | None, offer_ids: tuple[str, ...], lines: tuple[CartLine, ...]
                 ) -> tuple[OfferUse, ...]:
    """The offers asked for on a sale, each checked: this member's, shown to them, unused, not expired, and the
    basket has what it needs. Raises with a reason the cashier can read."""
    if not offer_ids:
        return ()
    if member is None:
        raise RuleViolation("offer.member_required")
    if len(set(offer_ids)) != len(offer_ids):
        raise InvalidInput("offer.twice")
    ctx, now = tx.ctx, tx.now
    seen = tx.uow.offers.for_member(member.id)
    items = tuple((ln.sku, ctx.programs.category_of(ln.sku)) for ln in lines)
    uses: list[OfferUse] = []
    for offer_id in offer_ids:
        offer = ctx.programs.offer(offer_id)
        state = seen.get(offer_id)
        if offer is None or state is None:
            raise RuleViolation("offer.not_for_member")
        if state.used_at is not None:
            raise Conflict("offer.used")
        if state.expires_at <= now or not offer.running_on(ctx.business_date(now)):
            raise RuleViolation("offer.expired")
        if not offer.basket_qualifies(items):
            raise RuleViolation("offer.not_applicable", offer=Localized.of(offer.label))
        if offer.kind == "free_item":
            uses.append(OfferUse(offer.id, offer.label(ctx.language), offer.sku))
    return tuple(uses)


def use_offers(writer: EntryWriter, member_id: str, sale_id: str, offer_ids: tuple[str, ...]) -> int:
    """Mark the offers used on this sale (once: a second counter using it at the same moment is refused) and
    give the bonus-points ones as an entry of their own. Returns the points given."""
    uow, ctx, now = writer.uow, writer.ctx, writer.now
    given = 0
    for offer_id in offer_ids:
        offer = ctx.programs.offer(offer_id)
        assert offer is not None  # check_offers saw it
        if not uow.offers.use(offer_id=offer_id, member_id=member_id, at=now, sale_id=sale_id):
            raise Conflict("offer.just_used")
        if offer.kind == "bonus_points":
            writer.write(kind=EntryKind.OFFER, member_id=member_id, sale_id=sale_id, memo=OFFER_MEMO + offer.id,
                         postings=transfer(unit=POINTS, amount=offer.points,
                                           to_account=member_account(member_id, Bucket.POINTS),
                                           from_account=ProgramAccount.ISSUED,
                                           expires_at=expiry_from(now, ctx.programs.points.expiry_months, ctx.tz)))
            given += offer.points
    return given


def give_back_offers(uow: UnitOfWork, ctx: ShopContext, now: datetime, *, member_id: str, sale_id: str,
                     only: Collection[str] | None = None, skip: Collection[str] = ()) -> tuple[int, int]:
    """After a whole refund of `sale_id` (or one that returned the free items of the offers `only`): the offers
    it used are the member's again, until their own expiry; `skip` those an earlier refund already dealt with.
    One another sale still uses (two counters used it apart: the hub's offer_twice) stays used, now on that sale,
    so a refund of one of the two never makes it usable a third time. Returns (given back, left used because
    they have expired)."""
    back = expired = 0
    for row in uow.offers.used_on(sale_id):
        if row.offer_id in skip or (only is not None and row.offer_id not in only):
            continue
        other = _other_use(uow, ctx, member_id=member_id, offer_id=row.offer_id, sale_id=sale_id,
                           since=row.shown_at, now=now)
        if other is not None:
            uow.offers.move_use(offer_id=row.offer_id, member_id=member_id, from_sale=sale_id, to_sale=other)
        elif uow.offers.give_back(offer_id=row.offer_id, member_id=member_id, sale_id=sale_id, at=now):
            back += 1
        else:
            expired += 1
    return back, expired


def _other_use(uow: UnitOfWork, ctx: ShopContext, *, member_id: str, offer_id: str, sale_id: str,
               since: datetime, now: datetime) -> str | None:
    """Another sale of the member's, not wholly refunded, that used this offer: its bonus entry still stands, or
    its free item is among the sale's discounts."""
    memo = OFFER_MEMO + offer_id
    for award in uow.ledger.awards(EntryKind.OFFER.value, member_id=member_id, memo_prefix=memo):
        if award.memo == memo and award.amount > 0 and award.sale_id and award.sale_id != sale_id:
            return award.sale_id
    for sale in uow.sales.for_member_between(member_id, ctx.business_date(since) - timedelta(days=1),
                                             ctx.business_date(now)):
        if sale.id != sale_id and any(d.kind == DiscountKind.OFFER and d.ref == offer_id for d in sale.discounts):
            return sale.id
    return None


@dataclass(frozen=True)
class OfferResult:
    offer_id: str
    name: str
    selector: str
    shown: int
    used: int
    sales_value: Money  # what the sales it was used on took, less refunds
    points_given: int


class OfferService(UseCases):
    def show(self, member_code: str, *, language: str | None = None) -> list[OfferView]:
        """The member's offers as the counter or kiosk shows them; the first showing starts each one's expiry."""
        return self.write(lambda tx: self._show(tx, member_code, language or tx.ctx.language))

    def _show(self, tx: Tx, member_code: str, language: str) -> list[OfferView]:
        member = find_member(tx.uow, tx.ctx, member_code)
        views = []
        for view in available(tx.uow, tx.ctx, member, tx.now, language=language):
            if view.expires_at is None:
                offer = tx.ctx.programs.offer(view.offer_id)
                assert offer is not None
                expires = offer_expiry(tx.ctx, offer, tx.now)
                tx.uow.offers.shown(offer_id=offer.id, member_id=member.id, at=tx.now, expires_at=expires,
                                    device_id=tx.ctx.device_id)
                view = _view(offer, language, expires, tx.ctx)
            views.append(view)
        return views

    def results(self, *, language: str | None = None) -> list[OfferResult]:
        return self.read(lambda tx: self._results(tx, language or tx.ctx.language))

    def _results(self, tx: Tx, language: str) -> list[OfferResult]:
        uow, ctx = tx.uow, tx.ctx
        rows = uow.offers.all()
        points: dict[str, int] = {}
        for row in uow.ledger.awards(EntryKind.OFFER.value, memo_prefix=OFFER_MEMO):
            if row.unit == POINTS:
                key = row.memo.removeprefix(OFFER_MEMO)
                points[key] = points.get(key, 0) + row.amount
        out = []
        for offer in ctx.programs.offers:
            mine = [r for r in rows if r.offer_id == offer.id]
            used = [r for r in mine if r.used_at is not None]
            value = 0
            for r in used:
                sale = uow.sales.get(r.sale_id) if r.sale_id else None
                if sale is not None:
                    value += sale.total_minor - sale.refunded_minor
            out.append(OfferResult(offer.id, offer.label(language), offer.selector, len(mine), len(used),
                                   Money(value, ctx.currency), points.get(offer.id, 0)))
        return out
