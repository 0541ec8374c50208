"""Member indexes hold members' rows only (migrations 0025 and 0026): the postings' member index, and every query of
the ledger that reads a member's postings is planned as it was with the whole index (none walks the postings
table); the index of members below zero, which the liability and the hub's overdraft finder still read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from kiosk.adapters.db.analytics import SqlAnalytics
from kiosk.adapters.db.hub_conflicts import find_conflicts
from kiosk.bootstrap import Wiring
from kiosk.domain.commands import RecordSale
from kiosk.domain.ledger import POINTS, EntryKind
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import T0, enroll, open_app


@contextmanager
def member_after_a_sale(tmp_path: Path) -> Iterator[tuple[Wiring, str]]:
    """A shop with one member who bought two lattes (the program's postings beside theirs), and that member."""
    with open_app(tmp_path, FixedClock(T0)) as app:
        code = enroll(app)
        latte = CartLine("Latte", Money(6500), 2, "LATTE")
        app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(latte,), member_code=code))
        yield app, app.services.accounts.account(code).member_id



def test_the_member_index_holds_members_postings_and_every_member_read_uses_it(tmp_path: Path) -> None:
    with member_after_a_sale(tmp_path) as (app, member):
        with app.engine.connect() as conn:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'ix_postings_member_unit'")).scalar()
            indexed = conn.execute(text("SELECT count(*) FROM postings INDEXED BY ix_postings_member_unit "
                                        "WHERE member_id IS NOT NULL")).scalar()
            members, program = conn.execute(text(
                "SELECT count(member_id), count(*) - count(member_id) FROM postings")).one()
        assert "WHERE member_id IS NOT NULL" in " ".join(str(sql).split())
        assert program > 0 and indexed == members > 0

        sent: list[tuple[str, Any]] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if "postings" in statement and statement.lstrip().upper().startswith("SELECT"):
                sent.append((statement, parameters))

        now = T0 + timedelta(days=800)
        with app.uow_factory(readonly=True) as uow:
            ledger = uow.ledger
            ledger.member_postings(member, POINTS)
            ledger.member_postings_of(member, [POINTS, "THB"])
            ledger.units_with_unexpired_writeoff(member, now, UTC)
            ledger.members_with_expired_lots(now, UTC)
            ledger.count_for_member(member)
            ledger.points_earned_since(member, T0)
            ledger.spent_on_device(member, "D1", None)
            ledger.stamps_earned_on(member, T0.date())
            ledger.for_member(member)
            ledger.awards(EntryKind.SIGNUP_BONUS.value, member_id=member)
        event.remove(app.engine, "before_cursor_execute", keep)
        assert len(sent) >= 10
        def plans() -> list[list[str]]:
            with app.engine.connect() as conn:
                return [[row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                        for statement, parameters in sent]

        partial = plans()
        for (statement, _), plan in zip(sent, partial, strict=True):
            # the whole-shop expiry scan walks the index in member order; nothing reads the table end to end
            assert not any(step in ("SCAN postings", "SCAN p", "SCAN q") for step in plan), (statement, plan)
        # the sale's question of which units hold a lot past its date or ending soon reads the index alone (0026)
        lot_dates = next(plan for (statement, _), plan in zip(sent, partial, strict=True) if " AS soonest" in statement)
        assert lot_dates[0] == "SEARCH postings USING COVERING INDEX ix_postings_member_unit (member_id=?)", lot_dates
        with app.engine.begin() as conn:  # the same columns over every posting: the same plan for every read
            conn.execute(text("DROP INDEX ix_postings_member_unit"))
            conn.execute(text("CREATE INDEX ix_postings_member_unit ON postings (member_id, unit, expires_at, amount)"))
        assert plans() == partial


def test_the_members_sales_index_holds_their_sales_and_answers_the_tier_sum_alone(tmp_path: Path) -> None:
    """`ix_sales_member_created` holds members' sales only, with what the tier's qualifying sum reads of each
    (0026): that sum reads the index alone, and every other read of a member's sales is planned as it was with
    the same index over every sale."""
    with member_after_a_sale(tmp_path) as (app, member):
        app.services.checkout.record_sale(RecordSale(  # a walk-in's sale: not in the index
            command_id="walk-in", lines=(CartLine("Latte", Money(6500), 1, "LATTE"),)))
        with app.engine.connect() as conn:
            indexed = conn.execute(text("SELECT count(*) FROM sales INDEXED BY ix_sales_member_created "
                                        "WHERE member_id IS NOT NULL")).scalar()
            members, walk_ins = conn.execute(text(
                "SELECT count(member_id), count(*) - count(member_id) FROM sales")).one()
        assert walk_ins == 1 and indexed == members == 1

        sent: list[tuple[str, Any]] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if "FROM sales" in statement and statement.lstrip().upper().startswith("SELECT"):
                sent.append((statement, parameters))

        with app.uow_factory(readonly=True) as uow:
            for metric in ("spend", "visits"):
                uow.sales.qualifying(member, metric=metric, since=T0 - timedelta(days=365))
            uow.sales.recent_for_member(member, limit=5)
            uow.sales.for_member_between(member, T0.date(), T0.date() + timedelta(days=30))
        event.remove(app.engine, "before_cursor_execute", keep)
        assert len(sent) == 4, sent

        def plans() -> list[list[str]]:
            with app.engine.connect() as conn:
                return [[row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                        for statement, parameters in sent]

        partial = plans()
        for plan in partial[:2]:
            assert plan == ["SEARCH sales USING COVERING INDEX ix_sales_member_created (member_id=? AND created_at>?)"]
        for (statement, _), plan in zip(sent, partial, strict=True):
            assert not any(step.startswith("SCAN sales") for step in plan), (statement, plan)
        with app.engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_sales_member_created"))
            conn.execute(text("CREATE INDEX ix_sales_member_created ON sales (member_id, created_at, status, "
                              "total_minor, refunded_minor, credit_paid_minor)"))
        assert plans() == partial


def test_the_debts_index_holds_members_below_zero_and_the_liability_and_overdrafts_read_it(tmp_path: Path) -> None:
    """The program's accounts are below zero by design and every sale moves them: they are not in the index of
    debts (0025), which the liability and the hub's overdraft finder read for members below zero."""
    with member_after_a_sale(tmp_path) as (app, member):
        with app.engine.begin() as conn:  # a refund after the points were spent leaves a member owing
            conn.execute(text("UPDATE account_balances SET balance = -40 WHERE member_id = :m AND unit = 'PTS'"),
                         {"m": member})
        with app.engine.connect() as conn:
            indexed = conn.execute(text("SELECT account FROM account_balances INDEXED BY ix_account_balances_debts "
                                        "WHERE balance < 0 AND member_id IS NOT NULL")).scalars().all()
            program_below = conn.execute(text("SELECT count(*) FROM account_balances "
                                              "WHERE balance < 0 AND member_id IS NULL")).scalar()
            sql = conn.execute(text("SELECT sql FROM sqlite_master "
                                    "WHERE name = 'ix_account_balances_debts'")).scalar()
        assert program_below > 0 and len(indexed) == 1 and member in indexed[0]
        assert "WHERE balance < 0 AND member_id IS NOT NULL" in " ".join(str(sql).split())

        sent: list[tuple[str, Any]] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if "balance <" in statement:
                sent.append((statement, parameters))

        assert SqlAnalytics(app.engine).member_holdings()[POINTS] > 0
        with app.engine.connect() as conn:
            find_conflicts(conn, UTC)
        event.remove(app.engine, "before_cursor_execute", keep)
        with app.engine.connect() as conn:
            plans = [[row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                     for statement, parameters in sent if "member_id IS NOT NULL" in statement]
        assert len(plans) == 3, sent  # the liability's debts, the hub's overdrafts and its expiry beyond the lots
        assert all(any("ix_account_balances_debts" in step for step in plan) for plan in plans), plans


def test_cards_met_after_a_pull_are_found_among_the_pulls_members_not_by_a_scan_of_every_balance(
        tmp_path: Path) -> None:
    """After each pull that brought something, the hub sync asks which members' stamp cards the pulled stamps
    filled (members_holding): the postings added since the pull's mark (a range of their key) name the members,
    whose balances their index finds; a read of every balance of the unit would hold a big shop's pull up."""
    from kiosk.adapters.db.repositories.ledger import SqlLedger

    with member_after_a_sale(tmp_path) as (app, member):
        with app.engine.connect() as conn:
            ledger = SqlLedger(conn)
            mark = ledger.mark()
            assert ledger.members_holding("STAMP:coffee", at_least=1, since=0) == [member]
            assert ledger.members_holding("STAMP:coffee", at_least=1, since=mark) == []  # nothing added since
            assert ledger.members_holding("STAMP:coffee", at_least=99, since=0) == []
            sent: list[tuple[str, Any]] = []

            @event.listens_for(conn, "before_cursor_execute")
            def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
                sent.append((statement, parameters))

            ledger.members_holding("STAMP:coffee", at_least=1, since=mark)
            event.remove(conn, "before_cursor_execute", keep)
            ((statement, parameters),) = sent
            plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
        assert any("SEARCH postings USING INTEGER PRIMARY KEY (rowid>?)" in step for step in plan), plan
        assert any("ix_account_balances_member_id" in step for step in plan), plan
        assert not any(step.startswith("SCAN") for step in plan), plan
