"""`kiosk counter` (and the other screens) on a data folder with no shop opens the set-up wizard instead of an empty
counter, writes nothing until Finish, and then continues to the counter on the shop it made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import kiosk.ui.setup
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.services.setup import SetupPlan, ShopSetup
from tests.integration.test_cli import PINNED_NOW


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "logs"))


@pytest.mark.parametrize("face", ["counter", "manager", "selfservice"])
def test_a_screen_on_a_new_folder_shows_the_wizard_and_writes_nothing(
        qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str], face: str) -> None:
    shop, picture = tmp_path / "shop", tmp_path / "wizard.png"
    assert main(["--data-dir", str(shop), face, "--windowed", "--screenshot", str(picture)]) == 0
    assert capsys.readouterr().out.strip() == str(picture) and picture.stat().st_size > 10_000
    assert not shop.exists()
    assert "the set-up wizard opens" in (tmp_path / "logs" / f"{face}.log").read_text(encoding="utf-8")
    assert main(["--data-dir", str(shop), face, "--windowed", "--exit-after-ready"]) == 0
    assert capsys.readouterr().out.startswith("ready_after_s=") and not shop.exists()


def test_after_finish_the_counter_opens_on_the_new_shop(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shop, picture = tmp_path / "shop", tmp_path / "counter.png"
    asked: list[dict[str, Any]] = []

    def finish_at_once(setup: ShopSetup, **options: Any) -> bool:
        """What a person does in the wizard, through the same ShopSetup it was handed."""
        asked.append(options)
        plan = SetupPlan(shop=setup.shop_details(name="Som Tam Corner"), currency="THB", language="en",
                         template="cafe_stamps", owner_name="Noi", owner_pin="4321", printer=setup.printer("none"))
        setup.finish(plan)
        return True

    monkeypatch.setattr(kiosk.ui.setup, "run", finish_at_once)
    assert main(["--data-dir", str(shop), "counter", "--language", "th", "--screenshot", str(picture)]) == 0
    assert asked == [{"language": "th", "fullscreen": False, "screenshot": picture, "exit_after_ready": False}]
    assert picture.is_file() and load_settings(data_dir=shop).context.shop.name == "Som Tam Corner"
    # The second start finds a shop: straight to the counter.
    asked.clear()
    assert main(["--data-dir", str(shop), "counter", "--screenshot", str(picture)]) == 0
    assert asked == []

