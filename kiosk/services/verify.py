"""`kiosk verify`: the ledger invariants and both hash chains, checked against the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kiosk.domain.ledger import verify_chain
from kiosk.services.ports import UnitOfWorkFactory


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
    def __init__(self, uow_factory: UnitOfWorkFactory, audit_canonical) -> None:  # type: ignore[no-untyped-def]
        self.uow_factory = uow_factory
        self.audit_canonical = audit_canonical

    def run(self) -> VerifyReport:
        problems: list[str] = []
        entries = audits = 0
        with self.uow_factory(readonly=True) as uow:
            ledger = uow.ledger
            seen: list[tuple[str, str]] = []
            problems += [f"ledger entry {i} does not balance" for i in ledger.unbalanced_entry_ids()]
            problems += [f"cached balance of {a} {u} is {c}, the ledger says {d}"
                         for a, u, c, d in ledger.cache_mismatches()]
            problems += [f"{a} has a negative {u} balance ({b}) and no flagged entry explains it"
                         for a, u, b in ledger.negative_unflagged()]
            for device in sorted(ledger.devices()):
                chain = list(ledger.iter_chain(device))
                entries += len(chain)
                problems += verify_chain(chain)
                head = uow.kv.get(f"chain_head:{device}")
                if chain and head != chain[-1].hash:
                    problems.append(_head_problem(device, "ledger entries", head,
                                                  [(c.entry.id, c.hash) for c in chain]))
            for device in sorted(uow.audit.devices()):
                expected = "0" * 64
                last = None
                seen = []
                for rec in uow.audit.iter_chain(device):
                    seen.append((rec.id, rec.hash))
                    audits += 1
                    if rec.prev_hash != expected:
                        problems.append(f"audit record {rec.id}: the record before it was deleted or edited")
                    canonical = self.audit_canonical(rec.id, rec.at, rec.device_id, rec.staff_id, rec.action,
                                                     rec.subject, rec.details_json)
                    if _audit_hash(rec.prev_hash, canonical) != rec.hash:
                        problems.append(f"audit record {rec.id} ({rec.action}): edited after it was written")
                    expected = rec.hash
                    last = rec
                head = uow.kv.get(f"audit_head:{device}")
                if last is not None and head != last.hash:
                    problems.append(_head_problem(device, "audit records", head, seen))
        return VerifyReport(entries, audits, tuple(problems))


def _head_problem(device: str, what: str, head: str | None, rows: list[tuple[str, str]]) -> str:
    """Why a chain's stored head does not match its last row: rows added behind the app's back, or deleted."""
    hashes = [h for _, h in rows]
    if head in hashes:
        added = [row_id for row_id, _ in rows[hashes.index(head) + 1:]]
        return (f"device {device}: {what} {', '.join(added)} were added behind the app's back "
                f"(the chain head is {rows[hashes.index(head)][0]})")
    if head is None:
        return f"device {device}: {what} exist with no chain head: they were not written by the app"
    return f"device {device}: the newest {what} were deleted (the chain head does not match {rows[-1][0]})"
