"""`kiosk counter` (and the other screens) on a data folder with no shop opens the set-up wizard instead of an empty
counter, writes nothing until Finish, and then continues to the counter on the shop it made."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from kiosk.cli import main
from kiosk.cli.gui import SCREENSHOTS_AT, screenshots_clock
from kiosk.config import load_settings
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.setup.wizard import SetupWizard
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
    take_queued_quit(qapp)


def take_queued_quit(qapp: QApplication) -> None:
    """--exit-after-ready leaves a Quit event queued, which would end the next modal loop (the wizard's) at once;
    one turn of the application's own loop takes it. A real process runs one screen and never meets it."""
    QTimer.singleShot(0, lambda: qapp.exit(0))
    qapp.exec()


def test_after_finish_the_counter_opens_on_the_new_shop(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole start: the wizard's own modal loop, typed into as a person would, then the counter's loop."""
    take_queued_quit(qapp)
    shop = tmp_path / "shop"
    seen: list[str] = []

    def exec_and_fill_in(wizard: SetupWizard) -> int:
        def fill_in() -> None:
            wizard.shop.name.setText("Som Tam Corner")
            wizard.next()
            wizard.next()
            wizard.program.options["cafe_stamps"][0].setChecked(True)
            wizard.next()
            for edit, text in ((wizard.owner.owner_name, "Noi"), (wizard.owner.pin, "4321"),
                               (wizard.owner.pin_again, "4321")):
                edit.setText(text)
            wizard.next()
            wizard.printer.connection.setCurrentIndex(wizard.printer.connection.findData("none"))
            wizard.next()
            wizard.next()
            wizard.next()  # Finish: the wizard closes itself once the shop is made

        QTimer.singleShot(0, fill_in)
        return QDialog.exec(wizard)

    def counter_up() -> None:
        # This start's counter: other tests' screenshots can leave counters of other shops behind, unclosed.
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, CounterWindow) and w.isVisible() and w.app.data_dir == shop]
        if not windows:
            QTimer.singleShot(50, counter_up)
            return
        seen.append(windows[0].windowTitle())
        windows[0].close()
        qapp.exit(0)  # those other windows may keep "the last window closed" from ending the counter's loop

    monkeypatch.setattr(SetupWizard, "exec", exec_and_fill_in)
    QTimer.singleShot(0, counter_up)  # runs once the wizard's loop is going, and keeps looking for the counter
    assert main(["--data-dir", str(shop), "counter", "--windowed"]) == 0
    assert seen == ["Som Tam Corner · Loyalty Kiosk"]
    assert load_settings(data_dir=shop).context.shop.name == "Som Tam Corner"


def test_the_demo_screenshots_are_taken_at_a_fixed_moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk screenshots` of the demo shop: the same pictures whichever day (the Devices page's "last activity",
    "today's" figures); KIOSK_NOW still pins any shop; a real shop's --data-dir keeps the wall clock."""
    monkeypatch.delenv("KIOSK_NOW", raising=False)
    settings = load_settings(data_dir=tmp_path)
    demo = screenshots_clock(settings, demo=True)
    assert demo is not None and demo.now() == SCREENSHOTS_AT
    assert screenshots_clock(settings, demo=False) is None
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    pinned = screenshots_clock(load_settings(data_dir=tmp_path), demo=False)
    assert pinned is not None and pinned.now() == datetime.fromisoformat(PINNED_NOW)
