"""The record chain: a digest of every sale, refund and voucher row as written, hash-chained per device.

These rows carry money or value but are not ledger entries: a sale's total, who it belongs to, a voucher's
reward. Each gets a link when it is written; `kiosk verify` recomputes the digest from the row as it is now
(`RecordLink.now`) and walks each device's chain, so an edited, deleted or smuggled-in row is named.

A few columns change by design and are left out of the digest; verify reconciles them with what they follow
from instead: a sale's status and money given back (its refunds), a voucher's redemption (its unit in the
ledger).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.engine import Connection

from kiosk.domain.ledger import EntryKind, ProgramAccount
from kiosk.services.ports import RefundRecord, SaleRecord, Voucher
from kiosk.services.ports.records import RecordLink

from .. import tables as t
from .links import LABELS, TABLES, digest, head_key, link_hash
from .sales import SqlSales, sale_from_row
from .vouchers import voucher_from_row


class SqlRecordChain:
    """kiosk.services.ports.records.RecordChain on the shop database."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def devices(self) -> list[str]:
        return sorted(self.conn.execute(select(t.record_chain.c.device_id).distinct()).scalars())

    def head(self, device_id: str) -> str | None:
        return self.conn.execute(select(t.kv.c.value).where(t.kv.c.key == head_key(device_id))).scalar()

    def iter_chain(self, device_id: str) -> Iterator[RecordLink]:
        c = t.record_chain
        last = -1
        while True:
            links = self.conn.execute(select(c).where(c.c.device_id == device_id, c.c.seq > last)
                                      .order_by(c.c.seq).limit(2000)).all()
            if not links:
                return
            rows: dict[tuple[str, str], dict[str, Any]] = {}
            for table in {link.record_table for link in links}:
                source = TABLES.get(table)
                if source is None:
                    continue
                ids = [link.record_id for link in links if link.record_table == table]
                for found in self.conn.execute(select(source).where(source.c.id.in_(ids))):
                    rows[(table, found.id)] = dict(found._mapping)
            for link in links:
                row = rows.get((link.record_table, link.record_id))
                yield RecordLink(
                    table=link.record_table, record_id=link.record_id,
                    label=link.label, present=row is not None,
                    digest=link.digest, now=digest(link.record_table, row) if row is not None else None,
                    prev_hash=link.prev_hash, hash=link.hash,
                    expected_hash=link_hash(link.prev_hash, link.record_table, link.record_id, link.digest))
            last = links[-1].seq

    def refunded_sales(self) -> Iterator[tuple[SaleRecord, list[RefundRecord]]]:
        s, r = t.sales, t.refunds
        refunded = select(r.c.sale_id)
        sales = SqlSales(self.conn)
        query = select(s).where((s.c.status != "completed") | (s.c.refunded_minor != 0) | s.c.id.in_(refunded))
        for row in self.conn.execute(query.execution_options(yield_per=1000)).all():
            yield sale_from_row(row), sales.refunds_for(row.id)

    def vouchers_in_ledger(self) -> Iterator[tuple[Voucher, int]]:
        v, b = t.vouchers, t.account_balances
        unit = literal("VOUCHER:") + v.c.id
        query = (select(v, b.c.balance).join(b, (b.c.unit == unit) & (b.c.account == ProgramAccount.VOUCHERS.value))
                 .execution_options(yield_per=1000))
        for row in self.conn.execute(query).all():
            yield voucher_from_row(row), int(row.balance)

    def voucher_redeemed_by(self, voucher_id: str) -> list[str]:
        p, e = t.postings, t.ledger_entries
        query = (select(e.c.device_id).join(p, t.entry_postings(p, e))
                 .where(p.c.unit == f"VOUCHER:{voucher_id}", p.c.account == ProgramAccount.VOUCHERS.value,
                        p.c.amount < 0, e.c.kind == EntryKind.VOUCHER_REDEEMED.value)
                 .order_by(e.c.created_at, e.c.id))
        return [str(row.device_id) for row in self.conn.execute(query)]

    def unlinked(self) -> Iterator[tuple[str, str, str]]:
        """(table, id, label) of every value-carrying row that no link covers: added behind the app's back."""
        c = t.record_chain
        for table, source in TABLES.items():
            linked = select(c.c.record_id).where(c.c.record_table == table)
            label = source.c[LABELS[table]]
            for row_id, row_label in self.conn.execute(select(source.c.id, label).where(source.c.id.not_in(linked))):
                yield table, row_id, str(row_label)
