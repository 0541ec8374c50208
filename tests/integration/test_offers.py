"""Personal offers on a real SQLite file: shown to the members a rule picks, used once, refused when expired,
used up or asked for by another member, the free item and the bonus points on the sale, refunds, results."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.documents import SaleReceipt, document_from_json
from kiosk.domain.errors import Conflict, RuleViolation
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.unit.fakes import cached_pin_hash

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # Saturday 5 December, 10:00 in Bangkok
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
CROISSANT = CartLine("Butter croissant", Money(7000), 1, "CROISSANT")

OFFERS = """
[[offers]]
id = "birthday-pastry"
name = "A free pastry with any coffee"
name_th = "ครัวซองต์ฟรีเมื่อสั่งกาแฟ"
selector = "birthday_month"
kind = "free_item"
sku = "CROISSANT"
requires = ["coffee"]
valid_days = 1

[[offers]]
id = "come-back"
name = "+100 points when you come back"
selector = "lapsed"
lapsed_days = 30
kind = "bonus_points"
points = 100
valid_days = 14
"""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[Wiring]:
    (tmp_path / "config.toml").write_text(OFFERS, encoding="utf-8")
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=NOW)
            uow.commit()
        yield app


def enroll(app: Wiring, phone: str, birthday: date | None = None) -> str:
    return app.services.enrollment.enroll(EnrollMember(command_id=f"join-{phone}", name="Somchai Jaidee",
                                                       phone=phone, consent_version="2026-01",
                                                       birthday=birthday)).member_code


def test_a_birthday_offer_is_shown_used_once_and_not_to_anyone_else(app: Wiring, clock: FixedClock) -> None:
    birthday = enroll(app, "0811111111", date(1990, 12, 20))
    other = enroll(app, "0822222222", date(1990, 6, 1))
    assert [o.offer_id for o in app.services.offers.show(other)] == []
    shown = app.services.offers.show(birthday, language="th")
    assert [(o.offer_id, o.label) for o in shown] == [("birthday-pastry", "ครัวซองต์ฟรีเมื่อสั่งกาแฟ")]
    assert shown[0].expires_at is not None and shown[0].expires_at.date() == date(2026, 12, 6)
    with pytest.raises(RuleViolation, match="no such offer"):  # shown to someone else: refused, nothing written
        app.services.checkout.record_sale(RecordSale(command_id="x", lines=(LATTE, CROISSANT), member_code=other,
                                                     offer_ids=("birthday-pastry",)))
    with pytest.raises(RuleViolation, match="does not have what"):
        app.services.checkout.preview(RecordSale(command_id="y", lines=(CROISSANT,), member_code=birthday,
                                                 offer_ids=("birthday-pastry",)))
    sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE, CROISSANT),
                                                        member_code=birthday, offer_ids=("birthday-pastry",)))
    assert sale.amount_due == Money(6500) and [d.kind for d in sale.discounts] == ["offer"]
    assert app.services.offers.show(birthday) == []  # used: not shown again
    with pytest.raises(Conflict, match="already used"):
        app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(LATTE, CROISSANT),
                                                     member_code=birthday, offer_ids=("birthday-pastry",)))
    results = {r.offer_id: r for r in app.services.offers.results()}
    assert (results["birthday-pastry"].shown, results["birthday-pastry"].used) == (1, 1)
    assert results["birthday-pastry"].sales_value == Money(6500)


def test_an_offer_expires_a_day_after_it_was_first_shown(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app, "0811111111", date(1990, 12, 20))
    assert len(app.services.offers.show(code)) == 1
    clock.advance(hours=14)  # 00:00 the next day in Bangkok
    with pytest.raises(RuleViolation, match="expired"):
        app.services.checkout.record_sale(RecordSale(command_id="late", lines=(LATTE, CROISSANT), member_code=code,
                                                     offer_ids=("birthday-pastry",)))
    assert app.services.offers.show(code) == []  # still December, but this one has run its course


def test_a_lapsed_member_gets_bonus_points_a_refund_takes_them_back(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app, "0833333333")
    first = app.services.checkout.record_sale(RecordSale(command_id="old", lines=(LATTE,), member_code=code))
    assert app.services.offers.show(code) == []  # came today: not lapsed
    clock.advance(days=30)
    assert [o.offer_id for o in app.services.offers.show(code)] == ["come-back"]
    back = app.services.checkout.record_sale(RecordSale(command_id="back", lines=(LATTE,), member_code=code,
                                                        offer_ids=("come-back",)))
    assert back.offer_points == 100
    with app.engine.connect() as conn:
        text = conn.execute(select(t.print_jobs.c.document_json).where(t.print_jobs.c.id == back.print_job)).scalar()
    receipt = document_from_json(text or "")
    assert isinstance(receipt, SaleReceipt) and receipt.loyalty is not None
    assert [(b.label, b.points) for b in receipt.loyalty.bonuses] == [("+100 points when you come back", 100)]
    assert receipt.loyalty.points_earned == back.points_earned + 100
    points = app.services.accounts.account(code).points
    refund = app.services.refunds.refund(RefundSale(command_id="r", receipt_no=back.receipt_no,
                                                    approved_by="manager"))
    assert refund.points_reversed == back.points_earned + 100
    assert app.services.accounts.account(code).points == points - back.points_earned - 100
    results = {r.offer_id: r for r in app.services.offers.results()}
    assert (results["come-back"].used, results["come-back"].points_given) == (0, 0)  # given back with the sale
    assert refund.offers_returned == 1 and [o.offer_id for o in app.services.offers.show(code)] == ["come-back"]
    assert first.receipt_no != back.receipt_no and app.services.verify.run().ok


def test_a_whole_refund_gives_the_offer_back_a_partial_one_does_not(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app, "0811111111", date(1990, 12, 20))
    app.services.offers.show(code)
    sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE, CROISSANT), member_code=code,
                                                        offer_ids=("birthday-pastry",)))
    part = app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=sale.receipt_no, approved_by="manager",
                                                  lines=(RefundLine(0, 1),)))
    assert (part.offers_returned, part.offers_expired) == (0, 0)  # the free croissant went home
    assert app.services.offers.show(code) == []
    whole = app.services.refunds.refund(RefundSale(command_id="r2", receipt_no=sale.receipt_no,
                                                   approved_by="manager"))
    assert (whole.offers_returned, whole.offers_expired) == (1, 0)
    assert [o.offer_id for o in app.services.offers.show(code)] == ["birthday-pastry"]
    again = app.services.checkout.record_sale(RecordSale(command_id="s2", lines=(LATTE, CROISSANT),
                                                         member_code=code, offer_ids=("birthday-pastry",)))
    assert again.amount_due == Money(6500)  # used once more, and once only
    with pytest.raises(Conflict, match="already used"):
        app.services.checkout.record_sale(RecordSale(command_id="s3", lines=(LATTE, CROISSANT),
                                                     member_code=code, offer_ids=("birthday-pastry",)))
    assert app.services.verify.run().ok


def test_a_refund_after_the_offer_expired_says_it_stays_used(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app, "0811111111", date(1990, 12, 20))
    app.services.offers.show(code)
    sale = app.services.checkout.record_sale(RecordSale(command_id="s", lines=(LATTE, CROISSANT), member_code=code,
                                                        offer_ids=("birthday-pastry",)))
    clock.advance(days=1)  # a one-day offer: over
    refund = app.services.refunds.refund(RefundSale(command_id="r", receipt_no=sale.receipt_no,
                                                    approved_by="manager"))
    assert (refund.offers_returned, refund.offers_expired) == (0, 1)
    assert app.services.offers.show(code) == []
