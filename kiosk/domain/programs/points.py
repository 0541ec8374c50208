"""Points: how many a purchase earns, and what a number of points is worth at checkout."""

from __future__ import annotations

from decimal import Decimal

from kiosk.domain.money import ROUNDING_MODES, Money
from kiosk.domain.programs.config import PointsRules


def base_points(rules: PointsRules, *, paid: Money, eligible_items: int) -> int:
    """Points before tier and membership multipliers. Nothing is earned below the minimum spend, which is
    judged on the money paid, like the points themselves (rewards, points and store credit are not money)."""
    if not rules.enabled or paid.minor < rules.min_spend.minor or paid.minor <= 0:
        return 0
    if rules.basis == "visit":
        return rules.points_per_visit
    if rules.basis == "item":
        return rules.points_per_item * eligible_items
    units = (Decimal(paid.minor) / Decimal(rules.spend_unit.minor)).to_integral_value(
        rounding=ROUNDING_MODES[rules.rounding]
    )
    return int(units) * rules.points_per_unit


def apply_multiplier(points: int, percent: int) -> int:
    """Multiplied points round down: a 1.25x tier on 3 points gives 3, never a fraction."""
    return points * percent // 100


def points_value(rules: PointsRules, points: int) -> Money:
    return rules.point_value * points


def points_for_value(rules: PointsRules, value: Money) -> int:
    """The most points whose value fits in `value` (never overpaying the bill)."""
    if rules.point_value.minor <= 0:
        return 0
    return value.minor // rules.point_value.minor
