"""The ledger: entries and postings appended with their hash chain, cached balances kept in step."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlalchemy import and_, bindparam, case, func, insert, or_, select, type_coerce, union_all
from sqlalchemy.engine import Connection, Row

from kiosk.domain.expiry import ends_at, expiry_cutoff
from kiosk.domain.ledger import (
    AWARD_KINDS,
    EARN_KINDS,
    GENESIS_HASH,
    PARTNER_ISSUED_PREFIX,
    PARTNER_REDEEMED_PREFIX,
    POINTS,
    SPEND_KINDS,
    ChainedEntry,
    Entry,
    EntryKind,
    Flag,
    Move,
    Posting,
    ProgramAccount,
    chain_hash,
    earned_net,
    is_partner_issued,
    is_partner_redeemed,
    member_of,
    partner_issued_account,
    partner_redeemed_account,
)
from kiosk.domain.partners import PartnerFlow
from kiosk.services.ports import PostingRow
from kiosk.services.ports.ledger import AwardRow

from .. import tables as t
from ..tables import UTCDateTime
from .common import fast_upsert, like_prefix, not_indexed, set_kv
from .fast import FastStatement, bound_list, named_list, named_values

# The statements a sale runs, built once (building and hashing a Core statement cost more than running it).
_P, _Q, _E, _B = t.postings, t.postings.alias("q"), t.ledger_entries, t.account_balances
_HEAD = FastStatement(select(t.kv.c.value).where(t.kv.c.key == bindparam("key")))
_INSERT_ENTRY = FastStatement(insert(t.ledger_entries))
_INSERT_POSTINGS = FastStatement(insert(t.postings))
_MEMBER_POSTINGS = FastStatement(select(_P.c.amount, _P.c.expires_at, _E.c.created_at, _E.c.kind)
                                 .join(_E, _E.c.id == _P.c.entry_id)
                                 .where(_P.c.member_id == bindparam("member_id"), _P.c.unit == bindparam("unit"))
                                 .order_by(_E.c.created_at, _P.c.seq))
# by the number of units asked for: one parameter a unit (an expanding IN could not run on the fast path)
_MEMBER_POSTINGS_OF: dict[int, FastStatement] = {}


def _member_postings_of(count: int) -> FastStatement:
    found = _MEMBER_POSTINGS_OF.get(count)
    if found is None:
        found = _MEMBER_POSTINGS_OF.setdefault(count, FastStatement(
            select(_P.c.unit, _P.c.amount, _P.c.expires_at, _E.c.created_at, _E.c.kind)
            .join(_E, _E.c.id == _P.c.entry_id)
            .where(_P.c.member_id == bindparam("member_id"), _P.c.unit.in_(named_list("unit", count)))
            .order_by(_E.c.created_at, _P.c.seq)))
    return found


_LAST_EXPIRY = (select(func.max(_E.c.created_at)).select_from(_Q.join(_E, _E.c.id == _Q.c.entry_id))
                .where(_Q.c.member_id == bindparam("member_id"), _Q.c.unit == _P.c.unit,
                       _E.c.kind == EntryKind.EXPIRY.value).scalar_subquery())
# Each of the member's units holding a lot with a date: the latest date already past (before `cutoff`, the start
# of the shop's business day: kiosk.domain.expiry) with that unit's last expiry entry, which say whether a lot
# ended since that entry (whatever the balance: units_with_unexpired_writeoff keeps those still held, from the
# balances the transaction keeps), and the soonest date still to come (units_with_lots_ending: a receipt reads a
# unit's history only when a lot may end soon). The last expiry is looked up only for a lot already past its date.
_MEMBER_LOT_DATES = FastStatement(
    select(_P.c.unit,
           func.max(case((_P.c.expires_at < bindparam("cutoff"), _P.c.expires_at), else_=None),
                    type_=UTCDateTime()).label("latest_past"),
           func.max(case((_P.c.expires_at < bindparam("cutoff"), _LAST_EXPIRY), else_=None),
                    type_=UTCDateTime()).label("last_expiry"),
           func.min(case((_P.c.expires_at >= bindparam("cutoff"), _P.c.expires_at), else_=None),
                    type_=UTCDateTime()).label("soonest"))
    .where(_P.c.member_id == bindparam("member_id"), _P.c.amount > 0, _P.c.expires_at.is_not(None))
    .group_by(_P.c.unit))
# What a member earned on a day, for a sale's two questions of it (how many earning entries: the fraud limit; the
# stamps of its sales: a card of one stamp a day), in one read: the member's entries of that day (kind, date,
# member: a few rows), each with the member's side of its postings, then what the reversals of those entries (a
# refund or void, whenever it was made: found by the index of what they reverse) took back of the member's side,
# under the id of the entry they reverse. The postings' member condition is kept from choosing their member
# index, which would read every posting of a regular's history (0.4 ms for the busiest 300 on the bench shop,
# against 0.03 this way)
_R, _RP = _E.alias("rev"), _P.alias("rev_postings")
_DAY_ENTRIES = and_(_E.c.member_id == bindparam("member_id"), _E.c.business_date == bindparam("day"),
                    _E.c.kind.in_(bound_list(sorted({*EARN_KINDS, EntryKind.SALE_EARN.value}))))
_EARNED_ON = FastStatement(union_all(
    select(_E.c.id, _E.c.kind, _P.c.unit, _P.c.amount)
    .select_from(_E.outerjoin(_P, and_(t.entry_postings(_P, _E), _E.c.kind == EntryKind.SALE_EARN.value,
                                       not_indexed(_P.c.member_id) == bindparam("member_id"))))
    .where(_DAY_ENTRIES),
    select(_R.c.reverses_id, _R.c.kind, _RP.c.unit, _RP.c.amount)
    .select_from(_E.join(_R, _R.c.reverses_id == _E.c.id)
                 .join(_RP, and_(t.entry_postings(_RP, _R), not_indexed(_RP.c.member_id) == bindparam("member_id"))))
    .where(_DAY_ENTRIES)))
# a member's last entry of a kind (their last birthday bonus: every member sale in the birthday month asks; the
# referral or birthday bonus a refund takes back); of two at one instant, the later written
_LAST_OF_KIND = FastStatement(select(_E).where(_E.c.member_id == bindparam("member_id"), _E.c.kind == bindparam("kind"))
                              .order_by(_E.c.created_at.desc(), _E.c.seq.desc()).limit(1))
_POSTING_TOP = FastStatement(select(func.max(_P.c.seq)))
# _postings_of: entries' ranges this close are read as one span; spans this short, by their numbers
_SPAN_GAP, _SHORT_SPAN = 32, 64
# one entry's postings by the range of numbers it recorded (an entry without one: `first` 0, `last` beyond all)
_ENTRY_POSTINGS = FastStatement(select(_P).where(_P.c.seq >= bindparam("first"), _P.c.seq <= bindparam("last"),
                                                 _P.c.entry_id == bindparam("entry_id")).order_by(_P.c.seq))
# a voucher's outstanding count: read for each voucher a member sale lists or takes
_PROGRAM_BALANCE = FastStatement(select(t.account_balances.c.balance).where(
    t.account_balances.c.account == bindparam("account"), t.account_balances.c.unit == bindparam("unit")))
_MEMBER_BALANCES = FastStatement(select(t.account_balances.c.unit, func.sum(t.account_balances.c.balance))
                                 .where(t.account_balances.c.member_id == bindparam("member_id"))
                                 .group_by(t.account_balances.c.unit))
# A sale's own entries: its member's of its day, each kind one seek of (kind, day, member) (SqlLedger.for_sale); built
# once, as the statements above
_SALE_ENTRIES = select(_E).where(_E.c.kind.in_(t.key_values(_E.c.kind)), _E.c.business_date == bindparam("day"),
                                 _E.c.member_id.is_not_distinct_from(bindparam("member")),
                                 _E.c.sale_id == bindparam("sale_id"))
_SALE_DAY = select(t.sales.c.business_date, t.sales.c.member_id).where(t.sales.c.id == bindparam("sale_id"))
_SALE_REVERSALS = select(_E).where(_E.c.reverses_id.in_(bindparam("ids", expanding=True)),
                                   _E.c.sale_id == bindparam("sale_id"))


class SqlLedger:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # per transaction; an entry this transaction appends moves them as it moves account_balances
        self._balances: dict[str, dict[str, int]] = {}
        # per transaction: (member, now) -> for each unit holding a lot with a date, whether one is past its date
        # and not written off, and the soonest date to come; a new lot moves the soonest date, and the answer is
        # forgotten when an entry adds a lot already past its date or writes lots off
        self._lot_dates: dict[tuple[str, datetime], dict[str, tuple[bool, datetime | None]]] = {}
        # per transaction: (member, day) -> their earning entries that day and the stamps those sales gave;
        # forgotten when the transaction appends an entry
        self._days: dict[tuple[str, date], tuple[int, dict[str, int]]] = {}
        # per transaction: (member, unit) -> the postings read, in order; an entry this transaction appends adds
        # its postings where the database would order them, so a sale reads a member's lots once for its price
        # and its receipt alike
        self._history: dict[tuple[str, str], list[PostingRow]] = {}
        # SQLite: an entry records its postings' numbers (the transaction holds the write lock: no one else
        # appends between the read of the highest and the insert); PostgreSQL's postings number themselves
        self._ranges = conn.dialect.name == "sqlite"

    def add(self, entry: Entry) -> None:
        prev = _HEAD.scalar(self.conn, {"key": _head_key(entry.device_id)})
        prev_hash = prev or GENESIS_HASH
        self.add_chained(entry, prev_hash, chain_hash(prev_hash, entry))

    def add_chained(self, entry: Entry, prev_hash: str, digest: str) -> None:
        """Append `entry` with the hashes its device gave it (another device's, arriving through the hub)."""
        first = self._next_posting()
        last = None if first is None else first + len(entry.postings) - 1
        _INSERT_ENTRY.execute(self.conn, dict(
            id=entry.id, device_id=entry.device_id, created_at=entry.created_at, business_date=entry.business_date,
            kind=entry.kind, member_id=entry.member_id, sale_id=entry.sale_id, reverses_id=entry.reverses_id,
            command_id=entry.command_id, staff_id=entry.staff_id, memo=entry.memo, flags=",".join(entry.flags),
            prev_hash=prev_hash, hash=digest, postings_from=first, postings_to=last))
        rows = [dict(entry_id=entry.id, account=p.account, unit=p.unit, amount=p.amount,
                     member_id=member_of(p.account), expires_at=p.expires_at) for p in entry.postings]
        if first is not None:  # numbered here, as the entry recorded them
            for n, row in enumerate(rows):
                row["seq"] = first + n
        _INSERT_POSTINGS.execute(self.conn, rows)
        net = _net(entry.postings)
        balances = [dict(account=account, unit=unit, member_id=member_of(account), balance=amount)
                    for (account, unit), amount in net.items()]
        for (account, unit), amount in net.items():  # the balances this transaction read move with the entry
            owner = member_of(account)
            kept = self._balances.get(owner) if owner else None
            if kept is not None:
                kept[unit] = kept.get(unit, 0) + amount
        if self._history:
            self._extend_history(entry)
        self._days.clear()
        if self._lot_dates:
            for p in entry.postings:
                owner = member_of(p.account)
                if owner is not None and (entry.kind == EntryKind.EXPIRY or p.expires_at is not None):
                    self._move_lot_dates(owner, p, expiry=entry.kind == EntryKind.EXPIRY)
        if balances:
            fast_upsert(self.conn, "ledger.balance", t.account_balances, ["account", "unit"],
                        lambda stmt: {"balance": t.account_balances.c.balance + stmt.excluded.balance}
                        ).execute(self.conn, balances)
        set_kv(self.conn, _head_key(entry.device_id), digest)

    def _next_posting(self) -> int | None:
        """The number the next posting takes on SQLite (the entry records its postings' range); None elsewhere."""
        if not self._ranges:
            return None
        return int(_POSTING_TOP.scalar(self.conn, {}) or 0) + 1

    def _entries(self, rows: Sequence[Row[Any]]) -> list[Entry]:
        """The entries of these rows with their postings: by each entry's range of posting numbers (the postings'
        own key), or by entry id where it has none (PostgreSQL)."""
        if not rows:
            return []
        postings: dict[str, list[Posting]] = {r.id: [] for r in rows}
        for row in self._postings_of(rows):
            postings[row.entry_id].append(Posting(row.account, row.unit, row.amount, row.expires_at))
        return [_entry(r, tuple(postings[r.id])) for r in rows]

    def _postings_of(self, rows: Sequence[Row[Any]]) -> list[Row[Any]]:
        """The posting rows of these entries (ledger rows with id, postings_from and postings_to), in number order,
        each once. The entries' ranges, sorted and joined where they meet or nearly (a device's entries one after
        another are one span), are read as spans of the postings' key, the short ones by their numbers; a posting
        in a span that is not one of these entries' is left out. An entry without a range (PostgreSQL) is read by
        its id."""
        if len(rows) == 1:  # a sale's read of one entry (the last birthday bonus): on the fast path
            one = rows[0]
            own = one.postings_from is not None
            return list(_ENTRY_POSTINGS.rows(self.conn, {"first": one.postings_from if own else 0,
                                                         "last": one.postings_to if own else t.LAST_SEQ,
                                                         "entry_id": one.id}))
        p = t.postings
        wanted = {r.id for r in rows}
        spans: list[list[int]] = []
        for first, last in sorted((r.postings_from, r.postings_to) for r in rows if r.postings_from is not None):
            if spans and first <= spans[-1][1] + _SPAN_GAP:
                spans[-1][1] = max(spans[-1][1], last)
            elif first <= last:
                spans.append([first, last])
        numbers = [n for first, last in spans if last - first < _SHORT_SPAN for n in range(first, last + 1)]
        wheres = [p.c.seq.in_(numbers[i:i + 500]) for i in range(0, len(numbers), 500)]
        wheres += [p.c.seq.between(first, last) for first, last in spans if last - first >= _SHORT_SPAN]
        unranged = [r.id for r in rows if r.postings_from is None]
        wheres += [p.c.entry_id.in_(unranged[i:i + 500]) for i in range(0, len(unranged), 500)]
        found = {row.seq: row for where in wheres for row in self.conn.execute(select(p).where(where))
                 if row.entry_id in wanted}
        return [found[seq] for seq in sorted(found)]

    def get(self, entry_id: str) -> Entry | None:
        rows = self.conn.execute(select(t.ledger_entries).where(t.ledger_entries.c.id == entry_id)).all()
        found = self._entries(rows)
        return found[0] if found else None

    def get_many(self, entry_ids: Sequence[str]) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        ids = list(entry_ids)
        for start in range(0, len(ids), 500):
            rows = self.conn.execute(select(t.ledger_entries)
                                     .where(t.ledger_entries.c.id.in_(ids[start:start + 500]))).all()
            found.update((e.id, e) for e in self._entries(rows))
        return found

    def for_sale(self, sale_id: str) -> list[Entry]:
        """The entries naming a sale: those written with it (the same transaction, so the sale's business day)
        and the reversals of those (a refund's, a challenge taken back, a write-off), whatever their day.

        SQLite keeps no index of entries by sale (0030: ~40 bytes and a page of each member sale's commit): the
        sale's own are found among its member's of its day by the index of (kind, day, member), its kinds walked
        one seek each, and the reversals by what they reverse. A sale this device does not hold is looked for by
        its id alone."""
        e = t.ledger_entries
        sale = self.conn.execute(_SALE_DAY, {"sale_id": sale_id}).first()
        if sale is None:
            rows = list(self.conn.execute(select(e).where(e.c.sale_id == sale_id)))
        else:
            # every entry written with a sale names the sale's member (none for a walk-in's voucher): the seek is
            # to that member's entries of the day, not the whole day's (a chain's busiest day has 40,000 sales)
            rows = list(self.conn.execute(_SALE_ENTRIES, {"day": sale.business_date, "member": sale.member_id,
                                                          "sale_id": sale_id}))
            undone = [r.id for r in rows]
            for start in range(0, len(undone), 500):
                rows += self.conn.execute(_SALE_REVERSALS, {"ids": undone[start:start + 500], "sale_id": sale_id})
        rows.sort(key=lambda r: (r.created_at, r.seq))
        return self._entries(list({r.seq: r for r in rows}.values()))

    def reversed_ids(self, entry_ids: Sequence[str]) -> set[str]:
        if not entry_ids:
            return set()
        return set(self.conn.execute(select(t.ledger_entries.c.reverses_id)
                                     .where(t.ledger_entries.c.reverses_id.in_(list(entry_ids)))).scalars())

    def with_command_prefix(self, prefix: str) -> list[Entry]:
        # a walk of the entries: read for a manager's settling of a hub conflict and for a pull that brought one,
        # both rare, so no index of command ids is kept for it (only the partners' own, 0019)
        e = t.ledger_entries
        return self._entries(self.conn.execute(select(e).where(e.c.command_id.like(like_prefix(prefix), escape="\\"))
                                               .order_by(e.c.created_at, e.c.id)).all())

    def command_ids_since(self, since: int, prefix: str) -> set[str]:
        # the entries of the postings added after the mark (a range of the postings' key), by the entries' id index
        p, e = t.postings, t.ledger_entries
        return set(self.conn.execute(select(e.c.command_id).join(p, p.c.entry_id == e.c.id).where(
            p.c.seq > since, e.c.command_id.like(like_prefix(prefix), escape="\\")).distinct()).scalars())

    def member_balances(self, member_id: str) -> dict[str, int]:
        if member_id not in self._balances:
            rows = _MEMBER_BALANCES.rows(self.conn, {"member_id": member_id})
            self._balances[member_id] = {unit: int(total) for unit, total in rows}
        return dict(self._balances[member_id])

    def mark(self) -> int:
        return int(_POSTING_TOP.scalar(self.conn, {}) or 0)

    def members_holding(self, unit: str, *, at_least: int, since: int) -> list[str]:
        # the members of the postings added since the mark (a range of the postings' key), then their balances
        # through the balances' member index: a pull's few members, not a scan of every balance of the unit
        b, p = t.account_balances, t.postings
        touched = select(p.c.member_id).where(p.c.seq > since, p.c.unit == unit,
                                               not_indexed(p.c.member_id).is_not(None)).distinct()
        total = func.sum(b.c.balance)
        return list(self.conn.execute(select(b.c.member_id).where(b.c.member_id.in_(touched), b.c.unit == unit)
                                      .group_by(b.c.member_id).having(total >= at_least)
                                      .order_by(b.c.member_id)).scalars())

    def program_balance(self, account: str, unit: str) -> int | None:
        value = _PROGRAM_BALANCE.scalar(self.conn, {"account": account, "unit": unit})
        return None if value is None else int(value)

    def member_postings(self, member_id: str, unit: str) -> list[PostingRow]:
        kept = self._history.get((member_id, unit))
        if kept is None:
            rows = _MEMBER_POSTINGS.rows(self.conn, {"member_id": member_id, "unit": unit})
            kept = self._history[(member_id, unit)] = [PostingRow(r.amount, r.expires_at, r.created_at, r.kind)
                                                       for r in rows]
        return list(kept)

    def member_postings_of(self, member_id: str, units: Sequence[str]) -> dict[str, list[PostingRow]]:
        found: dict[str, list[PostingRow]] = {unit: [] for unit in units}
        unread = [unit for unit in found if (member_id, unit) not in self._history]
        if unread:
            for r in _member_postings_of(len(unread)).rows(
                    self.conn, {"member_id": member_id, **named_values("unit", unread)}):
                found[r.unit].append(PostingRow(r.amount, r.expires_at, r.created_at, r.kind))
            for unit in unread:
                self._history[(member_id, unit)] = found[unit]
        return {unit: list(self._history[(member_id, unit)]) for unit in found}

    def _extend_history(self, entry: Entry) -> None:
        """The kept postings of the members `entry` moves, with its own added at the end (where the database
        orders them: by the entry's time, then as written). An entry older than the last one kept (a clock set back
        between two entries of one transaction) makes that history read again instead."""
        created = entry.created_at.astimezone(UTC)
        for p in entry.postings:
            owner = member_of(p.account)
            if owner is None or (kept := self._history.get((owner, p.unit))) is None:
                continue
            if kept and created < kept[-1].created_at:
                del self._history[(owner, p.unit)]
                continue
            kept.append(PostingRow(p.amount, p.expires_at.astimezone(UTC) if p.expires_at else None, created,
                                   entry.kind.value if isinstance(entry.kind, EntryKind) else str(entry.kind)))

    def members_with_expired_lots(self, now: datetime, tz: tzinfo) -> list[tuple[str, str]]:
        """(member, unit) pairs with a positive balance and a lot that ended (kiosk.domain.expiry) after that
        unit's last expiry entry: the ones an expiry run has work for (lots that ended before it were taken by
        that entry). The query finds each pair's latest lot already past its date; whether it ended after the
        last expiry is the time zone's to say."""
        p, q, e, b = t.postings, t.postings.alias("q"), t.ledger_entries, t.account_balances
        last_expiry = (select(func.max(e.c.created_at)).select_from(q.join(e, e.c.id == q.c.entry_id))
                       .where(q.c.member_id == p.c.member_id, q.c.unit == p.c.unit,
                              e.c.kind == EntryKind.EXPIRY.value).scalar_subquery())
        rows = self.conn.execute(
            select(p.c.member_id, p.c.unit, func.max(p.c.expires_at, type_=UTCDateTime()).label("latest"),
                   type_coerce(last_expiry, UTCDateTime()).label("last_expiry"))
            .join(b, and_(b.c.member_id == p.c.member_id, b.c.unit == p.c.unit))
            .where(p.c.expires_at.is_not(None), p.c.expires_at < expiry_cutoff(now, tz), p.c.amount > 0,
                   b.c.balance > 0)
            .group_by(p.c.member_id, p.c.unit)
            .order_by(p.c.member_id, p.c.unit)).all()
        return [(r.member_id, r.unit) for r in rows if _ended_since(r.latest, r.last_expiry, tz)]

    def units_with_unexpired_writeoff(self, member_id: str, now: datetime, tz: tzinfo) -> list[str]:
        # a sale asks before pricing and again for its receipt's balances: its entries rarely add a lot already
        # past its date, so the lots' dates are read once and the balance (which the sale moves) is applied here
        found = sorted(unit for unit, (past, _) in self._lot_dates_of(member_id, now, tz).items() if past)
        balances = self.member_balances(member_id) if found else {}
        return [unit for unit in found if balances.get(unit, 0) > 0]

    def units_with_lots_ending(self, member_id: str, now: datetime, until: datetime, tz: tzinfo) -> set[str]:
        return {unit for unit, (_, soonest) in self._lot_dates_of(member_id, now, tz).items()
                if soonest is not None and soonest <= until}

    def _lot_dates_of(self, member_id: str, now: datetime, tz: tzinfo
                      ) -> dict[str, tuple[bool, datetime | None]]:
        # kept by the day's cutoff: every moment of one business day reads the same
        cutoff = expiry_cutoff(now, tz)
        found = self._lot_dates.get((member_id, cutoff))
        if found is None:
            rows = _MEMBER_LOT_DATES.rows(self.conn, {"member_id": member_id, "cutoff": cutoff})
            found = self._lot_dates[(member_id, cutoff)] = {
                r.unit: (_ended_since(r.latest_past, r.last_expiry, tz), r.soonest) for r in rows}
        return found

    def _move_lot_dates(self, member_id: str, posting: Posting, *, expiry: bool) -> None:
        """Keep the member's kept lot dates in step with a posting this transaction appends: an expiry entry, or
        a lot already past its date when they were asked, makes them be read again; a lot still to come moves
        its unit's soonest date."""
        at = posting.expires_at
        for key in [k for k in self._lot_dates if k[0] == member_id]:
            if expiry or (at is not None and at < key[1]):
                del self._lot_dates[key]
            elif at is not None and posting.amount > 0:
                units = self._lot_dates[key]
                past, soonest = units.get(posting.unit, (False, None))
                units[posting.unit] = (past, at if soonest is None else min(soonest, at))

    def count_for_member(self, member_id: str) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.postings)
                                     .where(t.postings.c.member_id == member_id)).scalar_one())

    def last_entry_of_kind(self, member_id: str, kind: str) -> Entry | None:
        row = _LAST_OF_KIND.first(self.conn, {"member_id": member_id, "kind": kind})
        if row is None:
            return None
        return self._entries([row])[0]

    def written_with(self, command_id: str, *, member_id: str, business_date: date,
                     kinds: Sequence[str]) -> list[Entry]:
        e = t.ledger_entries  # by the index of (kind, day, member): no index holds entries by command
        rows = self.conn.execute(select(e).where(e.c.kind.in_(list(kinds)), e.c.business_date == business_date,
                                                 e.c.member_id == member_id, e.c.command_id == command_id)
                                 .order_by(e.c.created_at, e.c.seq)).all()
        return self._entries(rows)

    def earn_entries_today(self, member_id: str, business_date: date) -> int:
        return self._earned_on(member_id, business_date)[0]

    def _earned_on(self, member_id: str, business_date: date) -> tuple[int, dict[str, int]]:
        """The member's earning entries of the day and the stamps their sales gave, read once a transaction
        until it appends an entry; both net of refunds and voids (earned_net)."""
        found = self._days.get((member_id, business_date))
        if found is None:
            rows = _EARNED_ON.rows(self.conn, {"member_id": member_id, "day": business_date})
            found = self._days[(member_id, business_date)] = earned_net(
                (r.id, r.kind, r.unit, None if r.amount is None else int(r.amount)) for r in rows)
        return found

    def partner_points_on(self, member_id: str, partner_id: str, business_date: date) -> int:
        e, p = t.ledger_entries, t.postings
        earned = (and_(p.c.account == partner_issued_account(partner_id))
                  | and_(p.c.account == ProgramAccount.PARTNER.value, e.c.memo.like(f"{partner_id} %")))
        total = self.conn.execute(
            select(func.coalesce(func.sum(p.c.amount), 0)).select_from(e.join(p, t.entry_postings(p, e)))
            .where(e.c.kind == EntryKind.PARTNER.value, e.c.business_date == business_date,
                   e.c.member_id == member_id, p.c.unit == POINTS, earned)).scalar_one()
        return -int(total)

    def partner_points_redeemed_on(self, member_id: str, partner_id: str, business_date: date) -> int:
        e, p = t.ledger_entries, t.postings
        total = self.conn.execute(
            select(func.coalesce(func.sum(p.c.amount), 0)).select_from(e.join(p, t.entry_postings(p, e)))
            .where(e.c.kind == EntryKind.PARTNER_REDEEM.value, e.c.business_date == business_date,
                   e.c.member_id == member_id, p.c.unit == POINTS,
                   p.c.account == partner_redeemed_account(partner_id))).scalar_one()
        return int(total)

    def partner_entry(self, command_id: str) -> Entry | None:
        e = t.ledger_entries
        rows = self.conn.execute(select(e).where(
            e.c.kind.in_((EntryKind.PARTNER.value, EntryKind.PARTNER_REDEEM.value)), e.c.command_id == command_id)
            .order_by(e.c.seq).limit(1)).all()
        found = self._entries(rows)
        return found[0] if found else None

    def partner_flows(self, date_from: date, date_to: date) -> list[PartnerFlow]:
        e, p = t.ledger_entries, t.postings
        totals: dict[tuple[str, str], tuple[int, int]] = {}
        for account, memo_text, amount in self.conn.execute(
                select(p.c.account, e.c.memo, func.sum(p.c.amount)).select_from(e.join(p, t.entry_postings(p, e)))
                .where(e.c.kind.in_((EntryKind.PARTNER.value, EntryKind.PARTNER_REDEEM.value)),
                       e.c.business_date >= date_from, e.c.business_date <= date_to, p.c.unit == POINTS,
                       p.c.member_id.is_(None))
                .group_by(p.c.account, e.c.memo)):
            if is_partner_redeemed(account):
                partner_id, issued, redeemed = account[len(PARTNER_REDEEMED_PREFIX):], 0, int(amount)
            elif is_partner_issued(account):
                # before partners had accounts of their own, the memo named the partner ("bookshop receipt 12")
                partner_id = memo_text.split(" ", 1)[0] if account == ProgramAccount.PARTNER.value \
                    else account[len(PARTNER_ISSUED_PREFIX):]
                issued, redeemed = -int(amount), 0
            else:
                continue
            before = totals.get((partner_id, memo_text), (0, 0))
            totals[(partner_id, memo_text)] = (before[0] + issued, before[1] + redeemed)
        return [PartnerFlow(pid, memo, issued, redeemed) for (pid, memo), (issued, redeemed) in totals.items()]

    def stamps_earned_on(self, member_id: str, business_date: date) -> dict[str, int]:
        return dict(self._earned_on(member_id, business_date)[1])

    def points_earned_since(self, member_id: str, since: datetime) -> int:
        total = self.conn.execute(
            select(func.coalesce(func.sum(t.postings.c.amount), 0))
            .join(t.ledger_entries, t.ledger_entries.c.id == t.postings.c.entry_id)
            .where(t.postings.c.member_id == member_id, t.postings.c.unit == POINTS, t.postings.c.amount > 0,
                   t.ledger_entries.c.kind.in_(AWARD_KINDS), t.ledger_entries.c.created_at >= since)).scalar_one()
        # less what refunds and voids took back of those awards (a reversal's postings are negative)
        p, reversal, award = t.postings, t.ledger_entries.alias("reversal"), t.ledger_entries.alias("award")
        taken = self.conn.execute(
            select(func.coalesce(func.sum(p.c.amount), 0))
            .join(reversal, reversal.c.id == p.c.entry_id).join(award, award.c.id == reversal.c.reverses_id)
            .where(p.c.member_id == member_id, p.c.unit == POINTS, p.c.amount < 0,
                   reversal.c.kind == EntryKind.REVERSAL.value, award.c.kind.in_(AWARD_KINDS),
                   award.c.created_at >= since)).scalar_one()
        return max(0, int(total) + int(taken))

    def spent_on_device(self, member_id: str, device_id: str, since: datetime | None) -> dict[str, int]:
        p, e = t.postings, t.ledger_entries
        query = (select(p.c.unit, func.sum(p.c.amount)).join(e, e.c.id == p.c.entry_id)
                 .where(p.c.member_id == member_id, p.c.amount < 0, e.c.device_id == device_id,
                        e.c.kind.in_(SPEND_KINDS)).group_by(p.c.unit))
        if since is not None:
            query = query.where(e.c.created_at > since)
        return {unit: -int(total) for unit, total in self.conn.execute(query)}

    def for_member(self, member_id: str) -> list[Entry]:
        touched = select(t.postings.c.entry_id).where(t.postings.c.member_id == member_id)
        rows = self.conn.execute(select(t.ledger_entries).where(or_(t.ledger_entries.c.member_id == member_id,
                                                                    t.ledger_entries.c.id.in_(touched)))
                                 .order_by(t.ledger_entries.c.created_at, t.ledger_entries.c.seq)).all()
        return self._entries(rows)

    def awards(self, kind: str, *, member_id: str | None = None, memo_prefix: str = "") -> list[AwardRow]:
        p, e = t.postings, t.ledger_entries
        rev = e.alias("rev")
        where = [e.c.kind == kind, p.c.member_id.is_not(None)]
        if member_id is not None:
            where.append(e.c.member_id == member_id)
        if memo_prefix:
            where.append(e.c.memo.like(memo_prefix.replace("%", r"\%").replace("_", r"\_") + "%", escape="\\"))
        cols = (e.c.id, e.c.memo, p.c.member_id, e.c.sale_id, e.c.created_at, p.c.unit, e.c.device_id)
        given = self.conn.execute(select(*cols, func.sum(p.c.amount)).join(e, t.entry_postings(p, e))
                                  .where(*where).group_by(*cols)).all()
        back: dict[tuple[str, str, str], int] = {}
        ids = sorted({row[0] for row in given})
        for start in range(0, len(ids), 500):  # the reversals of just these entries, by their index
            reversals = list(self.conn.execute(select(rev).where(rev.c.reverses_id.in_(ids[start:start + 500]))))
            undoes = {r.id: r.reverses_id for r in reversals}
            if undoes:  # a take-back undone (one bonus taken back on two devices apart) gives its share back
                undone = list(self.conn.execute(select(rev).where(rev.c.reverses_id.in_(list(undoes)))))
                undoes.update((r.id, undoes[r.reverses_id]) for r in undone)
                reversals += undone
            # their postings by their ranges, summed here: joined in SQL, SQLite walked every posting or every
            # member's past a few dozen ids
            for posting in self._postings_of(reversals):
                if posting.member_id is not None:
                    key = (undoes[posting.entry_id], posting.member_id, posting.unit)
                    back[key] = back.get(key, 0) + int(posting.amount)
        return [AwardRow(eid, memo, mid, sale_id, created_at, unit, int(amount) + back.get((eid, mid, unit), 0),
                         device)
                for eid, memo, mid, sale_id, created_at, unit, device, amount in given]

    # verification: streamed, so memory does not grow with the ledger
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

    def iter_member_moves(self) -> Iterator[tuple[str, str, str, Move]]:
        p, e = t.postings, t.ledger_entries
        query = (select(p.c.member_id, p.c.unit, p.c.entry_id, p.c.amount, p.c.expires_at, e.c.created_at, e.c.kind)
                 .join(e, e.c.id == p.c.entry_id).where(p.c.member_id.is_not(None))
                 .order_by(p.c.member_id, p.c.unit, e.c.created_at, e.c.seq, p.c.seq)
                 .execution_options(yield_per=5000))
        for r in self.conn.execute(query):
            yield r.member_id, r.unit, r.entry_id, Move(int(r.amount), r.expires_at, r.created_at, r.kind)

    def stray_postings(self) -> Iterator[tuple[int, str]]:
        p, e = t.postings, t.ledger_entries
        query = (select(p.c.seq, p.c.entry_id).select_from(p.outerjoin(e, e.c.id == p.c.entry_id))
                 .where(or_(e.c.id.is_(None), p.c.seq < e.c.postings_from, p.c.seq > e.c.postings_to))
                 .order_by(p.c.seq).execution_options(yield_per=5000))
        for seq, entry_id in self.conn.execute(query):
            yield int(seq), str(entry_id)

    def cached_balances(self) -> Iterator[tuple[str, str, int]]:
        b = t.account_balances
        for account, unit, balance in self.conn.execute(
                select(b.c.account, b.c.unit, b.c.balance).execution_options(yield_per=5000)):
            yield account, unit, int(balance)


def _head_key(device_id: str) -> str:
    return f"chain_head:{device_id}"


def _net(postings: Sequence[Posting]) -> dict[tuple[str, str], int]:
    net: dict[tuple[str, str], int] = {}
    for p in postings:
        net[(p.account, p.unit)] = net.get((p.account, p.unit), 0) + p.amount
    return net


def _entry(row: Row[Any], postings: tuple[Posting, ...]) -> Entry:
    return Entry(id=row.id, device_id=row.device_id, created_at=row.created_at, business_date=row.business_date,
                 kind=EntryKind(row.kind), postings=postings, member_id=row.member_id, sale_id=row.sale_id,
                 reverses_id=row.reverses_id, command_id=row.command_id, staff_id=row.staff_id, memo=row.memo,
                 flags=tuple(Flag(f) for f in row.flags.split(",") if f))


def _ended_since(latest_past: datetime | None, last_expiry: datetime | None, tz: tzinfo) -> bool:
    """Whether the latest lot past its date ended after the last expiry entry of its unit (which took every lot
    that had ended before it was written)."""
    return latest_past is not None and (last_expiry is None or ends_at(latest_past, tz) > last_expiry)
