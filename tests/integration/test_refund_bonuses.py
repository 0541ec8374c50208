"""The bonuses a sale paid beside its own entries, taken back with it on a real SQLite shop: found by the sale's
command on its day (SqlLedger.written_with), not as the member's last of a kind."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from kiosk.domain.commands import RefundSale
from kiosk.domain.events import BonusAwarded
from kiosk.domain.ledger import EntryKind
from tests.integration.test_trust_support import Shop, make_shop

PHONE = "0812345678"


def standing_birthday_bonuses(shop: Shop) -> list[str]:
    with shop.app.uow_factory(readonly=True) as uow:
        member = uow.members.by_phone("+66812345678")
        assert member is not None
        given = [e.id for e in uow.ledger.for_member(member.id) if e.kind == EntryKind.BIRTHDAY_BONUS]
        undone = uow.ledger.reversed_ids(given)
    return [entry_id for entry_id in given if entry_id not in undone]


def test_last_years_birthday_sale_refunded_whole_takes_back_its_own_bonus(tmp_path: Path) -> None:
    shop = make_shop(tmp_path, language="en")  # the default shop: a 100-point birthday bonus
    today = shop.app.services.ctx.business_date(shop.clock.now())
    shop.enroll(PHONE, birthday=date(1990, today.month, 1))
    last_year = shop.sale(PHONE, "LATTE")
    assert BonusAwarded("birthday", 100) in last_year.events
    shop.clock.advance(days=364)  # the birthday month again, a year on
    this_year = shop.sale(PHONE, "LATTE")
    assert BonusAwarded("birthday", 100) in this_year.events
    paid_this_year = standing_birthday_bonuses(shop)[-1]

    shop.app.services.refunds.refund(RefundSale(
        command_id=uuid.uuid4().hex, receipt_no=last_year.receipt_no, staff_id=shop.staff["cashier"],
        approved_by=shop.staff["manager"], print_slip=False))
    assert standing_birthday_bonuses(shop) == [paid_this_year]
    assert BonusAwarded("birthday", 100) not in shop.sale(PHONE, "LATTE").events  # never twice
    assert shop.app.services.verify.run().ok
