"""Personal offers shown to members and used by them (table member_offers, migration 0018)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Row

from kiosk.services.ports.offers import MemberOffer

from .. import tables as t


def _offer(row: Row[tuple[object, ...]]) -> MemberOffer:
    return MemberOffer(row.offer_id, row.member_id, row.shown_at, row.expires_at, row.used_at, row.sale_id)


class SqlOffers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def for_member(self, member_id: str) -> dict[str, MemberOffer]:
        rows = self.conn.execute(select(t.member_offers).where(t.member_offers.c.member_id == member_id)).all()
        return {r.offer_id: _offer(r) for r in rows}

    def shown(self, *, offer_id: str, member_id: str, at: datetime, expires_at: datetime, device_id: str) -> bool:
        o = t.member_offers
        if self.conn.execute(select(o.c.offer_id).where(o.c.offer_id == offer_id, o.c.member_id == member_id)).first():
            return False
        self.conn.execute(insert(o).values(offer_id=offer_id, member_id=member_id, shown_at=at, expires_at=expires_at,
                                           device_id=device_id))
        return True

    def use(self, *, offer_id: str, member_id: str, at: datetime, sale_id: str) -> bool:
        o = t.member_offers
        done = self.conn.execute(update(o).where(o.c.offer_id == offer_id, o.c.member_id == member_id,
                                                 o.c.used_at.is_(None), o.c.expires_at > at)
                                 .values(used_at=at, sale_id=sale_id))
        return bool(done.rowcount)

    def used_on(self, sale_id: str) -> list[MemberOffer]:
        o = t.member_offers
        return [_offer(r) for r in self.conn.execute(select(o).where(o.c.sale_id == sale_id,
                                                                     o.c.used_at.is_not(None))).all()]

    def give_back(self, *, offer_id: str, member_id: str, sale_id: str, at: datetime) -> bool:
        o = t.member_offers
        done = self.conn.execute(update(o).where(o.c.offer_id == offer_id, o.c.member_id == member_id,
                                                 o.c.sale_id == sale_id, o.c.expires_at > at)
                                 .values(used_at=None, sale_id=None))
        return bool(done.rowcount)

    def move_use(self, *, offer_id: str, member_id: str, from_sale: str, to_sale: str) -> None:
        o = t.member_offers
        self.conn.execute(update(o).where(o.c.offer_id == offer_id, o.c.member_id == member_id,
                                          o.c.sale_id == from_sale).values(sale_id=to_sale))

    def all(self) -> list[MemberOffer]:
        return [_offer(r) for r in self.conn.execute(select(t.member_offers)).all()]
