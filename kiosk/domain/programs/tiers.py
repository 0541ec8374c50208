"""Tiers: qualifying windows, upgrades at once, downgrades only at the review after the retention period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.programs.config import Tier, TierRules


@dataclass(frozen=True)
class TierStatus:
    tier: str
    since: datetime
    review_at: datetime | None


@dataclass(frozen=True)
class TierProgress:
    tier: Tier
    qualifying: int
    next_tier: Tier | None
    remaining: int  # how much more of the metric reaches the next tier
    percent: int  # 0..100 of the way from this tier's threshold to the next


def window_start(rules: TierRules, now: datetime) -> datetime:
    if rules.window == "calendar_year":
        return now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return now - timedelta(days=rules.window_days)


def level_for(rules: TierRules, qualifying: int) -> Tier:
    chosen = rules.levels[0]
    for level in rules.levels:
        if qualifying >= level.threshold:
            chosen = level
    return chosen


def rank(rules: TierRules, name: str) -> int:
    for i, level in enumerate(rules.levels):
        if level.name == name:
            return i
    return 0  # a tier removed from the configuration counts as the entry tier


def evaluate(rules: TierRules, status: TierStatus | None, qualifying: int, now: datetime) -> TierStatus:
    """The member's tier after looking at their qualifying value now."""
    earned = level_for(rules, qualifying)
    retention = timedelta(days=rules.retention_days)
    if status is None:
        return TierStatus(earned.name, now, now + retention)
    if rank(rules, earned.name) > rank(rules, status.tier):
        return TierStatus(earned.name, now, now + retention)
    if status.review_at is not None and now >= status.review_at:
        if rank(rules, earned.name) < rank(rules, status.tier):
            return TierStatus(earned.name, now, now + retention)
        return TierStatus(status.tier, status.since, now + retention)
    return status


def after_refund(rules: TierRules, status: TierStatus, qualifying: int, held_before: TierStatus | None,
                 now: datetime) -> TierStatus:
    """The member's tier once a refund or void took a sale's spend back, when that sale (or one after it) raised
    the tier: what the spend left (`qualifying`, net of refunds) still earns, or the tier held before that sale
    with its own review date (the retention of an earlier qualification stays), whichever is higher; never
    higher than `status`. Points already earned at the higher rate on other sales stay earned."""
    earned = level_for(rules, qualifying)
    if rank(rules, earned.name) >= rank(rules, status.tier):
        return status
    if held_before is not None and rank(rules, held_before.tier) >= rank(rules, earned.name):
        return status if rank(rules, held_before.tier) >= rank(rules, status.tier) else held_before
    return TierStatus(earned.name, now, now + timedelta(days=rules.retention_days))


def tier_by_name(rules: TierRules, name: str) -> Tier:
    return next((lv for lv in rules.levels if lv.name == name), rules.levels[0])


def progress(rules: TierRules, status: TierStatus, qualifying: int) -> TierProgress:
    current = tier_by_name(rules, status.tier)
    higher = [lv for lv in rules.levels if lv.threshold > current.threshold]
    if not higher:
        return TierProgress(current, qualifying, None, 0, 100)
    nxt = higher[0]
    remaining = max(0, nxt.threshold - qualifying)
    span = nxt.threshold - current.threshold
    done = min(max(qualifying - current.threshold, 0), span)
    return TierProgress(current, qualifying, nxt, remaining, done * 100 // span if span else 100)
