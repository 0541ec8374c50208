"""One language per answer: a Thai shop's `kiosk sale` and `refund` say no English word (an open amount is
"ยอดเงิน", a modifier its Thai name), `--language en` names items, rewards, vouchers and partners in English
from the config, and a sale's text says every bonus it gave (a promotion's, a completed challenge's) so its
points add up to the balance."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.commands import AdjustPoints, IssueVoucher
from tests.integration.test_cli import PINNED_NOW, Run, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop
from tests.support.language import set_shop_language

PHONE = "0812345678"
THAI = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]")  # letters and marks, not the baht sign
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")

PROGRAMS = """
[[challenges]]
id = "first-visit"
name = "Visit once this month"
name_th = "มาร้าน 1 ครั้งในเดือนนี้"
kind = "visits"
target = 1
period = "month"
points = 100

[[promotions]]
id = "pastry"
name = "Pastries: 20 bonus points each"
name_th = "ขนมอบ รับแต้มพิเศษชิ้นละ 20 แต้ม"
kind = "bonus_points"
points = 20
per = "item"
categories = ["bakery"]

[[partners]]
id = "bookshop"
name = "Soi 31 Books"
name_th = "ร้านหนังสือซอย 31"
spend_unit = "100.00"
points_per_unit = 2
settlement_value = "0.20"
settlement_points = 1
"""


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    """The template shop, in Thai (its default), with a challenge, a promotion and a partner; a member with
    1,000 points and a voucher for 50 baht off."""
    shop = make_shop(tmp_path)
    set_shop_language(shop.data_dir, "th")
    with (shop.data_dir / "config.toml").open("a", encoding="utf-8") as config:
        config.write(PROGRAMS)
    return shop


def member_with_points(shop: Shop) -> str:
    """Enrolls the member (the template's app has no challenge: the CLI reads the config.toml written above),
    gives them 1,000 points and a voucher; returns the voucher's code."""
    services = shop.app.services
    shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=1)  # the voucher still good when used
    shop.enroll(PHONE)
    services.redemption.adjust(AdjustPoints(command_id=uuid.uuid4().hex, member_code=PHONE, points=1000,
                                            reason="test", approved_by=shop.staff["manager"]))
    code = str(services.redemption.issue_voucher(IssueVoucher(command_id=uuid.uuid4().hex, member_code=PHONE,
                                                              reward_id="off50")).voucher_code)
    shop.app.close()  # the CLI opens the shop itself, as a script's run would
    return code


def run(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    shop.app.close()
    done = kiosk_in_process(shop.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch, manager_pin="2222")
    assert "Traceback" not in done.err, done.err
    return done


def said(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    done = run(shop, *args, capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    return done.out


def test_an_open_amount_is_named_in_the_shops_language_and_read_in_the_readers(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def say(*args: str) -> str:
        return said(shop, *args, capsys=capsys, monkeypatch=monkeypatch)

    text = say("sale", "--amount", "12.50", "--no-receipt")
    assert "  1 × ยอดเงิน: ฿12.50" in text and not ENGLISH_WORD.findall(text), text
    receipt = run(shop, "--json", "sale", "--amount", "20", "--no-receipt", capsys=capsys,
                  monkeypatch=monkeypatch).json()["receipt_no"]
    # the Thai shop keeps the line as its receipt says it; --json (for scripts) gives the kept name
    kept = run(shop, "--json", "refund", receipt, "--show", capsys=capsys, monkeypatch=monkeypatch).json()
    assert [ln["name"] for ln in kept["lines"]] == ["ยอดเงิน"]
    assert say("--language", "en", "refund", receipt, "--show").rstrip().endswith("  Amount")
    shown = say("refund", receipt, "--show")
    assert shown.rstrip().endswith("  ยอดเงิน") and not ENGLISH_WORD.findall(shown), shown

    # a line kept as "Amount" by a Thai shop before open amounts were named in its language reads in Thai
    older = make_shop(shop.data_dir.parent / "older")
    set_shop_language(older.data_dir, "th")
    old_receipt = older.sale(amount="30").receipt_no
    older.app.close()
    shown = said(older, "refund", old_receipt, "--show", capsys=capsys, monkeypatch=monkeypatch)
    assert shown.rstrip().endswith("  ยอดเงิน") and not ENGLISH_WORD.findall(shown), shown
    refunded = said(older, "refund", old_receipt, capsys=capsys, monkeypatch=monkeypatch)
    assert "รายการที่คืน: 1 × ยอดเงิน" in refunded and not ENGLISH_WORD.findall(refunded), refunded

    # an English shop names it in English
    set_shop_language(shop.data_dir, "en")
    assert "  1 × Amount: ฿5.00" in say("sale", "--amount", "5", "--no-receipt")


def test_a_modifier_is_refused_by_its_name_in_the_readers_language(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    thai = refused(run(shop, "sale", "--item", "LATTE:1+size=huge", capsys=capsys, monkeypatch=monkeypatch))
    assert thai == "kiosk: ขนาด ไม่มีตัวเลือก 'huge'", thai
    english = refused(run(shop, "--language", "en", "sale", "--item", "LATTE:1+size=huge", capsys=capsys,
                          monkeypatch=monkeypatch))
    assert english == "kiosk: Size has no option 'huge'."


def test_english_output_of_a_thai_shop_names_things_in_english_from_the_config(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    voucher = member_with_points(shop)

    def english(*args: str) -> str:
        out = said(shop, "--language", "en", *args, capsys=capsys, monkeypatch=monkeypatch)
        assert not THAI.search(out), (args, out)
        return out

    text = english("sale", "--member", PHONE, "--item", "LATTE:2+size=large", "--item", "CAKE", "--amount", "10",
                   "--redeem", "latte", "--voucher", voucher, "--points", "20", "--no-receipt")
    for line in ("  2 × Latte (Large): ฿160.00", "  1 × Coconut cake slice: ฿95.00", "  1 × Amount: ฿10.00",
                 "  Voucher: 50 baht off: -฿50.00", "  Free latte: -฿", "  20 points: -฿5.00"):
        assert line in text, (line, text)
    # the sale keeps its lines in the shop's Thai: what its receipt said
    receipt = text.split(":")[0].split()[-1]
    kept = run(shop, "--json", "refund", receipt, "--show", capsys=capsys, monkeypatch=monkeypatch).json()
    assert [ln["name"] for ln in kept["lines"]] == ["ลาเต้ (แก้วใหญ่)", "เค้กมะพร้าว", "ยอดเงิน"]


def test_a_partner_is_named_in_the_readers_language(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    member_with_points(shop)

    def english(*args: str) -> str:
        out = said(shop, "--language", "en", *args, capsys=capsys, monkeypatch=monkeypatch)
        assert not THAI.search(out), (args, out)
        return out

    assert english("partner", "earn", "bookshop", PHONE, "300", "--reference", "R1").startswith("Soi 31 Books ")
    assert english("partner", "redeem", "bookshop", PHONE, "20", "--reference", "R2").startswith("Soi 31 Books ")
    settled = english("partner", "settle", "--from", "2026-11-01", "--to", "2026-11-30")
    assert "the shop pays Soi 31 Books" in settled  # 6 points issued there, 20 redeemed
    # and Thai output names them in Thai
    thai = said(shop, "partner", "settle", "--from", "2026-11-01", "--to", "2026-11-30", capsys=capsys,
                monkeypatch=monkeypatch)
    assert "ร้านจ่ายให้ ร้านหนังสือซอย 31" in thai


def test_a_sales_text_says_every_bonus_it_gave_so_the_points_add_up(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    member_with_points(shop)
    before = run(shop, "--json", "member", "show", PHONE, capsys=capsys, monkeypatch=monkeypatch).json()["points"]
    sale = run(shop, "--json", "sale", "--member", PHONE, "--item", "CROISSANT", "--no-receipt", "--id", "s1",
               capsys=capsys, monkeypatch=monkeypatch).json()
    assert [c["points"] for c in sale["challenges_completed"]] == [100]
    assert [p["points"] for p in sale["promotions"]] == [20]
    earned = sale["points_earned"] + 100  # the promotion's 20 are in points_earned, the challenge's 100 not
    assert sale["points_balance"] == before + earned
    # the same sale again (its id): the text of what it gave
    for language, bonus_lines in (
            ("en", ["    Pastries: 20 bonus points each: +20 points", "    Visit once this month: done! +100 points"]),
            ("th", ["    ขนมอบ รับแต้มพิเศษชิ้นละ 20 แต้ม: +20 แต้ม", "    มาร้าน 1 ครั้งในเดือนนี้: สำเร็จแล้ว! +100 แต้ม"])):
        text = said(shop, "--language", language, "sale", "--member", PHONE, "--item", "CROISSANT", "--no-receipt",
                    "--id", "s1", capsys=capsys, monkeypatch=monkeypatch)
        lines = text.splitlines()
        assert f"+{earned} -0 → {before + earned:,};" in lines[2], text
        assert lines[3:5] == bonus_lines, text
