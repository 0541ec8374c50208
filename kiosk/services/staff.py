"""Staff sign-in with PINs, lockout after repeated wrong PINs, manager approval, and staff admin."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.domain.errors import InvalidInput, NotFound, PermissionDenied
from kiosk.domain.ids import new_id
from kiosk.domain.members import clean_name
from kiosk.domain.staff import LOCKOUT_AFTER, LOCKOUT_FOR, Role, StaffMember, hash_pin, validate_pin, verify_pin
from kiosk.services.usecase import UseCases
from kiosk.services.ports import AuditRecord, UnitOfWork


@dataclass(frozen=True)
class Session:
    staff_id: str
    name: str
    role: Role
    signed_in_at: datetime


class StaffService(UseCases):
    def list_staff(self, *, include_inactive: bool = False) -> list[StaffMember]:
        with self.uow_factory(readonly=True) as uow:
            return [s for s in uow.staff.all() if include_inactive or s.active]

    def audit_trail(self, *, since: datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        """Privileged actions on every device, oldest first (the newest `limit` when given)."""
        return self.read(lambda tx: tx.uow.audit.records(since=since, limit=limit))

    def sign_in(self, staff_id: str, pin: str) -> Session:
        now = self.clock.now()
        with self.uow_factory() as uow:
            staff = uow.staff.get(staff_id)
            if staff is None or not staff.active:
                raise NotFound("That staff account does not exist or is disabled.", code="staff_unknown")
            session = self._check(uow, staff, pin, now)
            uow.audit.add(action="staff.sign_in" if session else "staff.sign_in_failed", at=now,
                          device_id=self.ctx.device_id, staff_id=staff.id)
            uow.commit()
        if session is None:
            raise PermissionDenied(self._wrong_pin_message(staff_id), code="wrong_pin")
        return session

    def authorize(self, pin: str, *, min_role: Role = Role.MANAGER, action: str = "approve") -> Session:
        """Find the manager whose PIN this is (for approvals); wrong PINs count towards lockout.

        The PIN is not tied to an account here, so the lockout is per device: after LOCKOUT_AFTER wrong
        approval PINs in a row this till takes none for LOCKOUT_FOR, else a cashier could try all 10,000.
        """
        now = self.clock.now()
        with self.uow_factory() as uow:
            lock_key = f"approval_lock:{self.ctx.device_id}"
            _, locked_until = _approval_lock(uow.kv.get(lock_key))
            if locked_until is not None and now < locked_until:
                raise PermissionDenied("Too many wrong manager PINs. Approvals are locked for a few minutes.",
                                       code="approval_locked")
        try:
            validate_pin(pin)
        except InvalidInput:
            pin = ""  # counts as a wrong PIN below
        with self.uow_factory() as uow:
            candidates = [s for s in uow.staff.all() if s.active and s.role.at_least(min_role)]
            for staff in candidates:
                if staff.is_locked(now):
                    continue
                stored = uow.staff.pin_hash(staff.id)
                if pin and stored and verify_pin(pin, stored):
                    uow.staff.record_attempt(staff.id, failed_attempts=0, locked_until=None)
                    uow.kv.set(lock_key, "0|")
                    uow.audit.add(action=f"approval.{action}", at=now, device_id=self.ctx.device_id,
                                  staff_id=staff.id)
                    uow.commit()
                    return Session(staff.id, staff.name, staff.role, now)
            failed, _ = _approval_lock(uow.kv.get(lock_key))
            failed += 1
            locked = now + LOCKOUT_FOR if failed >= LOCKOUT_AFTER else None
            uow.kv.set(lock_key, f"{0 if locked else failed}|{locked.isoformat() if locked else ''}")
            uow.audit.add(action="approval.failed", at=now, device_id=self.ctx.device_id,
                          details={"action": action, "locked": locked is not None})
            uow.commit()
        if locked is not None:
            raise PermissionDenied("Too many wrong manager PINs. Approvals are locked for a few minutes.",
                                   code="approval_locked")
        raise PermissionDenied(f"That is not a {min_role.value}'s PIN.", code="wrong_pin")

    def add_staff(self, *, name: str, role: str, pin: str, by: str | None = None) -> StaffMember:
        now = self.clock.now()
        try:
            role_value = Role(role)
        except ValueError:
            raise InvalidInput("Role must be cashier, manager or owner.", code="bad_role") from None
        staff = StaffMember(id=new_id(), name=clean_name(name), role=role_value)
        with self.uow_factory() as uow:
            uow.staff.add(staff, hash_pin(pin), created_at=now)
            uow.audit.add(action="staff.added", at=now, device_id=self.ctx.device_id, staff_id=by, subject=staff.id,
                          details={"role": role_value.value})
            uow.commit()
        return staff

    def set_active(self, staff_id: str, active: bool, *, by: str | None = None) -> None:
        now = self.clock.now()
        with self.uow_factory() as uow:
            staff = uow.staff.get(staff_id)
            if staff is None:
                raise NotFound("No such staff member.", code="staff_unknown")
            uow.staff.update(replace(staff, active=active))
            uow.audit.add(action="staff.enabled" if active else "staff.disabled", at=now,
                          device_id=self.ctx.device_id, staff_id=by, subject=staff_id)
            uow.commit()

    def reset_pin(self, staff_id: str, new_pin: str, *, by: str | None = None) -> None:
        now = self.clock.now()
        with self.uow_factory() as uow:
            staff = uow.staff.get(staff_id)
            if staff is None:
                raise NotFound("No such staff member.", code="staff_unknown")
            uow.staff.update(replace(staff, failed_attempts=0, locked_until=None), pin_hash=hash_pin(new_pin))
            uow.audit.add(action="staff.pin_reset", at=now, device_id=self.ctx.device_id, staff_id=by,
                          subject=staff_id)
            uow.commit()

    def _check(self, uow: UnitOfWork, staff: StaffMember, pin: str, now: datetime) -> Session | None:
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

    def _wrong_pin_message(self, staff_id: str) -> str:
        with self.uow_factory(readonly=True) as uow:
            staff = uow.staff.get(staff_id)
        if staff and staff.locked_until and staff.locked_until > self.clock.now():
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
