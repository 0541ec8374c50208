"""The one composition root: settings -> engine -> unit of work -> adapters -> services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from kiosk.adapters.db import backup as db_backup
from kiosk.adapters.db.engine import make_engine
from kiosk.adapters.db.migrate import upgrade
from kiosk.adapters.db.reports import SqlReports
from kiosk.adapters.db.uow import SqlUnitOfWorkFactory, audit_canonical
from kiosk.config import Settings
from kiosk.services.accounts import AccountService
from kiosk.services.checkout import CheckoutService
from kiosk.services.context import ShopContext, SystemClock
from kiosk.services.enrollment import EnrollmentService
from kiosk.services.expiry import ExpiryService
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
    extras: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        for closer in self.extras.get("_closers", []):
            closer()
        self.engine.dispose()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_app(settings: Settings, *, clock: Clock | None = None, role: str = "counter", migrate: bool = True) -> App:
    settings = settings.for_role(role)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    clock = clock or SystemClock()
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
    )
    return app


def _ensure_install(uow_factory: SqlUnitOfWorkFactory) -> None:
    """First start: the shop's code-signing key is created here, on the machine, never shipped."""
    with uow_factory() as uow:
        uow.keys.active()
        uow.commit()


def backup_database(app: App, destination) -> db_backup.BackupInfo:  # type: ignore[no-untyped-def]
    return db_backup.backup(db_backup.database_path(app.settings.database_url), destination)
