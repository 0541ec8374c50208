"""Staff and roles on a real database: scrypt PINs, lockouts, every manager gate, and the fraud limits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.domain.commands import AdjustPoints, RefundSale
from kiosk.domain.errors import ManagerApprovalRequired, PermissionDenied
from kiosk.domain.ledger import EntryKind, Flag
from kiosk.domain.money import Money
from tests.integration.test_trust_support import PINS, Shop, make_shop, snapshot


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)


def _audit_actions(shop: Shop) -> list[str]:
    with shop.app.uow_factory(readonly=True) as uow:
        return [r.action for r in uow.audit.records()]


def test_pins_are_stored_as_salted_scrypt_hashes(shop: Shop) -> None:
    twin = shop.app.services.staff.add_staff(name="Twin", role="cashier", pin=PINS["cashier"])
    conn = sqlite3.connect(shop.db_path)
    hashes = dict(conn.execute("SELECT id, pin_hash FROM staff").fetchall())
    conn.close()
    cashier, copy = hashes[shop.staff["cashier"]], hashes[twin.id]
    assert cashier.startswith("scrypt$16384$8$1$") and copy.startswith("scrypt$")
    assert cashier != copy  # same PIN, different salt
    assert all(PINS["cashier"] not in h for h in hashes.values())


def test_wrong_pins_lock_an_account_for_five_minutes(shop: Shop) -> None:
    cashier = shop.staff["cashier"]
    for left in (4, 3, 2, 1):
        with pytest.raises(PermissionDenied) as caught:
            shop.app.services.staff.sign_in(cashier, "0000")
        assert f"{left} tries left" in caught.value.message
    with pytest.raises(PermissionDenied) as caught:
        shop.app.services.staff.sign_in(cashier, "0000")
    assert "locked" in caught.value.message
    with pytest.raises(PermissionDenied) as locked:
        shop.app.services.staff.sign_in(cashier, PINS["cashier"])  # even the right PIN, while locked
    assert locked.value.code == "staff_locked"
    shop.clock.advance(minutes=5, seconds=1)
    session = shop.app.services.staff.sign_in(cashier, PINS["cashier"])
    assert session.staff_id == cashier
    actions = _audit_actions(shop)
    assert actions.count("staff.sign_in_failed") == 5 and actions[-1] == "staff.sign_in"


def test_manager_approval_pins_cannot_be_brute_forced(shop: Shop) -> None:
    with pytest.raises(PermissionDenied) as cashier_pin:
        shop.app.services.staff.authorize(PINS["cashier"], action="refund")
    assert cashier_pin.value.code == "wrong_pin" and "manager's PIN" in cashier_pin.value.message
    for pin in ("1234", "abcd", "5555"):
        with pytest.raises(PermissionDenied):
            shop.app.services.staff.authorize(pin, action="refund")
    with pytest.raises(PermissionDenied) as caught:
        shop.app.services.staff.authorize("7777", action="refund")  # the fifth wrong PIN in a row
    assert caught.value.code == "approval_locked"
    with pytest.raises(PermissionDenied) as still:
        shop.app.services.staff.authorize(PINS["manager"], action="refund")  # the right one is refused while locked
    assert still.value.code == "approval_locked"
    shop.clock.advance(minutes=6)
    assert shop.app.services.staff.authorize(PINS["manager"], action="refund").staff_id == shop.staff["manager"]
    assert shop.app.services.staff.authorize(PINS["owner"], action="refund").staff_id == shop.staff["owner"]
    actions = _audit_actions(shop)
    assert actions.count("approval.failed") == 5 and actions.count("approval.refund") == 2


def test_refunds_and_voids_need_a_manager(shop: Shop) -> None:
    shop.enroll()
    sale = shop.sale("0812345678", "LATTE")
    before = snapshot(shop.db_path)
    with pytest.raises(ManagerApprovalRequired) as caught:
        shop.app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=sale.receipt_no, print_slip=False))
    assert caught.value.reason == "refund"
    with pytest.raises(PermissionDenied):
        shop.app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=sale.receipt_no, kind="void",
                                           approved_by=shop.staff["cashier"], print_slip=False))
    assert snapshot(shop.db_path) == before
    result = shop.app.services.refunds.refund(RefundSale(command_id="r3", receipt_no=sale.receipt_no, kind="void",
                                                staff_id=shop.staff["cashier"], approved_by=shop.staff["manager"],
                                                print_slip=False))
    assert result.kind == "void"
    assert "sale.void" in _audit_actions(shop)


def test_refund_approval_is_configurable(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, "[security]\nrefund_needs_manager = false\n")
    sale = shop.sale(None, "LATTE")
    result = shop.app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=sale.receipt_no,
                                                staff_id=shop.staff["cashier"], print_slip=False))
    assert result.amount == Money(6500, "THB")


def test_manual_point_adjustments_need_a_manager(shop: Shop) -> None:
    shop.enroll()
    cmd = dict(member_code="0812345678", points=25, reason="coffee machine broke", staff_id=shop.staff["cashier"])
    with pytest.raises(ManagerApprovalRequired):
        shop.app.services.redemption.adjust(AdjustPoints(command_id="a1", **cmd))  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        shop.app.services.redemption.adjust(AdjustPoints(command_id="a2", approved_by=shop.staff["cashier"], **cmd))  # type: ignore[arg-type]
    result = shop.app.services.redemption.adjust(
        AdjustPoints(command_id="a3", approved_by=shop.staff["manager"], **cmd))  # type: ignore[arg-type]
    assert result.points_balance == 75
    with shop.app.uow_factory(readonly=True) as uow:
        (record,) = [r for r in uow.audit.records() if r.action == "points.adjusted"]
        entry = uow.ledger.get(result.entry_id)
    assert record.staff_id == shop.staff["manager"] and record.device_id == shop.app.services.ctx.device_id
    assert '"cashier": "' + shop.staff["cashier"] in record.details_json
    assert entry is not None and entry.staff_id == shop.staff["cashier"] and Flag.OVERRIDE in entry.flags


def test_redemptions_above_the_configured_value_need_a_manager(shop: Shop) -> None:
    shop.enroll()
    shop.app.services.redemption.adjust(AdjustPoints(command_id="a", member_code="0812345678", points=3000,
                                            reason="test float", approved_by=shop.staff["owner"]))
    # 2,400 points x 0.25 = 600 THB off: above the 500 THB limit
    cmd = shop.sale_command("0812345678", amount="700.00", points_to_spend=2400)
    preview = shop.app.services.checkout.preview(cmd)
    assert preview.needs_approval == "redemption_over_limit"
    with pytest.raises(ManagerApprovalRequired) as caught:
        shop.app.services.checkout.record_sale(cmd)
    assert caught.value.reason == "redemption_over_limit" and "manager" in caught.value.message
    with pytest.raises(PermissionDenied):
        shop.app.services.checkout.record_sale(shop.sale_command("0812345678", amount="700.00", points_to_spend=2400,
                                                        approved_by=shop.staff["cashier"]))
    sale = shop.app.services.checkout.record_sale(shop.sale_command("0812345678", amount="700.00", points_to_spend=2400,
                                                           approved_by=shop.staff["manager"]))
    assert sale.flags == (Flag.OVERRIDE,)  # an approved redemption is an override, not a fraud flag
    # 2,000 points = 500 THB exactly: no approval needed
    small = shop.sale("0812345678", amount="600.00", points_to_spend=400)
    assert small.flags == ()


# -- fraud limits --------------------------------------------------------------------------------------------
def test_earning_too_often_in_a_day_asks_for_a_manager_and_is_flagged(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, "[security]\nmax_earn_sales_per_day = 2\n")
    shop.enroll()
    shop.sale("0812345678", "LATTE")
    shop.sale("0812345678", "LATTE")
    cmd = shop.sale_command("0812345678", "LATTE")
    assert shop.app.services.checkout.preview(cmd).needs_approval == "earn_sales_per_day_limit"
    before = snapshot(shop.db_path)
    with pytest.raises(ManagerApprovalRequired) as caught:
        shop.app.services.checkout.record_sale(cmd)
    assert caught.value.reason == "earn_sales_per_day_limit"
    assert snapshot(shop.db_path) == before
    # a sale for a non-member, or the same member tomorrow, is not limited
    assert shop.sale(None, "LATTE").flags == ()
    approved = shop.sale("0812345678", "LATTE", approved_by=shop.staff["manager"], staff_id=shop.staff["cashier"])
    assert set(approved.flags) == {Flag.OVERRIDE, Flag.FRAUD_LIMIT}
    with shop.app.uow_factory(readonly=True) as uow:
        earn = [e for e in uow.ledger.for_sale(approved.sale_id) if e.kind == EntryKind.SALE_EARN]
        record = [r for r in uow.audit.records() if r.action == "sale.override"]
        stored = uow.sales.get(approved.sale_id)
    assert earn and set(earn[0].flags) == {Flag.OVERRIDE, Flag.FRAUD_LIMIT}
    assert stored is not None and "fraud_limit" in stored.flags
    assert record and record[0].staff_id == shop.staff["manager"] and record[0].subject == approved.sale_id
    summary = shop.app.services.reports.daily(shop.app.services.ctx.business_date(shop.clock.now()))
    assert (summary.fraud_flags, summary.overrides) == (1, 1)
    shop.clock.advance(days=1)
    assert shop.sale("0812345678", "LATTE").flags == ()


def test_too_many_points_in_one_sale_asks_for_a_manager(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, "[security]\nmax_points_per_sale = 100\n")
    shop.enroll()
    assert shop.sale("0812345678", amount="2500.00").points_earned == 100  # at the limit: fine
    with pytest.raises(ManagerApprovalRequired) as caught:
        shop.sale("0812345678", amount="2525.00")  # 101 points
    assert caught.value.reason == "points_per_sale_limit"
    sale = shop.sale("0812345678", amount="2525.00", approved_by=shop.staff["owner"])
    assert sale.points_earned == 101 and Flag.FRAUD_LIMIT in sale.flags
    summary = shop.app.services.reports.daily(shop.app.services.ctx.business_date(shop.clock.now()))
    assert summary.fraud_flags == 1


def test_stamps_per_visit_are_capped_by_the_cards_max_per_visit(shop: Shop) -> None:
    shop.enroll()
    card = shop.app.services.ctx.programs.stamp_card("coffee")
    assert card is not None and card.max_per_visit == 5
    sale = shop.sale("0812345678", *["LATTE"] * 8)
    assert [(s.card_id, s.earned) for s in sale.stamps] == [("coffee", 5)]
    assert shop.app.services.accounts.account("0812345678").stamp_cards[0].stamps == 5
    assert not shop.sale("0812345678", "LATTE").stamps  # a second receipt the same day is the same visit
    shop.clock.advance(days=1)
    assert shop.sale("0812345678", "LATTE", "MOCHA").stamps[0].earned == 2  # the next visit counts again


def test_a_disabled_manager_cannot_approve(shop: Shop) -> None:
    shop.app.services.staff.set_active(shop.staff["manager"], False, by=shop.staff["owner"])
    with pytest.raises(PermissionDenied):
        shop.app.services.staff.authorize(PINS["manager"])
    shop.enroll()
    with pytest.raises(PermissionDenied):
        shop.app.services.redemption.adjust(AdjustPoints(command_id="a", member_code="0812345678", points=5, reason="x",
                                                approved_by=shop.staff["manager"]))
