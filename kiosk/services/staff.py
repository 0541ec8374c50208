"""Staff sign-in with PINs, lockout after repeated wrong PINs, manager approval, and staff admin."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.domain.errors import InvalidInput, NotFound, PermissionDenied
from kiosk.domain.ids import new_id
from kiosk.domain.members import clean_name
from kiosk.domain.staff import LOCKOUT_AFTER, LOCKOUT_FOR, Role, StaffMember, hash_pin, validate_pin, verify_pin
from kiosk.services.ports import AuditRecord
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class Session:
    staff_id: str
    name: str
    role: Role
    signed_in_at: datetime


class StaffService(UseCases):
    def list_staff(self, *, include_inactive: bool = False) -> list[StaffMember]:
        return self.read(lambda tx: [s for s in tx.uow.staff.all() if include_inactive or s.active])

    def audit_trail(self, *, since: datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        """Privileged actions on every device, oldest first (the newest `limit` when given)."""
        return self.read(lambda tx: tx.uow.audit.records(since=since, limit=limit))

    def sign_in(self, staff_id: str, pin: str) -> Session:
        # A wrong PIN is refused only after the write commits: the attempt must count towards the lockout.
        session = self.write(lambda tx: self._sign_in(tx, staff_id, pin))
        if session is None:
            raise PermissionDenied(self.read(lambda tx: self._wrong_pin_message(tx, staff_id)), code="wrong_pin")
        return session

    def _sign_in(self, tx: Tx, staff_id: str, pin: str) -> Session | None:
        uow = tx.uow
        staff = uow.staff.get(staff_id)
        if staff is None or not staff.active:
            raise NotFound("That staff account does not exist or is disabled.", code="staff_unknown")
        session = self._check(tx, staff, pin)
        uow.audit.add(action="staff.sign_in" if session else "staff.sign_in_failed", at=tx.now,
                      device_id=tx.ctx.device_id, staff_id=staff.id)
        return session

    def authorize(self, pin: str, *, min_role: Role = Role.MANAGER, action: str = "approve") -> Session:
        """Find the manager whose PIN this is (for approvals); wrong PINs count towards lockout.

        The PIN is not tied to an account here, so the lockout is per device: after LOCKOUT_AFTER wrong
        approval PINs in a row this till takes none for LOCKOUT_FOR, else a cashier could try all 10,000.
        """
        # As for sign-in, a wrong PIN is refused after the write that counts it has committed.
        session, locked = self.write(lambda tx: self._authorize(tx, pin, min_role=min_role, action=action))
        if session is not None:
            return session
        if locked:
            raise PermissionDenied("Too many wrong manager PINs. Approvals are locked for a few minutes.",
                                   code="approval_locked")
        raise PermissionDenied(f"That is not a {min_role.value}'s PIN.", code="wrong_pin")

    def _authorize(self, tx: Tx, pin: str, *, min_role: Role, action: str) -> tuple[Session | None, bool]:
        """The approver's session, or None and whether this wrong PIN has locked approvals on this device."""
        uow, now = tx.uow, tx.now
        lock_key = f"approval_lock:{tx.ctx.device_id}"
        _, locked_until = _approval_lock(uow.kv.get(lock_key))
        if locked_until is not None and now < locked_until:
            raise PermissionDenied("Too many wrong manager PINs. Approvals are locked for a few minutes.",
                                   code="approval_locked")
        try:
            validate_pin(pin)
        except InvalidInput:
            pin = ""  # counts as a wrong PIN below
        candidates = [s for s in uow.staff.all() if s.active and s.role.at_least(min_role)]
        for staff in candidates:
            if staff.is_locked(now):
                continue
            stored = uow.staff.pin_hash(staff.id)
            if pin and stored and verify_pin(pin, stored):
                uow.staff.record_attempt(staff.id, failed_attempts=0, locked_until=None)
                uow.kv.set(lock_key, "0|")
                uow.audit.add(action=f"approval.{action}", at=now, device_id=tx.ctx.device_id, staff_id=staff.id)
                return Session(staff.id, staff.name, staff.role, now), False
        failed, _ = _approval_lock(uow.kv.get(lock_key))
        failed += 1
        locked = now + LOCKOUT_FOR if failed >= LOCKOUT_AFTER else None
        uow.kv.set(lock_key, f"{0 if locked else failed}|{locked.isoformat() if locked else ''}")
        uow.audit.add(action="approval.failed", at=now, device_id=tx.ctx.device_id,
                      details={"action": action, "locked": locked is not None})
        return None, locked is not None

    def add_staff(self, *, name: str, role: str, pin: str, by: str | None = None) -> StaffMember:
        try:
            role_value = Role(role)
        except ValueError:
            raise InvalidInput("Role must be cashier, manager or owner.", code="bad_role") from None
        staff = StaffMember(id=new_id(), name=clean_name(name), role=role_value)
        return self.write(lambda tx: self._add_staff(tx, staff, pin, by=by))

    def _add_staff(self, tx: Tx, staff: StaffMember, pin: str, *, by: str | None) -> StaffMember:
        tx.uow.staff.add(staff, hash_pin(pin), created_at=tx.now)
        tx.uow.audit.add(action="staff.added", at=tx.now, device_id=tx.ctx.device_id, staff_id=by, subject=staff.id,
                         details={"role": staff.role.value})
        return staff

    def set_active(self, staff_id: str, active: bool, *, by: str | None = None) -> None:
        self.write(lambda tx: self._set_active(tx, staff_id, active, by=by))

    def _set_active(self, tx: Tx, staff_id: str, active: bool, *, by: str | None) -> None:
        staff = tx.uow.staff.get(staff_id)
        if staff is None:
            raise NotFound("No such staff member.", code="staff_unknown")
        tx.uow.staff.update(replace(staff, active=active))
        tx.uow.audit.add(action="staff.enabled" if active else "staff.disabled", at=tx.now,
                         device_id=tx.ctx.device_id, staff_id=by, subject=staff_id)

    def reset_pin(self, staff_id: str, new_pin: str, *, by: str | None = None) -> None:
        self.write(lambda tx: self._reset_pin(tx, staff_id, new_pin, by=by))

    def _reset_pin(self, tx: Tx, staff_id: str, new_pin: str, *, by: str | None) -> None:
        staff = tx.uow.staff.get(staff_id)
        if staff is None:
            raise NotFound("No such staff member.", code="staff_unknown")
        tx.uow.staff.update(replace(staff, failed_attempts=0, locked_until=None), pin_hash=hash_pin(new_pin))
        tx.uow.audit.add(action="staff.pin_reset", at=tx.now, device_id=tx.ctx.device_id, staff_id=by,
                         subject=staff_id)

    def _check(self, tx: Tx, staff: StaffMember, pin: str) -> Session | None:
        uow, now = tx.uow, tx.now
        if staff.is_locked(now):
            raise PermissionDenied("Too many wrong PINs. Try again in a few minutes or ask a manager.",
                                   code="staff_locked")
        stored = uow.staff.pin_hash(staff.id)
        if stored and verify_pin(pin, stored):
            uow.staff.record_attempt(staff.id, failed_attempts=0, locked_until=None)
            return Session(staff.id, staff.name, staff.role, now)
        failed = staff.failed_attempts + 1
        locked = now + LOCKOUT_FOR if failed >= LOCKOUT_AFTER else None
        uow.staff.record_attempt(staff.id, failed_attempts=0 if locked else failed, locked_until=locked)
        return None

    def _wrong_pin_message(self, tx: Tx, staff_id: str) -> str:
        staff = tx.uow.staff.get(staff_id)
        if staff and staff.locked_until and staff.locked_until > tx.now:
            return "Too many wrong PINs. This account is locked for a few minutes."
        left = LOCKOUT_AFTER - (staff.failed_attempts if staff else 0)
        return f"That PIN is not right. {left} tries left before the account locks."


def _approval_lock(value: str | None) -> tuple[int, datetime | None]:
    """(wrong approval PINs in a row, locked until) from the device's kv row "count|iso-time"."""
    if not value:
        return 0, None
    count, _, until = value.partition("|")
    try:
        return int(count or 0), datetime.fromisoformat(until) if until else None
    except ValueError:
        return 0, None
