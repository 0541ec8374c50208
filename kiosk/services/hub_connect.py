"""Putting this device on a hub from a screen (the manager's Devices page, the first-run wizard): what is asked,
what came of it, and the one-line glance the counter's status line shows (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # kiosk.services.hub imports HubGlance from here
    from kiosk.services.hub import HubReport


@dataclass(frozen=True)
class HubConnection:
    """What the screens ask for: `kiosk hub init` (the shop's first device: it publishes its history) or `kiosk hub
    join` (a new, empty device of an existing shop). `url` is the hub owner's address without a password; the
    owner's password is used for this one call (PGPASSWORD) and kept nowhere."""

    url: str
    first_device: bool
    name: str | None = None
    shop: str | None = None  # which shop to join, when the hub serves a chain of several
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class HubJoined:
    """What `kiosk hub init` / `join` did: the shop, this device's labels, where its password went, the sync."""

    shop_name: str
    labels: dict[str, str]
    password_kept_in: str
    new_hub: bool
    report: HubReport


class ConnectHub(Protocol):
    def __call__(self, request: HubConnection, *,
                 progress: Callable[[int, int], None] | None = None) -> HubJoined: ...


@dataclass(frozen=True)
class HubGlance:
    """This device and the hub at a glance, cheap enough for a status line read every few seconds."""

    configured: bool
    online: bool | None = None  # None: no round has finished since the app started
    last_contact: datetime | None = None
    pending: int = 0  # items still to send
    pending_sales: int = 0  # of which sales
    refused: bool = False  # the hub refused this device's next item, or the device itself


__all__ = ["ConnectHub", "HubConnection", "HubGlance", "HubJoined"]
