"""Ports of the hub sync (issue 14): the hub itself (PostgreSQL, reached as this device's own role) and this
device's side of it (its journal, cursors and directory, in the shop database). Values that cross them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Protocol

from kiosk.domain.ledger import Entry
from kiosk.domain.text import Phrase
from kiosk.services.ports.uow import OutboxRow


@dataclass(frozen=True)
class HubItem:
    """One item of a device's stream: what the hub checks and keeps. `body` is the text its hashes cover."""

    seq: int
    kind: str  # entry | audit | record | row
    device_id: str | None
    table: str
    ref_id: str
    inner_hash: str
    prev_hash: str
    hash: str
    body: str

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "device": self.device_id, "table": self.table, "id": self.ref_id,
                "inner": self.inner_hash, "prev": self.prev_hash, "hash": self.hash, "body": self.body}


@dataclass(frozen=True)
class PulledItem:
    """Another device's accepted item, numbered by the hub (`hub_seq`: the order every device applies in)."""

    hub_seq: int
    install_id: str
    kind: str
    device_id: str | None
    table: str
    ref_id: str
    body: str


@dataclass(frozen=True)
class PushResult:
    accepted: int
    duplicates: int = 0  # already accepted earlier (a push repeated after a kill): acknowledged again
    refused_seq: int | None = None
    # why the hub refused item `refused_seq`: a catalogue phrase (hub.refused.*), or an older hub's own words
    refused_reason: Phrase | str | None = None


@dataclass(frozen=True)
class DeviceInfo:
    """A device of the shop or chain as the hub lists it."""

    device_id: str
    install_id: str
    shop_id: str
    shop_name: str
    label: str
    role: str  # counter | kiosk
    name: str
    revoked: bool
    last_contact: datetime | None
    pending: int  # items it had still to send when it last called
    accepted: int  # items of its stream the hub holds

    @property
    def title(self) -> str:
        """How a person is told which device: "Till 2 (C2)"."""
        return f"{self.name} ({self.label})"


@dataclass(frozen=True)
class Refusal:
    install_id: str
    seq: int | None
    at: datetime
    reason: Phrase | str  # a catalogue phrase (hub.refused.*), or the words an older hub kept


class _HubProblem(Exception):
    """`said` is what a person reads: a catalogue phrase (kiosk/l10n/hub.py: the hub's reasons are codes too), or
    the words a hub older than this app gave, as it wrote them."""

    def __init__(self, said: Phrase | str) -> None:
        self.said = said
        super().__init__(said)

    def __str__(self) -> str:  # for the log: the code and its values, or the hub's words
        said = self.said
        if isinstance(said, Phrase):
            return f"{said.code} {dict(said.params)}" if said.params else said.code
        return said


class HubUnreachable(_HubProblem):
    """The hub did not answer (network, server down, TLS): the device goes on offline and tries again."""


class HubRefused(_HubProblem):
    """The hub answered no: this device is unknown, revoked, or its role may not act for it."""


class HubRemote(Protocol):
    """The hub as one device sees it: every call is one short transaction on the hub's functions."""

    def push(self, items: Sequence[HubItem], *, pending: int) -> PushResult: ...
    def pull(self, after: int, limit: int) -> list[PulledItem]: ...
    def backlog(self, after: int) -> tuple[int, int]:
        """(the hub's last number, how many items from other devices wait after `after`)."""
        ...

    def directory(self) -> list[DeviceInfo]: ...
    def refusals(self, limit: int = 20) -> list[Refusal]: ...
    def lease(self, name: str, *, ttl_seconds: int, release: bool = False) -> str | None:
        """Take or renew the lease `name` for this device; returns who holds it now."""
        ...

    def revoke(self, target: str) -> str | None: ...
    def listen(self, on_push: Callable[[], None], stop: threading.Event) -> None:
        """Call `on_push` each time another device's push reaches the hub, until `stop` is set."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class ApplyResult:
    applied: int
    last_seq: int
    settings: str | None = None  # the newest settings another device of this shop sent, as a JSON text
    skipped_pending: int = 0  # rows left as they are: this device changed them too and sends its own next


@dataclass(frozen=True)
class JournalState:
    install_id: str | None  # None: this database has not been joined to a hub
    journal_seq: int  # the last item journalled
    acked_seq: int  # the last item the hub accepted
    pulled_seq: int  # the hub's number of the last item applied here
    last_contact: datetime | None
    refused: str | None  # why the hub refused the next item, until it accepts one
    shop_id: str | None = None
    shop_name: str | None = None
    unjournalled: int = 0  # written here and not yet in the journal (the next sync adds them)

    @property
    def pending(self) -> int:
        return self.journal_seq - self.acked_seq + self.unjournalled


@dataclass(frozen=True)
class HubConflict:
    """Something a union of the devices' ledgers cannot settle by itself, for the manager to see and resolve."""

    kind: str  # overdraft | voucher_twice | refund_twice | offer_twice | challenge_twice | expiry_beyond |
    # duplicate_phone
    key: str  # stable on every device: the same conflict has the same key everywhere
    member_ids: tuple[str, ...] = ()
    member_names: tuple[str, ...] = ()
    unit: str | None = None
    amount: int = 0  # how far below zero (overdraft), how many extra redemptions (voucher) or uses (offer), the
    # points given over (challenge: the later bonuses a write-off takes back)
    receipts: tuple[str, ...] = ()  # the sales involved, one per device at least
    devices: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)


class HubStore(Protocol):
    """This device's side of the hub, in the shop database. Each call is one transaction."""

    def state(self) -> JournalState: ...
    def joined(self, *, install_id: str, shop_id: str, shop_name: str, url: str,
               taking_history: bool = False) -> None:
        """This database is now the installation `install_id` of the shop; `taking_history`: it joined empty and
        holds the shop's history only once a round has taken all of it (contacted() says so)."""
        ...
    def pending_sales(self, install_id: str) -> int:
        """This installation's sales the hub has not accepted yet."""
        ...

    def hub_url(self) -> str | None: ...
    def track_changes(self, *, backfill: bool) -> None:
        """Install the triggers that note changed rows (and note every existing row once, on a first join)."""
        ...

    def is_fresh(self) -> bool:
        """No members, sales or ledger entries yet: the device may join a shop and take its history."""
        ...

    def build_journal(self, install_id: str, settings: tuple[str, str] | None) -> int:
        """Journal what this installation wrote since the last build; returns how many items were added."""
        ...

    def outgoing(self, after: int, limit: int) -> list[HubItem]: ...
    def acknowledge(self, seq: int, *, refused: str | None) -> None: ...
    def apply(self, items: Sequence[PulledItem], *, shop_id: str | None,
              outbox: Callable[[Entry], list[OutboxRow]] | None,
              member_outbox: Callable[[str, bool], list[OutboxRow]] | None = None) -> ApplyResult:
        """Apply in order with the cursor, in one transaction. `outbox` and `member_outbox` (on the device that
        sends the shop's Stripe updates) say what Stripe needs to hear of an entry or a changed member."""
        ...

    def contacted(self, at: datetime) -> None:
        """A round went through, its pull to the end: its moment, and the shop's history is all here."""
        ...
    def replace_directory(self, devices: Sequence[DeviceInfo]) -> None: ...
    def directory(self) -> list[DeviceInfo]: ...
    def conflicts(self, tz: tzinfo) -> list[HubConflict]:
        """`tz`: the shop's time zone, whose business day a lot is good through (an expiry beyond the lots)."""
        ...
    def hand_over_outbox(self) -> int:
        """Another device sends this shop's Stripe updates: this one's pending rows are left to it."""
        ...
