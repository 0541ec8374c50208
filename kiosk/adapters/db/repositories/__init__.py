"""The SQL repositories (SQLAlchemy Core), one module per aggregate; each works on the unit of work's connection."""

from __future__ import annotations

from .audit import SqlAudit
from .commands import SqlCommands
from .keys import SqlKeys
from .kv import SqlKeyValue
from .ledger import SqlLedger
from .members import SqlMembers, SqlTiers
from .outbox import SqlOutbox, SqlPrintJobs
from .sales import SqlSales
from .staff import SqlStaff
from .vouchers import SqlVouchers

__all__ = ["SqlAudit", "SqlCommands", "SqlKeyValue", "SqlKeys", "SqlLedger", "SqlMembers", "SqlOutbox",
           "SqlPrintJobs", "SqlSales", "SqlStaff", "SqlTiers", "SqlVouchers"]
