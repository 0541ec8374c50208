"""A sale above the shop's limit (security.sale_approval_over, ฿10,000 by default) needs a manager, and a sale
above the absolute ceiling (฿10,000,000) is refused whoever approves it: a black-box test rang up an open amount
of ฿99,999,999,999.99 with no question asked, earning the member a fortune in points and cashback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.domain.errors import InvalidInput, ManagerApprovalRequired, PermissionDenied
from kiosk.domain.money import Money
from kiosk.services.settings_admin import ChangeProgramSettings
from tests.integration.test_cli import refused
from tests.integration.test_cli_input import run
from tests.integration.test_trust_support import PINS, Shop, make_shop, raw, snapshot
from tests.support.language import set_shop_language

PHONE = "0812345678"
FAT_FINGERED = "99,999,999,999.99"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    shop.enroll(PHONE)
    return shop


# -- the services --------------------------------------------------------------------------------------------
def test_an_open_amount_above_the_limit_needs_a_manager_and_nothing_is_written_until_one_agrees(shop: Shop) -> None:
    before = snapshot(shop.db_path)
    for member in (None, PHONE):
        with pytest.raises(ManagerApprovalRequired) as asked:
            shop.sale(member, amount="25000.00")
        assert asked.value.code == "approval.sale_over_limit"
        assert asked.value.params["limit"] == Money(1_000_000) and asked.value.params["total"] == Money(2_500_000)
        assert snapshot(shop.db_path) == before
    assert shop.app.services.checkout.preview(shop.sale_command(None, amount="25000.00")).needs_approval == \
        "sale_over_limit"
    with pytest.raises(PermissionDenied):  # a cashier does not approve it
        shop.sale(None, amount="25000.00", approved_by=shop.staff["cashier"])
    assert snapshot(shop.db_path) == before

    sale = shop.sale(PHONE, amount="25000.00", approved_by=shop.staff["manager"], staff_id=shop.staff["cashier"])
    assert sale.amount_due == Money(2_500_000) and "override" in sale.flags
    audit = raw(shop.db_path).execute("SELECT staff_id, details_json FROM audit_log WHERE action = 'sale.override' "
                                      "AND subject = ?", (sale.sale_id,)).fetchone()
    assert audit[0] == shop.staff["manager"]
    assert json.loads(audit[1]) == {"reason": "sale_over_limit", "cashier": shop.staff["cashier"]}


def test_a_sale_up_to_the_limit_needs_no_manager(shop: Shop) -> None:
    assert shop.sale(None, amount="10000.00").amount_due == Money(1_000_000)
    assert shop.sale(PHONE, "LATTE", amount="9935.00").flags == ()  # ฿65 + ฿9,935: the limit itself, not over it
    assert shop.app.services.checkout.preview(shop.sale_command(None, amount="10000.00")).needs_approval is None


def test_a_sale_above_the_ceiling_is_refused_even_with_a_manager(shop: Shop) -> None:
    before = snapshot(shop.db_path)
    for amount in ("99999999999.99", "10000000.01"):
        for member in (None, PHONE):
            with pytest.raises(InvalidInput) as refused_sale:
                shop.sale(member, amount=amount, approved_by=shop.staff["manager"])
            assert refused_sale.value.code == "program.sale_too_large"
            assert refused_sale.value.params["max"] == Money(1_000_000_000)
            with pytest.raises(InvalidInput):  # the counter's bill says so before payment is asked for
                shop.app.services.checkout.preview(shop.sale_command(member, amount=amount))
    assert snapshot(shop.db_path) == before
    assert shop.sale(None, amount="10000000.00", approved_by=shop.staff["manager"]).amount_due == \
        Money(1_000_000_000)


def test_the_limit_is_the_shops_setting(tmp_path: Path) -> None:
    higher = make_shop(tmp_path / "higher", '[security]\nsale_approval_over = "50000.00"\n')
    assert higher.sale(None, amount="25000.00").flags == ()
    with pytest.raises(ManagerApprovalRequired):
        higher.sale(None, amount="50000.01")
    for setting in ('""', '"0"'):  # either switches the limit off
        off = make_shop(tmp_path / f"off{len(setting)}", f'[security]\nsale_approval_over = {setting}\n')
        assert off.sale(None, amount="25000.00").flags == ()
    with pytest.raises(InvalidInput) as refused_sale:  # no setting lifts the ceiling
        off.sale(None, amount="99999999999.99", approved_by=off.staff["manager"])
    assert refused_sale.value.code == "program.sale_too_large"


# -- the command line ----------------------------------------------------------------------------------------
def test_the_cli_asks_for_a_manager_pin_above_the_limit_and_refuses_above_the_ceiling(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(shop.db_path)
    line = refused(run(shop, "sale", "--amount", "25,000", "--no-receipt", capsys=capsys, monkeypatch=monkeypatch))
    assert line == "kiosk: This sale of ฿25,000.00 is over the ฿10,000.00 a cashier may ring up alone: a manager " \
                   "must approve it.", line
    for pin in ((), ("--manager-pin", PINS["manager"])):
        line = refused(run(shop, "sale", "--member", PHONE, "--amount", FAT_FINGERED, *pin, "--no-receipt",
                           capsys=capsys, monkeypatch=monkeypatch))
        assert line == "kiosk: A sale can be at most ฿10,000,000.00: check the amount.", line
    assert snapshot(shop.db_path) == before

    set_shop_language(shop.data_dir, "th")
    assert refused(run(shop, "sale", "--amount", "25000", "--no-receipt", capsys=capsys,
                       monkeypatch=monkeypatch)) == \
        "kiosk: บิลนี้ยอด ฿25,000.00 เกินวงเงิน ฿10,000.00 ที่พนักงานขายเองได้ ต้องให้ผู้จัดการอนุมัติ"
    assert refused(run(shop, "sale", "--amount", FAT_FINGERED, "--manager-pin", PINS["manager"], "--no-receipt",
                       capsys=capsys, monkeypatch=monkeypatch)) == \
        "kiosk: ยอดขายหนึ่งบิลต้องไม่เกิน ฿10,000,000.00 ตรวจสอบจำนวนเงินอีกครั้ง"
    refusal = json.loads(refused(run(shop, "--json", "sale", "--amount", FAT_FINGERED, "--no-receipt",
                                     capsys=capsys, monkeypatch=monkeypatch)))
    assert refusal["error"] == "program.sale_too_large"
    assert snapshot(shop.db_path) == before

    done = run(shop, "--json", "sale", "--member", PHONE, "--amount", "25000", "--manager-pin", PINS["manager"],
               "--no-receipt", capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    assert done.json()["amount_due"]["minor"] == 2_500_000 and "override" in done.json()["flags"]


def test_the_manager_changes_the_limit_with_the_other_security_limits(shop: Shop) -> None:
    admin = shop.app.services.settings_admin()
    security = dict(admin.current()["security"])
    assert security["sale_approval_over"] == "10000.00"
    settings_file = (shop.data_dir / "config.toml").read_text()
    with pytest.raises(InvalidInput):  # not an amount: refused, nothing written
        admin.apply(ChangeProgramSettings(command_id="limit-bad", staff_id=shop.staff["manager"],
                                          changes={"security": {**security, "sale_approval_over": "lots"}}))
    assert (shop.data_dir / "config.toml").read_text() == settings_file
    admin.apply(ChangeProgramSettings(command_id="limit-30k", staff_id=shop.staff["manager"],
                                      changes={"security": {**security, "sale_approval_over": "30000.00"}}))
    assert shop.sale(None, amount="25000.00").flags == ()  # the running counter sells under it at once
    with pytest.raises(ManagerApprovalRequired) as asked:
        shop.sale(None, amount="30000.01")
    assert asked.value.params["limit"] == Money(3_000_000)
