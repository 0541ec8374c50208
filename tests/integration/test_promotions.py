"""Promotions on a real SQLite file: the ledger entry of their own, the receipt line, a promotion that starts or
ends while the basket is open, the per-member cap, refunds taking the boost back, verify, and the results."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.documents import SaleReceipt, document_from_json
from kiosk.domain.errors import InvalidInput, ManagerApprovalRequired
from kiosk.domain.ledger import EntryKind
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.l10n.catalogue import say
from kiosk.services.context import FixedClock
from tests.unit.fakes import cached_pin_hash

# Saturday 5 December 2026, 13:59 in Bangkok (UTC+7)
SAT_1359 = datetime(2026, 12, 5, 6, 59, tzinfo=UTC)
LATTE = CartLine("Latte", Money(6500), 2, "LATTE")
CAKE = CartLine("Coconut cake slice", Money(9500), 1, "CAKE")

PROMOTIONS = """
[[promotions]]
id = "cake-december"
name = "+50 points on any cake in December"
name_th = "เค้กทุกชิ้นรับเพิ่ม 50 แต้ม เดือนธันวาคม"
kind = "bonus_points"
points = 50
per = "item"
categories = ["bakery"]
starts = 2026-12-01T00:00:00
ends = 2027-01-01T00:00:00
cap = 120
order = 10

[[promotions]]
id = "afternoon-double"
name = "Double points 14:00-16:00"
name_th = "แต้มสองเท่า 14:00-16:00"
kind = "points_multiplier"
percent = 200
hours = "14:00-16:00"
order = 20
"""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(SAT_1359)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[Wiring]:
    (tmp_path / "config.toml").write_text(PROMOTIONS, encoding="utf-8")
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=SAT_1359)
            uow.commit()
        yield app


def enroll(app: Wiring, phone: str = "0812345678") -> str:
    return app.services.enrollment.enroll(EnrollMember(command_id=f"join-{phone}", name="Somchai Jaidee", phone=phone,
                                                       consent_version="2026-01")).member_code


def promotion_entries(app: Wiring, sale_id: str) -> list[str]:
    with app.uow_factory(readonly=True) as uow:
        return sorted(e.memo for e in uow.ledger.for_sale(sale_id) if e.kind == EntryKind.PROMOTION)


def test_a_promotion_that_starts_mid_basket_applies_to_the_sale_as_recorded(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    sale = RecordSale(command_id="s1", lines=(LATTE, CAKE), member_code=code)
    before = app.services.checkout.preview(sale).quote
    assert [a.promotion_id for a in before.promotions] == ["cake-december"]  # 13:59: not the afternoon yet
    clock.advance(minutes=1)  # the cashier takes payment at 14:00
    result = app.services.checkout.record_sale(sale)
    base = 225_00 // 25_00  # 9 points for 225 baht
    assert [(p.promotion_id, p.points) for p in result.promotions] == [("cake-december", 50),
                                                                       ("afternoon-double", base)]
    assert result.points_earned == base + 50 + base
    assert promotion_entries(app, "s1") == ["promotion:afternoon-double", "promotion:cake-december|items:1"]
    assert app.services.accounts.account(code).points == 50 + result.points_earned  # sign-up bonus + the sale
    with app.engine.connect() as conn:
        text = conn.execute(select(t.print_jobs.c.document_json).where(t.print_jobs.c.id == result.print_job)).scalar()
    receipt = document_from_json(text or "")
    assert isinstance(receipt, SaleReceipt) and receipt.loyalty is not None
    assert [(b.label, b.points) for b in receipt.loyalty.bonuses] == [
        ("เค้กทุกชิ้นรับเพิ่ม 50 แต้ม เดือนธันวาคม", 50), ("แต้มสองเท่า 14:00-16:00", base)]
    assert app.services.verify.run().ok


def test_a_promotion_that_ends_mid_basket_gives_nothing_once_it_is_over(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    clock.advance(hours=2)  # 15:59
    sale = RecordSale(command_id="s2", lines=(LATTE,), member_code=code)
    assert [a.promotion_id for a in app.services.checkout.preview(sale).quote.promotions] == ["afternoon-double"]
    clock.advance(minutes=1)  # 16:00: over
    result = app.services.checkout.record_sale(sale)
    assert result.promotions == () and promotion_entries(app, "s2") == []


def test_the_cap_per_member_and_a_refund_that_gives_the_room_back(app: Wiring) -> None:
    code = enroll(app)
    first = app.services.checkout.record_sale(RecordSale(command_id="c1", lines=(CAKE, CAKE), member_code=code))
    assert [(p.promotion_id, p.points) for p in first.promotions] == [("cake-december", 100)]
    second = app.services.checkout.record_sale(RecordSale(command_id="c2", lines=(CAKE,), member_code=code))
    assert [(p.promotion_id, p.points) for p in second.promotions] == [("cake-december", 20)]  # cap 120
    third = app.services.checkout.record_sale(RecordSale(command_id="c3", lines=(CAKE,), member_code=code))
    assert third.promotions == ()
    points_before = app.services.accounts.account(code).points
    refund = app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=second.receipt_no,
                                                    approved_by="manager"))
    assert refund.points_reversed == second.points_earned  # the sale's own points and the promotion's
    assert app.services.accounts.account(code).points == points_before - second.points_earned
    again = app.services.checkout.record_sale(RecordSale(command_id="c4", lines=(CAKE,), member_code=code))
    assert [(p.promotion_id, p.points) for p in again.promotions] == [("cake-december", 20)]
    assert app.services.verify.run().ok


def test_a_partial_refund_of_a_boosted_sale_takes_back_its_share(app: Wiring) -> None:
    code = enroll(app)
    sale = app.services.checkout.record_sale(RecordSale(command_id="p1", lines=(LATTE, CAKE), member_code=code))
    app.services.refunds.refund(RefundSale(command_id="pr1", receipt_no=sale.receipt_no, approved_by="manager",
                                           lines=(RefundLine(1, 1),)))  # the cake goes back
    with app.uow_factory(readonly=True) as uow:
        awards = {r.memo: r.amount for r in uow.ledger.awards(EntryKind.PROMOTION.value)}
    assert awards["promotion:cake-december|items:1"] == 0  # the cake it was given for went back
    rest = app.services.refunds.refund(RefundSale(command_id="pr2", receipt_no=sale.receipt_no,
                                                  approved_by="manager"))
    assert rest.sale_fully_refunded
    with app.uow_factory(readonly=True) as uow:
        assert {r.amount for r in uow.ledger.awards(EntryKind.PROMOTION.value)} == {0}
    assert app.services.accounts.account(code).points == 50
    assert app.services.verify.run().ok


def test_the_results_the_manager_reads(app: Wiring, clock: FixedClock) -> None:
    one, two = enroll(app), enroll(app, "0899999999")
    clock.advance(minutes=1)
    app.services.checkout.record_sale(RecordSale(command_id="a", lines=(CAKE,), member_code=one))
    app.services.checkout.record_sale(RecordSale(command_id="b", lines=(LATTE,), member_code=two))
    app.services.checkout.record_sale(RecordSale(command_id="c", lines=(LATTE,)))  # no member: not boosted
    results = {r.promotion_id: r for r in app.services.promotions.results(language="en")}
    cake, double = results["cake-december"], results["afternoon-double"]
    assert (cake.members_reached, cake.boosted_sales, cake.points_given) == (1, 1, 50)
    assert cake.sales_value == Money(9500) and cake.cost == Money(50 * 25) and cake.status == "running"
    assert (double.members_reached, double.boosted_sales, double.points_given) == (2, 2, 3 + 5)
    assert double.sales_value == Money(9500 + 13000) and double.live_now


def test_a_manager_creates_schedules_pauses_and_ends_a_promotion(app: Wiring, clock: FixedClock) -> None:
    admin = app.services.settings_admin()
    code = enroll(app)
    with pytest.raises(ManagerApprovalRequired):
        admin.save_promotion(command_id="x", promotion={"id": "wknd", "name": "Double"}, staff_id=None)
    with pytest.raises(InvalidInput, match="must end after it starts"):
        admin.save_promotion(command_id="bad", staff_id="manager", promotion={
            "id": "wknd", "name": "Double weekend", "starts": "2026-12-06 00:00", "ends": "2026-12-05 00:00"})
    admin.save_promotion(command_id="new", staff_id="manager", promotion={
        "id": "wknd", "name": "Double weekend", "name_th": "แต้มสองเท่าวันหยุด", "kind": "points_multiplier",
        "percent": 200, "weekdays": ["sat", "sun"], "starts": "2026-12-05 00:00", "ends": "2026-12-07 00:00"})
    lines = admin.preview({}).lines  # the program settings' preview says what each promotion adds
    preview = [say(line, "en") for line in lines]
    assert "Double weekend: a ฿250.00 sale earns 10 more points (10 points without it) while it runs." in preview
    assert ("+50 points on any cake in December: a ฿165.00 sale earns 100 more points (6 points without it) "
            "while it runs." in preview)  # a croissant and a cake: one of each bakery item
    assert "แต้มสองเท่าวันหยุด: ยอดขาย ฿250.00 ได้เพิ่ม 10 แต้ม (ปกติ 10 แต้ม) ตลอดช่วงโปรโมชัน" in [
        say(line, "th") for line in lines]
    saved = tomllib.loads((app.settings.data_dir / "config.toml").read_text(encoding="utf-8"))
    assert [p["id"] for p in saved["promotions"]] == ["cake-december", "afternoon-double", "wknd"]
    live = {r.promotion_id: r.status for r in app.services.promotions.results()}
    assert live["wknd"] == "running"
    sale = app.services.checkout.record_sale(RecordSale(command_id="w1", lines=(LATTE,), member_code=code))
    assert "wknd" in {p.promotion_id for p in sale.promotions}
    admin.change_promotion(command_id="pause", promotion_id="wknd", action="pause", staff_id="manager")
    paused = app.services.checkout.record_sale(RecordSale(command_id="w2", lines=(LATTE,), member_code=code))
    assert "wknd" not in {p.promotion_id for p in paused.promotions}
    admin.change_promotion(command_id="resume", promotion_id="wknd", action="resume", staff_id="manager")
    admin.change_promotion(command_id="end", promotion_id="wknd", action="end", staff_id="manager")
    with pytest.raises(InvalidInput, match="has ended"):
        admin.change_promotion(command_id="again", promotion_id="wknd", action="resume", staff_id="manager")
    with pytest.raises(InvalidInput, match="Nothing in promotions"):
        admin.change_promotion(command_id="nope", promotion_id="nope", action="pause", staff_id="manager")
    ended = {r.promotion_id: r for r in app.services.promotions.results()}["wknd"]
    assert ended.status == "ended" and ended.points_given == 5 and ended.members_reached == 1
    with app.uow_factory(readonly=True) as uow:
        audited = [r for r in uow.audit.records() if r.action == "settings.changed"]
    assert len(audited) == 4 and all(r.staff_id == "manager" for r in audited)  # new, pause, resume, end


def test_a_promotion_for_members_at_risk_reaches_one_who_stayed_away(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("""
[[promotions]]
id = "miss-you"
name = "Triple points: we missed you"
percent = 300
audience = "segment"
segment = "at_risk"
""", encoding="utf-8")
    clock = FixedClock(datetime(2026, 10, 1, 3, 0, tzinfo=UTC))
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        code = enroll(app)
        for week in range(3):  # every Thursday: a usual gap of 7 days
            first = app.services.checkout.record_sale(RecordSale(command_id=f"w{week}", lines=(LATTE,),
                                                                 member_code=code))
            assert first.promotions == ()
            clock.advance(days=7)
        clock.advance(days=4)  # 11 days since the last visit: over 1.5 x the usual gap
        back = app.services.checkout.record_sale(RecordSale(command_id="back", lines=(LATTE,), member_code=code))
        assert [(p.promotion_id, p.points) for p in back.promotions] == [("miss-you", 10)]


def test_returning_the_coffee_leaves_the_cake_bonus_alone(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    clock.advance(minutes=1)  # 14:00: the afternoon double too, on the whole basket
    two_cakes = CartLine("Coconut cake slice", Money(9500), 2, "CAKE")
    sale = app.services.checkout.record_sale(RecordSale(command_id="m1", lines=(LATTE, two_cakes),
                                                        member_code=code))
    base = 320_00 // 25_00  # 12 points for 320 baht, doubled by the afternoon
    assert [(p.promotion_id, p.points) for p in sale.promotions] == [("cake-december", 100),
                                                                      ("afternoon-double", base)]

    def standing() -> dict[str, int]:
        with app.uow_factory(readonly=True) as uow:
            return {r.memo: r.amount for r in uow.ledger.awards(EntryKind.PROMOTION.value)}

    coffee = app.services.refunds.refund(RefundSale(command_id="m2", receipt_no=sale.receipt_no,
                                                    approved_by="manager", lines=(RefundLine(0, 2),)))
    # the cake bonus stays whole; the double, earned on every line, gives back the lattes' share (130 of 320)
    assert standing() == {"promotion:cake-december|items:1": 100, "promotion:afternoon-double": 12 - 5}
    assert coffee.points_reversed == 5 + 5  # the sale's own points' share (12 x 130/320) and the double's
    app.services.refunds.refund(RefundSale(command_id="m3", receipt_no=sale.receipt_no, approved_by="manager",
                                           lines=(RefundLine(1, 1),)))  # one of the two cakes
    assert standing()["promotion:cake-december|items:1"] == 50
    assert {r.promotion_id: r.points_given for r in app.services.promotions.results()}["cake-december"] == 50
    app.services.refunds.refund(RefundSale(command_id="m4", receipt_no=sale.receipt_no, approved_by="manager"))
    assert set(standing().values()) == {0}
    assert app.services.accounts.account(code).points == 50  # the sign-up bonus alone
    assert app.services.verify.run().ok
