"""Helpers shared by the use cases: idempotent commands, member lookup, member state, ledger writes."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from kiosk.domain import tokens
from kiosk.domain.errors import (
    Conflict,
    InvalidCode,
    InvalidInput,
    KioskError,
    ManagerApprovalRequired,
    NotFound,
    PermissionDenied,
)
from kiosk.domain.expiry import expires_on
from kiosk.domain.ids import new_id, ordered_id
from kiosk.domain.ledger import (
    POINTS,
    Entry,
    EntryKind,
    Flag,
    Posting,
    ProgramAccount,
    check_balanced,
    lot_book,
    member_of,
    reward_unit,
    stamps_unit,
    voucher_unit,
)
from kiosk.domain.members import Member, looks_like_phone, mask_name, normalize_phone
from kiosk.domain.money import Money
from kiosk.domain.programs import stamps as stamp_rules
from kiosk.domain.programs import tiers as tier_rules
from kiosk.domain.programs.config import MembershipPlan, Tier
from kiosk.domain.programs.engine import MemberState
from kiosk.domain.serialization import from_json, to_json
from kiosk.domain.staff import Role
from kiosk.domain.text import Phrase
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork
from kiosk.services.ports.uow import OutboxRow
from kiosk.services.ports.vouchers import Voucher

_HEX_ID = re.compile(r"^[0-9a-f]{32}$")


def request_hash(command: Any) -> str:
    return hashlib.sha256(to_json(command).encode()).hexdigest()


def idempotent[T](uow: UnitOfWork, *, command_id: str, kind: str, command: Any, result_type: type[T],
               at: datetime, run: Callable[[], T], remember: Callable[[T], str] | None = None,
               recall: Callable[[str], T] | None = None, reused: KioskError | None = None) -> T:
    """Apply `run` once per command id: a repeat returns the first result and changes nothing.

    Must be called inside the unit of work that commits `run`'s writes, so the command log row and the
    writes commit together. By default the log keeps the whole result; a use case whose result can be rebuilt
    from what it wrote (a sale from its sale row) passes `remember` (the few facts to keep) and `recall`
    (the result again from them), so the log stays small. `reused` is the refusal when the id was used for a
    different request, said in the caller's words (a partner's receipt number rather than a "request id").
    """
    if not command_id or not isinstance(command_id, str) or len(command_id) > 64:
        raise InvalidInput("request.bad_id")
    digest = request_hash(command)
    seen = uow.commands.get(command_id)
    if seen is not None:
        seen_kind, seen_hash, result_json = seen
        if seen_kind != kind or seen_hash != digest:
            raise reused if reused is not None else Conflict("request.id_reused")
        return recall(result_json) if recall is not None else from_json(result_type, result_json)
    result = run()
    kept = remember(result) if remember is not None else to_json(result)
    uow.commands.add(command_id, kind=kind, request_hash=digest, result_json=kept, at=at)
    return result


def find_member(uow: UnitOfWork, ctx: ShopContext, code_or_phone: str) -> Member:
    """The member behind a scanned code, a phone number or an internal id; forged or revoked codes fail.

    A member merged into another (one person enrolled on two devices offline) leads to the one they were
    merged into, so both cards keep working.
    """
    return _follow_merges(uow, _find_member(uow, ctx, code_or_phone))


def _follow_merges(uow: UnitOfWork, member: Member) -> Member:
    seen = {member.id}
    while member.merged_into:
        target = uow.members.get(member.merged_into)
        if target is None or target.id in seen or target.is_erased:
            break
        seen.add(target.id)
        member = target
    return member


def _find_member(uow: UnitOfWork, ctx: ShopContext, code_or_phone: str) -> Member:
    text = (code_or_phone or "").strip()
    if not text:
        raise InvalidInput("member.missing")
    if len(text) > 80:
        raise InvalidCode("member.not_a_card_or_phone")
    if tokens.looks_like_code(text):
        parsed = read_code(uow, text, expect=tokens.MEMBER)
        member = uow.members.by_short_id(parsed.member_short_id)
        card = uow.members.card(member.id, parsed.card_serial) if member else None
        if member is None or card is None or member.is_erased:
            raise InvalidCode("member.code_unknown")
        if card.revoked_at is not None:
            raise InvalidCode("member.code_revoked")
        return member
    if _HEX_ID.match(text):
        member = uow.members.get(text)
        if member is not None and not member.is_erased:
            return member
        raise NotFound("member.not_found")
    if looks_like_phone(text):
        return only_member_with_phone(uow, normalize_phone(text, country_code=ctx.country_code))
    raise InvalidCode("member.not_a_card_or_phone")


def only_member_with_phone(uow: UnitOfWork, phone: str) -> Member:
    """The one live member with this (normalized) phone. Two devices that enrolled one person while apart leave
    two until a manager merges them: which one a phone means is then the cashier's question, never the first row
    a till happens to read (another till would read the other), so the lookup is refused naming both; a card or
    a member id still finds the exact member."""
    members = uow.members.with_phone(phone)
    if not members:
        raise NotFound("member.phone_not_found")
    if len(members) > 1:
        raise PhoneShared(members)
    return members[0]


class PhoneShared(Conflict):
    """One phone on several members not merged yet (kiosk hub conflicts lists it; kiosk hub merge settles it).
    `member_ids` name them for a screen that lets the cashier choose, oldest enrolment first."""

    code = "member.phone_shared"

    def __init__(self, members: list[Member]) -> None:
        super().__init__(count=len(members), member_ids=tuple(m.id for m in members),
                         members=tuple(Phrase("member.phone_shared_member", {"name": mask_name(m.name), "id": m.id})
                                       for m in members))


def read_code(uow: UnitOfWork, text: str, *, expect: str) -> tokens.ParsedCode:
    """A scanned code of kind `expect` (tokens.MEMBER or tokens.VOUCHER), its signature checked first.

    The kind letter is part of what is signed, so it means nothing until the signature holds: a voucher whose
    V was changed to M is a forgery, not a member card. Every place that reads a code goes through here.
    """
    parsed = tokens.parse_code(text)
    if not any(tokens.verify_code(parsed, secret) for secret in uow.keys.secrets(parsed.key_id)):
        if expect == tokens.VOUCHER:
            raise InvalidCode("member.voucher_forged")
        raise InvalidCode("member.code_forged")
    if parsed.kind != expect:
        if expect == tokens.VOUCHER:
            raise InvalidCode("member.not_a_voucher")
        raise InvalidCode("member.not_a_member_code")
    return parsed


def member_code(uow: UnitOfWork, member: Member) -> str:
    """The member's current QR payload (signed with the key their card was issued under)."""
    card = uow.members.active_card(member.id)
    if card is None:
        raise NotFound("member.no_card")
    secret = uow.keys.get(card.key_id)
    if secret is None:
        raise NotFound("member.no_key")
    return tokens.sign_member_code(short_id=member.short_id, serial=card.serial, key_id=card.key_id, secret=secret)


def qualifying_value(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime) -> int:
    rules = ctx.programs.tiers
    since = tier_rules.window_start(rules, ctx.local(now))
    if rules.metric == "points":
        return uow.ledger.points_earned_since(member_id, since)
    return uow.sales.qualifying(member_id, metric=rules.metric, since=since)


def current_tier(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime) -> tuple[
        tier_rules.TierStatus | None, int]:
    rules = ctx.programs.tiers
    if not rules.enabled or not rules.levels:
        return None, 0
    qualifying = qualifying_value(uow, ctx, member_id, now)
    status = tier_rules.evaluate(rules, uow.tiers.get(member_id), qualifying, now)
    return status, qualifying


TIER_REACHED = "tier.reached"  # the audit action that keeps what a sale's upgrade replaced (see retier_after_refund)


def _status_json(status: tier_rules.TierStatus | None) -> dict[str, str | None] | None:
    if status is None:
        return None
    return {"tier": status.tier, "since": status.since.isoformat(),
            "review_at": status.review_at.isoformat() if status.review_at else None}


def _status_from(raw: Any) -> tier_rules.TierStatus | None:
    if not isinstance(raw, dict) or not raw.get("tier"):
        return None
    review = raw.get("review_at")
    return tier_rules.TierStatus(str(raw["tier"]), datetime.fromisoformat(str(raw["since"])),
                                 datetime.fromisoformat(str(review)) if review else None)


def note_tier_reached(uow: UnitOfWork, ctx: ShopContext, member_id: str, *, sale_id: str,
                      before: tier_rules.TierStatus | None, reached: tier_rules.TierStatus, at: datetime) -> None:
    """A sale raised the member's tier: the audit log (shared on a hub like the sale) keeps the tier it replaced,
    so a refund of that sale can give the member back what they held before it and no more."""
    uow.audit.add(action=TIER_REACHED, at=at, device_id=ctx.device_id, subject=member_id,
                  details={"sale_id": sale_id, "tier": reached.tier, "before": _status_json(before)})


def retier_after_refund(uow: UnitOfWork, ctx: ShopContext, member_id: str, *, sale_at: datetime,
                        now: datetime) -> None:
    """A refund or void took spend back: a tier raised by that sale or after it stays only while the spend left
    (net of refunds) qualifies for it; else the member goes back to the tier held before the sale (its review date
    as it was), or to what the spend left earns if that is higher. A tier held before the sale is never touched."""
    rules = ctx.programs.tiers
    if not rules.enabled or not rules.levels:
        return
    status = uow.tiers.get(member_id)
    raised = uow.audit.about(TIER_REACHED, member_id, since=sale_at)
    if status is None or not raised:
        return  # no sale from this one on raised the tier: it was held before the sale
    held_before = _status_from(json.loads(raised[0].details_json).get("before"))
    after = tier_rules.after_refund(rules, status, qualifying_value(uow, ctx, member_id, now), held_before, now)
    if after != status:
        uow.tiers.set(member_id, after, at=now)


def active_membership(ctx: ShopContext, member: Member, now: datetime) -> MembershipPlan | None:
    if not member.paid_membership:
        return None
    plan = ctx.programs.plan(member.paid_membership)
    if plan is None:
        return None
    if member.paid_membership_status in ("active", "trialing"):
        return plan
    # past_due, or not heard from Stripe while offline: keep perks through the grace period
    if member.paid_membership_until is not None and member.paid_membership_status != "canceled":
        if now <= member.paid_membership_until + timedelta(days=plan.grace_days):
            return plan
    return None


def spendable_balances(uow: UnitOfWork, member_id: str, now: datetime, *, tz: tzinfo) -> dict[str, int]:
    """The member's balance of each unit that is still valid at `now` (`tz`: the shop's time zone, whose
    business day a lot is good through: kiosk.domain.expiry).

    Value past its date is not spendable whether or not an expiry entry has written it off yet: for the
    few units holding such a lot (one cheap query finds them) the lot book says what is left.
    """
    balances = uow.ledger.member_balances(member_id)
    for unit in uow.ledger.units_with_unexpired_writeoff(member_id, now, tz):
        book = lot_book((r.move for r in uow.ledger.member_postings(member_id, unit)), tz)
        balances[unit] = min(balances.get(unit, 0), book.spendable(now))
    return balances


def member_state(uow: UnitOfWork, ctx: ShopContext, member: Member, now: datetime, *,
                 tier: tuple[tier_rules.TierStatus | None, int] | None = None, today: bool = True) -> MemberState:
    """`tier`: current_tier's answer when the caller already has it (it sums the member's sales: not free);
    `today=False` leaves out the stamps earned today (one read), which only pricing a sale needs."""
    balances = spendable_balances(uow, member.id, now, tz=ctx.tz)
    status, _ = tier if tier is not None else current_tier(uow, ctx, member.id, now)
    level: Tier | None = tier_rules.tier_by_name(ctx.programs.tiers, status.tier) if status else None
    cards = {c.id: stamp_rules.on_the_card(c, balances.get(stamps_unit(c.id), 0)) for c in ctx.programs.stamp_cards}
    return MemberState(
        member_id=member.id,
        points=balances.get(POINTS, 0),
        credit=Money(balances.get(ctx.currency, 0), ctx.currency),
        stamps={card_id: shown for card_id, (shown, _) in cards.items()},
        rewards_ready={card_id: balances.get(reward_unit(card_id), 0) + waiting
                       for card_id, (_, waiting) in cards.items()},
        rewards_waiting={card_id: waiting for card_id, (_, waiting) in cards.items() if waiting},
        stamps_today=_stamps_today(uow, ctx, member.id, now) if today else {},
        tier=level,
        membership=active_membership(ctx, member, now),
    )


def _stamps_today(uow: UnitOfWork, ctx: ShopContext, member_id: str, now: datetime) -> dict[str, int]:
    if not any(c.visit == "day" for c in ctx.programs.stamp_cards):
        return {}
    earned = uow.ledger.stamps_earned_on(member_id, ctx.business_date(now))
    return {c.id: earned.get(stamps_unit(c.id), 0) for c in ctx.programs.stamp_cards}


def outbox_rows(entry: Entry, currency: str, snapshotted: set[str] | None = None) -> list[OutboxRow]:
    """The Stripe updates an entry calls for: the member's snapshot, and their store credit as it moves.

    Written with the entry where it is made, and by the device that sends the shop's Stripe updates when the
    entry reaches it through the hub; the keys come from the entry, so the two can never both count.
    """
    rows: list[OutboxRow] = []
    seen = snapshotted if snapshotted is not None else set()
    members = {m for p in entry.postings if (m := member_of(p.account))}
    for mid in sorted(members - seen):
        # Snapshots are absolute and read at send time: one row per member per command is enough, and a
        # sale's three entries then write one row and its four index entries instead of three.
        seen.add(mid)
        rows.append(OutboxRow("member.snapshot", {"member_id": mid, "entry_id": entry.id},
                              f"snap-{entry.id}-{mid}", member_id=mid, entry_id=entry.id))
    for p in entry.postings:
        owner = member_of(p.account)
        if owner and p.unit == currency and p.amount:
            # Stripe: negative customer balance = credit the customer can spend on invoices.
            rows.append(OutboxRow(
                "credit.balance_transaction",
                {"member_id": owner, "entry_id": entry.id, "amount_minor": -p.amount, "currency": p.unit,
                 "kind": entry.kind, "reverses_id": entry.reverses_id},
                f"bt-{entry.id}-{owner}", member_id=owner, entry_id=entry.id))
    return rows


@dataclass
class EntryWriter:
    """Builds ledger entries for one command and writes each with its outbox rows (house rule 3)."""

    uow: UnitOfWork
    ctx: ShopContext
    now: datetime
    command_id: str | None = None
    staff_id: str | None = None
    _snapshotted: set[str] = field(default_factory=set, repr=False)

    def write(self, *, kind: EntryKind, postings: tuple[Posting, ...], member_id: str | None = None,
              sale_id: str | None = None, reverses_id: str | None = None, memo: str = "",
              flags: tuple[Flag, ...] = ()) -> Entry:
        entry = Entry(
            id=ordered_id(),
            device_id=self.ctx.device_id,
            created_at=self.now,
            business_date=self.ctx.business_date(self.now),
            kind=kind,
            postings=tuple(postings),
            member_id=member_id,
            sale_id=sale_id,
            reverses_id=reverses_id,
            command_id=self.command_id,
            staff_id=self.staff_id,
            memo=memo,
            flags=tuple(sorted(flags)),
        )
        check_balanced(entry)
        self.uow.ledger.add(entry)
        self._outbox(entry)
        return entry

    def _outbox(self, entry: Entry) -> None:
        for row in outbox_rows(entry, self.ctx.currency, self._snapshotted):
            self.uow.outbox.add(topic=row.topic, payload=row.payload, idempotency_key=row.idempotency_key,
                                created_at=self.now, member_id=row.member_id, entry_id=row.entry_id)

    def member_changed(self, member_id: str, reason: str) -> None:
        """A change with no ledger entry (enrolment, consent, erasure) still refreshes the Stripe customer."""
        self.uow.outbox.add(
            topic="member.snapshot",
            payload={"member_id": member_id, "reason": reason},
            idempotency_key=f"snap-{reason}-{member_id}-{new_id()[:12]}",
            created_at=self.now,
            member_id=member_id,
        )


def expiry_from(now: datetime, months: int | None, tz: tzinfo) -> datetime | None:
    """When value earned at `now` with a term of `months` expires: the same day `months` later in the shop's
    calendar (`tz`), the last day of a shorter month (31 Jan + 1 month: 28 or 29 Feb), at the time of day it was
    earned, given back in `now`'s time zone. Months added to the UTC instant gave another day for value earned
    before 07:00 in Bangkok near a month's end (1 Dec 03:00 there is 30 Nov in UTC: it showed 30 Nov next year).
    Lots already written keep the date they were given."""
    if not months:
        return None
    local = now.astimezone(tz)
    month_index = local.month - 1 + months
    year = local.year + month_index // 12
    month = month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day).astimezone(now.tzinfo)


HUB_CONTACT_KEY = "hub:last_contact"  # written by the hub sync (kiosk.adapters.db.hub_store) at each round
# Set when a device joins a shop and takes its history from the hub; gone once a round has taken all of it (the
# same round that first records a contact). While it is set the device holds part of the shop's ledger at most.
HUB_TAKING_HISTORY_KEY = "hub:taking_history"


def history_incomplete(uow: UnitOfWork, ctx: ShopContext) -> bool:
    """This device joined a shop on a hub and has not yet taken its whole history (the join was cut short): a
    member's balance here may be missing what they earned or spent on the shop's other devices. Only a device
    with a hub can be (a join sets the hub's address before it takes the history): a shop without one asks
    nothing of its database."""
    return ctx.hub is not None and uow.kv.get(HUB_TAKING_HISTORY_KEY) is not None


def voucher_refusal(uow: UnitOfWork, ctx: ShopContext, voucher: Voucher, now: datetime) -> KioskError | None:
    """Why checkout would not take `voucher` now, or None: used (its row says so, or the ledger does: its voucher
    unit left program:vouchers, and a row set back to unused by hand does not make it spendable again), or past
    the day it was shown good until. Checkout, a voucher slip's reprint and a member's list of vouchers ask it."""
    outstanding = uow.ledger.program_balance(ProgramAccount.VOUCHERS, voucher_unit(voucher.id))
    if voucher.redeemed_at is not None or (outstanding is not None and outstanding < 1):
        return Conflict("checkout.voucher_used")
    if voucher.expires_at is not None and ctx.expired(voucher.expires_at, now):
        return InvalidCode("checkout.voucher_expired", day=expires_on(voucher.expires_at, ctx.tz))
    return None


def check_offline_spend(uow: UnitOfWork, ctx: ShopContext, now: datetime, member_id: str, *, points: int = 0,
                        credit_minor: int = 0) -> None:
    """With a hub not heard from for a while, a member may spend only so much on this device: the same points
    could be spent on another device meanwhile (the overdraft would be flagged, but the shop bears it)."""
    if not (points or credit_minor):
        return
    if history_incomplete(uow, ctx):
        # Earning adds to whatever the rest of the history holds; spending from a balance missing part of it
        # could spend what the member already spent elsewhere. Selling goes on; spending waits for the history.
        raise Conflict("member.history_incomplete")
    policy = ctx.hub
    if policy is None or policy.offline_spend_limit is None:
        return
    raw = uow.kv.get(HUB_CONTACT_KEY)
    since = datetime.fromisoformat(raw) if raw else None
    if since is not None and now - since <= timedelta(minutes=policy.offline_after_minutes):
        return
    point_value = ctx.programs.points.point_value.minor
    earlier = uow.ledger.spent_on_device(member_id, ctx.device_id, since)
    spent = earlier.get(POINTS, 0) * point_value + earlier.get(ctx.currency, 0)
    limit = policy.offline_spend_limit
    if spent + points * point_value + credit_minor > limit.minor:
        left = Money(max(0, limit.minor - spent), limit.currency)
        when: object = ctx.local(since) if since else Phrase("member.since_joining")
        raise Conflict("member.offline_spend_limit", when=when, limit=limit, left=left)


def require_manager(uow: UnitOfWork, approved_by: str | None, *, what: Phrase, reason: str) -> str:
    """The approver's staff id, after checking in this transaction that they are an active manager or owner;
    `what` names the action in the refusal (an "action.*" phrase of the catalogue)."""
    if not approved_by:
        raise ManagerApprovalRequired("approval.manager_pin", what=what, reason=reason)
    approver = uow.staff.get(approved_by)
    if approver is None or not approver.active or not approver.role.at_least(Role.MANAGER):
        raise PermissionDenied("approval.not_manager_for", what=what)
    return approver.id
