"""A member's unused vouchers are theirs to see and use without the paper: `kiosk member show` (text and JSON)
lists each unused, unexpired one with its code, what it gives and its last day, and one about to run out is under
"Expiring soon". They were nowhere: a voucher whose paper was lost (or never printed) was lost with it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.commands import AdjustPoints, IssueVoucher
from kiosk.domain.money import Money
from tests.integration.test_cli import PINNED_NOW, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop, snapshot

PHONE = "0890000053"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path, language="en")


def issue(shop: Shop, reward: str, *, days_before_now: int) -> str:
    """A voucher for `reward` issued `days_before_now` days before the CLI's pinned now (good for 30 days)."""
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=days_before_now)
    services = shop.app.services
    services.redemption.adjust(AdjustPoints(command_id=uuid.uuid4().hex, member_code=PHONE, points=400,
                                            reason="test", approved_by=shop.staff["manager"]))
    return str(services.redemption.issue_voucher(IssueVoucher(command_id=uuid.uuid4().hex, member_code=PHONE,
                                                              reward_id=reward, print_voucher=False)).voucher_code)


def test_member_show_lists_unused_vouchers_and_the_one_expiring_soon(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=40)
    shop.enroll(PHONE, name="Dao")
    gone = issue(shop, "off50", days_before_now=35)  # past its 30 days: not listed
    used = issue(shop, "off50", days_before_now=25)
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=24)
    shop.sale(None, "CAKE", voucher_codes=(used,))  # used: not listed
    soon = issue(shop, "off50", days_before_now=20)  # 10 days left: listed, and expiring soon
    later = issue(shop, "latte", days_before_now=0)
    shop.app.close()

    run = kiosk_in_process(shop.data_dir, "--language", "en", "member", "show", PHONE, capsys=capsys,
                           monkeypatch=monkeypatch)
    assert run.code == 0, run.err
    assert f"Voucher {soon}: 50 baht off (up to ฿50.00), valid until 6 Dec 2026" in run.out
    assert f"Voucher {later}: Free latte (up to ฿65.00), valid until 26 Dec 2026" in run.out
    assert "Expiring 6 Dec 2026: Voucher: 50 baht off" in run.out
    assert gone not in run.out and used not in run.out

    thai = kiosk_in_process(shop.data_dir, "--language", "th", "member", "show", PHONE, capsys=capsys,
                            monkeypatch=monkeypatch)
    assert f"คูปอง {soon}: ส่วนลด 50 บาท (สูงสุด ฿50.00) ใช้ได้ถึง 6 ธ.ค. 2569" in thai.out
    assert "หมดอายุ 6 ธ.ค. 2569: คูปอง: ส่วนลด 50 บาท" in thai.out

    listed = kiosk_in_process(shop.data_dir, "--json", "member", "show", PHONE, capsys=capsys,
                              monkeypatch=monkeypatch).json()
    assert [(v["code"], v["reward_id"], v["value"]["minor"], v["valid_until"]) for v in listed["vouchers"]] == [
        (soon, "off50", 5000, "2026-12-06"), (later, "latte", 6500, "2026-12-26")]
    # the shop's horizon is its vouchers' 30 days, but a voucher is "expiring soon" only in the last third of its
    # life: the one with 10 days left is, the one issued today (30 days left) is listed but not expiring
    assert [(e["kind"], e["reward"]["en"], e["on"]) for e in listed["expiring"]] == [
        ("voucher", "50 baht off", "2026-12-06")]
    assert "Expiring 26 Dec 2026" not in run.out
    assert Money(listed["vouchers"][0]["value"]["minor"]) == Money(5000)


def test_the_cli_refuses_a_reward_worth_more_than_the_bill_unless_told(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=1)
    shop.enroll(PHONE)
    shop.app.services.redemption.adjust(AdjustPoints(command_id="seed", member_code=PHONE, points=800,
                                                     reason="test", approved_by=shop.staff["manager"]))
    shop.app.close()
    sale = ("sale", "--member", PHONE, "--amount", "10", "--redeem", "off50", "--payment", "cash")
    before = snapshot(shop.db_path)
    run = kiosk_in_process(shop.data_dir, "--language", "en", *sale, capsys=capsys, monkeypatch=monkeypatch)
    assert refused(run) == ("kiosk: “50 baht off” is worth ฿50.00, more than the ฿10.00 left to pay: keep it for a "
                            "bigger bill, or give --allow-value-lost to use it anyway.")
    assert snapshot(shop.db_path) == before  # 200 points (worth ฿50) were taken for ฿10 off
    told = kiosk_in_process(shop.data_dir, "--json", *sale, "--allow-value-lost", capsys=capsys,
                            monkeypatch=monkeypatch).json()
    assert told["amount_due"]["minor"] == 0 and told["points_spent"] == 200
    # told, the sale says how much of the reward's value went with it, in the reader's language
    said = kiosk_in_process(shop.data_dir, "--language", "en", *sale, "--allow-value-lost", capsys=capsys,
                            monkeypatch=monkeypatch)
    assert said.code == 0, said.err
    assert "  value lost: ฿40.00 of “50 baht off” (worth ฿50.00, only ฿10.00 was left to pay)" in said.out.splitlines()
    thai = kiosk_in_process(shop.data_dir, "--language", "th", *sale, "--allow-value-lost", capsys=capsys,
                            monkeypatch=monkeypatch)
    assert thai.code == 0, thai.err
    assert "มูลค่าที่เสียไป: ฿40.00 ของ “ส่วนลด 50 บาท”" in thai.out
    whole = kiosk_in_process(shop.data_dir, "--language", "en", "sale", "--member", PHONE, "--amount", "60",
                             "--redeem", "off50", "--payment", "cash", "--allow-value-lost", capsys=capsys,
                             monkeypatch=monkeypatch)
    assert whole.code == 0, whole.err
    assert "value lost" not in whole.out  # worth less than the bill: nothing lost, nothing said
