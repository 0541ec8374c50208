"""A day's limits count what the day's sales still earn: stamps a refund or void took back free the stamp card's
daily cap again, and a sale voided or refunded whole is no earning sale for the fraud limit (real SQLite, the
real services)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import RecordSale, RefundLine, RefundSale
from kiosk.domain.errors import ManagerApprovalRequired
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import T0, enroll
from tests.unit.fakes import cached_pin_hash


def americano(quantity: int) -> CartLine:
    return CartLine("Americano", Money(5500), quantity, "AMERICANO")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Wiring]:
    # the default shop: its coffee card gives at most 5 stamps a member a day; at most 3 earning sales a day here
    settings = load_settings(data_dir=tmp_path, overrides={"security": {"max_earn_sales_per_day": 3}})
    with wire(settings, clock=FixedClock(T0)) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.commit()
        yield app


def sell(app: Wiring, command_id: str, code: str, quantity: int, approved_by: str | None = None) -> tuple[str, int]:
    result = app.services.checkout.record_sale(RecordSale(command_id=command_id, lines=(americano(quantity),),
                                                          member_code=code, approved_by=approved_by))
    return result.receipt_no, sum(s.earned for s in result.stamps if s.card_id == "coffee")


def take_back(app: Wiring, command_id: str, receipt_no: str, kind: str = "refund",
              lines: tuple[RefundLine, ...] = ()) -> int:
    return app.services.refunds.refund(RefundSale(command_id=command_id, receipt_no=receipt_no, kind=kind,
                                                  lines=lines, approved_by="manager")).stamps_reversed


@pytest.mark.parametrize("kind", ["refund", "void"])
def test_stamps_a_refund_or_void_took_back_no_longer_count_towards_the_days_cap(app: Wiring, kind: str) -> None:
    code = enroll(app)
    receipt, given = sell(app, "s1", code, 5)
    assert given == 5
    assert take_back(app, "r1", receipt, kind) == 5
    assert sell(app, "s2", code, 1)[1] == 1  # was 0: the taken-back stamps still filled the day's cap
    assert sell(app, "s3", code, 9)[1] == 4  # and the cap still holds: 5 in all that stand today
    assert app.services.accounts.account(code).stamp_cards[0].stamps == 5
    assert app.services.verify.run().ok


def test_a_partial_refund_frees_as_much_of_the_cap_as_it_took_back(app: Wiring) -> None:
    code = enroll(app)
    receipt, given = sell(app, "s1", code, 5)
    assert given == 5
    assert take_back(app, "r1", receipt, lines=(RefundLine(0, 2),)) == 2
    assert sell(app, "s2", code, 3)[1] == 2  # 3 of the 5 stand; 2 more today
    assert sell(app, "s3", code, 1)[1] == 0
    assert take_back(app, "r2", receipt) == 3  # the rest of the first sale: its 3 free the cap too
    assert sell(app, "s4", code, 5)[1] == 3


def test_a_sale_voided_or_refunded_whole_is_no_earning_sale_for_the_fraud_limit(app: Wiring) -> None:
    code = enroll(app)
    first, _ = sell(app, "s1", code, 1)
    second, _ = sell(app, "s2", code, 1)
    partly, _ = sell(app, "s3", code, 2)
    with pytest.raises(ManagerApprovalRequired):  # three earning sales today: a fourth needs a manager
        sell(app, "s4", code, 1)
    take_back(app, "v1", first, "void")
    take_back(app, "r1", second)
    take_back(app, "r2", partly, lines=(RefundLine(0, 1),))  # half of it stays sold: it still counts
    sell(app, "s4", code, 1)  # as if the voided and the refunded sale never were: one stood, now two
    sell(app, "s5", code, 1)
    with pytest.raises(ManagerApprovalRequired):
        sell(app, "s6", code, 1)
    sell(app, "s6", code, 1, approved_by="manager")
