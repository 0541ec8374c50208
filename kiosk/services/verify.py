"""`kiosk verify`: the ledger invariants and both hash chains, checked against the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kiosk.domain.ledger import ChainedEntry, verify_chain
from kiosk.domain.validators import LedgerValidator, expired_spends
from kiosk.services.ports.audit import AuditCanonical
from kiosk.services.ports.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class VerifyReport:
    entries_checked: int
    audit_records_checked: int
    problems: tuple[str, ...]

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
        return VerifyReport(validator.entries, audits, tuple(ledger_problems + chain_problems))


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
