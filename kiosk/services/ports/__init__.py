"""Ports: what the use cases need from the outside world, as Protocols and the values that cross them.
Adapters implement them; services import them and nothing from the adapters.

One module per concern:

    clock.py       Clock
    members.py     MemberRepository, MemberCard, TierRepository
    ledger.py      LedgerRepository, PostingRow
    sales.py       SaleRepository, SaleRecord, RefundRecord
    staff.py       StaffRepository
    vouchers.py    VoucherRepository, Voucher
    keys.py        KeyStore, SigningKey
    audit.py       AuditLog, AuditRecord, AuditCanonical
    records.py     RecordChain, RecordLink: sales, refunds and vouchers digested and chained per device
    uow.py         UnitOfWork, UnitOfWorkFactory, CommandLog, Outbox, PrintJobs, KeyValue
    stripe.py      SyncGateway: what the sync worker asks of Stripe, its values and errors
    sync_store.py  SyncStore: the sync worker's outbox claims, customer links, cursors and lease
    scanning.py    CodeDecoder: camera frames to codes
    analytics.py   AnalyticsQueries: program health's sums and counts, and the months they speak in
    printing.py    ReceiptPrinter, PrintQueue, PrintJob, PrinterStatus and a printer's errors

The print queue's ports stay in kiosk/services/printing.py, and a few single-service stores (feedback,
self-service attempts, reports, backups, settings) stay next to the service that uses them.

The names of the original ports.py are re-exported here, so `from kiosk.services.ports import UnitOfWork`
keeps working; new code inside kiosk/services imports from the module that holds the name.
"""

from kiosk.services.ports.audit import AuditLog, AuditRecord
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.keys import KeyStore, SigningKey
from kiosk.services.ports.ledger import LedgerRepository, PostingRow
from kiosk.services.ports.members import MemberCard, MemberRepository, TierRepository
from kiosk.services.ports.records import RecordChain, RecordLink
from kiosk.services.ports.sales import RefundRecord, SaleRecord, SaleRepository
from kiosk.services.ports.staff import StaffRepository
from kiosk.services.ports.uow import CommandLog, KeyValue, Outbox, PrintJobs, UnitOfWork, UnitOfWorkFactory
from kiosk.services.ports.vouchers import Voucher, VoucherRepository

__all__ = [
    "AuditLog", "AuditRecord", "Clock", "CommandLog", "KeyStore", "KeyValue", "LedgerRepository", "MemberCard",
    "MemberRepository", "Outbox", "PostingRow", "PrintJobs", "RecordChain", "RecordLink", "RefundRecord",
    "SaleRecord", "SaleRepository", "SigningKey", "StaffRepository", "TierRepository", "UnitOfWork",
    "UnitOfWorkFactory", "Voucher", "VoucherRepository",
]
