"""The parked-sales store on the shop database (SQLAlchemy Core): kiosk.services.parking.ParkedStore."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import OperationalError

from kiosk.adapters.db.tables_counter import parked_sales
from kiosk.adapters.db.uow import storage_error
from kiosk.domain.money import Money
from kiosk.services.parking import ParkedLine, ParkedSale


def _line_json(line: ParkedLine) -> dict[str, Any]:
    return {"name": line.name, "name_th": line.name_th, "sku": line.sku, "unit_minor": line.unit_price.minor,
            "quantity": line.quantity, "options": list(line.options), "options_th": list(line.options_th)}


def _parked(row: Any) -> ParkedSale:
    lines = tuple(ParkedLine(name=ln["name"], name_th=ln.get("name_th", ""), sku=ln.get("sku"),
                             unit_price=Money(int(ln["unit_minor"]), row.currency), quantity=int(ln["quantity"]),
                             options=tuple(ln.get("options", ())), options_th=tuple(ln.get("options_th", ())))
                  for ln in json.loads(row.lines_json))
    return ParkedSale(id=row.id, device_id=row.device_id, parked_at=row.parked_at, staff_id=row.staff_id,
                      member_id=row.member_id, lines=lines, vouchers=tuple(json.loads(row.vouchers_json)),
                      member_name=row.member_name)


class SqlParkedStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, sale: ParkedSale) -> None:
        try:
            with self.engine.begin() as conn:
                p = parked_sales.c
                last = conn.execute(select(func.max(p.seq)).where(p.device_id == sale.device_id)).scalar()
                conn.execute(insert(parked_sales).values(
                    id=sale.id, device_id=sale.device_id, parked_at=sale.parked_at, seq=int(last or 0) + 1,
                    staff_id=sale.staff_id,
                    member_id=sale.member_id, member_name=sale.member_name, currency=sale.total.currency,
                    total_minor=sale.total.minor,
                    item_count=sale.item_count,
                    lines_json=json.dumps([_line_json(ln) for ln in sale.lines], ensure_ascii=False),
                    vouchers_json=json.dumps(list(sale.vouchers))))
        except OperationalError as exc:
            raise storage_error(exc) from exc

    def on_device(self, device_id: str) -> list[ParkedSale]:
        p = parked_sales.c
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            rows = conn.execute(select(parked_sales).where(p.device_id == device_id)
                                .order_by(p.seq)).all()
        return [_parked(row) for row in rows]

    def take(self, parked_id: str, device_id: str) -> ParkedSale | None:
        p = parked_sales.c
        try:
            with self.engine.begin() as conn:
                row = conn.execute(select(parked_sales).where(p.id == parked_id, p.device_id == device_id)).first()
                if row is None:
                    return None
                # two counters' clicks on one parked sale: the delete that removes the row wins, the other gets None
                if conn.execute(delete(parked_sales).where(p.id == parked_id)).rowcount != 1:
                    return None
        except OperationalError as exc:
            raise storage_error(exc) from exc
        return _parked(row)
