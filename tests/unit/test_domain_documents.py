"""Documents and commands survive the JSON of the print queue and the command log unchanged."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from kiosk.domain.commands import RecordSale
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
    document_from_json,
    document_kind,
    document_to_json,
)
from kiosk.domain.events import (
    ChallengeStanding,
    ExpiringSoon,
    Localized,
    PointsReversed,
    StampCardCompleted,
    TierToGo,
    WrittenLine,
)
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.serialization import from_json, to_json

BKK = timezone(timedelta(hours=7))
AT = datetime(2026, 3, 10, 10, 30, tzinfo=BKK)
SHOP = ShopHeader(name="Baan Kafe บ้านกาแฟ", address_lines=("123 Sukhumvit",), tax_id="0105566012345",
                  footer_lines=("ขอบคุณค่ะ",))
LOYALTY = LoyaltyBlock(
    member_name="สมชาย จ.", member_code="LK1MXXXX", points_earned=5, points_spent=200, points_balance=55,
    points_value=Money(1375), credit_earned=Money(180), credit_spent=None, credit_balance=Money(2180),
    stamp_cards=(StampCardView("Coffee", 3, 10, 1),), tier_name="Silver", next_tier_name="Gold",
    tier_to_go=TierToGo("spend", 0, Money(125000), Localized("Gold", "ทอง")), tier_progress_percent=40,
    expiring_soon=(ExpiringSoon("points", 50, Money(0), Localized(""), date(2027, 3, 10)),
                   ExpiringSoon("reward", 1, Money(0), Localized("Free coffee", "กาแฟฟรี"), date(2027, 3, 12))),
    challenge_standings=(ChallengeStanding("spend", Localized("Spend 1,000"), 0, 100000, 0, Money(62550),
                                           Money(100000), Money(37450), 200, date(2027, 3, 31)),),
    events=(StampCardCompleted("coffee", Localized("Coffee card", "บัตรกาแฟ"), Localized("Free coffee")),),
)

DOCUMENTS = [
    SaleReceipt(shop=SHOP, receipt_no="C1-000001", created_at=AT, cashier_name="Beam",
                lines=(ReceiptLine("ลาเต้", 2, Money(6500), Money(13000), "LATTE"),), subtotal=Money(13000),
                total=Money(8000), adjustments=(Adjustment("50 baht off", Money(-5000)),),
                payments=(Payment("cash", Money(7000)), Payment("store_credit", Money(1000))), change=Money(3000),
                loyalty=LOYALTY, language="th", open_cash_drawer=True),
    SaleReceipt(shop=SHOP, receipt_no="C1-000002", created_at=AT, cashier_name="-", lines=(), subtotal=Money(0),
                total=Money(0)),
    RefundSlip(shop=SHOP, receipt_no="C1-R00001", original_receipt_no="C1-000001", created_at=AT,
               cashier_name="Nok", lines=(ReceiptLine("Latte", 1, Money(6500), Money(6500)),),
               total_refunded=Money(6500), reversals=(PointsReversed(2),), loyalty=LOYALTY, is_copy=True),
    MemberCardSlip(shop=SHOP, member_name="No*", member_code="LK1M...", created_at=AT),
    VoucherSlip(shop=SHOP, voucher_code="LK1V...", reward_name="Free latte", created_at=AT, member_name="A B.",
                expires_on=date(2026, 4, 9), language="en"),
    DailySummarySlip(shop=SHOP, title="End of day", period_label="2026-03-10", created_at=AT,
                     rows=(SummaryRow("Sales", "12"), SummaryRow("Revenue", "1,234.00 THB"))),
]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: document_kind(d))
def test_every_document_round_trips_through_json(doc: object) -> None:
    text = document_to_json(doc)  # type: ignore[arg-type]
    assert "บ้านกาแฟ" in text  # Thai stays readable in the queue, not \\u-escaped
    back = document_from_json(text)
    assert back == doc
    assert back.created_at.utcoffset() == timedelta(hours=7)  # type: ignore[union-attr]


def test_commands_hash_the_same_after_a_round_trip() -> None:
    cmd = RecordSale(command_id="s1", lines=(CartLine("Latte", Money(6500), 2, "LATTE"),), member_code="0812345678",
                     reward_ids=("off50",), credit_to_spend=Money(500), cash_tendered=None)
    text = to_json(cmd)
    assert from_json(RecordSale, text) == cmd
    assert to_json(from_json(RecordSale, text)) == text


def test_unknown_document_kind_is_refused() -> None:
    with pytest.raises(KeyError):
        document_from_json('{"kind": "poster", "document": {}}')


def test_a_receipt_queued_before_its_loyalty_lines_were_events_still_reads_back() -> None:
    """A reprint of an older receipt: its expiring lines and challenge lines were text in the receipt's language;
    they read back as the lines they were (WrittenLine events), and the rest reads back as it was."""
    old = json.loads(document_to_json(DOCUMENTS[0]))
    loyalty = old["document"]["loyalty"]
    del loyalty["expiring_soon"], loyalty["challenge_standings"]
    loyalty["expiring"] = [{"what": "points", "amount_text": "50 pts", "expires_on": "2027-03-10"}]
    loyalty["challenges"] = ["Visit 3 times: 2 of 3 visits: one more by Sunday for +100 points"]
    back = document_from_json(json.dumps(old, ensure_ascii=False))
    assert isinstance(back, SaleReceipt) and back.loyalty is not None
    # the expiring line as the event it was (its text was the service's own: "50 pts"), so a reprint puts it
    # under its heading with the day in the receipt's language; the challenge line as it was written
    assert back.loyalty.expiring_soon == (
        ExpiringSoon("points", 50, Money.zero("THB"), Localized(""), date(2027, 3, 10)),)
    assert back.loyalty.challenge_standings == ()
    written = [e.text for e in back.loyalty.events if isinstance(e, WrittenLine)]
    assert written[-1:] == ["Visit 3 times: 2 of 3 visits: one more by Sunday for +100 points"]
    for text, what, expected in (
            ("1,200 แต้ม", "points", ExpiringSoon("points", 1200, Money.zero("THB"), Localized(""), date(2027, 3, 10))),
            ("35.50 THB", "credit", ExpiringSoon("credit", 0, Money(3550, "THB"), Localized(""), date(2027, 3, 10))),
            ("Free coffee x2", "reward",
             ExpiringSoon("reward", 2, Money.zero("THB"), Localized("Free coffee", "Free coffee"), date(2027, 3, 10)))):
        loyalty["expiring"] = [{"what": what, "amount_text": text, "expires_on": "2027-03-10"}]
        again = document_from_json(json.dumps(old, ensure_ascii=False))
        assert isinstance(again, SaleReceipt) and again.loyalty is not None
        assert again.loyalty.expiring_soon == (expected,), text
    loyalty["expiring"] = [{"what": "points", "amount_text": "lots", "expires_on": "2027-03-10"}]  # not that shape
    again = document_from_json(json.dumps(old, ensure_ascii=False))
    assert isinstance(again, SaleReceipt) and again.loyalty is not None and again.loyalty.expiring_soon == ()
    assert "lots 2027-03-10" in [e.text for e in again.loyalty.events if isinstance(e, WrittenLine)]
    assert back.loyalty.tier_to_go == LOYALTY.tier_to_go
    card = json.loads(document_to_json(DOCUMENTS[3]))
    card["document"]["how_to_use"] = ["Show it"]
    assert document_from_json(json.dumps(card)) == DOCUMENTS[3]
    voucher = json.loads(document_to_json(DOCUMENTS[4]))
    voucher["document"]["terms"] = ["Single use."]
    assert document_from_json(json.dumps(voucher)) == DOCUMENTS[4]


def test_encode_names_each_field_of_a_dataclass_and_leaves_other_values_and_classes_as_they_are() -> None:
    """encode looks a dataclass's field names up once a class (a receipt is ~100 of them); what it gives is what
    walking dataclasses.fields gave: events tagged, values as they are, a dataclass class itself untouched."""
    import dataclasses

    from kiosk.domain.events import BonusAwarded
    from kiosk.domain.serialization import encode

    @dataclasses.dataclass(frozen=True)
    class Inner:
        when: date
        amount: Money

    @dataclasses.dataclass(frozen=True)
    class Outer:
        name: str
        inner: Inner
        items: tuple[Inner, ...]
        extra: dict[int, object]
        nothing: None = None
        hidden: int = dataclasses.field(default=3, repr=False)

    inner = Inner(date(2026, 3, 1), Money(150, "THB"))
    encoded = encode(Outer("x", inner, (inner,), {1: [True, 2.5, BonusAwarded("birthday", 100)]}))
    assert encoded == {
        "name": "x", "inner": {"when": "2026-03-01", "amount": {"minor": 150, "currency": "THB"}},
        "items": [{"when": "2026-03-01", "amount": {"minor": 150, "currency": "THB"}}],
        "extra": {"1": [True, 2.5, {"event": "BonusAwarded", "code": BonusAwarded("birthday", 100).code,
                                     **{f.name: getattr(BonusAwarded("birthday", 100), f.name)
                                        for f in dataclasses.fields(BonusAwarded)}}]},
        "nothing": None, "hidden": 3}
    assert encode(Outer) is Outer
    assert list(encoded) == [f.name for f in dataclasses.fields(Outer)]
