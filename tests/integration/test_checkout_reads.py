"""A sale reads the member's state once: the tier row, the year's qualifying sum, the signing key and the
balances are not fetched again for the tier update and the receipt (they were read 2-4 times each), and the
result is the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event

from kiosk.domain.commands import RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import T0, enroll, open_app


def test_a_member_sale_reads_tier_qualifying_sum_and_key_once(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        seen: Counter[str] = Counter()

        @event.listens_for(app.engine, "before_cursor_execute")
        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            text = " ".join(statement.split())
            for table in ("FROM member_tiers", "FROM signing_keys", "FROM sales WHERE", "FROM account_balances"):
                if text.startswith("SELECT") and table in text:
                    seen[table] += 1

        # ฿3,000 of cake crosses the Silver threshold: the tier moves in this very sale
        big = CartLine("Cake", Money(300000), 1, "CAKE")
        result = app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(big,), member_code=code))
        # the balances are read before the sale; its entries move them as they move account_balances
        assert seen == Counter({"FROM member_tiers": 1, "FROM signing_keys": 1, "FROM sales WHERE": 1,
                                "FROM account_balances": 1})
        account = app.services.accounts.account(code)
        assert account.tier is not None and result.tier == account.tier.label
        assert result.tier_changed_from is not None and result.tier_changed_from != result.tier
        assert result.points_balance == account.points
