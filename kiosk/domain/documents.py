"""What gets printed: receipt and slip documents as plain values, serialisable for the print queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kiosk.domain.events import ChallengeStanding, Event, ExpiringSoon, WrittenLine
from kiosk.domain.money import Money
from kiosk.domain.programs.naming import Named, lines_in_language
from kiosk.domain.serialization import decode, encode
from kiosk.domain.text import Localized


@dataclass(frozen=True)
class ShopHeader(Named):
    name: str
    address_lines: tuple[str, ...] = ()
    tax_id: str | None = None
    phone: str | None = None
    footer_lines: tuple[str, ...] = ()
    logo: str | None = None  # file name under assets/, optional
    name_th: str = ""
    footer_lines_th: tuple[str, ...] = ()  # the footer in Thai, line for line

    def footer(self, language: str) -> tuple[str, ...]:
        return lines_in_language(language, self.footer_lines, self.footer_lines_th)


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price: Money
    total: Money
    sku: str | None = None
    options: tuple[str, ...] = ()  # modifiers chosen (size, sweetness, milk), printed under the name


@dataclass(frozen=True)
class Adjustment:
    """A discount or reward applied to the sale; `amount` is negative for money off."""

    label: str
    amount: Money
    said: Event | None = None  # a voucher or points paid: said in the receipt's language instead of `label`


@dataclass(frozen=True)
class Payment:
    method: str  # "cash", "card", "qr", "store_credit"
    amount: Money
    label: str = ""


@dataclass(frozen=True)
class StampCardView:
    name: str
    stamps: int
    required: int
    rewards_ready: int = 0


@dataclass(frozen=True)
class BonusView:
    """What one promotion, challenge or offer gave on this sale, printed under the points earned."""

    label: str
    points: int = 0
    stamps: int = 0


@dataclass(frozen=True)
class LoyaltyBlock:
    member_name: str  # already masked for printing
    member_code: str  # the member QR payload
    points_earned: int = 0
    points_spent: int = 0
    points_balance: int = 0
    points_value: Money | None = None  # what the balance is worth at checkout
    credit_earned: Money | None = None
    credit_spent: Money | None = None
    credit_balance: Money | None = None
    stamp_cards: tuple[StampCardView, ...] = ()
    tier_name: str | None = None
    next_tier_name: str | None = None
    tier_to_go: Event | None = None  # TierToGo: "฿1,250 more to Gold", said in the receipt's language
    tier_progress_percent: int | None = None
    expiring_soon: tuple[ExpiringSoon, ...] = ()  # "120 points" and its day, said in the receipt's language
    events: tuple[Event, ...] = ()  # StampCardCompleted, BonusAwarded...: said in the receipt's language
    bonuses: tuple[BonusView, ...] = ()  # "Double points weekend +25 pts"
    challenge_standings: tuple[ChallengeStanding, ...] = ()  # "Visit 3 times: 2 of 3 visits: ...", said likewise


@dataclass(frozen=True)
class RefundNote:
    """A refund (or void) of the sale a receipt copy is of: its slip's number and the money it gave back."""

    receipt_no: str
    amount: Money
    kind: str = "refund"  # refund | void


@dataclass(frozen=True)
class SaleReceipt:
    shop: ShopHeader
    receipt_no: str
    created_at: datetime
    cashier_name: str
    lines: tuple[ReceiptLine, ...]
    subtotal: Money
    total: Money
    adjustments: tuple[Adjustment, ...] = ()
    payments: tuple[Payment, ...] = ()
    change: Money | None = None
    loyalty: LoyaltyBlock | None = None
    language: str = "th"
    open_cash_drawer: bool = False
    is_copy: bool = False
    # a copy printed after the sale was refunded says so (its lines, balances and bonuses no longer all stand):
    # the sale's status then (refunded | partly_refunded | voided) and each refund's slip
    refund_state: str | None = None
    refunds: tuple[RefundNote, ...] = ()


@dataclass(frozen=True)
class RefundSlip:
    shop: ShopHeader
    receipt_no: str
    original_receipt_no: str
    created_at: datetime
    cashier_name: str
    lines: tuple[ReceiptLine, ...]
    total_refunded: Money
    reversals: tuple[Event, ...] = ()  # PointsReversed(125), StoreCreditReturned(...): said in the slip's language
    loyalty: LoyaltyBlock | None = None
    language: str = "th"
    is_copy: bool = False


@dataclass(frozen=True)
class MemberCardSlip:
    shop: ShopHeader
    member_name: str
    member_code: str
    created_at: datetime
    language: str = "th"  # how to use the card is printed from the catalogue in this language


@dataclass(frozen=True)
class VoucherSlip:
    shop: ShopHeader
    voucher_code: str
    reward_name: str
    created_at: datetime
    member_name: str | None = None
    expires_on: date | None = None
    language: str = "th"  # its terms (single use, show it to the cashier) are printed in this language


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class DailySummarySlip:
    shop: ShopHeader
    title: str
    period_label: str
    created_at: datetime
    rows: tuple[SummaryRow, ...]
    language: str = "th"


@dataclass(frozen=True)
class DrawerKick:
    """Opens the cash drawer and prints nothing: a cash sale whose customer wanted no receipt."""

    receipt_no: str  # the sale whose cash goes in, so the print queue names the job as the cashier knows it
    created_at: datetime


DRAWER_KICK = "drawer_kick"  # its kind in the print queue: never found as a receipt, never reprinted
Document = SaleReceipt | RefundSlip | MemberCardSlip | VoucherSlip | DailySummarySlip | DrawerKick
DOCUMENT_KINDS: dict[str, type] = {
    "sale_receipt": SaleReceipt,
    "refund_slip": RefundSlip,
    "member_card": MemberCardSlip,
    "voucher": VoucherSlip,
    "daily_summary": DailySummarySlip,
    DRAWER_KICK: DrawerKick,
}
_KIND_OF = {cls: kind for kind, cls in DOCUMENT_KINDS.items()}


def document_kind(doc: Document) -> str:
    return _KIND_OF[type(doc)]


def document_to_json(doc: Document) -> str:
    return json.dumps({"kind": document_kind(doc), "document": encode(doc)}, ensure_ascii=False, sort_keys=True)


# Fields whose text lines became events, as print jobs queued before that stored them: (old field, new field,
# whether it held lines or one line). Read back, the old text is a WrittenLine, so a reprint keeps those lines.
_EARLIER_TEXT_FIELDS = (
    ("messages", "events", True),  # LoyaltyBlock
    ("tier_progress_text", "tier_to_go", False),  # LoyaltyBlock
    ("reversal_lines", "reversals", True),  # RefundSlip
    ("challenges", "events", True),  # LoyaltyBlock: "Visit 5 times this month: 3 of 5"
)


def _earlier_expiring(item: dict[str, Any]) -> ExpiringSoon | None:
    """An expiring line as a receipt stored it before ExpiringSoon ({what, amount_text, expires_on}, the text as
    the service wrote it: "1,200 pts" or "1,200 แต้ม", "35.00 THB", "Free coffee x1"), read back as the event it
    was, so a reprint puts it under its heading with the day in the receipt's language. None: not that shape."""
    try:
        what, text, on = str(item["what"]), str(item["amount_text"]), date.fromisoformat(str(item["expires_on"]))
        if what == "points":
            return ExpiringSoon("points", int(text.split()[0].replace(",", "")), Money.zero("THB"), Localized(""), on)
        if what == "credit":
            number, currency = text.rsplit(" ", 1)
            value = Money.from_decimal(Decimal(number.replace(",", "")), currency)
            return ExpiringSoon("credit", 0, value, Localized(""), on)
        if what == "reward":
            name, _, count = text.rpartition(" x")
            return ExpiringSoon("reward", int(count), Money.zero("THB"), Localized(name, name), on) if name else None
    except (KeyError, ValueError, ArithmeticError):
        return None
    return None


def _with_earlier_text(fields: dict[str, Any]) -> dict[str, Any]:
    expiring = fields.pop("expiring", None)  # LoyaltyBlock, before expiring_soon: {what, amount_text, expires_on}
    if expiring and not fields.get("expiring_soon"):
        items = [item for item in expiring if isinstance(item, dict)]
        read = [_earlier_expiring(item) for item in items]
        if all(event is not None for event in read):
            fields["expiring_soon"] = [encode(event) for event in read]
        else:  # a shape this reader does not know: its lines as they were written, among the events
            fields["events"] = [*(fields.get("events") or ()), *(
                encode(WrittenLine(f"{item.get('amount_text', '')} {item.get('expires_on', '')}".strip()))
                for item in items)]
    for old, new, many in _EARLIER_TEXT_FIELDS:
        if old not in fields:
            continue
        stored = fields.pop(old)
        if many:
            fields[new] = [*(fields.get(new) or ()), *(encode(WrittenLine(str(line))) for line in stored or ())]
        elif stored and fields.get(new) is None:
            fields[new] = encode(WrittenLine(str(stored)))
    return fields


def document_from_json(text: str) -> Document:
    data = json.loads(text)
    cls = DOCUMENT_KINDS[data["kind"]]
    fields = _with_earlier_text(data["document"])
    if isinstance(fields.get("loyalty"), dict):
        fields["loyalty"] = _with_earlier_text(fields["loyalty"])
    doc: Document = decode(cls, fields)  # cls is one of the Document classes
    return doc


__all__ = [
    "DRAWER_KICK", "Adjustment", "DailySummarySlip", "Document", "DrawerKick", "LoyaltyBlock",
    "MemberCardSlip", "Payment", "ReceiptLine", "RefundNote", "RefundSlip", "SaleReceipt", "ShopHeader",
    "StampCardView", "SummaryRow", "VoucherSlip", "document_from_json", "document_kind", "document_to_json",
]
