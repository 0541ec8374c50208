"""Receipt layout and ESC/POS bytes, read back the way a customer reads the paper.

Golden files: `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_print_layout.py` rewrites
tests/golden/receipt_80mm.bin and receipt_58mm.bin after an intended layout change (look at a preview first:
`python -c "from kiosk.adapters.printing.preview import render_preview; ..."`).
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date
from pathlib import Path

import pytest

from kiosk.adapters.printing.devices import open_transport
from kiosk.adapters.printing.layout import DocumentLayout, ImageLine, PrintProfile, TextLine
from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.samples import (
    MEMBER_CODE,
    sample_member_card,
    sample_receipt,
    sample_refund,
    sample_summary,
    sample_voucher,
)
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.status import decode
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.domain.documents import ShopHeader, document_from_json, document_to_json
from kiosk.domain.errors import InvalidInput
from kiosk.domain.events import ExpiringSoon, Localized
from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import ChallengeProgress
from kiosk.services.ports.printing import PrinterError
from kiosk.services.printing import as_copy
from tests.support import escpos_reader

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def renderer() -> TextRenderer:
    return TextRenderer()


def _printer(renderer: TextRenderer, paper_mm: int = 80, **extra: object) -> EscposReceiptPrinter:
    settings = printer_settings_from_dict("receipt", {"kind": "dummy", "paper_mm": paper_mm, **extra})
    return EscposReceiptPrinter(settings, renderer=renderer)


def _check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes(), f"{name} changed; if intended, rerun with UPDATE_GOLDEN=1"


def _fits(paper: escpos_reader.Printout, columns: int) -> bool:
    """Every text line fits the paper: double width counts twice, Font B (9 dots vs 12) three quarters."""
    widths = {"normal": 1.0, "tall": 1.0, "double": 2.0, "small": 0.75}
    return all(len(item.text) * widths[item.size] <= columns for item in paper.items
               if isinstance(item, escpos_reader.Line))


def test_golden_80mm_thai_receipt(renderer: TextRenderer) -> None:
    _check_golden("receipt_80mm.bin", _printer(renderer, 80).render(sample_receipt("th")))


def test_golden_58mm_english_receipt(renderer: TextRenderer) -> None:
    _check_golden("receipt_58mm.bin", _printer(renderer, 58).render(sample_receipt("en")))


def test_english_receipt_reads_like_a_receipt(renderer: TextRenderer) -> None:
    paper = escpos_reader.read(_printer(renderer, 80).render(sample_receipt("en")))
    assert paper.columns("TOTAL") == ["TOTAL", "THB 174.50"]
    assert paper.line_with("TOTAL").size == "double"
    assert paper.columns("Points balance") == ["Points balance", "1,245 pts"]
    assert paper.columns("Store credit") == ["Store credit", "THB 35.00"]
    assert paper.columns("Iced latte") == ["Iced latte", "130.00"]
    assert paper.columns("Change") == ["Change", "25.50"]
    assert "Tax ID 0505561001234" in paper.lines
    assert paper.decoded_qr() == [MEMBER_CODE]
    assert paper.cuts == ["partial"]
    assert paper.drawer_kicks == [2]
    assert _fits(paper, 48)


def test_a_payment_made_another_way_is_named_in_the_receipts_language(renderer: TextRenderer) -> None:
    from kiosk.domain.documents import Payment

    for language, words in (("en", "Other payment"), ("th", "ชำระทางอื่น")):
        doc = sample_receipt(language, cash=False)
        doc = dataclasses.replace(doc, payments=(Payment("other", doc.total),))
        ops = DocumentLayout(PrintProfile.for_paper(80), renderer=renderer).layout(doc)
        said = [op.text if isinstance(op, TextLine) else op.alt for op in ops if isinstance(op, TextLine | ImageLine)]
        assert any(words in line for line in said), said
        assert not any(re.search(r"\bother\b", line) for line in said)


def test_thai_receipt_never_sends_thai_as_text(renderer: TextRenderer) -> None:
    """Code pages would print ?????? for Thai without any error: Thai and ฿ must arrive as images."""
    ops = DocumentLayout(PrintProfile.for_paper(80), renderer=renderer).layout(sample_receipt("th"))
    assert all(op.text.isascii() for op in ops if isinstance(op, TextLine))
    thai_images = [op for op in ops if isinstance(op, ImageLine) and any("\u0e00" <= c <= "\u0e7f" for c in op.alt)]
    assert any("ยอดสุทธิ" in op.alt and "฿174.50" in op.alt for op in thai_images)
    assert any("แต้มคงเหลือ" in op.alt and "1,245" in op.alt for op in thai_images)
    paper = escpos_reader.read(_printer(renderer, 80).render(sample_receipt("th")))
    assert "?" not in paper.text
    assert all(image.width <= 576 for image in paper.images)
    assert all(image.convert("L").getextrema()[0] == 0 for image in paper.images)  # every image has ink
    assert paper.decoded_qr() == [MEMBER_CODE]


def test_raqm_stacks_thai_marks_instead_of_advancing(renderer: TextRenderer) -> None:
    # With Raqm the vowel and tone mark of "ที่" sit on the consonant; without it they take extra width.
    assert renderer.measure("ที่") == renderer.measure("ท")
    assert renderer.runs("ลาเต้ 2 แก้ว")[0] == ("thai", "ลาเต้ ")


def test_long_thai_item_names_wrap_within_58mm(renderer: TextRenderer) -> None:
    lines = renderer.wrap("ชาเขียวมัทฉะลาเต้เย็นหวานน้อยพิเศษไซซ์ใหญ่ใส่ไข่มุก", 300)
    assert len(lines) > 1
    assert all(renderer.measure(line) <= 300 for line in lines)
    assert "".join(lines) == "ชาเขียวมัทฉะลาเต้เย็นหวานน้อยพิเศษไซซ์ใหญ่ใส่ไข่มุก"


def test_58mm_uses_its_own_width(renderer: TextRenderer) -> None:
    paper = escpos_reader.read(_printer(renderer, 58).render(sample_receipt("th")))
    assert all(image.width <= 384 for image in paper.images)
    english = escpos_reader.read(_printer(renderer, 58).render(sample_receipt("en")))
    assert _fits(english, 32)
    assert english.columns("Points balance") == ["Points balance", "1,245 pts"]


def test_raster_qr_when_the_profile_has_no_native_qr(renderer: TextRenderer) -> None:
    paper = escpos_reader.read(_printer(renderer, 58, profile="POS-5890").render(sample_receipt("en")))
    assert paper.native_qr == []
    assert paper.decoded_qr() == [MEMBER_CODE]
    assert paper.cuts == []  # POS-5890 has no cutter: nothing to cut with


def test_copy_is_marked_and_never_opens_the_drawer(renderer: TextRenderer) -> None:
    copy = as_copy(sample_receipt("en"))
    paper = escpos_reader.read(_printer(renderer).render(copy))
    assert "*** COPY ***" in paper.lines
    assert paper.drawer_kicks == []
    card_paid = dataclasses.replace(sample_receipt("en", cash=False))
    assert escpos_reader.read(_printer(renderer).render(card_paid)).drawer_kicks == []


def test_slips(renderer: TextRenderer) -> None:
    printer = _printer(renderer, 80, native_qr=False)
    voucher = escpos_reader.read(printer.render(sample_voucher("en")))
    assert voucher.decoded_qr() == ["V-7H3K-9QX2"]
    assert "V-7H3K-9QX2" in voucher.lines
    card = escpos_reader.read(printer.render(sample_member_card("en")))
    assert card.decoded_qr() == [MEMBER_CODE]
    refund = escpos_reader.read(printer.render(sample_refund("en")))
    assert refund.columns("REFUNDED") == ["REFUNDED", "THB 58.50"]
    assert refund.columns("Iced latte") == ["Iced latte", "-65.00"]
    summary = escpos_reader.read(printer.render(sample_summary("en")))
    assert summary.columns("Points issued") == ["Points issued", "1,402"]
    assert summary.cuts == ["partial"]


def _partial_refund_slips(language: str) -> tuple[object, object, str]:
    """A receipt of 3 lattes, a cake and an open amount, refunded in two goes through the service (on the fakes):
    2 lattes and the cake, then the rest. The two slips it queued, and the sale's receipt number."""
    from kiosk.domain.commands import RefundLine, RefundSale
    from kiosk.domain.programs.config import BonusRules
    from tests.unit.fakes import cafe_programs, enroll, line, make_shop, sell

    shop = make_shop(cafe_programs(bonuses=BonusRules()), language=language)
    member = enroll(shop)
    sale = sell(shop, line("LATTE", "65", qty=3), line("CAKE", "95"), line(price="200"), member=member.member_code)
    slips = []
    for command_id, lines in (("part", (RefundLine(0, 2), RefundLine(1, 1))), ("rest", ())):
        shop.refunds.refund(RefundSale(command_id=command_id, receipt_no=sale.receipt_no, lines=lines,
                                       approved_by=shop.manager_id))
        slips.append(shop.state.print_jobs[-1]["document"])
    return slips[0], slips[1], sale.receipt_no


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_a_partial_refund_slip_names_the_original_receipt_and_only_what_went_back(renderer: TextRenderer,
                                                                                  paper_mm: int) -> None:
    part, rest, receipt_no = _partial_refund_slips("en")
    printer = _printer(renderer, paper_mm, native_qr=False)
    first = escpos_reader.read(printer.render(part))
    assert first.lines[1].strip() == "REFUND" and f"Original receipt: {receipt_no}" in first.lines
    assert first.columns("LATTE") == ["LATTE", "-130.00"] and "  2 x 65.00" in first.lines  # two of the three
    assert first.columns("CAKE") == ["CAKE", "-95.00"]
    assert not any(text.startswith("Amount") for text in first.lines)  # the line that stayed is not on the slip
    assert first.columns("REFUNDED") == ["REFUNDED", "THB 225.00"]  # no discount on this sale: their full price
    assert "Stamps removed: 2" in first.lines
    assert _fits(first, 48 if paper_mm == 80 else 32)
    second = escpos_reader.read(printer.render(rest))
    assert f"Original receipt: {receipt_no}" in second.lines
    assert second.columns("LATTE") == ["LATTE", "-65.00"] and second.columns("Amount") == ["Amount", "-200.00"]
    assert not any(text.startswith(("CAKE", "  2 x", "  3 x")) for text in second.lines)
    assert _fits(second, 48 if paper_mm == 80 else 32)
    amounts = [escpos_reader.read(printer.render(slip)).columns("REFUNDED")[1] for slip in (part, rest)]
    total = sum(int(a.removeprefix("THB ").replace(",", "").replace(".", "")) for a in amounts)
    assert total == (3 * 65 + 95 + 200) * 100  # the two slips give back the whole receipt, to the satang


def test_a_thai_partial_refund_slip_names_the_original_receipt(renderer: TextRenderer) -> None:
    part, _rest, receipt_no = _partial_refund_slips("th")
    ops = DocumentLayout(PrintProfile.for_paper(80), renderer=renderer).layout(part)
    thai = [op.alt for op in ops if isinstance(op, ImageLine)]
    assert "ใบคืนเงิน" in [alt.strip() for alt in thai] and f"อ้างอิงใบเสร็จ: {receipt_no}" in thai
    assert "คืนเงิน ฿225.00" in thai  # two lattes and the cake: no discount on this sale, so their full price
    text = [op.text for op in ops if isinstance(op, TextLine)]
    assert any(t.startswith("LATTE") and t.endswith("-130.00") for t in text)
    assert not any(t.startswith("Amount") for t in text)


def test_documents_survive_the_queue_json(renderer: TextRenderer) -> None:
    doc = sample_receipt("th")
    assert _printer(renderer).render(document_from_json(document_to_json(doc))) == _printer(renderer).render(doc)


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "laser"}, "kind must be one of"),
    ({"kind": "network"}, "needs host"),
    ({"kind": "usb", "vendor_id": "0x04b8"}, "needs product_id"),
    ({"kind": "network", "host": "10.0.0.9", "prot": 9100}, "unknown keys: prot"),
    ({"kind": "dummy", "paper_mm": 70}, "58 or 80"),
    ({"kind": "network", "host": "10.0.0.9", "port": 70000}, "between 1 and 65535"),
    ({"kind": "network", "host": "http://127.0.0.1:9100"}, "must be the printer's IP address or name"),
    ({"kind": "network", "host": "๑๒๗.0.0.1"}, "must be the printer's IP address or name"),
    ({"kind": "network", "host": "-x"}, "must be the printer's IP address or name"),
    ({"kind": "network", "host": "h" * 300}, "not 'hhhh"),
    ({"kind": "network", "host": "10.0.0.9:9101", "port": 9100}, "must be the printer's IP address or name"),
])
def test_settings_validation(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        printer_settings_from_dict("receipt", data)


def test_settings_accept_hex_ids_and_host_port() -> None:
    usb = printer_settings_from_dict("kitchen", {"kind": "usb", "vendor_id": "0x04b8", "product_id": "0x0202"})
    assert (usb.vendor_id, usb.product_id) == (0x04B8, 0x0202)
    net = printer_settings_from_dict("receipt", {"kind": "network", "host": "192.168.1.50:9101"})
    assert (net.host, net.port) == ("192.168.1.50", 9101)
    assert net.confirms_with_status
    assert not printer_settings_from_dict("r", {"kind": "cups", "cups_queue": "TM"}).confirms_with_status


@pytest.mark.parametrize(("kind", "extra", "package"), [
    ("usb", {"vendor_id": 1208, "product_id": 514}, "pyusb"),
    ("serial", {"device": "/dev/ttyUSB0"}, "pyserial"),
    ("cups", {"cups_queue": "TM-T20"}, "pycups"),
])
def test_missing_driver_names_the_package(kind: str, extra: dict[str, object], package: str) -> None:
    module = {"pyusb": "usb", "pyserial": "serial", "pycups": "cups"}[package]
    try:
        __import__(module)
        pytest.skip(f"{package} is installed here")
    except ImportError:
        pass
    settings = printer_settings_from_dict("receipt", {"kind": kind, **extra})
    with pytest.raises(PrinterError, match=package):
        open_transport(settings)


def test_status_bytes_decode() -> None:
    ok = decode(0x12, 0x12, 0x12, 0x12)
    assert ok.ready and ok.online and not ok.paper_near_end
    assert decode(0x12, 0x12, 0x12, 0x1E).paper_near_end
    out = decode(0x1A, 0x32, 0x12, 0x7E)
    assert out.paper_out and not out.ready and "paper" in out.detail
    cover = decode(0x1A, 0x16, 0x12, 0x12)
    assert cover.cover_open and not cover.ready


def test_preview_is_paper_shaped(renderer: TextRenderer) -> None:
    from kiosk.adapters.printing.preview import render_preview

    image = render_preview(sample_receipt("th"), 576, renderer=renderer)
    assert image.width > 576 and image.height > 1000


def test_a_thai_receipt_prints_the_shops_thai_name_footer_and_buddhist_era_date(renderer: TextRenderer) -> None:
    shop = ShopHeader(name="Baan Kafe", name_th="บ้านกาแฟ", footer_lines=("Thank you!",),
                      footer_lines_th=("ขอบคุณค่ะ",))
    thai = DocumentLayout(PrintProfile.for_paper(80), renderer=renderer).layout(
        dataclasses.replace(sample_receipt("th"), shop=shop))
    alts = [op.alt for op in thai if isinstance(op, ImageLine)]
    assert "บ้านกาแฟ" in alts and "ขอบคุณค่ะ" in alts and not any("Baan Kafe" in alt for alt in alts)
    assert any("5 ม.ค. 2568 14:32" in alt for alt in alts)  # the sample's 5 Jan 2025, in the Buddhist Era
    english = escpos_reader.read(_printer(renderer, 80).render(dataclasses.replace(sample_receipt("en"), shop=shop)))
    assert "Baan Kafe" in english.lines and "Thank you!" in english.lines
    assert english.line_with("No. ").text.endswith("5 Jan 2025, 14:32")


def _said(renderer: TextRenderer, doc: object) -> list[str]:
    """Every line of a document as a reader reads it: printer text, or the words drawn as a picture."""
    ops = DocumentLayout(PrintProfile.for_paper(80), renderer=renderer).layout(doc)  # type: ignore[arg-type]
    return [op.text.strip() if isinstance(op, TextLine) else op.alt.strip() for op in ops
            if isinstance(op, (TextLine, ImageLine))]


def _latin_words(lines: list[str], *, allowed: tuple[str, ...] = ()) -> list[str]:
    text = " ".join(lines)
    for word in allowed:
        text = text.replace(word, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def test_what_expires_and_the_challenges_are_said_in_the_receipts_language(renderer: TextRenderer) -> None:
    """The service hands the receipt events (what expires, how much, when; where the member stands in a
    challenge): a Thai receipt says them all in Thai, an English one in English."""
    soon = date(2025, 2, 1)
    loyalty = dataclasses.replace(
        sample_receipt("th").loyalty,  # type: ignore[arg-type]
        tier_name=None, next_tier_name=None, tier_to_go=None, tier_progress_percent=None, events=(),
        expiring_soon=(ExpiringSoon("points", 120, Money(0), Localized(""), soon),
                       ExpiringSoon("credit", 0, Money(2550), Localized(""), soon),
                       ExpiringSoon("reward", 1, Money(0), Localized("Free coffee", "กาแฟฟรี"), soon)),
        challenge_standings=(ChallengeProgress("visit3", Localized("Visit 3 times", "มาครบ 3 ครั้ง"), "visits", 2, 3,
                                               date(2025, 1, 5), 100, False).standing("THB"),))
    thai = _said(renderer, dataclasses.replace(sample_receipt("th"), loyalty=loyalty))
    block = thai[thai.index("ใกล้หมดอายุ"):thai.index("แสดงโค้ดนี้ที่เคาน์เตอร์เพื่อสะสมแต้ม")]
    assert "120 แต้ม 1 ก.พ. 2568" in [" ".join(line.split()) for line in block]
    assert any("เครดิตร้าน ฿25.50" in line for line in block) and any("กาแฟฟรี 1 รายการ" in line for line in block)
    assert "มาครบ 3 ครั้ง: 2 จาก 3 ครั้ง อีก 1 ครั้ง ภายในวันอาทิตย์ที่ 5 ม.ค. 2568 รับ +100 แต้ม" in block
    assert not _latin_words(block), block
    english = [" ".join(line.split()) for line in _said(renderer, dataclasses.replace(sample_receipt("en"),
                                                                                       loyalty=loyalty))]
    block = english[english.index("Expiring soon"):english.index("Challenges") + 3]
    assert block[1:4] == ["120 points 1 Feb 2025", "THB 25.50 store credit 1 Feb 2025",  # as every amount on it
                          "1 × Free coffee 1 Feb 2025"]
    assert " ".join(block[-2:]) == "Visit 3 times: 2 of 3 visits: one more by Sunday 5 Jan 2025 for +100 points"


def test_a_receipt_says_every_amount_in_one_style(renderer: TextRenderer) -> None:
    """An English receipt's amounts say THB (printer text), its tier line's too: it said "฿1,250.00 more to Gold"
    (drawn as a picture) under "Store credit THB 35.00". A Thai receipt says ฿ throughout."""
    english = escpos_reader.read(_printer(renderer, 80).render(sample_receipt("en")))
    assert "THB 1,250.00 more to Gold" in [line.strip() for line in english.lines]
    assert not [line for line in _said(renderer, sample_receipt("en")) if "฿" in line]
    thai = _said(renderer, sample_receipt("th"))
    assert any("อีก ฿1,250.00 ถึงระดับ Gold" in line for line in thai), thai
    assert not [line for line in thai if "THB" in line]


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_member_card_and_a_voucher_say_how_to_use_them_in_their_language(renderer: TextRenderer,
                                                                            language: str) -> None:
    card = _said(renderer, sample_member_card(language))
    voucher = _said(renderer, sample_voucher(language))
    if language == "th":
        assert "แสดง QR นี้ที่เคาน์เตอร์ทุกครั้งที่ซื้อ" in card
        assert "เพื่อสะสมแต้ม แสตมป์ และรับของรางวัล" in card
        assert "ใช้ได้ครั้งเดียว แสดงโค้ดนี้กับพนักงาน" in voucher
        shop = ("Baan Kafe", "Wi-Fi", "baankafe", "coffee")  # the shop's own name and footer, as it typed them
        assert not _latin_words(card, allowed=(*shop, "QR", "LK", "M7Q2X9", "F7K", "QH8"))
        assert not _latin_words(voucher, allowed=(*shop, "V-7H3K-9QX2"))
    else:
        assert "Show this QR at the counter every visit" in card
        assert "to collect points and stamps and get rewards." in card
        assert voucher.count("Single use. Show this code to the cashier.") == 1
