"""A chain of two shops on one real PostgreSQL hub: Old Town (its first counter set the hub up, a second counter
joined) and Riverside (its first device ran `init` as a new shop). Points earned in Old Town are spent in
Riverside; each shop's summary counts its own devices' rows and the shops add up to the chain; a manager sees
their own shop, an owner any shop and the whole chain, on any device."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.domain.errors import PermissionDenied
from kiosk.l10n.catalogue import speaker
from kiosk.services.reports import DailySummary, chain_table
from tests.support.hub import Device, HubDatabase, devices
from tests.support.staff import OWNER, add_staff

pytestmark = pytest.mark.postgres

SOMCHAI = "0811111111"  # enrolled in Old Town
MALEE = "0822222222"  # enrolled in Riverside
# this device's own, any scope (and whether its Stripe sync is off)
DEVICE_QUEUES = ("sync_waiting", "sync_review", "print_waiting", "print_held", "sync_off")


@dataclasses.dataclass
class Chain:
    old1: Device
    old2: Device
    river: Device
    owner: str  # Ploy, the chain's owner (PIN 9999)
    manager: str  # Mali, who manages Riverside (PIN 5555)

    @property
    def all(self) -> tuple[Device, ...]:
        return (self.old1, self.old2, self.river)

    def converge(self) -> None:
        for _ in range(2):
            for device in self.all:
                device.sync()


@pytest.fixture
def chain(tmp_path: Path, hub: HubDatabase) -> Iterator[Chain]:
    with devices(tmp_path, "old1", "old2", "river") as (old1, old2, river):
        owner = old1.owner()
        old1.enroll(SOMCHAI, "Somchai Jaidee")
        old1.init(hub.url, name="Old Town 1", shop_name="Old Town")
        old2.join(hub.url, name="Old Town 2", shop="Old Town")
        river.init(hub.url, name="Riverside 1", shop_name="Riverside")  # a second shop, empty, on the same hub
        found = Chain(old1, old2, river, owner, "")
        found.converge()
        # the owner's staff account reached Riverside; she adds its manager there, and he reaches Old Town too
        found.manager = add_staff(river.app.services.staff, ("Mali", "manager", "5555"))[0].id
        found.converge()
        yield found


def figures(summary: DailySummary) -> dict[str, int]:
    """The summary's counts and sums that a chain splits between its shops."""
    return {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)
            if isinstance(getattr(summary, f.name), int) and f.name not in DEVICE_QUEUES}


def test_points_earned_in_one_shop_are_spent_in_the_other_and_the_shops_add_up(chain: Chain) -> None:
    from kiosk.domain.commands import RefundLine, RefundSale

    old1, old2, river = chain.old1, chain.old2, chain.river
    assert [s.name for s in old1.app.services.reports.shops()] == ["Old Town", "Riverside"]
    assert [s.name for s in river.app.services.reports.shops()] == ["Riverside", "Old Town"]  # its own first
    earned = old1.sell(SOMCHAI, quantity=10)
    old2.sell(None, quantity=2)
    card = river.enroll(MALEE, "Malee")
    river.sell(card, quantity=3)
    chain.converge()
    held = river.points(SOMCHAI)
    assert held == old1.points(SOMCHAI) > 0
    # Somchai, an Old Town member, spends his Old Town points in Riverside, and Riverside refunds one latte of
    # his Old Town sale (an owner approves); every device then agrees on what he holds.
    spent = river.sell(SOMCHAI, quantity=10, points=held)
    assert spent.points_spent == held and spent.points_balance == spent.points_earned
    river.app.services.refunds.refund(RefundSale(command_id="r-old", receipt_no=earned.receipt_no, reason="spilt",
                                                 lines=(RefundLine(0, 1),), approved_by=chain.owner))
    chain.converge()
    assert old1.points(SOMCHAI) == river.points(SOMCHAI) == old2.points(SOMCHAI)
    assert all(d.problems() == () for d in chain.all)

    day = old1.app.services.ctx.business_date(old1.clock.now())
    reports = river.app.services.reports
    together = reports.by_shop(day, viewer=chain.owner)
    riverside, old_town = together.shops  # the asking device's own shop first
    assert (old_town.scope.shop_name, riverside.scope.shop_name) == ("Old Town", "Riverside")
    assert (old_town.sales, riverside.sales, together.total.sales) == (2, 2, 4)
    assert (old_town.points_redeemed, riverside.points_redeemed) == (0, held)  # spent where he stood
    assert old_town.points_issued > 0 and old_town.new_members == 1 == riverside.new_members  # Somchai, Malee
    assert (old_town.refunds, riverside.refunds) == (0, 1)  # the refund is Riverside's; the sale stays Old Town's
    # the money went back from Riverside's till: off Riverside's revenue, Old Town's sales stay as they were made
    assert old_town.revenue_minor == old_town.takings_minor == 10 * 6500 + 2 * 6500
    assert riverside.revenue_minor == riverside.takings_minor - riverside.refunded_minor
    # the owner's table: the takings row Riverside's refund brings shows Old Town's takings too, not a dash
    _, table = chain_table(together, speaker("en"))
    (takings,) = [row for row in table if row[0] == "Sales before refunds"]
    assert takings[1:] == [f"฿{riverside.takings_minor / 100:,.2f}", "฿780.00",
                           f"฿{together.total.takings_minor / 100:,.2f}"]
    for name, total in figures(together.total).items():
        assert total == figures(old_town)[name] + figures(riverside)[name], name
    assert together.unattributed_sales == 0 and together.total.scope.kind == "chain"
    # Every device holds the whole chain: Old Town's figures read the same in Old Town and in Riverside.
    assert figures(old1.app.services.reports.daily(day)) == figures(old_town)
    assert old1.app.services.reports.daily(day).scope == old_town.scope
    assert figures(old2.app.services.reports.daily(day, shop="Riverside", viewer=chain.owner)) == figures(riverside)
    assert figures(reports.daily(day, chain=True, viewer=chain.owner)) == figures(together.total)


def test_a_manager_sees_their_own_shop_and_the_owner_sees_every_shop_and_the_chain(chain: Chain) -> None:
    old1, river = chain.old1, chain.river
    old1.sell(SOMCHAI, quantity=4)
    river.sell(None)
    chain.converge()
    day = river.app.services.ctx.business_date(river.clock.now())
    reports, health = river.app.services.reports, river.app.services.analytics()
    own = reports.daily(day, viewer=chain.manager)
    assert (own.scope.kind, own.scope.shop_name, own.sales, own.member_sales) == ("shop", "Riverside", 1, 0)
    refusals = [lambda: reports.daily(day, shop="Old Town", viewer=chain.manager),
                lambda: reports.daily(day, chain=True, viewer=chain.manager),
                lambda: reports.by_shop(day, viewer=chain.manager),
                lambda: reports.period(day, "month", shop="Old Town"),  # nobody said who asks
                lambda: health.health(today=day, chain=True, viewer=chain.manager),
                lambda: health.health(today=day, shop="Old Town", viewer=chain.manager)]
    for asking in refusals:
        with pytest.raises(PermissionDenied) as refused:
            asking()
        assert refused.value.code == "report.chain_owner_only"
    # The same manager at an Old Town counter sees Old Town: "their own shop" is the device's.
    assert old1.app.services.reports.daily(day, viewer=chain.manager).scope.shop_name == "Old Town"
    assert reports.daily(day, shop="Old Town", viewer=chain.owner).sales == 1

    whole = health.health(today=day, chain=True, viewer=chain.owner)
    assert whole.scope.kind == "chain" and whole.chain_wide == ()
    assert [(s.scope.shop_name, s.sales, s.buyers, s.active_members) for s in whole.shops] == [
        ("Riverside", 1, 0, 0), ("Old Town", 1, 1, 1)]
    assert whole.headline is not None and (whole.headline.sales, whole.headline.buyers) == (2, 1)
    mine = health.health(today=day, viewer=chain.manager)
    assert mine.scope.shop_name == "Riverside" and "liability" in mine.chain_wide
    assert (mine.buyers, mine.summary.sales) == (0, 1)
    # what members hold is the chain's whatever the view: points are spendable in every shop
    assert mine.liability == whole.liability and mine.liability.points > 0
    old = old1.app.services.analytics().health(today=day)
    assert (old.scope.shop_name, old.buyers, old.repeat_buyers) == ("Old Town", 1, 0)
    assert old.headline is not None and old.headline.member_share_percent == 100.0


def test_the_cli_asks_for_the_owners_pin_for_another_shop_or_the_chain(chain: Chain, capsys: pytest.CaptureFixture[
        str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.integration.test_cli import Run, kiosk_in_process, refused

    chain.old1.sell(SOMCHAI, quantity=2)
    chain.river.sell(None)
    chain.converge()
    for device in chain.all:
        device.close()
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    day = "2026-11-20"

    def run(*args: str) -> Run:
        return kiosk_in_process(chain.river.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch)

    own = run("--json", "report", "daily", "--date", day)
    assert own.code == 0, own.err
    data = own.json()
    assert data["scope"]["kind"] == "shop" and data["scope"]["shop_name"] == "Riverside" and data["sales"] == 1
    line = refused(run("report", "daily", "--date", day, "--shop", "Old Town"))
    # the shop is Thai, and so is the refusal: "Only an owner can see the figures of Old Town. ... --owner-pin"
    assert line == ("kiosk: เจ้าของเท่านั้นที่ดูตัวเลขของร้าน Old Town ได้ ใส่ PIN ของเจ้าของด้วย --owner-pin "
                    "(หรือ KIOSK_OWNER_PIN)")
    refused(run("report", "daily", "--date", day, "--chain", "--owner-pin", "5555"))
    other = run("--json", "report", "daily", "--date", day, "--shop", "old town", "--owner-pin", OWNER[2])
    assert other.code == 0, other.err
    assert other.json()["scope"]["shop_name"] == "Old Town"
    whole = run("--json", "report", "daily", "--date", day, "--chain", "--owner-pin", OWNER[2])
    data = whole.json()
    assert data["scope"]["kind"] == "chain" and data["total"]["sales"] == 2
    assert [(s["scope"]["shop_name"], s["sales"]) for s in data["shops"]] == [("Riverside", 1), ("Old Town", 1)]
    text = run("--language", "en", "report", "daily", "--date", day, "--chain", "--owner-pin", OWNER[2]).out
    assert text.splitlines()[0].split() == ["Riverside", "Old", "Town", "Chain"]
    shops = run("--language", "en", "report", "shops").out
    assert "Riverside  (this device)" in shops and "Old Town" in shops
    health = run("--language", "en", "report", "health", "--chain", "--owner-pin", OWNER[2])
    assert health.code == 0 and "Whole chain (2 shops)" in health.out
