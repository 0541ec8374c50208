"""The SQL unit of work and its repositories (SQLAlchemy Core): one transaction per use case."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, and_, case, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from kiosk.domain.documents import Document, document_kind, document_to_json
from kiosk.domain.errors import Conflict, StorageError
from kiosk.domain.ids import new_id, random_code
from kiosk.domain.ledger import (
    GENESIS_HASH,
    POINTS,
    AWARD_KINDS,
    EARN_KINDS,
    ChainedEntry,
    Entry,
    Flag,
    Posting,
    chain_hash,
    member_of,
)
from kiosk.domain.members import Member, name_search_key
from kiosk.domain.programs.tiers import TierStatus
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.ports import (
    AuditRecord,
    MemberCard,
    PostingRow,
    RefundRecord,
    SaleRecord,
    SigningKey,
    Voucher,
)

from . import tables as t



def _upsert(conn: Connection, table: Any, values: dict[str, Any], keys: list[str], increments: dict[str, Any]
            ) -> None:
    """INSERT, or add to the existing row: ON CONFLICT DO UPDATE on both SQLite and PostgreSQL."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=increments(stmt) if callable(increments) else increments)
    conn.execute(stmt)


# -- members -----------------------------------------------------------------------------------------------
def _member(row: Row[Any]) -> Member:
    return Member(
        id=row.id, short_id=row.short_id, name=row.name, phone=row.phone, email=row.email, birthday=row.birthday,
        language=row.language, consent_version=row.consent_version, consent_at=row.consent_at,
        enrolled_at=row.enrolled_at, referral_code=row.referral_code, referred_by=row.referred_by,
        referral_rewarded=bool(row.referral_rewarded), paid_membership=row.paid_membership,
        paid_membership_status=row.paid_membership_status, paid_membership_until=row.paid_membership_until,
        erased_at=row.erased_at, marketing_consent=bool(row.marketing_consent),
    )


def _member_values(m: Member) -> dict[str, Any]:
    return dict(
        name=m.name, name_search=name_search_key(m.name) if not m.is_erased else "", phone=m.phone, email=m.email,
        birthday=m.birthday, language=m.language, consent_version=m.consent_version, consent_at=m.consent_at,
        referred_by=m.referred_by, referral_rewarded=m.referral_rewarded, paid_membership=m.paid_membership,
        paid_membership_status=m.paid_membership_status, paid_membership_until=m.paid_membership_until,
        erased_at=m.erased_at, marketing_consent=m.marketing_consent,
    )


class SqlMembers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, member: Member, *, device_id: str, business_date: date) -> None:
        self.conn.execute(insert(t.members).values(
            id=member.id, short_id=member.short_id, referral_code=member.referral_code,
            enrolled_at=member.enrolled_at, enrolled_date=business_date, enrolled_device=device_id,
            **_member_values(member)))

    def _one(self, *where: Any) -> Member | None:
        row = self.conn.execute(select(t.members).where(*where)).first()
        return _member(row) if row else None

    def get(self, member_id: str) -> Member | None:
        return self._one(t.members.c.id == member_id)

    def by_short_id(self, short_id: str) -> Member | None:
        return self._one(t.members.c.short_id == short_id)

    def by_phone(self, phone: str) -> Member | None:
        return self._one(t.members.c.phone == phone, t.members.c.erased_at.is_(None))

    def by_referral_code(self, code: str) -> Member | None:
        return self._one(t.members.c.referral_code == code)

    def search(self, text: str, *, limit: int = 20) -> list[Member]:
        key = name_search_key(text)
        digits = "".join(c for c in text if c.isdigit())
        conds = [t.members.c.name_search.like(_like_prefix(key), escape="\\"),
                 t.members.c.name_search.like("% " + _like_prefix(key), escape="\\")]
        if len(digits) >= 3:
            tail = digits[1:] if digits.startswith("0") else digits
            conds.append(t.members.c.phone.like("%" + tail + "%"))
        rows = self.conn.execute(
            select(t.members).where(or_(*conds), t.members.c.erased_at.is_(None))
            .order_by(t.members.c.name_search).limit(limit)
        ).all()
        return [_member(r) for r in rows]

    def update(self, member: Member) -> None:
        self.conn.execute(update(t.members).where(t.members.c.id == member.id).values(**_member_values(member)))

    def _card(self, row: Row[Any] | None) -> MemberCard | None:
        if row is None:
            return None
        return MemberCard(row.id, row.member_id, row.serial, row.key_id, row.issued_at, row.revoked_at)

    def active_card(self, member_id: str) -> MemberCard | None:
        return self._card(self.conn.execute(
            select(t.member_cards).where(t.member_cards.c.member_id == member_id,
                                         t.member_cards.c.revoked_at.is_(None))
            .order_by(t.member_cards.c.serial.desc())).first())

    def card(self, member_id: str, serial: int) -> MemberCard | None:
        return self._card(self.conn.execute(
            select(t.member_cards).where(t.member_cards.c.member_id == member_id,
                                         t.member_cards.c.serial == serial)).first())

    def add_card(self, card: MemberCard) -> None:
        self.conn.execute(insert(t.member_cards).values(
            id=card.id, member_id=card.member_id, serial=card.serial, key_id=card.key_id, issued_at=card.issued_at,
            revoked_at=card.revoked_at))

    def revoke_cards(self, member_id: str, at: datetime) -> None:
        self.conn.execute(update(t.member_cards).where(
            t.member_cards.c.member_id == member_id, t.member_cards.c.revoked_at.is_(None)).values(revoked_at=at))

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.members)).scalar_one())

    def cards(self, member_id: str) -> list[MemberCard]:
        rows = self.conn.execute(select(t.member_cards).where(t.member_cards.c.member_id == member_id)
                                 .order_by(t.member_cards.c.serial)).all()
        return [c for r in rows if (c := self._card(r)) is not None]

    def active_cards_on_keys(self, key_ids: Sequence[str], *, limit: int = 500) -> list[MemberCard]:
        if not key_ids:
            return []
        rows = self.conn.execute(select(t.member_cards).where(t.member_cards.c.key_id.in_(list(key_ids)),
                                                              t.member_cards.c.revoked_at.is_(None))
                                 .order_by(t.member_cards.c.issued_at, t.member_cards.c.id).limit(limit)).all()
        return [c for r in rows if (c := self._card(r)) is not None]

    def active_cards_per_key(self) -> dict[str, int]:
        rows = self.conn.execute(select(t.member_cards.c.key_id, func.count())
                                 .where(t.member_cards.c.revoked_at.is_(None))
                                 .group_by(t.member_cards.c.key_id)).all()
        return {key_id: int(n) for key_id, n in rows}


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- ledger ------------------------------------------------------------------------------------------------
class SqlLedger:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, entry: Entry) -> None:
        head_key = f"chain_head:{entry.device_id}"
        prev = self.conn.execute(select(t.kv.c.value).where(t.kv.c.key == head_key)).scalar()
        prev_hash = prev or GENESIS_HASH
        digest = chain_hash(prev_hash, entry)
        self.conn.execute(insert(t.ledger_entries).values(
            id=entry.id, device_id=entry.device_id, created_at=entry.created_at, business_date=entry.business_date,
            kind=entry.kind, member_id=entry.member_id, sale_id=entry.sale_id, reverses_id=entry.reverses_id,
            command_id=entry.command_id, staff_id=entry.staff_id, memo=entry.memo, flags=",".join(entry.flags),
            prev_hash=prev_hash, hash=digest))
        self.conn.execute(insert(t.postings), [
            dict(entry_id=entry.id, account=p.account, unit=p.unit, amount=p.amount, member_id=member_of(p.account),
                 expires_at=p.expires_at) for p in entry.postings])
        for (account, unit), amount in _net(entry.postings).items():
            _upsert(self.conn, t.account_balances,
                    dict(account=account, unit=unit, member_id=member_of(account), balance=amount),
                    ["account", "unit"], lambda stmt: {"balance": t.account_balances.c.balance + stmt.excluded.balance})
        _upsert(self.conn, t.kv, dict(key=head_key, value=digest), ["key"],
                lambda stmt: {"value": stmt.excluded.value})

    def _entries(self, rows: Sequence[Row[Any]]) -> list[Entry]:
        if not rows:
            return []
        ids = [r.id for r in rows]
        postings: dict[str, list[Posting]] = {i: [] for i in ids}
        for p in self.conn.execute(select(t.postings).where(t.postings.c.entry_id.in_(ids))
                                   .order_by(t.postings.c.seq)):
            postings[p.entry_id].append(Posting(p.account, p.unit, p.amount, p.expires_at))
        return [_entry(r, tuple(postings[r.id])) for r in rows]

    def get(self, entry_id: str) -> Entry | None:
        rows = self.conn.execute(select(t.ledger_entries).where(t.ledger_entries.c.id == entry_id)).all()
        found = self._entries(rows)
        return found[0] if found else None

    def for_sale(self, sale_id: str) -> list[Entry]:
        rows = self.conn.execute(select(t.ledger_entries).where(t.ledger_entries.c.sale_id == sale_id)
                                 .order_by(t.ledger_entries.c.created_at, t.ledger_entries.c.seq)).all()
        return self._entries(rows)

    def reversed_ids(self, entry_ids: Sequence[str]) -> set[str]:
        if not entry_ids:
            return set()
        return set(self.conn.execute(select(t.ledger_entries.c.reverses_id)
                                     .where(t.ledger_entries.c.reverses_id.in_(list(entry_ids)))).scalars())

    def member_balances(self, member_id: str) -> dict[str, int]:
        rows = self.conn.execute(select(t.account_balances.c.unit, func.sum(t.account_balances.c.balance))
                                 .where(t.account_balances.c.member_id == member_id)
                                 .group_by(t.account_balances.c.unit)).all()
        return {unit: int(total) for unit, total in rows}

    def member_postings(self, member_id: str, unit: str) -> list[PostingRow]:
        rows = self.conn.execute(
            select(t.postings.c.amount, t.postings.c.expires_at, t.ledger_entries.c.created_at, t.ledger_entries.c.kind)
            .join(t.ledger_entries, t.ledger_entries.c.id == t.postings.c.entry_id)
            .where(t.postings.c.member_id == member_id, t.postings.c.unit == unit)
            .order_by(t.ledger_entries.c.created_at, t.postings.c.seq)).all()
        return [PostingRow(r.amount, r.expires_at, r.created_at, r.kind) for r in rows]

    def members_with_expired_lots(self, now: datetime) -> list[tuple[str, str]]:
        """(member, unit) pairs that have an award lot past its date and a positive balance left."""
        rows = self.conn.execute(
            select(t.postings.c.member_id, t.postings.c.unit).distinct()
            .join(t.account_balances, and_(t.account_balances.c.member_id == t.postings.c.member_id,
                                           t.account_balances.c.unit == t.postings.c.unit))
            .where(t.postings.c.expires_at.is_not(None), t.postings.c.expires_at <= now, t.postings.c.amount > 0,
                   t.account_balances.c.balance > 0)
            .order_by(t.postings.c.member_id, t.postings.c.unit)).all()
        return [(r.member_id, r.unit) for r in rows]

    def count_for_member(self, member_id: str) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.postings)
                                     .where(t.postings.c.member_id == member_id)).scalar_one())

    def last_entry_of_kind(self, member_id: str, kind: str) -> Entry | None:
        rows = self.conn.execute(select(t.ledger_entries).where(t.ledger_entries.c.member_id == member_id,
                                                                t.ledger_entries.c.kind == kind)
                                 .order_by(t.ledger_entries.c.created_at.desc()).limit(1)).all()
        found = self._entries(rows)
        return found[0] if found else None

    def earn_entries_today(self, member_id: str, business_date: date) -> int:
        return int(self.conn.execute(
            select(func.count()).select_from(t.ledger_entries)
            .where(t.ledger_entries.c.member_id == member_id, t.ledger_entries.c.business_date == business_date,
                   t.ledger_entries.c.kind.in_(EARN_KINDS))).scalar_one())

    def points_earned_since(self, member_id: str, since: datetime) -> int:
        total = self.conn.execute(
            select(func.coalesce(func.sum(t.postings.c.amount), 0))
            .join(t.ledger_entries, t.ledger_entries.c.id == t.postings.c.entry_id)
            .where(t.postings.c.member_id == member_id, t.postings.c.unit == POINTS, t.postings.c.amount > 0,
                   t.ledger_entries.c.kind.in_(AWARD_KINDS), t.ledger_entries.c.created_at >= since)).scalar_one()
        return int(total)

    def for_member(self, member_id: str) -> list[Entry]:
        touched = select(t.postings.c.entry_id).where(t.postings.c.member_id == member_id)
        rows = self.conn.execute(select(t.ledger_entries).where(or_(t.ledger_entries.c.member_id == member_id,
                                                                    t.ledger_entries.c.id.in_(touched)))
                                 .order_by(t.ledger_entries.c.created_at, t.ledger_entries.c.seq)).all()
        return self._entries(rows)

    # verification
    def unbalanced_entry_ids(self) -> list[str]:
        sums = (select(t.postings.c.entry_id, t.postings.c.unit, func.sum(t.postings.c.amount).label("total"))
                .group_by(t.postings.c.entry_id, t.postings.c.unit).subquery())
        bad = set(self.conn.execute(select(sums.c.entry_id).where(sums.c.total != 0)).scalars())
        empty = set(self.conn.execute(
            select(t.ledger_entries.c.id).where(~select(t.postings.c.seq)
                                                .where(t.postings.c.entry_id == t.ledger_entries.c.id).exists()))
            .scalars())
        return sorted(bad | empty)

    def _derived(self) -> Any:
        return (select(t.postings.c.account, t.postings.c.unit, func.sum(t.postings.c.amount).label("derived"))
                .group_by(t.postings.c.account, t.postings.c.unit).subquery())

    def cache_mismatches(self) -> list[tuple[str, str, int, int]]:
        d = self._derived()
        b = t.account_balances
        left = self.conn.execute(select(d.c.account, d.c.unit, func.coalesce(b.c.balance, 0), d.c.derived)
                                 .select_from(d.outerjoin(b, and_(b.c.account == d.c.account, b.c.unit == d.c.unit)))
                                 .where(func.coalesce(b.c.balance, 0) != d.c.derived)).all()
        orphans = self.conn.execute(select(b.c.account, b.c.unit, b.c.balance, 0)
                                    .select_from(b.outerjoin(d, and_(b.c.account == d.c.account, b.c.unit == d.c.unit)))
                                    .where(d.c.account.is_(None), b.c.balance != 0)).all()
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in [*left, *orphans]]

    def negative_unflagged(self) -> list[tuple[str, str, int]]:
        d = self._derived()
        flagged = (select(t.postings.c.account, t.postings.c.unit)
                   .join(t.ledger_entries, t.ledger_entries.c.id == t.postings.c.entry_id)
                   .where(t.ledger_entries.c.flags.like(f"%{Flag.NEGATIVE_BALANCE.value}%")))
        rows = self.conn.execute(select(d.c.account, d.c.unit, d.c.derived)
                                 .where(d.c.derived < 0, d.c.account.like("member:%"))).all()
        flagged_set = {(r.account, r.unit) for r in self.conn.execute(flagged)}
        return [(r.account, r.unit, int(r.derived)) for r in rows if (r.account, r.unit) not in flagged_set]

    def devices(self) -> list[str]:
        return list(self.conn.execute(select(t.ledger_entries.c.device_id).distinct()).scalars())

    def iter_chain(self, device_id: str) -> Iterator[ChainedEntry]:
        last_seq = -1
        while True:
            rows = self.conn.execute(select(t.ledger_entries).where(t.ledger_entries.c.device_id == device_id,
                                                                    t.ledger_entries.c.seq > last_seq)
                                     .order_by(t.ledger_entries.c.seq).limit(5000)).all()
            if not rows:
                return
            for row, entry in zip(rows, self._entries(rows), strict=True):
                yield ChainedEntry(entry, row.prev_hash, row.hash)
            last_seq = rows[-1].seq


def _net(postings: Sequence[Posting]) -> dict[tuple[str, str], int]:
    net: dict[tuple[str, str], int] = {}
    for p in postings:
        net[(p.account, p.unit)] = net.get((p.account, p.unit), 0) + p.amount
    return net


def _entry(row: Row[Any], postings: tuple[Posting, ...]) -> Entry:
    return Entry(id=row.id, device_id=row.device_id, created_at=row.created_at, business_date=row.business_date,
                 kind=row.kind, postings=postings, member_id=row.member_id, sale_id=row.sale_id,
                 reverses_id=row.reverses_id, command_id=row.command_id, staff_id=row.staff_id, memo=row.memo,
                 flags=tuple(f for f in row.flags.split(",") if f))


# -- sales -------------------------------------------------------------------------------------------------
def _sale(row: Row[Any]) -> SaleRecord:
    return SaleRecord(row.id, row.receipt_no, row.device_id, row.created_at, row.business_date, row.member_id,
                      row.staff_id, row.currency, row.subtotal_minor, row.discount_minor, row.credit_paid_minor,
                      row.total_minor, row.payment_method, row.lines_json, row.status, row.flags, row.discounts_json)


def _refund(row: Row[Any]) -> RefundRecord:
    return RefundRecord(row.id, row.sale_id, row.receipt_no, row.device_id, row.created_at, row.business_date,
                        row.staff_id, row.approved_by, row.amount_minor, row.currency, row.kind, row.reason)


class SqlSales:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, sale: SaleRecord) -> None:
        self.conn.execute(insert(t.sales).values(**sale.__dict__))

    def get(self, sale_id: str) -> SaleRecord | None:
        row = self.conn.execute(select(t.sales).where(t.sales.c.id == sale_id)).first()
        return _sale(row) if row else None

    def by_receipt(self, receipt_no: str) -> SaleRecord | None:
        row = self.conn.execute(select(t.sales).where(t.sales.c.receipt_no == receipt_no)).first()
        return _sale(row) if row else None

    def set_status(self, sale_id: str, status: str) -> None:
        self.conn.execute(update(t.sales).where(t.sales.c.id == sale_id).values(status=status))

    def add_refund(self, refund: RefundRecord) -> None:
        self.conn.execute(insert(t.refunds).values(**refund.__dict__))

    def refund_for(self, sale_id: str) -> RefundRecord | None:
        row = self.conn.execute(select(t.refunds).where(t.refunds.c.sale_id == sale_id)).first()
        return _refund(row) if row else None

    def refund_by_receipt(self, receipt_no: str) -> RefundRecord | None:
        row = self.conn.execute(select(t.refunds).where(t.refunds.c.receipt_no == receipt_no)).first()
        return _refund(row) if row else None

    def recent_for_member(self, member_id: str, *, limit: int = 5) -> list[SaleRecord]:
        rows = self.conn.execute(select(t.sales).where(t.sales.c.member_id == member_id)
                                 .order_by(t.sales.c.created_at.desc()).limit(limit)).all()
        return [_sale(r) for r in rows]

    def qualifying(self, member_id: str, *, metric: str, since: datetime) -> int:
        s = t.sales
        value = func.count() if metric == "visits" else func.coalesce(
            func.sum(s.c.total_minor + s.c.credit_paid_minor), 0)
        return int(self.conn.execute(select(value).where(s.c.member_id == member_id, s.c.created_at >= since,
                                                         s.c.status == "completed")).scalar_one())

    def next_number(self, counter: str) -> int:
        _upsert(self.conn, t.counters, dict(name=counter, value=1), ["name"],
                {"value": t.counters.c.value + 1})
        return int(self.conn.execute(select(t.counters.c.value).where(t.counters.c.name == counter)).scalar_one())

    def last_receipt(self, device_id: str) -> SaleRecord | None:
        row = self.conn.execute(select(t.sales).where(t.sales.c.device_id == device_id)
                                .order_by(t.sales.c.created_at.desc()).limit(1)).first()
        return _sale(row) if row else None


# -- staff, commands, outbox, print jobs, vouchers, keys, audit, tiers, kv ------------------------------------
def _staff(row: Row[Any]) -> StaffMember:
    return StaffMember(row.id, row.name, Role(row.role), bool(row.active), row.failed_attempts, row.locked_until)


class SqlStaff:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, staff: StaffMember, pin_hash: str, *, created_at: datetime) -> None:
        self.conn.execute(insert(t.staff).values(id=staff.id, name=staff.name, role=staff.role.value,
                                                 pin_hash=pin_hash, active=staff.active, created_at=created_at))

    def get(self, staff_id: str) -> StaffMember | None:
        row = self.conn.execute(select(t.staff).where(t.staff.c.id == staff_id)).first()
        return _staff(row) if row else None

    def pin_hash(self, staff_id: str) -> str | None:
        return self.conn.execute(select(t.staff.c.pin_hash).where(t.staff.c.id == staff_id)).scalar()

    def all(self) -> list[StaffMember]:
        order = case((t.staff.c.role == "owner", 0), (t.staff.c.role == "manager", 1), else_=2)
        return [_staff(r) for r in self.conn.execute(select(t.staff).order_by(order, t.staff.c.name))]

    def record_attempt(self, staff_id: str, *, failed_attempts: int, locked_until: datetime | None) -> None:
        self.conn.execute(update(t.staff).where(t.staff.c.id == staff_id)
                          .values(failed_attempts=failed_attempts, locked_until=locked_until))

    def update(self, staff: StaffMember, *, pin_hash: str | None = None) -> None:
        values: dict[str, Any] = dict(name=staff.name, role=staff.role.value, active=staff.active,
                                      failed_attempts=staff.failed_attempts, locked_until=staff.locked_until)
        if pin_hash is not None:
            values["pin_hash"] = pin_hash
        self.conn.execute(update(t.staff).where(t.staff.c.id == staff.id).values(**values))


class SqlCommands:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, command_id: str) -> tuple[str, str, str] | None:
        row = self.conn.execute(select(t.processed_commands).where(t.processed_commands.c.id == command_id)).first()
        return (row.kind, row.request_hash, row.result_json) if row else None

    def add(self, command_id: str, *, kind: str, request_hash: str, result_json: str, at: datetime) -> None:
        self.conn.execute(insert(t.processed_commands).values(id=command_id, kind=kind, request_hash=request_hash,
                                                              result_json=result_json, created_at=at))


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, topic: str, payload: dict[str, Any], idempotency_key: str, created_at: datetime,
            member_id: str | None = None, entry_id: str | None = None) -> None:
        self.conn.execute(insert(t.outbox).values(
            id=new_id(), created_at=created_at, topic=topic, member_id=member_id, entry_id=entry_id,
            payload_json=json.dumps(payload, sort_keys=True), idempotency_key=idempotency_key, status="pending"))

    def pending_count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.outbox)
                                     .where(t.outbox.c.status == "pending")).scalar_one())


class SqlPrintJobs:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, document: Document, created_at: datetime, device_id: str, printer: str = "receipt",
            source_id: str | None = None) -> str:
        job_id = new_id()
        self.conn.execute(insert(t.print_jobs).values(
            id=job_id, created_at=created_at, device_id=device_id, printer=printer, kind=document_kind(document),
            source_id=source_id, document_json=document_to_json(document), status="queued"))
        return job_id


def _voucher(row: Row[Any]) -> Voucher:
    return Voucher(row.id, row.code, row.member_id, row.reward_id, row.entry_id, row.created_at, row.expires_at,
                   row.redeemed_at, row.redeemed_sale_id)


class SqlVouchers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, voucher: Voucher) -> None:
        self.conn.execute(insert(t.vouchers).values(
            id=voucher.id, code=voucher.code, member_id=voucher.member_id, reward_id=voucher.reward_id,
            entry_id=voucher.entry_id, created_at=voucher.created_at, expires_at=voucher.expires_at))

    def by_code(self, code: str) -> Voucher | None:
        row = self.conn.execute(select(t.vouchers).where(t.vouchers.c.code == code)).first()
        return _voucher(row) if row else None

    def mark_redeemed(self, voucher_id: str, *, at: datetime, sale_id: str, device_id: str) -> bool:
        result = self.conn.execute(update(t.vouchers).where(t.vouchers.c.id == voucher_id,
                                                            t.vouchers.c.redeemed_at.is_(None))
                                   .values(redeemed_at=at, redeemed_sale_id=sale_id, redeemed_device=device_id))
        return result.rowcount == 1

    def unredeem(self, sale_id: str) -> int:
        result = self.conn.execute(update(t.vouchers).where(t.vouchers.c.redeemed_sale_id == sale_id)
                                   .values(redeemed_at=None, redeemed_sale_id=None, redeemed_device=None))
        return int(result.rowcount)

    def for_member(self, member_id: str) -> list[Voucher]:
        rows = self.conn.execute(select(t.vouchers).where(t.vouchers.c.member_id == member_id)
                                 .order_by(t.vouchers.c.created_at)).all()
        return [_voucher(r) for r in rows]


class SqlKeys:
    """Signing keys for member and voucher codes. The first is made on first use: never in the repo."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def active(self) -> tuple[str, bytes]:
        row = self.conn.execute(select(t.signing_keys).where(t.signing_keys.c.retired_at.is_(None))
                                .order_by(t.signing_keys.c.created_at.desc()).limit(1)).first()
        if row is not None:
            return row.key_id, bytes.fromhex(row.secret_hex)
        key_id, secret = self._fresh_id(), secrets.token_bytes(32)
        from datetime import timezone

        self.add(key_id, secret, at=datetime.now(timezone.utc))
        return key_id, secret

    def _fresh_id(self) -> str:
        used = set(self.conn.execute(select(t.signing_keys.c.key_id)).scalars())
        for _ in range(200):
            candidate = random_code(1)
            if candidate not in used:
                return candidate
        raise StorageError("All 32 key ids are used; delete retired keys first.", code="keys_exhausted")

    def get(self, key_id: str) -> bytes | None:
        value = self.conn.execute(select(t.signing_keys.c.secret_hex).where(t.signing_keys.c.key_id == key_id)).scalar()
        return bytes.fromhex(value) if value else None

    def add(self, key_id: str, secret: bytes, *, at: datetime) -> None:
        self.conn.execute(insert(t.signing_keys).values(key_id=key_id, secret_hex=secret.hex(), created_at=at))

    def retire_all(self, at: datetime) -> None:
        self.conn.execute(update(t.signing_keys).where(t.signing_keys.c.retired_at.is_(None)).values(retired_at=at))

    def all(self) -> list[SigningKey]:
        rows = self.conn.execute(select(t.signing_keys.c.key_id, t.signing_keys.c.created_at,
                                        t.signing_keys.c.retired_at).order_by(t.signing_keys.c.created_at)).all()
        return [SigningKey(r.key_id, r.created_at, r.retired_at) for r in rows]


class SqlAudit:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, action: str, at: datetime, device_id: str, staff_id: str | None = None,
            subject: str | None = None, details: dict[str, Any] | None = None) -> None:
        import hashlib

        head_key = f"audit_head:{device_id}"
        prev = self.conn.execute(select(t.kv.c.value).where(t.kv.c.key == head_key)).scalar() or GENESIS_HASH
        record_id = new_id()
        details_json = json.dumps(details or {}, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256((prev + audit_canonical(record_id, at, device_id, staff_id, action, subject,
                                                        details_json)).encode()).hexdigest()
        self.conn.execute(insert(t.audit_log).values(id=record_id, at=at, device_id=device_id, staff_id=staff_id,
                                                     action=action, subject=subject, details_json=details_json,
                                                     prev_hash=prev, hash=digest))
        _upsert(self.conn, t.kv, dict(key=head_key, value=digest), ["key"],
                lambda stmt: {"value": stmt.excluded.value})

    def iter_chain(self, device_id: str) -> Iterator[AuditRecord]:
        for row in self.conn.execute(select(t.audit_log).where(t.audit_log.c.device_id == device_id)
                                     .order_by(t.audit_log.c.seq)):
            yield AuditRecord(row.id, row.at, row.device_id, row.staff_id, row.action, row.subject, row.details_json,
                              row.prev_hash, row.hash)

    def devices(self) -> list[str]:
        return list(self.conn.execute(select(t.audit_log.c.device_id).distinct()).scalars())

    def records(self, *, since: datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        query = select(t.audit_log)
        if since is not None:
            query = query.where(t.audit_log.c.at >= since)
        if limit is not None:
            query = query.order_by(t.audit_log.c.at.desc(), t.audit_log.c.seq.desc()).limit(limit)
        else:
            query = query.order_by(t.audit_log.c.at, t.audit_log.c.seq)
        rows = self.conn.execute(query).all()
        if limit is not None:
            rows = list(reversed(rows))
        return [AuditRecord(r.id, r.at, r.device_id, r.staff_id, r.action, r.subject, r.details_json, r.prev_hash,
                            r.hash) for r in rows]


def audit_canonical(record_id: str, at: datetime, device_id: str, staff_id: str | None, action: str,
                    subject: str | None, details_json: str) -> str:
    from datetime import timezone

    return json.dumps([record_id, at.astimezone(timezone.utc).isoformat(), device_id, staff_id, action, subject,
                       details_json],
                      ensure_ascii=False, separators=(",", ":"))


class SqlTiers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, member_id: str) -> TierStatus | None:
        row = self.conn.execute(select(t.member_tiers).where(t.member_tiers.c.member_id == member_id)).first()
        return TierStatus(row.tier, row.since, row.review_at) if row else None

    def set(self, member_id: str, status: TierStatus, *, at: datetime) -> None:
        self.conn.execute(delete(t.member_tiers).where(t.member_tiers.c.member_id == member_id))
        self.conn.execute(insert(t.member_tiers).values(member_id=member_id, tier=status.tier, since=status.since,
                                                        review_at=status.review_at, updated_at=at))


class SqlKeyValue:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        return self.conn.execute(select(t.kv.c.value).where(t.kv.c.key == key)).scalar()

    def set(self, key: str, value: str) -> None:
        _upsert(self.conn, t.kv, dict(key=key, value=value), ["key"], lambda stmt: {"value": stmt.excluded.value})


class SqlUnitOfWork:
    """One database transaction. Leaving the block without commit() rolls everything back."""

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self.conn: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        conn = None
        try:
            conn = self.engine.connect()
            if self.readonly:
                conn = conn.execution_options(kiosk_readonly=True)
            conn.begin()
        except DatabaseError as exc:
            if conn is not None:
                conn.close()
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc
        self.conn = conn
        self.members = SqlMembers(conn)
        self.ledger = SqlLedger(conn)
        self.sales = SqlSales(conn)
        self.staff = SqlStaff(conn)
        self.commands = SqlCommands(conn)
        self.outbox = SqlOutbox(conn)
        self.print_jobs = SqlPrintJobs(conn)
        self.vouchers = SqlVouchers(conn)
        self.keys = SqlKeys(conn)
        self.audit = SqlAudit(conn)
        self.tiers = SqlTiers(conn)
        self.kv = SqlKeyValue(conn)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self.conn is not None
        try:
            if self.conn.in_transaction():
                self.conn.rollback()
        finally:
            self.conn.close()
            self.conn = None
        if isinstance(exc, IntegrityError):
            raise Conflict("That was changed at the same moment somewhere else; please try again.",
                           code="integrity_conflict") from exc
        if is_storage_failure(exc):
            raise storage_error(exc) from exc

    def commit(self) -> None:
        assert self.conn is not None
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        try:
            self.conn.commit()
        except DatabaseError as exc:
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc

    def rollback(self) -> None:
        assert self.conn is not None
        self.conn.rollback()


def is_storage_failure(exc: object) -> bool:
    """Locked, full, unreadable or corrupt: SQLite says "malformed"/"not a database" with a bare DatabaseError."""
    return isinstance(exc, OperationalError) or type(exc) is DatabaseError


def storage_error(exc: Exception) -> StorageError:
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("The disk is full. Nothing was saved; free space and try again.", code="disk_full")
    if "locked" in text or "busy" in text:
        return StorageError("The database is busy in another window; please try again.", code="database_locked")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StorageError("The database file is damaged. Restore the latest backup (kiosk restore).",
                            code="database_corrupt")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return StorageError("The database file cannot be opened for writing. Check the data folder.",
                            code="database_unavailable")
    return StorageError(f"The database reported a problem: {str(exc).splitlines()[0][:200]}", code="database_error")


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=readonly)
