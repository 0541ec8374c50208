"""Coalition partners: members earn and spend our points at a partner, once per partner receipt, within limits;
a partner's signed activity file is imported the same way; a settlement says who owes whom for a period."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from kiosk.domain.commands import EarnAtPartner, RedeemAtPartner
from kiosk.domain.errors import (
    Conflict,
    InvalidInput,
    KioskError,
    ManagerApprovalRequired,
    NotFound,
    RuleViolation,
)
from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    Entry,
    EntryKind,
    Flag,
    member_account,
    member_of,
    partner_issued_account,
    partner_redeemed_account,
    transfer,
)
from kiosk.domain.members import Member
from kiosk.domain.money import Money, exponent
from kiosk.domain.partners import (
    EARN,
    MAX_POINTS,
    REDEEM,
    ActivityLine,
    Rate,
    SettlementLine,
    clean_reference,
    legacy_command_id,
    partner_command_id,
    partner_memo,
    points_for,
    rate_of,
    rate_of_memo,
    read_activity,
    redeem_points_per_day,
    settlement_line,
    settlement_line_at_rates,
)
from kiosk.domain.programs.config import Partner
from kiosk.domain.serialization import from_json
from kiosk.domain.text import Localized, Phrase
from kiosk.services.common import (
    EntryWriter,
    check_offline_spend,
    expiry_from,
    find_member,
    idempotent,
    require_manager,
    spendable_balances,
)
from kiosk.services.context import ShopContext
from kiosk.services.expired_value import short_of_points
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.reports import check_period
from kiosk.services.usecase import LiveContext, Tx, UseCases

SecretLookup = Callable[[str], bytes | None]


@dataclass(frozen=True)
class PartnerAward:
    partner: str
    reference: str
    points: int
    points_balance: int
    flags: tuple[str, ...] = ()  # override, fraud_limit: a manager approved points above the limits


@dataclass(frozen=True)
class PartnerRedemption:
    partner: str
    reference: str
    points: int
    value: Money  # what the points are worth in the settlement with the partner
    points_balance: int
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerImport:
    partner: str
    digest: str
    receipts: int  # lines in the file
    applied: int  # applied now
    already: int  # applied before (this file or the same receipts, typed or imported, on any device)
    points_earned: int  # by the lines applied now
    points_redeemed: int


@dataclass(frozen=True)
class Settlement:
    """What each partner and the shop owe each other for a period (dates of the shop's business days on which
    the receipts were recorded or imported: a late file is settled in the period it arrives, so a settled
    period never changes)."""

    date_from: date
    date_to: date
    currency: str
    lines: tuple[SettlementLine, ...]

    @property
    def net(self) -> Money:
        """Above zero: the partners together owe the shop."""
        return Money(sum(line.net.minor for line in self.lines), self.currency)


def env_partner_secret(partner_id: str) -> bytes | None:
    value = os.environ.get(f"KIOSK_PARTNER_SECRET_{partner_id.upper().replace('-', '_')}")
    return value.encode() if value else None


class PartnerService(UseCases):
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext, *,
                 secret_for: SecretLookup | None = None) -> None:
        super().__init__(uow_factory, clock, ctx)
        self.secret_for: SecretLookup = secret_for or env_partner_secret

    # -- earning and spending at a partner -------------------------------------------------------------
    def earn(self, cmd: EarnAtPartner) -> PartnerAward:
        """Points for a purchase at a partner; its receipt number (`reference`) makes it count once."""
        reference = clean_reference(cmd.reference)
        return self.write(lambda tx: self._earn_once(tx, replace(cmd, reference=reference)))

    def redeem(self, cmd: RedeemAtPartner) -> PartnerRedemption:
        """Points spent at a partner, with the checks of a redemption at the shop: the balance still valid
        now, the offline spending limit, a manager above the redemption limit, once per partner receipt."""
        reference = clean_reference(cmd.reference)
        if isinstance(cmd.points, bool) or not isinstance(cmd.points, int) or not 0 < cmd.points <= MAX_POINTS:
            raise InvalidInput("partner.bad_points", max=MAX_POINTS)
        return self.write(lambda tx: self._redeem_once(tx, replace(cmd, reference=reference)))

    def _earn_once(self, tx: Tx, cmd: EarnAtPartner) -> PartnerAward:
        partner = _partner(tx, cmd.partner_id)
        if cmd.amount.currency != tx.ctx.currency or cmd.amount.minor <= 0:
            raise InvalidInput("partner.bad_amount", currency=tx.ctx.currency, example=Money(45_000, tx.ctx.currency))
        member = find_member(tx.uow, tx.ctx, cmd.member_code)
        command_id = partner_command_id(EARN, partner.id, cmd.reference)
        legacy = legacy_command_id(partner.id, cmd.reference)
        if legacy != command_id and len(legacy) <= 64 and (seen := tx.uow.commands.get(legacy)) is not None:
            return from_json(PartnerAward, seen[2])  # recorded by a version that kept longer ids
        return idempotent(tx.uow, command_id=command_id, kind="partner_award",
                          command={"member": member.id, "amount": cmd.amount.minor, "partner": partner.id},
                          result_type=PartnerAward, at=tx.now,
                          run=lambda: self._earn(tx, cmd, partner, member, command_id),
                          reused=Conflict("partner.reference_reused", reference=cmd.reference))

    def _earn(self, tx: Tx, cmd: EarnAtPartner, partner: Partner, member: Member, command_id: str) -> PartnerAward:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        if (earlier := _recorded_elsewhere(tx, command_id, member)) is not None:
            return PartnerAward(partner.label(ctx.language), cmd.reference, _member_points(earlier, member),
                                _balance(tx, member), tuple(earlier.flags))
        points = points_for(partner, cmd.amount)
        flags: tuple[Flag, ...] = ()
        reason = self._over_limit(tx, partner, member, points)
        if reason is not None:
            what, code = reason
            approver = require_manager(uow, cmd.approved_by, what=what, reason=code)
            flags = (Flag.FRAUD_LIMIT, Flag.OVERRIDE)
            uow.audit.add(action="partner.override", at=now, device_id=ctx.device_id, staff_id=approver,
                          subject=member.id, details={"reason": code, "partner": partner.id,
                                                      "reference": cmd.reference, "points": points,
                                                      "cashier": cmd.staff_id})
        if points:
            EntryWriter(uow, ctx, now, command_id, cmd.staff_id).write(
                kind=EntryKind.PARTNER, member_id=member.id, memo=partner_memo(partner, cmd.reference),
                flags=flags, postings=transfer(unit=POINTS, amount=points,
                                               to_account=member_account(member.id, Bucket.POINTS),
                                               from_account=partner_issued_account(partner.id),
                                               expires_at=expiry_from(now, ctx.programs.points.expiry_months, ctx.tz)))
        return PartnerAward(partner.label(ctx.language), cmd.reference, points, _balance(tx, member),
                            tuple(flags))

    def _over_limit(self, tx: Tx, partner: Partner, member: Member, points: int) -> tuple[Phrase, str] | None:
        """Why these points need a manager (what to tell, and the reason code), or None."""
        name = Localized.of(partner.label)
        if points > partner.max_points_per_transaction:
            code = "partner_points_per_transaction_limit"
            return Phrase(f"action.{code}", {"points": points, "partner": name,
                                               "limit": partner.max_points_per_transaction}), code
        today = tx.uow.ledger.partner_points_on(member.id, partner.id, tx.ctx.business_date(tx.now))
        if points and today + points > partner.max_points_per_day:
            code = "partner_points_per_day_limit"
            return Phrase(f"action.{code}", {"points": today + points, "partner": name,
                                               "limit": partner.max_points_per_day}), code
        return None

    @staticmethod
    def _redeem_over_limit(tx: Tx, partner: Partner, member: Member, points: int) -> tuple[Phrase, str] | None:
        """Why spending these points needs a manager (what to tell, and the reason code), or None: worth more
        than the shop's approval limit on this receipt, or more than the member's day at this partner allows
        (redeem_points_per_day: by default the same limit over the day, so a split redemption needs it too)."""
        ctx = tx.ctx
        limit = ctx.policy.redemption_approval_over
        worth = ctx.programs.points.point_value * points
        if limit is not None and worth.minor > limit.minor:
            return Phrase("action.redemption_over_limit", {"worth": worth, "limit": limit}), "redemption_over_limit"
        most = redeem_points_per_day(partner, approval_over=limit, point_value=ctx.programs.points.point_value)
        if most is None:
            return None
        today = tx.uow.ledger.partner_points_redeemed_on(member.id, partner.id, ctx.business_date(tx.now)) + points
        if today > most:
            code = "partner_redeem_per_day_limit"
            return Phrase(f"action.{code}", {"points": today, "partner": Localized.of(partner.label),
                                               "limit": most}), code
        return None

    def _redeem_once(self, tx: Tx, cmd: RedeemAtPartner) -> PartnerRedemption:
        partner = _partner(tx, cmd.partner_id)
        member = find_member(tx.uow, tx.ctx, cmd.member_code)
        command_id = partner_command_id(REDEEM, partner.id, cmd.reference)
        return idempotent(tx.uow, command_id=command_id, kind="partner_redeem",
                          command={"member": member.id, "points": cmd.points, "partner": partner.id},
                          result_type=PartnerRedemption, at=tx.now,
                          run=lambda: self._redeem(tx, cmd, partner, member, command_id),
                          reused=Conflict("partner.redeem_reference_reused", reference=cmd.reference))

    def _redeem(self, tx: Tx, cmd: RedeemAtPartner, partner: Partner, member: Member,
                command_id: str) -> PartnerRedemption:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        value = settlement_line(partner, points_issued=0, points_redeemed=cmd.points,
                                currency=ctx.currency).redeemed_value
        if (earlier := _recorded_elsewhere(tx, command_id, member)) is not None:
            return PartnerRedemption(partner.label(ctx.language), cmd.reference, -_member_points(earlier, member),
                                     value, _balance(tx, member), tuple(earlier.flags))
        rules = ctx.programs.points
        if cmd.points < rules.min_redeem_points:
            raise RuleViolation("program.below_min_redeem", min=rules.min_redeem_points)
        balance = spendable_balances(uow, member.id, now, tz=ctx.tz).get(POINTS, 0)
        if balance < cmd.points:
            # as checkout's refusals say it: how many expired and when, when that is why
            raise short_of_points(uow, ctx, member.id, now,
                                  ("partner.not_enough_points", "partner.not_enough_points_expired"), balance=balance,
                                  wanted=cmd.points, points=cmd.points)
        check_offline_spend(uow, ctx, now, member.id, points=cmd.points)
        flags: tuple[Flag, ...] = ()
        reason = self._redeem_over_limit(tx, partner, member, cmd.points)
        if reason is not None:
            spending, code = reason
            approver = require_manager(uow, cmd.approved_by, what=spending, reason=code)
            flags = (Flag.OVERRIDE,)
            uow.audit.add(action="partner.override", at=now, device_id=ctx.device_id, staff_id=approver,
                          subject=member.id, details={"reason": code, "partner": partner.id,
                                                      "reference": cmd.reference, "points": cmd.points,
                                                      "cashier": cmd.staff_id})
        EntryWriter(uow, ctx, now, command_id, cmd.staff_id).write(
            kind=EntryKind.PARTNER_REDEEM, member_id=member.id, memo=partner_memo(partner, cmd.reference),
            flags=flags, postings=transfer(unit=POINTS, amount=cmd.points,
                                           to_account=partner_redeemed_account(partner.id),
                                           from_account=member_account(member.id, Bucket.POINTS)))
        return PartnerRedemption(partner.label(ctx.language), cmd.reference, cmd.points, value,
                                 balance - cmd.points, tuple(flags))

    # -- a partner's signed file -----------------------------------------------------------------------
    def import_activity(self, data: bytes, *, staff_id: str | None = None,
                        approved_by: str | None = None) -> PartnerImport:
        """Every receipt of a partner's signed file, in one transaction: all of them or, when one is refused,
        none (the refusal names its line). A receipt already recorded, from this file or typed at a counter, on
        any device, is counted and left alone, so importing a file twice changes nothing."""
        ctx = self.ctx
        activity = read_activity(data, partners=ctx.programs.partners, currency=ctx.currency,
                                 secret_for=self.secret_for)

        def run(tx: Tx) -> PartnerImport:
            applied = already = earned = spent = 0
            for line in activity.lines:
                try:
                    fresh = not _already_recorded(tx, line, activity.partner_id)
                    if line.kind == EARN:
                        award = self._earn_once(tx, EarnAtPartner(
                            partner_id=activity.partner_id, member_code=line.member, amount=line.amount or Money(0),
                            reference=line.reference, staff_id=staff_id, approved_by=approved_by))
                        earned += award.points if fresh else 0
                    else:
                        redemption = self._redeem_once(tx, RedeemAtPartner(
                            partner_id=activity.partner_id, member_code=line.member, points=line.points,
                            reference=line.reference, staff_id=staff_id, approved_by=approved_by))
                        spent += redemption.points if fresh else 0
                except KioskError as exc:
                    raise _on_line(exc, line) from None
                applied += fresh
                already += not fresh
            partner = _partner(tx, activity.partner_id)
            tx.uow.audit.add(action="partner.import", at=tx.now, device_id=tx.ctx.device_id, staff_id=staff_id,
                             subject=partner.id, details={"sha256": activity.digest, "receipts": len(activity.lines),
                                                          "applied": applied, "already": already,
                                                          "points_earned": earned, "points_redeemed": spent,
                                                          "approved_by": approved_by})
            return PartnerImport(partner.label(tx.ctx.language), activity.digest, len(activity.lines), applied,
                                 already, earned, spent)

        return self.write(run)

    # -- settlement ------------------------------------------------------------------------------------
    def settlement(self, date_from: date, date_to: date) -> Settlement:
        """Each partner's points issued and redeemed in the period (business days, both included), their value
        at the partner's settlement rate, and who owes whom. Partners with no activity are listed with zeros."""
        check_period(date_from, date_to)

        def run(tx: Tx) -> Settlement:
            ctx = tx.ctx
            configured = {p.id: p for p in ctx.programs.partners}
            # per partner, per rate the entries recorded (None: written before rates were recorded)
            flows: dict[str, dict[Rate | None, tuple[int, int]]] = {}
            for flow in tx.uow.ledger.partner_flows(date_from, date_to):
                rates = flows.setdefault(flow.partner_id, {})
                rate = rate_of_memo(flow.memo, ctx.currency)
                before = rates.get(rate, (0, 0))
                rates[rate] = (before[0] + flow.issued, before[1] + flow.redeemed)
            ids = list(configured) + sorted(pid for pid in flows if pid not in configured)
            lines = []
            for pid in ids:
                partner = configured.get(pid)
                at_rates: dict[Rate, tuple[int, int]] = {}
                for rate, (issued, redeemed) in flows.get(pid, {}).items():
                    if rate is None:
                        if partner is None:
                            # the partnership ended and these points never recorded their rate: never guess it
                            raise NotFound("partner.settle_unknown_rate", partner_id=pid, partner=pid)
                        rate = rate_of(partner)
                    before = at_rates.get(rate, (0, 0))
                    at_rates[rate] = (before[0] + issued, before[1] + redeemed)
                if partner is not None and not at_rates:
                    at_rates[rate_of(partner)] = (0, 0)
                # a partner no longer in the settings is named by its id
                lines.append(settlement_line_at_rates(
                    pid, partner.label(ctx.language) if partner else pid,
                    [(rate, issued, redeemed) for rate, (issued, redeemed) in at_rates.items()],
                    currency=ctx.currency))
            return Settlement(date_from, date_to, ctx.currency, tuple(lines))

        return self.read(run)


def settlement_csv(settlement: Settlement) -> str:
    """The settlement as CSV: one row per partner, money as plain decimals (net above zero: the partner owes the
    shop), `owes` as partner | shop | none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period_from", "period_to", "partner_id", "partner", "points_issued", "points_redeemed",
                     "issued_value", "redeemed_value", "net", "owes", "currency"])
    for line in settlement.lines:
        writer.writerow([settlement.date_from.isoformat(), settlement.date_to.isoformat(), line.partner_id,
                         line.partner_name, line.points_issued, line.points_redeemed, _decimal(line.issued_value),
                         _decimal(line.redeemed_value), _decimal(line.net), line.owes, settlement.currency])
    return out.getvalue()


def _decimal(money: Money) -> str:
    """A spreadsheet's number: no thousands separator, no currency (a column of its own)."""
    return f"{money.to_decimal():.{exponent(money.currency)}f}"


def _partner(tx: Tx, partner_id: str) -> Partner:
    partner = next((p for p in tx.ctx.programs.partners if p.id == partner_id), None)
    if partner is None:
        known = ", ".join(p.id for p in tx.ctx.programs.partners) or "none"
        raise NotFound("partner.unknown", partner_id=partner_id, known=known, partner=partner_id)
    return partner


def _recorded_elsewhere(tx: Tx, command_id: str, member: Member) -> Entry | None:
    """The entry another device wrote for this partner receipt (it reached here through the hub)."""
    entry = tx.uow.ledger.partner_entry(command_id)
    if entry is not None and entry.member_id != member.id:
        raise Conflict("partner.receipt_used")
    return entry


def _already_recorded(tx: Tx, line: ActivityLine, partner_id: str) -> bool:
    """Whether a file's receipt was recorded before: here (typed or imported) or by another device."""
    command_id = partner_command_id(line.kind, partner_id, line.reference)
    legacy = legacy_command_id(partner_id, line.reference)
    return (tx.uow.commands.get(command_id) is not None or tx.uow.ledger.partner_entry(command_id) is not None
            or (line.kind == EARN and legacy != command_id and len(legacy) <= 64
                and tx.uow.commands.get(legacy) is not None))


def _member_points(entry: Entry, member: Member) -> int:
    return sum(p.amount for p in entry.postings if p.unit == POINTS and member_of(p.account) == member.id)


def _balance(tx: Tx, member: Member) -> int:
    return spendable_balances(tx.uow, member.id, tx.now, tz=tx.ctx.tz).get(POINTS, 0)


def _on_line(exc: KioskError, line: ActivityLine) -> KioskError:
    """The refusal of one line, naming it, as the file's refusal (nothing of the file is kept); the line's own
    refusal is a param, worded in the same language."""
    if isinstance(exc, ManagerApprovalRequired):
        return ManagerApprovalRequired("partner.line_refused", reason=exc.reason, line=line.number,
                                       receipt=line.reference, refusal=exc)
    return type(exc)("partner.line_refused", line=line.number, receipt=line.reference, refusal=exc)
