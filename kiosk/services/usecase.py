"""The envelope every use case runs in: one transaction, one moment, one version of the shop's settings."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from kiosk.domain.errors import PermissionDenied
from kiosk.services.common import idempotent
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock, UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


class LiveContext:
    """The shop's settings as they are now.

    The manager's settings screen replaces them while the counter runs. A use case reads `current` once, when
    it begins, and works with that object to its end, so a sale is priced, written and printed under one set
    of rules even when a reload lands half way through it.
    """

    def __init__(self, ctx: ShopContext) -> None:
        self._current = ctx
        self._lock = threading.Lock()

    @property
    def current(self) -> ShopContext:
        return self._current

    def replace(self, ctx: ShopContext) -> None:
        with self._lock:
            self._current = ctx


def live(ctx: ShopContext | LiveContext) -> LiveContext:
    """Services take either: a test hands a fixed context, the composition root a live one."""
    return ctx if isinstance(ctx, LiveContext) else LiveContext(ctx)


@dataclass(frozen=True)
class Tx:
    """One use case's world: its unit of work, the settings it began with and the moment it happens at."""

    uow: UnitOfWork
    ctx: ShopContext
    now: datetime


def require_active_staff(tx: Tx, staff_id: str | None) -> None:
    """Refuses the work of a staff member who has been disabled (at this till, on the CLI, or on another device and
    brought here by the hub) while still signed in somewhere: checked in the write itself, so a session opened
    before cannot go on."""
    staff = tx.uow.staff.get(staff_id) if staff_id else None
    if staff is not None and not staff.active:
        raise PermissionDenied("staff.disabled", name=staff.name, staff_id=staff.id)


class UseCases:
    """Base of the services that read and write through a unit of work.

    `command` owns the lines every write repeated: take the time and the settings, open the unit of work,
    apply the command once per id (a repeat returns the first result), commit. Anything not committed rolls
    back when the block is left, whatever raised.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.live = live(ctx)

    @property
    def ctx(self) -> ShopContext:
        """The settings now: for reading outside a use case (a use case uses its Tx's)."""
        return self.live.current

    def command(self, *, command_id: str, kind: str, command: object, result_type: type[T],
                run: Callable[[Tx], T], remember: Callable[[T], str] | None = None,
                recall: Callable[[Tx, str], T] | None = None) -> T:
        """Run `run` once per `command_id` and commit; a repeat of the id returns the first result.

        A command in a disabled staff member's name (its `staff_id` or `approved_by`) is refused: they may still be
        signed in at a counter, or named on the CLI. A repeat of one applied before they left returns its result.

        `remember`/`recall`: what the command log keeps of the result, and the result again from it (see
        idempotent); by default the whole result."""
        ctx, now = self.live.current, self.clock.now()
        with self.uow_factory() as uow:
            tx = Tx(uow, ctx, now)

            def first() -> T:
                for field in ("staff_id", "approved_by"):
                    staff_id = getattr(command, field, None)
                    require_active_staff(tx, staff_id if isinstance(staff_id, str) else None)
                return run(tx)

            result = idempotent(uow, command_id=command_id, kind=kind, command=command, result_type=result_type,
                                at=now, run=first, remember=remember,
                                recall=(lambda text: recall(tx, text)) if recall is not None else None)
            uow.commit()
            return result

    def write(self, run: Callable[[Tx], T]) -> T:
        """A write that is not a customer's command (a sign-in attempt, a key rotation): run and commit."""
        ctx, now = self.live.current, self.clock.now()
        with self.uow_factory() as uow:
            result = run(Tx(uow, ctx, now))
            uow.commit()
            return result

    def read(self, run: Callable[[Tx], T]) -> T:
        """A read-only unit of work: nothing it does can be committed."""
        ctx, now = self.live.current, self.clock.now()
        with self.uow_factory(readonly=True) as uow:
            return run(Tx(uow, ctx, now))
