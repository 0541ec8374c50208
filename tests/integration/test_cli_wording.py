"""What the `kiosk` command says, in words a shop reads right (a black-box test's findings): a reprint shown as
the copy it is."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.l10n.catalogue import CATALOGUE, render
from tests.integration.test_cli import kiosk_in_process
from tests.integration.test_cli_json import demo_template  # noqa: F401  (module fixture: the demo shop)

SOMCHAI = "081-234-5678"


@pytest.fixture()
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Path]:  # noqa: F811
    data_dir = tmp_path / "shop"
    shutil.copytree(demo_template, data_dir)
    yield data_dir


def test_the_first_reprint_of_a_receipt_is_shown_as_a_copy(demo: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's first receipt has left the queue: its reprint is made again from the sale, marked COPY on the
    paper but pointing at no job, and the queue showed it as the receipt itself."""
    first = kiosk_in_process(demo, "--json", "printer", "reprint", "C1-000001", capsys=capsys,
                             monkeypatch=monkeypatch)
    assert first.code == 0, first
    again = kiosk_in_process(demo, "--json", "printer", "reprint", "C1-000001", capsys=capsys,
                             monkeypatch=monkeypatch)
    queue = kiosk_in_process(demo, "--language", "en", "printer", "queue", capsys=capsys, monkeypatch=monkeypatch)
    lines = [line for line in queue.out.splitlines() if "C1-000001" in line]
    assert len(lines) == 2 and all("C1-000001 (copy)" in line for line in lines), queue.out
    thai = kiosk_in_process(demo, "--language", "th", "printer", "queue", capsys=capsys, monkeypatch=monkeypatch)
    assert thai.out.count("C1-000001 (สำเนา)") == 2, thai.out
    rows = json.loads(kiosk_in_process(demo, "--json", "printer", "queue", capsys=capsys,
                                       monkeypatch=monkeypatch).out)
    assert {row["id"]: row["is_copy"] for row in rows if row["reference"] == "C1-000001"} == {
        json.loads(first.out)["id"]: True, json.loads(again.out)["id"]: True}


def test_counts_agree_with_their_words_in_english(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """"1 receipts", "1 PROBLEMS", "card(s)": one of a thing is said in the singular, more in the plural."""
    enrolled = kiosk_in_process(demo, "member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101",
                                capsys=capsys, monkeypatch=monkeypatch)
    assert enrolled.code == 0, enrolled
    out = tmp_path / "malee.json"
    exported = kiosk_in_process(demo, "--language", "en", "privacy", "export", "089-555-0101", "--out", str(out),
                                manager_pin="2222", capsys=capsys, monkeypatch=monkeypatch)
    assert exported.out.strip() == f"Exported 1 ledger entry and 0 sales to {out}", exported
    thai = kiosk_in_process(demo, "--language", "th", "privacy", "export", "089-555-0101", "--out", str(out),
                            manager_pin="2222", capsys=capsys, monkeypatch=monkeypatch)
    assert thai.out.strip() == f"ส่งออกรายการบัญชี 1 รายการ และบิล 0 บิล ไปที่ {out} แล้ว", thai
    erased = kiosk_in_process(demo, "--language", "en", "privacy", "erase", "089-555-0101", manager_pin="2222",
                              capsys=capsys, monkeypatch=monkeypatch)
    assert erased.code == 0 and "personal data wiped, 1 card revoked, written off: " in erased.out, erased
    drained = kiosk_in_process(demo, "--language", "en", "printer", "drain", "--once", capsys=capsys,
                               monkeypatch=monkeypatch)
    assert drained.out.splitlines()[-1] == "0 jobs still pending.", drained


@pytest.mark.parametrize(("code", "params", "en"), [
    ("cli.verify.problems", {"count": 1}, "1 PROBLEM:"),
    ("cli.verify.problems", {"count": 3}, "3 PROBLEMS:"),
    ("cli.partner.imported", {"partner": "Bookshop", "receipts": 1, "applied": 1, "earned": 45, "redeemed": 0,
                              "already": 0}, "Bookshop: 1 receipt, 1 imported (+45 / -0 points), 0 already recorded"),
    ("cli.printer.pending", {"count": 1}, "1 job still pending."),
    ("cli.printer.held", {"count": 1}, "1 held job: check the paper, then `kiosk printer reprint ID` to print a copy."),
    ("cli.support.verify_problems", {"entries": 1, "audit": 2},
     "PROBLEMS: 1 ledger entry and 2 audit records checked."),
    ("cli.keys.rotated", {"key": "k2", "retired": "k1", "cards": 1},
     "New signing key k2; retired k1. 1 card still uses a retired key and keeps working until reissued "
     "('kiosk keys reissue')."),
    ("cli.keys.rotated", {"key": "k2", "retired": "k1", "cards": 2},
     "New signing key k2; retired k1. 2 cards still use a retired key and keep working until reissued "
     "('kiosk keys reissue')."),
    ("cli.expired", {"points": 1, "credit": "฿0.00", "rewards": 0, "members": 1},
     "Expired 1 point, ฿0.00 credit and 0 rewards for 1 member"),
    ("sync.pause.nothing_lost_waiting", {"waiting": 1},
     "Nothing is lost or sent to review meanwhile: 1 change waits; the sync tries again by itself every minute or "
     "so, and `kiosk sync --once` tries now."),
])
def test_a_count_chooses_the_english_word(code: str, params: dict[str, object], en: str) -> None:
    assert render(code, params, "en") == en
    assert "|" not in render(code, params, "th")


def test_no_english_message_hedges_its_plural() -> None:
    assert [code for code, text in CATALOGUE.items() if "(s)" in text.en] == []


def test_a_negative_points_balance_is_said_to_be_owed(demo: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Points spent, then the sale that earned them refunded: the balance is below zero, which `member show` said
    was "worth ฿0.00"."""
    def cli(*args: str) -> str:
        done = kiosk_in_process(demo, *args, manager_pin="2222", capsys=capsys, monkeypatch=monkeypatch)
        assert done.code == 0, done
        return done.out

    cli("member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101")
    sale = json.loads(cli("--json", "sale", "--member", "089-555-0101", "--amount", "400", "--payment", "card",
                          "--no-receipt"))
    cli("donate", "089-555-0101", "soi_dogs", str(sale["points_balance"]))
    cli("refund", sale["receipt_no"], "--reason", "returned")
    points = json.loads(cli("--json", "member", "show", "089-555-0101"))["points"]
    assert points < 0
    english = cli("--language", "en", "member", "show", "089-555-0101").splitlines()[1]
    assert english == f"Points: {points} (owed to the shop)   Store credit: ฿0.00"
    thai = cli("--language", "th", "member", "show", "089-555-0101").splitlines()[1]
    assert thai == f"แต้ม: {points} (แต้มติดลบ ค้างชำระกับร้าน)   เครดิตร้าน: ฿0.00"
    assert "worth" not in english and "มูลค่า" not in thai
    positive = cli("--language", "en", "member", "show", SOMCHAI).splitlines()[1]
    assert positive.startswith("Points: ") and "(worth ฿" in positive


def test_points_a_manager_added_and_took_back_show_apart_in_the_day(demo: Path, capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """+1,000,000 points by mistake and -1,000,000 to put it right, on one day: the summary said "0"."""
    for points in ("1000000", "-1000000"):
        done = kiosk_in_process(demo, "adjust", SOMCHAI, points, "--reason", "typo", manager_pin="2222",
                                capsys=capsys, monkeypatch=monkeypatch)
        assert done.code == 0, done
    english = kiosk_in_process(demo, "--language", "en", "report", "daily", capsys=capsys, monkeypatch=monkeypatch)
    lines = [" ".join(line.split()) for line in english.out.splitlines()]
    assert "Points added by a manager 1,000,000" in lines and "Points taken back by a manager 1,000,000" in lines, \
        english.out
    thai = kiosk_in_process(demo, "--language", "th", "report", "daily", capsys=capsys, monkeypatch=monkeypatch)
    lines = [" ".join(line.split()) for line in thai.out.splitlines()]
    assert "แต้มที่ผู้จัดการเพิ่มให้ 1,000,000" in lines and "แต้มที่ผู้จัดการหักคืน 1,000,000" in lines, thai.out
    summary = json.loads(kiosk_in_process(demo, "--json", "report", "daily", capsys=capsys,
                                          monkeypatch=monkeypatch).out)
    assert (summary["points_added_by_hand"], summary["points_taken_by_hand"]) == (1_000_000, 1_000_000)


def test_the_last_owner_refusal_is_polite_thai(demo: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """"ไม่งั้น" is what one says to a friend, not what a shop's till says to its owner."""
    done = kiosk_in_process(demo, "staff", "disable", "Ploy", "--owner-pin", "9999", capsys=capsys,
                            monkeypatch=monkeypatch)
    assert done.code == 1 and done.err.strip() == (
        "kiosk: ปิดใช้งานบัญชีเจ้าของร้านคนสุดท้ายไม่ได้ เพราะจะไม่มีใครจัดการพนักงานได้อีก"), done
    assert [code for code, text in CATALOGUE.items() if "งั้น" in text.th] == []


def test_the_support_bundles_name_has_the_shops_date(demo: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """01:30 on 27 November in Bangkok is still the 26th in UTC: the file was named for the day before."""
    from kiosk.cli import main

    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("KIOSK_NOW", "2026-11-27T01:30:00+07:00")
    capsys.readouterr()
    assert main(["--data-dir", str(demo), "--json", "support-bundle"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["path"] == "loyalty-kiosk-support-20261127-013000.zip"
    assert [p.name for p in folder.iterdir()] == [said["path"]]


def test_the_daily_report_opens_with_its_sum_and_says_the_sync_is_off(demo: Path, capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI says the summary as the screen does: revenue after the refunds it is net of; no growing count of
    changes waiting for a Stripe that is not set up."""
    english = kiosk_in_process(demo, "--language", "en", "report", "daily", capsys=capsys, monkeypatch=monkeypatch)
    names = [line.split("  ")[0] for line in english.out.splitlines()]
    refunds, revenue = names.index("Refunds"), names.index("Revenue")
    assert names[0] == "Sales" and revenue == refunds + 1 and refunds <= 2, english.out
    assert "Waiting to sync Stripe sync is off" in [" ".join(line.split()) for line in english.out.splitlines()]
    thai = kiosk_in_process(demo, "--language", "th", "report", "daily", capsys=capsys, monkeypatch=monkeypatch)
    assert "รอซิงก์ ปิดการซิงก์อยู่" in [" ".join(line.split()) for line in thai.out.splitlines()]
