"""What a screen or a command is handed: every service, wired once by kiosk.bootstrap, as one typed object."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.services.context import ShopContext, UiSettings
from kiosk.services.ports import Clock
from kiosk.services.usecase import LiveContext

if TYPE_CHECKING:  # only names for the type checker: building them is bootstrap's job
    from kiosk.services.accounts import AccountService
    from kiosk.services.analytics import AnalyticsService
    from kiosk.services.backups import BackupRecord, DailyBackupService
    from kiosk.services.checkout import CheckoutService
    from kiosk.services.demo import DemoBuilder
    from kiosk.services.engagement import PromotionReports
    from kiosk.services.enrollment import EnrollmentService
    from kiosk.services.expiry import ExpiryService
    from kiosk.services.feedback import FeedbackService
    from kiosk.services.hub import HubService
    from kiosk.services.hub_connect import ConnectHub
    from kiosk.services.keys import KeyService
    from kiosk.services.offers import OfferService
    from kiosk.services.online_earn import OnlineEarnService
    from kiosk.services.parking import ParkingService
    from kiosk.services.partners import PartnerService
    from kiosk.services.ports.scanning import CodeDecoder
    from kiosk.services.printing import PrintService
    from kiosk.services.privacy import PrivacyService
    from kiosk.services.redemption import RedemptionService
    from kiosk.services.refunds import RefundService
    from kiosk.services.reports import ReportService
    from kiosk.services.selfservice import SelfServiceService
    from kiosk.services.settings_admin import SettingsAdmin
    from kiosk.services.staff import StaffService
    from kiosk.services.sync import SyncService
    from kiosk.services.sync.membership import MembershipService
    from kiosk.services.verify import VerifyService

log = logging.getLogger(__name__)


class Lazy[T]:
    """A service built on first use, once, whichever thread asks first.

    Printing and scanning load escpos, Pillow and zxing, the manager's figures their own queries: the counter
    opens faster without them, and most runs of a command never need them.
    """

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value

    @property
    def built(self) -> bool:
        return self._value is not None


Worker = Callable[[threading.Event], None]


@dataclass
class Workers:
    """The background threads of a running app (print queue, Stripe sync, daily backup...).

    Each worker is a loop that returns once `stop` is set. Nothing starts until `start()`: a command that
    only reads must not begin printing or syncing.
    """

    workers: dict[str, Worker] = field(default_factory=dict)
    wakes: dict[str, threading.Event] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _started: set[str] = field(default_factory=set)

    def add(self, name: str, worker: Worker, *, wake: threading.Event | None = None) -> None:
        self.workers[name] = worker
        if wake is not None:
            self.wakes[name] = wake

    def start(self, *names: str) -> None:
        """Start the named workers (all of them when none is named); each starts once."""
        for name, worker in self.workers.items():
            if name in self._started or (names and name not in names):
                continue
            self._started.add(name)
            thread = threading.Thread(target=worker, args=(self.stop,), name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    @property
    def running(self) -> bool:
        """Some worker was started: the app is running (a command that only reads starts none)."""
        return bool(self._started)

    def wake(self, name: str) -> None:
        event = self.wakes.get(name)
        if event is not None:
            event.set()

    def close(self) -> None:
        self.stop.set()
        for event in self.wakes.values():
            event.set()
        for thread in self._threads:
            thread.join(timeout=5)
        for closer in self.closers:
            try:
                closer()
            except Exception:  # noqa: BLE001 - closing must reach every closer; a failure is only logged
                log.exception("closing %r failed", closer)


@dataclass(frozen=True)
class UpgradeNote:
    """This start upgraded the shop's database: from which revision, to which, and the copy made before."""

    from_revision: str
    to_revision: str
    backup: str  # the file the database was copied to before it was migrated


@dataclass(frozen=True)
class Services:
    """Everything the counter, the kiosk, the manager and the `kiosk` command use, typed.

    Built by kiosk.bootstrap.build_app, the one place that knows the adapters. `ctx` is the shop's settings as
    they are now: a reload (the manager's settings screen) replaces them between use cases, never in one.
    """

    live: LiveContext
    clock: Clock
    ui: UiSettings
    data_dir: Path
    assets_dir: Path  # the shop's logo and the bundled fonts
    enrollment: EnrollmentService
    checkout: CheckoutService
    refunds: RefundService
    accounts: AccountService
    redemption: RedemptionService
    expiry: ExpiryService
    staff: StaffService
    verify: VerifyService
    reports: ReportService
    partners: PartnerService
    keys: KeyService
    privacy: PrivacyService
    feedback: FeedbackService
    parking: ParkingService  # the counter's parked sales
    selfservice: SelfServiceService
    sync: SyncService
    membership: MembershipService | None  # None where Stripe is not set up: joining online is not offered
    online_earn: OnlineEarnService
    hub: HubService  # the shop's hub: status says "no hub" on a device working alone
    demo: Lazy[DemoBuilder]  # the demo shop's builder: loads only for `kiosk demo`
    promotions: PromotionReports  # how each promotion did, for the manager
    offers: OfferService  # personal offers: shown when a member is identified, used at checkout, their results
    printing: Lazy[PrintService]
    analytics: Lazy[AnalyticsService]
    settings_admin: Lazy[SettingsAdmin]
    qr_decoder: Lazy[CodeDecoder]
    qr_matrix: Callable[[str], list[list[bool]]]
    backup_to: Callable[[Path], BackupRecord]
    backups: DailyBackupService | None  # None for a PostgreSQL store, which is backed up with pg_dump
    workers: Workers
    upgrade_note: UpgradeNote | None = None  # set when this start migrated the database: screens tell the user
    connect_hub: ConnectHub | None = None  # put this device on a hub (init or join) while the app runs

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def start_workers(self) -> None:
        """Start the background threads (print queue, sync, backups): once the first screen is usable."""
        self.workers.start()

    def wake_printer(self) -> None:
        """After a sale: start a print pass now instead of at the next interval, and send the sale to the hub."""
        self.workers.wake("print-queue")
        self.workers.wake("hub-sync")

    def close(self) -> None:
        self.workers.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
