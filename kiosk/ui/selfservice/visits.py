"""One customer at a time: the kiosk's visits, and whether the printer can give them paper."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from kiosk.domain.errors import KioskError
from kiosk.services.app import Services

log = logging.getLogger(__name__)

T = TypeVar("T")


class Visits:
    """A number for each customer at the kiosk: Back, Done and the idle time-out start the next visit, and an
    answer that arrives for an earlier one (a slow database, a printer check) is dropped, so it never opens an
    account, or goes on with a voucher, over the next person's screen. `closed` says the window has shut."""

    def __init__(self, closed: Callable[[], bool]) -> None:
        self._number = 0
        self._closed = closed

    def next(self) -> None:
        """The customer left: what was asked for them is no longer theirs to see."""
        self._number += 1

    def deliver(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """`callback` for an answer to this visit's customer, dropped if it comes after they left."""
        visit = self._number

        def deliver(value: T) -> None:
            if visit == self._number and not self._closed():
                callback(value)
            else:
                log.info("kiosk: an answer for a customer who has left was dropped")

        return deliver

    def still_here(self) -> Callable[[], bool]:
        """For the database worker, as it begins a write queued behind slower work: whether the customer who asked
        is still at the kiosk: a voucher or a membership nobody is there to take is not made. (A write the worker has
        begun finishes; only its answer is dropped.)"""
        visit = self._number
        return lambda: visit == self._number and not self._closed()


def printer_ready(app: Services) -> bool:
    """True when the receipt printer says it can print now (runs on an I/O thread: it talks to the device)."""
    try:
        status = app.printing().status()
    except KioskError as error:
        log.info("no printer for the kiosk: %s", error.code)
        return False
    except Exception:  # noqa: BLE001 - a driver problem means "print nothing", never a crash at the kiosk
        log.exception("printer status check failed")
        return False
    return bool(status.ready and status.online is not False)
