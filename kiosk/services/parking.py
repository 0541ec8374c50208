"""Parked sales: a basket set aside at the counter while the next customer is served, recalled later.

A parked sale is not a sale: nothing is written to the ledger, no receipt number is taken and no stamp or point
is earned until it is recalled and paid through checkout like any other basket. It is kept in the database, so
a restart of the counter loses none."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.domain.errors import Conflict, InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine, validate_cart
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock
from kiosk.services.usecase import LiveContext, live

MAX_PARKED = 20  # per counter: more is a queue nobody will recall


@dataclass(frozen=True)
class ParkedLine:
    """A basket line as the counter shows it, in both languages, with its options; `unit_price` includes them."""

    name: str
    unit_price: Money
    quantity: int = 1
    sku: str | None = None
    name_th: str = ""
    options: tuple[str, ...] = ()
    options_th: tuple[str, ...] = ()

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class ParkedSale:
    id: str
    device_id: str
    parked_at: datetime
    staff_id: str | None
    member_id: str | None
    lines: tuple[ParkedLine, ...]
    vouchers: tuple[str, ...] = ()
    member_name: str | None = None  # as the counter showed it (masked)

    @property
    def total(self) -> Money:
        total = Money.zero(self.lines[0].unit_price.currency)
        for line in self.lines:
            total = total + line.total
        return total

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


class ParkedStore(Protocol):
    def add(self, sale: ParkedSale) -> None: ...
    def on_device(self, device_id: str) -> list[ParkedSale]:
        """This counter's parked sales, oldest first."""
        ...

    def take(self, parked_id: str, device_id: str) -> ParkedSale | None:
        """Remove the parked sale and return it; None when it is not (or no longer) parked on this counter."""
        ...


class ParkingService:
    def __init__(self, store: ParkedStore, clock: Clock, ctx: ShopContext | LiveContext) -> None:
        self.store = store
        self.clock = clock
        self.live = live(ctx)

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def park(self, *, lines: tuple[ParkedLine, ...], member_id: str | None = None, member_name: str | None = None,
             vouchers: tuple[str, ...] = (), staff_id: str | None = None) -> ParkedSale:
        """Set this basket aside; bad lines are refused as checkout would refuse them, and nothing is stored."""
        if not lines:
            raise InvalidInput("parking.park_empty")
        validate_cart(tuple(CartLine(ln.name, ln.unit_price, ln.quantity, ln.sku, ln.options) for ln in lines),
                      self.ctx.currency)
        device = self.ctx.device_id
        if len(self.store.on_device(device)) >= MAX_PARKED:
            raise Conflict("parking.too_many_parked", max=MAX_PARKED, limit=MAX_PARKED)
        sale = ParkedSale(id=uuid.uuid4().hex, device_id=device, parked_at=self.clock.now(), staff_id=staff_id,
                          member_id=member_id, member_name=(member_name or "")[:120] or None, lines=tuple(lines),
                          vouchers=tuple(vouchers))
        self.store.add(sale)
        return sale

    def parked(self) -> list[ParkedSale]:
        return self.store.on_device(self.ctx.device_id)

    def recall(self, parked_id: str) -> ParkedSale:
        """Take a parked sale back (it leaves the list); a second recall of the same one is refused."""
        sale = self.store.take(parked_id, self.ctx.device_id)
        if sale is None:
            raise Conflict("parking.parked_gone")
        return sale
