"""Counter tables: sales parked while another customer is served (not sales yet: no ledger, no receipt)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from kiosk.adapters.db.tables import UTCDateTime, metadata

parked_sales = Table(
    "parked_sales",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("device_id", String(32), nullable=False),  # each counter lists the sales parked on it
    Column("parked_at", UTCDateTime(), nullable=False),
    Column("seq", Integer, nullable=False),  # this counter's order of parking (two in one clock tick stay in order)
    Column("staff_id", String(32), nullable=True),
    Column("member_id", String(32), nullable=True),  # no foreign key: the member is looked up again on recall
    Column("member_name", String(120), nullable=True),  # as the counter showed it (masked), to tell sales apart
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("item_count", Integer, nullable=False),
    Column("lines_json", Text, nullable=False),  # the basket's lines in both languages, with their options
    Column("vouchers_json", Text, nullable=False, server_default="[]"),  # vouchers noted for its checkout
)
Index("ix_parked_sales_device", parked_sales.c.device_id, parked_sales.c.seq)
