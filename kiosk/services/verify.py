"""`kiosk verify`: the ledger invariants and both hash chains, checked against the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo

from kiosk.domain.ledger import GENESIS_HASH, ChainedEntry, EntryKind, installation_of, verify_chain
from kiosk.domain.money import Money
from kiosk.domain.refunds import status_after_refunds
from kiosk.domain.text import Phrase
from kiosk.domain.validators import LedgerValidator, Problem, awards_given_twice, expired_spends
from kiosk.services.ports.audit import AuditCanonical
from kiosk.services.ports.records import RecordChain
from kiosk.services.ports.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class VerifyReport:
    entries_checked: int
    audit_records_checked: int
    problems: tuple[Problem, ...]  # catalogue codes with the ids and amounts they name (kiosk/l10n/verify.py)
    records_checked: int = 0  # sales, refunds and vouchers

    @property
    def ok(self) -> bool:
        return not self.problems


def _audit_hash(prev: str, canonical: str) -> str:
    return hashlib.sha256((prev + canonical).encode()).hexdigest()


class VerifyService:
    def __init__(self, uow_factory: UnitOfWorkFactory, audit_canonical: AuditCanonical, *, tz: tzinfo) -> None:
        self.uow_factory = uow_factory
        self.audit_canonical = audit_canonical
        self.tz = tz  # the shop's time zone: a lot is good through the business day of its date

    def run(self) -> VerifyReport:
        """Reads each device's ledger chain once: the hash chain and the domain's validators see every entry."""
        chain_problems: list[Problem] = []
        audits = 0
        validator = LedgerValidator()
        with self.uow_factory(readonly=True) as uow:
            ledger = uow.ledger
            for device in sorted(ledger.devices()):
                end = _ChainEnd(uow.kv.get(f"chain_head:{device}"))
                chain_problems += verify_chain(_fed(ledger.iter_chain(device), validator, end))
                if (problem := end.problem(device, "ledger_entries")) is not None:
                    chain_problems.append(problem)
            ledger_problems = validator.finish(ledger.cached_balances(), ledger.get_many)
            ledger_problems += list(expired_spends(ledger.iter_member_moves(), self.tz))
            # an entry's postings are read by the numbers it recorded: one slipped in beside them is named here
            ledger_problems += [Phrase("verify.stray_posting", {"posting": seq, "entry": entry_id})
                                for seq, entry_id in ledger.stray_postings()]
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
                        chain_problems.append(Phrase("verify.audit_chain_broken", {"record": rec.id}))
                    canonical = self.audit_canonical(rec.id, rec.at, rec.device_id, rec.staff_id, rec.action,
                                                     rec.subject, rec.details_json)
                    if _audit_hash(rec.prev_hash, canonical) != rec.hash:
                        chain_problems.append(Phrase("verify.audit_edited", {"record": rec.id, "action": rec.action}))
                    expected = rec.hash
                if (problem := end.problem(device, "audit_records")) is not None:
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

    def problem(self, device: str, what: str) -> Problem | None:
        """Why the stored head does not match the last row: rows added behind the app's back, or deleted.
        `what` names the rows: ledger_entries, audit_records or records."""
        if self.last is None or self.head == self.last[1]:
            return None
        params: dict[str, object] = {"device": device, "what": Phrase(f"verify.what.{what}")}
        if self.head_row is not None:
            return Phrase("verify.head.added", {**params, "rows": tuple(self.after_head), "head": self.head_row})
        if self.head is None:
            return Phrase("verify.head.missing", params)
        return Phrase("verify.head.deleted", {**params, "last": self.last[0]})


NAMES = {"sales": "sale", "refunds": "refund", "vouchers": "voucher"}


def _named(table: str, label: str) -> Phrase:
    """A sale, a refund or a voucher by the receipt number or code people know it by."""
    kind = NAMES.get(table)
    if kind is None:
        return Phrase("verify.record.other", {"table": table, "label": label})
    return Phrase(f"verify.record.{kind}", {"label": label})


def _records(chain: RecordChain) -> tuple[int, list[Problem]]:
    """Every sale, refund and voucher against its link: edited, deleted, added behind the app's back, or a
    broken chain. Rows are named by the receipt number or voucher code people know them by."""
    problems: list[Problem] = []
    checked = 0
    for device in chain.devices():
        prev = GENESIS_HASH
        end = _ChainEnd(chain.head(device))
        for link in chain.iter_chain(device):
            checked += 1
            end.see(link.record_id, link.hash)
            name = _named(link.table, link.label)
            if link.prev_hash != prev or link.hash != link.expected_hash:
                problems.append(Phrase("verify.record.chain_broken", {"record": name, "device": device}))
            if not link.present:
                problems.append(Phrase("verify.record.deleted", {"record": name, "id": link.record_id}))
            elif link.now != link.digest:
                problems.append(Phrase("verify.record.edited", {"record": name}))
            prev = link.hash
        if (problem := end.problem(device, "records")) is not None:
            problems.append(problem)
    for table, record_id, label in chain.unlinked():
        problems.append(Phrase("verify.record.added", {"record": _named(table, label), "id": record_id}))
    return checked, problems


def _refunds(chain: RecordChain) -> list[Problem]:
    """A sale's money given back and its status must be what its refunds say."""
    problems: list[Problem] = []
    for sale, refunds in chain.refunded_sales():
        given = sum(r.amount_minor for r in refunds)
        if given != sale.refunded_minor:
            problems.append(Phrase("verify.refund_total", {
                "receipt": sale.receipt_no, "recorded": Money(sale.refunded_minor, sale.currency),
                "given": Money(given, sale.currency)}))
        expected = status_after_refunds(tuple(ln.quantity for ln in sale.lines),
                                        [(r.kind, r.lines) for r in refunds])
        if sale.status != expected:
            problems.append(Phrase("verify.refund_status", {"receipt": sale.receipt_no,
                                                            "recorded": Phrase(f"sale_status.{sale.status}"),
                                                            "expected": Phrase(f"sale_status.{expected}")}))
    return problems


def _vouchers(chain: RecordChain) -> list[Problem]:
    """A voucher's row must say what its unit in the ledger says: used once, or not yet.

    A voucher redeemed once on each of two installations apart (each saw it unused) is, like a refund, an offer or
    a challenge's bonus given twice that way, the hub's known conflict: `kiosk hub conflicts` lists it for the
    manager to write off, and the ledger is sound. It is a problem here only when one installation redeemed it
    twice, which no sync explains."""
    problems: list[Problem] = []
    for voucher, outstanding in chain.vouchers_in_ledger():
        if outstanding < 0 and _redeemed_apart(chain.voucher_redeemed_by(voucher.id)):
            continue
        if outstanding < 0:
            problems.append(Phrase("verify.voucher.redeemed_times", {"voucher": voucher.code,
                                                                     "times": 1 - outstanding}))
        elif outstanding == 0 and voucher.redeemed_at is None:
            problems.append(Phrase("verify.voucher.marked_unused", {"voucher": voucher.code}))
        elif outstanding >= 1 and voucher.redeemed_at is not None:
            problems.append(Phrase("verify.voucher.marked_used", {"voucher": voucher.code,
                                                                  "sale": voucher.redeemed_sale_id or "-"}))
    return problems


def _redeemed_apart(devices: list[str]) -> bool:
    """Redemptions on two installations or more, at most one on each: what devices apart can do."""
    places = [installation_of(device) for device in devices]
    return len(set(places)) > 1 and all(places.count(p) == 1 for p in places)
