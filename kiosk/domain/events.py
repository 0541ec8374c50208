"""What happened, past tense: shown to the cashier and customer after a use case runs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PointsEarned:
    points: int


@dataclass(frozen=True)
class PointsSpent:
    points: int


@dataclass(frozen=True)
class StampsAdded:
    card_id: str
    stamps: int
    stamps_after: int
    required: int


@dataclass(frozen=True)
class StampCardCompleted:
    card_id: str
    rewards: int


@dataclass(frozen=True)
class TierChanged:
    old_tier: str | None
    new_tier: str


@dataclass(frozen=True)
class RewardRedeemed:
    reward: str


@dataclass(frozen=True)
class BonusAwarded:
    kind: str  # signup | birthday | referral | review
    points: int
