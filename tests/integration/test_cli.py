"""The scripting interface end to end, as a shop owner's script would use it: `python -m kiosk --data-dir D ...`
in a subprocess, JSON that parses, exit codes that mean something, and one clear line on stderr when refused."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.language import set_shop_language

# Child processes, kill loops, real waits on a throttled printer or a local Stripe: left out of the quick run.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Every command runs at this moment, not the wall clock's: the demo's history and "today's" report then agree
# whatever the hour (the daily report was empty between midnight and the demo's first sale in Bangkok).
PINNED_NOW = "2026-11-26T14:00:00+07:00"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def kiosk(data_dir: Path, *args: str, manager_pin: str | None = None, json_out: bool = False) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_MANAGER_PIN", "KIOSK_CONFIG",
                                                              "KIOSK_DATABASE_URL")}
    env["KIOSK_NOW"] = PINNED_NOW
    if manager_pin:
        env["KIOSK_MANAGER_PIN"] = manager_pin
    argv = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir)] + (["--json"] if json_out else []) + list(args)
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def kiosk_in_process(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch, manager_pin: str | None = None) -> Run:
    """The same entry point without a new interpreter: for the many refusal cases, to keep the suite quick."""
    from kiosk.cli import main

    if manager_pin:
        monkeypatch.setenv("KIOSK_MANAGER_PIN", manager_pin)
    else:
        monkeypatch.delenv("KIOSK_MANAGER_PIN", raising=False)
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def refused(run: Run) -> str:
    """A refusal: non-zero exit, exactly one line on stderr, no traceback, nothing on stdout."""
    assert run.code == 1, (run.code, run.out, run.err)
    assert "Traceback" not in run.err and run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    return lines[0]


FEATURED: dict[str, str] = {}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("cli-shop")
    run = kiosk(data_dir, "demo", "--members", "15", "--days", "5", json_out=True)
    assert run.code == 0, run.err
    demo = run.json()
    assert demo["members"] == 15 and demo["days"] == 5 and demo["sales"] > 0
    assert demo["featured_member_code"].startswith("LK1M")
    FEATURED["code"] = demo["featured_member_code"]
    set_shop_language(data_dir, "en")  # the demo shop is Thai; these tests read its refusals in English
    yield data_dir


def test_members_enrol_show_and_search(shop: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    enrol = ("member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101", "--language", "en",
             "--birthday", "1991-04-02", "--id", "cli-join-1")
    run = kiosk(shop, *enrol, json_out=True)
    assert run.code == 0, run.err
    joined = run.json()
    assert joined["display_name"] == "Malee S." and joined["signup_points"] == 50

    shown = kiosk(shop, "--language", "en", "member", "show", joined["member_code"])
    assert shown.code == 0
    assert "Malee S." in shown.out and "•••-•••-0101" in shown.out and "Points: 50" in shown.out
    assert "Tier: Bronze" in shown.out and "Coffee card" in shown.out
    thai = kiosk(shop, "--language", "th", "member", "show", joined["member_code"])
    assert "แต้ม: 50 (มูลค่า ฿" in thai.out and "บัตรสะสมแสตมป์กาแฟ: " in thai.out and "ระดับ: " in thai.out

    again = kiosk_in_process(shop, "--json", *enrol, capsys=capsys, monkeypatch=monkeypatch)
    assert json.loads(again.out) == joined  # a retried script changes nothing
    found = kiosk_in_process(shop, "--json", "member", "search", "malee", capsys=capsys, monkeypatch=monkeypatch)
    members = json.loads(found.out)
    assert [m["display_name"] for m in members] == ["Malee S."]
    assert members[0]["masked_phone"] == "•••-•••-0101"


def test_sales_refunds_and_approvals(shop: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    phone = "0895550202"
    assert kiosk_in_process(shop, "member", "enroll", "--name", "Ben Lee", "--phone", phone, capsys=capsys,
                            monkeypatch=monkeypatch).code == 0
    added = kiosk(shop, "adjust", phone, "300", "--reason", "welcome gift", manager_pin="2222", json_out=True)
    assert added.code == 0, added.err
    assert added.json()["points_balance"] == 350

    run = kiosk(shop, "sale", "--member", phone, "--item", "LATTE:2", "--amount", "35", "--points", "20",
                "--redeem", "off50", "--cash-given", "200", "--id", "cli-sale-1", json_out=True)
    assert run.code == 0, run.err
    sale = run.json()
    assert sale["subtotal"] == {"minor": 16500, "currency": "THB"}
    assert sale["points_spent"] == 220 and sale["amount_due"]["minor"] == 16500 - 5000 - 500
    assert sale["change"]["minor"] == 20000 - 11000
    assert [d["kind"] for d in sale["discounts"]] == ["reward", "points"]
    assert [s["earned"] for s in sale["stamps"]] == [2]

    no_pin = refused(kiosk(shop, "refund", sale["receipt_no"]))
    assert no_pin == "kiosk: Refunds need a manager's PIN."
    done = kiosk(shop, "refund", sale["receipt_no"], "--reason", "spilt", manager_pin="2222", json_out=True)
    assert done.code == 0, done.err
    refund = done.json()
    assert refund["original_receipt_no"] == sale["receipt_no"] and refund["points_returned"] == 220
    shown = json.loads(kiosk_in_process(shop, "--json", "member", "show", phone, capsys=capsys,
                                        monkeypatch=monkeypatch).out)
    assert shown["points"] == 350 and shown["visits"][0]["status"] == "refunded"


def test_text_output_and_refund_twice_in_process(shop: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sale = kiosk_in_process(shop, "--language", "en", "sale", "--item", "CAKE", "--payment", "card", capsys=capsys,
                            monkeypatch=monkeypatch)  # the demo shop speaks Thai; --language en asks for English
    assert sale.code == 0 and sale.out.startswith("Receipt C1-") and "to pay ฿95.00" in sale.out
    receipt = sale.out.split()[1].rstrip(":")
    wrong = refused(kiosk_in_process(shop, "refund", receipt, manager_pin="1111", capsys=capsys,
                                     monkeypatch=monkeypatch))  # a cashier's PIN
    assert wrong == "kiosk: That is not a manager's PIN."
    ok = kiosk_in_process(shop, "--language", "th", "refund", receipt, manager_pin="2222", capsys=capsys,
                          monkeypatch=monkeypatch)
    assert ok.code == 0 and ok.out.startswith("คืนเงิน C1-R")  # --language th: what happened, in Thai
    twice = refused(kiosk_in_process(shop, "refund", receipt, manager_pin="2222", capsys=capsys,
                                     monkeypatch=monkeypatch))
    assert twice == f"kiosk: Sale {receipt} was already refunded."


@pytest.mark.parametrize("args, message", [
    (("sale", "--item", "NOPE"), "kiosk: No item with SKU 'NOPE'."),
    (("sale", "--amount", "12.345"), "kiosk: THB amounts have at most 2 decimal places."),
    (("sale", "--amount", "-5"), "kiosk: '-5' is not an amount"),
    (("sale",), "kiosk: Give --amount or at least one --item."),
    (("member", "show", "0800000009"), "kiosk: No member has that phone number."),
    (("member", "enroll", "--name", "X Y", "--phone", "0812345678"), "kiosk: A member with this phone number"),
    (("sale", "--amount", "100", "--member", "FORGED"), "kiosk: This card is not valid at this shop."),
    (("sale", "--amount", "100", "--member", "LK1M123"), "kiosk: That is not one of this shop's codes."),
    (("refund", "C1-999999"), "kiosk: No sale has receipt number C1-999999."),
    (("donate", "0812345678", "soi_dogs", "5"), "kiosk: Donate at least 20 points."),
    (("restore", "/nonexistent/backup.sqlite3"), "kiosk: There is no backup at"),
])
def test_refusals_are_one_readable_line(shop: Path, args: tuple[str, ...], message: str,
                                        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if "FORGED" in args:
        code = FEATURED["code"]
        args = tuple(code[:-1] + ("0" if code[-1] != "0" else "1") if a == "FORGED" else a for a in args)
    run = kiosk_in_process(shop, *args, capsys=capsys, monkeypatch=monkeypatch, manager_pin="2222")
    assert refused(run).startswith(message)


def test_refusals_in_json_carry_the_stable_code(shop: Path) -> None:
    run = kiosk(shop, "member", "show", "0800000009", json_out=True)
    assert run.code == 1 and run.out == ""
    assert json.loads(run.err) == {"error": "member.phone_not_found", "message": "No member has that phone number.",
                                   "params": {}}


def test_a_thai_shop_refuses_in_thai_and_its_json_keeps_the_code_and_english(
        shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: the command line speaks the shop's configured language; --json stays for scripts."""
    set_shop_language(shop, "th")
    try:
        line = refused(kiosk_in_process(shop, "donate", "0812345678", "soi_dogs", "5", capsys=capsys,
                                        monkeypatch=monkeypatch))
        assert line == "kiosk: บริจาคอย่างน้อย 20 แต้ม"
        assert refused(kiosk_in_process(shop, "sale", "--amount", "12.345", capsys=capsys,
                                        monkeypatch=monkeypatch)) == "kiosk: เงิน THB มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"
        as_json = kiosk_in_process(shop, "--json", "donate", "0812345678", "soi_dogs", "5", capsys=capsys,
                                   monkeypatch=monkeypatch)
        assert as_json.code == 1 and json.loads(as_json.err) == {
            "error": "reward.below_min_donation", "message": "Donate at least 20 points.", "params": {"min": 20}}
    finally:
        set_shop_language(shop, "en")


def test_report_verify_backup_and_restore(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    report = kiosk(shop, "report", "daily", json_out=True)
    assert report.code == 0, report.err
    summary = report.json()
    assert summary["sales"] >= 1 and summary["currency"] == "THB"
    assert summary["member_sales"] + summary["non_member_sales"] == summary["sales"]
    verify = kiosk(shop, "--language", "en", "verify")
    assert verify.code == 0 and verify.out.startswith("OK: ")

    backup = tmp_path / "copy.sqlite3"
    made = kiosk(shop, "backup", str(backup), json_out=True)
    assert made.code == 0 and backup.exists() and made.json()["bytes"] == backup.stat().st_size
    assert kiosk(shop, "sale", "--amount", "42", "--id", "after-backup").code == 0
    restored = kiosk(shop, "--language", "en", "restore", str(backup))
    assert restored.code == 0, restored.err
    assert "verify: OK" in restored.out
    # the sale made after the backup is gone: the same request id is free for a different sale again
    again = kiosk_in_process(shop, "sale", "--amount", "43", "--id", "after-backup", "--language", "en",
                             capsys=capsys, monkeypatch=monkeypatch)
    assert again.code == 0 and "to pay ฿43.00" in again.out
    text = kiosk_in_process(shop, "--language", "en", "report", "daily", capsys=capsys, monkeypatch=monkeypatch)
    assert "Revenue" in text.out and "Points issued" in text.out


def test_a_thai_shop_hears_thai_from_the_command_line(shop: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo shop's language is Thai (shop.language): a sale and the day's summary say it all in Thai, no
    English words and no raw keys; --json keeps each event's code and values."""
    set_shop_language(shop, "th")  # as the demo shop comes (the module's shop was set to English)
    sale = kiosk_in_process(shop, "sale", "--member", FEATURED["code"], "--item", "LATTE", "--payment", "card",
                            capsys=capsys, monkeypatch=monkeypatch)
    assert sale.code == 0, sale.err
    lines = sale.out.splitlines()
    assert lines[0].startswith("ใบเสร็จ C1-") and ": ยอดรวม ฿" in lines[0] and "ต้องชำระ ฿" in lines[0]
    assert any(line.startswith("  แต้ม +") and "แคชแบ็ก ฿" in line for line in lines), sale.out
    assert any(line.startswith("  บัตรสะสมแสตมป์กาแฟ: +1 ดวง → ") for line in lines), sale.out
    assert not re.search(r"[A-Za-z]{2,}", sale.out.replace(lines[0].split()[1], "")), sale.out  # the receipt no.

    report = kiosk_in_process(shop, "report", "daily", capsys=capsys, monkeypatch=monkeypatch)
    assert report.code == 0, report.err
    assert "รายได้" in report.out and "แต้มที่ให้" in report.out and "สมาชิกใหม่" in report.out
    assert not re.search(r"[A-Za-z]", report.out), report.out  # no English, no "stamp_reward"

    adjusted = kiosk_in_process(shop, "adjust", FEATURED["code"], "10", "--reason", "ทดสอบ", manager_pin="2222",
                                capsys=capsys, monkeypatch=monkeypatch)
    assert adjusted.code == 0, adjusted.err
    assert adjusted.out.startswith("เพิ่มแต้ม: +10; คงเหลือ ") and adjusted.out.rstrip().endswith(" แต้ม")
    as_json = kiosk_in_process(shop, "--json", "adjust", FEATURED["code"], "-10", "--reason", "ทดสอบ",
                               manager_pin="2222", capsys=capsys, monkeypatch=monkeypatch)
    assert json.loads(as_json.out)["events"] == [{"event": "PointsAdjusted", "code": "event.points_adjusted.removed",
                                                  "kind": "removed", "points": 10}]
