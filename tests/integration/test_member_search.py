"""Member search from the trigram index (0017) on a real SQLite file: the same members in the same order as the
scan it replaces, whichever way they are found; Thai anywhere in a name; short queries; the index kept current
by every write, the migration filling it for members already there."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection, Engine

from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.migrate import upgrade
from kiosk.adapters.db.repositories.member_search import MemberQuery, scan_rows, search_rowids
from kiosk.adapters.db.repositories.members import SqlMembers
from kiosk.domain.members import name_search_key
from kiosk.services.demo import EN_FIRST, EN_LAST, THAI_FIRST, THAI_LAST

ODD_NAMES = ("Anna-Lena O'Brien", "100% Pure_Juice", "back\\slash Bar", "Zoë Ünal", "Ｆｕｌｌ Ｗｉｄｔｈ", "ANNA smith",
             "Nok", "Nok K.", "สมชาย Smith", "Smith สมชาย", "กมล", "ศรีสุวรรณ วงศ์", "Mary Ann Lee", "Ann Mary")
MEMBERS = 1500

# Name prefixes and words, mid-word Latin (not a match: word starts only), Thai mid-word (a match), digits,
# wildcard characters taken literally, no match at all, a name and a number together.
QUERIES = ("ann", "Anna", "smith", "mith", "ann m", "mary ann", "lee", "o'b", "100%", "pure_", "_jui", "%", "h\\s",
           "zoë", "ünal", "ｆｕｌｌ", "full w", "nok", "nok k", "k.", "xyzzy", "qqq", "812", "0812", "5678", "567",
           "+66 81", "0000000", "99999", "สมชาย", "ชาย", "มชาย ใจ", "ใจดี", "จดี", "ศรีสุ", "สุวรรณ", "สมหญิง ใจดี",
           "ไม่มีใคร", "smith สม", "ann 812", "emma", "emm", "david", "vid")


def _name(rng: random.Random, i: int) -> str:
    if i < len(ODD_NAMES):
        return ODD_NAMES[i]
    if rng.random() < 0.7:
        return f"{rng.choice(THAI_FIRST)} {rng.choice(THAI_LAST)}"
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def _insert(conn: sqlite3.Connection, start: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for i in range(start, start + count):
        name = _name(rng, i)
        phone = None if i % 17 == 0 else f"+668{(i * 48_271 + 12_345_679) % 100_000_000:08d}"
        erased = "2026-02-01T00:00:00+00:00" if i % 53 == 0 else None
        rows.append((f"m{i:06d}", f"S{i:06d}", name, "" if erased else name_search_key(name), phone if not erased
                     else None, "2026-01-01T00:00:00+00:00", "2026-01-01", "D1", f"R{i:06d}", erased,
                     f"m{i - 1:06d}" if i % 61 == 0 else None))
    conn.executemany(
        "INSERT INTO members (id, short_id, name, name_search, phone, language, marketing_consent, enrolled_at, "
        "enrolled_date, enrolled_device, referral_code, referral_rewarded, erased_at, merged_into) "
        "VALUES (?,?,?,?,?,'th',0,?,?,?,?,0,?,?)", rows)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shop at 0015 with members in it, then upgraded: 0017 indexes the members it finds."""
    database = tmp_path_factory.mktemp("search") / "shop.sqlite3"
    engine = make_engine(sqlite_url(database))
    upgrade(engine, "0015")
    _insert_into(database, 0, MEMBERS // 2, seed=1)
    upgrade(engine)
    _insert_into(database, MEMBERS // 2, MEMBERS - MEMBERS // 2, seed=2)  # through the triggers
    engine.dispose()
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the tests copy the file alone
    conn.close()
    return database


def _insert_into(database: Path, start: int, count: int, seed: int) -> None:
    conn = sqlite3.connect(database)
    with conn:
        _insert(conn, start, count, seed)
    conn.close()


@pytest.fixture
def engine(migrated: Path, tmp_path: Path) -> Iterator[Engine]:
    copy = tmp_path / "shop.sqlite3"
    shutil.copy(migrated, copy)
    engine = make_engine(sqlite_url(copy))
    yield engine
    engine.dispose()


def expected(conn: Connection, typed: str, limit: int = 20) -> list[str]:
    """The rule in Python over every member: what each path must return."""
    query = MemberQuery.parse(typed)
    assert query is not None
    rows = conn.exec_driver_sql("SELECT rowid, id, name_search, phone FROM members "
                                "WHERE erased_at IS NULL AND merged_into IS NULL").all()
    hits = sorted((r for r in rows if query.matches(r.name_search, r.phone)),
                  key=lambda r: (r.name_search, r.phone is not None, r.phone or "", r.rowid))
    return [r.id for r in hits[:limit]]


def found(conn: Connection, typed: str, *, walk: bool | None = None, limit: int = 20) -> list[str]:
    if walk is None:
        return [m.id for m in SqlMembers(conn).search(typed, limit=limit)]
    query = MemberQuery.parse(typed)
    assert query is not None
    rowids = search_rowids(conn, query, limit=limit, walk=walk)
    ids = dict(conn.exec_driver_sql(f"SELECT rowid, id FROM members WHERE rowid IN ({','.join(map(str, rowids))})")
               .all()) if rowids else {}
    return [ids[r] for r in rowids]


def test_every_path_finds_what_the_rule_says_and_what_the_old_scan_found(engine: Engine) -> None:
    seen_dense = seen_sparse = 0
    with engine.connect() as conn:
        for typed in QUERIES:
            want = expected(conn, typed)
            # Through the trigram index in name order, forced through the name-order walk, and as the counter asks.
            assert found(conn, typed, walk=False) == want, typed
            assert found(conn, typed, walk=True) == want, typed
            assert found(conn, typed) == want, typed
            assert found(conn, typed, limit=3) == want[:3], typed
            seen_dense += len(want) == 20
            seen_sparse += 0 < len(want) < 20
            query = MemberQuery.parse(typed)
            assert query is not None
            if not query.thai and not query.short:  # the two deliberate changes; everything else is as before
                assert [r.id for r in scan_rows(conn, typed, limit=20)] == want, typed
    assert seen_dense >= 5 and seen_sparse >= 5  # both kinds of query were really exercised


def test_thai_matches_inside_a_word_and_latin_only_at_a_word_start(engine: Engine) -> None:
    with engine.connect() as conn:
        names = [m.name for m in SqlMembers(conn).search("สุวรรณ")]
        assert names == ["ศรีสุวรรณ วงศ์"]
        assert {m.name for m in SqlMembers(conn).search("ชาย", limit=500)} >= {"สมชาย Smith", "Smith สมชาย"}
        assert SqlMembers(conn).search("mith") == []  # "smith" has it, but not at the start of a word
        assert [m.name for m in SqlMembers(conn).search("พยาบาล")] == []


def test_one_or_two_characters_find_names_that_start_with_them(engine: Engine) -> None:
    with engine.connect() as conn:
        for typed in ("an", "สม", "z", "%", "Ｆ"):
            key = name_search_key(typed)
            want = [r.id for r in conn.exec_driver_sql(
                "SELECT id FROM members WHERE erased_at IS NULL AND merged_into IS NULL AND substr(name_search, 1, ?) "
                "= ? ORDER BY name_search, phone, rowid LIMIT 50", (len(key), key))]
            assert [m.id for m in SqlMembers(conn).search(typed, limit=50)] == want, typed
        assert [m.name for m in SqlMembers(conn).search("an", limit=2)] == ["Ann Mary", "Anna Brown"]


def test_the_index_follows_renames_erasure_merges_and_deletes(engine: Engine) -> None:
    with engine.begin() as conn:
        members = SqlMembers(conn)
        (nok,) = [m for m in members.search("nok k") if m.name == "Nok K."]
        members.update(replace(nok, name="Noknoi Kaewta"))
        assert [m.id for m in members.search("kaewt")] == [nok.id]
        assert nok.id not in [m.id for m in members.search("nok k")]
        (somchai,) = [m for m in members.search("smith สม") if m.name == "Smith สมชาย"]
        conn.exec_driver_sql("UPDATE members SET name_search = '', phone = NULL, erased_at = '2026-03-01' "
                             "WHERE id = ?", (somchai.id,))
        assert somchai.id not in [m.id for m in members.search("ชาย", limit=2000)]
        (zoe,) = members.search("zoë")
        conn.exec_driver_sql("UPDATE members SET merged_into = ? WHERE id = ?", (nok.id, zoe.id))
        assert members.search("zoë") == [] and members.search("ünal") == []
        (juice,) = members.search("pure_")
        conn.exec_driver_sql("DELETE FROM members WHERE id = ?", (juice.id,))
        assert members.search("pure_") == []
    with engine.connect() as conn:
        assert found(conn, "kaewt") == [nok.id]
    raw = sqlite3.connect(engine.url.database or "")
    raw.execute("INSERT INTO member_search(member_search) VALUES ('integrity-check')")  # raises if out of step
    ranks = _ranks_follow_name_order(raw)
    assert ranks == sorted(ranks)
    raw.close()


def test_ranks_follow_name_order_through_random_writes(engine: Engine) -> None:
    """Renames, new phones, erasure, merges and their undoing, deletes, in any order: the ranks stay in name
    order and every search finds what the rule says."""
    rng = random.Random(11)
    raw = sqlite3.connect(engine.url.database or "")
    ids = [r for (r,) in raw.execute("SELECT id FROM members")]
    names = ["Nok", "Nok K.", "สมชาย ใจดี", "Anna Brown", "ann", "Zoë", "สม", "Mary Ann Lee", "กมล สุขใจ"]
    with raw:
        for _ in range(400):
            member, kind = rng.choice(ids), rng.randrange(6)
            if kind == 0:
                name = rng.choice(names)
                raw.execute("UPDATE members SET name = ?, name_search = ? WHERE id = ?",
                            (name, name_search_key(name), member))
            elif kind == 1:
                raw.execute("UPDATE members SET phone = ? WHERE id = ?",
                            (rng.choice([None, "+66812345678", f"+668{rng.randrange(10**8):08d}"]), member))
            elif kind == 2:
                raw.execute("UPDATE members SET erased_at = ? WHERE id = ?",
                            (rng.choice([None, "2026-03-01"]), member))
            elif kind == 3:
                raw.execute("UPDATE members SET merged_into = ? WHERE id = ?",
                            (rng.choice([None, ids[0]]), member))
            elif kind == 4 and len(ids) > 1000:
                raw.execute("DELETE FROM members WHERE id = ?", (member,))
                ids.remove(member)
            else:
                raw.execute("UPDATE members SET name = name, phone = phone WHERE id = ?", (member,))
    ranks = _ranks_follow_name_order(raw)
    assert sorted(r for r in ranks if r > 0) == [r for r in ranks if r > 0]
    raw.close()
    with engine.connect() as conn:
        for typed in ("nok", "nok k", "ชาย", "สมชาย ใจ", "anna", "brown", "ann", "zoë", "812", "5678", "กมล", "lee"):
            assert found(conn, typed, limit=50) == expected(conn, typed, limit=50), typed



def _ranks_follow_name_order(raw: sqlite3.Connection) -> list[int]:
    """The live members' ranks (0022) in name order: every live member has one, erased and merged ones none."""
    ranks = [r for (r,) in raw.execute(
        "SELECT r.rank FROM members m LEFT JOIN member_search_rank r ON r.member = m.rowid "
        "WHERE m.erased_at IS NULL AND m.merged_into IS NULL ORDER BY m.name_search, m.phone, m.rowid")]
    assert None not in ranks
    assert raw.execute("SELECT count(*) FROM member_search_rank").fetchone()[0] == len(ranks)
    raw.execute("INSERT INTO member_search(member_search) VALUES ('integrity-check')")
    raw.commit()
    return ranks


def test_the_trigram_index_is_in_name_order_and_members_without_room_are_found_then_placed(engine: Engine) -> None:
    raw = sqlite3.connect(engine.url.database or "")
    ranks = _ranks_follow_name_order(raw)
    assert ranks == sorted(ranks) and ranks[0] > 0
    # 80 members with one name and no phone, as the hub may bring them: each goes right after the one before, in
    # the one gap between two neighbours, halving it until no room is left.
    with raw:
        raw.executemany(
            "INSERT INTO members (id, short_id, name, name_search, language, marketing_consent, enrolled_at, "
            "enrolled_date, enrolled_device, referral_code, referral_rewarded) "
            "VALUES (?, ?, 'Mmm Same', 'mmm same', 'th', 0, '2026-01-01', '2026-01-01', 'D2', ?, 0)",
            [(f"same{i:03d}", f"T{i:06d}", f"Q{i:06d}") for i in range(80)])
    ranks = _ranks_follow_name_order(raw)
    unplaced = [r for r in ranks if r < 0]
    assert unplaced and sorted(r for r in ranks if r > 0) == [r for r in ranks if r > 0]
    with engine.connect() as conn:
        for typed in ("mmm", "same", "mmm sa", "sam"):
            assert found(conn, typed, limit=100) == expected(conn, typed, limit=100), typed
            assert found(conn, typed) == expected(conn, typed), typed
    with engine.begin() as conn:  # the repository's next write gives them a place
        members = SqlMembers(conn)
        (nok,) = [m for m in members.search("nok k") if m.name == "Nok K."]
        members.update(replace(nok, name="Nok Same"))
    ranks = _ranks_follow_name_order(raw)
    assert ranks == sorted(ranks) and ranks[0] > 0
    with engine.connect() as conn:
        for typed in ("mmm", "same", "mmm sa", "sam", "nok"):
            assert found(conn, typed, limit=100) == expected(conn, typed, limit=100), typed
    raw.close()


def test_text_inside_words_many_names_share_reads_no_more_as_the_shop_grows(engine: Engine) -> None:
    """`มชา` inside สมชาย: the first matches in name order come straight from the trigram index, however many
    Thai names sort before ส (before 0022 the search walked past every one of them). `mith` inside smith
    matches nobody (Latin matches at a word's start): the trigram index says so at once (before 0022, with more
    than 600 smiths, the search walked every member)."""
    raw = sqlite3.connect(engine.url.database or "")

    def add(prefix: str, count: int, name: Callable[[int], str]) -> None:
        with raw:
            raw.executemany(
                "INSERT INTO members (id, short_id, name, name_search, phone, language, marketing_consent, "
                "enrolled_at, enrolled_date, enrolled_device, referral_code, referral_rewarded) "
                "VALUES (?, ?, ?, ?, ?, 'th', 0, '2026-01-01', '2026-01-01', 'D2', ?, 0)",
                [(f"{prefix}{i:05d}", f"{prefix}{i:05d}", name(i), name_search_key(name(i)),
                  f"+667{prefix}{i:05d}", f"{prefix}r{i:05d}") for i in range(count)])

    def steps(typed: str) -> int:
        count = 0

        def tick() -> int:
            nonlocal count
            count += 1
            return 0

        with engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            dbapi.set_progress_handler(tick, 100)
            got = found(conn, typed)
            dbapi.set_progress_handler(None, 100)
            assert got == expected(conn, typed)
        return count

    add("1", 700, lambda i: f"สมชาย {THAI_LAST[i % len(THAI_LAST)]}")  # dense: more candidates than 0017 sorted
    add("2", 700, lambda i: f"{EN_FIRST[i % len(EN_FIRST)]} Smith")
    before = {typed: steps(typed) for typed in ("มชา", "mith")}
    add("3", 3000, lambda i: f"กมล {THAI_LAST[i % len(THAI_LAST)]}")  # sorts before สมชาย, matches neither
    # In hundreds of virtual-machine steps (FTS5's own reads included): มชา 49 then 47, mith 4 then 5; before
    # 0022, มชา 65 then 185, mith 227 then 435.
    assert steps("มชา") < before["มชา"] + 20
    assert steps("mith") < before["mith"] + 20
    raw.close()
