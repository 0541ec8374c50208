"""Staff and roles on a real database: scrypt PINs, lockouts, every manager gate, and the fraud limits."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kiosk.adapters.db.hub_store import SqlHubStore
from kiosk.domain.commands import AdjustPoints, RefundSale
from kiosk.domain.errors import InvalidInput, ManagerApprovalRequired, NotFound, PermissionDenied
from kiosk.domain.ledger import EntryKind, Flag
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, hash_pin, verify_pin
from kiosk.l10n.catalogue import say
from tests.integration.test_trust_support import PINS, Shop, make_shop, snapshot


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)


def _audit_actions(shop: Shop) -> list[str]:
    with shop.app.uow_factory(readonly=True) as uow:
        return [r.action for r in uow.audit.records()]


def test_pins_are_stored_as_salted_scrypt_hashes(shop: Shop) -> None:
    conn = sqlite3.connect(shop.db_path)
    hashes = dict(conn.execute("SELECT id, pin_hash FROM staff").fetchall())
    conn.close()
    cashier = hashes[shop.staff["cashier"]]
    assert cashier.startswith("scrypt$16384$8$1$") and verify_pin(PINS["cashier"], cashier)
    assert len({h.split("$")[4] for h in hashes.values()}) == len(hashes)  # a salt of its own each
    assert hash_pin(PINS["cashier"]) != hash_pin(PINS["cashier"])  # same PIN, different salt
    assert all(pin not in h for h in hashes.values() for pin in PINS.values())


def _staff_rows(shop: Shop) -> list[tuple[str, str, str, int]]:
    conn = sqlite3.connect(shop.db_path)
    try:
        return conn.execute("SELECT name, role, pin_hash, active FROM staff ORDER BY name").fetchall()
    finally:
        conn.close()


def test_only_an_active_owner_adds_disables_enables_or_re_pins_staff(shop: Shop) -> None:
    staff = shop.app.services.staff
    before = snapshot(shop.db_path)
    for by in (None, shop.staff["manager"], shop.staff["cashier"], "no-such-id"):
        with pytest.raises(PermissionDenied) as added:
            staff.add_staff(name="Evil", role="owner", pin="5555", by=by)
        with pytest.raises(PermissionDenied) as disabled:
            staff.set_active(shop.staff["cashier"], False, by=by)
        with pytest.raises(PermissionDenied) as re_pinned:
            staff.reset_pin(shop.staff["cashier"], "4321", by=by)
        assert {added.value.code, disabled.value.code, re_pinned.value.code} == {"staff.owner_required"}
        assert "owner" in added.value.message
    # asked without authority, a PIN someone holds is refused for that, never as "taken": no PIN oracle
    with pytest.raises(PermissionDenied) as oracle:
        staff.add_staff(name="Evil", role="cashier", pin=PINS["manager"])
    assert oracle.value.code == "staff.owner_required"
    assert snapshot(shop.db_path) == before
    owner = shop.staff["owner"]
    mint = staff.add_staff(name="Mint \u202eX", role="cashier", pin="3333", by=owner)
    assert mint.name == "Mint X"  # staff names are cleaned like members' (no bidi controls)
    staff.reset_pin(mint.id, "3434", by=owner)
    staff.set_active(mint.id, False, by=owner)
    staff.set_active(mint.id, True, by=owner)
    with shop.app.uow_factory(readonly=True) as uow:
        records = [r for r in uow.audit.records() if r.subject == mint.id]
    assert [(r.action, r.staff_id) for r in records] == [
        ("staff.added", owner), ("staff.pin_reset", owner), ("staff.disabled", owner), ("staff.enabled", owner)]
    # a second owner can be made by the first; a disabled owner authorises nothing
    ploy2 = staff.add_staff(name="Ploy Two", role="owner", pin="8888", by=owner)
    staff.set_active(owner, False, by=ploy2.id)
    with pytest.raises(PermissionDenied) as gone:
        staff.add_staff(name="Late", role="cashier", pin="6666", by=owner)
    assert gone.value.code == "staff.owner_required"


def test_the_last_active_owner_cannot_be_disabled(shop: Shop) -> None:
    with pytest.raises(PermissionDenied) as caught:
        shop.app.services.staff.set_active(shop.staff["owner"], False, by=shop.staff["owner"])
    assert caught.value.code == "staff.last_owner"
    assert shop.app.services.staff.authorize(PINS["owner"], min_role=Role.OWNER).staff_id == shop.staff["owner"]


def test_pins_are_unique_within_the_shop(shop: Shop) -> None:
    """Issue 13 #10: Evil added with Nok's PIN 2222 made Nok's refunds audit as Evil's."""
    staff, owner = shop.app.services.staff, shop.staff["owner"]
    before = snapshot(shop.db_path)
    for pin in PINS.values():
        with pytest.raises(InvalidInput) as taken:
            staff.add_staff(name="Evil", role="owner", pin=pin, by=owner)
        assert taken.value.code == "staff.pin_taken" and "PIN" in taken.value.message
    with pytest.raises(InvalidInput) as reset:
        staff.reset_pin(shop.staff["cashier"], PINS["manager"], by=owner)
    assert reset.value.code == "staff.pin_taken"
    assert snapshot(shop.db_path) == before
    staff.reset_pin(shop.staff["cashier"], PINS["cashier"], by=owner)  # one's own PIN again is fine
    # a disabled member's PIN stays theirs: enabling them again must not make two people one PIN
    staff.set_active(shop.staff["cashier"], False, by=owner)
    with pytest.raises(InvalidInput):
        staff.add_staff(name="Twin", role="cashier", pin=PINS["cashier"], by=owner)
    assert staff.authorize(PINS["manager"], action="refund").staff_id == shop.staff["manager"]


def test_a_shop_with_no_staff_may_create_its_first_owner_and_only_that(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, staff=False)
    staff = shop.app.services.staff
    with pytest.raises(InvalidInput) as cashier:
        staff.add_staff(name="Beam", role="cashier", pin="1111")
    assert cashier.value.code == "staff.first_staff_owner"
    ploy = staff.add_staff(name="Ploy", role="owner", pin="9999")
    with pytest.raises(PermissionDenied) as second:
        staff.add_staff(name="Evil", role="owner", pin="5555")  # set-up is over once anyone exists
    assert second.value.code == "staff.owner_required"
    staff.add_staff(name="Beam", role="cashier", pin="1111", by=ploy.id)
    with shop.app.uow_factory(readonly=True) as uow:
        added = [(r.staff_id, r.details_json) for r in uow.audit.records() if r.action == "staff.added"]
    assert [who for who, _ in added] == [None, ploy.id] and '"first_owner": true' in added[0][1]


def test_wrong_pins_lock_an_account_for_five_minutes(shop: Shop) -> None:
    cashier = shop.staff["cashier"]
    for left in (4, 3, 2, 1):
        with pytest.raises(PermissionDenied) as caught:
            shop.app.services.staff.sign_in(cashier, "0000")
        assert f"{left} {'try' if left == 1 else 'tries'} left" in caught.value.message
    with pytest.raises(PermissionDenied) as caught:
        shop.app.services.staff.sign_in(cashier, "0000")
    assert caught.value.message == "Too many wrong PINs. This account is locked for 5 min."  # not "a few minutes"
    shop.clock.advance(minutes=3, seconds=10)
    with pytest.raises(PermissionDenied) as locked:
        shop.app.services.staff.sign_in(cashier, PINS["cashier"])  # even the right PIN, while locked
    assert locked.value.code == "staff.locked"
    assert locked.value.message == "Too many wrong PINs. Try again in 2 min or ask a manager."  # 1 min 50 s, up
    shop.clock.advance(minutes=1, seconds=51)
    session = shop.app.services.staff.sign_in(cashier, PINS["cashier"])
    assert session.staff_id == cashier
    actions = _audit_actions(shop)
    assert actions.count("staff.sign_in_failed") == 5 and actions[-1] == "staff.sign_in"


def test_manager_approval_pins_cannot_be_brute_forced(shop: Shop) -> None:
    with pytest.raises(PermissionDenied) as cashier_pin:
        shop.app.services.staff.authorize(PINS["cashier"], action="refund")
    assert cashier_pin.value.code == "staff.wrong_pin_manager" and "manager's PIN" in cashier_pin.value.message
    for pin in ("1234", "abcd", "5555"):
        with pytest.raises(PermissionDenied):
            shop.app.services.staff.authorize(pin, action="refund")
    with pytest.raises(PermissionDenied) as caught:
        shop.app.services.staff.authorize("7777", action="refund")  # the fifth wrong PIN in a row
    assert caught.value.code == "staff.approval_locked"
    with pytest.raises(PermissionDenied) as still:
        shop.app.services.staff.authorize(PINS["manager"], action="refund")  # the right one is refused while locked
    assert still.value.code == "staff.approval_locked"
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


def _staff_row_writes(shop: Shop) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The staff rows as stored, and the staff rows noted for the hub (its outbox of rows edited in place)."""
    conn = sqlite3.connect(shop.db_path)
    try:
        rows = conn.execute("SELECT * FROM staff ORDER BY id").fetchall()
        noted = conn.execute("SELECT seq, row_id FROM hub_changes WHERE table_name = 'staff' ORDER BY seq").fetchall()
        return rows, noted
    finally:
        conn.close()


def test_a_right_pin_with_no_wrong_ones_before_leaves_the_staff_row_alone(shop: Shop) -> None:
    """An approval or sign-in wrote the staff row every time (failed attempts reset to 0 when already 0), so every
    approval sent the manager's row to the hub again; the row is written only when a wrong PIN is to be forgotten."""
    SqlHubStore(shop.app.engine).track_changes(backfill=False)  # as `kiosk hub join` does: staff UPDATEs are noted
    before = _staff_row_writes(shop)
    assert shop.app.services.staff.authorize(PINS["manager"], action="refund").staff_id == shop.staff["manager"]
    assert shop.app.services.staff.authorize(PINS["owner"], min_role=Role.OWNER, action="staff.add").staff_id \
        == shop.staff["owner"]
    assert shop.app.services.staff.sign_in(shop.staff["cashier"], PINS["cashier"]).staff_id == shop.staff["cashier"]
    assert _staff_row_writes(shop) == before
    assert _audit_actions(shop)[-3:] == ["approval.refund", "approval.staff.add", "staff.sign_in"]
    # a wrong PIN before is forgotten by the right one: that row is written (once) and noted for the hub
    with pytest.raises(PermissionDenied):
        shop.app.services.staff.sign_in(shop.staff["manager"], "5555")
    assert shop.app.services.staff.authorize(PINS["manager"], action="refund").staff_id == shop.staff["manager"]
    rows, noted = _staff_row_writes(shop)
    assert [row_id for _, row_id in noted[len(before[1]):]] == [shop.staff["manager"]] * 2
    assert rows == before[0]  # failed attempts back at 0: the row as it was


def test_enabling_someone_whose_name_an_active_colleague_took_is_refused_and_a_rename_is_the_way_out(
        shop: Shop) -> None:
    """Names are unique among active staff (add refused a second Mint), but enable brought back a disabled Mint
    beside the Mint added while she was away: two active of one name, that `staff disable Mint` cannot tell apart."""
    staff, owner = shop.app.services.staff, shop.staff["owner"]
    old = staff.add_staff(name="Mint", role="cashier", pin="3333", by=owner)
    staff.set_active(old.id, False, by=owner)
    new = staff.add_staff(name="  mint ", role="cashier", pin="3434", by=owner)  # allowed: the old Mint is away
    before = snapshot(shop.db_path)
    with pytest.raises(InvalidInput) as clash:
        staff.set_active(old.id, True, by=owner)
    assert clash.value.code == "staff.enable_name_taken" and clash.value.params == {"name": "Mint", "taken": "mint"}
    assert clash.value.message == ("'Mint' cannot be enabled: an active staff member is already called 'mint'. "
                                   "Rename one of them first.")
    assert "'Mint'" in say(clash.value, "th") and "'mint'" in say(clash.value, "th")
    # a rename to a name an active colleague has is refused the same way (any case, spacing, invisible marks)
    for taken in ("MINT", " mint\u200b", "Owner"):
        with pytest.raises(InvalidInput) as renamed:
            staff.rename(old.id, taken, by=owner)
        assert renamed.value.code == "staff.rename_name_taken"
    with pytest.raises(InvalidInput) as empty:
        staff.rename(old.id, " \u200b ", by=owner)
    assert empty.value.code == "staff.name_missing"
    for by in (None, shop.staff["manager"]):
        with pytest.raises(PermissionDenied) as not_owner:
            staff.rename(old.id, "Mint B", by=by)
        assert not_owner.value.code == "staff.owner_required"
    with pytest.raises(NotFound):
        staff.rename("no-such-id", "Mint B", by=owner)
    assert snapshot(shop.db_path) == before and not staff.find_staff(old.id).active
    # the same name again changes nothing, not even the audit trail
    assert staff.rename(new.id, " mint ", by=owner) == new and snapshot(shop.db_path) == before

    assert staff.rename(old.id, " Mint  B ", by=owner).name == "Mint B"
    staff.set_active(old.id, True, by=owner)
    assert staff.rename(new.id, "Mint", by=owner).name == "Mint"  # only a case change: nobody else is Mint
    assert {s.name for s in staff.list_staff()} >= {"Mint", "Mint B"}
    with shop.app.uow_factory(readonly=True) as uow:
        records = [r for r in uow.audit.records() if r.action == "staff.renamed"]
    assert [(r.staff_id, r.subject, json.loads(r.details_json)) for r in records] == [
        (owner, old.id, {"from": "Mint", "to": "Mint B"}), (owner, new.id, {"from": "mint", "to": "Mint"})]


def _chains(shop: Shop) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The audit trail's links and the record chain's, as stored."""
    conn = sqlite3.connect(shop.db_path)
    try:
        return (conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall(),
                conn.execute("SELECT seq, hash FROM record_chain ORDER BY seq").fetchall())
    finally:
        conn.close()


def test_enabling_the_active_or_disabling_the_disabled_writes_nothing(shop: Shop) -> None:
    """set_active rewrote the staff row (noted for the hub and sent to every device) and audited an enable or a
    disable even when the person was already in that state; nothing is written then."""
    staff, owner = shop.app.services.staff, shop.staff["owner"]
    away = staff.add_staff(name="Mint", role="cashier", pin="3333", by=owner)
    staff.set_active(away.id, False, by=owner)
    SqlHubStore(shop.app.engine).track_changes(backfill=False)  # as `kiosk hub join` does: staff UPDATEs are noted
    before = _staff_row_writes(shop), _chains(shop), snapshot(shop.db_path)
    staff.set_active(shop.staff["cashier"], True, by=owner)
    staff.set_active(away.id, False, by=owner)
    staff.set_active(owner, True, by=owner)
    assert (_staff_row_writes(shop), _chains(shop), snapshot(shop.db_path)) == before
    # still only for an owner to ask, whatever the state
    with pytest.raises(PermissionDenied):
        staff.set_active(shop.staff["cashier"], True, by=shop.staff["manager"])
    # a real change is still written, audited and noted for the hub
    staff.set_active(away.id, True, by=owner)
    rows, noted = _staff_row_writes(shop)
    assert [row_id for _, row_id in noted[len(before[0][1]):]] == [away.id]
    assert _audit_actions(shop)[-1] == "staff.enabled" and staff.find_staff(away.id).active
