"""Names the config gives in two languages (a personal offer's) read in the counter's language on the Paid screen,
whatever language the shop keeps its sales (and prints its receipts) in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    NOW,
    FakeScannerClock,
    load_member,
    make_window,
    scanner_clock,
    sign_in,
    template_shop,
)

OFFER = {"id": "pastry", "name": "A free croissant with any coffee", "name_th": "ครัวซองต์ฟรีเมื่อสั่งกาแฟ",
         "selector": "everyone", "kind": "free_item", "sku": "CROISSANT", "valid_days": 7}


@pytest.fixture
def offer_shop(template_shop: Path, tmp_path: Path) -> Iterator[Services]:
    data_dir = tmp_path / "shop"
    shutil.copytree(template_shop, data_dir)
    app = build_app(load_settings(data_dir=data_dir, overrides={"offers": [OFFER]}), clock=FixedClock(NOW))
    assert app.ctx.language == "th" and app.ctx.programs.offer("pastry") is not None
    yield app
    app.close()


def _has_thai(words: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" and ch != "฿" for ch in words)


def test_the_paid_screen_names_a_personal_offer_in_the_counters_language(
        qtbot: QtBot, qapp: QApplication, offer_shop: Services, scanner_clock: FakeScannerClock) -> None:
    window = make_window(qtbot, offer_shop, scanner_clock)
    try:
        sign_in(qtbot, window)
        set_language(qapp, ENGLISH)
        account = load_member(qtbot, window)
        qtbot.waitUntil(lambda: bool(window.member_column.account.offers), timeout=10_000)
        assert [o.offer_id for o in window.member_column.account.offers] == ["pastry"], account
        window.sale.add_sku("LATTE")
        window.sale.add_sku("CROISSANT")
        window.open_checkout()
        checkout = window.checkout
        qtbot.waitUntil(lambda: checkout.preview is not None, timeout=10_000)
        checkout.new_sale_seconds = 0
        checkout.toggle_offer("pastry")
        qtbot.waitUntil(lambda: bool(checkout.preview and checkout.preview.quote.discounts), timeout=10_000)
        checkout.confirm_payment()
        qtbot.waitUntil(checkout.is_showing_result, timeout=10_000)
        text = checkout.paid.result_lines.text()
        assert "A free croissant with any coffee: -฿" in text, text
        assert not _has_thai(text), text
        set_language(qapp, THAI)
        assert "ครัวซองต์ฟรีเมื่อสั่งกาแฟ: -฿" in checkout.paid.result_lines.text()
    finally:
        window.shutdown()
