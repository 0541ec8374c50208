"""A sale's lines are kept (and printed) in the shop's language, whichever language the cashier reads the counter in.

The counter named a sale's lines in the cashier's screen language: a Thai shop whose cashier read English kept
and printed "Latte" under a Thai receipt, and its refunds and copies named the lines so for ever after. The
counter's own screens (basket, parked list, customer display) keep naming the lines in their reader's language.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.documents import DRAWER_KICK
from kiosk.l10n.catalogue import render
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.counter import show_customer_display
from kiosk.ui.i18n import current_language, set_language
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    NOW,
    FakeScannerClock,
    click,
    load_member,
    make_window,
    scanner_clock,
    sign_in,
    template_shop,
)


def _has_thai(words: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" and ch != "฿" for ch in words)


@pytest.fixture(params=[("th", "en"), ("en", "th")], ids=["thai-shop-english-counter", "english-shop-thai-counter"])
def shop_and_screen(request: pytest.FixtureRequest, template_shop: Path, tmp_path: Path) -> Iterator[
        tuple[Services, str]]:
    """The template shop in `shop.language`, and the language the cashier switched the counter to."""
    shop_language, screen_language = request.param
    data_dir = tmp_path / "shop"
    shutil.copytree(template_shop, data_dir)
    settings = load_settings(data_dir=data_dir, overrides={"shop": {"language": shop_language}})
    app = build_app(settings, clock=FixedClock(NOW))
    assert app.ctx.language == shop_language
    yield app, screen_language
    app.close()


def test_a_sale_keeps_and_prints_its_lines_in_the_shops_language_whatever_the_counter_reads(
        qtbot: QtBot, qapp: QApplication, shop_and_screen: tuple[Services, str],
        scanner_clock: FakeScannerClock) -> None:
    shop, screen = shop_and_screen
    kept = shop.ctx.language
    programs = shop.ctx.programs
    latte, croissant = programs.item("LATTE"), programs.item("CROISSANT")
    assert latte is not None and croissant is not None
    options = {m.id: m for m in programs.item_modifiers("LATTE")}
    large, oat = options["size"].option("large"), options["milk"].option("oat")
    assert large is not None and oat is not None
    window = make_window(qtbot, shop, scanner_clock)
    try:
        sign_in(qtbot, window)
        set_language(qapp, screen)  # the cashier's F12
        assert current_language() == screen
        display = show_customer_display(window, QGuiApplication.screens()[0])
        qtbot.addWidget(display)
        account = load_member(qtbot, window)  # Somchai reads English: the customer display speaks English
        assert account.language == "en"

        window.sale.add_sku("LATTE", 1, {"size": "large", "milk": "oat"})
        window.sale.add_sku("CROISSANT")
        window.sale.keypad.set_text("20")
        click(qtbot, window.sale.add_amount)  # an open amount
        # parked and recalled on the way: the basket comes back in both languages
        window.parking.park()
        qtbot.waitUntil(lambda: window.sale.parked_count == 1, timeout=10_000)
        window.parking.open()
        qtbot.waitUntil(lambda: window.parking.dialog is not None, timeout=10_000)
        qtbot.keyClick(window.parking.dialog.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.sale.basket.item_count() == 3, timeout=10_000)
        qtbot.waitUntil(lambda: window.member_column.account is not None, timeout=10_000)

        # the cashier's basket names the lines in the screen's language ...
        basket = window.sale.basket
        assert [basket.index(row, basket.ITEM).data() for row in range(basket.rowCount())] == [
            f"{latte.label(screen)}\n{large.label(screen)}, {oat.label(screen)}", croissant.label(screen),
            render("sale.open_amount", None, screen)]
        # ... the customer display in the member's
        shown = [w.text() for w in display.findChildren(QLabel) if " × " in w.text()]
        assert f"1 × {latte.label('en')} ({large.label('en')}, {oat.label('en')})" in shown, shown

        window.open_checkout()
        checkout = window.checkout
        qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
        checkout.new_sale_seconds = 0
        bill = " ".join(checkout.bill.bill_grid.itemAt(i).widget().text()
                        for i in range(checkout.bill.bill_grid.count()))
        assert _has_thai(bill) == (screen == "th"), bill  # the bill reads the screen's language
        checkout.confirm_payment()
        qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
        result = checkout.result
        paid = checkout.paid.result_lines.text() + checkout.paid.result_receipt.text()
        assert _has_thai(paid) == (screen == "th"), paid
    finally:
        window.shutdown()

    # kept in the shop's language: the sale's row ...
    stored = json.loads(shop.checkout.read(lambda tx: tx.uow.conn.execute(  # type: ignore[attr-defined]
        text("SELECT lines_json FROM sales WHERE id = :id"), {"id": result.sale_id}).scalar_one()))
    assert [line["name"] for line in stored] == [latte.label(kept), croissant.label(kept),
                                                 render("sale.open_amount", None, kept)]
    assert stored[0]["options"] == [large.label(kept), oat.label(kept)]
    # ... the receipt printed with it, as the rest of that receipt (the shop's language) ...
    job = next(job for job in shop.printing().pending()
               if job.source_id == result.sale_id and job.kind != DRAWER_KICK)
    receipt = job.document()
    assert receipt.language == kept
    assert [(line.name, line.options) for line in receipt.lines] == [
        (latte.label(kept), (large.label(kept), oat.label(kept))), (croissant.label(kept), ()),
        (render("sale.open_amount", None, kept), ())]
    # ... and what the refund screens list of it
    refundable = shop.refunds.refundable(result.receipt_no)
    assert [line.name for line in refundable.lines] == [
        f"{latte.label(kept)} ({large.label(kept)}, {oat.label(kept)})", croissant.label(kept),
        render("sale.open_amount", None, kept)]
