"""Fixed sample documents for previews, the benchmark, golden-file tests and the README picture."""

from __future__ import annotations

from datetime import date, datetime

from kiosk.domain.documents import (
    Adjustment,
    DailySummarySlip,
    LoyaltyBlock,
    MemberCardSlip,
    Payment,
    ReceiptLine,
    RefundSlip,
    SaleReceipt,
    ShopHeader,
    StampCardView,
    SummaryRow,
    VoucherSlip,
)
from kiosk.domain.events import BonusAwarded, ExpiringSoon, Localized, PointsReversed, TierToGo
from kiosk.domain.members import mask_name
from kiosk.domain.money import Money

MEMBER_CODE = "LK1.M7Q2X9.4F7K-2QH8"


def thb(baht: int, satang: int = 0) -> Money:
    return Money(baht * 100 + satang, "THB")


def sample_shop(language: str = "th") -> ShopHeader:
    if language == "th":
        return ShopHeader(
            name="บ้านกาแฟ Baan Kafe",
            address_lines=("123/4 ถนนนิมมานเหมินท์ ซอย 9", "ต.สุเทพ อ.เมือง เชียงใหม่ 50200"),
            tax_id="0505561001234",
            phone="053-123-456",
            footer_lines=("ขอบคุณที่อุดหนุนค่ะ", "Wi-Fi: baankafe / coffee2024"),
        )
    return ShopHeader(
        name="Baan Kafe",
        address_lines=("123/4 Nimmanhaemin Rd Soi 9", "Suthep, Mueang, Chiang Mai 50200"),
        tax_id="0505561001234",
        phone="053-123-456",
        footer_lines=("Thank you for your visit!", "Wi-Fi: baankafe / coffee2024"),
    )


def sample_loyalty(language: str = "th") -> LoyaltyBlock:
    th = language == "th"
    return LoyaltyBlock(
        member_name=mask_name("สมชาย ใจดี" if th else "Somchai Jaidee"),
        member_code=MEMBER_CODE,
        points_earned=18,
        points_spent=100,
        points_balance=1245,
        points_value=thb(124, 50),
        credit_balance=thb(35),
        stamp_cards=(StampCardView("บัตรสะสมกาแฟ" if th else "Coffee card", 7, 10),),
        tier_name="Silver",
        next_tier_name="Gold",
        tier_to_go=TierToGo("spend", 0, thb(1250), Localized("Gold")),
        tier_progress_percent=60,
        expiring_soon=(ExpiringSoon("points", 120, thb(0), Localized(""), date(2025, 2, 1)),),
        events=(BonusAwarded("birthday", 50),),
    )


def sample_receipt(language: str = "th", *, cash: bool = True) -> SaleReceipt:
    th = language == "th"
    lines = (
        ReceiptLine("ลาเต้เย็น" if th else "Iced latte", 2, thb(65), thb(130), sku="LAT-I"),
        ReceiptLine("ชาไทยปั่น" if th else "Thai tea frappe", 1, thb(70), thb(70), sku="TTF"),
        ReceiptLine("ครัวซองต์เนยสด" if th else "Butter croissant", 1, thb(55), thb(55), sku="CRS"),
    )
    subtotal = thb(255)
    adjustments = (
        Adjustment("ส่วนลดสมาชิก 10%" if th else "Member 10% off", -thb(25, 50)),
        Adjustment("แลกแต้ม: ครัวซองต์ฟรี" if th else "Reward: free croissant", -thb(55)),
    )
    total = thb(174, 50)
    payments = (Payment("cash", thb(200)),) if cash else (Payment("qr", total),)
    return SaleReceipt(
        shop=sample_shop(language),
        receipt_no="BK1-000123",
        created_at=datetime(2025, 1, 5, 14, 32),
        cashier_name="น้องนก" if th else "Nok",
        lines=lines,
        subtotal=subtotal,
        total=total,
        adjustments=adjustments,
        payments=payments,
        change=thb(25, 50) if cash else None,
        loyalty=sample_loyalty(language),
        language=language,
        open_cash_drawer=cash,
    )


def sample_refund(language: str = "th") -> RefundSlip:
    return RefundSlip(
        shop=sample_shop(language), receipt_no="BK1-R00007", original_receipt_no="BK1-000123",
        created_at=datetime(2025, 1, 5, 15, 2), cashier_name="Nok",
        lines=(ReceiptLine("ลาเต้เย็น" if language == "th" else "Iced latte", 1, thb(65), thb(65)),),
        total_refunded=thb(58, 50), reversals=(PointsReversed(6),), language=language,
    )


def sample_member_card(language: str = "th") -> MemberCardSlip:
    return MemberCardSlip(
        shop=sample_shop(language), member_name="สมชาย ใจดี" if language == "th" else "Somchai Jaidee",
        member_code=MEMBER_CODE, created_at=datetime(2025, 1, 5, 14, 40),
        language=language,
    )


def sample_voucher(language: str = "th") -> VoucherSlip:
    return VoucherSlip(
        shop=sample_shop(language), voucher_code="V-7H3K-9QX2", reward_name="กาแฟฟรี 1 แก้ว" if language == "th"
        else "One free coffee", created_at=datetime(2025, 1, 5, 14, 41), member_name=mask_name("สมชาย ใจดี"),
        expires_on=date(2025, 3, 31), language=language,
    )


def sample_summary(language: str = "en") -> DailySummarySlip:
    return DailySummarySlip(
        shop=sample_shop(language), title="END OF DAY", period_label="Sun 05/01/2025",
        created_at=datetime(2025, 1, 5, 21, 5),
        rows=(SummaryRow("-- Sales --", ""), SummaryRow("Sales", "87"), SummaryRow("Gross", "THB 15,420.00"),
              SummaryRow("Discounts", "-THB 1,032.50"), SummaryRow("Refunds", "-THB 58.50"),
              SummaryRow("Cash", "THB 6,210.00"), SummaryRow("PromptPay", "THB 8,119.00"),
              SummaryRow("-- Loyalty --", ""), SummaryRow("Points issued", "1,402"),
              SummaryRow("Points redeemed", "900"), SummaryRow("New members", "6")),
        language=language,
    )


__all__ = [
    "MEMBER_CODE", "sample_loyalty", "sample_member_card", "sample_receipt", "sample_refund", "sample_shop",
    "sample_summary", "sample_voucher", "thb",
]
