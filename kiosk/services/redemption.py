"""Spending points outside a sale: printed vouchers, charity donations, review bonuses, manager adjustments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk.domain import tokens
from kiosk.domain.commands import AdjustPoints, AwardReviewBonus, DonatePoints, IssueVoucher
from kiosk.domain.documents import VoucherSlip
from kiosk.domain.errors import (
    InsufficientBalance,
    InvalidInput,
    ManagerApprovalRequired,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from kiosk.domain.events import (
    BonusAwarded,
    Event,
    Localized,
    PointsAdjusted,
    PointsDonated,
    PointsSpent,
    RewardRedeemed,
)
from kiosk.domain.expiry import expires_on
from kiosk.domain.ids import new_id, random_code
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, Flag, ProgramAccount, member_account, transfer, voucher_unit
from kiosk.domain.members import mask_name
from kiosk.domain.money import Money
from kiosk.domain.staff import Role
from kiosk.services.common import (
    EntryWriter,
    check_offline_spend,
    expiry_from,
    find_member,
    spendable_balances,
)
from kiosk.services.expired_value import short_of_points
from kiosk.services.ports import Voucher
from kiosk.services.usecase import Tx, UseCases

MAX_ADJUSTMENT = 1_000_000


@dataclass(frozen=True)
class VoucherResult:
    voucher_id: str
    voucher_code: str
    reward_name: str
    points_spent: int
    points_balance: int
    expires_at: datetime | None
    print_job: str | None
    events: tuple[Event, ...] = ()  # RewardRedeemed, PointsSpent
    expires_on: date | None = None  # the last day it is good on, in the shop's time zone (as the slip prints it)


@dataclass(frozen=True)
class DonationResult:
    entry_id: str
    cause: str
    points: int
    value: Money
    points_balance: int
    events: tuple[Event, ...] = ()  # PointsDonated


@dataclass(frozen=True)
class PointsResult:
    entry_id: str
    points: int
    points_balance: int
    events: tuple[Event, ...] = ()  # PointsAdjusted or BonusAwarded("review")


class RedemptionService(UseCases):
    def issue_voucher(self, cmd: IssueVoucher) -> VoucherResult:
        return self.command(command_id=cmd.command_id, kind="voucher", command=cmd, result_type=VoucherResult,
                            run=lambda tx: self._voucher(tx, cmd))

    def _voucher(self, tx: Tx, cmd: IssueVoucher) -> VoucherResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        member = find_member(uow, ctx, cmd.member_code)
        reward = ctx.programs.reward(cmd.reward_id)
        if reward is None:
            raise NotFound("reward.unknown_reward")
        balance = spendable_balances(uow, member.id, now, tz=ctx.tz).get(POINTS, 0)
        if balance < reward.points:
            raise short_of_points(uow, ctx, member.id, now,
                                  ("reward.not_enough_points", "reward.not_enough_points_expired"), balance=balance,
                                  wanted=reward.points, reward=Localized.of(reward.label), points=reward.points)
        check_offline_spend(uow, ctx, now, member.id, points=reward.points)
        writer = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id)
        voucher_id = new_id()
        entry = writer.write(kind=EntryKind.VOUCHER_ISSUED, member_id=member.id, memo=f"voucher {reward.id}",
                             postings=(*transfer(unit=POINTS, amount=reward.points, to_account=ProgramAccount.VOUCHERS,
                                                 from_account=member_account(member.id, Bucket.POINTS)),
                                       *transfer(unit=voucher_unit(voucher_id), amount=1,
                                                 to_account=ProgramAccount.VOUCHERS,
                                                 from_account=ProgramAccount.ISSUED)))
        key_id, secret = uow.keys.active()
        ref = random_code(tokens.VOUCHER_REF_CHARS)
        code = tokens.sign_voucher_code(voucher_ref=ref, key_id=key_id, secret=secret)
        expires = now + timedelta(days=ctx.policy.voucher_valid_days) if ctx.policy.voucher_valid_days else None
        voucher = Voucher(id=voucher_id, code=code, member_id=member.id, reward_id=reward.id, entry_id=entry.id,
                          created_at=now, expires_at=expires)
        uow.vouchers.add(voucher, device_id=ctx.device_id)
        job = None
        if cmd.print_voucher:
            lang = member.language if member.language in ("th", "en") else ctx.language
            slip = VoucherSlip(
                shop=ctx.shop, voucher_code=code, reward_name=reward.label(lang), created_at=ctx.local(now),
                member_name=mask_name(member.name), expires_on=expires_on(expires, ctx.tz) if expires else None,
                language=lang,  # the slip says "single use, show it to the cashier" itself, in `lang`
            )
            job = uow.print_jobs.add(document=slip, created_at=now, device_id=ctx.device_id, source_id=voucher.id)
        return VoucherResult(voucher.id, code, reward.label(ctx.language), reward.points, balance - reward.points,
                             expires, job, events=(RewardRedeemed(Localized.of(reward.label)),
                                                   PointsSpent(reward.points)),
                             expires_on=expires_on(expires, ctx.tz) if expires else None)

    def donate(self, cmd: DonatePoints) -> DonationResult:
        return self.command(command_id=cmd.command_id, kind="donate", command=cmd, result_type=DonationResult,
                            run=lambda tx: self._donate(tx, cmd))

    def _donate(self, tx: Tx, cmd: DonatePoints) -> DonationResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        charity = ctx.programs.charity
        if not charity.enabled:
            raise RuleViolation("reward.donations_off")
        if isinstance(cmd.points, bool) or not isinstance(cmd.points, int) or cmd.points <= 0:
            raise InvalidInput("reward.bad_points")
        if cmd.points < charity.min_points:
            raise RuleViolation("reward.below_min_donation", min=charity.min_points)
        cause = ctx.programs.cause(cmd.cause_id)
        if cause is None:
            raise NotFound("reward.unknown_cause")
        member = find_member(uow, ctx, cmd.member_code)
        balance = spendable_balances(uow, member.id, now, tz=ctx.tz).get(POINTS, 0)
        if balance < cmd.points:
            raise short_of_points(uow, ctx, member.id, now,
                                  ("reward.not_enough_to_donate", "reward.not_enough_to_donate_expired"),
                                  balance=balance, wanted=cmd.points, points=cmd.points)
        check_offline_spend(uow, ctx, now, member.id, points=cmd.points)
        entry = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id).write(
            kind=EntryKind.DONATION, member_id=member.id, memo=f"cause:{cause.id}",
            postings=transfer(unit=POINTS, amount=cmd.points, to_account=ProgramAccount.DONATED,
                              from_account=member_account(member.id, Bucket.POINTS)))
        value = charity.point_value * cmd.points
        return DonationResult(entry.id, cause.label(ctx.language), cmd.points, value, balance - cmd.points,
                              events=(PointsDonated(cmd.points, value, Localized.of(cause.label)),))

    def adjust(self, cmd: AdjustPoints) -> PointsResult:
        """A manager's correction. Removing more than the member has is refused, never left negative."""
        if isinstance(cmd.points, bool) or not isinstance(cmd.points, int) or cmd.points == 0:
            raise InvalidInput("reward.adjust_zero")
        if abs(cmd.points) > MAX_ADJUSTMENT:
            raise InvalidInput("reward.adjust_too_large")
        reason = " ".join((cmd.reason or "").split())[:200]
        if not reason:
            raise InvalidInput("reward.reason_required")
        return self.command(command_id=cmd.command_id, kind="adjust", command=cmd, result_type=PointsResult,
                            run=lambda tx: self._adjust(tx, cmd, reason))

    def _adjust(self, tx: Tx, cmd: AdjustPoints, reason: str) -> PointsResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        if ctx.policy.adjustment_needs_manager:
            approver = uow.staff.get(cmd.approved_by) if cmd.approved_by else None
            if approver is None:
                raise ManagerApprovalRequired("reward.adjust_needs_manager", reason="adjustment")
            if not approver.active or not approver.role.at_least(Role.MANAGER):
                raise PermissionDenied("reward.adjust_not_manager")
        member = find_member(uow, ctx, cmd.member_code)
        balance = spendable_balances(uow, member.id, now, tz=ctx.tz).get(POINTS, 0)
        if balance + cmd.points < 0:
            raise InsufficientBalance("reward.adjust_below_zero", balance=balance, points=-cmd.points)
        expires = expiry_from(now, ctx.programs.points.expiry_months, ctx.tz) if cmd.points > 0 else None
        entry = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id).write(
            kind=EntryKind.ADJUSTMENT, member_id=member.id, memo=reason, flags=(Flag.OVERRIDE,),
            postings=transfer(unit=POINTS, amount=cmd.points, to_account=member_account(member.id, Bucket.POINTS),
                              from_account=ProgramAccount.ADJUSTED, expires_at=expires))
        uow.audit.add(action="points.adjusted", at=now, device_id=ctx.device_id, staff_id=cmd.approved_by,
                      subject=member.id, details={"points": cmd.points, "reason": reason,
                                                  "cashier": cmd.staff_id})
        return PointsResult(entry.id, cmd.points, balance + cmd.points,
                            events=(PointsAdjusted("added" if cmd.points > 0 else "removed", abs(cmd.points)),))

    def review_bonus(self, cmd: AwardReviewBonus) -> PointsResult:
        """Points for a review the cashier has seen; at most once per configured period per member."""
        return self.command(command_id=cmd.command_id, kind="review", command=cmd, result_type=PointsResult,
                            run=lambda tx: self._review_bonus(tx, cmd))

    def _review_bonus(self, tx: Tx, cmd: AwardReviewBonus) -> PointsResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        points = ctx.programs.bonuses.review_points
        if not points:
            raise RuleViolation("reward.review_bonus_off")
        member = find_member(uow, ctx, cmd.member_code)
        last = uow.ledger.last_entry_of_kind(member.id, EntryKind.REVIEW_BONUS)
        days = ctx.policy.review_bonus_once_per_days
        if last is not None and now - last.created_at < timedelta(days=days):
            raise RuleViolation("reward.review_bonus_given")
        entry = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id).write(
            kind=EntryKind.REVIEW_BONUS, member_id=member.id, memo="review confirmed by staff",
            postings=transfer(unit=POINTS, amount=points, to_account=member_account(member.id, Bucket.POINTS),
                              from_account=ProgramAccount.ISSUED,
                              expires_at=expiry_from(now, ctx.programs.points.expiry_months, ctx.tz)))
        balance = spendable_balances(uow, member.id, now, tz=ctx.tz).get(POINTS, 0)
        return PointsResult(entry.id, points, balance, events=(BonusAwarded("review", points),))
