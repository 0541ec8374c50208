"""A member's account at a glance: balances, tier progress, stamp cards, rewards, expiring soon, visits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk.domain.digits import arabic_digits
from kiosk.domain.documents import BonusView, LoyaltyBlock, StampCardView
from kiosk.domain.events import Event, ExpiringSoon, Localized, TierToGo
from kiosk.domain.expiry import expires_on
from kiosk.domain.ledger import POINTS, lot_book, reward_unit
from kiosk.domain.members import Member, mask_name, mask_phone
from kiosk.domain.money import Money
from kiosk.domain.programs import points as points_rules
from kiosk.domain.programs import tiers as tier_rules
from kiosk.domain.programs.challenges import ChallengeProgress
from kiosk.domain.programs.stamps import CardReading, read_card
from kiosk.services.challenges import progress_views
from kiosk.services.common import (
    active_membership,
    current_tier,
    find_member,
    history_incomplete,
    member_code,
    member_state,
    voucher_refusal,
)
from kiosk.services.context import ShopContext
from kiosk.services.offers import OfferView, available
from kiosk.services.ports import UnitOfWork
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class StampCardStatus:
    card_id: str
    name: str
    stamps: int
    required: int
    rewards_ready: int
    reward_name: str

    @property
    def reading(self) -> CardReading:
        """Stamps shown, owed and to go: the one reading the counter, the customer display, the kiosk and the
        CLI all say."""
        return read_card(stamps=self.stamps, required=self.required)


@dataclass(frozen=True)
class RewardOption:
    id: str
    name: str
    points: int
    value: Money
    affordable: bool
    points_short: int
    kind: str = "reward"  # reward (points catalogue) | stamp (a completed card's free item)


@dataclass(frozen=True)
class VoucherView:
    """A voucher the member turned points into and has not used yet: its code (the cashier applies it without
    the paper), what it gives, and the shop's last day it is good for (None: it never expires)."""

    code: str
    reward_id: str
    name: str  # the reward it gives, in the reader's language
    value: Money  # what it takes off at most (a free item: the item, up to this)
    valid_until: date | None
    expires_at: datetime | None
    issued_at: datetime | None = None

    def expiring_by(self, now: datetime, window_days: int) -> bool:
        """Whether it is in the last part of its life at `now`: within the shop's "expiring soon" window of its
        date, but never more than the last third of the time it was issued for (a fresh 30-day voucher is not
        "expiring soon" under a 30-day window: only its last 10 days are)."""
        if self.expires_at is None:
            return False
        window = timedelta(days=window_days)
        if self.issued_at is not None:
            window = min(window, (self.expires_at - self.issued_at) / 3)
        return self.expires_at <= now + window


@dataclass(frozen=True)
class Visit:
    at: datetime
    receipt_no: str
    amount: Money  # paid in money (cash, card, QR), as the receipt's payments and `refund --show` say it
    status: str
    credit_used: Money | None = None  # store credit that paid the rest of the bill, if any


@dataclass(frozen=True)
class TierView:
    name: str
    label: str
    metric: str
    qualifying: int
    next_name: str | None
    next_label: str | None
    remaining: int
    percent: int
    perks: tuple[str, ...]
    review_at: datetime | None
    next_named: Localized | None = None  # the next tier in both languages, as the config names it

    def to_go(self, currency: str) -> TierToGo:
        """What is left to the next tier, for the screens and the receipt to say in their language."""
        tier = self.next_named or Localized(self.next_label or "")
        if self.next_label is None:
            return TierToGo("top", 0, Money.zero(currency), tier)
        if self.metric == "spend":
            return TierToGo("spend", 0, Money(self.remaining, currency), tier)
        return TierToGo(self.metric, self.remaining, Money.zero(currency), tier)


@dataclass(frozen=True)
class MembershipView:
    plan_id: str
    name: str
    status: str
    perks_active: bool
    until: datetime | None


@dataclass(frozen=True)
class MemberAccount:
    member_id: str
    short_id: str
    display_name: str
    masked_phone: str
    language: str
    enrolled_at: datetime
    member_code: str
    referral_code: str
    points: int
    points_value: Money
    credit: Money
    stamp_cards: tuple[StampCardStatus, ...]
    tier: TierView | None
    rewards: tuple[RewardOption, ...]
    expiring: tuple[ExpiringSoon, ...]  # points, credit and free items that run out soon, soonest first
    visits: tuple[Visit, ...]
    membership: MembershipView | None
    negative_balance: bool = False
    challenges: tuple[ChallengeProgress, ...] = ()  # where the member stands in each challenge running today
    offers: tuple[OfferView, ...] = ()  # personal offers the member has now (OfferService.show starts them)
    # this device joined a shop and has not yet taken all its history from the hub: the balances may be short of
    # (or above) what the member holds, and spending them waits until it has (common.check_offline_spend)
    history_incomplete: bool = False
    # the shop's date when the account was read: the last visits say their year only when it is another one
    today: date | None = None
    # vouchers issued to the member, not used and not past their time, oldest first (a voucher printed nowhere,
    # its paper lost, or its slip never printed is still theirs to use)
    vouchers: tuple[VoucherView, ...] = ()


def build_account(uow: UnitOfWork, ctx: ShopContext, member: Member, now: datetime, *,
                  language: str | None = None, tier: tuple[tier_rules.TierStatus | None, int] | None = None,
                  visits: bool = True, challenges: tuple[ChallengeProgress, ...] | None = None,
                  with_offers: bool = True) -> MemberAccount:
    """`tier`: current_tier's answer when the caller has it (a sale just worked it out: it sums the member's
    sales); `visits=False` leaves out the last visits (a receipt does not print them); `challenges`: the
    member's progress when the caller has just worked it out (a sale); `with_offers` off where nobody reads
    them (a receipt)."""
    lang = language or ctx.language
    programs = ctx.programs
    tier = tier if tier is not None else current_tier(uow, ctx, member.id, now)
    state = member_state(uow, ctx, member, now, tier=tier, today=False)
    status, qualifying = tier
    tier_view = None
    if status is not None:
        prog = tier_rules.progress(programs.tiers, status, qualifying)
        tier_view = TierView(
            name=prog.tier.name, label=prog.tier.label(lang), metric=programs.tiers.metric, qualifying=qualifying,
            next_name=prog.next_tier.name if prog.next_tier else None,
            next_label=prog.next_tier.label(lang) if prog.next_tier else None,
            remaining=prog.remaining, percent=prog.percent, perks=prog.tier.perk_labels(lang),
            review_at=status.review_at, next_named=Localized.of(prog.next_tier.label) if prog.next_tier else None,
        )
    cards = tuple(
        StampCardStatus(c.id, c.label(lang), state.stamps.get(c.id, 0), c.required, state.rewards_ready.get(c.id, 0),
                        c.reward_label(lang))
        for c in programs.stamp_cards
    )
    rewards: list[RewardOption] = [
        RewardOption(c.card_id, c.reward_name, 0, card.reward_value, True, 0, "stamp")
        for c, card in zip(cards, programs.stamp_cards, strict=True)  # cards was made from stamp_cards, in order
        for _ in range(min(c.rewards_ready, 1)) if c.rewards_ready
    ]
    for r in programs.points.rewards:
        rewards.append(RewardOption(r.id, r.label(lang), r.points, r.value, state.points >= r.points,
                                    max(0, r.points - state.points)))
    expiring: list[tuple[date, ExpiringSoon]] = []
    horizon = now + timedelta(days=ctx.policy.expiring_soon_days)
    nothing = Localized("")
    held = [(POINTS, "points", nothing), (ctx.currency, "credit", nothing)]
    held += [(reward_unit(card.id), "reward", Localized.of(card.reward_label))
             for c, card in zip(cards, programs.stamp_cards, strict=True) if c.rewards_ready]
    # only a unit with a lot dated within the horizon can have anything expire soon: the others' history (a
    # receipt's largest read, and its lot books) is not read at all; the rest in one read, not one a unit
    ending = uow.ledger.units_with_lots_ending(member.id, now, horizon, ctx.tz)
    held = [(unit, what, reward) for unit, what, reward in held if unit in ending]
    history = uow.ledger.member_postings_of(member.id, [unit for unit, _, _ in held]) if held else {}
    for unit, what, reward in held:
        book = lot_book((r.move for r in history[unit]), ctx.tz)
        by_date: dict[date, int] = {}  # lots of one day end together, whatever time of day they were earned
        for lot in book.expiring_between(now, horizon):
            assert lot.expires_at is not None
            day = expires_on(lot.expires_at, ctx.tz)
            by_date[day] = by_date.get(day, 0) + lot.amount
        for day, amount in sorted(by_date.items()):
            count, value = (0, Money(amount, ctx.currency)) if what == "credit" else (amount, Money.zero(ctx.currency))
            expiring.append((day, ExpiringSoon(what, count, value, reward, day)))
    vouchers = unused_vouchers(uow, ctx, member.id, now, language=lang)
    expiring += [(v.valid_until, ExpiringSoon("voucher", 1, Money.zero(ctx.currency), reward, v.valid_until))
                 for v, reward in vouchers
                 if v.valid_until is not None and v.expiring_by(now, ctx.policy.expiring_soon_days)]
    expiring.sort(key=lambda e: e[0])
    last_visits = tuple(
        Visit(ctx.local(s.created_at), s.receipt_no, Money(s.total_minor, s.currency), s.status,
              credit_used=Money(s.credit_paid_minor, s.currency) if s.credit_paid_minor else None)
        for s in (uow.sales.recent_for_member(member.id, limit=5) if visits else ())
    )
    membership = None
    if member.paid_membership:
        plan = programs.plan(member.paid_membership)
        membership = MembershipView(member.paid_membership, plan.label(lang) if plan else member.paid_membership,
                                    member.paid_membership_status or "pending",
                                    active_membership(ctx, member, now) is not None, member.paid_membership_until)
    balances = uow.ledger.member_balances(member.id)
    return MemberAccount(
        member_id=member.id, short_id=member.short_id, display_name=mask_name(member.name),
        masked_phone=mask_phone(member.phone), language=member.language, enrolled_at=member.enrolled_at,
        member_code=member_code(uow, member), referral_code=member.referral_code,
        points=state.points, points_value=points_rules.points_value(programs.points, max(state.points, 0)),
        credit=state.credit, stamp_cards=cards, tier=tier_view, rewards=tuple(rewards),
        expiring=tuple(soon for _, soon in expiring), visits=last_visits, membership=membership,
        negative_balance=any(v < 0 for v in balances.values()),
        challenges=challenges if challenges is not None else (
            progress_views(uow, ctx, member.id, now) if programs.challenges else ()),
        offers=tuple(available(uow, ctx, member, now, language=lang)) if programs.offers and with_offers else (),
        history_incomplete=history_incomplete(uow, ctx), today=ctx.business_date(now),
        vouchers=tuple(v for v, _ in vouchers),
    )


def unused_vouchers(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime, *,
                    language: str) -> list[tuple[VoucherView, Localized]]:
    """The member's vouchers checkout would take now (checkout._voucher's checks): not used (by the row and by
    the ledger), not past their time, their reward still offered; each with its reward's name in both languages."""
    found: list[tuple[VoucherView, Localized]] = []
    for voucher in uow.vouchers.unused_for_member(member_id):
        reward = ctx.programs.reward(voucher.reward_id)
        # past its day needs no read of the ledger: asked first, before what checkout would say
        if reward is None or ctx.expired(voucher.expires_at, now) \
                or voucher_refusal(uow, ctx, voucher, now) is not None:
            continue
        until = expires_on(voucher.expires_at, ctx.tz) if voucher.expires_at is not None else None
        found.append((VoucherView(voucher.code, reward.id, reward.label(language), reward.value, until,
                                  voucher.expires_at, voucher.created_at), Localized.of(reward.label)))
    return found


def loyalty_block(account: MemberAccount, ctx: ShopContext, *, points_earned: int = 0,
                  points_spent: int = 0, credit_earned: Money | None = None, credit_spent: Money | None = None,
                  events: tuple[Event, ...] = (), bonuses: tuple[BonusView, ...] = ()) -> LoyaltyBlock:
    """The member's part of a receipt: what expires and where they stand in each challenge go as events the
    receipt says in its own language."""
    tier = account.tier
    return LoyaltyBlock(
        member_name=account.display_name, member_code=account.member_code,
        points_earned=points_earned, points_spent=points_spent, points_balance=account.points,
        points_value=account.points_value, credit_earned=credit_earned, credit_spent=credit_spent,
        credit_balance=account.credit,
        stamp_cards=tuple(StampCardView(c.name, c.stamps, c.required, c.rewards_ready) for c in account.stamp_cards),
        tier_name=tier.label if tier else None, next_tier_name=tier.next_label if tier else None,
        tier_to_go=tier.to_go(ctx.currency) if tier else None,
        tier_progress_percent=tier.percent if tier else None, expiring_soon=account.expiring, events=events,
        bonuses=bonuses, challenge_standings=tuple(c.standing(ctx.currency) for c in account.challenges),
    )


class AccountService(UseCases):
    def account(self, code_or_phone: str, *, language: str | None = None) -> MemberAccount:
        return self.read(lambda tx: self._account(tx, code_or_phone, language=language))

    def _account(self, tx: Tx, code_or_phone: str, *, language: str | None) -> MemberAccount:
        member = find_member(tx.uow, tx.ctx, code_or_phone)
        return build_account(tx.uow, tx.ctx, member, tx.now, language=language)

    def search(self, text: str, *, limit: int = 20) -> list[MemberSummary]:
        """Members whose phone or name matches what was typed so far (for search-as-you-type)."""
        text = arabic_digits(text or "").strip()  # a phone typed in Thai digits finds it as in Arabic ones
        if len(text) < 2:
            return []
        return self.read(lambda tx: [MemberSummary(m.id, mask_name(m.name), mask_phone(m.phone), m.enrolled_at)
                                     for m in tx.uow.members.search(text[:80], limit=limit)])

    def summaries(self, member_ids: Sequence[str]) -> list[MemberSummary]:
        """These members as a search lists them, in the order given (a phone on two members: the cashier picks)."""
        def read(tx: Tx) -> list[MemberSummary]:
            found = [m for m in (tx.uow.members.get(i) for i in member_ids) if m is not None and not m.is_erased]
            return [MemberSummary(m.id, mask_name(m.name), mask_phone(m.phone), m.enrolled_at) for m in found]
        return self.read(read)


@dataclass(frozen=True)
class MemberSummary:
    member_id: str
    display_name: str
    masked_phone: str
    enrolled_at: datetime
