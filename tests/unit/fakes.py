"""In-memory fakes of the unit-of-work ports in kiosk/services/ports/, plus a shop built on them for fast unit tests."""

from __future__ import annotations

import copy
import hashlib
import json
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from kiosk.domain.documents import Document, ShopHeader, document_kind, document_to_json
from kiosk.domain.errors import Conflict
from kiosk.domain.expiry import ends_at, expired
from kiosk.domain.ids import new_id, random_code
from kiosk.domain.ledger import (
    AWARD_KINDS,
    EARN_KINDS,
    GENESIS_HASH,
    POINTS,
    SPEND_KINDS,
    ChainedEntry,
    Entry,
    EntryKind,
    Move,
    chain_hash,
    earned_net,
    is_partner_issued,
    is_partner_redeemed,
    member_of,
    partner_issued_account,
    partner_redeemed_account,
)
from kiosk.domain.members import Member, name_search_key
from kiosk.domain.money import Money
from kiosk.domain.partners import PartnerFlow
from kiosk.domain.programs.config import ProgramConfig
from kiosk.domain.programs.tiers import TierStatus
from kiosk.domain.staff import Role, StaffMember, hash_pin
from kiosk.services.accounts import AccountService
from kiosk.services.checkout import CheckoutService
from kiosk.services.context import FixedClock, ShopContext, ShopPolicy
from kiosk.services.enrollment import EnrollmentService
from kiosk.services.expiry import ExpiryService
from kiosk.services.ports import (
    AuditRecord,
    MemberCard,
    PostingRow,
    RefundRecord,
    SaleRecord,
    SigningKey,
    Voucher,
)
from kiosk.services.ports.ledger import AwardRow
from kiosk.services.ports.offers import MemberOffer
from kiosk.services.ports.records import RecordLink
from kiosk.services.ports.sales import COUNTED_STATUSES
from kiosk.services.redemption import RedemptionService
from kiosk.services.refunds import RefundService
from kiosk.services.staff import StaffService
from kiosk.services.verify import VerifyService


@dataclass
class FakeState:
    """Everything the fake database holds. Containers are copied per unit of work; their items are frozen."""

    members: dict[str, Member] = field(default_factory=dict)
    member_meta: dict[str, tuple[str, date]] = field(default_factory=dict)  # id -> (device, enrolled business date)
    cards: list[MemberCard] = field(default_factory=list)
    entries: list[ChainedEntry] = field(default_factory=list)
    balances: dict[tuple[str, str], int] = field(default_factory=dict)
    sales: dict[str, SaleRecord] = field(default_factory=dict)
    offers: dict[tuple[str, str], MemberOffer] = field(default_factory=dict)  # (offer, member) -> what happened
    refunds: dict[str, RefundRecord] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    staff: dict[str, StaffMember] = field(default_factory=dict)
    pin_hashes: dict[str, str] = field(default_factory=dict)
    commands: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    print_jobs: list[dict[str, Any]] = field(default_factory=list)
    vouchers: dict[str, Voucher] = field(default_factory=dict)
    keys: dict[str, tuple[bytes, datetime, datetime | None]] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)
    tiers: dict[str, TierStatus] = field(default_factory=dict)
    kv: dict[str, str] = field(default_factory=dict)

    def copy(self) -> FakeState:
        # Shallow copies of each container: members, entries, sales... are frozen values, safe to share.
        return FakeState(**{name: copy.copy(value) for name, value in vars(self).items()})

    @property
    def ledger_entries(self) -> list[Entry]:
        return [c.entry for c in self.entries]


def _net(entry: Entry) -> dict[tuple[str, str], int]:
    net: dict[tuple[str, str], int] = {}
    for p in entry.postings:
        net[(p.account, p.unit)] = net.get((p.account, p.unit), 0) + p.amount
    return net


class FakeMembers:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, member: Member, *, device_id: str, business_date: date) -> None:
        if member.id in self.s.members or any(
                m.short_id == member.short_id or m.referral_code == member.referral_code
                or (member.phone and m.phone == member.phone and not m.is_erased) for m in self.s.members.values()):
            raise Conflict("duplicate member", code="storage.integrity_conflict")
        self.s.members[member.id] = member
        self.s.member_meta[member.id] = (device_id, business_date)

    def get(self, member_id: str) -> Member | None:
        return self.s.members.get(member_id)

    def enrolled_on(self, member_id: str) -> str | None:
        meta = self.s.member_meta.get(member_id)
        return meta[0] if meta else None

    def by_short_id(self, short_id: str) -> Member | None:
        return next((m for m in self.s.members.values() if m.short_id == short_id), None)

    def by_phone(self, phone: str) -> Member | None:
        return next((m for m in self.s.members.values() if m.phone == phone and not m.is_erased), None)

    def with_phone(self, phone: str) -> list[Member]:
        return sorted((m for m in self.s.members.values() if m.phone == phone and not m.is_erased
                       and not m.merged_into), key=lambda m: (m.enrolled_at, m.id))

    def by_referral_code(self, code: str) -> Member | None:
        return next((m for m in self.s.members.values() if m.referral_code == code), None)

    def search(self, text: str, *, limit: int = 20) -> list[Member]:
        key = name_search_key(text)
        digits = "".join(c for c in text if c.isdigit())
        tail = (digits[1:] if digits.startswith("0") else digits) if len(digits) >= 3 else None
        found = []
        for m in self.s.members.values():
            if m.is_erased:
                continue
            name = name_search_key(m.name)
            if name.startswith(key) or f" {key}" in name or (tail and m.phone and tail in m.phone):
                found.append(m)
        return sorted(found, key=lambda m: name_search_key(m.name))[:limit]

    def update(self, member: Member) -> None:
        self.s.members[member.id] = member

    def active_card(self, member_id: str) -> MemberCard | None:
        live = [c for c in self.s.cards if c.member_id == member_id and c.revoked_at is None]
        return max(live, key=lambda c: c.serial) if live else None

    def card(self, member_id: str, serial: int) -> MemberCard | None:
        return next((c for c in self.s.cards if c.member_id == member_id and c.serial == serial), None)

    def add_card(self, card: MemberCard) -> None:
        self.s.cards.append(card)

    def revoke_cards(self, member_id: str, at: datetime) -> None:
        self.s.cards = [replace(c, revoked_at=at) if c.member_id == member_id and c.revoked_at is None else c
                        for c in self.s.cards]

    def count(self) -> int:
        return len(self.s.members)

    def cards(self, member_id: str) -> list[MemberCard]:
        return sorted((c for c in self.s.cards if c.member_id == member_id), key=lambda c: c.serial)

    def active_cards_on_keys(self, key_ids: Sequence[str], *, limit: int = 500) -> list[MemberCard]:
        live = [c for c in self.s.cards if c.key_id in set(key_ids) and c.revoked_at is None]
        return sorted(live, key=lambda c: (c.issued_at, c.id))[:limit]

    def active_cards_per_key(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for c in self.s.cards:
            if c.revoked_at is None:
                counts[c.key_id] = counts.get(c.key_id, 0) + 1
        return counts


class FakeLedger:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, entry: Entry) -> None:
        if any(c.entry.id == entry.id for c in self.s.entries):
            raise Conflict("duplicate entry id", code="storage.integrity_conflict")
        head_key = f"chain_head:{entry.device_id}"
        prev = self.s.kv.get(head_key, GENESIS_HASH)
        digest = chain_hash(prev, entry)
        self.s.entries.append(ChainedEntry(entry, prev, digest))
        for key, amount in _net(entry).items():
            self.s.balances[key] = self.s.balances.get(key, 0) + amount
        self.s.kv[head_key] = digest

    def get_many(self, entry_ids: Sequence[str]) -> dict[str, Entry]:
        wanted = set(entry_ids)
        return {e.id: e for e in self._all() if e.id in wanted}

    def _all(self) -> list[Entry]:
        return [c.entry for c in self.s.entries]

    def get(self, entry_id: str) -> Entry | None:
        return next((e for e in self._all() if e.id == entry_id), None)

    def for_sale(self, sale_id: str) -> list[Entry]:
        return [e for e in self._all() if e.sale_id == sale_id]

    def reversed_ids(self, entry_ids: Sequence[str]) -> set[str]:
        wanted = set(entry_ids)
        return {e.reverses_id for e in self._all() if e.reverses_id in wanted}  # type: ignore[misc]

    def member_balances(self, member_id: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for (account, unit), amount in self.s.balances.items():
            if member_of(account) == member_id:
                out[unit] = out.get(unit, 0) + amount
        return out

    def mark(self) -> int:
        return len(self.s.entries)

    def with_command_prefix(self, prefix: str) -> list[Entry]:
        found = [e for e in self._all() if e.command_id is not None and e.command_id.startswith(prefix)]
        return sorted(found, key=lambda e: (e.created_at, e.id))

    def command_ids_since(self, since: int, prefix: str) -> set[str]:
        return {c.entry.command_id for c in self.s.entries[since:]
                if c.entry.command_id is not None and c.entry.command_id.startswith(prefix) and c.entry.postings}

    def members_holding(self, unit: str, *, at_least: int, since: int) -> list[str]:
        touched = {owner for c in self.s.entries[since:] for p in c.entry.postings
                   if p.unit == unit and (owner := member_of(p.account))}
        held: dict[str, int] = {}
        for (account, held_unit), amount in self.s.balances.items():
            if held_unit == unit and (owner := member_of(account)) in touched:
                held[owner] = held.get(owner, 0) + amount
        return sorted(m for m, amount in held.items() if amount >= at_least)

    def program_balance(self, account: str, unit: str) -> int | None:
        return self.s.balances.get((account, unit))

    def member_postings(self, member_id: str, unit: str) -> list[PostingRow]:
        rows = []
        for e in sorted(self._all(), key=lambda e: e.created_at):  # stable: same instant keeps insert order
            for p in e.postings:
                if p.member_id == member_id and p.unit == unit:
                    rows.append(PostingRow(p.amount, p.expires_at, e.created_at, e.kind))
        return rows

    def member_postings_of(self, member_id: str, units: Sequence[str]) -> dict[str, list[PostingRow]]:
        return {unit: self.member_postings(member_id, unit) for unit in units}

    def members_with_expired_lots(self, now: datetime, tz: tzinfo) -> list[tuple[str, str]]:
        members = sorted({p.member_id for e in self._all() for p in e.postings if p.member_id})
        return [(m, unit) for m in members for unit in self.units_with_unexpired_writeoff(m, now, tz)]

    def iter_member_moves(self) -> Iterator[tuple[str, str, str, Move]]:
        rows = [(p.member_id, p.unit, e.created_at, i, e.id, Move(p.amount, p.expires_at, e.created_at, e.kind))
                for i, e in enumerate(sorted(self._all(), key=lambda e: e.created_at))
                for p in e.postings if p.member_id]
        for member_id, unit, _at, _i, entry_id, move in sorted(rows, key=lambda r: r[:4]):
            yield member_id, unit, entry_id, move

    def stamps_earned_on(self, member_id: str, business_date: date) -> dict[str, int]:
        return self._earned_on(member_id, business_date)[1]

    def _earned_on(self, member_id: str, business_date: date) -> tuple[int, dict[str, int]]:
        """As SqlLedger: the day's earning entries with the member's side of them, and what their reversals
        (whenever made) took back of it."""
        days = [e for e in self._all() if e.member_id == member_id and e.business_date == business_date
                and e.kind in EARN_KINDS]
        ids = {e.id for e in days}
        rows: list[tuple[str, str, str | None, int | None]] = []
        for e in days:
            mine = [(e.id, e.kind.value, p.unit, p.amount) for p in e.postings if p.member_id == member_id]
            rows += mine or [(e.id, e.kind.value, None, None)]
        rows += [(e.reverses_id, e.kind.value, p.unit, p.amount) for e in self._all() if e.reverses_id in ids
                 for p in e.postings if p.member_id == member_id]  # type: ignore[misc]
        return earned_net(rows)

    def units_with_unexpired_writeoff(self, member_id: str, now: datetime, tz: tzinfo) -> list[str]:
        last_expiry: dict[str, datetime] = {}
        for e in self._all():
            if e.kind == EntryKind.EXPIRY:
                for p in e.postings:
                    if p.member_id == member_id and (p.unit not in last_expiry or e.created_at > last_expiry[p.unit]):
                        last_expiry[p.unit] = e.created_at
        balances = self.member_balances(member_id)
        return sorted({p.unit for e in self._all() for p in e.postings
                       if p.member_id == member_id and p.amount > 0 and p.expires_at is not None
                       and expired(p.expires_at, now, tz) and balances.get(p.unit, 0) > 0
                       and (p.unit not in last_expiry or ends_at(p.expires_at, tz) > last_expiry[p.unit])})

    def units_with_lots_ending(self, member_id: str, now: datetime, until: datetime, tz: tzinfo) -> set[str]:
        return {p.unit for e in self._all() for p in e.postings
                if p.member_id == member_id and p.amount > 0 and p.expires_at is not None
                and not expired(p.expires_at, now, tz) and p.expires_at <= until}

    def count_for_member(self, member_id: str) -> int:
        return sum(1 for e in self._all() for p in e.postings if p.member_id == member_id)

    def last_entry_of_kind(self, member_id: str, kind: str) -> Entry | None:
        found = [e for e in self._all() if e.member_id == member_id and e.kind == kind]
        return max(reversed(found), key=lambda e: e.created_at) if found else None  # of one instant, the later

    def written_with(self, command_id: str, *, member_id: str, business_date: date,
                     kinds: Sequence[str]) -> list[Entry]:
        return [e for e in self._all() if e.command_id == command_id and e.member_id == member_id
                and e.business_date == business_date and e.kind in kinds]

    def earn_entries_today(self, member_id: str, business_date: date) -> int:
        return self._earned_on(member_id, business_date)[0]

    def partner_points_on(self, member_id: str, partner_id: str, business_date: date) -> int:
        return -sum(p.amount for e in self._all()
                    if e.kind == EntryKind.PARTNER and e.member_id == member_id and e.business_date == business_date
                    for p in e.postings if p.unit == POINTS and p.account == partner_issued_account(partner_id))

    def partner_points_redeemed_on(self, member_id: str, partner_id: str, business_date: date) -> int:
        return sum(p.amount for e in self._all()
                   if e.kind == EntryKind.PARTNER_REDEEM and e.member_id == member_id
                   and e.business_date == business_date
                   for p in e.postings if p.unit == POINTS and p.account == partner_redeemed_account(partner_id))

    def partner_entry(self, command_id: str) -> Entry | None:
        return next((e for e in self._all() if e.kind in (EntryKind.PARTNER, EntryKind.PARTNER_REDEEM)
                     and e.command_id == command_id), None)

    def partner_flows(self, date_from: date, date_to: date) -> list[PartnerFlow]:
        out: dict[tuple[str, str], tuple[int, int]] = {}
        for e in self._all():
            in_period = date_from <= e.business_date <= date_to
            if e.kind not in (EntryKind.PARTNER, EntryKind.PARTNER_REDEEM) or not in_period:
                continue
            for p in e.postings:
                if p.unit != POINTS or p.member_id:
                    continue
                if is_partner_redeemed(p.account):
                    pid, move = p.account.rsplit(":", 1)[1], (0, p.amount)
                elif is_partner_issued(p.account):
                    pid = e.memo.split(" ", 1)[0] if p.account == "program:partner" else p.account.rsplit(":", 1)[1]
                    move = (-p.amount, 0)
                else:
                    continue
                before = out.get((pid, e.memo), (0, 0))
                out[(pid, e.memo)] = (before[0] + move[0], before[1] + move[1])
        return [PartnerFlow(pid, memo, issued, redeemed) for (pid, memo), (issued, redeemed) in out.items()]

    def points_earned_since(self, member_id: str, since: datetime) -> int:
        awards = {e.id for e in self._all() if e.kind in AWARD_KINDS and e.created_at >= since}
        earned = sum(p.amount for e in self._all() if e.id in awards
                     for p in e.postings if p.member_id == member_id and p.unit == POINTS and p.amount > 0)
        taken = sum(p.amount for e in self._all() if e.kind == EntryKind.REVERSAL and e.reverses_id in awards
                    for p in e.postings if p.member_id == member_id and p.unit == POINTS and p.amount < 0)
        return max(0, earned + taken)

    def spent_on_device(self, member_id: str, device_id: str, since: datetime | None) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self._all():
            if e.device_id != device_id or e.kind not in SPEND_KINDS or (since is not None and e.created_at <= since):
                continue
            for p in e.postings:
                if p.member_id == member_id and p.amount < 0:
                    out[p.unit] = out.get(p.unit, 0) - p.amount
        return out

    def for_member(self, member_id: str) -> list[Entry]:
        mine = [e for e in self._all() if e.member_id == member_id or any(p.member_id == member_id
                                                                          for p in e.postings)]
        return sorted(mine, key=lambda e: e.created_at)

    def awards(self, kind: str, *, member_id: str | None = None, memo_prefix: str = "") -> list[AwardRow]:
        entries = self._all()
        out: dict[tuple[str, str, str], AwardRow] = {}
        for e in entries:
            if e.kind != kind or (member_id is not None and e.member_id != member_id) or \
                    not e.memo.startswith(memo_prefix):
                continue
            for p in e.postings:
                if p.member_id is None:
                    continue
                key = (e.id, p.member_id, p.unit)
                row = out.get(key) or AwardRow(e.id, e.memo, p.member_id, e.sale_id, e.created_at, p.unit, 0,
                                                 e.device_id)
                out[key] = replace(row, amount=row.amount + p.amount)
        for e in entries:
            for p in e.postings:
                key = (e.reverses_id or "", p.member_id or "", p.unit)
                if e.reverses_id and key in out:
                    out[key] = replace(out[key], amount=out[key].amount + p.amount)
        return list(out.values())

    def devices(self) -> list[str]:
        return sorted({c.entry.device_id for c in self.s.entries})

    def iter_chain(self, device_id: str) -> Iterator[ChainedEntry]:
        return iter([c for c in self.s.entries if c.entry.device_id == device_id])

    def cached_balances(self) -> Iterator[tuple[str, str, int]]:
        return iter([(account, unit, amount) for (account, unit), amount in self.s.balances.items()])

    def stray_postings(self) -> Iterator[tuple[int, str]]:
        return iter([])  # postings live inside their entries here


class FakeSales:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, sale: SaleRecord) -> None:
        if sale.id in self.s.sales or any(x.receipt_no == sale.receipt_no for x in self.s.sales.values()):
            raise Conflict("duplicate sale", code="storage.integrity_conflict")
        self.s.sales[sale.id] = sale

    def get(self, sale_id: str) -> SaleRecord | None:
        return self.s.sales.get(sale_id)

    def by_receipt(self, receipt_no: str) -> SaleRecord | None:
        return next((x for x in self.s.sales.values() if x.receipt_no == receipt_no), None)

    def record_refunded(self, sale_id: str, *, status: str, refunded_minor: int, was_refunded_minor: int) -> bool:
        sale = self.s.sales[sale_id]
        if sale.refunded_minor != was_refunded_minor:
            return False
        self.s.sales[sale_id] = replace(sale, status=status, refunded_minor=refunded_minor)
        return True

    def add_refund(self, refund: RefundRecord) -> None:
        if refund.id in self.s.refunds or any(r.receipt_no == refund.receipt_no for r in self.s.refunds.values()):
            raise Conflict("duplicate refund", code="storage.integrity_conflict")
        self.s.refunds[refund.id] = refund

    def refunds_for(self, sale_id: str) -> list[RefundRecord]:
        return sorted((r for r in self.s.refunds.values() if r.sale_id == sale_id), key=lambda r: r.created_at)

    def refund_by_receipt(self, receipt_no: str) -> RefundRecord | None:
        return next((r for r in self.s.refunds.values() if r.receipt_no == receipt_no), None)

    def recent_for_member(self, member_id: str, *, limit: int = 5) -> list[SaleRecord]:
        mine = [x for x in self.s.sales.values() if x.member_id == member_id]
        return sorted(mine, key=lambda x: x.created_at, reverse=True)[:limit]

    def for_member_between(self, member_id: str, start: date, end: date) -> list[SaleRecord]:
        mine = [x for x in self.s.sales.values() if x.member_id == member_id and start <= x.business_date <= end
                and x.status in COUNTED_STATUSES]
        return sorted(mine, key=lambda x: x.created_at)

    def qualifying(self, member_id: str, *, metric: str, since: datetime) -> int:
        mine = [x for x in self.s.sales.values()
                if x.member_id == member_id and x.created_at >= since and x.status in COUNTED_STATUSES]
        if metric == "visits":
            return len(mine)
        return sum(x.total_minor - x.refunded_minor + x.credit_paid_minor for x in mine)

    def next_number(self, counter: str) -> int:
        self.s.counters[counter] = self.s.counters.get(counter, 0) + 1
        return self.s.counters[counter]

    def last_receipt(self, device_id: str) -> SaleRecord | None:
        mine = [x for x in self.s.sales.values() if x.device_id == device_id]
        return max(mine, key=lambda x: x.created_at) if mine else None

    def count(self) -> int:
        return len(self.s.sales)


class FakeStaff:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, staff: StaffMember, pin_hash: str, *, created_at: datetime) -> None:
        self.s.staff[staff.id] = staff
        self.s.pin_hashes[staff.id] = pin_hash

    def get(self, staff_id: str) -> StaffMember | None:
        return self.s.staff.get(staff_id)

    def pin_hash(self, staff_id: str) -> str | None:
        return self.s.pin_hashes.get(staff_id)

    def all(self) -> list[StaffMember]:
        order = {Role.OWNER: 0, Role.MANAGER: 1, Role.CASHIER: 2}
        return sorted(self.s.staff.values(), key=lambda x: (order[x.role], x.name))

    def record_attempt(self, staff_id: str, *, failed_attempts: int, locked_until: datetime | None) -> None:
        self.s.staff[staff_id] = replace(self.s.staff[staff_id], failed_attempts=failed_attempts,
                                         locked_until=locked_until)

    def update(self, staff: StaffMember, *, pin_hash: str | None = None) -> None:
        self.s.staff[staff.id] = staff
        if pin_hash is not None:
            self.s.pin_hashes[staff.id] = pin_hash


class FakeCommands:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def get(self, command_id: str) -> tuple[str, str, str] | None:
        return self.s.commands.get(command_id)

    def add(self, command_id: str, *, kind: str, request_hash: str, result_json: str, at: datetime) -> None:
        if command_id in self.s.commands:
            raise Conflict("duplicate command id", code="storage.integrity_conflict")
        self.s.commands[command_id] = (kind, request_hash, result_json)


class FakeOutbox:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, *, topic: str, payload: dict[str, Any], idempotency_key: str, created_at: datetime,
            member_id: str | None = None, entry_id: str | None = None) -> None:
        if any(row["idempotency_key"] == idempotency_key for row in self.s.outbox):
            raise Conflict("duplicate outbox key", code="storage.integrity_conflict")
        self.s.outbox.append(dict(topic=topic, payload=payload, idempotency_key=idempotency_key,
                                  created_at=created_at, member_id=member_id, entry_id=entry_id, status="pending"))

    def pending_count(self) -> int:
        return sum(1 for row in self.s.outbox if row["status"] == "pending")


class FakePrintJobs:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, *, document: Document, created_at: datetime, device_id: str, printer: str = "receipt",
            source_id: str | None = None, status: str = "queued") -> str:
        job_id = new_id()
        # Serialising proves every queued document survives the JSON round trip the real queue makes.
        self.s.print_jobs.append(dict(id=job_id, kind=document_kind(document), document=document,
                                      json=document_to_json(document), source_id=source_id, printer=printer,
                                      status=status))
        return job_id


class FakeVouchers:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, voucher: Voucher, *, device_id: str) -> None:
        self.s.vouchers[voucher.id] = voucher

    def by_code(self, code: str) -> Voucher | None:
        return next((v for v in self.s.vouchers.values() if v.code == code), None)

    def get(self, voucher_id: str) -> Voucher | None:
        return self.s.vouchers.get(voucher_id)

    def mark_redeemed(self, voucher_id: str, *, at: datetime, sale_id: str, device_id: str) -> bool:
        voucher = self.s.vouchers[voucher_id]
        if voucher.redeemed_at is not None:
            return False
        self.s.vouchers[voucher_id] = replace(voucher, redeemed_at=at, redeemed_sale_id=sale_id)
        return True

    def unredeem(self, sale_id: str) -> int:
        n = 0
        for vid, v in list(self.s.vouchers.items()):
            if v.redeemed_sale_id == sale_id:
                self.s.vouchers[vid] = replace(v, redeemed_at=None, redeemed_sale_id=None)
                n += 1
        return n

    def unredeem_one(self, voucher_id: str, *, sale_id: str) -> int:
        v = self.s.vouchers.get(voucher_id)
        if v is None or v.redeemed_sale_id != sale_id:
            return 0
        self.s.vouchers[voucher_id] = replace(v, redeemed_at=None, redeemed_sale_id=None)
        return 1

    def for_member(self, member_id: str) -> list[Voucher]:
        return sorted((v for v in self.s.vouchers.values() if v.member_id == member_id), key=lambda v: v.created_at)

    def unused_for_member(self, member_id: str) -> list[Voucher]:
        return [v for v in self.for_member(member_id) if v.redeemed_at is None]


class FakeKeys:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def active(self) -> tuple[str, bytes]:
        live = [(created, kid, secret) for kid, (secret, created, retired) in self.s.keys.items() if retired is None]
        if live:
            _, kid, secret = max(live)
            return kid, secret
        kid = next(c for c in (random_code(1) for _ in range(500)) if c not in self.s.keys)
        secret = secrets.token_bytes(32)
        self.add(kid, secret, at=datetime.now(UTC))
        return kid, secret

    def get(self, key_id: str) -> bytes | None:
        found = self.s.keys.get(key_id)
        return found[0] if found else None

    def secrets(self, key_id: str) -> list[bytes]:
        found = self.s.keys.get(key_id)
        return [found[0]] if found else []

    def add(self, key_id: str, secret: bytes, *, at: datetime) -> None:
        self.s.keys[key_id] = (secret, at, None)

    def retire_all(self, at: datetime) -> None:
        self.s.keys = {k: (s, c, r or at) for k, (s, c, r) in self.s.keys.items()}

    def all(self) -> list[SigningKey]:
        return sorted((SigningKey(k, c, r) for k, (_, c, r) in self.s.keys.items()), key=lambda k: k.created_at)


def audit_canonical(record_id: str, at: datetime, device_id: str, staff_id: str | None, action: str,
                    subject: str | None, details_json: str) -> str:
    return json.dumps([record_id, at.astimezone(UTC).isoformat(), device_id, staff_id, action, subject,
                       details_json], ensure_ascii=False, separators=(",", ":"))


class FakeAudit:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(self, *, action: str, at: datetime, device_id: str, staff_id: str | None = None,
            subject: str | None = None, details: dict[str, Any] | None = None) -> None:
        head_key = f"audit_head:{device_id}"
        prev = self.s.kv.get(head_key, GENESIS_HASH)
        record_id = new_id()
        details_json = json.dumps(details or {}, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256((prev + audit_canonical(record_id, at, device_id, staff_id, action, subject,
                                                        details_json)).encode()).hexdigest()
        self.s.audit.append(AuditRecord(record_id, at, device_id, staff_id, action, subject, details_json, prev,
                                        digest))
        self.s.kv[head_key] = digest

    def iter_chain(self, device_id: str) -> Iterator[AuditRecord]:
        return iter([r for r in self.s.audit if r.device_id == device_id])

    def devices(self) -> list[str]:
        return sorted({r.device_id for r in self.s.audit})

    def records(self, *, since: datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        found = [r for r in self.s.audit if since is None or r.at >= since]
        found.sort(key=lambda r: r.at)  # stable: same instant keeps insert order, like seq
        return found[-limit:] if limit else found

    def last_by_staff(self, action: str) -> dict[str, datetime]:
        last: dict[str, datetime] = {}
        for r in self.s.audit:
            if r.action == action and r.staff_id is not None and (r.staff_id not in last or r.at > last[r.staff_id]):
                last[r.staff_id] = r.at
        return last

    def about(self, action: str, subject: str, *, since: datetime) -> list[AuditRecord]:
        return sorted((r for r in self.s.audit if r.action == action and r.subject == subject and r.at >= since),
                      key=lambda r: r.at)


class FakeTiers:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def get(self, member_id: str) -> TierStatus | None:
        return self.s.tiers.get(member_id)

    def set(self, member_id: str, status: TierStatus, *, at: datetime) -> None:
        self.s.tiers[member_id] = status


class FakeRecordChain:
    """The fakes keep no record chain (verify's checks of it run on SQLite); refunds and vouchers still reconcile."""

    def __init__(self, s: FakeState) -> None:
        self.s = s

    def devices(self) -> list[str]:
        return []

    def head(self, device_id: str) -> str | None:
        return None

    def iter_chain(self, device_id: str) -> Iterator[RecordLink]:
        return iter(())

    def unlinked(self) -> Iterator[tuple[str, str, str]]:
        return iter(())

    def refunded_sales(self) -> Iterator[tuple[SaleRecord, list[RefundRecord]]]:
        refunded = {r.sale_id for r in self.s.refunds.values()}
        for sale in self.s.sales.values():
            if sale.status != "completed" or sale.refunded_minor or sale.id in refunded:
                yield sale, sorted((r for r in self.s.refunds.values() if r.sale_id == sale.id),
                                   key=lambda r: r.created_at)

    def voucher_redeemed_by(self, voucher_id: str) -> list[str]:
        redeemed = [c.entry for c in self.s.entries if c.entry.kind == EntryKind.VOUCHER_REDEEMED
                    and any(p.unit == f"VOUCHER:{voucher_id}" and p.account == "program:vouchers" and p.amount < 0
                            for p in c.entry.postings)]
        return [e.device_id for e in sorted(redeemed, key=lambda e: (e.created_at, e.id))]

    def vouchers_in_ledger(self) -> Iterator[tuple[Voucher, int]]:
        for voucher in self.s.vouchers.values():
            balance = self.s.balances.get(("program:vouchers", f"VOUCHER:{voucher.id}"))
            if balance is not None:
                yield voucher, balance


class FakeKeyValue:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def get(self, key: str) -> str | None:
        return self.s.kv.get(key)

    def set(self, key: str, value: str) -> None:
        self.s.kv[key] = value


class FakeOffers:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def for_member(self, member_id: str) -> dict[str, MemberOffer]:
        return {o.offer_id: o for (_, mid), o in self.s.offers.items() if mid == member_id}

    def shown(self, *, offer_id: str, member_id: str, at: datetime, expires_at: datetime, device_id: str) -> bool:
        if (offer_id, member_id) in self.s.offers:
            return False
        self.s.offers[(offer_id, member_id)] = MemberOffer(offer_id, member_id, at, expires_at)
        return True

    def use(self, *, offer_id: str, member_id: str, at: datetime, sale_id: str) -> bool:
        seen = self.s.offers.get((offer_id, member_id))
        if seen is None or seen.used_at is not None or seen.expires_at <= at:
            return False
        self.s.offers[(offer_id, member_id)] = replace(seen, used_at=at, sale_id=sale_id)
        return True

    def used_on(self, sale_id: str) -> list[MemberOffer]:
        return [o for o in self.s.offers.values() if o.sale_id == sale_id and o.used_at is not None]

    def give_back(self, *, offer_id: str, member_id: str, sale_id: str, at: datetime) -> bool:
        seen = self.s.offers.get((offer_id, member_id))
        if seen is None or seen.sale_id != sale_id or seen.expires_at <= at:
            return False
        self.s.offers[(offer_id, member_id)] = replace(seen, used_at=None, sale_id=None)
        return True

    def move_use(self, *, offer_id: str, member_id: str, from_sale: str, to_sale: str) -> None:
        seen = self.s.offers.get((offer_id, member_id))
        if seen is not None and seen.sale_id == from_sale:
            self.s.offers[(offer_id, member_id)] = replace(seen, sale_id=to_sale)

    def all(self) -> list[MemberOffer]:
        return list(self.s.offers.values())


class FakeUnitOfWork:
    """One transaction on a private copy of the store: commit() publishes it, anything else discards it."""

    def __init__(self, store: FakeStore, *, readonly: bool = False) -> None:
        self.store = store
        self.readonly = readonly
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self.state = self.store.state.copy()
        s = self.state
        self.members = FakeMembers(s)
        self.ledger = FakeLedger(s)
        self.sales = FakeSales(s)
        self.staff = FakeStaff(s)
        self.commands = FakeCommands(s)
        self.outbox = FakeOutbox(s)
        self.print_jobs = FakePrintJobs(s)
        self.vouchers = FakeVouchers(s)
        self.keys = FakeKeys(s)
        self.audit = FakeAudit(s)
        self.tiers = FakeTiers(s)
        self.offers = FakeOffers(s)
        self.kv = FakeKeyValue(s)
        self.records = FakeRecordChain(s)
        return self

    def __exit__(self, *exc: object) -> None:
        self.state = FakeState()  # uncommitted writes are gone, like a rolled-back transaction

    def commit(self) -> None:
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        # The store gets a snapshot: later writes in the same block stay private until committed again.
        self.store.state = self.state.copy()
        self.store.commits += 1
        self.committed = True

    def rollback(self) -> None:
        fresh = self.store.state.copy()
        for name, value in vars(fresh).items():  # the repositories keep pointing at self.state
            setattr(self.state, name, value)


class FakeStore:
    """The fake database; `factory` is a UnitOfWorkFactory over it."""

    def __init__(self) -> None:
        self.state = FakeState()
        self.commits = 0

    def factory(self, *, readonly: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self, readonly=readonly)

    __call__ = factory


# -- a small shop on the fakes ------------------------------------------------------------------------------
T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok, a Tuesday
_PIN_HASHES: dict[str, str] = {}


def cached_pin_hash(pin: str) -> str:
    """scrypt is slow on purpose; tests hash each PIN once per run."""
    if pin not in _PIN_HASHES:
        _PIN_HASHES[pin] = hash_pin(pin)
    return _PIN_HASHES[pin]


def shop_context(programs: ProgramConfig | None = None, policy: ShopPolicy | None = None, *,
                 device_id: str = "test-C1", language: str = "en") -> ShopContext:
    return ShopContext(shop=ShopHeader(name="Test Café"), programs=programs or ProgramConfig(), device_id=device_id,
                       device_label="C1", language=language, policy=policy or ShopPolicy())


@dataclass
class Shop:
    """Every service over one FakeStore, a movable clock, and a manager and cashier on staff."""

    store: FakeStore
    clock: FixedClock
    ctx: ShopContext
    enrollment: EnrollmentService
    checkout: CheckoutService
    refunds: RefundService
    accounts: AccountService
    redemption: RedemptionService
    expiry: ExpiryService
    staff: StaffService
    verify: VerifyService
    manager_id: str = ""
    cashier_id: str = ""

    @property
    def state(self) -> FakeState:
        return self.store.state

    def balances(self, member_id: str) -> dict[str, int]:
        with self.store(readonly=True) as uow:
            return uow.ledger.member_balances(member_id)

    def points(self, member_id: str) -> int:
        return self.balances(member_id).get(POINTS, 0)


def make_shop(programs: ProgramConfig | None = None, policy: ShopPolicy | None = None, *, at: datetime = T0,
              store: FakeStore | None = None, language: str = "en") -> Shop:
    store = store or FakeStore()
    clock = FixedClock(at)
    ctx = shop_context(programs, policy, language=language)
    shop = Shop(store, clock, ctx, EnrollmentService(store, clock, ctx), CheckoutService(store, clock, ctx),
                RefundService(store, clock, ctx), AccountService(store, clock, ctx),
                RedemptionService(store, clock, ctx), ExpiryService(store, clock, ctx),
                StaffService(store, clock, ctx), VerifyService(store, audit_canonical, tz=ctx.tz))
    with store() as uow:
        for name, role, pin in (("Nok", Role.MANAGER, "2222"), ("Beam", Role.CASHIER, "1111")):
            member = StaffMember(id=new_id(), name=name, role=role)
            uow.staff.add(member, cached_pin_hash(pin), created_at=at)
            if role is Role.MANAGER:
                shop.manager_id = member.id
            else:
                shop.cashier_id = member.id
        uow.keys.active()
        uow.commit()
    return shop


def money(text: str) -> Money:
    return Money.parse(text, allow_zero=True)


def cafe_programs(**changes: Any) -> ProgramConfig:
    """A café like config/default.toml, every program on; `changes` replace whole sections."""
    from kiosk.domain.programs.config import (
        BonusRules,
        CashbackRules,
        Cause,
        CharityRules,
        Item,
        PointsRules,
        Reward,
        StampCard,
        Tier,
        TierRules,
    )

    base: dict[str, Any] = dict(
        points=PointsRules(spend_unit=money("25"), point_value=money("0.25"), min_redeem_points=20,
                           expiry_months=12,
                           rewards=(Reward("latte", "Free latte", 260, money("65"), "free_item", "LATTE"),
                                    Reward("off50", "50 baht off", 200, money("50")))),
        # visit="sale": these shops ring many sales for one member in a moment; the per-day cap has its own tests
        stamp_cards=(StampCard("coffee", "Coffee card", required=10, skus=("LATTE", "AMERICANO"), max_per_visit=5,
                               reward_name="Free coffee", reward_value=money("75"), reward_expiry_months=6,
                               visit="sale"),),
        tiers=TierRules(levels=(Tier("Bronze", 0), Tier("Silver", 300_000, 125), Tier("Gold", 1_000_000, 150))),
        cashback=CashbackRules(enabled=True, percent_bp=200, min_spend=money("100"), max_per_sale=money("50")),
        bonuses=BonusRules(signup_points=50, birthday_points=100, referral_referrer_points=100,
                           referral_new_member_points=50, review_points=30),
        charity=CharityRules(enabled=True, causes=(Cause("dogs", "Soi Dogs"),), min_points=20),
        items=(Item("LATTE", "Latte", money("65")), Item("AMERICANO", "Americano", money("55")),
               Item("CAKE", "Cake", money("95"))),
    )
    base.update(changes)
    return ProgramConfig(**base)


def line(sku: str | None = None, price: str = "100", qty: int = 1, name: str | None = None) -> Any:
    from kiosk.domain.programs.engine import CartLine

    return CartLine(name or sku or "Amount", money(price), qty, sku)


def enroll(shop: Shop, phone: str = "0812345678", name: str = "Somchai Jaidee", **kw: Any) -> Any:
    from kiosk.domain.commands import EnrollMember

    kw.setdefault("consent_version", "2026-01")
    return shop.enrollment.enroll(EnrollMember(command_id=kw.pop("command_id", new_id()), name=name, phone=phone,
                                               **kw))


def sell(shop: Shop, *lines: Any, member: str | None = None, **kw: Any) -> Any:
    from kiosk.domain.commands import RecordSale

    return shop.checkout.record_sale(RecordSale(command_id=kw.pop("command_id", new_id()),
                                                lines=tuple(lines) or (line(),), member_code=member, **kw))
