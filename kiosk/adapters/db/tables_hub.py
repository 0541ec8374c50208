"""A device's side of the hub (issue 14): its outgoing journal, the changes to rows that are edited in place, and
the directory of the shop's devices as the hub last told it.

Nothing here is written on a sale's own commit. The sync worker turns what the device wrote (ledger entries,
audit records, record links, changed rows) into journal items in its own transactions, numbers them without
gaps and chains their hashes; the hub accepts a device's items only in that order and only when they chain.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, String, Table, Text, false

from kiosk.adapters.db.tables import SeqKey, UTCDateTime, metadata

# kv key holding {"install_id", "shop_id", "shop_name"} once this device joined a hub (SqlHubStore writes it;
# the chain directory reads it without loading the hub store)
HUB_INSTALL_KEY = "hub:install"

# One numbered, hash-chained stream per installation (a PC: its counter and its kiosk), pushed in order.
# `body` is kept only for rows edited in place (their state when journalled); entries, audit records and record
# links are append-only and their bodies are rebuilt from the rows when pushed (their own hashes prove them).
hub_journal = Table(
    "hub_journal",
    metadata,
    Column("install_seq", SeqKey, primary_key=True, autoincrement=False),  # 1, 2, 3... never a gap
    Column("kind", String(8), nullable=False),  # entry | audit | record | row
    Column("device_id", String(32), nullable=True),
    Column("ref_table", String(24), nullable=False),
    Column("ref_id", String(64), nullable=False),
    Column("inner_hash", String(64), nullable=False),  # the entry's, audit record's or link's hash; a row's digest
    Column("body", Text, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_hub_journal_ref", "ref_table", "ref_id"),
)

# Rows edited in place (members, cards, tiers, staff, signing keys, a voucher's redemption) as they change:
# filled by triggers that `kiosk hub init` or `join` installs, emptied into the journal by the sync worker.
hub_changes = Table(
    "hub_changes",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),
    Column("table_name", String(24), nullable=False),
    Column("row_id", String(64), nullable=False),
)

# The shop's (and the chain's) devices as the hub lists them: labels, shops, last contact, what each still had
# to send when it last called. Replaced whole at every sync.
hub_devices = Table(
    "hub_devices",
    metadata,
    Column("device_id", String(32), primary_key=True),
    Column("install_id", String(16), nullable=False),
    Column("shop_id", String(32), nullable=False),
    Column("shop_name", Text, nullable=False),
    Column("label", String(8), nullable=False),
    Column("role", String(8), nullable=False),  # counter | kiosk
    Column("name", Text, nullable=False),
    Column("revoked", Boolean, nullable=False, server_default=false()),
    Column("last_contact", UTCDateTime(), nullable=True),
    Column("pending", BigInteger, nullable=False, server_default="0"),
    Column("accepted", BigInteger, nullable=False, server_default="0"),
)
