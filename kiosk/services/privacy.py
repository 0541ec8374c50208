"""Members' privacy rights (Thailand's PDPA, like GDPR): a full data export and erasure on request.

Erasure wipes the personal fields and revokes the cards but keeps the ledger, sales and vouchers under the
member's opaque id, so the books still balance and `kiosk verify` stays green. Whatever the member still held
(points, store credit, stamps, free items) moves to breakage (`program:expired`) in one `erasure` entry: the
shop should not carry a liability it owes to nobody, and the entry makes the write-off visible in the books
and the audit trail. Printed vouchers stay valid: they are bearer rewards already paid for with points.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from kiosk.domain.commands import EraseMember
from kiosk.domain.ledger import POINTS, EntryKind, Posting, ProgramAccount, member_of, transfer
from kiosk.domain.serialization import encode
from kiosk.domain.text import Phrase
from kiosk.services.common import EntryWriter, find_member, require_manager
from kiosk.services.ports import UnitOfWork
from kiosk.services.usecase import Tx, UseCases

ERASED_NAME = "Erased member"
EXPORT_FORMAT = "loyalty-kiosk/member-export/1"


@dataclass(frozen=True)
class MemberExport:
    """Everything the shop holds about one member, as plain JSON-ready values."""

    format: str
    exported_at: datetime
    shop: str
    profile: dict[str, Any]
    consent: dict[str, Any]
    cards: list[dict[str, Any]] = field(default_factory=list)
    balances: dict[str, Any] = field(default_factory=dict)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    sales: list[dict[str, Any]] = field(default_factory=list)
    vouchers: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(encode(self), ensure_ascii=False, indent=2, sort_keys=False)


@dataclass(frozen=True)
class ErasureResult:
    member_id: str
    erased_at: datetime
    entry_id: str | None  # the erasure entry moving balances to breakage (None: nothing was held)
    written_off: dict[str, int]  # unit -> amount moved to breakage (points, minor units of credit, stamps...)
    cards_revoked: int


class PrivacyService(UseCases):
    def export(self, code_or_phone: str, *, approved_by: str | None, staff_id: str | None = None,
               deliver: Callable[[MemberExport], None] | None = None) -> MemberExport:
        """The member's data for a subject-access request; needs a manager and leaves an audit record.

        `deliver` hands the export over (writes the file) before the record is kept: when it raises, nothing was
        exported and nothing is recorded."""
        return self.write(lambda tx: self._export(tx, code_or_phone, approved_by=approved_by, staff_id=staff_id,
                                                  deliver=deliver))

    def _export(self, tx: Tx, code_or_phone: str, *, approved_by: str | None, staff_id: str | None,
                deliver: Callable[[MemberExport], None] | None) -> MemberExport:
        uow = tx.uow
        approver = require_manager(uow, approved_by, what=Phrase("action.member_export"), reason="member_export")
        member = find_member(uow, tx.ctx, code_or_phone)
        export = self._collect(tx, member.id)
        if deliver is not None:
            deliver(export)
        uow.audit.add(action="member.exported", at=tx.now, device_id=tx.ctx.device_id, staff_id=approver,
                      subject=member.id, details={"cashier": staff_id, "ledger_entries": len(export.ledger),
                                                  "sales": len(export.sales)})
        return export

    def erase(self, cmd: EraseMember) -> ErasureResult:
        return self.command(command_id=cmd.command_id, kind="erase", command=cmd, result_type=ErasureResult,
                            run=lambda tx: self._erase(tx, cmd))

    def _erase(self, tx: Tx, cmd: EraseMember) -> ErasureResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        approver = require_manager(uow, cmd.approved_by, what=Phrase("action.member_erase"), reason="member_erase")
        member = find_member(uow, ctx, cmd.member_code)
        held = _member_holdings(uow, member.id)
        entry_id = None
        if held:
            # Every account the member holds anything in, emptied into breakage in one balanced entry.
            postings: list[Posting] = []
            for (account, unit), amount in sorted(held.items()):
                postings += _move(account, unit, amount)
            entry = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id).write(
                kind=EntryKind.ERASURE, member_id=member.id, memo="erased on request", postings=tuple(postings))
            entry_id = entry.id
        cards = [c for c in uow.members.cards(member.id) if c.revoked_at is None]
        uow.members.revoke_cards(member.id, now)
        uow.members.update(replace(member, name=ERASED_NAME, phone=None, email=None, birthday=None, erased_at=now,
                                   marketing_consent=False))
        uow.outbox.add(topic="member.erase", payload={"member_id": member.id}, idempotency_key=f"erase-{member.id}",
                       created_at=now, member_id=member.id)
        written_off: dict[str, int] = {}
        for (_account, unit), amount in held.items():
            written_off[unit] = written_off.get(unit, 0) + amount
        uow.audit.add(action="member.erased", at=now, device_id=ctx.device_id, staff_id=approver,
                      subject=member.id, details={"cashier": cmd.staff_id, "reason": " ".join(cmd.reason.split())[:200],
                                                  "written_off": written_off, "entry_id": entry_id})
        return ErasureResult(member.id, now, entry_id, written_off, len(cards))

    def _collect(self, tx: Tx, member_id: str) -> MemberExport:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        member = uow.members.get(member_id)
        assert member is not None
        profile = {
            "member_id": member.id, "short_id": member.short_id, "name": member.name, "phone": member.phone,
            "email": member.email, "birthday": member.birthday, "language": member.language,
            "enrolled_at": member.enrolled_at, "referral_code": member.referral_code,
            "referred_by_member": bool(member.referred_by), "paid_membership": member.paid_membership,
            "paid_membership_status": member.paid_membership_status,
            "paid_membership_until": member.paid_membership_until,
        }
        consent = {"privacy_notice_version": member.consent_version, "accepted_at": member.consent_at,
                   "marketing": member.marketing_consent, "current_notice_version": ctx.privacy_notice_version}
        cards = [{"serial": c.serial, "issued_at": c.issued_at, "revoked_at": c.revoked_at}
                 for c in uow.members.cards(member.id)]
        raw = uow.ledger.member_balances(member.id)
        balances: dict[str, Any] = {"points": raw.get(POINTS, 0),
                                    "store_credit": {"minor": raw.get(ctx.currency, 0), "currency": ctx.currency}}
        balances["stamps"] = {u.split(":", 1)[1]: n for u, n in raw.items() if u.startswith("STAMP:")}
        balances["rewards_ready"] = {u.split(":", 1)[1]: n for u, n in raw.items() if u.startswith("REWARD:")}
        ledger = []
        for entry in uow.ledger.for_member(member.id):
            mine = [p for p in entry.postings if member_of(p.account) == member.id]
            ledger.append({
                "entry_id": entry.id, "at": entry.created_at, "kind": entry.kind, "sale_id": entry.sale_id,
                "memo": entry.memo if entry.kind in (EntryKind.ADJUSTMENT, EntryKind.DONATION) else "",
                "changes": [{"account": p.account.rsplit(":", 1)[1], "unit": p.unit, "amount": p.amount,
                             "expires_at": p.expires_at} for p in mine],
            })
        sales = [{"receipt_no": s.receipt_no, "at": s.created_at, "status": s.status, "currency": s.currency,
                  "subtotal_minor": s.subtotal_minor, "discount_minor": s.discount_minor,
                  "credit_paid_minor": s.credit_paid_minor, "total_minor": s.total_minor,
                  "payment_method": s.payment_method,
                  "lines": [{"sku": ln.sku, "name": ln.name, "unit_minor": ln.unit_price.minor,
                             "quantity": ln.quantity} for ln in s.lines]}
                 for s in reversed(uow.sales.recent_for_member(member.id, limit=1_000_000))]
        vouchers = [{"code": v.code, "reward_id": v.reward_id, "created_at": v.created_at, "expires_at": v.expires_at,
                     "redeemed_at": v.redeemed_at} for v in uow.vouchers.for_member(member.id)]
        return MemberExport(format=EXPORT_FORMAT, exported_at=now, shop=ctx.shop.name, profile=profile,
                            consent=consent, cards=cards, balances=balances, ledger=ledger, sales=sales,
                            vouchers=vouchers)


def _member_holdings(uow: UnitOfWork, member_id: str) -> dict[tuple[str, str], int]:
    """Nonzero balances per (account, unit) the member holds, derived from the ledger itself."""
    totals: dict[tuple[str, str], int] = {}
    for entry in uow.ledger.for_member(member_id):
        for p in entry.postings:
            if member_of(p.account) == member_id:
                totals[(p.account, p.unit)] = totals.get((p.account, p.unit), 0) + p.amount
    return {k: v for k, v in totals.items() if v}


def _move(account: str, unit: str, amount: int) -> list[Posting]:
    # A negative amount (a debt after a refund) is written off the same way: breakage goes down.
    return list(transfer(unit=unit, amount=amount, to_account=ProgramAccount.EXPIRED, from_account=account))


__all__ = ["ERASED_NAME", "ErasureResult", "MemberExport", "PrivacyService"]
