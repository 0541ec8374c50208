"""Sales and their refunds, and the receipt-number counters."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection, Row

from kiosk.domain.commands import RefundLine
from kiosk.domain.ledger import Flag
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine, Discount, DiscountKind
from kiosk.services.ports import RefundRecord, SaleRecord
from kiosk.services.ports.sales import COUNTED_STATUSES

from .. import tables as t
from ..tables_hub import hub_devices
from .common import fast_upsert
from .fast import FastStatement, bound_list
from .links import add_link


def sale_from_row(row: Row[Any]) -> SaleRecord:
    return SaleRecord(row.id, row.receipt_no, row.device_id, row.created_at, row.business_date, row.member_id,
                      row.staff_id, row.currency, row.subtotal_minor, row.discount_minor, row.credit_paid_minor,
                      row.total_minor, row.payment_method, _lines(row.lines_json, row.currency), row.status,
                      tuple(Flag(f) for f in row.flags.split(",") if f),
                      _discounts(row.discounts_json, row.currency), int(row.refunded_minor))


# JSON as a sale row keeps it: no spaces after separators (issue 15: ~20 bytes a sale). Rows written before keep
# theirs; every reader parses the text, and a row's digest covers the text as written.
def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sale_values(sale: SaleRecord) -> dict[str, Any]:
    """The row as stored: lines and discounts as JSON, flags joined by commas (what reports query with LIKE)."""
    values = {f.name: getattr(sale, f.name) for f in fields(sale)}
    values["lines_json"] = _json([_line_json(ln) for ln in values.pop("lines")])
    values["discounts_json"] = _json([_discount_json(d) for d in values.pop("discounts")])
    values["flags"] = ",".join(f.value for f in sale.flags)
    return values


def _discount_json(discount: Discount) -> dict[str, Any]:
    # "line" only on a free item's (the basket line it made free): money off is stored exactly as before
    out: dict[str, Any] = {"kind": discount.kind.value, "label": discount.label, "minor": discount.amount.minor,
                           "points": discount.points_cost, "ref": discount.ref}
    if discount.line is not None:
        out["line"] = discount.line
    return out


def _line_json(line: CartLine) -> dict[str, Any]:
    # "options" only on a line that has some: a plain line is stored (and digested) exactly as before modifiers
    out: dict[str, Any] = {"sku": line.sku, "name": line.name, "unit_minor": line.unit_price.minor,
                           "quantity": line.quantity}
    if line.options:
        out["options"] = list(line.options)
    return out


def _lines(text: str, currency: str) -> tuple[CartLine, ...]:
    return tuple(CartLine(ln["name"], Money(ln["unit_minor"], currency), ln["quantity"], ln.get("sku"),
                          tuple(str(o) for o in ln.get("options", ())))
                 for ln in json.loads(text))


def _discounts(text: str, currency: str) -> tuple[Discount, ...]:
    return tuple(Discount(DiscountKind(d["kind"]), d["label"], Money(d["minor"], currency), d.get("points", 0),
                          d.get("ref"), d.get("line")) for d in json.loads(text))


def _refund(row: Row[Any]) -> RefundRecord:
    lines = tuple(RefundLine(ln["index"], ln["quantity"]) for ln in json.loads(row.lines_json or "[]"))
    return RefundRecord(row.id, row.sale_id, row.receipt_no, row.device_id, row.created_at, row.business_date,
                        row.staff_id, row.approved_by, row.amount_minor, row.currency, row.kind, row.reason, lines)


_INSERT_SALE = FastStatement(insert(t.sales))
_QUALIFYING = {
    metric: FastStatement(select(value).where(t.sales.c.member_id == bindparam("member_id"),
                                              t.sales.c.created_at >= bindparam("since"),
                                              t.sales.c.status.in_(bound_list(COUNTED_STATUSES))))
    for metric, value in (
        ("visits", func.count()),
        ("spend", func.coalesce(func.sum(t.sales.c.total_minor - t.sales.c.refunded_minor
                                         + t.sales.c.credit_paid_minor), 0)))}


class SqlSales:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, sale: SaleRecord) -> None:
        values = _sale_values(sale)
        _INSERT_SALE.execute(self.conn, values)
        add_link(self.conn, device_id=sale.device_id, table="sales", values=values)

    def get(self, sale_id: str) -> SaleRecord | None:
        row = self.conn.execute(select(t.sales).where(t.sales.c.id == sale_id)).first()
        return sale_from_row(row) if row else None

    def by_receipt(self, receipt_no: str) -> SaleRecord | None:
        row = _nearest(self.conn, t.sales, receipt_no)
        return sale_from_row(row) if row else None

    def record_refunded(self, sale_id: str, *, status: str, refunded_minor: int, was_refunded_minor: int) -> bool:
        s = t.sales
        done = self.conn.execute(update(s).where(s.c.id == sale_id, s.c.refunded_minor == was_refunded_minor)
                                 .values(status=status, refunded_minor=refunded_minor))
        return done.rowcount == 1

    def add_refund(self, refund: RefundRecord) -> None:
        values = {f.name: getattr(refund, f.name) for f in fields(refund)}
        values["lines_json"] = _json([{"index": ln.index, "quantity": ln.quantity} for ln in values.pop("lines")])
        self.conn.execute(insert(t.refunds).values(**values))
        add_link(self.conn, device_id=refund.device_id, table="refunds", values=values)

    def refunds_for(self, sale_id: str) -> list[RefundRecord]:
        r = t.refunds
        rows = self.conn.execute(select(r).where(r.c.sale_id == sale_id).order_by(r.c.created_at, r.c.id)).all()
        return [_refund(row) for row in rows]

    def refund_by_receipt(self, receipt_no: str) -> RefundRecord | None:
        row = _nearest(self.conn, t.refunds, receipt_no)
        return _refund(row) if row else None

    def recent_for_member(self, member_id: str, *, limit: int = 5) -> list[SaleRecord]:
        rows = self.conn.execute(select(t.sales).where(t.sales.c.member_id == member_id)
                                 .order_by(t.sales.c.created_at.desc()).limit(limit)).all()
        return [sale_from_row(r) for r in rows]

    def for_member_between(self, member_id: str, start: date, end: date) -> list[SaleRecord]:
        s = t.sales
        rows = self.conn.execute(select(s).where(s.c.member_id == member_id, s.c.business_date >= start,
                                                 s.c.business_date <= end, s.c.status.in_(COUNTED_STATUSES))
                                 .order_by(s.c.created_at)).all()
        return [sale_from_row(r) for r in rows]

    def qualifying(self, member_id: str, *, metric: str, since: datetime) -> int:
        statement = _QUALIFYING["visits" if metric == "visits" else "spend"]
        return int(statement.scalar(self.conn, {"member_id": member_id, "since": since}))

    def next_number(self, counter: str) -> int:
        # one statement: the upsert answers with the value it left (RETURNING, SQLite 3.35+ and PostgreSQL)
        stmt = fast_upsert(self.conn, "counter.next", t.counters, ["name"],
                           lambda _: {"value": t.counters.c.value + 1}, returning=t.counters.c.value)
        return int(stmt.scalar(self.conn, {"name": counter, "value": 1}))

    def last_receipt(self, device_id: str) -> SaleRecord | None:
        row = self.conn.execute(select(t.sales).where(t.sales.c.device_id == device_id)
                                .order_by(t.sales.c.created_at.desc()).limit(1)).first()
        return sale_from_row(row) if row else None

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.sales)).scalar_one())


def _nearest(conn: Connection, table: Table, receipt_no: str) -> Row[Any] | None:
    """The receipt with this number: one almost always; in a chain whose shops each brought their own history,
    this device's first, then its shop's, then the newest."""
    rows = conn.execute(select(table).where(t.receipt_where(table, receipt_no))).all()
    if len(rows) <= 1:
        return rows[0] if rows else None
    raw = conn.execute(select(t.kv.c.value).where(t.kv.c.key == "hub:install")).scalar()
    mine = json.loads(raw) if raw else {}
    shop_devices = set(conn.execute(select(hub_devices.c.device_id)
                                    .where(hub_devices.c.shop_id == mine.get("shop_id"))).scalars())

    def rank(row: Row[Any]) -> tuple[int, int, Any]:
        own = str(row.device_id).startswith(f"{mine.get('install_id')}-")
        return (0 if own else 1, 0 if row.device_id in shop_devices else 1, -row.created_at.timestamp())

    return min(rows, key=rank)
