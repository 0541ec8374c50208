"""`kiosk verify` covers every row that carries money or value, not only the ledger (issue 13, item 8): a sale's
total or member edited by hand, a used voucher set back to unused, a refund deleted, a sale smuggled in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import AdjustPoints, EnrollMember, IssueVoucher, RecordSale, RefundLine, RefundSale
from kiosk.domain.errors import Conflict
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock
from tests.support.problems import english
from tests.support.staff import add_staff

T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
CAKE = CartLine("Cake", Money(9500), 1, "CAKE")


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Wiring, str]]:
    with wire(load_settings(data_dir=tmp_path), clock=FixedClock(T0)) as wiring:
        app = wiring.services
        manager = add_staff(app.staff, ("Nok", "manager", "2222"))[0].id
        for phone, name in (("0812345678", "Somchai Jaidee"), ("0898765432", "Nok Wongsa")):
            app.enrollment.enroll(EnrollMember(command_id=f"join-{phone}", name=name, phone=phone,
                                               consent_version="2026-01"))
        app.redemption.adjust(AdjustPoints(command_id="top-up", member_code="0812345678", points=400,
                                           reason="test", approved_by=manager))
        yield wiring, manager


def db(wiring: Wiring) -> sqlite3.Connection:
    return sqlite3.connect(wiring.settings.data_dir / "shop.sqlite3")


def problems(wiring: Wiring) -> tuple[str, ...]:
    return tuple(english(wiring.services.verify.run().problems))


def sell(wiring: Wiring, command_id: str, *lines: CartLine, member: str | None = "0812345678",
         **kw: object) -> object:
    return wiring.services.checkout.record_sale(RecordSale(command_id=command_id, lines=lines, member_code=member,
                                                           print_receipt=False, **kw))  # type: ignore[arg-type]


def test_a_sale_total_edited_by_hand_is_named(shop: tuple[Wiring, str]) -> None:
    wiring, _ = shop
    sale = sell(wiring, "s1", LATTE, CAKE)
    assert wiring.services.verify.run().ok and wiring.services.verify.run().records_checked >= 1
    before = wiring.services.reports.daily(T0.date()).revenue_minor
    with db(wiring) as conn:
        conn.execute("UPDATE sales SET total_minor = total_minor + 1000000 WHERE id = 's1'")
    assert wiring.services.reports.daily(T0.date()).revenue_minor == before + 1000000  # what the edit does ...
    assert problems(wiring) == (f"sale {sale.receipt_no} was edited after it was written",)  # ... and verify sees


def test_a_sale_moved_to_another_member_is_named(shop: tuple[Wiring, str]) -> None:
    wiring, _ = shop
    sale = sell(wiring, "s1", LATTE)
    other = wiring.services.accounts.account("0898765432").member_id
    with db(wiring) as conn:
        conn.execute("UPDATE sales SET member_id = ? WHERE id = 's1'", (other,))
    assert f"sale {sale.receipt_no} was edited after it was written" in problems(wiring)


def test_a_used_voucher_set_back_to_unused_is_named_and_cannot_be_spent_again(shop: tuple[Wiring, str]) -> None:
    wiring, _ = shop
    app = wiring.services
    voucher = app.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code="0812345678",
                                                        reward_id="off50", print_voucher=False))
    used = sell(wiring, "uses-it", CAKE, member=None, voucher_codes=(voucher.voucher_code,))
    with wiring.uow_factory(readonly=True) as uow:
        sale = uow.sales.get(used.sale_id)  # type: ignore[attr-defined]
    assert sale is not None and [d.ref for d in sale.discounts] == [voucher.voucher_id]  # the sale names it
    with db(wiring) as conn:
        conn.execute("UPDATE vouchers SET redeemed_at = NULL, redeemed_sale_id = NULL, redeemed_device = NULL")
    assert problems(wiring) == (f"voucher {voucher.voucher_code} is marked unused, but the ledger shows it redeemed",)
    with pytest.raises(Conflict) as again:
        sell(wiring, "second-use", CAKE, member=None, voucher_codes=(voucher.voucher_code,))
    assert again.value.code == "checkout.voucher_used"


def test_a_refunded_voucher_sale_makes_the_voucher_usable_again_and_verify_stays_clean(
        shop: tuple[Wiring, str]) -> None:
    wiring, manager = shop
    app = wiring.services
    voucher = app.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code="0812345678",
                                                        reward_id="off50", print_voucher=False))
    used = sell(wiring, "uses-it", CAKE, member=None, voucher_codes=(voucher.voucher_code,))
    back = app.refunds.refund(RefundSale(command_id="r", receipt_no=used.receipt_no,  # type: ignore[attr-defined]
                                         approved_by=manager, print_slip=False))
    assert back.vouchers_returned == 1
    assert app.verify.run().ok
    sell(wiring, "uses-it-again", CAKE, member=None, voucher_codes=(voucher.voucher_code,))
    assert app.verify.run().ok


def test_refunds_and_smuggled_rows_are_named(shop: tuple[Wiring, str]) -> None:
    wiring, manager = shop
    app = wiring.services
    sale = sell(wiring, "s1", LATTE, CAKE)
    refund = app.refunds.refund(RefundSale(command_id="r1", receipt_no=sale.receipt_no,  # type: ignore[attr-defined]
                                           lines=(RefundLine(1, 1),), approved_by=manager, print_slip=False))
    assert app.verify.run().ok
    with db(wiring) as conn:
        conn.execute("UPDATE sales SET refunded_minor = 0, status = 'completed' WHERE id = 's1'")
        conn.execute("UPDATE refunds SET amount_minor = 1 WHERE id = 'r1'")
        conn.execute("INSERT INTO sales SELECT 'fake', 'C1-999999', device_id, created_at, business_date, "
                     "member_id, staff_id, currency, subtotal_minor, discount_minor, credit_paid_minor, "
                     "total_minor, payment_method, lines_json, discounts_json, status, flags, refunded_minor "
                     "FROM sales WHERE id = 's1'")
    found = problems(wiring)
    assert f"refund {refund.receipt_no} was edited after it was written" in found
    assert f"sale {sale.receipt_no} records ฿0.00 given back, its refunds add up to ฿0.01" in found  # type: ignore[attr-defined]
    assert f"sale {sale.receipt_no} says completed, its refunds say partly refunded" in found  # type: ignore[attr-defined]
    assert "sale C1-999999 (fake) was added behind the app's back" in found
    with db(wiring) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM refunds WHERE id = 'r1'")
    assert f"refund {refund.receipt_no} (r1) was deleted" in problems(wiring)


def test_an_older_shop_is_chained_on_upgrade(tmp_path: Path) -> None:
    from kiosk.adapters.db.engine import make_engine, sqlite_url
    from kiosk.adapters.db.migrate import upgrade

    engine = make_engine(sqlite_url(tmp_path / "shop.sqlite3"))
    upgrade(engine, "0010")  # a shop from before the record chain ...
    engine.dispose()
    clock = FixedClock(T0)
    with sqlite3.connect(tmp_path / "shop.sqlite3") as conn:  # ... with a sale its version wrote (no link)
        conn.execute("INSERT INTO sales (id, receipt_no, device_id, created_at, business_date, member_id, staff_id, "
                     "currency, subtotal_minor, discount_minor, credit_paid_minor, total_minor, payment_method, "
                     "lines_json, discounts_json, status, flags, refunded_minor) VALUES ('old', 'C1-000001', 'd1', "
                     "'2026-03-10 03:00:00.000000', '2026-03-10', NULL, NULL, 'THB', 6500, 0, 0, 6500, 'cash', "
                     "'[]', '[]', 'completed', '', 0)")
    with wire(load_settings(data_dir=tmp_path), clock=clock) as upgraded:  # migrates to head: 0011 chains it
        report = upgraded.services.verify.run()
        assert report.ok, report.problems
        assert report.records_checked == 1
