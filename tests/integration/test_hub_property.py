"""Three devices of one shop sell apart and sync in any order (issue 14), as a hypothesis state machine: members
enrolled on one device and served on another, sales that earn and spend points, refunds, and syncs in random
orders over several rounds. After every full round, and at the end, every device and the hub hold the same
ledger (same entries, same hashes, same balances), nothing twice, nothing lost, and verify finds nothing.

Each example starts from one shop made once a run (tests.support.hub.ShopTemplate: its hub put back, its three
data folders copied), so an example costs its steps, not a shop's set-up."""

from __future__ import annotations

import os
import secrets
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.domain.commands import RefundLine, RefundSale
from kiosk.domain.errors import KioskError
from kiosk.domain.staff import Role
from tests.support.hub import (
    NAMES,
    PHONES,
    Device,
    ShopTemplate,
    hub_problems,
    hub_view,
)

pytestmark = pytest.mark.postgres

EXAMPLES = int(os.environ.get("KIOSK_HUB_EXAMPLES", "4"))


class ShopMachine(RuleBasedStateMachine):
    shop: ShopTemplate

    def __init__(self) -> None:
        super().__init__()
        self.shop.copies += 1
        self.hub = self.shop.hub
        self.devices = self.shop.copy(self.shop.root / f"example-{self.shop.copies}")
        self.installs = [d.app.services.hub.store.state().install_id for d in self.devices]
        self.owner = next(s.id for s in self.devices[0].app.services.staff.list_staff() if s.role == Role.OWNER)
        self.written: set[str] = set()  # every entry any device wrote, collected before it could sync
        self.cards = [self.shop.first_card]  # every member card handed out, on whichever device

    # ------------------------------------------------------------------ what each device knows
    def phones(self, device: Device) -> set[str]:
        with device.app.engine.connect() as conn:
            return {str(r.phone) for r in conn.execute(select(t.members.c.phone))}

    def member(self, device: Device, pick: int) -> tuple[str, str] | None:
        """A member card this device can serve (the member reached it), with the member's id; None if none."""
        for step in range(len(self.cards)):
            card = self.cards[(pick + step) % len(self.cards)]
            try:
                return card, device.app.services.accounts.account(card).member_id
            except KioskError:
                continue  # enrolled on another device and not synced here yet: this counter cannot serve them
        return None

    def note_written(self) -> None:
        for device, install in zip(self.devices, self.installs, strict=True):
            with device.app.engine.connect() as conn:
                self.written |= {r.id for r in conn.execute(select(t.ledger_entries.c.id).where(
                    t.ledger_entries.c.device_id.like(f"{install}-%")))}

    # ------------------------------------------------------------------ selling apart
    @initialize()
    def start(self) -> None:
        self.note_written()

    @rule(which=st.integers(0, 2), phone=st.sampled_from(PHONES))
    def enroll(self, which: int, phone: str) -> None:
        device = self.devices[which]
        if any(p.endswith(phone[1:]) for p in self.phones(device)):
            return  # the device knows this phone: the counter finds the member instead of enrolling them again
        self.cards.append(device.enroll(phone, f"Member {phone[-4:]}"))

    @rule(which=st.integers(0, 2), pick=st.integers(0, 7), quantity=st.integers(1, 3))
    def sell(self, which: int, pick: int, quantity: int) -> None:
        device = self.devices[which]
        found = self.member(device, pick)
        assert found is not None  # the first member is on every device
        device.sell(found[0], quantity=quantity)

    @rule(which=st.integers(0, 2), pick=st.integers(0, 7), points=st.integers(20, 60))
    def spend_points(self, which: int, pick: int, points: int) -> None:
        device = self.devices[which]
        found = self.member(device, pick)
        assert found is not None
        card, member_id = found
        with device.app.uow_factory(readonly=True) as uow:
            held = uow.ledger.member_balances(member_id).get("PTS", 0)
        if held < 20:
            return  # too few points here to spend any
        device.sell(card, quantity=2, points=min(points, held))

    @rule(which=st.integers(0, 2), pick=st.integers(0, 30))
    def refund_one(self, which: int, pick: int) -> None:
        device = self.devices[which]
        with device.app.engine.connect() as conn:
            sales = conn.execute(select(t.sales.c.receipt_no, t.sales.c.device_id)
                                 .where(t.sales.c.status.in_(("completed", "partly_refunded")))
                                 .order_by(t.sales.c.created_at, t.sales.c.id)).all()
        if not sales:
            return
        receipt = sales[pick % len(sales)].receipt_no
        try:
            device.app.services.refunds.refund(RefundSale(
                command_id=secrets.token_hex(8), receipt_no=receipt, reason="spilt", lines=(RefundLine(0, 1),),
                approved_by=self.owner))
        except KioskError:
            pass  # refused as a whole (nothing left of that line here): nothing changed

    # ------------------------------------------------------------------ syncing in any order
    @rule(which=st.integers(0, 2))
    def sync_one(self, which: int) -> None:
        self.note_written()
        self.devices[which].sync()

    @rule(order=st.permutations(range(3)))
    def full_round(self, order: list[int]) -> None:
        self.converge(order)
        self.check()

    def converge(self, order: list[int]) -> None:
        self.note_written()
        for _ in range(2):
            for which in order:
                self.devices[which].sync()

    def check(self) -> None:
        views = [d.ledger() for d in self.devices]
        on_hub = hub_view(self.hub)
        for name, view in zip(NAMES, views, strict=True):
            assert view == on_hub, f"{name} differs from the hub"
        entries = [e[0] for e in on_hub["entries"]]
        assert len(entries) == len(set(entries)), "an entry twice"
        assert self.written <= set(entries), f"lost: {sorted(self.written - set(entries))[:3]}"
        sales = on_hub["sales"]
        assert len({s[0] for s in sales}) == len(sales), "a sale twice"
        with self.devices[0].app.engine.connect() as conn:
            per_sale = Counter((r.sale_id, r.kind) for r in conn.execute(
                select(t.ledger_entries.c.sale_id, t.ledger_entries.c.kind)
                .where(t.ledger_entries.c.sale_id.is_not(None), t.ledger_entries.c.kind.in_(
                    ("sale_earn", "sale_redeem", "stamp_card_completed")))))
            receipts = Counter((r.device_id, r.receipt_no) for r in conn.execute(
                select(t.sales.c.device_id, t.sales.c.receipt_no)))
        assert max(per_sale.values(), default=1) == 1, "a sale's points or stamps written twice"
        assert max(receipts.values(), default=1) == 1, "a receipt number twice on one device"
        for name, device in zip(NAMES, self.devices, strict=True):
            assert device.problems() == (), f"kiosk verify on {name}"
        assert hub_problems(self.hub) == ()

    def teardown(self) -> None:
        try:
            self.converge([0, 1, 2])
            self.check()
        finally:
            for device in self.devices:
                device.close()


def test_three_devices_selling_apart_converge_whatever_the_order(shop_template: ShopTemplate) -> None:
    ShopMachine.shop = shop_template
    machine: Any = ShopMachine.TestCase
    # Derandomized, so CI runs the same examples every time (KIOSK_HUB_EXAMPLES=25 searches further: that is
    # how a sale refunded on two counters while apart was found); not shrunk (each step is a real sale or sync, and
    # shrinking a failure takes minutes): the failing steps are printed as they ran.
    machine.settings = settings(max_examples=EXAMPLES, stateful_step_count=12, deadline=None, derandomize=True,
                                database=None, phases=(Phase.explicit, Phase.generate),
                                suppress_health_check=list(HealthCheck))
    machine("runTest").runTest()
