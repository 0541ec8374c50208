"""`kiosk sale` in process on a small real shop: an item's choices (size, sweetness, milk), and a cash sale
with no receipt that still opens the cash drawer, once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.bootstrap import wire
from kiosk.config import load_settings
from kiosk.domain.documents import DRAWER_KICK, SaleReceipt
from kiosk.domain.errors import NotFound
from kiosk.services.context import FixedClock
from tests.integration.test_cli import refused
from tests.integration.test_cli_input import run
from tests.integration.test_trust_support import START, Shop, make_shop, snapshot
from tests.support import escpos_reader


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)


def sale(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    done = run(shop, "--json", "sale", *args, capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    return str(json.loads(done.out)["receipt_no"])


def test_a_sale_line_takes_its_choices_and_a_wrong_choice_changes_nothing(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # the README's example: two large oat lattes (65 + 15 + 20 each) and a less sweet Americano (55)
    receipt_no = sale(shop, "--item", "LATTE:2+size=large+milk=oat", "--item", "AMERICANO+sweetness=less",
                      "--payment", "card", "--no-receipt", capsys=capsys, monkeypatch=monkeypatch)
    with wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(START)) as app:
        job = app.services.printing().queue.find(receipt_no)
        assert job is not None
        receipt = job.document()
    assert isinstance(receipt, SaleReceipt)
    assert [(ln.sku, ln.quantity, ln.unit_price.plain(), ln.options) for ln in receipt.lines] == [
        ("LATTE", 2, "100.00 THB", ("แก้วใหญ่", "นมโอ๊ต")),  # the shop speaks Thai: the options as the menu names them
        ("AMERICANO", 1, "55.00 THB", ("หวานน้อย",)),
    ]
    text = run(shop, "sale", "--item", "LATTE+milk=soy+size=regular", "--payment", "card", capsys=capsys,
               monkeypatch=monkeypatch)
    assert "1 × ลาเต้ (นมถั่วเหลือง): ฿75.00" in text.out  # a default (regular) is not named; soy is +10

    before = snapshot(shop.db_path)
    for item, message in (
            ("LATTE+size=huge", "kiosk: Size has no option 'huge'."),
            ("CROISSANT+size=large", "kiosk: This item has no choice of 'size'."),
            ("LATTE+size", "kiosk: 'LATTE+size': give each choice as +MODIFIER=OPTION, e.g. LATTE+size=large."),
            ("LATTE+size=large+size=regular", "kiosk: 'LATTE+size=large+size=regular': size is chosen twice.")):
        assert refused(run(shop, "--language", "en", "sale", "--item", item, capsys=capsys,
                           monkeypatch=monkeypatch)) == message
    assert snapshot(shop.db_path) == before


def test_a_cash_sale_with_no_receipt_opens_the_drawer_once_and_a_later_receipt_does_not(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cash = sale(shop, "--item", "CROISSANT", "--no-receipt", capsys=capsys, monkeypatch=monkeypatch)
    card = sale(shop, "--item", "CROISSANT", "--payment", "card", "--no-receipt", capsys=capsys,
                monkeypatch=monkeypatch)
    with wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(START)) as app:
        printing = app.services.printing()
        kick = printing.pending()
        assert [job.kind for job in kick] == [DRAWER_KICK]  # the card sale sends nothing
        receipt = printing.queue.find(cash)  # the receipt itself, kept for a reprint, is not the drawer job
        assert receipt is not None and receipt.status == "unprinted"
        assert printing.drain().printed == (kick[0].id,)
        dummy = printing.printers["receipt"].dummy  # type: ignore[attr-defined]
        paper = [escpos_reader.read(job) for job in dummy.jobs]
        assert [(p.drawer_kicks, p.lines, p.cuts) for p in paper] == [([2], [], [])]  # no paper, no cut
        with pytest.raises(NotFound):  # a drawer opening is not a document to copy, nor "the last receipt"
            printing.reprint(kick[0].id)
        assert printing.reprint_last() is None  # nothing to copy: an answer, not a refusal

        for receipt_no in (cash, card):  # the customers change their minds
            printing.reprint(receipt_no)
        printing.drain()
        later = [escpos_reader.read(job) for job in dummy.jobs[1:]]
    assert len(later) == 2 and all(p.drawer_kicks == [] and p.cuts for p in later)  # receipts; no second kick
