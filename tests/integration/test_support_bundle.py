"""`kiosk support-bundle` writes one zip of logs, versions, settings, a verify report and row counts, and no member's
name, phone or email is inside it, even when a log line leaked them."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import build_demo
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.services.context import FixedClock
from tests.integration.test_cli import PINNED_NOW

PREFIX = "loyalty-kiosk-support/"


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("KIOSK_LOG_DIR", str(folder))
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    return folder


def bundle(capsys: pytest.CaptureFixture[str], data_dir: Path, out: Path, language: str = "en") -> dict[str, str]:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "--language", language, "support-bundle", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    with zipfile.ZipFile(out) as zipped:
        return {name.removeprefix(PREFIX): zipped.read(name).decode("utf-8") for name in zipped.namelist()}


def spellings(phone: str) -> list[str]:
    """+66812345678 as people write it: +66812345678, 0812345678, 081-234-5678, 081 234 5678."""
    local = "0" + phone.removeprefix("+66")
    return [phone, local, f"{local[:3]}-{local[3:6]}-{local[6:]}", f"{local[:3]} {local[3:6]} {local[6:]}"]


def test_the_bundle_has_what_support_needs_and_no_personal_data(tmp_path: Path, log_dir: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    shop = tmp_path / "shop"
    build_demo(load_settings(data_dir=shop), members=12, days=3,
               clock=FixedClock(datetime.fromisoformat(PINNED_NOW)))
    assert main(["--data-dir", str(shop), "member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101",
                 "--email", "malee@example.com"]) == 0
    with sqlite3.connect(shop / "shop.sqlite3") as conn:
        members = conn.execute("SELECT name, phone, email FROM members").fetchall()
        staff = [row[0] for row in conn.execute("SELECT name FROM staff")]
    # What a careless log line would leak: a name, a phone however written, an email.
    leaks = [f"member {name} {' '.join(spellings(phone))} {email or ''}" for name, phone, email in members]
    with (log_dir / "kiosk.log").open("a", encoding="utf-8") as log:
        log.write("\n".join(f"2026-11-26 14:00:00,000 INFO [1] kiosk.test: {leak}" for leak in leaks) + "\n")
        log.write("2026-11-26 14:00:00,000 INFO [1] kiosk.test: hub postgresql://kiosk:s3cret@hub/shop\n")

    files = bundle(capsys, shop, tmp_path / "support.zip")

    expected = {"README.txt", "versions.json", "environment.json", "shop.json", "verify.txt", "logs/kiosk.log"}
    assert expected <= set(files)
    versions = json.loads(files["versions.json"])
    assert versions["loyalty-kiosk"] and versions["sqlite"] == sqlite3.sqlite_version and versions["qt"]
    facts = json.loads(files["shop.json"])
    assert facts["revision"] == facts["head"] and facts["rows"]["members"] == 13 and facts["problems"] == []
    assert files["verify.txt"].startswith("OK: ")
    assert "kiosk member" in files["logs/kiosk.log"]  # the log is there, with what it says about the app
    assert "[name] [name] [phone] [phone] [phone] [phone] [email]" in files["logs/kiosk.log"]
    everything = "\n".join(files.values())
    for name, phone, email in members:
        assert name not in everything
        for part in name.split():
            assert part not in everything, part
        for written in spellings(phone):
            assert written not in everything, written
        if email:
            assert email not in everything
    for name in staff:
        assert name not in everything
    assert "s3cret" not in everything and "postgresql://kiosk:***@hub/shop" in everything


def test_a_bundle_of_a_machine_with_no_shop_leaves_the_data_folder_alone(tmp_path: Path, log_dir: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    files = bundle(capsys, tmp_path / "no-shop", tmp_path / "support.zip")
    assert not (tmp_path / "no-shop").exists()
    assert "there is no shop database yet" in json.loads(files["shop.json"])["problems"]
    assert files["verify.txt"].startswith("Not verified")


def test_a_broken_settings_file_is_reported_not_fatal(tmp_path: Path, log_dir: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "config.toml").write_text("[shop]\nname = 'Baan Kafe'\n[pointz]\nenabled = true\n", encoding="utf-8")
    files = bundle(capsys, shop, tmp_path / "support.zip")
    problems = json.loads(files["shop.json"])["problems"]
    assert any(p.startswith("settings: Unknown setting 'pointz'") for p in problems)
    assert "[pointz]" in files["config/2-config.toml"]  # the file itself, to see what is wrong with it


def test_the_bundle_says_its_own_lines_in_the_language_asked(tmp_path: Path, log_dir: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 17: the problems the bundle finds itself and its verify report come from the catalogue."""
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "config.toml").write_text("[shop]\nname = 'Baan Kafe'\n[pointz]\nenabled = true\n", encoding="utf-8")
    files = bundle(capsys, shop, tmp_path / "support.zip", language="th")
    problems = json.loads(files["shop.json"])["problems"]
    assert problems[0].startswith("การตั้งค่า: ") and "pointz" in problems[0]
    assert problems[1] == "อ่านข้อมูลสมาชิกไม่ได้: ตัดอีเมลและตัวเลขที่เหมือนเบอร์โทรออกแล้ว แต่ตัดชื่อออกไม่ได้"
    assert files["verify.txt"] == "ยังไม่ได้ตรวจสอบ: อ่านการตั้งค่าไม่ได้\n"


def test_what_the_bundle_could_not_read_in_the_shop_is_said_in_the_language_asked(
        tmp_path: Path, log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 17: the look at the shop's database named its problems in English ("there is no shop database
    yet", "the database is at revision ...") inside a Thai bundle."""
    files = bundle(capsys, tmp_path / "no-shop", tmp_path / "support.zip", language="th")
    assert "ยังไม่มีฐานข้อมูลของร้าน" in json.loads(files["shop.json"])["problems"]
    assert files["verify.txt"] == "ยังไม่ได้ตรวจสอบ: ยังไม่มีฐานข้อมูลของร้าน\n"


def test_an_erased_members_placeholder_name_is_not_taken_out_of_the_bundle(tmp_path: Path, log_dir: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """After any erasure, the bundle blanked the word "member" out of every log line ("kiosk [name] 0.1.0",
    "refused: [name].phone_taken"): the erased member's placeholder name was taken for a member's own."""
    shop = tmp_path / "shop"
    build_demo(load_settings(data_dir=shop), members=4, days=1, clock=FixedClock(datetime.fromisoformat(PINNED_NOW)))
    for phone, name in (("089-555-0201", "Malee Sriwan"), ("089-555-0202", "Somsri Meesuk")):
        assert main(["--data-dir", str(shop), "member", "enroll", "--name", name, "--phone", phone]) == 0
    assert main(["--data-dir", str(shop), "privacy", "erase", "089-555-0201", "--manager-pin", "2222"]) == 0
    with (log_dir / "kiosk.log").open("a", encoding="utf-8") as log:
        log.write("2026-11-26 14:00:00,000 INFO [1] kiosk.test: refused: member.phone_taken for Somsri Meesuk\n")

    files = bundle(capsys, shop, tmp_path / "support.zip")

    log_text = files["logs/kiosk.log"]
    assert "kiosk member" in log_text and "refused: member.phone_taken for [name] [name]" in log_text
    assert "Somsri" not in "\n".join(files.values())
