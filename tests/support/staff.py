"""Staff for a test shop, added as a real shop must add them: its first owner, who authorises the rest."""

from __future__ import annotations

from kiosk.domain.staff import Role, StaffMember
from kiosk.services.staff import StaffService

OWNER = ("Ploy", "owner", "9999")


def add_staff(staff: StaffService, *people: tuple[str, str, str]) -> list[StaffMember]:
    """Add `people` (name, role, PIN), authorised by the shop's owner; a shop without staff gets OWNER first
    (first-run set-up). Returns the people added, in order."""
    owner = next((s for s in staff.list_staff() if s.role == Role.OWNER), None)
    if owner is None:
        owner = staff.add_staff(name=OWNER[0], role=OWNER[1], pin=OWNER[2])
    return [staff.add_staff(name=name, role=role, pin=pin, by=owner.id) for name, role, pin in people]
