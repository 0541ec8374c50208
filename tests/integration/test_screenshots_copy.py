"""`kiosk screenshots --data-dir SHOP` pictures a copy of the shop, cut off from the world outside.

The pictures ring a sale, refund part of it and fill in an enrolment at the counter. Taken of a real shop's folder
they wrote that sale and refund into the shop's ledger (a member's points moved, a receipt number was used), could
print on the shop's printer, send to its Stripe account and push to its hub."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import build_app
from kiosk.bootstrap.shop import picture_copy
from kiosk.cli.shop import build_demo_shop
from kiosk.config import load_settings
from kiosk.domain.commands import CartLine, RecordSale
from kiosk.domain.errors import NotFound
from kiosk.domain.money import Money
from kiosk.services.context import FixedClock
from tests.integration.test_cli import PINNED_NOW


def _counts(database: Path) -> tuple[int, int]:
    conn = sqlite3.connect(database)
    try:
        return (conn.execute("SELECT count(*) FROM sales").fetchone()[0],
                conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0])
    finally:
        conn.close()


def test_the_pictures_of_a_real_shop_are_taken_of_a_copy_that_reaches_nothing_outside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shop = tmp_path / "shop"
    clock = FixedClock(datetime.fromisoformat(PINNED_NOW))
    build_demo_shop(shop, clock=clock, members=12, days=3, seed=7)
    # the shop's own printer, Stripe and hub, as a real shop has them
    (shop / "config.toml").write_text((shop / "config.toml").read_text(encoding="utf-8") + """
[printers.receipt]
kind = "network"
host = "127.0.0.1"
port = 9

[stripe]
enabled = true

[hub]
url = "postgresql://till@127.0.0.1:5432/nohub"
""", encoding="utf-8")
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite+pysqlite:///{shop / 'shop.sqlite3'}")
    before = _counts(shop / "shop.sqlite3")

    settings = picture_copy(shop, tmp_path / "copy")

    assert settings.database_url == f"sqlite+pysqlite:///{tmp_path / 'copy' / 'shop.sqlite3'}"
    assert settings.printers["receipt"]["kind"] == "dummy"
    assert not settings.stripe.enabled and not settings.hub.url and not settings.backup.daily
    assert settings.context.shop.name == load_settings(data_dir=shop).context.shop.name  # the shop's own look
    assert (tmp_path / "copy" / "install-id").read_text() == (shop / "install-id").read_text()
    with build_app(settings, clock=clock) as app:
        app.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()), lines=(CartLine("Latte", Money(6500)),),
                                            print_receipt=False))
    assert _counts(tmp_path / "copy" / "shop.sqlite3")[0] == before[0] + 1
    assert _counts(shop / "shop.sqlite3") == before  # the shop itself: not a sale, not an entry more


def test_the_pictures_of_a_folder_without_a_shop_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as refused:
        picture_copy(tmp_path / "typo", tmp_path / "copy")
    assert refused.value.code == "cli.no_shop" and not (tmp_path / "typo").exists()
