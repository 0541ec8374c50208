"""Manager tables: a cache of daily ledger flows, kept current from the append-only postings by sequence."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, String, Table

from . import tables as t
from .tables import metadata

# The program side of every posting, summed per business day, account, unit and entry kind. The ledger is
# append-only, so folding in postings past the last sequence seen keeps it exact; the daily summary and the
# liability trend then read a few hundred rows instead of joining millions of postings to their entries.
ledger_day_flows = Table(
    "ledger_day_flows",
    metadata,
    Column("business_date", Date, primary_key=True),
    Column("account", String(96), primary_key=True),
    Column("unit", String(32), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("amount", BigInteger, nullable=False),
)

FLOWS_SEQ_KEY = "analytics:day_flows_posting_seq"

# The 0004 indexes, declared here too so the metadata matches the migrated schema.
Index("ix_sales_date_member", t.sales.c.business_date, t.sales.c.member_id, t.sales.c.status, t.sales.c.total_minor)
Index("ix_ledger_entries_kind_date_member", t.ledger_entries.c.kind, t.ledger_entries.c.business_date,
      t.ledger_entries.c.member_id)
Index("ix_member_tiers_tier", t.member_tiers.c.tier)
