"""The demo shop never touches the real data folder: `kiosk demo` and scripts/demo.sh use a demo folder of their own
(KIOSK_DEMO_DIR, else the platform's loyalty-kiosk-demo folder) unless --data-dir says otherwise, and say where."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.integration.test_cli import PINNED_NOW, ROOT


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(the real shop's data folder, the platform's data home): neither exists yet."""
    real, home = tmp_path / "real-shop", tmp_path / "xdg-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(real))
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("KIOSK_DEMO_DIR", raising=False)
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    return real, home


def where(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main([*argv, "demo", "--where"]) == 0
    return capsys.readouterr().out.strip()


def test_the_demo_folder_is_its_own_unless_told(folders: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real, home = folders
    assert where(capsys) == str(home / "loyalty-kiosk-demo")  # not KIOSK_DATA_DIR, the real shop
    monkeypatch.setenv("KIOSK_DEMO_DIR", str(tmp_path / "my-demo"))
    assert where(capsys) == str(tmp_path / "my-demo")
    assert where(capsys, "--data-dir", str(tmp_path / "chosen")) == str(tmp_path / "chosen")
    assert not real.exists()


def test_kiosk_demo_builds_there_and_says_how_to_open_it(folders: tuple[Path, Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    real, home = folders
    capsys.readouterr()
    assert main(["demo", "--members", "10", "--days", "2"]) == 0
    out = capsys.readouterr().out
    demo = home / "loyalty-kiosk-demo"
    assert (demo / "shop.sqlite3").is_file()
    assert f"ร้านตัวอย่างพร้อมแล้วที่ {demo}:" in out  # the demo shop is a Thai café: it says so in Thai
    assert f"kiosk --data-dir {demo} counter" in out and f"export KIOSK_DATA_DIR={demo}" in out
    assert not real.exists()
    capsys.readouterr()
    assert main(["--json", "demo", "--members", "10", "--days", "2"]) == 0  # again: reports the shop it built
    assert f'"data_dir": "{demo}"' in capsys.readouterr().out


@pytest.mark.slow
def test_scripts_demo_sh_opens_the_counter_on_the_demo_folder(tmp_path: Path) -> None:
    """The README's first command, headless: the whole demo, then the counter on that folder and nowhere else."""
    real, demo, logs = tmp_path / "real-shop", tmp_path / "demo", tmp_path / "logs"
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_DATABASE_URL")}
    env |= {"KIOSK_DATA_DIR": str(real), "KIOSK_DEMO_DIR": str(demo), "KIOSK_LOG_DIR": str(logs),
            "KIOSK_NOW": PINNED_NOW, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SETUP_ARGS": "--no-system"}
    done = subprocess.run([str(ROOT / "scripts" / "demo.sh"), "--exit-after-ready"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"ร้านตัวอย่างพร้อมแล้วที่ {demo}:" in done.stdout and "ready_after_s=" in done.stdout
    assert (demo / "shop.sqlite3").is_file() and not real.exists()
    log = (logs / "counter.log").read_text(encoding="utf-8")
    assert "kiosk counter " in log and "set-up wizard" not in log  # the counter, on a shop with staff
