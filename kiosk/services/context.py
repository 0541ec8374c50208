"""The shop's standing facts every use case needs: programs, policy, device, time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from kiosk.domain import expiry
from kiosk.domain.documents import ShopHeader
from kiosk.domain.money import Money
from kiosk.domain.programs.config import ProgramConfig


@dataclass(frozen=True)
class ShopPolicy:
    """Trust rules: what needs a manager, and the fraud limits (0 or None switches a limit off)."""

    refund_needs_manager: bool = True
    adjustment_needs_manager: bool = True
    redemption_approval_over: Money | None = None  # a redemption worth more needs a manager PIN
    sale_approval_over: Money | None = None  # a sale rung up for more (its subtotal) needs a manager PIN
    max_earn_sales_per_day: int = 10
    max_points_per_sale: int = 5000
    voucher_valid_days: int = 30
    expiring_soon_days: int = 30
    review_bonus_once_per_days: int = 1


@dataclass(frozen=True)
class UiSettings:
    """How the screens behave: idle timeouts, the kiosk's phone check and exit taps, the wedge scanner."""

    idle_lock_seconds: int = 300
    kiosk_idle_seconds: int = 45
    kiosk_verification: str = "birth_year"  # or "birthday"; see kiosk.services.selfservice
    kiosk_exit_taps: int = 5
    scanner_max_key_gap_ms: int = 35
    scanner_min_length: int = 6
    receipt_default: str = "print"  # what checkout starts on: "print" the receipt, or "none" (kept for a reprint)
    new_sale_after_seconds: int = 10  # the Paid screen gives way to a new sale (0: only when the cashier moves on)


@dataclass(frozen=True)
class HubPolicy:
    """A device of a shop with a hub: how long without the hub counts as offline, and what a member may spend
    on this device meanwhile (their points may be spent on another device at the same time)."""

    offline_after_minutes: int = 30
    offline_spend_limit: Money | None = None  # None: no limit while offline


@dataclass(frozen=True)
class ShopContext:
    shop: ShopHeader
    programs: ProgramConfig
    device_id: str
    device_label: str = "C1"
    timezone: str = "Asia/Bangkok"
    language: str = "th"
    privacy_notice_version: str = "2026-01"
    country_code: str = "66"
    policy: ShopPolicy = field(default_factory=ShopPolicy)
    hub: HubPolicy | None = None  # None: this device has no hub

    @property
    def currency(self) -> str:
        return self.programs.currency

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def business_date(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.tz)

    def expired(self, expires_at: datetime | None, now: datetime) -> bool:
        """Whether value dated `expires_at` has expired at `now`: it is good through the whole business day it
        is shown expiring on (kiosk.domain.expiry)."""
        return expiry.expired(expires_at, now, self.tz)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock tests and the demo generator move by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.at = self.at + timedelta(**delta)
