"""Member search in name order straight from the trigram index: its row ids become the members' place in name order.

0017's trigram index (`member_search`) was keyed by the member's rowid, so its matches came in enrolment order:
when many matched (a Thai text inside a common first name, `มชา` inside สมชาย), the repository walked every
member in name order until 20 matched, and that walk grew with the shop (44 ms of CPU at 300k members, about
150 ms at 1M). Now each live member has a *rank*: an integer that sorts as the name order does (name, then
phone, NULL first, then enrolment), with wide gaps between neighbours. `member_search` is keyed by the rank, and
FTS5 hands its matches out in rowid order, so the first 20 matches in name order are the first 20 it returns.

- `member_search_rank (member, rank)`: the live members' ranks (`member` is `members.rowid`). Filled here
  2^32 apart (a smaller gap is a shorter varint in every doclist of the trigram index: 2^44 apart it took 12 MB
  more at 300k members); afterwards a member who is enrolled, renamed, given a new phone, merged back
  to life or arriving from the hub gets the midpoint of their two neighbours in name order (or a step of 2^40
  past the first or last). Erased and merged members have none and leave the trigram index.
- When two neighbours have no room left between them (about 32 members enrolled into one gap), the member
  gets a negative rank (minus their rowid): still found, read apart from the ranked ones and sorted; the
  members repository spreads the neighbourhood out again on its next write
  (`repositories/member_search.place_unranked`).
- The name-order walk over Thai names only is gone, and with it `ix_members_search_thai`.

Triggers keep it all, whoever writes: the repository, enrolment, erasure, merges, the hub. Only SQLite
(PostgreSQL keeps the plain scan, as with 0017).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TOP = 1 << 62  # ranks are 1 .. TOP - 1; negative: not placed yet
STEP = 1 << 40  # the gap left past the first or last member: 2^21 members enrolled past either end in a row
FILL = 1 << 32  # the gap between the members already there: 32 halvings
LIVE = "{0}.erased_at IS NULL AND {0}.merged_into IS NULL"


def _neighbour(side: str) -> str:
    """The rank of the live, ranked member just before (side '<') or after ('>') `new` in name order."""
    if side == "<":
        null_phone_first, other = "1", "0"
        desc = " DESC"
    else:
        null_phone_first, other = "0", "1"
        desc = ""
    phone_side = (f"CASE WHEN m.phone IS new.phone THEN m.rowid {side} new.rowid "
                  f"WHEN m.phone IS NULL THEN {null_phone_first} WHEN new.phone IS NULL THEN {other} "
                  f"ELSE m.phone {side} new.phone END")
    return (f"(SELECT r.rank FROM members m JOIN member_search_rank r ON r.member = m.rowid "
            f"WHERE {LIVE.format('m')} AND m.name_search {side}= new.name_search "
            f"AND (m.name_search {side} new.name_search OR ({phone_side})) AND r.rank > 0 "
            f"ORDER BY m.name_search{desc}, m.phone{desc}, m.erased_at{desc}, m.merged_into{desc}, m.rowid{desc} "
            f"LIMIT 1)")


# p: the rank before, s: the rank after (NULL at either end of the list).
RANK = (f"CASE WHEN p IS NULL AND s IS NULL THEN {TOP // 2} "
        f"WHEN s IS NULL THEN CASE WHEN p < {TOP - STEP} THEN p + {STEP} "
        f"WHEN {TOP} - p >= 2 THEN p + ({TOP} - p) / 2 ELSE -new.rowid END "
        f"WHEN p IS NULL THEN CASE WHEN s > {STEP} THEN s - {STEP} WHEN s >= 2 THEN s / 2 ELSE -new.rowid END "
        f"WHEN s - p >= 2 THEN p + (s - p) / 2 ELSE -new.rowid END")


def _place(when: str = "") -> str:
    """Give `new` its rank (`when`: only if this holds) and put it in the trigram index under it."""
    return (f"INSERT INTO member_search_rank (member, rank) SELECT new.rowid, {RANK} "
            f"FROM (SELECT {_neighbour('<')} AS p, {_neighbour('>')} AS s){when}; "
            "INSERT INTO member_search (rowid, name_tail, phone) "
            "SELECT rank, substr(new.name_search, 2), new.phone FROM member_search_rank WHERE member = new.rowid;")


REMOVE = ("INSERT INTO member_search (member_search, rowid, name_tail, phone) "
          "SELECT 'delete', rank, substr(old.name_search, 2), old.phone FROM member_search_rank "
          "WHERE member = old.rowid; "
          "DELETE FROM member_search_rank WHERE member = old.rowid;")

STATEMENTS = (
    "DROP TRIGGER IF EXISTS member_search_insert",
    "DROP TRIGGER IF EXISTS member_search_delete",
    "DROP TRIGGER IF EXISTS member_search_update",
    "DROP TABLE IF EXISTS member_search",
    "DROP INDEX IF EXISTS ix_members_search_thai",
    "CREATE TABLE member_search_rank (member INTEGER PRIMARY KEY, rank INTEGER NOT NULL)",
    "CREATE UNIQUE INDEX ix_member_search_rank ON member_search_rank (rank)",
    "CREATE VIRTUAL TABLE member_search USING fts5(name_tail, phone, content='', tokenize='trigram')",
    # The members already there: ranks spread evenly, then the trigram index in rank order.
    f"INSERT INTO member_search_rank (member, rank) SELECT rowid, row_number() OVER "
    f"(ORDER BY name_search, phone, rowid) * {FILL} FROM members WHERE {LIVE.format('members')}",
    "INSERT INTO member_search (rowid, name_tail, phone) SELECT r.rank, substr(m.name_search, 2), m.phone "
    "FROM member_search_rank r JOIN members m ON m.rowid = r.member ORDER BY r.rank",
    # One segment: the first enrolments afterwards would otherwise pay for merging the fill's (77 ms at 300k).
    "INSERT INTO member_search (member_search) VALUES ('optimize')",
    f"CREATE TRIGGER member_search_insert AFTER INSERT ON members WHEN {LIVE.format('new')} BEGIN {_place()} END",
    f"CREATE TRIGGER member_search_delete AFTER DELETE ON members BEGIN {REMOVE} END",
    # Only when what the search reads changes: a sale's member update that keeps the name and phone costs nothing.
    "CREATE TRIGGER member_search_update AFTER UPDATE OF name_search, phone, erased_at, merged_into ON members "
    "WHEN old.name_search IS NOT new.name_search OR old.phone IS NOT new.phone "
    f"OR ({LIVE.format('old')}) IS NOT ({LIVE.format('new')}) "
    f"BEGIN {REMOVE} {_place(' WHERE ' + LIVE.format('new'))} END",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL keeps the plain scan; see repositories/member_search.py
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in ("DROP TRIGGER IF EXISTS member_search_update", "DROP TRIGGER IF EXISTS member_search_delete",
                      "DROP TRIGGER IF EXISTS member_search_insert", "DROP TABLE IF EXISTS member_search",
                      "DROP TABLE IF EXISTS member_search_rank"):
        op.execute(statement)
    # 0017's index, keyed by the member's rowid, and its walk over Thai names.
    tail = "substr({0}.name_search, 2)"
    for statement in (
        "CREATE VIRTUAL TABLE member_search USING fts5(name_tail, phone, content='', tokenize='trigram')",
        "CREATE TRIGGER member_search_insert AFTER INSERT ON members BEGIN "
        f"INSERT INTO member_search(rowid, name_tail, phone) VALUES (new.rowid, {tail.format('new')}, new.phone); "
        "END",
        "CREATE TRIGGER member_search_delete AFTER DELETE ON members BEGIN "
        "INSERT INTO member_search(member_search, rowid, name_tail, phone) "
        f"VALUES ('delete', old.rowid, {tail.format('old')}, old.phone); END",
        "CREATE TRIGGER member_search_update AFTER UPDATE OF name_search, phone ON members BEGIN "
        "INSERT INTO member_search(member_search, rowid, name_tail, phone) "
        f"VALUES ('delete', old.rowid, {tail.format('old')}, old.phone); "
        f"INSERT INTO member_search(rowid, name_tail, phone) VALUES (new.rowid, {tail.format('new')}, new.phone); "
        "END",
        f"INSERT INTO member_search(rowid, name_tail, phone) SELECT rowid, {tail.format('members')}, phone "
        "FROM members",
        "CREATE INDEX ix_members_search_thai ON members (name_search, phone, erased_at, merged_into) "
        "WHERE erased_at IS NULL AND merged_into IS NULL AND name_search GLOB '*[\u0e01-\u0e5b]*'",
    ):
        op.execute(statement)
