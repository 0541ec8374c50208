"""Properties: random days of enrolments, sales with redemptions, refunds, vouchers, donations, adjustments and
expiry under a moving clock keep every ledger invariant, on the fakes (many runs) and on real SQLite (a few)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.commands import (
    AdjustPoints,
    AwardReviewBonus,
    DonatePoints,
    EnrollMember,
    IssueVoucher,
    RecordSale,
    RefundSale,
)
from kiosk.domain.errors import KioskError, ManagerApprovalRequired
from kiosk.domain.ledger import POINTS, Entry, member_of
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.domain.validators import all_problems
from kiosk.services.context import FixedClock
from tests.unit.fakes import T0, cached_pin_hash, cafe_programs, make_shop

PHONES = [f"08{n}1234567" for n in range(4)]  # few members: their histories interleave
REDEMPTIONS = ("none", "points", "off50", "latte", "credit", "stamp", "voucher")

member_ix = st.integers(0, len(PHONES) - 1)
operations = st.one_of(
    st.tuples(st.just("enroll"), member_ix, st.booleans()),
    st.tuples(st.just("sale"), st.integers(-1, len(PHONES) - 1), st.integers(0, 3), st.integers(0, 1),
              st.integers(0, 60_000), st.sampled_from(REDEMPTIONS), st.integers(1, 400)),
    st.tuples(st.just("sale"), member_ix, st.integers(1, 6), st.just(0), st.sampled_from([0, 300_000]),
              st.just("none"), st.just(2)),  # stamp cards fill up; big sales earn enough to spend
    st.tuples(st.just("refund"), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("voucher"), member_ix, st.sampled_from(["off50", "latte"])),
    st.tuples(st.just("donate"), member_ix, st.integers(1, 200)),
    st.tuples(st.just("adjust"), member_ix, st.integers(-300, 400)),
    st.tuples(st.just("review"), member_ix),
    st.tuples(st.just("expire")),
    st.tuples(st.just("advance"), st.integers(0, 200)),
    st.tuples(st.just("repeat")),
)


@dataclass
class Driver:
    """Plays operations against any object with the App's services (a fake Shop or a real App)."""

    app: Any
    clock: FixedClock
    manager_id: str
    members: list[str] = field(default_factory=list)  # member codes
    receipts: list[str] = field(default_factory=list)
    vouchers: list[str] = field(default_factory=list)
    last: tuple[Callable[[Any], Any], Any, Any] | None = None  # (use case, command, its result)
    counter: int = 0
    applied: int = 0

    def next_id(self) -> str:
        self.counter += 1
        return f"op-{self.counter}"

    def member(self, ix: int) -> str | None:
        return self.members[ix % len(self.members)] if self.members and ix >= 0 else None

    def run(self, use_case: Callable[[Any], Any], cmd: Any) -> Any:
        try:
            try:
                result = use_case(cmd)
            except ManagerApprovalRequired:
                cmd = replace(cmd, approved_by=self.manager_id)
                result = use_case(cmd)
        except KioskError:
            return None  # the rules refused it: that is allowed, and must leave no trace
        self.last = (use_case, cmd, result)
        self.applied += 1
        return result

    def apply(self, op: tuple) -> None:
        app, kind = self.app, op[0]
        if kind == "enroll":
            _, ix, birthday = op
            result = self.run(app.enrollment.enroll, EnrollMember(
                command_id=self.next_id(), name=f"Member {ix}", phone=PHONES[ix], consent_version="v1",
                birthday=f"1990-{app.ctx.business_date(self.clock.now()).month:02d}-01" if birthday else None))
            if result is not None:
                self.members.append(result.member_code)
        elif kind == "sale":
            _, ix, lattes, cakes, extra, redeem, n = op
            programs = app.ctx.programs
            lines = []
            if lattes:
                lines.append(CartLine("Latte", programs.item("LATTE").price, lattes, "LATTE"))
            if cakes:
                lines.append(CartLine("Cake", programs.item("CAKE").price, cakes, "CAKE"))
            if extra or not lines:
                lines.append(CartLine("Amount", Money(max(extra, 100))))
            kwargs: dict[str, Any] = {}
            if redeem == "points":
                kwargs["points_to_spend"] = n
            elif redeem in ("off50", "latte"):
                kwargs["reward_ids"] = (redeem,)
            elif redeem == "credit":
                kwargs["credit_to_spend"] = Money(n * 10)
            elif redeem == "stamp":
                kwargs["stamp_rewards"] = ("coffee",)
            elif redeem == "voucher" and self.vouchers:
                kwargs["voucher_codes"] = (self.vouchers[n % len(self.vouchers)],)
            result = self.run(app.checkout.record_sale, RecordSale(
                command_id=self.next_id(), lines=tuple(lines), member_code=self.member(ix), print_receipt=n % 2 == 0,
                **kwargs))
            if result is not None:
                self.receipts.append(result.receipt_no)
        elif kind == "refund" and self.receipts:
            _, ix, void = op
            self.run(app.refunds.refund, RefundSale(
                command_id=self.next_id(), receipt_no=self.receipts[ix % len(self.receipts)],
                kind="void" if void else "refund", approved_by=self.manager_id, print_slip=False))
        elif kind == "voucher" and self.members:
            _, ix, reward = op
            result = self.run(app.redemption.issue_voucher, IssueVoucher(
                command_id=self.next_id(), member_code=self.member(ix), reward_id=reward, print_voucher=False))
            if result is not None:
                self.vouchers.append(result.voucher_code)
        elif kind == "donate" and self.members:
            _, ix, points = op
            cause = app.ctx.programs.charity.causes[0].id
            self.run(app.redemption.donate, DonatePoints(command_id=self.next_id(), member_code=self.member(ix),
                                                         cause_id=cause, points=points))
        elif kind == "adjust" and self.members:
            _, ix, points = op
            self.run(app.redemption.adjust, AdjustPoints(command_id=self.next_id(), member_code=self.member(ix),
                                                         points=points, reason="property test",
                                                         approved_by=self.manager_id))
        elif kind == "review" and self.members:
            self.run(app.redemption.review_bonus, AwardReviewBonus(command_id=self.next_id(),
                                                                   member_code=self.member(op[1])))
        elif kind == "expire":
            app.expiry.run()
        elif kind == "advance":
            self.clock.advance(days=op[1], hours=op[1] % 7)
        elif kind == "repeat" and self.last is not None:
            use_case, cmd, result = self.last
            assert use_case(cmd) == result, "a repeated command id must answer with its first result"


def check_invariants(entries: list[Entry], cached: dict[tuple[str, str], int], verify_report: Any) -> None:
    problems = all_problems(entries, cached)  # balanced, no unflagged negatives, nothing reversed twice, cache
    assert not problems, problems
    assert verify_report.ok, verify_report.problems
    member_points = sum(v for (a, u), v in cached.items() if u == POINTS and member_of(a))
    program_points = sum(v for (a, u), v in cached.items() if u == POINTS and not member_of(a))
    assert member_points == -program_points  # points liability is exactly what the programs gave out
    reversed_ids = [e.reverses_id for e in entries if e.reverses_id]
    assert len(reversed_ids) == len(set(reversed_ids))


def program_config() -> Any:
    return cafe_programs()


# -- on the fakes: many runs, invariants after every single operation ---------------------------------------
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=10, max_size=60))
def test_random_histories_keep_every_invariant_on_the_fakes(ops: list[tuple]) -> None:
    shop = make_shop(program_config())
    driver = Driver(shop, shop.clock, shop.manager_id)
    for op in ops:
        before = shop.store.state
        entries_before = len(before.entries)
        driver.apply(op)
        state = shop.store.state
        if op[0] == "repeat":
            assert len(state.entries) == entries_before
        check_invariants(state.ledger_entries, state.balances, shop.verify.run())
    # every refused request left nothing: the commands log lists exactly what was applied
    assert len(shop.store.state.commands) == driver.applied


# -- on real SQLite: fewer, shorter runs; invariants checked in the database at the end ---------------------------
def sqlite_invariants(wiring: Any) -> None:
    from sqlalchemy import select

    from kiosk.adapters.db import tables as t

    with wiring.uow_factory(readonly=True) as uow:
        entries = [c.entry for d in uow.ledger.devices() for c in uow.ledger.iter_chain(d)]
        cached = {(r.account, r.unit): int(r.balance) for r in uow.conn.execute(select(t.account_balances))}
    check_invariants(entries, cached, wiring.services.verify.run())


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=15, max_size=30))
def test_random_histories_keep_every_invariant_on_sqlite(ops: list[tuple]) -> None:
    from kiosk.bootstrap import wire
    from kiosk.config import load_settings

    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-prop-"))
    try:
        clock = FixedClock(T0)
        wiring = wire(load_settings(data_dir=data_dir), clock=clock)
        try:
            manager = StaffMember(id="manager", name="Nok", role=Role.MANAGER)
            with wiring.uow_factory() as uow:
                uow.staff.add(manager, cached_pin_hash("2222"), created_at=datetime.now(UTC))
                uow.commit()
            driver = Driver(wiring.services, clock, manager.id)
            for op in ops:
                driver.apply(op)
            sqlite_invariants(wiring)
        finally:
            wiring.close()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
