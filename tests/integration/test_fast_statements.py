"""The sale's hot statements run on SQLite's own cursor (repositories/fast.py): the same SQL, the same parameters
after the same bind processors, the same rows after the same result processors, the same wrapped errors, and the
engine's cursor listeners see them all, as if SQLAlchemy had run them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.migrate import upgrade
from kiosk.adapters.db.repositories import commands, keys, ledger, members, outbox
from kiosk.adapters.db.repositories.common import fast_upsert
from kiosk.adapters.db.repositories.fast import FastStatement
from kiosk.adapters.db.uow import SqlUnitOfWork, is_storage_failure
from kiosk.domain.errors import Conflict

T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
H0, H1 = "0" * 64, "ab" * 32


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(sqlite_url(tmp_path / "shop.sqlite3"))
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(t.members).values(
            id="m1", short_id="S1", name="Somchai", name_search="somchai", phone="0812345678",
            birthday=date(1990, 1, 2),
            consent_version="2026-01", consent_at=T0, enrolled_at=T0, enrolled_date=T0.date(), enrolled_device="d",
            referral_code="R1", marketing_consent=True))
        conn.execute(insert(t.member_tiers).values(member_id="m1", tier="silver", since=T0,
                                                   review_at=T0 + timedelta(days=365), updated_at=T0))
        conn.execute(insert(t.ledger_entries).values(
            id="e1", device_id="d", created_at=T0, business_date=T0.date(), kind="sale_earn", member_id="m1",
            prev_hash=H0, hash=H1))
    yield engine
    engine.dispose()


def _seen(engine: Engine, run: Any, ways: set[str]) -> tuple[list[tuple[str, Any]], Any]:
    """What the cursor listeners saw while `run(conn)` ran in a transaction rolled back after, and its answer;
    `ways` gets how each statement ran."""
    seen: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, context: Any, _many: bool) -> None:
        seen.append((statement, parameters))
        if not statement.startswith("BEGIN"):
            ways.add("fast" if type(context).__module__.endswith("repositories.fast") else "sqlalchemy")

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(("after", statement))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        with engine.connect() as conn:
            conn.begin()
            answer = run(conn)
            conn.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return seen, answer


def _alike(engine: Engine, fast: FastStatement, params: Any, read: str | None = None) -> Any:
    """Run `fast` both ways; they must send the same statements and parameters and read the same rows."""
    def by_fast(conn: Connection) -> Any:
        if read is None:
            return fast.execute(conn, params)
        return [tuple(row) for row in fast.rows(conn, params)]

    def by_sqlalchemy(conn: Connection) -> Any:
        result = conn.execute(fast.statement, params)
        return [tuple(row) for row in result.all()] if read is not None else None

    fast_ways: set[str] = set()
    plain_ways: set[str] = set()
    fast_seen, fast_answer = _seen(engine, by_fast, fast_ways)
    plain_seen, plain_answer = _seen(engine, by_sqlalchemy, plain_ways)
    assert (fast_ways, plain_ways) == ({"fast"}, {"sqlalchemy"})
    assert fast_seen == plain_seen
    assert fast_answer == plain_answer
    return fast_answer


def test_inserts_send_what_sqlalchemy_sends_datetimes_and_nulls_processed(engine: Engine) -> None:
    _alike(engine, outbox._INSERT_OUTBOX, dict(id="o1", created_at=T0, topic="stripe", member_id=None, entry_id="e1",
                                               payload_json="{}", idempotency_key="k1", status="pending"))
    _alike(engine, commands._ADD, dict(id="c1", kind="sale", request_hash=H1, result_json="{}", created_at=T0))


def test_executemany_sends_each_row_processed(engine: Engine) -> None:
    rows = [dict(entry_id="e1", account="member:m1", unit="POINTS", amount=5, member_id="m1",
                 expires_at=T0 + timedelta(days=365)),
            dict(entry_id="e1", account="program:points", unit="POINTS", amount=-5, member_id=None, expires_at=None)]
    _alike(engine, ledger._INSERT_POSTINGS, rows)


def test_upsert_returning_answers_as_sqlalchemy_does(engine: Engine) -> None:
    def counter(conn: Connection) -> FastStatement:
        return fast_upsert(conn, "counter.next", t.counters, ["name"], lambda _: {"value": t.counters.c.value + 1},
                           returning=t.counters.c.value)

    with engine.connect() as conn:
        statement = counter(conn)
    assert _alike(engine, statement, {"name": "receipt", "value": 1}, read="rows") == [(1,)]


def test_rows_come_back_through_the_result_processors(engine: Engine) -> None:
    tier = _alike(engine, members._TIER, {"member_id": "m1"}, read="rows")
    assert tier == [("silver", T0, T0 + timedelta(days=365))]
    member = _alike(engine, members._BY_SHORT_ID, {"short_id": "S1"}, read="rows")
    assert member and member[0][0] == "m1"
    # literal values in the statement (the entry kind, the LIKE pattern) go as parameters, as SQLAlchemy sends them
    _alike(engine, ledger._EARNED_ON, {"member_id": "m1", "day": T0.date()}, read="rows")
    with engine.begin() as conn:  # a lot past its date at T0 + 1 day and one still to come then
        conn.execute(insert(t.postings), [
            dict(entry_id="e1", account="member:m1:points", unit="PTS", amount=5, member_id="m1",
                 expires_at=T0),
            dict(entry_id="e1", account="member:m1:points", unit="PTS", amount=7, member_id="m1",
                 expires_at=T0 + timedelta(days=30))])
    dates = _alike(engine, ledger._MEMBER_LOT_DATES, {"member_id": "m1", "cutoff": T0 + timedelta(days=1)},
                   read="rows")
    assert dates == [("PTS", T0, None, T0 + timedelta(days=30))]  # the latest date past, no expiry yet, the next
    _alike(engine, keys._SECRETS, {"key_id": "A"}, read="rows")
    with engine.connect() as conn, conn.begin():
        row = members._TIER.first(conn, {"member_id": "m1"})
        assert (row.tier, row.since, row.review_at) == ("silver", T0, T0 + timedelta(days=365))
        assert members._TIER.first(conn, {"member_id": "nobody"}) is None
        assert ledger._HEAD.scalar(conn, {"key": "nothing"}) is None


def test_in_lists_run_on_the_fast_path_sending_what_an_expanding_in_sent(engine: Engine) -> None:
    """Three of a sale's statements had an expanding IN, which runs only through SQLAlchemy; their IN lists are
    one parameter a value now. They must send the very SQL and parameters the expanding IN sent when it ran."""
    from sqlalchemy import and_, bindparam, func, select, union_all

    from kiosk.adapters.db.repositories import sales
    from kiosk.adapters.db.repositories.common import not_indexed
    from kiosk.domain.ledger import EARN_KINDS
    from kiosk.services.ports.sales import COUNTED_STATUSES

    with engine.begin() as conn:
        conn.execute(insert(t.postings), [
            dict(entry_id="e1", account="member:m1:points", unit=unit, amount=amount, member_id="m1",
                 expires_at=T0 + timedelta(days=30)) for unit, amount in (("POINTS", 5), ("THB", 30), ("R:x", 1))])
    p, e, s = t.postings, t.ledger_entries, t.sales
    rev, rev_p = e.alias("rev"), p.alias("rev_postings")
    day_entries = and_(e.c.member_id == bindparam("member_id"), e.c.business_date == bindparam("day"),
                       e.c.kind.in_(bindparam("kinds", expanding=True)))
    units = ["THB", "POINTS"]
    cases = [
        (ledger._member_postings_of(2), {"member_id": "m1", "unit_0": "THB", "unit_1": "POINTS"},
         select(p.c.unit, p.c.amount, p.c.expires_at, e.c.created_at, e.c.kind).join(e, e.c.id == p.c.entry_id)
         .where(p.c.member_id == bindparam("member_id"), p.c.unit.in_(bindparam("units", expanding=True)))
         .order_by(e.c.created_at, p.c.seq), {"member_id": "m1", "units": units}),
        (ledger._EARNED_ON, {"member_id": "m1", "day": T0.date()},
         union_all(
             select(e.c.id, e.c.kind, p.c.unit, p.c.amount).select_from(e.outerjoin(p, and_(
                 t.entry_postings(p, e), e.c.kind == "sale_earn",
                 not_indexed(p.c.member_id) == bindparam("member_id"))))
             .where(day_entries),
             select(rev.c.reverses_id, rev.c.kind, rev_p.c.unit, rev_p.c.amount)
             .select_from(e.join(rev, rev.c.reverses_id == e.c.id).join(rev_p, and_(
                 t.entry_postings(rev_p, rev), not_indexed(rev_p.c.member_id) == bindparam("member_id"))))
             .where(day_entries)),
         {"member_id": "m1", "day": T0.date(), "kinds": sorted({*EARN_KINDS, "sale_earn"})}),
        (sales._QUALIFYING["spend"], {"member_id": "m1", "since": T0},
         select(func.coalesce(func.sum(s.c.total_minor - s.c.refunded_minor + s.c.credit_paid_minor), 0))
         .where(s.c.member_id == bindparam("member_id"), s.c.created_at >= bindparam("since"),
                s.c.status.in_(COUNTED_STATUSES)), {"member_id": "m1", "since": T0}),
    ]
    for fast, params, expanding, expanding_params in cases:
        fast_ways: set[str] = set()
        plain_ways: set[str] = set()
        fast_seen, fast_rows = _seen(engine, lambda conn: [tuple(r) for r in fast.rows(conn, params)], fast_ways)
        plain_seen, plain_rows = _seen(
            engine, lambda conn: [tuple(r) for r in conn.execute(expanding, expanding_params)], plain_ways)
        assert (fast_ways, plain_ways) == ({"fast"}, {"sqlalchemy"})
        assert fast_seen == plain_seen
        assert fast_rows == plain_rows
    with engine.connect() as conn, conn.begin():
        history = ledger.SqlLedger(conn).member_postings_of("m1", units)
    assert {unit: [row.amount for row in rows] for unit, rows in history.items()} == {"THB": [30], "POINTS": [5]}


def test_stamps_earned_today_start_from_the_days_entries_not_the_members_history(engine: Engine) -> None:
    """Without statistics SQLite started from the postings' member index, reading every posting of a regular's
    history to find one day's; the member condition on the postings is kept from choosing it (SQLite's `+`), in
    the read of the day's entries and in that of their reversals alike."""
    with engine.begin() as conn:
        conn.execute(insert(t.postings), [
            dict(entry_id="e1", account="member:m1:stamps", unit="STAMP:coffee", amount=2, member_id="m1"),
            dict(entry_id="e1", account="program:issued", unit="STAMP:coffee", amount=-2, member_id=None)])
    params = {"member_id": "m1", "day": T0.date()}
    assert _alike(engine, ledger._EARNED_ON, params, read="rows") == [("e1", "sale_earn", "STAMP:coffee", 2)]
    with engine.connect() as conn, conn.begin():  # the fraud limit's count and the stamps from the one read
        read = ledger.SqlLedger(conn)
        assert (read.earn_entries_today("m1", T0.date()), read.stamps_earned_on("m1", T0.date())) == (
            1, {"STAMP:coffee": 2})
    compiled = ledger._EARNED_ON.statement.compile(dialect=engine.dialect)
    assert "+postings.member_id = ?" in compiled.string and "+rev_postings.member_id = ?" in compiled.string
    with engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string,
                                    tuple(str(compiled.construct_params(params)[name])
                                          for name in compiled.positiontup or ())).all()
    steps = [row[-1] for row in plan if row[-1].startswith("SEARCH") or row[-1].startswith("SCAN")]
    # the day's entries, then their postings by their numbers; the reversals of those entries by the index of what
    # they reverse (a refund or void takes its stamps back from the day's cap), then theirs
    assert [step.split(" (")[0] for step in steps] == [
        "SEARCH ledger_entries USING INDEX ix_ledger_entries_kind_date_member",
        "SEARCH postings USING INTEGER PRIMARY KEY",
        "SEARCH ledger_entries USING INDEX ix_ledger_entries_kind_date_member",
        "SEARCH rev USING INDEX ix_ledger_entries_reverses_id",
        "SEARCH rev_postings USING INTEGER PRIMARY KEY"], plan
    from sqlalchemy.dialects import postgresql
    assert "+" not in str(ledger._EARNED_ON.statement.compile(dialect=postgresql.dialect()))


def test_a_duplicate_is_an_integrity_error_and_the_unit_of_work_a_conflict(engine: Engine) -> None:
    values = dict(id="c1", kind="sale", request_hash=H1, result_json="{}", created_at=T0)
    with engine.connect() as conn, conn.begin():
        commands._ADD.execute(conn, values)
        with pytest.raises(IntegrityError) as caught:
            commands._ADD.execute(conn, values)
        assert isinstance(caught.value.orig, sqlite3.IntegrityError)
        assert str(caught.value.statement).startswith("INSERT INTO processed_commands")
        # the transaction goes on, as after SQLAlchemy's own
        assert commands._GET.first(conn, {"id": "c1"}) == ("sale", H1, "{}")
    with pytest.raises(Conflict), SqlUnitOfWork(engine) as uow:
        uow.commands.add("c2", kind="sale", request_hash=H1, result_json="{}", at=T0)
        uow.commands.add("c2", kind="sale", request_hash=H1, result_json="{}", at=T0)


def test_a_storage_failure_is_an_operational_error(engine: Engine) -> None:
    with engine.connect() as conn, conn.begin():
        conn.execute(text("DROP TABLE outbox"))
        with pytest.raises(OperationalError) as caught:
            outbox._INSERT_OUTBOX.execute(conn, dict(id="o1", created_at=T0, topic="x", member_id=None, entry_id=None,
                                                     payload_json="{}", idempotency_key="k", status="pending"))
        assert is_storage_failure(caught.value)
        assert "no such table" in str(caught.value)


def test_outside_a_transaction_it_begins_one_as_sqlalchemy_would(engine: Engine) -> None:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.split()[0])

    event.listen(engine, "before_cursor_execute", before)
    try:
        with engine.connect() as conn:
            assert ledger._HEAD.scalar(conn, {"key": "nothing"}) is None
            assert conn.in_transaction()
            assert ledger._HEAD.scalar(conn, {"key": "nothing"}) is None
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert seen == ["BEGIN", "SELECT", "SELECT"]


def test_a_missing_parameter_is_refused_as_sqlalchemy_refuses_it(engine: Engine) -> None:
    from sqlalchemy.exc import StatementError

    with engine.connect() as conn, conn.begin(), pytest.raises(StatementError):
        members._TIER.first(conn, {})


def test_on_postgresql_the_statements_go_through_sqlalchemy(postgres_url: str) -> None:
    from sqlalchemy import create_engine

    from kiosk.adapters.db.repositories.common import set_kv

    engine = create_engine(postgres_url)
    contexts: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool) -> None:
        if "kv" in statement and not statement.startswith("CREATE"):
            contexts.append(type(context).__module__)

    event.listen(engine, "before_cursor_execute", before)
    try:
        with engine.connect() as conn, conn.begin():
            conn.exec_driver_sql("CREATE TEMPORARY TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            assert ledger._HEAD.scalar(conn, {"key": "chain_head:d"}) is None
            set_kv(conn, "chain_head:d", H1)
            set_kv(conn, "chain_head:d", H0)
            assert ledger._HEAD.scalar(conn, {"key": "chain_head:d"}) == H0
            conn.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        engine.dispose()
    assert len(contexts) == 4 and all(module.startswith("sqlalchemy.") for module in contexts), contexts


def test_a_value_a_bind_processor_refuses_is_a_statement_error_as_sqlalchemy_says_it(engine: Engine) -> None:
    """A naive datetime (UTCDateTime refuses it) was raised as a bare ValueError on the fast path (review
    finding); SQLAlchemy wraps it in a StatementError, and so does the fast path now."""
    from sqlalchemy.exc import StatementError

    naive = dict(id="c9", kind="sale", request_hash=H1, result_json="{}", created_at=datetime(2026, 3, 10, 3, 0))
    with engine.connect() as conn, conn.begin(), pytest.raises(StatementError) as raised:
        commands._ADD.execute(conn, naive)
    assert isinstance(raised.value.orig, ValueError)


def test_the_compiled_forms_go_with_their_engine(tmp_path: Path) -> None:
    """The forms were kept in a cache keyed weakly by dialect whose values held the dialect: every engine that
    ran a sale stayed in memory for the life of the process (review finding). They live on the dialect now."""
    import gc
    import weakref

    engine = make_engine(sqlite_url(tmp_path / "gone.sqlite3"))
    upgrade(engine)
    with engine.connect() as conn, conn.begin():
        assert commands._GET.first(conn, {"id": "nothing"}) is None
    dialect = weakref.ref(engine.dialect)
    engine.dispose()
    del engine, conn
    gc.collect()
    assert dialect() is None



def test_a_listener_reads_what_it_usually_reads_of_the_context(engine: Engine) -> None:
    """Instrumentation reads context.isinsert, its execution options or its connection; the fast path's context
    had only the statement and its parameters, so such a listener failed inside a sale (review finding)."""
    seen: list[tuple[bool, bool, dict[str, Any], bool]] = []

    def before(conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        if not statement.startswith("BEGIN"):
            seen.append((context.isinsert, context.isupdate, dict(context.execution_options),
                         context.connection is conn))

    event.listen(engine, "before_cursor_execute", before)
    try:
        with engine.connect() as conn, conn.begin():
            commands._ADD.execute(conn, dict(id="c1", kind="sale", request_hash=H1, result_json="{}", created_at=T0))
            commands._GET.first(conn, {"id": "c1"})
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert [(i, u, c) for i, u, _, c in seen] == [(True, False, True), (False, False, True)]


def test_a_members_last_entry_of_a_kind_and_the_tier_row_run_on_the_fast_path(engine: Engine) -> None:
    """A member sale in the birthday month asks for the last birthday bonus, and one that moves the tier writes
    its row again: both were built and run through SQLAlchemy on every call."""
    with engine.begin() as conn:
        conn.execute(insert(t.postings), [
            dict(entry_id="e1", account="member:m1:points", unit="POINTS", amount=5, member_id="m1",
                 expires_at=T0 + timedelta(days=365)),
            dict(entry_id="e1", account="program:issued", unit="POINTS", amount=-5, member_id=None, expires_at=None)])
    found = _alike(engine, ledger._LAST_OF_KIND, {"member_id": "m1", "kind": "sale_earn"}, read="rows")
    assert [row[1] for row in found] == ["e1"]
    _alike(engine, ledger._ENTRY_POSTINGS, {"first": 0, "last": t.LAST_SEQ, "entry_id": "e1"}, read="rows")
    _alike(engine, members._DELETE_TIER, {"member_id": "m1"})
    with engine.begin() as conn:
        members._DELETE_TIER.execute(conn, {"member_id": "m1"})
    _alike(engine, members._INSERT_TIER, dict(member_id="m1", tier="gold", since=T0, review_at=None, updated_at=T0))
    with engine.connect() as conn, conn.begin():
        entry = ledger.SqlLedger(conn).last_entry_of_kind("m1", "sale_earn")
        assert entry is not None and entry.id == "e1" and entry.created_at == T0
        assert [(p.account, p.amount, p.expires_at) for p in entry.postings] == [
            ("member:m1:points", 5, T0 + timedelta(days=365)), ("program:issued", -5, None)]
        assert ledger.SqlLedger(conn).last_entry_of_kind("m1", "birthday_bonus") is None


def test_a_column_kept_from_its_index_keeps_its_table_in_the_from_clause() -> None:
    """`not_indexed(column)` as the only mention of a table: the table is still in FROM (it vanished from it)."""
    from sqlalchemy import literal, select
    from sqlalchemy.dialects import sqlite

    from kiosk.adapters.db.repositories.common import not_indexed

    sql = str(select(literal(1)).where(not_indexed(t.postings.c.member_id) == "x").compile(dialect=sqlite.dialect()))
    assert "FROM postings" in sql and "+postings.member_id" in sql


def test_a_cursor_listener_added_after_statements_ran_sees_the_next_ones(engine: Engine) -> None:
    """The fast path builds the listeners' context only while one listens to cursors (the engine's connect and
    begin listeners do not): one added on a connection that has already run statements, after-only or
    before-only, sees the next statement and nothing from before it."""
    seen: list[str] = []

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append("after " + statement.split()[0])

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> tuple[str, Any]:
        seen.append("before " + statement.split()[0])
        return statement, _args[0]

    with engine.connect() as conn, conn.begin():
        commands._GET.first(conn, {"id": "c0"})
        event.listen(engine, "after_cursor_execute", after)
        try:
            commands._GET.first(conn, {"id": "c1"})
        finally:
            event.remove(engine, "after_cursor_execute", after)
        commands._GET.first(conn, {"id": "c2"})
        event.listen(engine, "before_cursor_execute", before, retval=True)
        try:
            commands._GET.first(conn, {"id": "c3"})
        finally:
            event.remove(engine, "before_cursor_execute", before)
    assert seen == ["after SELECT", "before SELECT"]
