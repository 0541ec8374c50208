"""Member search for the counter's search-as-you-type: names that start with the text from a name index, the rest
from the trigram index (0017), a name-order walk when many match inside names or phones. What matches and in
which order is `MemberQuery.matches` and ORDER; the ways of finding it only differ in what they cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.engine import Connection

from kiosk.domain.members import name_search_key

from .. import tables as t
from .common import like_prefix

SPARSE_MATCHES = 600
"""Up to this many trigram candidates are checked and sorted by name; beyond it the matches are dense enough
that walking the members in name order meets `limit` of them sooner (about limit x members / matches rows)."""

THAI_FIRST, THAI_LAST = "\u0e01", "\u0e5b"
LIVE = "erased_at IS NULL AND merged_into IS NULL"
THAI_NAME = f"name_search GLOB '*[{THAI_FIRST}-{THAI_LAST}]*'"
# Name order; ties by phone, then enrolment (rowid). The walk names the two partial-index columns that are
# NULL in every entry so that SQLite reads the order straight off the index instead of sorting.
ORDER = "name_search, phone, rowid"
WALK_ORDER = "name_search, phone, erased_at, merged_into, rowid"


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
    def _name_sql(self) -> str:
        if not self.key:
            return "0"
        if self.short:
            return "name_search LIKE :prefix ESCAPE '\\'"
        if self.thai:
            return "instr(name_search, :key) > 0"
        return "(name_search LIKE :prefix ESCAPE '\\' OR name_search LIKE :word ESCAPE '\\')"

    def condition_sql(self) -> str:
        parts = [self._name_sql()]
        if self.phone_digits:
            parts.append("instr(phone, :digits) > 0")
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
            parts.append(_fts_phrase("name_tail", self.key))
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


def search_rowids(conn: Connection, query: MemberQuery, *, limit: int,
                  sparse_matches: int = SPARSE_MATCHES) -> list[int]:
    """Row ids of the first `limit` matching members, in ORDER (`sparse_matches`: see SPARSE_MATCHES)."""
    params = {**query.params(), "limit": limit, "lo": query.key, "hi": query.key + "\U0010ffff"}
    starting = (f"SELECT rowid, name_search, phone FROM members INDEXED BY ix_members_search_live WHERE {LIVE} "
                f"AND name_search >= :lo AND name_search < :hi ORDER BY {WALK_ORDER} LIMIT :limit")
    fts = query.fts()
    if query.short and not query.phone_digits:
        # One or two characters: names that start with them, straight from the index (the screen asks for more).
        return [r.rowid for r in conn.execute(text(starting), params)]
    if fts is not None:
        candidates = list(conn.execute(text("SELECT rowid FROM member_search WHERE member_search MATCH :q LIMIT :n"),
                                       {"q": fts, "n": sparse_matches + 1}).scalars())
        if len(candidates) <= sparse_matches:
            # Names that start with the text, from the name index in order; the rest are the few candidates.
            rows = list(conn.execute(text(starting), params)) if query.key else []
            if candidates:
                rows += conn.execute(text(
                    f"SELECT rowid, name_search, phone FROM members "
                    f"WHERE rowid IN ({','.join(str(int(r)) for r in candidates)}) "
                    f"AND {LIVE} AND {query.condition_sql()} ORDER BY {ORDER} LIMIT :limit"), params).all()
            unique = {r.rowid: r for r in rows}
            return [r.rowid for r in sorted(unique.values(), key=_order_key)[:limit]]
    # Dense: walk the live members in name order until `limit` match. A Thai key walks only Thai names.
    if query.thai and not query.phone_digits:
        sql = (f"SELECT rowid FROM members INDEXED BY ix_members_search_thai WHERE {LIVE} AND {THAI_NAME} "
               f"AND {query.condition_sql()} ORDER BY {WALK_ORDER} LIMIT :limit")
    else:
        sql = (f"SELECT rowid FROM members INDEXED BY ix_members_search_live WHERE {LIVE} "
               f"AND {query.condition_sql()} ORDER BY {WALK_ORDER} LIMIT :limit")
    return list(conn.execute(text(sql), params).scalars())
