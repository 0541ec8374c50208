"""A refund or void takes back the tier its sale raised, on a real SQLite shop: the black-box case (฿10,000
bought and refunded was a cheap way to Gold for a year), and a shop whose tiers count points earned."""

from __future__ import annotations

import uuid
from pathlib import Path

from kiosk.domain.commands import RefundSale
from tests.integration.test_trust_support import Shop, make_shop

PHONE = "0890000052"

POINTS_TIERS = """
[tiers]
metric = "points"

[[tiers.levels]]
name = "Bronze"
threshold = "0"
multiplier_percent = 100

[[tiers.levels]]
name = "Silver"
threshold = "100"
multiplier_percent = 125
"""


def tier(shop: Shop) -> str | None:
    account = shop.app.services.accounts.account(PHONE)
    return account.tier.name if account.tier else None


def refund(shop: Shop, receipt_no: str, kind: str = "refund") -> None:
    shop.app.services.refunds.refund(RefundSale(
        command_id=uuid.uuid4().hex, receipt_no=receipt_no, kind=kind, staff_id=shop.staff["cashier"],
        approved_by=shop.staff["manager"], print_slip=False))


def test_ten_thousand_bought_and_refunded_is_not_gold(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, language="en")
    shop.enroll(PHONE)
    gold = shop.sale(PHONE, amount="10000", approved_by=shop.staff["manager"])
    assert tier(shop) == "Gold"
    refund(shop, gold.receipt_no)
    assert tier(shop) == "Bronze"
    silver = shop.sale(PHONE, amount="3000")
    assert tier(shop) == "Silver"
    refund(shop, silver.receipt_no, kind="void")
    assert tier(shop) == "Bronze"
    assert shop.app.services.verify.run().ok


def test_points_a_refund_took_back_do_not_keep_a_tier_on_points(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, POINTS_TIERS, language="en")
    shop.enroll(PHONE)  # the sign-up bonus's 50 points count
    sale = shop.sale(PHONE, amount="2000")  # +80 points: 130, Silver
    assert tier(shop) == "Silver"
    refund(shop, sale.receipt_no)
    assert tier(shop) == "Bronze"
