"""Several devices, one ledger: the background sync with the shop's hub, what it reports, and what a manager
does about the conflicts a union of ledgers cannot settle (issue 14).

Each device keeps selling on its own database; this worker, off the sale's path, does a round every few
seconds: journal what this device wrote, push it from the hub's last acknowledgement, take or renew the shop's
Stripe lease, pull everyone else's items after its own cursor and apply them, and refresh the device
directory. Each step commits on its own and resumes where the last one stopped, so a kill at any point loses
nothing and repeats nothing. Balances are derived from entries, so devices that hold the same entries agree.

Conflicts are read from the ledger, the same on every device: a member below zero after spends on two
devices, a voucher redeemed twice, one phone on two members. The manager writes the first two off (or leaves
an overdraft to be settled by what the member earns next) and merges the third; each fix is a ledger entry
that travels like any other (kiosk.services.hub_settle, which HubService takes in).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from kiosk.domain.errors import Conflict, InvalidInput, NotFound, StorageError
from kiosk.domain.events import Message
from kiosk.domain.ids import new_id
from kiosk.domain.ledger import (
    Entry,
)
from kiosk.domain.members import name_search_key
from kiosk.domain.serialization import from_stored, stored
from kiosk.domain.text import Phrase
from kiosk.services.common import EntryWriter, history_incomplete, outbox_rows, require_manager
from kiosk.services.expiry import STANDALONE, ExpiryDuty
from kiosk.services.hub_connect import HubGlance
from kiosk.services.hub_settle import WRITE_OFF_KINDS, ConflictSettlement, MergeResult, WriteOffResult
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.hub import (
    DeviceInfo,
    HubConflict,
    HubRefused,
    HubRemote,
    HubStore,
    HubUnreachable,
    JournalState,
    Refusal,
)
from kiosk.services.ports.uow import OutboxRow, UnitOfWorkFactory
from kiosk.services.stamp_cards import complete_met_cards
from kiosk.services.usecase import LiveContext, Tx

log = logging.getLogger(__name__)

PUSH_BATCH = 500
PULL_BATCH = 2000
STRIPE_LEASE_SECONDS = 600


@dataclass
class HubReport:
    """One round: what moved, and why it stopped if it did."""

    configured: bool = True
    online: bool | None = None
    journalled: int = 0
    pushed: int = 0
    pulled: int = 0
    # the hub refused an item of this device's stream (or the device itself): a catalogue phrase, or an older
    # hub's own words as text
    refused: Phrase | str | None = None
    error: Phrase | str | None = None  # why the hub could not be reached (a catalogue phrase)
    stripe_holder: str | None = None
    settings_changed: bool = False
    device_refused: bool = False  # the hub refused this device itself (retired, its login), not one of its items


@dataclass(frozen=True)
class HubStatus:
    configured: bool
    install_id: str | None = None
    shop_id: str | None = None
    shop_name: str | None = None
    url: str | None = None
    online: bool | None = None
    last_contact: datetime | None = None
    pending: int = 0
    pulled_seq: int = 0
    refused: Phrase | str | None = None  # a catalogue phrase, or an older hub's own words as text
    error: Phrase | str | None = None
    stripe_holder: str | None = None  # the device label that sends the shop's Stripe updates
    expiry_writer: str | None = None  # the device that writes expiry for the hub ("Counter 1 (C1)"), as heard
    devices: tuple[DeviceInfo, ...] = ()
    conflicts: tuple[HubConflict, ...] = ()
    refusals: tuple[Refusal, ...] = field(default_factory=tuple)


class HubService(ConflictSettlement):
    """See the module docstring. `remote` builds the connection to the hub (None: no hub set up here)."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: LiveContext, store: HubStore,
                 remote: Callable[[], HubRemote] | None, interval_seconds: float = 5.0,
                 stripe: bool = False, settings_snapshot: Callable[[], str | None] | None = None,
                 apply_settings: Callable[[str], None] | None = None) -> None:
        super().__init__(uow_factory, clock, ctx)
        self.store = store
        self._remote_factory = remote
        self._remote: HubRemote | None = None
        self.interval_seconds = interval_seconds
        self.stripe = stripe
        self.settings_snapshot = settings_snapshot
        self.apply_settings = apply_settings
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._holder: str | None = None  # the install holding the Stripe lease, as last heard
        self._online: bool | None = None
        self._error: Phrase | str | None = None
        self._state_cache: JournalState | None = None

    # ------------------------------------------------------------------ set-up
    @property
    def configured(self) -> bool:
        return self._remote_factory is not None and self.store.state().install_id is not None

    def remote(self) -> HubRemote:
        if self._remote_factory is None:
            raise InvalidInput("hub.not_joined")
        if self._remote is None:
            self._remote = self._remote_factory()
        return self._remote

    def close(self) -> None:
        if self._remote is not None:
            self._remote.close()
            self._remote = None

    def attach(self, remote: Callable[[], HubRemote]) -> None:
        """This device was put on a hub while the app runs (the manager's Devices page): sync with it from now."""
        self.close()
        self._remote_factory = remote
        self._online, self._error, self._holder = None, None, None

    @property
    def taking_history(self) -> bool:
        """Joined a shop and not yet taken all its history (the join was cut short): balances may be incomplete.
        The flag a member's balance and spending read (history_incomplete), read the same way."""
        return self._remote_factory is not None and self.read(lambda tx: history_incomplete(tx.uow, tx.ctx))

    def glance(self) -> HubGlance:
        """What the counter's status line shows: cheap (no directory, no conflicts), read every few seconds."""
        if self._remote_factory is None:
            return HubGlance(configured=False)
        state = self.store.state()
        if state.install_id is None:
            return HubGlance(configured=False)
        return HubGlance(configured=True, online=self._online, last_contact=state.last_contact,
                         pending=state.pending, pending_sales=self.store.pending_sales(state.install_id),
                         refused=bool(state.refused) or (self._online is True and self._error is not None))

    # ------------------------------------------------------------------ Stripe runs in one place per shop
    def stripe_elsewhere(self) -> Message | None:
        """Why this device's Stripe worker must not run now (another device holds the shop's lease), or None."""
        if self._remote_factory is None:
            return None
        if self._holder is None:
            return Message("sync.elsewhere.waiting_for_hub")
        state = self.store.state()
        if self._holder == state.install_id:
            return None
        return Message("sync.elsewhere.sent_by", {"device": self._device_name(self._holder)})

    def _device_name(self, install_id: str) -> str:
        for device in self.store.directory():
            if device.install_id == install_id:
                return device.title
        return install_id

    # ------------------------------------------------------------------ expiry is written in one place per hub
    def expiry_duty(self) -> ExpiryDuty:
        """Whether this device writes the expiry entries (kiosk.services.expiry). A shop with no hub does; on a
        hub only the device `expiry_writer` picks from the device list this device last heard does, and a device
        that has not heard it yet does not (better a day late than the same lots written off twice)."""
        install = self.store.state().install_id
        return STANDALONE if install is None else expiry_duty_of(install, self.store.directory())

    # ------------------------------------------------------------------ one round
    def sync_once(self, *, progress: Callable[[int, int], None] | None = None) -> HubReport:
        """Journal, push, lease, pull, directory. Safe to run at any time, from any thread, killed anywhere."""
        if self._remote_factory is None:
            return HubReport(configured=False)
        state = self.store.state()
        if state.install_id is None:
            return HubReport(configured=False)
        with self._lock:
            report = HubReport()
            try:
                remote = self.remote()
                snapshot = self.settings_snapshot() if self.settings_snapshot else None
                shared = (state.shop_id, snapshot) if snapshot is not None and state.shop_id else None
                report.journalled = self.store.build_journal(state.install_id, shared)
                self._push(remote, report)
                # The lease before the pull: the device that sends the shop's Stripe updates makes them for
                # what it pulls, so it must know it is that device before it applies anything.
                self._lease(remote, state, report)
                mark = self.read(lambda tx: tx.uow.ledger.mark())  # where what the pull brings begins
                self._pull(remote, report, state, progress)
                self.store.replace_directory(remote.directory())
                written = self._undo_settled_twice(state, since=mark)
                if report.pulled:
                    written += self._complete_met_cards(state, since=mark)
                if written:  # the others show these cards completed already, or hold the settling undone: tell them
                    self._push(remote, report)
                self.store.contacted(self.clock.now())
                report.online = True
            except HubUnreachable as exc:
                report.online = False
                report.error = exc.said
            except HubRefused as exc:
                report.online = True
                report.refused = exc.said
                report.device_refused = True
                self.store.acknowledge(0, refused=stored(exc.said))
            self._online, self._error = report.online, report.error or report.refused
            if report.error:
                log.info("hub sync: %s", report.error)
            return report

    def _push(self, remote: HubRemote, report: HubReport) -> None:
        state = self.store.state()
        acked = state.acked_seq
        while True:
            items = self.store.outgoing(acked, PUSH_BATCH)
            if not items:
                self.store.acknowledge(acked, refused=None)
                return
            result = remote.push(items, pending=state.journal_seq - acked)
            done = result.accepted + result.duplicates
            if done:
                acked = items[done - 1].seq
                report.pushed += result.accepted
            if result.refused_reason is not None:
                report.refused = result.refused_reason
                self.store.acknowledge(acked, refused=stored(result.refused_reason))
                return
            self.store.acknowledge(acked, refused=None)

    def _pull(self, remote: HubRemote, report: HubReport, state: JournalState,
              progress: Callable[[int, int], None] | None) -> None:
        cursor = self.store.state().pulled_seq
        total = 0
        if progress is not None:
            _, total = remote.backlog(cursor)
            progress(0, total)
        holder = self._holder == state.install_id and self.stripe
        currency = self.ctx.currency
        entry_rows: Callable[[Entry], list[OutboxRow]] | None = (
            (lambda entry: outbox_rows(entry, currency)) if holder else None)
        member_rows = member_outbox if holder else None
        while True:
            items = remote.pull(cursor, PULL_BATCH)
            if not items:
                return
            result = self.store.apply(items, shop_id=state.shop_id, outbox=entry_rows, member_outbox=member_rows)
            cursor = result.last_seq
            report.pulled += result.applied
            if result.settings is not None and self.apply_settings is not None:
                self.apply_settings(result.settings)
                report.settings_changed = True
            if progress is not None:
                progress(report.pulled, max(total, report.pulled))
            if len(items) < PULL_BATCH:
                return

    def _complete_met_cards(self, state: JournalState, *, since: int) -> int:
        """Stamps given on tills apart met in what was just pulled: cards holding their size or more are
        completed, by the one installation that completes for each member (kiosk.services.stamp_cards), and
        journalled for the hub. Returns how many."""
        if not self.ctx.programs.stamp_cards or state.install_id is None:
            return 0
        listed = self.store.directory()
        devices = {d.device_id: d.install_id for d in listed}
        active = {d.install_id for d in listed if not d.revoked}
        installation = state.install_id

        def complete(tx: Tx) -> int:
            writer = EntryWriter(tx.uow, tx.ctx, tx.now, new_id(), None)
            return complete_met_cards(writer, installation=installation, devices=devices, active=active, since=since)

        done = self.write(complete)
        if done:
            self.store.build_journal(installation, None)
        return done

    def _undo_settled_twice(self, state: JournalState, *, since: int) -> int:
        """A conflict the pull shows settled here and on another device apart: the later settling is undone by the
        installation that wrote it (ConflictSettlement.undo_settled_twice), and journalled for the hub. Asked every
        round, not only one that pulled: a round killed after its pull and before this leaves it to the next."""
        if state.install_id is None:
            return 0
        listed = self.store.directory()
        done = self.undo_settled_twice(installation=state.install_id,
                                       devices={d.device_id: d.install_id for d in listed},
                                       active={d.install_id for d in listed if not d.revoked}, since=since,
                                       pulled=self.store.state().pulled_seq)
        if done:
            self.store.build_journal(state.install_id, None)
        return done

    def _lease(self, remote: HubRemote, state: JournalState, report: HubReport) -> None:
        name = f"stripe:{state.shop_id}"
        holder = remote.lease(name, ttl_seconds=STRIPE_LEASE_SECONDS if self.stripe else 0)
        self._holder = holder
        report.stripe_holder = holder
        if holder is not None and holder != state.install_id:
            # Another device sends the shop's Stripe updates; it makes its own rows for what this one wrote.
            self.store.hand_over_outbox()

    def release(self) -> None:
        """Give the Stripe lease back (the app is closing): another device may take it at once."""
        state = self.store.state()
        if self._remote_factory is None or state.install_id is None or not self.stripe:
            return
        try:
            self.remote().lease(f"stripe:{state.shop_id}", ttl_seconds=0, release=True)
        except (HubUnreachable, HubRefused):
            pass

    def wake(self) -> None:
        self._wake.set()

    @property
    def wake_event(self) -> threading.Event:
        return self._wake

    def run_forever(self, stop: threading.Event) -> None:
        """The background loop: a round now, then every interval, or at once when a sale here or another
        device's push to the hub wakes it."""
        failures = 0
        listener = None
        if self._remote_factory is not None:
            listener = threading.Thread(target=self._listen, args=(stop,), name="hub-listen", daemon=True)
            listener.start()
        while not stop.is_set():
            # Cleared before the round, not after it: a sale committed while a round runs may have missed its
            # journal step, and its wake must start the next round at once rather than be lost.
            self._wake.clear()
            try:
                report = self.sync_once()
                # Out of reach, or refused (retired, an item the hub will not take): try less and less often.
                failures = 0 if report.online and not report.refused else failures + 1
            except Exception:  # noqa: BLE001 - the loop must survive anything; the next round tries again
                log.exception("hub sync round failed")
                failures += 1
            wait = backoff_seconds(self.interval_seconds, failures)
            if not stop.is_set():
                self._wake.wait(wait)  # closing the app sets every wake, so this returns for a stop too
        if listener is not None:
            listener.join(timeout=2)
        self.release()
        self.close()

    def _listen(self, stop: threading.Event) -> None:
        """Wake the loop whenever another device's items reach the hub, so they are here in a moment rather
        than at the next interval. On its own connection; out of reach, it tries again an interval later and
        the rounds go on meanwhile."""
        assert self._remote_factory is not None
        while not stop.is_set():
            remote = self._remote_factory()
            try:
                remote.listen(self.wake, stop)
            except (HubUnreachable, HubRefused) as exc:
                log.info("hub sync: not listening for other devices' pushes (%s)", exc)
            except Exception:  # noqa: BLE001 - the rounds at the interval still sync; only the hurry is lost
                log.exception("hub sync: listening for other devices' pushes failed")
            finally:
                remote.close()
            stop.wait(self.interval_seconds)

    # ------------------------------------------------------------------ what the screens and commands show
    def status(self, *, ask_hub: bool = False) -> HubStatus:
        if self._remote_factory is None:
            return HubStatus(configured=False)
        state = self.store.state()
        if state.install_id is None:
            return HubStatus(configured=False)
        refusals: tuple[Refusal, ...] = ()
        online, error = self._online, self._error
        if ask_hub:
            try:
                self.store.replace_directory(self.remote().directory())
                refusals = tuple(r for r in self.remote().refusals() if r.install_id == state.install_id)
                online = True
            except HubUnreachable as exc:
                online, error = False, exc.said
            except HubRefused as exc:
                online, error = True, exc.said
        holder = None
        if self._holder is not None:
            holder = self._device_name(self._holder)
        # The hub's figure for this device is what it had still to send at its last push; what was written here
        # since (a sale, a manager's approval) waits too. This device's own count is the true one, so its own
        # line says what the "still to send" line says, not an older number beside it.
        listed = self.store.directory()
        devices = tuple(replace(d, pending=state.pending) if d.install_id == state.install_id else d for d in listed)
        return HubStatus(
            configured=True, install_id=state.install_id, shop_id=state.shop_id, shop_name=state.shop_name,
            url=self.store.hub_url(), online=online, last_contact=state.last_contact, pending=state.pending,
            pulled_seq=state.pulled_seq, refused=from_stored(state.refused) if state.refused else None,
            error=error, stripe_holder=holder, expiry_writer=expiry_duty_of(state.install_id, listed).writer,
            devices=devices, conflicts=tuple(self.store.conflicts(self.ctx.tz)), refusals=refusals)

    def conflicts(self) -> list[HubConflict]:
        return self.store.conflicts(self.ctx.tz)

    def revoke(self, target: str, *, approved_by: str | None) -> str:
        """Retire a device: it can no longer log in to the hub, push or pull. Needs a manager."""
        self.write(lambda tx: require_manager(tx.uow, approved_by, what=Phrase("action.hub_revoke"),
                                              reason="hub_revoke"))
        try:
            found = self.remote().revoke(self._one_device(target.strip()))
        except HubUnreachable as exc:
            log.info("hub revoke: %s", exc)
            raise StorageError("hub.unreachable") from None
        except HubRefused as exc:  # said as a refusal, in the reader's language ("a device cannot retire itself")
            raise Conflict("hub.refused", what=Phrase("hub.asked_to_revoke"), value=exc.said) from None
        if found is None:
            raise NotFound("hub.device_unknown", target=target)
        self.write(lambda tx: tx.uow.audit.add(action="hub.device_revoked", at=tx.now, device_id=tx.ctx.device_id,
                                               staff_id=approved_by, subject=found))
        self.wake()
        return found

    def _one_device(self, target: str) -> str:
        """The install id of the one device `target` names (its id, a label, or its name in any case), as the hub
        lists them now; `target` itself when the list has none (the hub answers that). Two devices of one name
        (made before the hub refused that) are refused, with the labels that tell them apart: a manager retiring
        "Till 1" must not retire the other one."""
        devices = self.remote().directory()
        wanted = name_search_key(target)
        for matches in ((d for d in devices if d.install_id == target),
                        (d for d in devices if d.label.upper() == target.upper()),
                        (d for d in devices if name_search_key(d.name) == wanted)):
            found: dict[str, list[DeviceInfo]] = {}
            for device in matches:
                found.setdefault(device.install_id, []).append(device)
            if len(found) > 1:  # the one still in use, when the others are retired
                found = {k: v for k, v in found.items() if not v[0].revoked} or found
            if len(found) == 1:
                return next(iter(found))
            if found:
                said = sorted(f"{v[0].name} ({'/'.join(sorted(d.label for d in v))}, {v[0].shop_name})"
                              for v in found.values())
                raise Conflict("hub.device_ambiguous", target=target, value=", ".join(said))
        return target

_LABEL_NUMBER = re.compile(r"^[A-Za-z]*(\d+)$")


def expiry_writer(devices: Iterable[DeviceInfo]) -> DeviceInfo | None:
    """The one device of a hub that writes expiry for every member (members are the whole chain's): of the
    devices not retired, the one whose receipt label has the lowest number. The hub gives each device that
    joins the next free number (kiosk.adapters.hub.admin), so this is the oldest device still in service: a
    device joining never takes it over, and when it is retired the next oldest does. Every device reads it from
    the device list the hub sync keeps, so devices that hold the same list pick the same one; one whose list is
    older still names the retired device, and writes nothing until it hears the new list."""
    def age(device: DeviceInfo) -> tuple[int, str, str]:
        found = _LABEL_NUMBER.match(device.label)
        return (int(found.group(1)) if found else sys.maxsize, device.label, device.device_id)

    return min((d for d in devices if not d.revoked), key=age, default=None)


def expiry_duty_of(install_id: str, devices: Iterable[DeviceInfo]) -> ExpiryDuty:
    """The expiry duty of installation `install_id` on a hub whose device list is `devices` (expiry_writer)."""
    writer = expiry_writer(devices)
    if writer is None:
        return ExpiryDuty(here=False)
    return ExpiryDuty(here=writer.install_id == install_id, writer=writer.title)


def backoff_seconds(interval: float, failures: int) -> float:
    """How long the background loop waits before its next round after `failures` rounds in a row that did not
    go through: twice as long each time, at most twelve intervals (a minute at the default five seconds)."""
    return interval * min(2 ** failures, 12) if failures else interval


def member_outbox(member_id: str, erased: bool) -> list[OutboxRow]:
    """What Stripe needs to hear when another device changed a member: their snapshot, or their erasure."""
    if erased:
        return [OutboxRow("member.erase", {"member_id": member_id}, f"erase-{member_id}", member_id=member_id)]
    return [OutboxRow("member.snapshot", {"member_id": member_id, "reason": "hub"},
                      f"snap-hub-{member_id}-{new_id()[:12]}", member_id=member_id)]


def offline_since(last_contact: datetime | None, now: datetime, after: timedelta) -> bool:
    return last_contact is None or now - last_contact > after


__all__ = ["WRITE_OFF_KINDS", "HubReport", "HubService", "HubStatus", "MergeResult", "WriteOffResult",
           "backoff_seconds", "member_outbox", "offline_since"]
