"""A free-item voucher is used on its item only: scanned on a basket without that item, the sale is refused in the
reader's language, naming the item, and nothing is written (the voucher stays unused). It took the reward's value
off whatever was bought instead, and was used up (real SQLite, the real services and CLI)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain import tokens
from kiosk.domain.commands import AdjustPoints, IssueVoucher
from kiosk.domain.errors import RuleViolation
from kiosk.domain.money import Money
from kiosk.l10n.catalogue import say
from tests.integration.test_cli import PINNED_NOW, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop, snapshot

PHONE = "0812345678"
EN = "Add “Latte” to the basket to use the voucher “Free latte”, or keep the voucher for another time."
TH = "เพิ่ม “ลาเต้” ลงตะกร้าก่อนใช้คูปอง “ลาเต้ฟรี” หรือเก็บคูปองไว้ใช้ครั้งหน้า"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)  # the template shop: a "latte" reward (a free Latte, up to ฿65), in Thai


def latte_voucher(shop: Shop, *, first: bool = True) -> str:
    """A member's voucher for a free latte, issued the day before the CLI's pinned now (still good then)."""
    services = shop.app.services
    if first:
        shop.clock.at = datetime.fromisoformat(PINNED_NOW) - timedelta(days=1)
        shop.enroll(PHONE)
    services.redemption.adjust(AdjustPoints(command_id=uuid.uuid4().hex, member_code=PHONE, points=300,
                                            reason="test", approved_by=shop.staff["manager"]))
    return str(services.redemption.issue_voucher(IssueVoucher(command_id=uuid.uuid4().hex, member_code=PHONE,
                                                              reward_id="latte", print_voucher=False)).voucher_code)


def unused(shop: Shop, code: str) -> bool:
    with shop.app.uow_factory(readonly=True) as uow:
        voucher = uow.vouchers.by_code(tokens.normalize(code))
    return voucher is not None and voucher.redeemed_at is None


def test_a_free_latte_voucher_on_a_basket_without_a_latte_is_refused_and_stays_unused(shop: Shop) -> None:
    code = latte_voucher(shop)
    before = snapshot(shop.db_path)
    for member in (None, PHONE):  # a guest's sale (a voucher is a bearer reward) and the member's own
        with pytest.raises(RuleViolation) as caught:  # was: -฿50.00 off the espresso, the voucher used up
            shop.sale(member, "ESPRESSO", voucher_codes=(code,))
        assert caught.value.code == "program.voucher_item_missing"
        assert say(caught.value, "en") == EN and say(caught.value, "th") == TH
        with pytest.raises(RuleViolation) as previewed:  # the counter's live bill says the same
            shop.app.services.checkout.preview(shop.sale_command(member, "ESPRESSO", voucher_codes=(code,)))
        assert previewed.value.code == "program.voucher_item_missing"
    assert snapshot(shop.db_path) == before and unused(shop, code)

    # with the latte in the basket it takes one latte's price off, however many lattes, and is used up
    sale = shop.sale(None, "LATTE", "LATTE", "ESPRESSO", voucher_codes=(code,))
    assert [(d.kind, d.amount) for d in sale.discounts] == [("voucher", Money(6500))]
    assert sale.amount_due == Money(6500 + 5000) and not unused(shop, code)
    assert shop.app.services.verify.run().ok


def test_two_latte_vouchers_on_one_latte_are_refused_though_the_bill_has_more_to_pay(shop: Shop) -> None:
    codes = (latte_voucher(shop), latte_voucher(shop, first=False))
    before = snapshot(shop.db_path)
    with pytest.raises(RuleViolation) as caught:  # was: two lattes off (฿130) for the one latte, off the cake
        shop.sale(None, "LATTE", "CAKE", voucher_codes=codes)
    assert caught.value.code == "program.voucher_item_missing" and say(caught.value, "en") == EN
    assert snapshot(shop.db_path) == before and all(unused(shop, code) for code in codes)
    sale = shop.sale(None, "LATTE", "LATTE", "CAKE", voucher_codes=codes)  # a latte each
    assert [d.amount for d in sale.discounts] == [Money(6500), Money(6500)] and sale.amount_due == Money(9500)
    assert shop.app.services.verify.run().ok


def test_the_cli_refuses_it_in_one_line_in_the_readers_language_and_writes_nothing(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code = latte_voucher(shop)
    shop.app.close()  # the CLI opens the shop itself, as a script's run would
    before = snapshot(shop.db_path)
    for language, expected in (("th", TH), ("en", EN)):
        run = kiosk_in_process(shop.data_dir, "--language", language, "sale", "--item", "ESPRESSO",
                               "--voucher", code, "--no-receipt", capsys=capsys, monkeypatch=monkeypatch)
        assert refused(run) == f"kiosk: {expected}"
    assert snapshot(shop.db_path) == before
