"""Members, their cards and their tier status (the member aggregate of kiosk.domain.members)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.engine import Connection, Row

from kiosk.domain.members import Member, name_search_key
from kiosk.domain.programs.tiers import TierStatus
from kiosk.services.ports import MemberCard

from .. import tables as t
from .fast import FastStatement
from .member_search import MemberQuery, place_unranked, scan_rows, search_rowids


def _member(row: Row[Any]) -> Member:
    return Member(
        id=row.id, short_id=row.short_id, name=row.name, phone=row.phone, email=row.email, birthday=row.birthday,
        language=row.language, consent_version=row.consent_version, consent_at=row.consent_at,
        enrolled_at=row.enrolled_at, referral_code=row.referral_code, referred_by=row.referred_by,
        referral_rewarded=bool(row.referral_rewarded), paid_membership=row.paid_membership,
        paid_membership_status=row.paid_membership_status, paid_membership_until=row.paid_membership_until,
        erased_at=row.erased_at, marketing_consent=bool(row.marketing_consent), merged_into=row.merged_into,
    )


# the member a scanned code names and its card: built once, run on SQLite's cursor (a sale reads them first)
# a sale that moves a member's tier (or its review date) writes the row again
_DELETE_TIER = FastStatement(delete(t.member_tiers).where(t.member_tiers.c.member_id == bindparam("member_id")))
_INSERT_TIER = FastStatement(insert(t.member_tiers))
_BY_SHORT_ID = FastStatement(select(t.members).where(t.members.c.short_id == bindparam("short_id")))
# a member's cards (one or two: a new card revokes the last), read once a transaction: a sale checks the scanned
# card and then signs the member's code on its receipt with the active one
_CARDS = FastStatement(select(t.member_cards).where(t.member_cards.c.member_id == bindparam("member_id"))
                       .order_by(t.member_cards.c.serial))


def _member_values(m: Member) -> dict[str, Any]:
    return dict(
        name=m.name, name_search=name_search_key(m.name) if not m.is_erased else "", phone=m.phone, email=m.email,
        birthday=m.birthday, language=m.language, consent_version=m.consent_version, consent_at=m.consent_at,
        referred_by=m.referred_by, referral_rewarded=m.referral_rewarded, paid_membership=m.paid_membership,
        paid_membership_status=m.paid_membership_status, paid_membership_until=m.paid_membership_until,
        erased_at=m.erased_at, marketing_consent=m.marketing_consent, merged_into=m.merged_into,
    )


class SqlMembers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._cards: dict[str, list[MemberCard]] = {}  # per transaction, by member; forgotten when one changes

    def add(self, member: Member, *, device_id: str, business_date: date) -> None:
        self.conn.execute(insert(t.members).values(
            id=member.id, short_id=member.short_id, referral_code=member.referral_code,
            enrolled_at=member.enrolled_at, enrolled_date=business_date, enrolled_device=device_id,
            **_member_values(member)))
        self._place()

    def _place(self) -> None:
        """Members the triggers could not place in name order (no room between two neighbours) get a place."""
        place_unranked(self.conn)

    def _one(self, *where: Any) -> Member | None:
        row = self.conn.execute(select(t.members).where(*where)).first()
        return _member(row) if row else None

    def get(self, member_id: str) -> Member | None:
        return self._one(t.members.c.id == member_id)

    def enrolled_on(self, member_id: str) -> str | None:
        return self.conn.execute(select(t.members.c.enrolled_device).where(t.members.c.id == member_id)).scalar()

    def by_short_id(self, short_id: str) -> Member | None:
        row = _BY_SHORT_ID.first(self.conn, {"short_id": short_id})
        return _member(row) if row else None

    def by_phone(self, phone: str) -> Member | None:
        return self._one(t.members.c.phone == phone, t.members.c.erased_at.is_(None),
                         t.members.c.merged_into.is_(None))

    def with_phone(self, phone: str) -> list[Member]:
        m = t.members
        rows = self.conn.execute(select(m).where(m.c.phone == phone, m.c.erased_at.is_(None), m.c.merged_into.is_(None))
                                 .order_by(m.c.enrolled_at, m.c.id)).all()
        return [_member(r) for r in rows]

    def by_referral_code(self, code: str) -> Member | None:
        return self._one(t.members.c.referral_code == code)

    def search(self, text: str, *, limit: int = 20) -> list[Member]:
        """Live members matching what was typed, in name order (the rule: `member_search.MemberQuery`)."""
        if self.conn.dialect.name != "sqlite":
            return [_member(r) for r in scan_rows(self.conn, text, limit=limit)]
        query = MemberQuery.parse(text)
        if query is None:
            return []
        rowids = search_rowids(self.conn, query, limit=limit)
        if not rowids:
            return []
        rows = {r.rowid: r for r in self.conn.execute(
            select(t.members, literal_column("members.rowid").label("rowid"))
            .where(literal_column("members.rowid").in_(rowids))).all()}
        return [_member(rows[r]) for r in rowids if r in rows]

    def update(self, member: Member) -> None:
        self.conn.execute(update(t.members).where(t.members.c.id == member.id).values(**_member_values(member)))
        self._place()

    def _card(self, row: Any) -> MemberCard | None:
        if row is None:
            return None
        return MemberCard(row.id, row.member_id, row.serial, row.key_id, row.issued_at, row.revoked_at)

    def _cards_of(self, member_id: str) -> list[MemberCard]:
        found = self._cards.get(member_id)
        if found is None:
            found = self._cards[member_id] = [c for r in _CARDS.rows(self.conn, {"member_id": member_id})
                                              if (c := self._card(r)) is not None]
        return found

    def active_card(self, member_id: str) -> MemberCard | None:
        """The member's card not revoked with the highest serial."""
        live = [c for c in self._cards_of(member_id) if c.revoked_at is None]
        return live[-1] if live else None

    def card(self, member_id: str, serial: int) -> MemberCard | None:
        return next((c for c in self._cards_of(member_id) if c.serial == serial), None)

    def add_card(self, card: MemberCard) -> None:
        self._cards.pop(card.member_id, None)
        self.conn.execute(insert(t.member_cards).values(
            id=card.id, member_id=card.member_id, serial=card.serial, key_id=card.key_id, issued_at=card.issued_at,
            revoked_at=card.revoked_at))

    def revoke_cards(self, member_id: str, at: datetime) -> None:
        self._cards.pop(member_id, None)
        self.conn.execute(update(t.member_cards).where(
            t.member_cards.c.member_id == member_id, t.member_cards.c.revoked_at.is_(None)).values(revoked_at=at))

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.members)).scalar_one())

    def cards(self, member_id: str) -> list[MemberCard]:
        return list(self._cards_of(member_id))

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


_TIER = FastStatement(select(t.member_tiers.c.tier, t.member_tiers.c.since, t.member_tiers.c.review_at).where(
    t.member_tiers.c.member_id == bindparam("member_id")))


class SqlTiers:
    """A member's tier row; read once per transaction (a sale asks for it up to four times), set through here."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._read: dict[str, TierStatus | None] = {}

    def get(self, member_id: str) -> TierStatus | None:
        if member_id not in self._read:
            row = _TIER.first(self.conn, {"member_id": member_id})
            self._read[member_id] = TierStatus(row.tier, row.since, row.review_at) if row else None
        return self._read[member_id]

    def set(self, member_id: str, status: TierStatus, *, at: datetime) -> None:
        self._read[member_id] = status
        _DELETE_TIER.execute(self.conn, {"member_id": member_id})
        _INSERT_TIER.execute(self.conn, {"member_id": member_id, "tier": status.tier, "since": status.since,
                                         "review_at": status.review_at, "updated_at": at})
