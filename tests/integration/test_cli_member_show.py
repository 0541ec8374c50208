"""`kiosk member show` says a visit as the receipt does: what was paid in money, then any store credit used (it
said ฿135.00 for a sale paid ฿130 and ฿5 of credit, where the receipt and `refund --show` say ฿130); and its
text lists the member's personal offers, as its JSON did."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.money import Money
from kiosk.domain.text import Localized
from tests.integration.test_cli import Run, kiosk_in_process
from tests.integration.test_trust_support import Shop, make_shop

PHONE = "0812345678"
OFFER = """
[[offers]]
id = "pastry"
name = "A free croissant with any coffee"
name_th = "ครัวซองต์ฟรีเมื่อสั่งกาแฟ"
selector = "everyone"
kind = "free_item"
sku = "CROISSANT"
valid_days = 7
"""


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    with (shop.data_dir / "config.toml").open("a", encoding="utf-8") as config:
        config.write(OFFER)
    shop.enroll(PHONE)
    shop.sale(PHONE, amount="1000.00")  # 2 % cashback: ฿20.00 of store credit
    return shop


def test_a_visit_says_the_money_paid_and_the_credit_used_and_the_offers_are_listed(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    paid = shop.sale(PHONE, amount="135.00", credit_to_spend=Money(500, "THB"))
    assert (paid.amount_due, paid.credit_applied) == (Money(13000, "THB"), Money(500, "THB"))
    shop.app.close()

    def said(*args: str) -> Run:
        done = kiosk_in_process(shop.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch)
        assert done.code == 0 and "Traceback" not in done.err, done.err
        return done

    english = said("--language", "en", "member", "show", PHONE).out.splitlines()
    visit = next(line for line in english if paid.receipt_no in line)
    assert "฿130.00 + ฿5.00 store credit" in visit and "฿135.00" not in visit, visit
    refund = said("--language", "en", "refund", paid.receipt_no, "--show").out
    assert "Paid ฿130.00" in refund  # the receipt's figure, as the visit line now says it
    assert "Personal offer: A free croissant with any coffee" in english, english
    thai = said("--language", "th", "member", "show", PHONE).out
    assert "฿130.00 + เครดิตร้าน ฿5.00" in thai and "ข้อเสนอเฉพาะสมาชิก: ครัวซองต์ฟรีเมื่อสั่งกาแฟ" in thai, thai
    shown = said("--json", "member", "show", PHONE).json()
    visits = {v["receipt_no"]: v for v in shown["visits"]}
    assert visits[paid.receipt_no]["amount"]["minor"] == 13000
    assert visits[paid.receipt_no]["credit_used"]["minor"] == 500
    assert [o["offer_id"] for o in shown["offers"]] == ["pastry"]


def test_the_next_tier_is_kept_in_both_languages_whatever_language_the_account_is_read_in(shop: Shop) -> None:
    """A Thai receipt's document kept "ซิลเวอร์" as the tier's English name too (the account's name for it in
    Thai): the next tier goes to the receipt as the config names it in each language."""
    try:
        for language in ("th", "en"):
            tier = shop.app.services.accounts.account(PHONE, language=language).tier
            assert tier is not None
            assert tier.to_go("THB").tier == Localized("Silver", "ซิลเวอร์"), language
    finally:
        shop.app.close()
