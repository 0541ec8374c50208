"""Cashback: a share of what was paid comes back as store credit, spent like money at checkout."""

from __future__ import annotations

from kiosk.domain.money import Money
from kiosk.domain.programs.config import CashbackRules


def cashback_for(rules: CashbackRules, *, paid: Money) -> Money:
    """A share of the money paid. The minimum spend is judged on the same money paid: rewards, points and
    store credit lower both alike (they are not money, and cashback is not earned on them)."""
    if not rules.enabled or paid.minor < rules.min_spend.minor or paid.minor <= 0:
        return Money.zero(paid.currency)
    credit = paid.percent(rules.percent_bp)
    if rules.max_per_sale is not None:
        credit = credit.min(rules.max_per_sale)
    return credit
