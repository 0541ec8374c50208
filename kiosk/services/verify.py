"""`kiosk verify`: the ledger invariants and both hash chains, checked against the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kiosk.domain.ledger import GENESIS_HASH, ChainedEntry, EntryKind, verify_chain
from kiosk.domain.refunds import status_after_refunds
from kiosk.domain.validators import LedgerValidator, awards_given_twice, expired_spends
from kiosk.services.ports.audit import AuditCanonical
from kiosk.services.ports.records import RecordChain
from kiosk.services.ports.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class VerifyReport:
    entries_checked: int
    audit_records_checked: int
    problems: tuple[str, ...]
    records_checked: int = 0  # sales, refunds and vouchers

    @property
    def ok(self) -> bool:
        return not self.problems


def _audit_hash(prev: str, canonical: str) -> str:
    return hashlib.sha256((prev + canonical).encode()).hexdigest()


class VerifyService:
    def __init__(self, uow_factory: UnitOfWorkFactory, audit_canonical: AuditCanonical) -> None:
        self.uow_factory = uow_factory
        self.audit_canonical = audit_canonical

    def run(self) -> VerifyReport:
        """Reads each device's ledger chain once: the hash chain and the domain's validators see every entry."""
        chain_problems: list[str] = []
        audits = 0
        validator = LedgerValidator()
        with self.uow_factory(readonly=True) as uow:
            ledger = uow.ledger
            for device in sorted(ledger.devices()):
                end = _ChainEnd(uow.kv.get(f"chain_head:{device}"))
                chain_problems += verify_chain(_fed(ledger.iter_chain(device), validator, end))
                if (problem := end.problem(device, "ledger entries")) is not None:
                    chain_problems.append(problem)
            ledger_problems = validator.finish(ledger.cached_balances(), ledger.get_many)
            ledger_problems += list(expired_spends(ledger.iter_member_moves()))
            for kind in (EntryKind.PROMOTION, EntryKind.CHALLENGE, EntryKind.OFFER):
                per_entry: dict[str, tuple[str, str, str | None, int, str]] = {}
                for row in ledger.awards(kind.value):
                    if row.unit.startswith(("PTS", "STAMP:")):
                        member, memo, sale, amount, device = per_entry.get(
                            row.entry_id, (row.member_id, row.memo, row.sale_id, 0, row.device_id))
                        per_entry[row.entry_id] = (member, memo, sale, amount + row.amount, device)
                ledger_problems += awards_given_twice(kind.value, per_entry.values())
            for device in sorted(uow.audit.devices()):
                expected = "0" * 64
                end = _ChainEnd(uow.kv.get(f"audit_head:{device}"))
                for rec in uow.audit.iter_chain(device):
                    end.see(rec.id, rec.hash)
                    audits += 1
                    if rec.prev_hash != expected:
                        chain_problems.append(f"audit record {rec.id}: the record before it was deleted or edited")
                    canonical = self.audit_canonical(rec.id, rec.at, rec.device_id, rec.staff_id, rec.action,
                                                     rec.subject, rec.details_json)
                    if _audit_hash(rec.prev_hash, canonical) != rec.hash:
                        chain_problems.append(f"audit record {rec.id} ({rec.action}): edited after it was written")
                    expected = rec.hash
                if (problem := end.problem(device, "audit records")) is not None:
                    chain_problems.append(problem)
            records, record_problems = _records(uow.records)
            record_problems += _refunds(uow.records) + _vouchers(uow.records)
        return VerifyReport(validator.entries, audits, tuple(ledger_problems + chain_problems + record_problems),
                            records)


def _fed(rows: Iterable[ChainedEntry], validator: LedgerValidator, end: _ChainEnd) -> Iterator[ChainedEntry]:
    """The chain's rows, passing each entry to the validator and the head check on the way."""
    for row in rows:
        validator.feed(row.entry)
        end.see(row.entry.id, row.hash)
        yield row


class _ChainEnd:
    """Follows one device's chain to tell whether its stored head is the last row, without keeping the rows."""

    def __init__(self, head: str | None) -> None:
        self.head = head
        self.head_row: str | None = None  # the row whose hash the head holds, once seen
        self.after_head: list[str] = []  # rows after it: empty unless rows were added behind the app's back
        self.last: tuple[str, str] | None = None  # (id, hash) of the newest row

    def see(self, row_id: str, digest: str) -> None:
        if self.head_row is not None:
            self.after_head.append(row_id)
        elif digest == self.head:
            self.head_row = row_id
        self.last = (row_id, digest)

    def problem(self, device: str, what: str) -> str | None:
        """Why the stored head does not match the last row: rows added behind the app's back, or deleted."""
        if self.last is None or self.head == self.last[1]:
            return None
        if self.head_row is not None:
            return (f"device {device}: {what} {', '.join(self.after_head)} were added behind the app's back "
                    f"(the chain head is {self.head_row})")
        if self.head is None:
            return f"device {device}: {what} exist with no chain head: they were not written by the app"
        return f"device {device}: the newest {what} were deleted (the chain head does not match {self.last[0]})"


NAMES = {"sales": "sale", "refunds": "refund", "vouchers": "voucher"}


def _records(chain: RecordChain) -> tuple[int, list[str]]:
    """Every sale, refund and voucher against its link: edited, deleted, added behind the app's back, or a
    broken chain. Rows are named by the receipt number or voucher code people know them by."""
    problems: list[str] = []
    checked = 0
    for device in chain.devices():
        prev = GENESIS_HASH
        end = _ChainEnd(chain.head(device))
        for link in chain.iter_chain(device):
            checked += 1
            end.see(link.record_id, link.hash)
            name = f"{NAMES.get(link.table, link.table)} {link.label}"
            if link.prev_hash != prev or link.hash != link.expected_hash:
                problems.append(f"{name}: the record chain of device {device} was broken here "
                                "(a record before it was deleted or edited)")
            if not link.present:
                problems.append(f"{name} ({link.record_id}) was deleted")
            elif link.now != link.digest:
                problems.append(f"{name} was edited after it was written")
            prev = link.hash
        if (problem := end.problem(device, "records")) is not None:
            problems.append(problem)
    for table, record_id, label in chain.unlinked():
        problems.append(f"{NAMES.get(table, table)} {label} ({record_id}) was added behind the app's back")
    return checked, problems


def _refunds(chain: RecordChain) -> list[str]:
    """A sale's money given back and its status must be what its refunds say."""
    problems = []
    for sale, refunds in chain.refunded_sales():
        given = sum(r.amount_minor for r in refunds)
        if given != sale.refunded_minor:
            problems.append(f"sale {sale.receipt_no} records {sale.refunded_minor} given back, its refunds add up "
                            f"to {given}")
        expected = status_after_refunds(tuple(ln.quantity for ln in sale.lines),
                                        [(r.kind, r.lines) for r in refunds])
        if sale.status != expected:
            problems.append(f"sale {sale.receipt_no} says {sale.status}, its refunds say {expected}")
    return problems


def _vouchers(chain: RecordChain) -> list[str]:
    """A voucher's row must say what its unit in the ledger says: used once, or not yet."""
    problems = []
    for voucher, outstanding in chain.vouchers_in_ledger():
        if outstanding < 0:
            problems.append(f"voucher {voucher.code} was redeemed {1 - outstanding} times")
        elif outstanding == 0 and voucher.redeemed_at is None:
            problems.append(f"voucher {voucher.code} is marked unused, but the ledger shows it redeemed")
        elif outstanding >= 1 and voucher.redeemed_at is not None:
            problems.append(f"voucher {voucher.code} is marked used by sale {voucher.redeemed_sale_id}, but the "
                            "ledger shows it unused")
    return problems
