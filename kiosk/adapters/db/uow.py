"""The SQL unit of work: one transaction per use case, its repositories, and storage errors a cashier can read."""

from __future__ import annotations

from typing import TypeGuard

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from kiosk.adapters.db.repositories.offers import SqlOffers
from kiosk.domain.errors import Conflict, StorageError
from kiosk.services.ports import (
    AuditLog,
    CommandLog,
    KeyStore,
    KeyValue,
    LedgerRepository,
    MemberRepository,
    Outbox,
    PrintJobs,
    SaleRepository,
    StaffRepository,
    TierRepository,
    VoucherRepository,
)
from kiosk.services.ports.offers import OfferStore
from kiosk.services.ports.records import RecordChain

from .repositories import (
    SqlAudit,
    SqlCommands,
    SqlKeys,
    SqlKeyValue,
    SqlLedger,
    SqlMembers,
    SqlOutbox,
    SqlPrintJobs,
    SqlSales,
    SqlStaff,
    SqlTiers,
    SqlVouchers,
)
from .repositories.records import SqlRecordChain

__all__ = ["SqlUnitOfWork", "SqlUnitOfWorkFactory", "is_storage_failure", "storage_error"]


class SqlUnitOfWork:
    """One database transaction. Leaving the block without commit() rolls everything back."""

    # Typed as the ports, not the Sql classes: a UnitOfWork's attributes are writable, so the protocol match
    # needs the very same types (and each repository is still checked against its port where it is assigned).
    members: MemberRepository
    ledger: LedgerRepository
    sales: SaleRepository
    staff: StaffRepository
    commands: CommandLog
    outbox: Outbox
    print_jobs: PrintJobs
    vouchers: VoucherRepository
    keys: KeyStore
    audit: AuditLog
    tiers: TierRepository
    offers: OfferStore
    kv: KeyValue
    records: RecordChain

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self.conn: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        conn = None
        try:
            conn = self.engine.connect()
            if self.readonly:
                conn = conn.execution_options(kiosk_readonly=True)
            conn.begin()
        except DatabaseError as exc:
            if conn is not None:
                conn.close()
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc
        self.conn = conn
        self.members = SqlMembers(conn)
        self.ledger = SqlLedger(conn)
        self.sales = SqlSales(conn)
        self.staff = SqlStaff(conn)
        self.commands = SqlCommands(conn)
        self.outbox = SqlOutbox(conn)
        self.print_jobs = SqlPrintJobs(conn)
        self.vouchers = SqlVouchers(conn)
        self.keys = SqlKeys(conn)
        self.audit = SqlAudit(conn)
        self.tiers = SqlTiers(conn)
        self.offers = SqlOffers(conn)
        self.kv = SqlKeyValue(conn)
        self.records = SqlRecordChain(conn)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self.conn is not None
        try:
            if self.conn.in_transaction():
                self.conn.rollback()
        finally:
            self.conn.close()
            self.conn = None
        if isinstance(exc, IntegrityError):
            raise Conflict("storage.integrity_conflict") from exc
        if is_storage_failure(exc):
            raise storage_error(exc) from exc

    def commit(self) -> None:
        assert self.conn is not None
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        try:
            self.conn.commit()
        except DatabaseError as exc:
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc

    def rollback(self) -> None:
        assert self.conn is not None
        self.conn.rollback()


def is_storage_failure(exc: object) -> TypeGuard[DatabaseError]:
    """Locked, full, unreadable or corrupt: SQLite says "malformed"/"not a database" with a bare DatabaseError."""
    return isinstance(exc, OperationalError) or type(exc) is DatabaseError


def storage_error(exc: Exception) -> StorageError:
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("storage.disk_full")
    if "locked" in text or "busy" in text:
        return StorageError("storage.database_locked")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StorageError("storage.database_corrupt")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return StorageError("storage.database_unavailable")
    return StorageError("storage.database_error", value=str(exc).splitlines()[0][:200])


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=readonly)
