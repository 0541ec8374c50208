"""The counter's table models pass Qt's model tester and say what a cashier needs in each cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from kiosk.domain.money import Money
from kiosk.ui.counter.models import BasketLine, BasketModel, PrintQueueModel, SearchResultsModel, VisitsModel
from kiosk.ui.i18n import ENGLISH, THAI, set_language

AT = datetime(2026, 3, 4, 3, 5, tzinfo=UTC)


@dataclass(frozen=True)
class Summary:
    member_id: str
    display_name: str
    masked_phone: str
    enrolled_at: datetime


@dataclass(frozen=True)
class Visit:
    at: datetime
    receipt_no: str
    amount: Money
    status: str
    credit_used: Money | None = None


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    status: str
    created_at: datetime
    last_error: str | None
    receipt: str

    def reference(self) -> str:
        return self.receipt


def test_basket_merges_items_changes_quantities_and_totals(qtmodeltester: Any) -> None:
    basket = BasketModel()
    qtmodeltester.check(basket, force_py=True)
    latte = BasketLine("Latte", Money(6500), sku="LATTE", name_th="ลาเต้")
    assert basket.add(latte) == 0
    assert basket.add(latte) == 0  # the same item raises the quantity
    assert basket.add(BasketLine("Amount", Money(12050))) == 1
    assert basket.item_count() == 3
    assert basket.subtotal() == Money(25050)
    assert [basket.index(0, c).data() for c in range(4)] == ["Latte", "2", "฿65.00", "฿130.00"]
    basket.set_quantity(0, 5000)  # capped at what the engine accepts
    assert basket.row_at(0).quantity == 999
    basket.set_quantity(0, 0)
    assert basket.rowCount() == 1 and basket.row_at(0).name == "Amount"
    lines = basket.cart_lines("en")
    assert lines[0].unit_price == Money(12050) and lines[0].sku is None
    basket.clear()
    assert basket.is_empty()


def test_basket_speaks_thai(qtmodeltester: Any, qapp: Any) -> None:
    basket = BasketModel()
    qtmodeltester.check(basket, force_py=True)  # stays connected: every later change is checked too
    basket.add(BasketLine("Latte", Money(6500), sku="LATTE", name_th="ลาเต้"))
    set_language(qapp, THAI)
    try:
        assert basket.index(0, 0).data() == "ลาเต้"
        assert basket.headerData(1, Qt.Orientation.Horizontal) == "จำนวน"
        assert basket.cart_lines("th")[0].name == "ลาเต้"
    finally:
        set_language(qapp, ENGLISH)


def test_search_results_show_masked_names_and_phones(qtmodeltester: Any) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model, force_py=True)
    model.set_rows([Summary("m1", "Somchai J.", "•••-•••-5678", AT), Summary("m2", "Mali S.", "•••-•••-1234", AT)])
    assert model.index(0, 0).data() == "Somchai J."
    assert model.index(1, 1).data() == "•••-•••-1234"
    assert model.index(0, 2).data() == "4 Mar 2026"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Member since"


def test_visits_show_when_receipt_amount_and_status(qtmodeltester: Any) -> None:
    model = VisitsModel()
    qtmodeltester.check(model, force_py=True)
    model.set_rows([Visit(AT, "C1-000012", Money(13500), "completed"), Visit(AT, "C1-000013", Money(5500), "refunded"),
                    Visit(AT, "C1-000014", Money(9500), "partly_refunded")])
    assert [model.index(0, c).data() for c in range(4)] == ["4 Mar 2026, 03:05", "C1-000012", "฿135.00", "Paid"]
    assert model.index(1, 3).data() == "Refunded"
    assert model.index(2, 3).data() == "Partly refunded"
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight.value)


def test_a_visit_paid_partly_in_store_credit_shows_the_money_and_says_the_credit(qtmodeltester: Any) -> None:
    """As the receipt: ฿130.00 paid (the Amount column), the ฿5.00 of store credit beside it (its tooltip)."""
    model = VisitsModel()
    qtmodeltester.check(model, force_py=True)
    model.set_rows([Visit(AT, "C1-000012", Money(13000), "completed", credit_used=Money(500)),
                    Visit(AT, "C1-000013", Money(5500), "completed")])
    assert model.index(0, 2).data() == "฿130.00"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "+ ฿5.00 store credit"
    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) is None


def test_print_queue_names_kinds_and_held_jobs(qtmodeltester: Any) -> None:
    model = PrintQueueModel()
    qtmodeltester.check(model, force_py=True)
    model.set_rows([Job("j1", "sale_receipt", "held", AT, None, "C1-000001"),
                    Job("j2", "member_card", "queued", AT, "printer offline", "j2")])
    assert model.index(0, 0).data() == "C1-000001"
    assert model.index(0, 2).data() == "Held: check the paper"
    assert model.index(1, 1).data() == "Member card"
    assert model.index(1, 4).data() == "printer offline"
    model.set_rows([])
    assert model.rowCount() == 0
