"""Whose figures a report covers and who may see them (kiosk.services.scope), and ReportService asking its
queries for one shop's rows, on fakes: a manager sees their device's shop, an owner any shop or the chain."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date

import pytest

from kiosk.domain.errors import InvalidInput, NotFound, PermissionDenied
from kiosk.domain.ids import new_id
from kiosk.domain.staff import Role, StaffMember
from kiosk.l10n.catalogue import speaker
from kiosk.services.ports.chain import ChainDevice, ChainView, ShopRef
from kiosk.services.reports import DailySummary, ReportService, chain_table, summary_rows
from kiosk.services.scope import EVERYTHING, ChainScopes, ScopeKind, decide, find_shop
from tests.unit.fakes import T0, FakeStore, cached_pin_hash, shop_context

OLD_TOWN = ShopRef("s-old", "Old Town")
RIVERSIDE = ShopRef("s-river", "Riverside")
MANAGER = StaffMember("m1", "Nok", Role.MANAGER)
OWNER = StaffMember("o1", "Ploy", Role.OWNER)
CASHIER = StaffMember("c1", "Beam", Role.CASHIER)


def chain(own: ShopRef = OLD_TOWN, *, second_shop: bool = True) -> ChainView:
    """Old Town: installation a1 (counter and kiosk) and a2; Riverside: b1. This device is a1."""
    devices = [ChainDevice("a1-C1", "a1", "s-old", "Old Town"), ChainDevice("a1-K1", "a1", "s-old", "Old Town"),
               ChainDevice("a2-C2", "a2", "s-old", "Old Town")]
    if second_shop:
        devices.append(ChainDevice("b1-C3", "b1", "s-river", "Riverside"))
    return ChainView(own_shop=own, own_install="a1" if own == OLD_TOWN else "b1", devices=tuple(devices))


def test_a_device_with_no_hub_reports_everything_and_refuses_a_shop_or_the_chain() -> None:
    alone = ChainView()
    assert decide(alone, None).scope == EVERYTHING and decide(alone, OWNER).installs is None
    assert alone.shops() == ()
    for shop, whole in (("Old Town", False), (None, True)):
        with pytest.raises(InvalidInput) as refused:
            decide(alone, OWNER, shop=shop, chain=whole)
        assert refused.value.code == "report.no_chain"


def test_by_default_a_manager_sees_the_devices_own_shop_by_its_installations() -> None:
    resolved = decide(chain(), MANAGER)
    assert resolved.scope.kind == ScopeKind.SHOP and resolved.scope.shop_name == "Old Town"
    assert resolved.installs == ("a1", "a2")
    # named by id or by name, in any case, the own shop is the same
    assert decide(chain(), MANAGER, shop="s-old") == decide(chain(), MANAGER, shop="  old   town ") == resolved


def test_a_hub_with_one_shop_reads_every_row_unfiltered() -> None:
    resolved = decide(chain(second_shop=False), None)
    assert resolved.scope.shop_id == "s-old" and resolved.installs is None


def test_a_manager_may_not_see_another_shop_or_the_chain() -> None:
    for viewer in (MANAGER, None):
        for shop, whole in (("Riverside", False), (None, True)):
            with pytest.raises(PermissionDenied) as refused:
                decide(chain(), viewer, shop=shop, chain=whole)
            assert refused.value.code == "report.chain_owner_only"
            assert "\n" not in refused.value.message and "owner" in refused.value.message


def test_an_owner_may_see_any_shop_and_the_chain() -> None:
    river = decide(chain(), OWNER, shop="riverside")
    assert (river.scope.shop_id, river.installs) == ("s-river", ("b1",))
    whole = decide(chain(), OWNER, chain=True)
    assert whole.scope.kind == ScopeKind.CHAIN and whole.installs is None
    assert whole.scope.shops == (OLD_TOWN, RIVERSIDE)  # this device's own first
    # seen from Riverside, its own shop comes first
    assert chain(RIVERSIDE).shops() == (RIVERSIDE, OLD_TOWN)


def test_a_cashier_or_a_disabled_manager_sees_no_report() -> None:
    from dataclasses import replace

    for viewer in (CASHIER, replace(MANAGER, active=False)):
        with pytest.raises(PermissionDenied) as refused:
            decide(chain(), viewer)
        assert refused.value.code == "report.reports_manager_only"


def test_shops_are_found_by_id_or_name_and_mistakes_are_named() -> None:
    assert find_shop(chain(), "s-river") == RIVERSIDE
    with pytest.raises(NotFound) as unknown:
        find_shop(chain(), "Airport")
    assert unknown.value.code == "report.shop_unknown" and "Old Town, Riverside" in unknown.value.message
    twice = ChainView(OLD_TOWN, "a1", (*chain().devices, ChainDevice("c1-C4", "c1", "s-other", "old town")))
    with pytest.raises(InvalidInput) as ambiguous:
        find_shop(twice, "Old Town")
    assert ambiguous.value.code == "report.shop_ambiguous"
    with pytest.raises(InvalidInput) as both:
        decide(chain(), OWNER, shop="Old Town", chain=True)
    assert both.value.code == "report.scope_both"


# -- ReportService over fake queries -------------------------------------------------------------------------
@dataclass
class FakeDirectory:
    chain_view: ChainView

    def view(self) -> ChainView:
        return self.chain_view


@dataclass
class FakeReportQueries:
    """Sales as (device id, revenue); the summary counts those of the installations asked for."""

    sales: list[tuple[str, int]]
    asked: list[tuple[str, ...] | None] = field(default_factory=list)

    def daily_summary(self, date_from: date, date_to: date, *, currency: str,
                      installs: tuple[str, ...] | None = None) -> DailySummary:
        self.asked.append(installs)
        mine = [r for d, r in self.sales if installs is None or d.split("-")[0] in installs]
        return _summary(date_from, date_to, currency, sales=len(mine), revenue_minor=sum(mine))

    def view(self) -> AbstractContextManager[None]:
        return nullcontext()


def _summary(date_from: date, date_to: date, currency: str, **figures: int) -> DailySummary:
    zero = {f: 0 for f in DailySummary.__dataclass_fields__ if f not in ("date_from", "date_to", "currency",
                                                                         "rewards_redeemed", "scope", "sync_off")}
    values: dict[str, int] = {**zero, **figures}
    return DailySummary(date_from=date_from, date_to=date_to, currency=currency, rewards_redeemed={}, **values)


def reports(view: ChainView, sales: list[tuple[str, int]], *,
            sync_configured: bool = True) -> tuple[ReportService, FakeReportQueries, FakeStore]:
    store = FakeStore()
    with store() as uow:
        for person in (MANAGER, OWNER, CASHIER):
            uow.staff.add(person, cached_pin_hash("2580"), created_at=T0)
        uow.commit()
    queries = FakeReportQueries(sales)
    return ReportService(queries, shop_context(), ChainScopes(FakeDirectory(view), store),
                         sync_configured=lambda: sync_configured), queries, store


ENGLISH = speaker("en")
SALES = [("a1-C1", 6500), ("a2-C2", 3000), ("b1-C3", 12000), ("b1-C3", 500)]
DAY = date(2026, 3, 10)


def test_the_no_hub_summary_asks_for_every_row_and_says_nothing_of_scope() -> None:
    service, queries, _ = reports(ChainView(), SALES)
    summary = service.daily(DAY)
    assert queries.asked == [None] and summary.scope == EVERYTHING and summary.sales == 4
    assert summary_rows(summary, ENGLISH)[0][0] == "Sales"  # as before chains: no "Covers" row
    assert service.shops() == () and service.own_shop() is None


def test_the_shops_add_up_to_the_chain_and_the_owner_alone_sees_them() -> None:
    service, queries, _ = reports(chain(), SALES)
    own = service.daily(DAY, viewer=MANAGER.id)
    assert (own.sales, own.revenue_minor, own.scope.shop_name) == (2, 9500, "Old Town")
    assert queries.asked[-1] == ("a1", "a2")
    with pytest.raises(PermissionDenied):
        service.by_shop(DAY, viewer=MANAGER.id)
    with pytest.raises(PermissionDenied):
        service.period(DAY, "week", shop="Riverside", viewer=MANAGER.id)
    together = service.by_shop(DAY, viewer=OWNER.id)
    assert [s.scope.shop_name for s in together.shops] == ["Old Town", "Riverside"]
    assert sum(s.revenue_minor for s in together.shops) == together.total.revenue_minor == 22000
    assert together.total.scope.kind == "chain" and together.unattributed_sales == 0
    header, rows = chain_table(together, ENGLISH)
    assert header == ["", "Old Town", "Riverside", "Chain"]
    assert ["Sales", "2", "2", "4"] in rows
    assert [r for r in rows if r[0].startswith("Waiting to sync")] == [["Waiting to sync (this device)", "", "",
                                                                         "0 (0 need review)"]]
    with pytest.raises(PermissionDenied) as unknown:
        service.daily(DAY, viewer=new_id())
    assert unknown.value.code == "staff.unknown"


def test_the_summary_says_the_stripe_sync_is_off_itself() -> None:
    """Whether Stripe is set up on this device is the report service's to say, on the summary it returns (each
    screen and command worked it out and passed it on: the CSV never heard of it)."""
    from kiosk.services.exports import summary_csv

    service, _, _ = reports(chain(), SALES, sync_configured=False)
    summary = service.daily(DAY)
    assert summary.sync_off
    assert dict(summary_rows(summary, ENGLISH))["Waiting to sync"] == "Stripe sync is off"
    assert "stripe_sync,off,text" in summary_csv(summary).splitlines()
    together = service.by_shop(DAY, viewer=OWNER.id)
    assert together.total.sync_off and all(s.sync_off for s in together.shops)
    configured, _, _ = reports(chain(), SALES)
    summary = configured.daily(DAY)
    assert not summary.sync_off and "stripe_sync,on,text" in summary_csv(summary).splitlines()
    assert dict(summary_rows(summary, ENGLISH))["Waiting to sync"] == "0 (0 need review)"


def test_sales_by_a_device_of_no_listed_shop_are_shown_not_lost() -> None:
    service, _, _ = reports(chain(), [*SALES, ("zz-C9", 100)])
    together = service.by_shop(DAY, viewer=OWNER.id)
    assert (together.unattributed_sales, together.unattributed_revenue_minor) == (1, 100)
    assert chain_table(together, ENGLISH)[1][-1] == ["Sales by devices of no listed shop", "", "", "1 (฿1.00)"]
    thai = chain_table(together, speaker("th"))
    assert thai[0][-1] == "ทั้งเครือ" and thai[1][-1] == ["บิลจากเครื่องที่ไม่อยู่ในร้านใด", "", "", "1 (฿1.00)"]
    assert ["จำนวนบิล", "2", "2", "5"] in thai[1]


def test_the_chain_csv_is_for_a_spreadsheet_one_row_per_shop_and_figure() -> None:
    """`kiosk report export --chain --csv`: English keys and plain numbers, whatever the language (it was the
    screen's table, with ฿ and words)."""
    import csv
    import io

    from kiosk.services.exports import chain_csv

    service, _, _ = reports(chain(), [*SALES, ("zz-C9", 100)])
    rows = list(csv.reader(io.StringIO(chain_csv(service.by_shop(DAY, viewer=OWNER.id)))))
    assert rows[0] == ["shop_id", "shop", "figure", "value", "unit"]
    by_key = {(r[1], r[2]): (r[3], r[4]) for r in rows[1:]}
    assert by_key[("Old Town", "sales")] == ("2", "count") and by_key[("chain", "sales")] == ("5", "count")
    assert by_key[("Riverside", "revenue")] == ("125.00", "THB") and by_key[("chain", "revenue")] == ("221.00", "THB")
    assert by_key[("unattributed", "revenue")] == ("1.00", "THB")
    assert by_key[("chain", "period_from")] == ("2026-03-10", "date")
    assert ("chain", "sync_waiting") in by_key and ("Old Town", "sync_waiting") not in by_key  # this device's own
    assert not any("฿" in cell or "%" in cell for r in rows for cell in r)
