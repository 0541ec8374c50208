"""Staff members, their PIN hashes and sign-in attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.engine import Connection, Row

from kiosk.domain.staff import Role, StaffMember

from .. import tables as t
from .fast import FastStatement

# read twice with every cashier's sale (still active? the receipt's name): prepared once
_GET = FastStatement(select(t.staff).where(t.staff.c.id == bindparam("staff_id")))


def _staff(row: Row[Any]) -> StaffMember:
    return StaffMember(row.id, row.name, Role(row.role), bool(row.active), row.failed_attempts, row.locked_until)


class SqlStaff:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, staff: StaffMember, pin_hash: str, *, created_at: datetime) -> None:
        self.conn.execute(insert(t.staff).values(id=staff.id, name=staff.name, role=staff.role.value,
                                                 pin_hash=pin_hash, active=staff.active, created_at=created_at))

    def get(self, staff_id: str) -> StaffMember | None:
        row = _GET.first(self.conn, {"staff_id": staff_id})
        return _staff(row) if row else None

    def pin_hash(self, staff_id: str) -> str | None:
        return self.conn.execute(select(t.staff.c.pin_hash).where(t.staff.c.id == staff_id)).scalar()

    def all(self) -> list[StaffMember]:
        order = case((t.staff.c.role == "owner", 0), (t.staff.c.role == "manager", 1), else_=2)
        return [_staff(r) for r in self.conn.execute(select(t.staff).order_by(order, t.staff.c.name))]

    def record_attempt(self, staff_id: str, *, failed_attempts: int, locked_until: datetime | None) -> None:
        self.conn.execute(update(t.staff).where(t.staff.c.id == staff_id)
                          .values(failed_attempts=failed_attempts, locked_until=locked_until))

    def update(self, staff: StaffMember, *, pin_hash: str | None = None) -> None:
        values: dict[str, Any] = dict(name=staff.name, role=staff.role.value, active=staff.active,
                                      failed_attempts=staff.failed_attempts, locked_until=staff.locked_until)
        if pin_hash is not None:
            values["pin_hash"] = pin_hash
        self.conn.execute(update(t.staff).where(t.staff.c.id == staff.id).values(**values))
