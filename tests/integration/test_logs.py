"""Logs: every command writes to a rotating file in the platform's log folder (never a member's name, phone or
email), a bug is one line on stderr with its traceback in the file, and Qt's start-up chatter stays out of the
terminal unless -v asks for it."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import logs
from kiosk.cli import shop as shop_commands
from tests.integration.test_cli import PINNED_NOW, ROOT, kiosk_in_process


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("KIOSK_LOG_DIR", str(folder))
    return folder


def test_a_command_logs_to_the_log_folder_without_what_it_was_given(
        tmp_path: Path, log_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop = tmp_path / "shop"
    assert kiosk_in_process(shop, "staff", "add", "--name", "Ploy", "--role", "owner", "--pin", "9999",
                            capsys=capsys, monkeypatch=monkeypatch).code == 0
    run = kiosk_in_process(shop, "member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101",
                           "--email", "malee@example.com", capsys=capsys, monkeypatch=monkeypatch)
    assert run.code == 0, run.err
    refusal = kiosk_in_process(shop, "member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101",
                               "--email", "not-an-email@", capsys=capsys, monkeypatch=monkeypatch)
    assert refusal.code == 1
    text = (log_dir / "kiosk.log").read_text(encoding="utf-8")
    assert "kiosk member " in text and "refused: member.email_invalid" in text
    # what the lines say, without their time and process id: a millisecond ",555" or a pid holding 9999 is no leak
    said, lines = re.subn(r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \w+ \[\d+\] ", "", text)
    assert lines >= 3, text  # the prefix as the log writes it
    for personal in ("Malee", "Sriwan", "555", "0101", "malee@", "not-an-email", "9999"):
        assert personal not in said, personal


def test_each_screen_has_its_own_log_file_and_the_files_rotate(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert logs.log_file_name("counter") == "counter.log" and logs.log_file_name("member") == "kiosk.log"
    monkeypatch.setattr(logs, "LOG_FILE_BYTES", 2_000)
    try:
        path = logs.setup_logging(verbose=False, command="counter", log_dir=tmp_path)
        for n in range(200):
            logging.getLogger("kiosk.test").info("line %d of a long day at the counter", n)
    finally:
        logs.setup_logging(verbose=False, command=None)  # back to the session's log folder
    assert path == tmp_path / "counter.log"
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["counter.log"] + [f"counter.log.{n}" for n in range(1, logs.LOG_FILES_KEPT + 1)]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    assert "line 199 " in (tmp_path / "counter.log").read_text(encoding="utf-8")


def test_a_bug_is_one_line_on_stderr_and_its_traceback_goes_to_the_log(
        tmp_path: Path, log_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("a bug in staff list")

    monkeypatch.setattr(shop_commands, "cmd_staff_list", broken)
    run = kiosk_in_process(tmp_path / "shop", "staff", "list", capsys=capsys, monkeypatch=monkeypatch)
    assert run.code == 70
    assert run.err.strip().splitlines() == [
        f"kiosk: something went wrong and nothing was changed; the details are in {log_dir / 'kiosk.log'}"]
    text = (log_dir / "kiosk.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a bug in staff list" in text

    verbose = kiosk_in_process(tmp_path / "shop", "-v", "staff", "list", capsys=capsys, monkeypatch=monkeypatch)
    assert verbose.code == 70 and "RuntimeError: a bug in staff list" in verbose.err


def test_qt_chatter_rules_come_before_the_users_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_LOGGING_RULES", raising=False)
    logs.quiet_qt(verbose=True)
    assert "QT_LOGGING_RULES" not in os.environ
    logs.quiet_qt(verbose=False)
    assert os.environ["QT_LOGGING_RULES"] == logs.QUIET_QT_RULES
    logs.quiet_qt(verbose=False)  # a second command in the same process adds nothing
    assert os.environ["QT_LOGGING_RULES"] == logs.QUIET_QT_RULES
    monkeypatch.setenv("QT_LOGGING_RULES", "qt.multimedia.ffmpeg=true")
    logs.quiet_qt(verbose=False)
    assert os.environ["QT_LOGGING_RULES"] == logs.QUIET_QT_RULES + ";qt.multimedia.ffmpeg=true"
    # The one line that explains a window that never opens stays visible.
    assert "qt.qpa.xcb" not in logs.QUIET_QT_RULES and "qt.qpa.plugin" not in logs.QUIET_QT_RULES


@pytest.mark.slow
def test_the_kiosk_starts_without_qt_chatter_unless_asked(tmp_path: Path) -> None:
    """The self-service screen loads Qt Multimedia (the camera) at start: VA-API probing, the FFmpeg banner and
    the offscreen platform's propagateSizeHints note used to greet every newcomer."""
    shop = tmp_path / "shop"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_LOGGING_RULES", "KIOSK_CONFIG", "KIOSK_DATABASE_URL")}
    env |= {"KIOSK_NOW": PINNED_NOW, "QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_DIR": str(tmp_path / "logs")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(shop), *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert run("staff", "add", "--name", "Ploy", "--role", "owner", "--pin", "9999").returncode == 0
    quiet = run("selfservice", "--windowed", "--exit-after-ready")
    assert quiet.returncode == 0 and quiet.stdout.startswith("ready_after_s=")
    assert quiet.stderr == ""
    chatty = run("-v", "selfservice", "--windowed", "--exit-after-ready")
    assert chatty.returncode == 0
    assert "qt.multimedia" in chatty.stderr and "propagateSizeHints" in chatty.stderr
