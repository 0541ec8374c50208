"""Refunds and voids by receipt number: every loyalty movement of the sale is reversed, nothing twice."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.commands import RefundSale
from kiosk.domain.documents import ReceiptLine, RefundSlip
from kiosk.domain.errors import Conflict, InvalidInput, ManagerApprovalRequired, NotFound, PermissionDenied
from kiosk.domain.ledger import POINTS, EntryKind, Flag, member_of, reversal_postings
from kiosk.domain.money import Money
from kiosk.domain.staff import Role
from kiosk.services.accounts import build_account, loyalty_block
from kiosk.services.checkout import staff_name
from kiosk.services.common import EntryWriter
from kiosk.services.ports import RefundRecord, SaleRecord
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    sale_id: str
    receipt_no: str
    original_receipt_no: str
    kind: str
    amount: Money
    points_reversed: int  # points the sale had earned, taken back
    points_returned: int  # points the sale had spent, given back
    credit_reversed: Money
    credit_returned: Money
    stamps_reversed: int  # stamps the sale had given, taken off the card
    rewards_returned: int  # free items the sale had used, back on the card
    rewards_reversed: int  # free items the sale had completed, taken back
    vouchers_returned: int
    negative_balance: bool  # the member had already spent what was earned: flagged for the manager
    print_job: str | None


class RefundService(UseCases):
    def refund(self, cmd: RefundSale) -> RefundResult:
        if cmd.kind not in ("refund", "void"):
            raise InvalidInput("Choose refund or void.", code="bad_refund_kind")
        return self.command(command_id=cmd.command_id, kind="refund", command=cmd, result_type=RefundResult,
                            run=lambda tx: self._refund(tx, cmd))

    def _refund(self, tx: Tx, cmd: RefundSale) -> RefundResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        receipt_no = (cmd.receipt_no or "").strip().upper()
        sale = uow.sales.by_receipt(receipt_no)
        if sale is None:
            raise NotFound(f"No sale has receipt number {receipt_no or '(empty)'}.", code="receipt_not_found")
        if uow.sales.refund_for(sale.id) is not None or sale.status != "completed":
            raise Conflict(f"Sale {receipt_no} was already refunded.", code="already_refunded")
        if cmd.kind == "void" and ctx.business_date(now) != sale.business_date:
            raise InvalidInput("Only today's sales can be voided; refund older ones.", code="void_not_today")
        if ctx.policy.refund_needs_manager:
            if not cmd.approved_by:
                raise ManagerApprovalRequired("Refunds need a manager's PIN.", reason="refund")
            approver = uow.staff.get(cmd.approved_by)
            if approver is None or not approver.active or not approver.role.at_least(Role.MANAGER):
                raise PermissionDenied("Only a manager can approve a refund.", code="approver_not_manager")

        writer = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id)
        originals = [e for e in uow.ledger.for_sale(sale.id) if e.reverses_id is None]
        already = uow.ledger.reversed_ids([e.id for e in originals])
        plans = [(entry, reversal_postings(entry)) for entry in originals if entry.id not in already]
        totals = {"points_reversed": 0, "points_returned": 0, "credit_reversed": 0, "credit_returned": 0,
                  "stamps": 0, "rewards_returned": 0, "rewards_reversed": 0}
        # Judge negativity on the balances after the whole refund: undoing "earn 2 stamps" before "complete
        # the card" dips below zero for a moment, which is not a debt.
        after: dict[tuple[str, str], int] = {}
        for _entry, postings in plans:
            for p in postings:
                mid = member_of(p.account)
                if not mid:
                    continue
                key = (mid, p.unit)
                if key not in after:
                    after[key] = uow.ledger.member_balances(mid).get(p.unit, 0)
                after[key] += p.amount
                if p.unit == POINTS:
                    totals["points_reversed" if p.amount < 0 else "points_returned"] += abs(p.amount)
                elif p.unit == ctx.currency:
                    totals["credit_reversed" if p.amount < 0 else "credit_returned"] += abs(p.amount)
                elif p.unit.startswith("STAMP:") and p.amount < 0:
                    totals["stamps"] += -p.amount
                elif p.unit.startswith("REWARD:"):
                    totals["rewards_returned" if p.amount > 0 else "rewards_reversed"] += abs(p.amount)
        in_debt = {key for key, balance in after.items() if balance < 0}
        negative = bool(in_debt)
        for entry, postings in plans:
            touched = {(member_of(p.account), p.unit) for p in postings if member_of(p.account)}
            flags = (Flag.NEGATIVE_BALANCE,) if touched & in_debt else ()
            writer.write(kind=EntryKind.REVERSAL, postings=postings, member_id=entry.member_id, sale_id=sale.id,
                         reverses_id=entry.id, memo=f"{cmd.kind} of {entry.kind}", flags=flags)
        vouchers = uow.vouchers.unredeem(sale.id)
        number = uow.sales.next_number("refund:" + ctx.device_label)
        refund_receipt = f"{ctx.device_label}-R{number:05d}"
        amount = Money(sale.total_minor, sale.currency)
        uow.sales.add_refund(RefundRecord(
            id=cmd.command_id, sale_id=sale.id, receipt_no=refund_receipt, device_id=ctx.device_id, created_at=now,
            business_date=ctx.business_date(now), staff_id=cmd.staff_id, approved_by=cmd.approved_by,
            amount_minor=amount.minor, currency=amount.currency, kind=cmd.kind, reason=cmd.reason[:500],
        ))
        uow.sales.set_status(sale.id, "voided" if cmd.kind == "void" else "refunded")
        uow.audit.add(action=f"sale.{cmd.kind}", at=now, device_id=ctx.device_id, staff_id=cmd.approved_by,
                      subject=sale.id, details={"receipt_no": sale.receipt_no, "cashier": cmd.staff_id,
                                                "negative_balance": negative, "reason": cmd.reason[:200]})
        job = None
        if cmd.print_slip:
            job = self._queue_slip(tx, cmd, sale, refund_receipt, amount, totals, vouchers)
        cur = ctx.currency
        return RefundResult(
            refund_id=cmd.command_id, sale_id=sale.id, receipt_no=refund_receipt, original_receipt_no=sale.receipt_no,
            kind=cmd.kind, amount=amount, points_reversed=totals["points_reversed"],
            points_returned=totals["points_returned"], credit_reversed=Money(totals["credit_reversed"], cur),
            credit_returned=Money(totals["credit_returned"], cur), stamps_reversed=totals["stamps"],
            rewards_returned=totals["rewards_returned"], rewards_reversed=totals["rewards_reversed"],
            vouchers_returned=vouchers, negative_balance=negative, print_job=job,
        )

    def _queue_slip(self, tx: Tx, cmd: RefundSale, sale: SaleRecord, receipt_no: str, amount: Money,
                    totals: dict[str, int], vouchers: int) -> str:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        lines = tuple(ReceiptLine(ln.name, ln.quantity, ln.unit_price, ln.total, ln.sku) for ln in sale.lines)
        cur = ctx.currency
        reversal_lines = []
        if totals["points_reversed"]:
            reversal_lines.append(f"Points reversed: -{totals['points_reversed']:,}")
        if totals["points_returned"]:
            reversal_lines.append(f"Points returned: +{totals['points_returned']:,}")
        if totals["credit_reversed"]:
            reversal_lines.append(f"Cashback reversed: -{Money(totals['credit_reversed'], cur)}")
        if totals["credit_returned"]:
            reversal_lines.append(f"Store credit returned: +{Money(totals['credit_returned'], cur)}")
        if totals["stamps"]:
            reversal_lines.append(f"Stamps removed: {totals['stamps']}")
        if totals["rewards_returned"]:
            reversal_lines.append(f"Free items returned to card: {totals['rewards_returned']}")
        if totals["rewards_reversed"]:
            reversal_lines.append(f"Free items taken back: {totals['rewards_reversed']}")
        if vouchers:
            reversal_lines.append(f"Vouchers usable again: {vouchers}")
        block = None
        if sale.member_id:
            member = uow.members.get(sale.member_id)
            if member is not None and not member.is_erased:
                account = build_account(uow, ctx, member, now)
                block = loyalty_block(account, ctx, language=ctx.language)
        slip = RefundSlip(shop=ctx.shop, receipt_no=receipt_no, original_receipt_no=sale.receipt_no,
                          created_at=ctx.local(now), cashier_name=staff_name(uow, cmd.staff_id), lines=lines,
                          total_refunded=amount, reversal_lines=tuple(reversal_lines), loyalty=block,
                          language=ctx.language)
        return uow.print_jobs.add(document=slip, created_at=now, device_id=ctx.device_id, source_id=cmd.command_id)
