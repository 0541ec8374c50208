"""Member search for the counter's search-as-you-type: names that start with the text from a name index, the rest
from the trigram index (0017), which hands them out in name order (0022: its rowids are the members' ranks in name
order), a name-order walk for a text too short for trigrams. What matches and in which order is
`MemberQuery.matches` and ORDER; the ways of finding it only differ in what they cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.engine import Connection

from kiosk.domain.members import name_search_key

from .. import tables as t
from .common import like_prefix

THAI_FIRST, THAI_LAST = "\u0e01", "\u0e5b"
LIVE = "erased_at IS NULL AND merged_into IS NULL"
# Name order; ties by phone, then enrolment (rowid). The walk names the two partial-index columns that are
# NULL in every entry so that SQLite reads the order straight off the index instead of sorting.
ORDER = "name_search, phone, rowid"
WALK_ORDER = "name_search, phone, erased_at, merged_into, rowid"
STARTING = (f"SELECT rowid, name_search, phone FROM members INDEXED BY ix_members_search_live WHERE {LIVE} "
            f"AND name_search >= :lo AND name_search < :hi ORDER BY {WALK_ORDER} LIMIT :limit")
STARTING_RANKED = ("SELECT m.rowid, m.name_search, m.phone, r.rank FROM members m INDEXED BY ix_members_search_live "
                   "LEFT JOIN member_search_rank r ON r.member = m.rowid WHERE m.erased_at IS NULL AND "
                   "m.merged_into IS NULL AND m.name_search >= :lo AND m.name_search < :hi "
                   "ORDER BY m.name_search, m.phone, m.erased_at, m.merged_into, m.rowid LIMIT :limit")
TOP = 1 << 62
"""Ranks (0022) are 1 .. TOP - 1 in name order; a negative rank is a member not placed yet."""
REFILL = (
    "DELETE FROM member_search_rank",
    "INSERT INTO member_search (member_search) VALUES ('delete-all')",
    f"INSERT INTO member_search_rank (member, rank) SELECT rowid, row_number() OVER (ORDER BY {ORDER}) * {1 << 32} "
    f"FROM members WHERE {LIVE}",
    "INSERT INTO member_search (rowid, name_tail, phone) SELECT r.rank, substr(m.name_search, 2), m.phone "
    "FROM member_search_rank r JOIN members m ON m.rowid = r.member ORDER BY r.rank",
    "INSERT INTO member_search (member_search) VALUES ('optimize')",
)
"""Every live member's rank and trigram entry afresh, 2^32 apart (as 0022 fills them): for bulk loads that
drop the triggers (the bench's shop builder)."""
# The rank of the live, placed member just before (after) :name, :phone, :rowid in name order.
_NEIGHBOUR = (
    "SELECT r.rank FROM members m JOIN member_search_rank r ON r.member = m.rowid "
    "WHERE m.erased_at IS NULL AND m.merged_into IS NULL AND m.name_search {side}= :name "
    "AND (m.name_search {side} :name OR (CASE WHEN m.phone IS :phone THEN m.rowid {side} :rowid "
    "WHEN m.phone IS NULL THEN {null_first} WHEN :phone IS NULL THEN {other} ELSE m.phone {side} :phone END)) "
    "AND r.rank > 0 ORDER BY m.name_search{desc}, m.phone{desc}, m.erased_at{desc}, m.merged_into{desc}, "
    "m.rowid{desc} LIMIT 1")


def has_thai(key: str) -> bool:
    return any(THAI_FIRST <= c <= THAI_LAST for c in key)


def _fts_phrase(column: str, value: str) -> str:
    return f'{column} : "{value.replace(chr(34), chr(34) * 2)}"'


@dataclass(frozen=True)
class MemberQuery:
    """What was typed, as the search understands it.

    A member matches when their live record's `name_search` has a word that starts with `key` (for a key
    with Thai letters: contains `key` anywhere; for one or two characters: the name starts with it), or their
    phone contains `phone_digits`: the typed digits without a leading 0, at least three typed (0812 finds
    +66812…).
    """

    key: str
    phone_digits: str | None

    @classmethod
    def parse(cls, typed: str) -> MemberQuery | None:
        key = name_search_key(typed).replace("\x00", "")  # no name holds one, and FTS5 refuses it in a query
        digits = "".join(c for c in typed if c.isdigit())
        phone_digits = (digits[1:] if digits.startswith("0") else digits) if len(digits) >= 3 else None
        if not key and not phone_digits:
            return None
        return cls(key, phone_digits)

    @property
    def short(self) -> bool:
        """One or two characters: too short for a trigram, they match at the start of a name only."""
        return 0 < len(self.key) < 3

    @property
    def thai(self) -> bool:
        return has_thai(self.key)

    def matches(self, name_search: str, phone: str | None) -> bool:
        """The rule itself, in Python: the tests hold every path to it."""
        if self.short:
            if name_search.startswith(self.key):
                return True
        elif self.key and (self.key in name_search if self.thai else
                           name_search.startswith(self.key) or " " + self.key in name_search):
            return True
        return bool(self.phone_digits and phone and self.phone_digits in phone)

    # ------------------------------------------------------------------------------------------- SQL
    def _name_sql(self, of: str) -> str:
        if not self.key:
            return "0"
        if self.short:
            return f"{of}name_search LIKE :prefix ESCAPE '\\'"
        if self.thai:
            return f"instr({of}name_search, :key) > 0"
        return f"({of}name_search LIKE :prefix ESCAPE '\\' OR {of}name_search LIKE :word ESCAPE '\\')"

    def condition_sql(self, of: str = "") -> str:
        """The rule in SQL; `of`: the members table's alias and a dot, when the statement names others."""
        parts = [self._name_sql(of)]
        if self.phone_digits:
            parts.append(f"instr({of}phone, :digits) > 0")
        return "(" + " OR ".join(parts) + ")"

    def params(self) -> dict[str, Any]:
        return {"key": self.key, "prefix": like_prefix(self.key), "word": "% " + like_prefix(self.key),
                "digits": self.phone_digits or ""}

    def fts(self) -> str | None:
        """The trigram query for matches past a name's first character and in phones, or None when a part that
        could match is shorter than a trigram."""
        if self.key and len(self.key) < 3:
            return None  # too short for a trigram: a name-index range, or the walk when digits come with it
        if self.phone_digits and len(self.phone_digits) < 3:
            return None  # "012": two digits anywhere in a phone; dense, the walk finds them at once
        parts = []
        if self.key:
            # A Latin text matches at the start of a later word: the space before it is in the trigrams too, so
            # every candidate matches (`ann` alone would bring every hannah and joanna).
            parts.append(_fts_phrase("name_tail", self.key if self.thai else " " + self.key))
        if self.phone_digits:
            parts.append(_fts_phrase("phone", self.phone_digits))
        return " OR ".join(parts) if parts else None


def _order_key(row: Any) -> tuple[str, bool, str, int]:
    """ORDER in Python: SQLite compares text by code point (UTF-8 bytes) and puts NULL first."""
    return (row.name_search, row.phone is not None, row.phone or "", row.rowid)


def scan_rows(conn: Connection, typed: str, *, limit: int) -> list[Any]:
    """The search before 0017, and still the one on PostgreSQL: one pass over every live member."""
    key = name_search_key(typed)
    digits = "".join(c for c in typed if c.isdigit())
    conds = [t.members.c.name_search.like(like_prefix(key), escape="\\"),
             t.members.c.name_search.like("% " + like_prefix(key), escape="\\")]
    if len(digits) >= 3:
        tail = digits[1:] if digits.startswith("0") else digits
        conds.append(t.members.c.phone.like("%" + tail + "%"))
    return list(conn.execute(
        select(t.members).where(or_(*conds), t.members.c.erased_at.is_(None), t.members.c.merged_into.is_(None))
        .order_by(t.members.c.name_search, t.members.c.phone, t.members.c.id).limit(limit)).all())


def _ranked_sql(query: MemberQuery, ranks: str) -> str:
    """Matches among the trigram candidates whose rank (the index's rowid) satisfies `ranks`, in rank order, which
    is name order: SQLite reads the index in rowid order and stops at `limit` matches."""
    return (f"SELECT m.rowid, m.name_search, m.phone FROM member_search f "
            f"JOIN member_search_rank r ON r.rank = f.rowid JOIN members m ON m.rowid = r.member "
            f"WHERE member_search MATCH :q AND {ranks} AND {LIVE} AND {query.condition_sql('m.')} "
            f"ORDER BY f.rowid LIMIT :limit")


def search_rowids(conn: Connection, query: MemberQuery, *, limit: int, walk: bool = False) -> list[int]:
    """Row ids of the first `limit` matching members, in ORDER (`walk`: by the name-order walk, whatever the text;
    the tests compare the two ways)."""
    params = {**query.params(), "limit": limit, "lo": query.key, "hi": query.key + "\U0010ffff"}
    fts = query.fts()
    if query.short and not query.phone_digits:
        # One or two characters: names that start with them, straight from the index (the screen asks for more).
        return [r.rowid for r in conn.execute(text(STARTING), params)]
    if fts is not None and not walk:
        params["q"] = fts
        # Names that start with the text, from the name index in order, with their ranks: past the last of
        # `limit` of them no later match can be among the first `limit`.
        rows = list(conn.execute(text(STARTING_RANKED), params)) if query.key else []
        last = rows[-1].rank if len(rows) == limit else None
        params["upper"] = last if last is not None and last > 0 else TOP
        # The rest from the trigram index, in name order: every candidate matches, so `limit` of them are read.
        rows += conn.execute(text(_ranked_sql(query, "f.rowid > 0 AND f.rowid <= :upper")), params).all()
        if conn.execute(text("SELECT 1 FROM member_search_rank WHERE rank < 0 LIMIT 1")).first():
            # Members not placed in name order yet (see `place_unranked`): few, read apart and sorted.
            rows += conn.execute(text(_ranked_sql(query, "f.rowid < 0")), {**params, "limit": -1}).all()
        unique = {r.rowid: r for r in rows}
        return [r.rowid for r in sorted(unique.values(), key=_order_key)[:limit]]
    # Too short for a trigram next to digits ("an 0812", "012"): walk the live members in name order until `limit`
    # match; short texts match at once.
    sql = (f"SELECT rowid FROM members INDEXED BY ix_members_search_live WHERE {LIVE} "
           f"AND {query.condition_sql()} ORDER BY {WALK_ORDER} LIMIT :limit")
    return list(conn.execute(text(sql), params).scalars())


ROOM = 1 << 28
"""The gap `place_unranked` leaves at least between neighbours (28 more members enrolled into one gap before it is
full): well under the 2^32 the migration leaves, so a few dozen neighbours around a full gap have room."""


def place_unranked(conn: Connection, *, neighbours: int = 8) -> int:
    """Give the members with a negative rank (no room was left between their neighbours) a place in name order:
    the smallest neighbourhood (8, 32, 128, ... members either side) whose ranks leave ROOM between members when
    spread evenly is spread so; returns how many were placed. One indexed read when there are none; nothing on
    PostgreSQL (the hub has no trigram table)."""
    if conn.dialect.name != "sqlite":
        return 0
    unranked = conn.execute(text(
        "SELECT r.member, r.rank, m.name_search, m.phone FROM member_search_rank r JOIN members m ON "
        "m.rowid = r.member WHERE r.rank < 0")).all()
    for member, rank, name, phone in unranked:
        key = {"name": name, "phone": phone, "rowid": member}
        before = conn.execute(text(_NEIGHBOUR.format(side="<", desc=" DESC", null_first="1", other="0")),
                              key).scalar()
        after = conn.execute(text(_NEIGHBOUR.format(side=">", desc="", null_first="0", other="1")), key).scalar()
        k = neighbours
        while True:
            lower = list(conn.execute(text(
                "SELECT rank FROM member_search_rank WHERE rank > 0 AND rank <= :at ORDER BY rank DESC LIMIT :k"),
                {"at": before, "k": k}).scalars()) if before is not None else []
            higher = list(conn.execute(text(
                "SELECT rank FROM member_search_rank WHERE rank >= :at ORDER BY rank LIMIT :k"),
                {"at": after, "k": k}).scalars()) if after is not None else []
            lo = lower.pop() if len(lower) == k else 0
            hi = higher.pop() if len(higher) == k else TOP
            moving = lower[::-1] + [rank] + higher  # in name order
            gap = (hi - lo) // (len(moving) + 1)
            if gap >= ROOM or (lo == 0 and hi == TOP):
                break
            k *= 4
        _move(conn, [(old, lo + (i + 1) * gap) for i, old in enumerate(moving)])
    return len(unranked)


def _move(conn: Connection, moves: list[tuple[int, int]]) -> None:
    """Change ranks (old, new), the trigram index with them (a contentless index is told what it held)."""
    olds = ",".join(str(int(old)) for old, _ in moves)
    rows = conn.execute(text(
        f"SELECT r.rank, r.member, substr(m.name_search, 2) AS tail, m.phone FROM member_search_rank r "
        f"JOIN members m ON m.rowid = r.member WHERE r.rank IN ({olds})")).all()
    by_rank = {r.rank: r for r in rows}
    conn.execute(text("INSERT INTO member_search (member_search, rowid, name_tail, phone) "
                      "VALUES ('delete', :rank, :tail, :phone)"),
                 [{"rank": r.rank, "tail": r.tail, "phone": r.phone} for r in rows])
    conn.execute(text(f"DELETE FROM member_search_rank WHERE rank IN ({olds})"))
    placed = [(by_rank[old], new) for old, new in moves]
    conn.execute(text("INSERT INTO member_search_rank (member, rank) VALUES (:member, :rank)"),
                 [{"member": r.member, "rank": new} for r, new in placed])
    conn.execute(text("INSERT INTO member_search (rowid, name_tail, phone) VALUES (:rank, :tail, :phone)"),
                 [{"rank": new, "tail": r.tail, "phone": r.phone} for r, new in placed])
