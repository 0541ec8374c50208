"""The one composition root: settings -> engine -> unit of work -> adapters -> services."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from kiosk.adapters.db import backup as db_backup
from kiosk.adapters.db.engine import make_engine
from kiosk.adapters.db.feedback import selfservice_extras
from kiosk.adapters.db.migrate import upgrade
from kiosk.adapters.db.reports import SqlReports
from kiosk.adapters.db.uow import SqlUnitOfWorkFactory, audit_canonical, is_storage_failure, storage_error
from kiosk.config import Settings
from kiosk.domain.errors import StorageError
from kiosk.services.accounts import AccountService
from kiosk.services.checkout import CheckoutService
from kiosk.services.context import FixedClock, ShopContext, SystemClock
from kiosk.services.enrollment import EnrollmentService
from kiosk.services.expiry import ExpiryService
from kiosk.services.partners import PartnerService
from kiosk.services.ports import Clock
from kiosk.services.redemption import RedemptionService
from kiosk.services.refunds import RefundService
from kiosk.services.reports import ReportService
from kiosk.services.staff import StaffService
from kiosk.services.verify import VerifyService


@dataclass
class App:
    """Everything a screen or command needs, wired once."""

    settings: Settings
    engine: Engine
    clock: Clock
    uow_factory: SqlUnitOfWorkFactory
    ctx: ShopContext
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
    extras: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)

    # Printing and scanning load escpos/Pillow/zxing: built on first use so the counter opens fast.
    @property
    def print_service(self) -> Any:
        return self._printing()[0]

    @property
    def printers(self) -> dict[str, Any]:
        return self._printing()[1]

    def _printing(self) -> tuple[Any, dict[str, Any]]:
        with self._lock:
            if "print_service" not in self.extras:
                from kiosk.adapters.printing.printer import build_print_service

                service, printers = build_print_service(self.settings.printers, self.engine,
                                                        device_id=self.ctx.device_id, clock=self.clock)
                self.extras.update(print_service=service, printers=printers)
            return self.extras["print_service"], self.extras["printers"]

    @property
    def qr_decoder(self) -> Any:
        with self._lock:
            if "qr_decoder" not in self.extras:
                from kiosk.adapters.scanning.decoder import QrDecoder

                self.extras["qr_decoder"] = QrDecoder()
            return self.extras["qr_decoder"]

    # Trust services (kiosk.services.keys / privacy / backups), wired by build_app into extras.
    @property
    def keys(self) -> Any:
        return self.extras["keys"]

    @property
    def privacy(self) -> Any:
        return self.extras["privacy"]

    @property
    def backups(self) -> Any:
        """The DailyBackupService (None for a PostgreSQL store, which is backed up with pg_dump)."""
        return self.extras.get("backups")

    # Manager: program health and settings edits, built on first use (only the manager screen needs them).
    @property
    def analytics(self) -> Any:
        with self._lock:
            if "analytics" not in self.extras:
                from kiosk.adapters.db.analytics import SqlAnalytics
                from kiosk.services.analytics import AnalyticsService

                self.extras["analytics"] = AnalyticsService(SqlAnalytics(self.engine), SqlReports(self.engine),
                                                            self.clock, self.ctx)
            return self.extras["analytics"]

    @property
    def settings_admin(self) -> Any:
        with self._lock:
            if "settings_admin" not in self.extras:
                from kiosk.adapters.settings_file import TomlSettingsStore
                from kiosk.services.settings_admin import SettingsAdmin

                self.extras["settings_admin"] = SettingsAdmin(
                    self.uow_factory, self.clock, self.ctx, TomlSettingsStore(lambda: self.settings),
                    on_applied=self.reload_settings)
            return self.extras["settings_admin"]

    def reload_settings(self, raw: dict[str, Any] | None = None) -> None:
        """New settings (the files re-read, or `raw` as merged by the caller) for every service: live at once."""
        from dataclasses import replace as _replace

        from kiosk.config import load_settings, settings_from_dict

        if raw is None:
            extra = [s for s in self.settings.sources[1:] if Path(s) != self.settings.data_dir / "config.toml"]
            fresh = load_settings(data_dir=self.settings.data_dir, config_file=Path(extra[-1]) if extra else None)
        else:
            fresh = settings_from_dict(raw, data_dir=self.settings.data_dir, sources=self.settings.sources)
        fresh = _replace(fresh, database_url=self.settings.database_url)
        ctx = _replace(fresh.context, device_id=self.ctx.device_id, device_label=self.ctx.device_label)
        with self._lock:
            self.settings = _replace(fresh, context=ctx)
            self.ctx = ctx
            services = [getattr(self, name, None) for name in
                        ("enrollment", "checkout", "refunds", "accounts", "redemption", "expiry", "staff",
                         "reports")] + list(self.extras.values())
            for service in services:
                if hasattr(service, "ctx") and isinstance(getattr(service, "ctx"), ShopContext):
                    service.ctx = ctx

    @staticmethod
    def qr_matrix(payload: str) -> list[list[bool]]:
        from kiosk.adapters.scanning.qr import qr_matrix

        return qr_matrix(payload)

    def wake_printer(self) -> None:
        """Start a print pass now (after a sale) instead of at the next interval."""
        wake = self.extras.get("print_wake")
        if wake is not None:
            wake.set()

    def start_workers(self, *, printing: bool = True, interval_s: float = 2.0) -> None:
        """Background threads for the print queue (and, when wired, Stripe sync); stopped by close()."""
        if printing and "print_wake" not in self.extras:
            wake = threading.Event()
            self.extras["print_wake"] = wake

            def run_printing() -> None:
                service = self.print_service
                service.start()
                service.run_forever(stop=self._stop, wake=wake, interval_s=interval_s)

            self._spawn("print-queue", run_printing)
        for name, target in self.extras.get("workers", {}).items():
            self._spawn(name, lambda target=target: target(self._stop))

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def close(self) -> None:
        self._stop.set()
        wake = self.extras.get("print_wake")
        if wake is not None:
            wake.set()
        for thread in self._threads:
            thread.join(timeout=5)
        for closer in self.extras.get("_closers", []):
            closer()
        self.engine.dispose()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_app(settings: Settings, *, clock: Clock | None = None, role: str = "counter", migrate: bool = True) -> App:
    settings = settings.for_role(role)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"The data folder {settings.data_dir} cannot be used ({exc.strerror}). "
                           "Check the drive is connected, or set KIOSK_DATA_DIR.", code="data_dir_missing") from None
    engine = make_engine(settings.database_url,
                         busy_timeout_ms=settings.raw.get("database", {}).get("busy_timeout_ms"))
    if migrate:
        try:
            upgrade(engine)
        except DBAPIError as exc:  # a damaged or locked file: the same clear message as everywhere else
            engine.dispose()
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc
    if clock is None:
        clock = FixedClock(settings.pinned_now) if settings.pinned_now is not None else SystemClock()
    uow_factory = SqlUnitOfWorkFactory(engine)
    _ensure_install(uow_factory)
    ctx = settings.context
    app = App(
        settings=settings, engine=engine, clock=clock, uow_factory=uow_factory, ctx=ctx,
        enrollment=EnrollmentService(uow_factory, clock, ctx),
        checkout=CheckoutService(uow_factory, clock, ctx),
        refunds=RefundService(uow_factory, clock, ctx),
        accounts=AccountService(uow_factory, clock, ctx),
        redemption=RedemptionService(uow_factory, clock, ctx),
        expiry=ExpiryService(uow_factory, clock, ctx),
        staff=StaffService(uow_factory, clock, ctx),
        verify=VerifyService(uow_factory, audit_canonical),
        reports=ReportService(SqlReports(engine), ctx),
        partners=PartnerService(uow_factory, clock, ctx),
    )
    app.extras.update(selfservice_extras(engine, uow_factory, clock, ctx, verification=settings.ui.kiosk_verification))
    _wire_trust(app)
    _wire_sync(app)
    return app


def _wire_sync(app: App) -> None:
    """Stripe sync: app.extras["sync"] (status even when Stripe is off), ["membership"], and its worker."""
    from kiosk.adapters.stripe.wiring import build_sync

    sync, membership = build_sync(app.settings, app.engine, app.uow_factory, app.clock, app.ctx)
    app.extras.update(sync=sync, membership=membership, online_earn=sync.online_earn)
    if sync.configured:
        app.extras.setdefault("workers", {})["stripe-sync"] = lambda stop: sync.run_forever(stop)
        app.extras.setdefault("_closers", []).append(sync.close)


def _wire_trust(app: App) -> None:
    """Key rotation, privacy rights and the daily backup worker (started by App.start_workers)."""
    from kiosk.services.backups import DailyBackupService
    from kiosk.services.keys import KeyService
    from kiosk.services.privacy import PrivacyService

    app.extras["keys"] = KeyService(app.uow_factory, app.clock, app.ctx)
    app.extras["privacy"] = PrivacyService(app.uow_factory, app.clock, app.ctx)
    if app.settings.database_url.startswith("sqlite"):
        store = db_backup.BackupDirectory(db_backup.database_path(app.settings.database_url),
                                          app.settings.backups_dir)
        service = DailyBackupService(store, app.clock, enabled=app.settings.backup.daily,
                                     keep=max(1, app.settings.backup.keep))
        app.extras["backups"] = service
        if app.settings.backup.daily:
            app.extras.setdefault("workers", {})["daily-backup"] = service.worker


def _ensure_install(uow_factory: SqlUnitOfWorkFactory) -> None:
    """First start: the shop's code-signing key is created here, on the machine, never shipped."""
    with uow_factory() as uow:
        uow.keys.active()
        uow.commit()


def backup_database(app: App, destination) -> db_backup.BackupInfo:  # type: ignore[no-untyped-def]
    return db_backup.backup(db_backup.database_path(app.settings.database_url), destination)
