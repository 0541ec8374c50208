"""Manager tables: a cache of monthly ledger flows, kept current from the append-only postings by sequence."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, String, Table

from . import tables as t
from .tables import metadata

# Net change of what members hold, per business month and unit. The ledger is append-only, so folding in
# postings past the last sequence seen keeps it exact; it turns a 10-million-row scan into a 12-row read.
ledger_month_flows = Table(
    "ledger_month_flows",
    metadata,
    Column("month", String(7), primary_key=True),  # YYYY-MM of the entry's business date
    Column("unit", String(32), primary_key=True),
    Column("amount", BigInteger, nullable=False),
)

FLOWS_SEQ_KEY = "analytics:month_flows_posting_seq"

# The 0004 indexes, declared here too so the metadata matches the migrated schema.
Index("ix_sales_date_member", t.sales.c.business_date, t.sales.c.member_id, t.sales.c.status, t.sales.c.total_minor)
Index("ix_ledger_entries_kind_date_member", t.ledger_entries.c.kind, t.ledger_entries.c.business_date,
      t.ledger_entries.c.member_id)
Index("ix_member_tiers_tier", t.member_tiers.c.tier)
