"""What the counter's sign-in screen shows before the shop's services are wired: the shop and its staff."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.staff import StaffMember
from kiosk.services.context import ShopContext


@dataclass(frozen=True)
class SignInPreview:
    """The shop as its settings describe it and its active staff, read before the services are wired.

    kiosk.bootstrap.signin reads it; the counter shows its sign-in screen from it, then signs in through the
    StaffService once the services are ready (the lockout and the audit live there, not here).
    """

    ctx: ShopContext
    staff: tuple[StaffMember, ...]


__all__ = ["SignInPreview"]
