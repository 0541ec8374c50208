"""Staff sessions on a real database: a disabled staff member's open session is refused in the write, a locked-out
manager's right PIN is told apart from a wrong one, and lockouts, locks and sign-outs are in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.commands import AdjustPoints
from kiosk.domain.errors import PermissionDenied
from tests.integration.test_trust_support import PINS, Shop, make_shop, snapshot


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)


def _audit(shop: Shop) -> list[tuple[str, str | None, str | None]]:
    with shop.app.uow_factory(readonly=True) as uow:
        return [(r.action, r.staff_id, r.subject) for r in uow.audit.records()]


def test_a_locked_out_managers_right_pin_is_told_so_and_locks_no_approvals(shop: Shop) -> None:
    staff, manager = shop.app.services.staff, shop.staff["manager"]
    for _ in range(5):  # anyone at the counter can tap the manager's name and type five wrong PINs
        with pytest.raises(PermissionDenied):
            staff.sign_in(manager, "0000")
    assert ("staff.locked_out", manager, manager) in _audit(shop)
    for _ in range(6):  # more than the till's approval lockout allows
        with pytest.raises(PermissionDenied) as refused:
            staff.authorize(PINS["manager"], action="refund")
        assert refused.value.code == "staff.approver_locked"
        assert refused.value.message == ("Manager's account is locked after too many wrong PINs: Manager can approve "
                                         "again in 5 min. Another manager or an owner can approve now.")
    actions = [action for action, _, _ in _audit(shop)]
    assert "approval.failed" not in actions and actions.count("approval.refused") == 6
    # the till's approvals are not locked: the owner approves at once, and a wrong PIN is still only a wrong PIN
    assert staff.authorize(PINS["owner"], action="refund").staff_id == shop.staff["owner"]
    with pytest.raises(PermissionDenied) as wrong:
        staff.authorize("4321", action="refund")
    assert wrong.value.code == "staff.wrong_pin_manager"
    shop.clock.advance(minutes=5, seconds=1)
    assert staff.authorize(PINS["manager"], action="refund").staff_id == manager


def test_a_pin_typed_while_the_account_is_locked_is_audited(shop: Shop) -> None:
    staff, cashier = shop.app.services.staff, shop.staff["cashier"]
    for _ in range(4):
        with pytest.raises(PermissionDenied) as wrong:
            staff.sign_in(cashier, "0000")
    assert wrong.value.message == "That PIN is not right. 1 try left before the account locks."
    with pytest.raises(PermissionDenied):
        staff.sign_in(cashier, "0000")
    with pytest.raises(PermissionDenied) as locked:
        staff.sign_in(cashier, PINS["cashier"])
    assert locked.value.code == "staff.locked"
    audit = _audit(shop)
    assert [a for a in audit if a[0] != "staff.sign_in_failed"][-2:] == [
        ("staff.locked_out", cashier, cashier), ("staff.sign_in_refused", cashier, None)]


def test_a_disabled_staff_members_open_session_records_nothing(shop: Shop) -> None:
    staff, cashier, owner = shop.app.services.staff, shop.staff["cashier"], shop.staff["owner"]
    shop.enroll()
    session = staff.sign_in(cashier, PINS["cashier"])  # signed in at a counter
    before_disabling = shop.sale_command(None, "LATTE", staff_id=session.staff_id)
    first = shop.app.services.checkout.record_sale(before_disabling)
    staff.set_active(cashier, False, by=owner)  # the owner disables them, here or on another device
    before = snapshot(shop.db_path)
    with pytest.raises(PermissionDenied) as refused:
        shop.sale("0812345678", "LATTE", staff_id=session.staff_id)
    assert refused.value.code == "staff.disabled" and "Cashier's staff account has been disabled" in \
        refused.value.message
    with pytest.raises(PermissionDenied):
        shop.app.services.redemption.adjust(AdjustPoints(
            command_id="a1", member_code="0812345678", points=5, reason="x", staff_id=cashier,
            approved_by=shop.staff["manager"]))
    with pytest.raises(PermissionDenied):
        staff.check_active(cashier)
    assert snapshot(shop.db_path) == before
    # a sale recorded before they were disabled, sent again, is the same sale: nothing is lost or given twice
    assert shop.app.services.checkout.record_sale(before_disabling).receipt_no == first.receipt_no
    assert cashier not in [s.id for s in staff.list_staff()]


def test_a_disabled_manager_approves_nothing(shop: Shop) -> None:
    shop.enroll()
    staff = shop.app.services.staff
    approver = staff.authorize(PINS["manager"], action="adjust")
    staff.set_active(shop.staff["manager"], False, by=shop.staff["owner"])
    with pytest.raises(PermissionDenied) as refused:
        shop.app.services.redemption.adjust(AdjustPoints(
            command_id="a2", member_code="0812345678", points=5, reason="x", staff_id=shop.staff["cashier"],
            approved_by=approver.staff_id))
    assert refused.value.code == "staff.disabled"


def test_locking_the_counter_and_signing_out_are_audited(shop: Shop) -> None:
    staff, cashier = shop.app.services.staff, shop.staff["cashier"]
    staff.end_session(cashier, action="counter.locked", reason="idle")
    staff.end_session(cashier, action="staff.sign_out", reason="by_hand")
    with shop.app.uow_factory(readonly=True) as uow:
        ends = [(r.action, r.staff_id, r.details_json) for r in uow.audit.records()][-2:]
    assert [(action, who) for action, who, _ in ends] == [("counter.locked", cashier), ("staff.sign_out", cashier)]
    assert '"idle"' in (ends[0][2] or "") and '"by_hand"' in (ends[1][2] or "")
    with pytest.raises(ValueError):
        staff.end_session(cashier, action="sale.void", reason="x")
