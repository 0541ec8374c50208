"""Staff sign-in with PINs, lockout after repeated wrong PINs, manager approval, and staff admin."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from kiosk.domain.errors import InvalidInput, NotFound, PermissionDenied
from kiosk.domain.ids import new_id
from kiosk.domain.staff import (
    LOCKOUT_AFTER,
    LOCKOUT_FOR,
    Role,
    StaffMember,
    clean_staff_name,
    hash_pin,
    same_staff_name,
    validate_pin,
    verify_pin,
)
from kiosk.services.ports import AuditRecord
from kiosk.services.usecase import Tx, UseCases, require_active_staff


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

    def last_sign_ins(self) -> dict[str, datetime]:
        """When each staff member last signed in, on any device (from the audit log; never: absent)."""
        return self.read(lambda tx: tx.uow.audit.last_by_staff("staff.sign_in"))

    def sign_in(self, staff_id: str, pin: str) -> Session:
        # A wrong PIN, or any PIN while locked out, is refused only after the write commits: the attempt must count
        # towards the lockout, and the audit log keeps it.
        outcome = self.write(lambda tx: self._sign_in(tx, staff_id, pin))
        if isinstance(outcome, PermissionDenied):
            raise outcome
        if outcome is None:
            raise self.read(lambda tx: self._wrong_pin(tx, staff_id))
        return outcome

    def _sign_in(self, tx: Tx, staff_id: str, pin: str) -> Session | PermissionDenied | None:
        uow, now = tx.uow, tx.now
        staff = uow.staff.get(staff_id)
        if staff is None or not staff.active:
            raise NotFound("staff.unknown")
        if staff.is_locked(now) and staff.locked_until is not None:
            uow.audit.add(action="staff.sign_in_refused", at=now, device_id=tx.ctx.device_id, staff_id=staff.id,
                          details={"reason": "locked_out"})
            return PermissionDenied("staff.locked", minutes=_minutes(staff.locked_until - now))
        session = self._check(tx, staff, pin)
        uow.audit.add(action="staff.sign_in" if session else "staff.sign_in_failed", at=now,
                      device_id=tx.ctx.device_id, staff_id=staff.id)
        after = uow.staff.get(staff.id) if session is None else None
        if after is not None and after.is_locked(now):  # this wrong PIN locked the account
            uow.audit.add(action="staff.locked_out", at=now, device_id=tx.ctx.device_id, staff_id=staff.id,
                          subject=staff.id, details={"minutes": _minutes(LOCKOUT_FOR), "wrong_pins": LOCKOUT_AFTER})
        return session

    def end_session(self, staff_id: str, *, action: str, reason: str) -> None:
        """Note in the audit log that a counter session ended: `action` "counter.locked" (kept for whoever signs in
        next) or "staff.sign_out"; `reason` what ended it ("by_hand", "idle", "staff_disabled")."""
        if action not in ("counter.locked", "staff.sign_out"):
            raise ValueError(f"not a session's end: {action}")
        self.write(lambda tx: tx.uow.audit.add(action=action, at=tx.now, device_id=tx.ctx.device_id,
                                               staff_id=staff_id, details={"reason": reason}))

    def check_active(self, staff_id: str) -> None:
        """Refuses a disabled staff member (staff.disabled): their open session at a counter ends."""
        self.read(lambda tx: require_active_staff(tx, staff_id))

    def authorize(self, pin: str, *, min_role: Role = Role.MANAGER, action: str = "approve") -> Session:
        """Find the manager whose PIN this is (for approvals); wrong PINs count towards lockout.

        The PIN is not tied to an account here, so the lockout is per device: after LOCKOUT_AFTER wrong
        approval PINs in a row this till takes none for LOCKOUT_FOR, else a cashier could try all 10,000.
        An owner's PIN waits too: a PIN checked while locked would let the guessing go on at the owner's PIN,
        the one that adds owners. The refusal says how many minutes are left.

        A manager locked out of their own account (wrong PINs at sign-in, which anyone at the counter can type) is
        told so, with the minutes left, when their right PIN is entered: it is not a wrong PIN, so it neither counts
        towards this till's approval lockout nor is audited as a failed approval. The two lockouts stay apart: the
        account's stops PIN guessing on one person's name, the till's stops guessing at any approver's PIN; only
        the right PIN of a locked account waits for the account's.
        """
        # As for sign-in, a wrong PIN is refused after the write that counts it has committed.
        session, locked = self.write(lambda tx: self._authorize(tx, pin, min_role=min_role, action=action))
        if isinstance(session, PermissionDenied):
            raise session
        if session is not None:
            return session
        if locked:
            raise PermissionDenied("staff.approval_locked", minutes=_minutes(LOCKOUT_FOR))
        raise PermissionDenied(f"staff.wrong_pin_{min_role.value}", role=min_role.value)

    def _authorize(self, tx: Tx, pin: str, *, min_role: Role,
                   action: str) -> tuple[Session | PermissionDenied | None, bool]:
        """The approver's session (or why this approver cannot approve now), or None and whether this wrong PIN has
        locked approvals on this device."""
        uow, now = tx.uow, tx.now
        lock_key = f"approval_lock:{tx.ctx.device_id}"
        failed, locked_until = _approval_lock(uow.kv.get(lock_key))
        if locked_until is not None and now < locked_until:
            raise PermissionDenied("staff.approval_locked", minutes=_minutes(locked_until - now))
        try:
            validate_pin(pin)
        except InvalidInput:
            pin = ""  # counts as a wrong PIN below
        candidates = [s for s in uow.staff.all() if s.active and s.role.at_least(min_role)]
        for staff in candidates:
            stored = uow.staff.pin_hash(staff.id)
            if not (pin and stored and verify_pin(pin, stored)):
                continue
            if staff.is_locked(now) and staff.locked_until is not None:
                uow.audit.add(action="approval.refused", at=now, device_id=tx.ctx.device_id, staff_id=staff.id,
                              details={"action": action, "reason": "locked_out"})
                return PermissionDenied("staff.approver_locked", name=staff.name,
                                        minutes=_minutes(staff.locked_until - now)), False
            _forget_wrong_pins(tx, staff)
            if failed or locked_until is not None:
                uow.kv.set(lock_key, "0|")
            uow.audit.add(action=f"approval.{action}", at=now, device_id=tx.ctx.device_id, staff_id=staff.id)
            return Session(staff.id, staff.name, staff.role, now), False
        failed += 1
        locked = now + LOCKOUT_FOR if failed >= LOCKOUT_AFTER else None
        uow.kv.set(lock_key, f"{0 if locked else failed}|{locked.isoformat() if locked else ''}")
        uow.audit.add(action="approval.failed", at=now, device_id=tx.ctx.device_id,
                      details={"action": action, "locked": locked is not None})
        return None, locked is not None

    def find_staff(self, name_or_id: str) -> StaffMember:
        """The staff member with this id, or else the one with this name (any case); disabled staff too."""
        text = " ".join((name_or_id or "").split())

        def find(tx: Tx) -> StaffMember:
            everyone = tx.uow.staff.all()
            named = [s for s in everyone if s.id == text] or [s for s in everyone if same_staff_name(s.name, text)]
            if not named:
                raise NotFound("staff.name_unknown", text=text, name=text)
            if len(named) > 1:
                raise InvalidInput("staff.ambiguous", text=text, name=text)
            return named[0]

        return self.read(find)

    # -- staff admin: only an owner adds, renames, disables, enables or re-PINs staff ------------------------
    def add_staff(self, *, name: str, role: str, pin: str, by: str | None = None) -> StaffMember:
        """Add a staff member, authorised by `by`, an active owner's staff id (checked in the write).

        The one exception is first-run set-up: a shop with no staff at all may create its first owner with
        `by=None`. A PIN already held by anyone on the staff is refused: a PIN names who approved a refund.
        """
        role_value = _role(role)
        staff = StaffMember(id=new_id(), name=clean_staff_name(name), role=role_value)
        self.read(lambda tx: self._owner(tx, by, first_owner=role_value))  # before the PIN: no PIN oracle
        self.read(lambda tx: _refuse_taken_name(tx, staff.name))
        pin_hash, seen = self._new_pin(pin, staff_id=None)
        return self.write(lambda tx: self._add_staff(tx, staff, pin, pin_hash, seen, by=by))

    def _add_staff(self, tx: Tx, staff: StaffMember, pin: str, pin_hash: str, seen: dict[str, str], *,
                   by: str | None) -> StaffMember:
        owner = self._owner(tx, by, first_owner=staff.role)
        _refuse_taken_name(tx, staff.name)
        _refuse_taken_pin(pin, _pin_hashes(tx, None), seen)
        tx.uow.staff.add(staff, pin_hash, created_at=tx.now)
        tx.uow.audit.add(action="staff.added", at=tx.now, device_id=tx.ctx.device_id, staff_id=owner,
                         subject=staff.id, details={"role": staff.role.value, "first_owner": owner is None})
        return staff

    def set_active(self, staff_id: str, active: bool, *, by: str | None = None) -> None:
        """Disable or enable a staff member; `by` must be an active owner, and the last owner stays. Someone
        already in that state is left alone, not audited: a staff row written is re-sent to every device."""
        self.write(lambda tx: self._set_active(tx, staff_id, active, by=by))

    def _set_active(self, tx: Tx, staff_id: str, active: bool, *, by: str | None) -> None:
        owner = self._owner(tx, by)
        staff = tx.uow.staff.get(staff_id)
        if staff is None:
            raise NotFound("staff.no_such")
        if staff.active == active:
            return
        if not active and staff.role == Role.OWNER and not any(
                s.active and s.role == Role.OWNER and s.id != staff.id for s in tx.uow.staff.all()):
            raise PermissionDenied("staff.last_owner")
        if active and (taken := _active_named(tx, staff.name, but=staff.id)) is not None:
            # someone of this name was added while they were away: rename one of the two first
            raise InvalidInput("staff.enable_name_taken", name=staff.name, taken=taken.name)
        tx.uow.staff.update(replace(staff, active=active))
        tx.uow.audit.add(action="staff.enabled" if active else "staff.disabled", at=tx.now,
                         device_id=tx.ctx.device_id, staff_id=owner, subject=staff_id)

    def rename(self, staff_id: str, name: str, *, by: str | None = None) -> StaffMember:
        """Give a staff member another name, none an active colleague has (any case, spacing); `by` must be an
        active owner. The same name again changes nothing and is not audited."""
        return self.write(lambda tx: self._rename(tx, staff_id, name, by=by))

    def _rename(self, tx: Tx, staff_id: str, name: str, *, by: str | None) -> StaffMember:
        owner = self._owner(tx, by)
        staff = tx.uow.staff.get(staff_id)
        if staff is None:
            raise NotFound("staff.no_such")
        new_name = clean_staff_name(name)
        if new_name == staff.name:
            return staff
        if (taken := _active_named(tx, new_name, but=staff.id)) is not None:
            raise InvalidInput("staff.rename_name_taken", name=taken.name)
        renamed = replace(staff, name=new_name)
        tx.uow.staff.update(renamed)
        tx.uow.audit.add(action="staff.renamed", at=tx.now, device_id=tx.ctx.device_id, staff_id=owner,
                         subject=staff_id, details={"from": staff.name, "to": new_name})
        return renamed

    def reset_pin(self, staff_id: str, new_pin: str, *, by: str | None = None) -> None:
        """Give a staff member a new PIN (and clear their lockout); `by` must be an active owner."""
        self.read(lambda tx: self._owner(tx, by))  # before the PIN: no PIN oracle
        pin_hash, seen = self._new_pin(new_pin, staff_id=staff_id)
        self.write(lambda tx: self._reset_pin(tx, staff_id, new_pin, pin_hash, seen, by=by))

    def _reset_pin(self, tx: Tx, staff_id: str, new_pin: str, pin_hash: str, seen: dict[str, str], *,
                   by: str | None) -> None:
        owner = self._owner(tx, by)
        staff = tx.uow.staff.get(staff_id)
        if staff is None:
            raise NotFound("staff.no_such")
        _refuse_taken_pin(new_pin, _pin_hashes(tx, staff_id), seen)
        tx.uow.staff.update(replace(staff, failed_attempts=0, locked_until=None), pin_hash=pin_hash)
        tx.uow.audit.add(action="staff.pin_reset", at=tx.now, device_id=tx.ctx.device_id, staff_id=owner,
                         subject=staff_id)

    def _new_pin(self, pin: str, *, staff_id: str | None) -> tuple[str, dict[str, str]]:
        """The new PIN's hash, and the other staff's hashes it was checked against.

        scrypt costs ~30 ms a hash, so the comparison runs before the write transaction, not holding the
        database's one writer; the write compares again only against hashes that changed in between.
        """
        validate_pin(pin)
        seen = self.read(lambda tx: _pin_hashes(tx, staff_id))
        _refuse_taken_pin(pin, seen, {})
        return hash_pin(pin), seen

    @staticmethod
    def _owner(tx: Tx, by: str | None, *, first_owner: Role | None = None) -> str | None:
        """The active owner `by` names, checked in this transaction; None for a shop's very first owner."""
        if first_owner is not None and not tx.uow.staff.all():
            if first_owner != Role.OWNER:
                raise InvalidInput("staff.first_staff_owner")
            return None
        owner = tx.uow.staff.get(by) if by else None
        if owner is None or not owner.active or owner.role != Role.OWNER:
            raise PermissionDenied("staff.owner_required")
        return owner.id

    def _check(self, tx: Tx, staff: StaffMember, pin: str) -> Session | None:
        uow, now = tx.uow, tx.now  # a locked account was refused before its PIN was looked at (_sign_in)
        stored = uow.staff.pin_hash(staff.id)
        if stored and verify_pin(pin, stored):
            _forget_wrong_pins(tx, staff)
            return Session(staff.id, staff.name, staff.role, now)
        failed = staff.failed_attempts + 1
        locked = now + LOCKOUT_FOR if failed >= LOCKOUT_AFTER else None
        uow.staff.record_attempt(staff.id, failed_attempts=0 if locked else failed, locked_until=locked)
        return None

    def _wrong_pin(self, tx: Tx, staff_id: str) -> PermissionDenied:
        staff = tx.uow.staff.get(staff_id)
        if staff and staff.locked_until and staff.locked_until > tx.now:
            return PermissionDenied("staff.sign_in_locked", minutes=_minutes(staff.locked_until - tx.now))
        left = LOCKOUT_AFTER - (staff.failed_attempts if staff else 0)
        return PermissionDenied("staff.wrong_pin", left=left)


def _forget_wrong_pins(tx: Tx, staff: StaffMember) -> None:
    """A right PIN clears the wrong ones counted before it; with none to clear, the row is not written: every
    write of a staff row is noted for the hub and sent to every device (each approval re-sent the approver's)."""
    if staff.failed_attempts or staff.locked_until is not None:
        tx.uow.staff.record_attempt(staff.id, failed_attempts=0, locked_until=None)


def _pin_hashes(tx: Tx, except_id: str | None) -> dict[str, str]:
    """Every staff member's PIN hash but `except_id`'s, disabled staff included: enabling someone again
    cannot be checked against salted hashes, and a leaver's known PIN should not become a newcomer's."""
    return {s.id: stored for s in tx.uow.staff.all() if s.id != except_id and (stored := tx.uow.staff.pin_hash(s.id))}


def check_first_owner(*, name: str, role: str, pin: str) -> None:
    """Refuses what add_staff refuses of a new shop's very first staff member, reading nothing: a command that sets
    a shop up checks first, so a refused one leaves no shop behind (no database, install id or signing key)."""
    role_value = _role(role)
    clean_staff_name(name)
    if role_value != Role.OWNER:
        raise InvalidInput("staff.first_staff_owner")
    validate_pin(pin)


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput("staff.bad_role") from None


def _refuse_taken_name(tx: Tx, name: str) -> None:
    if (taken := _active_named(tx, name)) is not None:
        raise InvalidInput("staff.name_taken", name=taken.name)


def _active_named(tx: Tx, name: str, *, but: str | None = None) -> StaffMember | None:
    """The active staff member (other than `but`) called `name`: two active staff of one name could not be told
    apart by the name the CLI and audit trail show them by."""
    return next((s for s in tx.uow.staff.all() if s.active and s.id != but and same_staff_name(s.name, name)), None)


def _refuse_taken_pin(pin: str, hashes: dict[str, str], already_checked: dict[str, str]) -> None:
    for staff_id, stored in hashes.items():
        if already_checked.get(staff_id) != stored and verify_pin(pin, stored):
            raise InvalidInput("staff.pin_taken")


def _minutes(left: timedelta) -> int:
    """Whole minutes to wait, rounded up: "1" for the last few seconds, never "0"."""
    return max(1, math.ceil(left.total_seconds() / 60))


def _approval_lock(value: str | None) -> tuple[int, datetime | None]:
    """(wrong approval PINs in a row, locked until) from the device's kv row "count|iso-time"."""
    if not value:
        return 0, None
    count, _, until = value.partition("|")
    try:
        return int(count or 0), datetime.fromisoformat(until) if until else None
    except ValueError:
        return 0, None
