"""Documents laid out for a paper width: ASCII text lines, Thai/non-ASCII lines as images, QR, cut, drawer kick."""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import qrcode
from PIL import Image, ImageDraw, ImageOps

from kiosk.adapters.printing.settings import COLUMNS_FOR_PAPER, DOTS_FOR_PAPER
from kiosk.adapters.printing.thai import (
    SIZE_LARGE,
    SIZE_NORMAL,
    SIZE_SMALL,
    TextRenderer,
)
from kiosk.domain.documents import (
    DailySummarySlip,
    Document,
    DrawerKick,
    LoyaltyBlock,
    MemberCardSlip,
    RefundSlip,
    SaleReceipt,
    ShopHeader,
    StampCardView,
    VoucherSlip,
)
from kiosk.domain.events import Said
from kiosk.domain.money import Money
from kiosk.l10n.catalogue import render
from kiosk.l10n.formats import format_amount, format_date, format_datetime, format_money

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parents[3] / "assets"
Size = Literal["small", "normal", "large"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class PrintProfile:
    """What the layout needs to know about a printer; built from python-escpos capabilities by devices.py."""

    name: str = "default"
    width_dots: int = 576
    columns: int = 48  # Font A (12x24) characters per line
    columns_small: int = 64  # Font B (9x17)
    cutter: Literal["partial", "full", "none"] = "partial"
    native_qr: bool = True
    drawer_pin: int = 2

    @classmethod
    def for_paper(cls, paper_mm: int, **overrides: Any) -> PrintProfile:
        dots = DOTS_FOR_PAPER[paper_mm]
        values: dict[str, Any] = {
            "name": f"generic-{paper_mm}mm", "width_dots": dots, "columns": COLUMNS_FOR_PAPER[paper_mm],
            "columns_small": dots // 9,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def qr_module_dots(self) -> int:
        return 6 if self.width_dots >= 500 else 5


@dataclass(frozen=True)
class TextLine:
    """ASCII only: sent as text so it prints crisp and fast in the printer's own font."""

    text: str
    align: Align = "left"
    bold: bool = False
    size: Literal["small", "normal", "tall", "double"] = "normal"
    invert: bool = False


@dataclass(frozen=True, eq=False)
class ImageLine:
    """A 1-bit image exactly `width_dots` wide (alignment is in the pixels); `alt` is the text it shows."""

    image: Image.Image
    alt: str = ""


@dataclass(frozen=True)
class QrCode:
    payload: str
    module_dots: int
    native: bool  # the printer draws it (GS ( k) instead of us sending a raster


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = True


@dataclass(frozen=True)
class KickDrawer:
    pin: int = 2


Op = TextLine | ImageLine | QrCode | Feed | Cut | KickDrawer

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "receipt": "RECEIPT", "copy": "*** COPY ***", "no": "No.", "cashier": "Cashier", "subtotal": "Subtotal",
        "total": "TOTAL", "change": "Change", "cash": "Cash", "card": "Card", "qr": "QR PromptPay",
        "other": "Other payment", "store_credit": "Store credit", "tax_id": "Tax ID", "tel": "Tel", "member": "MEMBER",
        "points_earned": "Points earned", "points_spent": "Points used", "points_balance": "Points balance",
        "worth": "worth", "pts": "pts", "credit_earned": "Credit earned", "credit_spent": "Credit used",
        "credit_balance": "Store credit", "tier": "Tier", "next_tier": "Next", "expiring": "Expiring soon",
        "scan": "Show this code at the counter to collect points", "refund": "REFUND",
        "original": "Original receipt", "refunded": "REFUNDED", "member_card": "MEMBER CARD",
        "voucher": "REWARD VOUCHER", "valid_until": "Valid until",
        "single_use": "Single use. Show this code to the cashier.",
        "printed": "Printed", "signature": "Signature", "test": "PRINTER TEST", "challenges": "Challenges",
    },
    "th": {
        "receipt": "ใบเสร็จรับเงิน", "copy": "*** สำเนา ***", "no": "เลขที่", "cashier": "พนักงาน",
        "subtotal": "รวมเป็นเงิน", "total": "ยอดสุทธิ", "change": "เงินทอน", "cash": "เงินสด", "card": "บัตร",
        "qr": "พร้อมเพย์", "other": "ชำระทางอื่น", "store_credit": "เครดิตร้าน", "tax_id": "เลขประจำตัวผู้เสียภาษี", "tel": "โทร",
        "member": "สมาชิก", "points_earned": "แต้มที่ได้รับ", "points_spent": "แต้มที่ใช้",
        "points_balance": "แต้มคงเหลือ", "worth": "มูลค่า", "pts": "แต้ม", "credit_earned": "เครดิตที่ได้รับ",
        "credit_spent": "เครดิตที่ใช้", "credit_balance": "เครดิตคงเหลือ", "tier": "ระดับ", "next_tier": "ถัดไป",
        "expiring": "ใกล้หมดอายุ", "scan": "แสดงโค้ดนี้ที่เคาน์เตอร์เพื่อสะสมแต้ม", "refund": "ใบคืนเงิน",
        "original": "อ้างอิงใบเสร็จ", "refunded": "คืนเงิน", "member_card": "บัตรสมาชิก",
        "voucher": "คูปองรางวัล", "valid_until": "ใช้ได้ถึง", "single_use": "ใช้ได้ครั้งเดียว แสดงโค้ดนี้กับพนักงาน",
        "printed": "พิมพ์เมื่อ", "signature": "ลงชื่อ", "test": "ทดสอบเครื่องพิมพ์", "challenges": "ภารกิจสะสม",
    },
}


def _labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def money_text(amount: Money, language: str) -> str:
    """With the currency sign, as the shop's customers read it: '฿1,250.00' on a Thai receipt (drawn as an
    image anyway), 'THB 1,250.00' on an English one (printer text, where ฿ would make the line a picture)."""
    return format_money(amount, language, ascii_only=language != "th")


def receipt_say(said: Said, language: str) -> str:
    """An event or message as a receipt says it: its amounts in the receipt's one style (money_text), not the
    screens' ('THB 2,800.00 more to Silver' on an English receipt whose every other amount says THB)."""
    return render(said.code, {name: _receipt_value(value, language) for name, value in said.params.items()},
                  language)


def _receipt_value(value: object, language: str) -> object:
    if isinstance(value, Money):
        return money_text(value, language)
    if isinstance(value, tuple):
        return tuple(_receipt_value(item, language) for item in value)
    code, params = getattr(value, "code", None), getattr(value, "params", None)
    if isinstance(code, str) and isinstance(params, Mapping):  # a message inside the message
        return receipt_say(value, language)  # type: ignore[arg-type]
    return value


def amount_text(amount: Money, language: str) -> str:
    """Number only, for the price column where the currency is implied: '1,250.00', '-25.00'."""
    return format_amount(amount, language)


def _when(moment: datetime | date, language: str) -> str:
    """'7 ธ.ค. 2569 14:05' on a Thai receipt (Buddhist Era, as the screens), '7 Dec 2026, 14:05' on an English one."""
    if isinstance(moment, datetime):
        return format_datetime(moment, language)
    return format_date(moment, language)


def _number(value: int) -> str:
    return f"{value:,}"


def _printable_ascii(text: str) -> bool:
    return text.isascii() and text.isprintable()


class Page:
    """Collects ops for one document, choosing text or image per line by what the printer can show."""

    def __init__(self, profile: PrintProfile, renderer: TextRenderer) -> None:
        self.profile = profile
        self.renderer = renderer
        self.ops: list[Op] = []

    @property
    def width(self) -> int:
        return self.profile.width_dots

    def _px(self, size: Size) -> int:
        return {"small": SIZE_SMALL, "normal": SIZE_NORMAL, "large": SIZE_LARGE}[size]

    def line(self, text: str, *, align: Align = "left", bold: bool = False, size: Size = "normal",
             invert: bool = False) -> None:
        if _printable_ascii(text):
            cols = self.profile.columns_small if size == "small" else self.profile.columns
            text_size: Literal["small", "normal", "tall", "double"] = "small" if size == "small" else "normal"
            if size == "large":
                text_size = "double" if len(text) <= cols // 2 else "tall"
                cols = cols // 2 if text_size == "double" else cols
            parts = [text] if len(text) <= cols else textwrap.wrap(text, cols)
            for part in parts or [""]:
                self.ops.append(TextLine(part, align=align, bold=bold, size=text_size, invert=invert))
            return
        image = self.renderer.line_image(text, self.width, size=self._px(size), bold=bold, align=align)
        if invert:
            image = ImageOps.invert(image.convert("L")).convert("1")
        self.ops.append(ImageLine(image, alt=text))

    def row(self, left: str, right: str = "", *, bold: bool = False, size: Size = "normal", indent: int = 0) -> None:
        """`left` and `right` on one line with the gap between them, like a price list."""
        if _printable_ascii(left) and _printable_ascii(right):
            base = self.profile.columns_small if size == "small" else self.profile.columns
            candidates: list[tuple[Literal["small", "normal", "tall", "double"], int]]
            if size == "large":
                candidates = [("double", base // 2), ("tall", base)]
            else:
                candidates = [("small" if size == "small" else "normal", base)]
            for text_size, cols in candidates:
                pad = " " * indent
                room = cols - len(right) - 1 - indent
                if room < 8 and text_size == "double":
                    continue
                parts = textwrap.wrap(left, max(8, room)) or [""]
                if text_size == "double" and len(parts) > 1:
                    continue
                first = f"{pad}{parts[0]}"
                gap = " " * max(1, cols - len(first) - len(right)) if right else ""
                self.ops.append(TextLine(first + gap + right, bold=bold, size=text_size))
                for part in parts[1:]:
                    self.ops.append(TextLine(f"{pad}{part}", bold=bold, size=text_size))
                return
        indent_px = indent * (self.width // max(1, self.profile.columns))
        image = self.renderer.row_image(left, right, self.width, size=self._px(size), bold=bold, indent=indent_px)
        self.ops.append(ImageLine(image, alt=f"{left} {right}".strip()))

    def rule(self, char: str = "-") -> None:
        self.ops.append(TextLine(char * self.profile.columns))

    def blank(self) -> None:
        self.ops.append(TextLine(""))

    def image(self, image: Image.Image, alt: str = "") -> None:
        """Centre `image` on a full-width canvas so alignment never depends on printer settings."""
        if image.width > self.width:
            image = image.resize((self.width, max(1, image.height * self.width // image.width)))
        canvas = Image.new("1", (self.width, image.height), 1)
        canvas.paste(image.convert("1"), ((self.width - image.width) // 2, 0))
        self.ops.append(ImageLine(canvas, alt=alt))

    def qr(self, payload: str, *, module_dots: int | None = None) -> None:
        module = module_dots or self.profile.qr_module_dots
        if self.profile.native_qr:
            self.ops.append(QrCode(payload, module_dots=module, native=True))
        else:
            self.ops.append(ImageLine(qr_canvas(payload, module, self.width), alt=payload))

    def cut(self) -> None:
        self.ops.append(Feed(3))
        if self.profile.cutter != "none":
            self.ops.append(Cut(partial=self.profile.cutter == "partial"))


def qr_image(payload: str, module_dots: int) -> Image.Image:
    """The QR as a 1-bit image with a 4-module quiet zone (phones and scanners need it)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_dots, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


def qr_canvas(payload: str, module_dots: int, width: int) -> Image.Image:
    """The QR centred on a full-width 1-bit canvas, for printers without native QR and for previews."""
    qr = qr_image(payload, module_dots)
    if qr.width > width:
        qr = qr_image(payload, max(1, module_dots * width // qr.width))
    canvas = Image.new("1", (width, qr.height), 1)
    canvas.paste(qr, ((width - qr.width) // 2, 0))
    return canvas


def stamp_card_image(card: StampCardView, width: int) -> Image.Image:
    """The stamp card as the customer knows it: a row of filled and empty circles, wrapped after ten."""
    per_row = min(max(card.required, 1), 10)
    rows = (max(card.required, 1) + per_row - 1) // per_row
    pitch = min(48, (width - 16) // per_row)
    diameter = pitch - max(6, pitch // 6)
    image = Image.new("1", (width, rows * pitch + 4), 1)
    draw = ImageDraw.Draw(image)
    left = (width - per_row * pitch) // 2
    for i in range(card.required):
        row, col = divmod(i, per_row)
        x0, y0 = left + col * pitch + (pitch - diameter) // 2, 2 + row * pitch + (pitch - diameter) // 2
        box = (x0, y0, x0 + diameter, y0 + diameter)
        if i < card.stamps:
            draw.ellipse(box, fill=0)
            # A white centre dot so a stamp reads as a stamp, not a print smudge.
            c = diameter // 2
            draw.ellipse((x0 + c - 3, y0 + c - 3, x0 + c + 3, y0 + c + 3), fill=1)
        else:
            draw.ellipse(box, outline=0, width=3)
    return image


def progress_image(percent: int, width: int) -> Image.Image:
    bar_w, bar_h = int(width * 0.8), 20
    image = Image.new("1", (width, bar_h + 6), 1)
    draw = ImageDraw.Draw(image)
    x0 = (width - bar_w) // 2
    draw.rectangle((x0, 3, x0 + bar_w, 3 + bar_h), outline=0, width=3)
    filled = int((bar_w - 8) * max(0, min(100, percent)) / 100)
    if filled > 0:
        draw.rectangle((x0 + 4, 7, x0 + 4 + filled, bar_h - 1), fill=0)
    return image


@lru_cache(maxsize=8)
def _logo(path: Path, width: int) -> Image.Image | None:
    try:
        with Image.open(path) as source:
            gray = ImageOps.exif_transpose(source).convert("L")
    except (OSError, ValueError) as exc:
        log.warning("receipt logo %s not printed: %s", path, exc)
        return None
    gray.thumbnail((int(width * 0.6), 160))
    return gray.convert("1")  # Floyd-Steinberg dithering: photos keep their shading on a 1-bit printer


class DocumentLayout:
    """Lays out every kind of document for one printer profile."""

    def __init__(self, profile: PrintProfile, *, renderer: TextRenderer | None = None,
                 assets_dir: Path | None = None, logo: str | None = None) -> None:
        self.profile = profile
        self.renderer = renderer or TextRenderer()
        self.assets_dir = assets_dir or ASSETS_DIR
        self.logo = logo

    def layout(self, doc: Document) -> list[Op]:
        page = Page(self.profile, self.renderer)
        match doc:
            case SaleReceipt():
                self._sale(page, doc)
            case RefundSlip():
                self._refund(page, doc)
            case MemberCardSlip():
                self._member_card(page, doc)
            case VoucherSlip():
                self._voucher(page, doc)
            case DailySummarySlip():
                self._summary(page, doc)
            case DrawerKick():
                page.ops.append(KickDrawer(self.profile.drawer_pin))  # no paper, no cut
            case _:
                raise TypeError(f"cannot lay out {type(doc).__name__}")
        return page.ops

    # --- building blocks -------------------------------------------------------------------------------------

    def _header(self, page: Page, shop: ShopHeader, language: str, *, full: bool = True) -> None:
        labels = _labels(language)
        logo_name = self.logo or shop.logo
        if logo_name and full:
            logo = _logo(self.assets_dir / logo_name, page.width)
            if logo is not None:
                page.image(logo, alt="logo")
        page.line(shop.label(language), align="center", bold=True, size="large")
        if not full:
            return
        for address in shop.address_lines:
            page.line(address, align="center")
        if shop.phone:
            page.line(f"{labels['tel']} {shop.phone}", align="center")
        if shop.tax_id:
            page.line(f"{labels['tax_id']} {shop.tax_id}", align="center")

    def _footer(self, page: Page, shop: ShopHeader, language: str) -> None:
        if shop.footer_lines:
            page.blank()
            for footer in shop.footer(language):
                page.line(footer, align="center")

    def _title(self, page: Page, title: str, *, is_copy: bool, language: str) -> None:
        page.blank()
        page.line(f"  {title}  ", align="center", bold=True, invert=True)
        if is_copy:
            page.line(_labels(language)["copy"], align="center", bold=True)

    def _loyalty(self, page: Page, block: LoyaltyBlock, language: str) -> None:
        labels = _labels(language)
        pts = labels["pts"]
        page.rule("=")
        page.line(f"{labels['member']}: {block.member_name}", align="center", bold=True)
        if block.tier_name:
            page.row(labels["tier"], block.tier_name, bold=True)
        if block.points_earned:
            page.row(labels["points_earned"], f"+{_number(block.points_earned)} {pts}")
        for bonus in block.bonuses:  # which promotion gave what (already in the points earned)
            if bonus.points:
                page.row(bonus.label, f"+{_number(bonus.points)} {pts}", size="small", indent=2)
            if bonus.stamps:
                stamps = render("receipt.stamps", {"count": bonus.stamps}, language)
                page.row(bonus.label if not bonus.points else "", f"+{stamps}", size="small", indent=2)
        if block.points_spent:
            page.row(labels["points_spent"], f"-{_number(block.points_spent)} {pts}")
        page.row(labels["points_balance"], f"{_number(block.points_balance)} {pts}", bold=True)
        if block.points_value is not None and not block.points_value.is_zero():
            page.row(f"{labels['worth']}", money_text(block.points_value, language), size="small", indent=2)
        if block.credit_earned is not None and not block.credit_earned.is_zero():
            page.row(labels["credit_earned"], "+" + amount_text(block.credit_earned, language))
        if block.credit_spent is not None and not block.credit_spent.is_zero():
            page.row(labels["credit_spent"], "-" + amount_text(block.credit_spent, language))
        if block.credit_balance is not None:
            page.row(labels["credit_balance"], money_text(block.credit_balance, language), bold=True)
        for card in block.stamp_cards:
            page.blank()
            page.row(card.name, f"{card.stamps}/{card.required}", bold=True)
            page.image(stamp_card_image(card, page.width), alt=f"{card.name} {card.stamps}/{card.required}")
            if card.rewards_ready:
                page.line(render("receipt.rewards_ready", {"count": card.rewards_ready}, language), align="center",
                          bold=True)
        if block.tier_progress_percent is not None or block.tier_to_go is not None:
            page.blank()
            if block.next_tier_name:
                right = f"{block.tier_progress_percent}%" if block.tier_progress_percent is not None else ""
                page.row(f"{block.tier_name or ''} > {block.next_tier_name}".strip(" >"), right)
            if block.tier_progress_percent is not None:
                page.image(progress_image(block.tier_progress_percent, page.width),
                           alt=f"{block.tier_progress_percent}%")
            if block.tier_to_go is not None:
                page.line(receipt_say(block.tier_to_go, language), align="center", size="small")
        if block.expiring_soon:
            page.blank()
            page.line(labels["expiring"], bold=True)
            for soon in block.expiring_soon:
                page.row(receipt_say(soon, language), _when(soon.on, language), indent=2)
        if block.challenge_standings:
            page.blank()
            page.line(labels["challenges"], bold=True)
            for standing in block.challenge_standings:
                page.line(receipt_say(standing, language), size="small")
        for event in block.events:
            page.blank()
            page.line(receipt_say(event, language), align="center", bold=True)
        page.blank()
        page.qr(block.member_code)
        page.line(labels["scan"], align="center", size="small")

    # --- documents -------------------------------------------------------------------------------------------

    def _sale(self, page: Page, doc: SaleReceipt) -> None:
        labels = _labels(doc.language)
        if doc.open_cash_drawer and not doc.is_copy:
            # First, so the drawer opens while the receipt is still printing; copies never open it.
            page.ops.append(KickDrawer(self.profile.drawer_pin))
        self._header(page, doc.shop, doc.language)
        self._title(page, labels["receipt"], is_copy=doc.is_copy, language=doc.language)
        self._refund_state(page, doc, top=True)
        page.row(f"{labels['no']} {doc.receipt_no}", _when(doc.created_at, doc.language))
        page.row(f"{labels['cashier']}: {doc.cashier_name}")
        page.rule()
        for item in doc.lines:
            page.row(item.name, amount_text(item.total, doc.language))
            if item.options:
                page.row(", ".join(item.options), size="small", indent=2)
            if item.quantity != 1:
                page.row(f"{item.quantity} x {amount_text(item.unit_price, doc.language)}", size="small", indent=2)
        page.rule()
        count = sum(item.quantity for item in doc.lines)
        page.row(f"{labels['subtotal']} ({render('receipt.items', {'count': count}, doc.language)})",
                 amount_text(doc.subtotal, doc.language))
        for adjustment in doc.adjustments:
            name = receipt_say(adjustment.said, doc.language) if adjustment.said is not None else adjustment.label
            page.row(name, amount_text(adjustment.amount, doc.language))
        page.row(labels["total"], money_text(doc.total, doc.language), bold=True, size="large")
        for payment in doc.payments:
            page.row(payment.label or labels.get(payment.method, payment.method),
                     amount_text(payment.amount, doc.language))
        if doc.change is not None and not doc.change.is_zero():
            page.row(labels["change"], amount_text(doc.change, doc.language))
        self._refund_state(page, doc, top=False)
        if doc.loyalty is not None:
            self._loyalty(page, doc.loyalty, doc.language)
        page.rule()
        self._footer(page, doc.shop, doc.language)
        page.cut()

    def _refund_state(self, page: Page, doc: SaleReceipt, *, top: bool) -> None:
        """A copy of a sale refunded since says so under its title and again by its totals: REFUNDED or PARTLY
        REFUNDED, with each refund slip's number and the money it gave back."""
        if doc.refund_state is None:
            return
        state = render(f"receipt.refund_state.{doc.refund_state}", None, doc.language)
        if top:
            page.line(f"*** {state} ***", align="center", bold=True)
        else:
            page.rule()
            page.row(state, bold=True)
        for note in doc.refunds:
            page.line(render(f"receipt.refund_note.{note.kind}", {
                "receipt": note.receipt_no, "amount": amount_text(-note.amount, doc.language)}, doc.language),
                align="center" if top else "left", size="small" if top else "normal")

    def _refund(self, page: Page, doc: RefundSlip) -> None:
        labels = _labels(doc.language)
        self._header(page, doc.shop, doc.language)
        self._title(page, labels["refund"], is_copy=doc.is_copy, language=doc.language)
        page.row(f"{labels['no']} {doc.receipt_no}", _when(doc.created_at, doc.language))
        page.row(f"{labels['original']}: {doc.original_receipt_no}")
        page.row(f"{labels['cashier']}: {doc.cashier_name}")
        page.rule()
        for item in doc.lines:
            page.row(item.name, amount_text(-item.total, doc.language))
            if item.options:
                page.row(", ".join(item.options), size="small", indent=2)
            if item.quantity != 1:
                page.row(f"{item.quantity} x {amount_text(item.unit_price, doc.language)}", size="small", indent=2)
        page.rule()
        page.row(labels["refunded"], money_text(doc.total_refunded, doc.language), bold=True, size="large")
        for reversal in doc.reversals:
            page.line(receipt_say(reversal, doc.language))
        if doc.loyalty is not None:
            self._loyalty(page, doc.loyalty, doc.language)
        page.blank()
        page.blank()
        page.line(f"{labels['signature']} ______________________", align="center")
        page.cut()

    def _member_card(self, page: Page, doc: MemberCardSlip) -> None:
        labels = _labels(doc.language)
        self._header(page, doc.shop, doc.language, full=False)
        self._title(page, labels["member_card"], is_copy=False, language=doc.language)
        page.blank()
        page.line(doc.member_name, align="center", bold=True, size="large")
        page.blank()
        page.qr(doc.member_code, module_dots=self.profile.qr_module_dots + 2)
        for how in ("slip.member_card.show", "slip.member_card.collect"):
            page.line(render(how, None, doc.language), align="center")
        page.blank()
        page.line(f"{labels['printed']} {_when(doc.created_at, doc.language)}", align="center", size="small")
        self._footer(page, doc.shop, doc.language)
        page.cut()

    def _voucher(self, page: Page, doc: VoucherSlip) -> None:
        labels = _labels(doc.language)
        self._header(page, doc.shop, doc.language, full=False)
        self._title(page, labels["voucher"], is_copy=False, language=doc.language)
        page.blank()
        page.line(doc.reward_name, align="center", bold=True, size="large")
        if doc.member_name:
            page.line(doc.member_name, align="center")
        page.blank()
        page.qr(doc.voucher_code, module_dots=self.profile.qr_module_dots + 1)
        page.line(doc.voucher_code, align="center", bold=True)
        if doc.expires_on is not None:
            page.line(f"{labels['valid_until']} {_when(doc.expires_on, doc.language)}", align="center", bold=True)
        page.line(labels["single_use"], align="center", size="small")
        page.line(f"{labels['printed']} {_when(doc.created_at, doc.language)}", align="center", size="small")
        page.cut()

    def _summary(self, page: Page, doc: DailySummarySlip) -> None:
        labels = _labels(doc.language)
        self._header(page, doc.shop, doc.language, full=False)
        page.blank()
        page.line(doc.title, align="center", bold=True, size="large")
        page.line(doc.period_label, align="center")
        page.line(f"{labels['printed']} {_when(doc.created_at, doc.language)}", align="center", size="small")
        page.rule()
        for row in doc.rows:
            if not row.value and not row.label:
                page.blank()
            elif row.label.startswith("--") or not row.value:
                page.line(row.label.strip("- "), bold=True)
            else:
                page.row(row.label, row.value)
        page.rule()
        page.blank()
        page.line(f"{labels['signature']} ______________________", align="center")
        page.cut()

    def test_page(self, *, printer_name: str, description: str, language: str = "th") -> list[Op]:
        """What `kiosk printer test` prints: every kind of line, so one look tells what works."""
        page = Page(self.profile, self.renderer)
        cols = self.profile.columns
        page.line("PRINTER TEST", align="center", bold=True, size="large")
        page.line(_labels("th")["test"], align="center", bold=True)
        page.rule()
        page.row("Printer", printer_name)
        page.line(description)
        page.row("Profile", self.profile.name)
        page.row("Width", f"{self.profile.width_dots} dots, {cols} columns")
        page.rule()
        page.line(("1234567890" * (cols // 10 + 1))[:cols])
        page.line("Bold text", bold=True)
        page.line("Double size", size="large")
        page.line("Small Font B text for the fine print", size="small")
        page.line("ภาษาไทย: สวัสดีค่ะ ยินดีต้อนรับ ที่นี่ร้านกาแฟ")
        page.row("ลาเต้เย็น x2", money_text(Money(13000, "THB"), "th"))
        page.row("ยอดสุทธิ", money_text(Money(125000, "THB"), "th"), bold=True, size="large")
        page.image(stamp_card_image(StampCardView("Coffee", 7, 10), page.width), alt="7/10")
        page.qr("KIOSK-PRINTER-TEST")
        page.line("Scan me: KIOSK-PRINTER-TEST", align="center")
        page.cut()
        return page.ops


def layout_document(doc: Document, profile: PrintProfile, *, renderer: TextRenderer | None = None,
                    assets_dir: Path | None = None) -> list[Op]:
    return DocumentLayout(profile, renderer=renderer, assets_dir=assets_dir).layout(doc)


__all__ = [
    "Cut", "DocumentLayout", "Feed", "ImageLine", "KickDrawer", "Op", "Page", "PrintProfile", "QrCode", "TextLine",
    "amount_text", "layout_document", "money_text", "progress_image", "qr_canvas", "qr_image", "stamp_card_image",
]
