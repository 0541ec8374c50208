"""The wiring itself (kiosk.bootstrap re-exports it): settings -> engine -> unit of work -> adapters -> Services.

Only this module builds adapters and hands them to services; screens and commands receive the finished
kiosk.services.app.Services and never see an engine, a repository or a Stripe client.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from kiosk.adapters.db import backup as db_backup
from kiosk.adapters.db.chain import SqlChainDirectory
from kiosk.adapters.db.checkpoint import WalCheckpointer
from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.feedback import SqlAttemptStore, SqlFeedbackStore
from kiosk.adapters.db.migrate import current_revision, head_revision, known_revisions, upgrade
from kiosk.adapters.db.parking import SqlParkedStore
from kiosk.adapters.db.reports import SqlReports
from kiosk.adapters.db.repositories.audit import audit_canonical
from kiosk.adapters.db.retention import SqlRetention
from kiosk.adapters.db.uow import SqlUnitOfWorkFactory, is_storage_failure, storage_error
from kiosk.config import APP_NAME, ASSETS, Settings, install_id, load_settings, require_folder, settings_from_dict
from kiosk.domain.documents import Document, SaleReceipt
from kiosk.domain.errors import InvalidInput, KioskError, StorageError
from kiosk.domain.events import Message
from kiosk.l10n import errors as _error_texts  # noqa: F401 - errors word themselves in English in logs
from kiosk.services.accounts import AccountService
from kiosk.services.app import Lazy, Services, UpgradeNote, Workers
from kiosk.services.backups import BackupRecord, DailyBackupService
from kiosk.services.checkout import CheckoutService
from kiosk.services.context import FixedClock, SystemClock
from kiosk.services.engagement import PromotionReports
from kiosk.services.enrollment import EnrollmentService
from kiosk.services.expiry import ExpiryService
from kiosk.services.feedback import FeedbackService
from kiosk.services.hub import HubService
from kiosk.services.hub_connect import HubConnection, HubJoined
from kiosk.services.keys import KeyService
from kiosk.services.offers import OfferService
from kiosk.services.online_earn import OnlineEarnService
from kiosk.services.parking import ParkingService
from kiosk.services.partners import PartnerService, env_partner_secret
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.ports.hub import HubRemote
from kiosk.services.ports.printing import ReceiptPrinter
from kiosk.services.ports.scanning import CodeDecoder
from kiosk.services.printing import PrintService
from kiosk.services.privacy import PrivacyService
from kiosk.services.ratelimit import CountingThrottle, TokenBucket
from kiosk.services.receipt_copies import ReceiptCopies
from kiosk.services.redemption import RedemptionService
from kiosk.services.refunds import RefundService
from kiosk.services.reports import ReportService
from kiosk.services.retention import RetentionService
from kiosk.services.scope import ChainScopes
from kiosk.services.selfservice import SelfServiceService
from kiosk.services.staff import StaffService
from kiosk.services.sync import SyncService
from kiosk.services.sync.membership import MembershipService
from kiosk.services.usecase import LiveContext
from kiosk.services.verify import VerifyService

if TYPE_CHECKING:  # the manager's services and the demo's builder load when first used, not for a counter's start
    from kiosk.services.analytics import AnalyticsService
    from kiosk.services.demo import DemoBuilder, DemoResult
    from kiosk.services.settings_admin import SettingsAdmin

PRINT_INTERVAL_S = 2.0
RETENTION_INTERVAL_S = 24 * 3600
ANALYTICS_FIRST_PASS_S = 300.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wiring:
    """What build_app put together: the services, and the database and settings under them.

    Screens and commands get only `services`; tests and benchmarks look underneath.
    """

    services: Services
    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory

    def close(self) -> None:
        self.services.close()

    def __enter__(self) -> Wiring:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_app(settings: Settings, *, clock: Clock | None = None, role: str = "counter", migrate: bool = True,
              **overrides: Any) -> Services:
    """Open the shop's database (migrating it), and wire every service on it for `role` (counter or kiosk).

    `overrides` are wire()'s: what tests and benchmarks put in place of what the settings would choose.
    """
    return wire(settings, clock=clock, role=role, migrate=migrate, **overrides).services


def wire(settings: Settings, *, clock: Clock | None = None, role: str = "counter", migrate: bool = True,
         ensure_keys: bool = True, stripe_api_key: str | None = None, sync_options: dict[str, Any] | None = None,
         printers: Mapping[str, ReceiptPrinter] | None = None, print_interval_s: float = PRINT_INTERVAL_S,
         ) -> Wiring:
    """build_app, keeping hold of the engine and the unit of work underneath (for tests and benchmarks).

    `stripe_api_key` and `sync_options` (back-off, workers...) point the sync at a local Stripe; `printers`
    replace the configured ones (a slow printer in a benchmark); `print_interval_s` paces the print queue.
    """
    settings = settings.for_role(role)
    engine, upgrade_note = _open_database(settings, migrate=migrate)
    if clock is None:
        clock = FixedClock(settings.pinned_now) if settings.pinned_now is not None else SystemClock()
    uow_factory = SqlUnitOfWorkFactory(engine)
    if ensure_keys:  # not on a device joining a hub: it takes the shop's keys before it signs anything
        _ensure_install(uow_factory)
    live = LiveContext(settings.context)
    workers = Workers()
    workers.closers.append(engine.dispose)
    current = _CurrentSettings(settings)

    def reload_settings(raw: dict[str, Any] | None = None) -> None:
        """New settings (the files re-read, or `raw` as merged by the caller), live from the next use case."""
        fresh = current.reload(raw)
        live.replace(fresh.context)

    copies = ReceiptCopies(uow_factory, clock, live)  # a receipt whose job the retention deleted, made again
    printing = Lazy(lambda: _print_service(current.settings, engine, clock, printers, copies=copies.document,
                                           refund_marks=copies.refund_marks))
    print_wake = threading.Event()
    workers.add("print-queue", lambda stop: _drain_forever(printing, stop, print_wake, print_interval_s),
                wake=print_wake)
    # The pass only prunes rows: the queue without the printers (no escpos, no printer settings to refuse)
    retention = Lazy(lambda: RetentionService(printing=_print_service(settings, engine, clock, printers={}),
                                              store=SqlRetention(engine), clock=clock))
    workers.add("receipt-retention", lambda stop: _retention_daily(retention, stop))
    stripe_key = stripe_api_key if stripe_api_key is not None else (
        settings.stripe.api_key() if settings.stripe.enabled else None)
    hub = _hub(settings, engine, uow_factory, clock, live, workers, current, reload_settings,
               stripe=bool(settings.stripe.enabled and stripe_key))
    sync, membership, online_earn = _sync(settings, engine, uow_factory, clock, live, workers,
                                          api_key=stripe_key, options=sync_options or {},
                                          may_run=hub.stripe_elsewhere)
    backups = _backups(settings, clock, workers)
    # on a hub only one device writes expiry for the whole chain (the others would take the same lots again)
    expiry = ExpiryService(uow_factory, clock, live, duty=hub.expiry_duty)
    scopes = ChainScopes(SqlChainDirectory(engine), uow_factory)  # whose figures a report covers, who may see them
    # Expired value is never spendable anyway; the worker writes it off in the books at start and daily (on a
    # hub, on the one device that writes expiry: elsewhere it skips).
    workers.add("expiry", expiry.worker)
    checkpointer = _wal_checkpointer(settings)
    if checkpointer is not None:
        workers.add("wal-checkpoint", checkpointer.run)

    def connect_running(request: HubConnection, *, progress: Callable[[int, int], None] | None = None) -> HubJoined:
        return _connect_running(request, progress=progress, role=role, current=current, live=live, hub=hub,
                                workers=workers)

    analytics = Lazy(lambda: _analytics(engine, clock, live, scopes))
    if role != "kiosk":  # the customers' kiosk never shows program health; a counter or manager on its database does
        workers.add("analytics-caches", lambda stop: _keep_analytics_current(analytics, stop))
    services = Services(
        live=live, clock=clock, ui=settings.ui, data_dir=settings.data_dir, assets_dir=ASSETS,
        enrollment=EnrollmentService(uow_factory, clock, live),
        checkout=CheckoutService(uow_factory, clock, live),
        refunds=RefundService(uow_factory, clock, live),
        accounts=AccountService(uow_factory, clock, live),
        redemption=RedemptionService(uow_factory, clock, live),
        expiry=expiry,
        staff=StaffService(uow_factory, clock, live),
        verify=VerifyService(uow_factory, audit_canonical, tz=settings.context.tz),
        reports=ReportService(SqlReports(engine), live, scopes, sync_configured=lambda: sync.configured),
        partners=PartnerService(uow_factory, clock, live, secret_for=_partner_secret),
        keys=KeyService(uow_factory, clock, live),
        privacy=PrivacyService(uow_factory, clock, live),
        feedback=FeedbackService(SqlFeedbackStore(engine), clock, live),
        parking=ParkingService(SqlParkedStore(engine), clock, live),
        selfservice=SelfServiceService(uow_factory, SqlAttemptStore(engine), clock, live,
                                       verification=settings.ui.kiosk_verification),
        sync=sync, membership=membership, online_earn=online_earn, hub=hub,
        demo=Lazy(lambda: _demo_builder(uow_factory, clock, live)),
        promotions=PromotionReports(uow_factory, clock, live),
        offers=OfferService(uow_factory, clock, live),
        printing=printing,
        analytics=analytics,
        settings_admin=Lazy(lambda: _settings_admin(uow_factory, clock, live, current, reload_settings)),
        qr_decoder=Lazy(_qr_decoder),
        qr_matrix=qr_matrix,
        backup_to=lambda destination: _backup_to(settings, destination),
        backups=backups,
        workers=workers,
        upgrade_note=upgrade_note,
        connect_hub=connect_running,
    )
    return Wiring(services, settings, engine, uow_factory)


def _partner_secret(partner_id: str) -> bytes | None:
    """A partner's signing secret for its activity files: KIOSK_PARTNER_SECRET_<ID>, else the OS keyring's
    partner_secret:<id>. Never a config file (the loader refuses secrets there)."""
    from kiosk.adapters.keyring_store import KeyringSecretStore

    found = env_partner_secret(partner_id)
    if found is None and (stored := KeyringSecretStore(APP_NAME).get(f"partner_secret:{partner_id}")):
        found = stored.encode()
    return found


def open_database(settings: Settings, *, migrate: bool = True) -> Engine:
    """The shop's engine, its schema brought up to date; a missing folder or damaged file is one clear error."""
    return _open_database(settings, migrate=migrate)[0]


def _open_database(settings: Settings, *, migrate: bool) -> tuple[Engine, UpgradeNote | None]:
    """open_database, and what it upgraded: a database an older version made is copied before it is migrated."""
    require_folder(settings.data_dir)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError("config.data_dir_missing", data_dir=settings.data_dir, strerror=exc.strerror) from None
    engine = make_engine(settings.database_url,
                         busy_timeout_ms=settings.raw.get("database", {}).get("busy_timeout_ms"))
    note = None
    if migrate:
        try:
            note = _backup_before_upgrade(settings, engine)
            upgrade(engine)
        except DBAPIError as exc:  # a damaged or locked file: the same clear message as everywhere else
            engine.dispose()
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc
        except BaseException:
            engine.dispose()
            raise
    if note is not None:
        log.info("database upgraded from revision %s to %s; the copy from before is %s", note.from_revision,
                 note.to_revision, note.backup)
    return engine, note


def _backup_before_upgrade(settings: Settings, engine: Engine) -> UpgradeNote | None:
    """Copy a SQLite database an older version made into <data dir>/backups before migrating it.

    A fresh database has nothing to keep; PostgreSQL is backed up with pg_dump, by whoever runs it. A database
    a newer version made is refused (this version cannot know what its newer tables mean), and so is an upgrade
    whose copy cannot be written: nothing is migrated without its way back.
    """
    current = current_revision(engine)
    head = head_revision()
    if current is None or current == head:
        return None
    if current not in known_revisions():
        raise StorageError("startup.database_too_new", current=current, head=head, revision=current)
    if not settings.database_url.startswith("sqlite"):
        log.warning("upgrading the database from revision %s to %s without a copy: back up PostgreSQL with "
                    "pg_dump", current, head)
        return None
    at = settings.pinned_now or datetime.now(UTC)
    copy = settings.backups_dir / f"before-{head}-from-{current}-{at.astimezone(UTC):%Y%m%d-%H%M%S}.sqlite3"
    try:
        info = db_backup.backup(db_backup.database_path(settings.database_url), copy)
    except StorageError as exc:
        raise StorageError("startup.upgrade_backup_failed", refusal=exc) from None
    return UpgradeNote(from_revision=current, to_revision=head, backup=str(info.path))


def build_demo(settings: Settings, *, members: int = 120, days: int = 60, seed: int = 7,
               progress: Callable[[int, int], None] | None = None, clock: Clock | None = None) -> DemoResult:
    """Build the demo shop into the settings' database, all or nothing.

    The history's choices depend on balances, so a build cut short cannot be resumed: it is built into a
    fresh database in a staging folder beside the shop's and moved into place in one rename at the end. An
    interrupted build leaves the shop as it was (the next run clears the staging folder). A folder already
    holding this finished demo is answered with its totals; one holding any other shop is refused.
    """
    if not settings.database_url.startswith("sqlite"):
        raise InvalidInput("startup.demo_not_sqlite")
    with wire(settings, clock=clock) as target:
        finished = target.services.demo().existing(members=members, days=days, seed=seed)
    if finished is not None:
        return finished
    database = db_backup.database_path(settings.database_url)
    staging = db_backup.staging_folder(database.parent / ".demo-build")
    try:
        staged = replace(settings, data_dir=staging, database_url=sqlite_url(staging / database.name))
        with wire(staged, clock=clock) as build:
            result = build.services.demo().build(members=members, days=days, seed=seed, progress=progress)
        db_backup.install_database(staging / database.name, database)
    finally:
        db_backup.discard_folder(staging)
    return result


def _connect_running(request: HubConnection, *, progress: Callable[[int, int], None] | None, role: str,
                     current: _CurrentSettings, live: LiveContext, hub: HubService, workers: Workers) -> HubJoined:
    """connect_hub for the app that is running (the manager's Devices page): then it syncs with the hub at once,
    on the settings the hub gave it (a joining device's shop settings and receipt labels), without a restart."""
    from kiosk.bootstrap.hub import connect_hub

    joined = connect_hub(current.settings, request, progress=progress)
    old = current.settings
    fresh = load_settings(data_dir=old.data_dir, config_file=_extra_config(old)).for_role(role)
    fresh = replace(fresh, database_url=old.database_url)
    current.replace(fresh)
    live.replace(fresh.context)
    url = fresh.hub.url
    if url:
        data_dir = fresh.data_dir
        store = hub.store

        def remote() -> HubRemote:
            from kiosk.adapters.hub.remote import PgHubRemote, load_password

            install = store.state().install_id or install_id(data_dir)
            return PgHubRemote(url, install_id=install, password=load_password(data_dir))

        hub.attach(remote)
        if "hub-sync" not in workers.workers:
            workers.add("hub-sync", hub.run_forever, wake=hub.wake_event)
        if workers.running:
            workers.start("hub-sync")
    return joined


def _extra_config(settings: Settings) -> Path | None:
    extra = [s for s in settings.sources[1:] if Path(s) != settings.data_dir / "config.toml"]
    return Path(extra[-1]) if extra else None


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR encoder the screens draw member cards and vouchers with (qrcode loads on first use)."""
    from kiosk.adapters.scanning.qr import qr_matrix as encode

    return encode(payload)


class _CurrentSettings:
    """The settings the app runs on, and how to re-read them: what a reload swaps."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    def reload(self, raw: dict[str, Any] | None) -> Settings:
        old = self.settings
        if raw is None:
            extra = [s for s in old.sources[1:] if Path(s) != old.data_dir / "config.toml"]
            fresh = load_settings(data_dir=old.data_dir, config_file=Path(extra[-1]) if extra else None)
        else:
            fresh = settings_from_dict(raw, data_dir=old.data_dir, sources=old.sources)
        # The device stays the device it started as (a kiosk keeps its own id and receipt prefix).
        ctx = replace(fresh.context, device_id=old.context.device_id, device_label=old.context.device_label)
        fresh = replace(fresh, database_url=old.database_url, context=ctx)
        with self._lock:
            self.settings = fresh
        return fresh

    def replace(self, fresh: Settings) -> None:
        """New settings wholesale, the device's labels too (a device that just joined a hub took new ones)."""
        with self._lock:
            self.settings = fresh


def _ensure_install(uow_factory: SqlUnitOfWorkFactory) -> None:
    """First start: the shop's code-signing key is created here, on the machine, never shipped."""
    with uow_factory() as uow:
        uow.keys.active()
        uow.commit()


def _print_service(settings: Settings, engine: Engine, clock: Clock, printers: Mapping[str, ReceiptPrinter] | None,
                   *, copies: Callable[[str], tuple[str, Document] | None] | None = None,
                   refund_marks: Callable[[SaleReceipt], SaleReceipt] | None = None) -> PrintService:
    """The print queue on the shop database, sending to the configured printers (or to `printers`)."""
    from kiosk.adapters.db.print_queue import SqlPrintQueue

    if printers is None:
        # escpos, Pillow and the fonts load here, on first use, so the counter opens without them.
        from kiosk.adapters.printing.printer import build_printers
        from kiosk.adapters.printing.settings import printer_settings_from_dict

        printers = build_printers({name: printer_settings_from_dict(name, table)
                                   for name, table in settings.printers.items()})
    return PrintService(queue=SqlPrintQueue(engine, device_id=settings.context.device_id), printers=printers,
                        default_printer="receipt" if "receipt" in printers else None, clock=clock, copies=copies,
                        refund_marks=refund_marks)


def _wal_checkpointer(settings: Settings) -> WalCheckpointer | None:
    """The background WAL checkpoint of a SQLite shop file (the sales' commits no longer run it)."""
    url = settings.database_url
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1]
    return WalCheckpointer(path) if path and path != ":memory:" else None


def _retention_daily(retention: Lazy[RetentionService], stop: threading.Event) -> None:
    """What nothing needs after its days: old sale receipts' print jobs, sales' command-log rows and sent Stripe
    rows pruned (kiosk.services.retention), at start and then daily (a till may stay on for weeks)."""
    while True:
        try:
            retention().run()  # each step logs and skips what a busy database refused: tried again tomorrow
        except KioskError as exc:  # the database refused the whole pass (full, read-only): tried again tomorrow
            log.warning("retention pass not run: %s", exc)
        if stop.wait(RETENTION_INTERVAL_S):
            return


def _keep_analytics_current(analytics: Lazy[AnalyticsService], stop: threading.Event) -> None:
    """The manager's caches kept current in the background (kiosk.services.analytics), from a few minutes after
    start: a counter's start-up neither loads nor waits for them."""
    if not stop.wait(ANALYTICS_FIRST_PASS_S):
        analytics().worker(stop)


def _drain_forever(printing: Lazy[PrintService], stop: threading.Event, wake: threading.Event,
                   interval_s: float) -> None:
    """The print queue's thread: held jobs from a crash first, then a pass every interval or when woken."""
    service = printing()
    service.start()
    service.run_forever(stop=stop, wake=wake, interval_s=interval_s)


def _hub(settings: Settings, engine: Engine, uow_factory: UnitOfWorkFactory, clock: Clock, live: LiveContext,
         workers: Workers, current: _CurrentSettings, reload_settings: Callable[[dict[str, Any] | None], None],
         *, stripe: bool) -> HubService:
    """The sync with the shop's hub, when this device has joined one ([hub] url); a status that says "no hub"
    otherwise. The worker starts with the others; the connection opens on its first round."""
    from kiosk.adapters.db.hub_store import SqlHubStore
    from kiosk.settings_file import TomlSettingsStore, shared_sections, with_shared

    store = SqlHubStore(engine)
    url = settings.hub.url
    remote = None
    if url and store.state().install_id is not None:
        # The change triggers go when a migration rebuilds a table (0014 did signing_keys): put them back.
        store.track_changes(backfill=False)
    if url:
        def remote() -> HubRemote:
            from kiosk.adapters.hub.remote import PgHubRemote, load_password

            install = store.state().install_id or install_id(settings.data_dir)
            return PgHubRemote(url, install_id=install, password=load_password(settings.data_dir))

    files = TomlSettingsStore(lambda: current.settings)

    def apply_settings(text: str) -> None:
        files.write(with_shared(files.overrides(), text))
        reload_settings(None)

    hub = HubService(uow_factory=uow_factory, clock=clock, ctx=live, store=store, remote=remote,
                     interval_seconds=settings.hub.sync_seconds, stripe=stripe,
                     settings_snapshot=lambda: shared_sections(files.overrides()), apply_settings=apply_settings)
    if remote is not None:
        workers.add("hub-sync", hub.run_forever, wake=hub.wake_event)
        # The worker closes the connection when it stops, but a command or a test that synced without starting
        # the workers (kiosk hub sync --once) has no worker to do it: the app's close must.
        workers.closers.append(hub.close)
    return hub


def _sync(settings: Settings, engine: Engine, uow_factory: UnitOfWorkFactory, clock: Clock, live: LiveContext,
          workers: Workers, *, api_key: str | None, options: dict[str, Any],
          may_run: Callable[[], Message | None] | None = None,
          ) -> tuple[SyncService, MembershipService | None, OnlineEarnService]:
    """Stripe sync (status even when Stripe is off), paid membership (None without Stripe), online earning.

    The key comes from the environment or the OS keyring (or `api_key`) and goes straight to the client: it is
    never logged or stored.
    """
    from kiosk.adapters.db.sync_store import SqlSyncStore, lease_owner

    stripe_settings = settings.stripe
    key = api_key
    store = SqlSyncStore(engine)
    online_earn = OnlineEarnService(uow_factory, clock, live)
    gateway = None
    throttle: CountingThrottle | None = None
    rate = max(0.1, float(stripe_settings.rate_limit_per_second))
    if stripe_settings.enabled and key:
        from kiosk.adapters.stripe.gateway import StripeGateway  # the stripe library loads only when used

        # A small burst (a tenth of the rate) after an idle spell, and `per_second` holding every one-second
        # window to the rate itself, burst included: Stripe counts requests per second.
        throttle = CountingThrottle(TokenBucket(rate_per_second=rate, burst=max(1, int(rate / 10)),
                                                clock=time.monotonic, sleeper=time.sleep,
                                                per_second=max(1, int(rate))))
        gateway = StripeGateway(api_key=key, api_base=stripe_settings.api_base, throttle=throttle,
                                membership_product_name=f"{live.current.shop.name} membership")
    # Enough requests in flight that the token bucket, not the thread count, bounds the pace: the rate times
    # Stripe's 0.2-0.4 s round trip, plus headroom for the database work between calls (50 at 100 req/s).
    options = {"workers": max(4, min(64, math.ceil(rate * 0.5))), **options}
    counted = throttle
    sync = SyncService(uow_factory=uow_factory, clock=clock, ctx=live, store=store, gateway=gateway,
                       online_earn=online_earn, lease_owner=lease_owner(), may_run=may_run,
                       request_count=(lambda: counted.count) if counted is not None else None, **options)
    workers.closers.append(sync.close)
    if not sync.configured:
        return sync, None, online_earn
    workers.add("stripe-sync", sync.run_forever)
    # The join page shares the worker's gateway calls (one online flag, one request count) and its customers.
    membership = MembershipService(uow_factory=uow_factory, clock=clock, ctx=live, store=store, calls=sync.calls,
                                   customers=sync.customers, success_url=stripe_settings.success_url)
    return sync, membership, online_earn


def _backups(settings: Settings, clock: Clock, workers: Workers) -> DailyBackupService | None:
    if not settings.database_url.startswith("sqlite"):
        return None
    store = db_backup.BackupDirectory(db_backup.database_path(settings.database_url), settings.backups_dir)
    service = DailyBackupService(store, clock, enabled=settings.backup.daily, keep=max(1, settings.backup.keep))
    if settings.backup.daily:
        workers.add("daily-backup", service.worker)
    return service


def _backup_to(settings: Settings, destination: Path) -> BackupRecord:
    info = db_backup.backup(db_backup.database_path(settings.database_url), destination)
    return BackupRecord(str(info.path), info.bytes, info.created_at)


def _demo_builder(uow_factory: SqlUnitOfWorkFactory, clock: Clock, live: LiveContext) -> DemoBuilder:
    from kiosk.services.demo import DemoBuilder

    return DemoBuilder(uow_factory, clock, live)


def _analytics(engine: Engine, clock: Clock, live: LiveContext, scopes: ChainScopes) -> AnalyticsService:
    from kiosk.adapters.db.analytics import SqlAnalytics
    from kiosk.adapters.db.cache_view import CacheView
    from kiosk.services.analytics import AnalyticsService

    view = CacheView()  # the period summary's day flows are the liability trend's: brought up to date once
    return AnalyticsService(SqlAnalytics(engine, view=view), SqlReports(engine, view=view), clock, live, scopes)


def _settings_admin(uow_factory: UnitOfWorkFactory, clock: Clock, live: LiveContext, current: _CurrentSettings,
                    reload_settings: Any) -> SettingsAdmin:
    from kiosk.services.settings_admin import SettingsAdmin
    from kiosk.settings_file import TomlSettingsStore

    return SettingsAdmin(uow_factory, clock, live, TomlSettingsStore(lambda: current.settings),
                         on_applied=reload_settings)


def _qr_decoder() -> CodeDecoder:
    from kiosk.adapters.scanning.decoder import QrDecoder

    return QrDecoder()


__all__ = ["Wiring", "build_app", "build_demo", "open_database", "qr_matrix", "wire"]
