"""Printed reward vouchers: issued, redeemed once, and un-redeemed when their sale is refunded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection, Row

from kiosk.services.ports import Voucher

from .. import tables as t
from .fast import FastStatement
from .links import add_link

# read with every member sale (the receipt's 'expiring soon'): prepared once, the used ones left out by the query
_UNUSED = FastStatement(select(t.vouchers).where(t.vouchers.c.member_id == bindparam("member_id"),
                                                 t.vouchers.c.redeemed_at.is_(None))
                        .order_by(t.vouchers.c.created_at))


def voucher_from_row(row: Row[Any]) -> Voucher:
    return Voucher(row.id, row.code, row.member_id, row.reward_id, row.entry_id, row.created_at, row.expires_at,
                   row.redeemed_at, row.redeemed_sale_id)


class SqlVouchers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, voucher: Voucher, *, device_id: str) -> None:
        values = dict(id=voucher.id, code=voucher.code, member_id=voucher.member_id, reward_id=voucher.reward_id,
                      entry_id=voucher.entry_id, created_at=voucher.created_at, expires_at=voucher.expires_at)
        self.conn.execute(insert(t.vouchers).values(**values))
        add_link(self.conn, device_id=device_id, table="vouchers", values=values)

    def by_code(self, code: str) -> Voucher | None:
        row = self.conn.execute(select(t.vouchers).where(t.vouchers.c.code == code)).first()
        return voucher_from_row(row) if row else None

    def get(self, voucher_id: str) -> Voucher | None:
        row = self.conn.execute(select(t.vouchers).where(t.vouchers.c.id == voucher_id)).first()
        return voucher_from_row(row) if row else None

    def mark_redeemed(self, voucher_id: str, *, at: datetime, sale_id: str, device_id: str) -> bool:
        result = self.conn.execute(update(t.vouchers).where(t.vouchers.c.id == voucher_id,
                                                            t.vouchers.c.redeemed_at.is_(None))
                                   .values(redeemed_at=at, redeemed_sale_id=sale_id, redeemed_device=device_id))
        return result.rowcount == 1

    def unredeem(self, sale_id: str) -> int:
        result = self.conn.execute(update(t.vouchers).where(t.vouchers.c.redeemed_sale_id == sale_id)
                                   .values(redeemed_at=None, redeemed_sale_id=None, redeemed_device=None))
        return int(result.rowcount)

    def unredeem_one(self, voucher_id: str, *, sale_id: str) -> int:
        v = t.vouchers
        result = self.conn.execute(update(v).where(v.c.id == voucher_id, v.c.redeemed_sale_id == sale_id)
                                   .values(redeemed_at=None, redeemed_sale_id=None, redeemed_device=None))
        return int(result.rowcount)

    def unused_for_member(self, member_id: str) -> list[Voucher]:
        return [voucher_from_row(r) for r in _UNUSED.rows(self.conn, {"member_id": member_id})]

    def for_member(self, member_id: str) -> list[Voucher]:
        rows = self.conn.execute(select(t.vouchers).where(t.vouchers.c.member_id == member_id)
                                 .order_by(t.vouchers.c.created_at)).all()
        return [voucher_from_row(r) for r in rows]
