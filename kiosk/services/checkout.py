"""Ringing up a sale: price it under the programs, take payment, write the ledger, queue the receipt."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from kiosk.domain import tokens
from kiosk.domain.commands import RecordSale
from kiosk.domain.documents import Adjustment, BonusView, DrawerKick, Payment, ReceiptLine, SaleReceipt
from kiosk.domain.errors import (
    Conflict,
    InsufficientBalance,
    InvalidCode,
    InvalidInput,
    ManagerApprovalRequired,
    PermissionDenied,
)
from kiosk.domain.events import BonusAwarded, Event, Localized, TierChanged, ValueLost
from kiosk.domain.ids import RECEIPT_COUNTER, counter_name, receipt_number
from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    EntryKind,
    Flag,
    Posting,
    ProgramAccount,
    member_account,
    reward_unit,
    stamps_unit,
    transfer,
    voucher_unit,
)
from kiosk.domain.members import Member
from kiosk.domain.money import Money
from kiosk.domain.programs import bonuses as bonus_rules
from kiosk.domain.programs import tiers as tier_rules
from kiosk.domain.programs.challenges import ChallengeProgress
from kiosk.domain.programs.config import ProgramConfig, Tier
from kiosk.domain.programs.engine import (
    CartLine,
    MemberState,
    Quote,
    Redemptions,
    VoucherUse,
    discount_said,
    quote_sale,
)
from kiosk.domain.programs.promotions import FACT_SEGMENTS, BasketLine
from kiosk.domain.programs.tiers import TierStatus
from kiosk.domain.serialization import decode, encode, from_json
from kiosk.domain.staff import Role
from kiosk.services.accounts import MemberAccount, build_account, loyalty_block
from kiosk.services.challenges import ChallengeAward, award_completed
from kiosk.services.common import (
    EntryWriter,
    active_membership,
    check_offline_spend,
    current_tier,
    expiry_from,
    find_member,
    member_state,
    note_tier_reached,
    read_code,
    voucher_refusal,
)
from kiosk.services.engagement import basic_segments, promotions_used, wall_clock, write_promotion_entries
from kiosk.services.expired_value import said_with_expiry
from kiosk.services.offers import check_offers, fact_segments, member_facts, use_offers
from kiosk.services.ports import SaleRecord, UnitOfWork, Voucher
from kiosk.services.ports.uow import QUEUED, UNPRINTED
from kiosk.services.stamp_cards import complete_waiting, write_completion
from kiosk.services.usecase import Tx, UseCases

PAYMENT_METHODS = ("cash", "card", "qr", "other")


@dataclass(frozen=True)
class StampOutcome:
    card_id: str
    name: str
    earned: int
    completed: int
    stamps_after: int
    required: int


@dataclass(frozen=True)
class DiscountLine:
    kind: str
    label: str  # in the shop's language, as the receipt printed it
    amount: Money
    points_cost: int
    ref: str | None = None  # the reward, card or offer it came from: a screen names it again in its own language


@dataclass(frozen=True)
class PromotionLine:
    """What one promotion gave on the sale (already counted in points_earned and the stamps)."""

    promotion_id: str
    label: str
    points: int
    stamps: int


@dataclass(frozen=True)
class SaleResult:
    sale_id: str
    receipt_no: str
    member_id: str | None
    subtotal: Money
    discounts: tuple[DiscountLine, ...]
    credit_applied: Money
    amount_due: Money
    change: Money | None
    points_earned: int
    points_spent: int
    cashback: Money
    stamps: tuple[StampOutcome, ...]
    points_balance: int | None
    credit_balance: Money | None
    tier: str | None
    tier_changed_from: str | None
    events: tuple[Event, ...]  # what happened beyond the figures above: bonuses, a completed card, a new tier
    flags: tuple[str, ...]
    print_job: str | None
    promotions: tuple[PromotionLine, ...] = ()
    challenges_completed: tuple[ChallengeAward, ...] = ()  # bonuses this sale earned (not in points_earned)
    challenges: tuple[ChallengeProgress, ...] = ()  # where the member stands after the sale
    offer_points: int = 0  # bonus points from personal offers used on the sale (not in points_earned)
    # rewards and vouchers used on less than they are worth (the cashier said to use them anyway): what went
    value_lost: tuple[ValueLost, ...] = ()


@dataclass(frozen=True)
class SalePreview:
    """What the cashier sees before taking payment: the priced basket and the member's balances now."""

    quote: Quote
    member_id: str | None
    member_name: str | None
    points_before: int
    credit_before: Money
    needs_approval: str | None  # why a manager PIN will be asked for, if it will


class CheckoutService(UseCases):
    # -- reading ------------------------------------------------------------------------------------
    def preview(self, cmd: RecordSale) -> SalePreview:
        return self.read(lambda tx: self._preview(tx, cmd))

    def _preview(self, tx: Tx, cmd: RecordSale) -> SalePreview:
        member, state, vouchers, _ = self._identify(tx, cmd)
        quote = self._quote(tx, cmd, state, vouchers, member)
        return SalePreview(
            quote=quote, member_id=member.id if member else None,
            member_name=member.display_name if member else None,
            points_before=state.points if state else 0,
            credit_before=state.credit if state else Money.zero(tx.ctx.currency),
            needs_approval=self._approval_reason(tx, quote, member),
        )

    def outbox_pending_count(self) -> int:
        """Changes (sales, credit, members) written locally and still waiting to reach Stripe."""
        return self.read(lambda tx: tx.uow.outbox.pending_count())

    # -- writing ------------------------------------------------------------------------------------
    def record_sale(self, cmd: RecordSale) -> SaleResult:
        if cmd.payment_method not in PAYMENT_METHODS:
            raise InvalidInput("checkout.bad_payment", value=', '.join(PAYMENT_METHODS))
        try:
            return self.command(command_id=cmd.command_id, kind="sale", command=cmd, result_type=SaleResult,
                                run=lambda tx: self._record(tx, cmd), remember=remember_sale,
                                recall=lambda tx, kept: recall_sale(tx, cmd.command_id, kept))
        except Conflict as exc:
            # A retry older than the command log's retention (kiosk.services.retention): the sale row, whose id
            # is the command id, refused a second sale; say which sale it was
            if exc.code != "storage.integrity_conflict":
                raise
            recorded = self.read(lambda tx: tx.uow.sales.get(cmd.command_id))
            if recorded is None:
                raise
            raise Conflict("checkout.sale_recorded_before", receipt_no=recorded.receipt_no) from exc

    def _identify(self, tx: Tx, cmd: RecordSale) -> tuple[
            Member | None, MemberState | None, list[tuple[Voucher, VoucherUse]], tuple[TierStatus | None, int]]:
        """The member, their state before the sale, the vouchers, and their tier with its qualifying value."""
        uow, now = tx.uow, tx.now
        member = find_member(uow, tx.ctx, cmd.member_code) if cmd.member_code else None
        tier = current_tier(uow, tx.ctx, member.id, now) if member else (None, 0)
        state = member_state(uow, tx.ctx, member, now, tier=tier) if member else None
        if member is not None and state is not None and tx.ctx.programs.promotions:
            paid = active_membership(tx.ctx, member, now) is not None
            segments = basic_segments(tx.ctx, member, now, paid=paid)
            if any(p.audience == "segment" and p.segment in FACT_SEGMENTS for p in tx.ctx.programs.promotions):
                segments |= fact_segments(member_facts(uow, tx.ctx, member, now))
            state = replace(state, segments=frozenset(segments), promotions_used=promotions_used(uow, member.id))
        vouchers = [self._voucher(tx, code) for code in cmd.voucher_codes]
        if len({v.id for v, _ in vouchers}) != len(vouchers):
            raise InvalidInput("checkout.voucher_twice")
        return member, state, vouchers, tier

    def _voucher(self, tx: Tx, code: str) -> tuple[Voucher, VoucherUse]:
        uow, now = tx.uow, tx.now
        read_code(uow, code, expect=tokens.VOUCHER)
        voucher = uow.vouchers.by_code(tokens.normalize(code))
        if voucher is None:
            # Signed with the shop's key, so issued by the shop: on a hub, a till that has not received it yet
            if tx.ctx.hub is not None:
                raise InvalidCode("checkout.voucher_not_here_yet")
            raise InvalidCode("checkout.voucher_unknown")
        if (refused := voucher_refusal(uow, tx.ctx, voucher, now)) is not None:
            raise refused
        reward = tx.ctx.programs.reward(voucher.reward_id)
        if reward is None:
            raise InvalidCode("checkout.voucher_reward_gone")
        sku = reward.sku if reward.kind == "free_item" else None
        return voucher, VoucherUse(voucher.id, reward.label(tx.ctx.language), reward.value, sku,
                                   Localized.of(reward.label))

    def _quote(self, tx: Tx, cmd: RecordSale, state: MemberState | None,
               vouchers: list[tuple[Voucher, VoucherUse]], member: Member | None) -> Quote:
        redemptions = Redemptions(
            reward_ids=cmd.reward_ids, points=cmd.points_to_spend, credit=cmd.credit_to_spend,
            stamp_rewards=cmd.stamp_rewards,
            vouchers=tuple(use for _, use in vouchers),
            offers=check_offers(tx, member, cmd.offer_ids, cmd.lines),
            allow_value_lost=cmd.allow_value_lost,
        )
        try:
            return quote_sale(tx.ctx.programs, cmd.lines, state, redemptions, language=tx.ctx.language,
                              at=wall_clock(tx.ctx, tx.now))
        except InsufficientBalance as refused:
            # what the member had may have run out by expiring: then the cashier is told so, with its date
            said = None if member is None or state is None else said_with_expiry(
                refused, tx.uow, tx.ctx, member.id, tx.now, stamp_rewards=cmd.stamp_rewards,
                rewards_ready=dict(state.rewards_ready))
            if said is None:
                raise
            raise said from None

    def _approval_reason(self, tx: Tx, quote: Quote, member: Member | None) -> str | None:
        """The first rule that wants a manager's PIN on this sale (the one the cashier is told of), if any."""
        reasons = self._approval_reasons(tx, quote, member)
        return reasons[0] if reasons else None

    def _approval_reasons(self, tx: Tx, quote: Quote, member: Member | None) -> tuple[str, ...]:
        uow, now = tx.uow, tx.now
        policy = tx.ctx.policy
        reasons: list[str] = []
        redeemed_value = quote.discount_total + quote.credit_applied
        if policy.redemption_approval_over is not None and redeemed_value.minor > policy.redemption_approval_over.minor:
            reasons.append("redemption_over_limit")
        if member is not None and quote.points_earned:
            if policy.max_points_per_sale and quote.points_earned > policy.max_points_per_sale:
                reasons.append("points_per_sale_limit")
            elif policy.max_earn_sales_per_day and uow.ledger.earn_entries_today(
                    member.id, tx.ctx.business_date(now)) >= policy.max_earn_sales_per_day:
                reasons.append("earn_sales_per_day_limit")
        # What was rung up, before any reward: a mistyped open amount (or quantity) earns on all of it. Last, so a
        # sale that is over an earning limit as well is still said as before.
        limit = policy.sale_approval_over
        if limit is not None and limit.minor and quote.subtotal.minor > limit.minor:  # 0 switches it off
            reasons.append("sale_over_limit")
        return tuple(reasons)

    def _check_approval(self, tx: Tx, cmd: RecordSale, quote: Quote, reasons: tuple[str, ...]) -> tuple[Flag, ...]:
        uow = tx.uow
        if not reasons:
            return ()
        reason = reasons[0]
        if not cmd.approved_by:
            said = ({"total": quote.subtotal, "limit": tx.ctx.policy.sale_approval_over}
                    if reason == "sale_over_limit" else {})
            raise ManagerApprovalRequired(f"approval.{reason}", reason=reason, **said)  # one code per limit
        approver = uow.staff.get(cmd.approved_by)
        if approver is None or not approver.active or not approver.role.at_least(Role.MANAGER):
            raise PermissionDenied("approval.not_manager")
        # a large redemption or sale is an override; going past an earning limit is a fraud-limit flag as well
        fraud = any(r in ("points_per_sale_limit", "earn_sales_per_day_limit") for r in reasons)
        return (Flag.OVERRIDE,) + ((Flag.FRAUD_LIMIT,) if fraud else ())

    def _record(self, tx: Tx, cmd: RecordSale) -> SaleResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        member, state, vouchers, tier_before = self._identify(tx, cmd)
        quote = self._quote(tx, cmd, state, vouchers, member)
        if member is not None:
            check_offline_spend(tx.uow, tx.ctx, tx.now, member.id, points=quote.points_spent,
                                credit_minor=quote.credit_applied.minor)
        reasons = self._approval_reasons(tx, quote, member)
        flags = self._check_approval(tx, cmd, quote, reasons)
        change = None
        if cmd.payment_method == "cash" and cmd.cash_tendered is not None:
            if cmd.cash_tendered.minor < quote.amount_due.minor:
                raise InvalidInput("checkout.cash_short", cash_tendered=cmd.cash_tendered,
                                   amount_due=quote.amount_due)
            change = cmd.cash_tendered - quote.amount_due
        sale_id = cmd.command_id
        receipt_no = receipt_number(ctx.device_label,
                                    uow.sales.next_number(counter_name(RECEIPT_COUNTER, ctx.device_label)))
        uow.sales.add(SaleRecord(
            id=sale_id, receipt_no=receipt_no, device_id=ctx.device_id, created_at=now,
            business_date=ctx.business_date(now), member_id=member.id if member else None, staff_id=cmd.staff_id,
            currency=ctx.currency, subtotal_minor=quote.subtotal.minor, discount_minor=quote.discount_total.minor,
            credit_paid_minor=quote.credit_applied.minor, total_minor=quote.amount_due.minor,
            payment_method=cmd.payment_method, lines=cmd.lines, flags=flags, discounts=quote.discounts,
        ))
        writer = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id)
        for voucher, _ in vouchers:
            if not uow.vouchers.mark_redeemed(voucher.id, at=now, sale_id=sale_id, device_id=ctx.device_id):
                raise Conflict("checkout.voucher_just_used")
            if uow.ledger.program_balance(ProgramAccount.VOUCHERS, voucher_unit(voucher.id)) is not None:
                writer.write(kind=EntryKind.VOUCHER_REDEEMED, member_id=member.id if member else None,
                             sale_id=sale_id, memo=f"voucher {voucher.code}",
                             postings=transfer(unit=voucher_unit(voucher.id), amount=1,
                                               to_account=ProgramAccount.REDEEMED,
                                               from_account=ProgramAccount.VOUCHERS))
        tier_from: Tier | None = None
        tier_to: Tier | None = None
        tier_after: tuple[TierStatus | None, int] | None = None
        events = list(quote.events)
        completed: list[ChallengeAward] = []
        progress: tuple[ChallengeProgress, ...] | None = None
        offer_points = 0
        if member is not None:
            self._write_member_entries(writer, member, quote, flags, cmd.lines)
            offer_points = use_offers(writer, member.id, sale_id, cmd.offer_ids)
            if ctx.programs.challenges:
                completed, progress = award_completed(writer, member.id, sale_id)
            tier_after = self._tier_after(tx, member, tier_before, quote)
            tier_from, tier_to = self._update_tier(tx, member, tier_after, sale_id=sale_id)
            events.extend(self._first_purchase_bonuses(tx, writer, member))
            if tier_from and tier_to and tier_from != tier_to:
                events.append(TierChanged(Localized.of(tier_from.label), Localized.of(tier_to.label)))
        if flags:
            uow.audit.add(action="sale.override", at=now, device_id=ctx.device_id, staff_id=cmd.approved_by,
                          subject=sale_id, details={"reason": reasons[0], "cashier": cmd.staff_id})

        account = build_account(uow, ctx, member, now, tier=self._tier_now(tx, member, tier_after),
                                visits=False, challenges=progress, with_offers=False) if member else None
        job = None
        if cmd.print_receipt or cmd.receipt_declined:
            receipt = self._receipt(tx, cmd, quote, receipt_no, account, change, tuple(events), tuple(completed),
                                    offer_points)
            if cmd.receipt_declined:  # kept for a reprint later, which must not open the drawer a second time
                receipt = replace(receipt, open_cash_drawer=False)
            job = uow.print_jobs.add(document=receipt, created_at=now, device_id=ctx.device_id, source_id=sale_id,
                                     status=QUEUED if cmd.print_receipt else UNPRINTED)
        if cmd.receipt_declined and self._opens_drawer(cmd, quote):
            # The cash goes in whether or not paper comes out: the drawer opens on its own, once (a sale made
            # with no printing at all, as the demo's history, is not at a till and opens nothing).
            uow.print_jobs.add(document=DrawerKick(receipt_no=receipt_no, created_at=ctx.local(now)),
                               created_at=now, device_id=ctx.device_id, source_id=sale_id)
        cards = {c.id: c for c in ctx.programs.stamp_cards}
        return SaleResult(
            sale_id=sale_id, receipt_no=receipt_no, member_id=member.id if member else None,
            subtotal=quote.subtotal,
            discounts=tuple(DiscountLine(d.kind, d.label, d.amount, d.points_cost, d.ref) for d in quote.discounts),
            credit_applied=quote.credit_applied, amount_due=quote.amount_due, change=change,
            points_earned=quote.points_earned, points_spent=quote.points_spent, cashback=quote.cashback,
            stamps=tuple(StampOutcome(s.card_id, cards[s.card_id].label(ctx.language), s.earned, s.completed,
                                      s.stamps_after, cards[s.card_id].required) for s in quote.stamps),
            points_balance=account.points if account else None, credit_balance=account.credit if account else None,
            tier=account.tier.label if account and account.tier else None,
            tier_changed_from=tier_from.label(ctx.language) if tier_from and tier_from != tier_to else None,
            events=tuple(events), flags=flags, print_job=job,
            promotions=tuple(PromotionLine(a.promotion_id, a.label, a.points, a.stamp_total)
                             for a in quote.promotions),
            challenges_completed=tuple(completed), challenges=account.challenges if account else (),
            offer_points=offer_points, value_lost=quote.value_lost,
        )

    def _write_member_entries(self, writer: EntryWriter, member: Member, quote: Quote,
                              flags: tuple[Flag, ...], lines: tuple[CartLine, ...]) -> None:
        ctx, programs, now = writer.ctx, writer.ctx.programs, writer.now
        sale_id = writer.command_id
        mid = member.id
        if quote.stamp_rewards_used:
            self._complete_to_use(writer, mid, quote.stamp_rewards_used)
        redeem: list[Posting] = []
        if quote.points_spent:
            redeem += transfer(unit=POINTS, amount=quote.points_spent, to_account=ProgramAccount.REDEEMED,
                               from_account=member_account(mid, Bucket.POINTS))
        if quote.credit_applied.minor:
            redeem += transfer(unit=ctx.currency, amount=quote.credit_applied.minor,
                               to_account=ProgramAccount.REDEEMED, from_account=member_account(mid, Bucket.CREDIT))
        for card_id in quote.stamp_rewards_used:
            redeem += transfer(unit=reward_unit(card_id), amount=1, to_account=ProgramAccount.REDEEMED,
                               from_account=member_account(mid, Bucket.REWARDS))
        if redeem:
            writer.write(kind=EntryKind.SALE_REDEEM, postings=tuple(redeem), member_id=mid, sale_id=sale_id)
        earn: list[Posting] = []
        regular_points = quote.points_earned - quote.promotion_points  # the promotions' go in entries of their own
        if regular_points:
            earn += transfer(unit=POINTS, amount=regular_points, to_account=member_account(mid, Bucket.POINTS),
                             from_account=ProgramAccount.ISSUED,
                             expires_at=expiry_from(now, programs.points.expiry_months, ctx.tz))
        if quote.cashback.minor:
            earn += transfer(unit=ctx.currency, amount=quote.cashback.minor,
                             to_account=member_account(mid, Bucket.CREDIT), from_account=ProgramAccount.ISSUED,
                             expires_at=expiry_from(now, programs.cashback.expiry_months, ctx.tz))
        for s in quote.stamps:
            regular_stamps = s.earned - quote.promotion_stamps(s.card_id)
            if regular_stamps:
                earn += transfer(unit=stamps_unit(s.card_id), amount=regular_stamps,
                                 to_account=member_account(mid, Bucket.STAMPS), from_account=ProgramAccount.ISSUED)
        if earn:
            writer.write(kind=EntryKind.SALE_EARN, postings=tuple(earn), member_id=mid, sale_id=sale_id, flags=flags)
        write_promotion_entries(writer, mid, quote, tuple(
            BasketLine(ln.sku, programs.category_of(ln.sku), ln.quantity, ln.total.minor) for ln in lines))
        for s in quote.stamps:
            if not (s.completed or s.forfeited):
                continue
            card = programs.stamp_card(s.card_id)
            assert card is not None
            write_completion(writer, card, mid, completed=s.completed, forfeited=s.forfeited, sale_id=sale_id)

    @staticmethod
    def _complete_to_use(writer: EntryWriter, member_id: str, used: tuple[str, ...]) -> None:
        """A free item used here that is ready only because stamps from tills apart met (the device that
        completes it has not written it yet): the completion is written now, before the item leaves the card."""
        balances = writer.uow.ledger.member_balances(member_id)
        for card_id in sorted(set(used)):
            card = writer.ctx.programs.stamp_card(card_id)
            short = used.count(card_id) - balances.get(reward_unit(card_id), 0)
            if card is not None and short > 0:
                complete_waiting(writer, card, member_id, balances.get(stamps_unit(card_id), 0), most=short,
                                 sale_id=writer.command_id)

    def _tier_after(self, tx: Tx, member: Member, before: tuple[TierStatus | None, int], quote: Quote
                    ) -> tuple[TierStatus | None, int]:
        """current_tier with this sale counted: its qualifying value moves by this sale alone (spend: what was
        paid, store credit included; visits: one), so it is not summed over the member's year again."""
        rules = tx.ctx.programs.tiers
        if not rules.enabled or not rules.levels or rules.metric not in ("spend", "visits"):
            return current_tier(tx.uow, tx.ctx, member.id, tx.now)
        added = 1 if rules.metric == "visits" else quote.amount_due.minor + quote.credit_applied.minor
        qualifying = before[1] + added
        return tier_rules.evaluate(rules, tx.uow.tiers.get(member.id), qualifying, tx.now), qualifying

    def _tier_now(self, tx: Tx, member: Member | None, after: tuple[TierStatus | None, int] | None
                  ) -> tuple[TierStatus | None, int] | None:
        """What current_tier answers once the sale's tier is stored (evaluated again from the stored row)."""
        rules = tx.ctx.programs.tiers
        if member is None or after is None or not rules.enabled or not rules.levels:
            return after
        return tier_rules.evaluate(rules, tx.uow.tiers.get(member.id), after[1], tx.now), after[1]

    def _update_tier(self, tx: Tx, member: Member, after: tuple[TierStatus | None, int], *, sale_id: str
                     ) -> tuple[Tier | None, Tier | None]:
        uow, now = tx.uow, tx.now
        rules = tx.ctx.programs.tiers
        if not rules.enabled or not rules.levels:
            return None, None
        before = uow.tiers.get(member.id)
        status = after[0]
        assert status is not None
        if before != status:
            uow.tiers.set(member.id, status, at=now)
            if tier_rules.rank(rules, status.tier) > tier_rules.rank(rules, before.tier if before else ""):
                note_tier_reached(uow, tx.ctx, member.id, sale_id=sale_id, before=before, reached=status, at=now)
        # A member with no tier yet sits at the entry level: leaving it on a first big sale is a change too.
        old = tier_rules.tier_by_name(rules, before.tier if before else rules.levels[0].name)
        return old, tier_rules.tier_by_name(rules, status.tier)

    def _first_purchase_bonuses(self, tx: Tx, writer: EntryWriter, member: Member) -> list[Event]:
        """Birthday bonus in the birthday month, and the referral bonus for both sides after a first purchase."""
        uow, now = tx.uow, tx.now
        bonuses = tx.ctx.programs.bonuses
        events: list[Event] = []
        expires = expiry_from(now, tx.ctx.programs.points.expiry_months, tx.ctx.tz)
        today = tx.ctx.business_date(now)
        # Only in the birthday month, or the days after it that a bonus taken back stays owed, is the last bonus
        # worth looking up (birthday_bonus_due is false otherwise).
        if bonuses.birthday_points and member.birthday is not None and bonus_rules.birthday_bonus_may_be_due(
                member.birthday, today, bonuses.birthday_owed_days):
            last = uow.ledger.last_entry_of_kind(member.id, EntryKind.BIRTHDAY_BONUS)
            # taken back with its sale (a void, a whole refund): the next purchase pays it
            taken_back = last is not None and bool(uow.ledger.reversed_ids([last.id]))
            if bonus_rules.birthday_bonus_due(member.birthday, today, last.business_date if last else None,
                                              taken_back=taken_back, owed_days=bonuses.birthday_owed_days):
                year = bonus_rules.birthday_month_start(member.birthday, today).year
                writer.write(kind=EntryKind.BIRTHDAY_BONUS, member_id=member.id, memo=f"birthday {year}",
                             postings=transfer(unit=POINTS, amount=bonuses.birthday_points,
                                               to_account=member_account(member.id, Bucket.POINTS),
                                               from_account=ProgramAccount.ISSUED, expires_at=expires))
                events.append(BonusAwarded("birthday", bonuses.birthday_points))
        if member.referred_by and not member.referral_rewarded and (
                bonuses.referral_new_member_points or bonuses.referral_referrer_points):
            referrer = uow.members.get(member.referred_by)
            postings: list[Posting] = []
            if bonuses.referral_new_member_points:
                postings += transfer(unit=POINTS, amount=bonuses.referral_new_member_points,
                                     to_account=member_account(member.id, Bucket.POINTS),
                                     from_account=ProgramAccount.ISSUED, expires_at=expires)
            if referrer is not None and not referrer.is_erased and bonuses.referral_referrer_points:
                postings += transfer(unit=POINTS, amount=bonuses.referral_referrer_points,
                                     to_account=member_account(referrer.id, Bucket.POINTS),
                                     from_account=ProgramAccount.ISSUED, expires_at=expires)
            # Rewarded only when paid: a flag with no entry behind it has nothing a void could take back, so it
            # stayed set on a voided sale, and a referral the shop pays later was never paid to this member.
            if postings:
                writer.write(kind=EntryKind.REFERRAL_BONUS, member_id=member.id, postings=tuple(postings),
                             memo=f"referral by {member.referred_by}")
                events.append(BonusAwarded("referral", bonuses.referral_new_member_points))
                uow.members.update(replace(member, referral_rewarded=True))
        return events

    def _receipt(self, tx: Tx, cmd: RecordSale, quote: Quote, receipt_no: str, account: MemberAccount | None,
                 change: Money | None, events: tuple[Event, ...],
                 completed: tuple[ChallengeAward, ...] = (), offer_points: int = 0) -> SaleReceipt:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        lang = ctx.language
        # The cash handed over, as the receipt says it: tendered, then the change, adding up to the total.
        paid = quote.amount_due + change if cmd.payment_method == "cash" and change is not None else quote.amount_due
        payments = [Payment(cmd.payment_method, paid)]
        if quote.credit_applied.minor:
            payments.append(Payment("store_credit", quote.credit_applied))
        block = None
        if account is not None:
            block = loyalty_block(account, ctx,
                                  points_earned=quote.points_earned + sum(c.points for c in completed)
                                  + offer_points,
                                  points_spent=quote.points_spent,
                                  credit_earned=quote.cashback if quote.cashback.minor else None,
                                  credit_spent=quote.credit_applied if quote.credit_applied.minor else None,
                                  events=events,
                                  bonuses=tuple(BonusView(a.label, a.points, a.stamp_total)
                                                for a in quote.promotions)
                                  + tuple(BonusView(c.label, c.points) for c in completed)
                                  + self._offer_bonuses(ctx.programs, cmd.offer_ids, lang))
        return SaleReceipt(
            shop=ctx.shop, receipt_no=receipt_no, created_at=ctx.local(now),
            cashier_name=staff_name(uow, cmd.staff_id),
            lines=tuple(ReceiptLine(ln.name, ln.quantity, ln.unit_price, ln.total, ln.sku, ln.options)
                        for ln in cmd.lines),
            subtotal=quote.subtotal, total=quote.amount_due + quote.credit_applied,
            adjustments=tuple(Adjustment(d.label, -d.amount, discount_said(d.kind, d.label, d.points_cost,
                                                                           rewards=ctx.programs.points.rewards))
                              for d in quote.discounts),
            payments=tuple(payments), change=change, loyalty=block, language=lang,
            open_cash_drawer=self._opens_drawer(cmd, quote),
        )

    @staticmethod
    def _opens_drawer(cmd: RecordSale, quote: Quote) -> bool:
        return cmd.payment_method == "cash" and quote.amount_due.minor > 0


    @staticmethod
    def _offer_bonuses(programs: ProgramConfig, offer_ids: tuple[str, ...], language: str) -> tuple[BonusView, ...]:
        offers = [programs.offer(offer_id) for offer_id in offer_ids]
        return tuple(BonusView(o.label(language), o.points) for o in offers if o is not None and o.points)


# The command log keeps of a sale only what its sale row does not hold (format 1, migration 0016): a retry
# rebuilds the result from the two. Keys with their default (0, none, empty) are left out.
KEPT_FORMAT = 1


def remember_sale(result: SaleResult) -> str:
    """The facts of a sale's result that its sale row does not hold, as compact JSON."""
    facts: dict[str, Any] = {
        "v": KEPT_FORMAT,
        "change": result.change.minor if result.change is not None else None,
        "earned": result.points_earned, "spent": result.points_spent, "cashback": result.cashback.minor,
        "stamps": [[s.card_id, s.name, s.earned, s.completed, s.stamps_after, s.required] for s in result.stamps],
        "points": result.points_balance,
        "credit": result.credit_balance.minor if result.credit_balance is not None else None,
        "tier": result.tier, "tier_from": result.tier_changed_from, "events": encode(list(result.events)),
        "job": result.print_job,
        # what promotions, challenges and offers gave (engagement): the sale row does not hold them either
        "promos": [[p.promotion_id, p.label, p.points, p.stamps] for p in result.promotions],
        "done": [[c.challenge_id, c.label, c.points] for c in result.challenges_completed],
        "progress": encode(list(result.challenges)), "offer": result.offer_points,
    }
    return json.dumps({k: v for k, v in facts.items() if v not in (None, 0, [])}, ensure_ascii=False,
                      separators=(",", ":"))


def recall_sale(tx: Tx, sale_id: str, kept: str) -> SaleResult:
    """The result a sale returned, again: its sale row and the facts remember_sale kept."""
    facts = json.loads(kept)
    if facts.get("v") != KEPT_FORMAT:  # a whole result, as the log kept it before 0016
        return from_json(SaleResult, kept)
    sale = tx.uow.sales.get(sale_id)
    if sale is None:
        raise Conflict("checkout.command_sale_missing")
    currency = sale.currency

    def money(key: str) -> Money:
        return Money(int(facts.get(key, 0)), currency)

    return SaleResult(
        sale_id=sale.id, receipt_no=sale.receipt_no, member_id=sale.member_id,
        subtotal=Money(sale.subtotal_minor, currency),
        discounts=tuple(DiscountLine(d.kind, d.label, d.amount, d.points_cost, d.ref) for d in sale.discounts),
        credit_applied=Money(sale.credit_paid_minor, currency), amount_due=Money(sale.total_minor, currency),
        change=money("change") if "change" in facts else None,
        points_earned=int(facts.get("earned", 0)), points_spent=int(facts.get("spent", 0)),
        cashback=money("cashback"),
        stamps=tuple(StampOutcome(card, name, earned, completed, after, required)
                     for card, name, earned, completed, after, required in facts.get("stamps", [])),
        points_balance=facts["points"] if "points" in facts else (0 if sale.member_id else None),
        credit_balance=money("credit") if "credit" in facts else (money("credit") if sale.member_id else None),
        tier=facts.get("tier"), tier_changed_from=facts.get("tier_from"),
        events=decode(tuple[Event, ...], facts.get("events", [])), flags=sale.flags, print_job=facts.get("job"),
        promotions=tuple(PromotionLine(pid, label, points, stamps) for pid, label, points, stamps
                         in facts.get("promos", [])),
        challenges_completed=tuple(ChallengeAward(cid, label, points) for cid, label, points in facts.get("done", [])),
        challenges=decode(tuple[ChallengeProgress, ...], [_named(p) for p in facts.get("progress", [])]),
        offer_points=int(facts.get("offer", 0)),
    )


def _named(progress: dict[str, Any]) -> dict[str, Any]:
    """A challenge's standing as the log kept it: before its name was kept in both languages it had the one
    `label` in the shop's language, which stays its name."""
    if "name" in progress or "label" not in progress:
        return progress
    return {**progress, "name": {"en": progress["label"]}}


def staff_name(uow: UnitOfWork, staff_id: str | None) -> str:
    staff = uow.staff.get(staff_id) if staff_id else None
    return staff.name if staff else "-"
