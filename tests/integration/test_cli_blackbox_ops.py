"""What a second black-box test of the `kiosk` command found, each kept from coming back: tier counts that left
out members who never bought, records of what did not happen, and a refused command that made a shop anyway."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.integration.test_cli import Run, kiosk_in_process, refused
from tests.integration.test_cli_input import run
from tests.integration.test_trust_support import PINS, Shop, make_shop, raw, snapshot
from tests.integration.test_voucher_item_missing import latte_voucher
from tests.support.language import set_shop_language

PHONE = "0812345678"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path, language="en")  # the lines below read the shop's answers in English


def ok(result: Run) -> str:
    assert result.code == 0, (result.code, result.out, result.err)
    return result.out


# -- report health: every live member in a tier ----------------------------------------------------------------
def test_program_health_counts_every_live_member_in_their_tier(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Bronze 89 + Silver 8 + Gold 0 were 97 of a demo shop's 120 members: those who never bought have no tier row
    and were left out, though `member show` says "Tier: Bronze" for them; an erased member's row still counted."""
    for phone in ("0812345601", "0812345602", "0812345603", "0812345604"):
        shop.enroll(phone)
    manager = ("--manager-pin", PINS["manager"])
    ok(run(shop, "sale", "--amount", "100", "--member", "0812345601", capsys=capsys, monkeypatch=monkeypatch))
    ok(run(shop, "sale", "--amount", "100", "--member", "0812345602", capsys=capsys, monkeypatch=monkeypatch))
    ok(run(shop, "privacy", "erase", "0812345602", *manager, capsys=capsys, monkeypatch=monkeypatch))
    assert "Tier: Bronze" in ok(run(shop, "member", "show", "0812345603", capsys=capsys, monkeypatch=monkeypatch))

    out = ok(run(shop, "report", "health", capsys=capsys, monkeypatch=monkeypatch))

    tiers = {line.split()[1]: int(line.split()[-1]) for line in out.splitlines() if line.startswith("Tier: ")}
    assert tiers == {"Bronze": 3, "Silver": 0, "Gold": 0}, tiers  # 01 bought, 03 and 04 never did; 02 is erased


# -- privacy export: recorded once written, only where asked, for its owner's eyes ------------------------------
def test_a_privacy_export_is_recorded_only_once_written_into_an_existing_folder_and_kept_private(
        shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`--out` a directory (or /proc/nope.json) said "Could not write" yet audited `member.exported`;
    `--out /nonexistent/x.json` made the folder and left the member's data there readable by all (0644)."""
    shop.enroll(PHONE)
    export = ("privacy", "export", PHONE, "--manager-pin", PINS["manager"], "--out")
    folder = tmp_path / "exports"
    folder.mkdir()
    before = snapshot(shop.db_path)
    line = refused(run(shop, *export, str(folder), capsys=capsys, monkeypatch=monkeypatch))
    assert line.startswith(f"kiosk: Could not write {folder}: "), line
    missing = tmp_path / "no-such-folder" / "x.json"
    line = refused(run(shop, *export, str(missing), capsys=capsys, monkeypatch=monkeypatch))
    assert line == f"kiosk: Could not write {missing}: No such file or directory.", line
    assert not missing.parent.exists() and list(folder.iterdir()) == []
    after = snapshot(shop.db_path)
    assert after["counts"] | {"audit_log": 0} == before["counts"] | {"audit_log": 0}  # only approvals audited
    assert _exported(shop) == 0

    written = folder / "somchai.json"
    assert str(written) in ok(run(shop, *export, str(written), capsys=capsys, monkeypatch=monkeypatch))
    assert json.loads(written.read_text(encoding="utf-8"))["profile"]["phone"]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600 and sorted(folder.iterdir()) == [written]
    assert _exported(shop) == 1


def _exported(shop: Shop) -> int:
    with shop.app.uow_factory(readonly=True) as uow:
        return sum(1 for r in uow.audit.records() if r.action == "member.exported")


# -- a refused first staff member makes no shop ----------------------------------------------------------------
@pytest.mark.parametrize("made", [True, False], ids=["empty-folder", "no-folder"])
def test_a_refused_first_staff_member_leaves_no_shop_behind(made: bool, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`staff add --name Boss --role cashier --pin 1234` in an empty folder was refused ("first staff member must
    be an owner") but wrote shop.sqlite3, install-id and a signing key, and other commands then took it for a
    shop."""
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    folder = tmp_path / "new-shop"
    if made:
        folder.mkdir()

    def staff_add(*args: str) -> Run:
        return kiosk_in_process(folder, "--language", "en", "staff", "add", *args, capsys=capsys,
                                monkeypatch=monkeypatch)

    assert "first staff member must be an owner" in refused(staff_add("--name", "Boss", "--role", "cashier",
                                                                      "--pin", "1234"))
    assert "4 to 8 digits" in refused(staff_add("--name", "Boss", "--role", "owner", "--pin", "12"))
    assert "name" in refused(staff_add("--name", " ", "--role", "owner", "--pin", "1234"))
    assert (sorted(folder.iterdir()) == []) if made else not folder.exists()
    line = refused(kiosk_in_process(folder, "--language", "en", "member", "search", "somchai", capsys=capsys,
                                    monkeypatch=monkeypatch))
    assert str(folder) in line  # still no shop there

    assert ok(staff_add("--name", "Boss", "--role", "owner", "--pin", "1234"))
    assert (folder / "shop.sqlite3").exists()


# -- audit --limit: a number too big is refused, not a crash ----------------------------------------------------
@pytest.mark.parametrize("limit", ["0", "-1", "1000001", "9223372036854775807", "9223372036854775808",
                                   "1" + "0" * 40])
def test_an_audit_limit_out_of_range_is_refused_in_one_line(shop: Shop, limit: str,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`audit --limit 9223372036854775808` exited 70: SQLite cannot take the number (OverflowError)."""
    line = refused(run(shop, "audit", "--limit", limit, capsys=capsys, monkeypatch=monkeypatch))
    assert line == "kiosk: --limit must be a whole number from 1 to 1,000,000.", line
    set_shop_language(shop.data_dir, "th")
    line = refused(run(shop, "audit", "--limit", limit, capsys=capsys, monkeypatch=monkeypatch))
    assert line == "kiosk: --limit ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1,000,000", line


def test_an_audit_limit_in_range_shows_the_newest_records(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for limit in ("1", "1000000"):
        assert ok(run(shop, "audit", "--limit", limit, capsys=capsys, monkeypatch=monkeypatch))


# -- staff names: one name, one active staff member; an empty one is a staff member's ---------------------------
def test_a_staff_name_another_active_staff_member_has_is_refused(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A cashier "Ploy" was added beside the owner Ploy, and `staff disable Ploy` then said to use the id."""
    owner = ("--owner-pin", PINS["owner"])
    before = snapshot(shop.db_path)
    # the template's staff are Owner, Manager and Cashier
    for name, taken in (("Owner", "Owner"), ("owner", "Owner"), ("  OWNER ", "Owner"), ("Cash\u200bier", "Cashier")):
        assert refused(run(shop, "staff", "add", "--name", name, "--role", "cashier", "--pin", "4444", *owner,
                           capsys=capsys, monkeypatch=monkeypatch)) == \
            f"kiosk: A staff member is already called '{taken}': give the new one a name of their own (add an initial)."
    set_shop_language(shop.data_dir, "th")
    assert refused(run(shop, "staff", "add", "--name", "manager", "--role", "cashier", "--pin", "4444", *owner,
                       capsys=capsys, monkeypatch=monkeypatch)) == \
        "kiosk: มีพนักงานชื่อ 'Manager' อยู่แล้ว ตั้งชื่อที่ไม่ซ้ำกัน (เช่น เติมอักษรย่อของนามสกุล)"
    after = snapshot(shop.db_path)
    assert after["counts"] | {"audit_log": 0} == before["counts"] | {"audit_log": 0}  # only approvals audited

    # a disabled staff member's name is free again, and the two are still told apart by who is active
    ok(run(shop, "staff", "disable", "Cashier", *owner, capsys=capsys, monkeypatch=monkeypatch))
    ok(run(shop, "staff", "add", "--name", "cashier", "--role", "cashier", "--pin", "4444", *owner, capsys=capsys,
           monkeypatch=monkeypatch))
    ok(run(shop, "staff", "add", "--name", "Ploy S.", "--role", "cashier", "--pin", "5555", *owner, capsys=capsys,
           monkeypatch=monkeypatch))


@pytest.mark.parametrize(("language", "said"), [("en", "kiosk: Enter the staff member's name."),
                                                ("th", "kiosk: ใส่ชื่อพนักงาน")])
def test_an_empty_staff_name_is_refused_as_a_staff_members(shop: Shop, language: str, said: str,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """It said "Enter the member's name." / "ใส่ชื่อสมาชิก"."""
    set_shop_language(shop.data_dir, language)
    before = snapshot(shop.db_path)
    for name in ("", "   ", "\u200b"):
        assert refused(run(shop, "staff", "add", "--name", name, "--role", "cashier", "--pin", "4444",
                           "--owner-pin", PINS["owner"], capsys=capsys, monkeypatch=monkeypatch)) == said
    assert snapshot(shop.db_path)["counts"] | {"audit_log": 0} == before["counts"] | {"audit_log": 0}


# -- a voucher's reward on the receipt document, in both languages ----------------------------------------------
def test_a_used_vouchers_reward_is_kept_on_the_receipt_in_both_languages(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The sale's receipt document kept the reward as {"en": "ลาเต้ฟรี", "th": ""}: the Thai shop's name for it
    under English, and no Thai."""
    thai_shop = make_shop(tmp_path)  # the template shop, in Thai: its "latte" reward is "Free latte" / "ลาเต้ฟรี"
    code = latte_voucher(thai_shop)
    thai_shop.app.close()
    sale = kiosk_in_process(thai_shop.data_dir, "sale", "--item", "LATTE", "--voucher", code, capsys=capsys,
                            monkeypatch=monkeypatch)
    assert "ลาเต้ฟรี" in ok(sale)
    conn = raw(thai_shop.db_path)
    try:
        (document,) = conn.execute("SELECT document_json FROM print_jobs WHERE kind = 'sale_receipt'").fetchone()
    finally:
        conn.close()
    (adjustment,) = json.loads(document)["document"]["adjustments"]
    assert adjustment["said"]["reward"] == {"en": "Free latte", "th": "ลาเต้ฟรี"}, adjustment


# -- the approval lockout says how long it lasts, and holds the owner's PIN too --------------------------------
def test_the_approval_lockout_says_how_many_minutes_are_left(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """After 5 wrong manager PINs the owner's own PIN was refused with "Approvals are locked for a few minutes".
    It stays refused (a PIN checked while locked would let the guessing go on at the owner's PIN), but the
    refusal says, in minutes, when to try again."""
    shop.enroll(PHONE)
    before = snapshot(shop.db_path)

    def at(when: str, *args: str) -> Run:
        shop.app.close()
        monkeypatch.setenv("KIOSK_NOW", when)
        capsys.readouterr()
        code = main(["--data-dir", str(shop.data_dir), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    export = ("privacy", "export", PHONE, "--manager-pin")
    for _ in range(4):
        assert "manager's PIN" in refused(run(shop, *export, "0000", capsys=capsys, monkeypatch=monkeypatch))
    locked = "kiosk: Too many wrong manager PINs: approvals on this till are locked, an owner's PIN too. Try again in"
    assert refused(run(shop, *export, "0000", capsys=capsys, monkeypatch=monkeypatch)) == f"{locked} 5 min."
    reset = ("staff", "reset-pin", "Cashier", "--pin", "4321", "--owner-pin", PINS["owner"])
    assert refused(at("2026-11-26T14:00:00+07:00", *reset)) == f"{locked} 5 min."
    assert refused(at("2026-11-26T14:01:30+07:00", *reset)) == f"{locked} 4 min."
    assert refused(at("2026-11-26T14:04:59+07:00", *reset)) == f"{locked} 1 min."
    set_shop_language(shop.data_dir, "th")
    assert refused(at("2026-11-26T14:03:00+07:00", *export, PINS["owner"])) == \
        "kiosk: ใส่ PIN ผู้จัดการผิดหลายครั้ง เครื่องนี้ล็อกการอนุมัติไว้ (รวมถึง PIN เจ้าของร้าน) ลองใหม่ในอีก 2 นาที"
    after = snapshot(shop.db_path)
    assert after["counts"] | {"audit_log": 0} == before["counts"] | {"audit_log": 0}  # only the failures audited

    assert at("2026-11-26T14:05:00+07:00", *reset).code == 0  # the lock is over: the owner's PIN works again
