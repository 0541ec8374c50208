"""A sale's receipt made again from what the shop keeps of the sale, once its print job is gone.

A printed sale receipt's job is deleted after the retention (kiosk.services.retention): the sale row holds its
lines, discounts, totals and payment, and the ledger what the member earned and spent on it and where they stood
after it. A reprint asked for later (by receipt number or sale id) prints this copy, marked COPY: the same lines,
totals and payments, the points and store credit earned and spent on the sale, and the balances and stamp cards
as they stood once the sale was written (what this device's ledger holds dated by then: value past its date
counts for nothing, as at the till). A sale of a member since erased prints no member part. What the shop does
not keep of that moment is left out: the change given (the cash handed over is not recorded), the tier and its
progress, what was about to expire, challenge standings and the messages of the day (a card completed, a bonus).

A refund slip (whose job is kept, but may never have been printed on this device) is made again the same way from
the refunds row and the ledger entries the refund wrote: the lines that went back, the amount, what was taken back
from or given back to the member (points, store credit, stamps, free items, vouchers, bonuses) and the member's
balances as they stood once the refund was written. Offers the refund made usable again are not in the ledger:
the copy leaves them out.

A copy of a sale refunded since (made again here, or copied from its kept job by the print service) says so at its
top and by its totals, with each refund's slip number and amount: `refund_marks`.

A voucher's slip (by its code) is made again the same way from the vouchers row, while the voucher can still be
used: a voucher the self-service kiosk issued while its printer was down printed nothing, and the customer asks
for it at the counter.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from kiosk.domain import tokens
from kiosk.domain.documents import (
    Adjustment,
    LoyaltyBlock,
    Payment,
    ReceiptLine,
    RefundNote,
    RefundSlip,
    SaleReceipt,
    StampCardView,
    VoucherSlip,
)
from kiosk.domain.errors import InvalidCode, NotFound
from kiosk.domain.events import Event
from kiosk.domain.expiry import expires_on
from kiosk.domain.ledger import (
    POINTS,
    EntryKind,
    lot_book,
    member_of,
    reward_unit,
    stamps_unit,
)
from kiosk.domain.members import Member, mask_name
from kiosk.domain.money import Money
from kiosk.domain.programs import points as points_rules
from kiosk.domain.programs.engine import discount_said
from kiosk.services.checkout import staff_name
from kiosk.services.common import member_code, voucher_refusal
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork
from kiosk.services.ports.sales import RefundRecord, SaleRecord
from kiosk.services.refund_events import dead_taken, reversal_events, reversal_totals, vouchers_given_back
from kiosk.services.refunds import SALE_BONUS_KINDS, refund_receipt_lines, whole_sale_lines
from kiosk.services.usecase import Tx, UseCases

# the entries of a sale whose points the receipt printed as earned on it (the quote's, a challenge's, an offer's)
EARNED_ON_SALE = frozenset({EntryKind.SALE_EARN, EntryKind.PROMOTION, EntryKind.CHALLENGE, EntryKind.OFFER})


Copy = SaleReceipt | RefundSlip | VoucherSlip


class ReceiptCopies(UseCases):
    def document(self, reference: str) -> tuple[str, Copy] | None:
        """A sale's receipt (by receipt number or sale id) or a refund's slip (by its receipt number) made again as
        a COPY, or an unused voucher's slip (by its code), with the id of the sale, refund or voucher it is of;
        None: no such sale, refund or voucher."""
        reference = reference.strip()
        if not reference:
            return None

        def run(tx: Tx) -> tuple[str, Copy] | None:
            sale = _copy(tx, reference)
            if sale is not None:
                return sale
            refund = tx.uow.sales.refund_by_receipt(reference)
            if refund is not None:
                return refund.id, _refund_slip(tx, refund)
            return _voucher_slip(tx, reference)

        return self.read(run)

    def refund_marks(self, receipt: SaleReceipt) -> SaleReceipt:
        """`receipt` (a kept job's copy) marked with the refunds of its sale since, if any."""
        return self.read(lambda tx: _marked(tx, receipt))


def _marked(tx: Tx, receipt: SaleReceipt) -> SaleReceipt:
    sale = tx.uow.sales.by_receipt(receipt.receipt_no)
    if sale is None or sale.status not in ("refunded", "partly_refunded", "voided"):
        return receipt
    notes = tuple(RefundNote(r.receipt_no, Money(r.amount_minor, r.currency), "void" if r.kind == "void" else "refund")
                  for r in sorted(tx.uow.sales.refunds_for(sale.id), key=lambda r: r.created_at))
    return dataclasses.replace(receipt, refund_state=sale.status, refunds=notes)


def _voucher_slip(tx: Tx, reference: str) -> tuple[str, VoucherSlip] | None:
    """An unused voucher's slip made again (what IssueVoucher printed); a used or past one is refused."""
    uow, ctx = tx.uow, tx.ctx
    try:
        voucher = uow.vouchers.by_code(tokens.normalize(reference))
    except InvalidCode:
        return None
    if voucher is None:
        return None
    if (refused := voucher_refusal(uow, ctx, voucher, tx.now)) is not None:
        raise refused
    member = uow.members.get(voucher.member_id) if voucher.member_id else None
    lang = member.language if member is not None and member.language in ("th", "en") else ctx.language
    reward = ctx.programs.reward(voucher.reward_id)
    return voucher.id, VoucherSlip(
        shop=ctx.shop, voucher_code=voucher.code, reward_name=reward.label(lang) if reward else voucher.reward_id,
        created_at=ctx.local(voucher.created_at),
        member_name=mask_name(member.name) if member is not None and not member.is_erased else None,
        expires_on=expires_on(voucher.expires_at, ctx.tz) if voucher.expires_at else None, language=lang)


def _copy(tx: Tx, reference: str) -> tuple[str, SaleReceipt] | None:
    sale = tx.uow.sales.by_receipt(reference) or tx.uow.sales.get(reference)
    if sale is None:
        return None
    return sale.id, _marked(tx, _receipt(tx, sale))


def _receipt(tx: Tx, sale: SaleRecord) -> SaleReceipt:
    uow, ctx = tx.uow, tx.ctx
    currency = sale.currency
    payments = [Payment(sale.payment_method, Money(sale.total_minor, currency))]
    if sale.credit_paid_minor:
        payments.append(Payment("store_credit", Money(sale.credit_paid_minor, currency)))
    return SaleReceipt(
        shop=ctx.shop, receipt_no=sale.receipt_no, created_at=ctx.local(sale.created_at),
        cashier_name=staff_name(uow, sale.staff_id),
        lines=tuple(ReceiptLine(ln.name, ln.quantity, ln.unit_price, ln.total, ln.sku, ln.options)
                    for ln in sale.lines),
        subtotal=Money(sale.subtotal_minor, currency),
        total=Money(sale.total_minor + sale.credit_paid_minor, currency),
        adjustments=tuple(Adjustment(d.label, -d.amount, discount_said(d.kind, d.label, d.points_cost,
                                                                       rewards=ctx.programs.points.rewards))
                          for d in sale.discounts),
        payments=tuple(payments), loyalty=_loyalty(tx, sale), language=ctx.language, is_copy=True,
    )


def _refund_slip(tx: Tx, refund: RefundRecord) -> RefundSlip:
    uow, ctx = tx.uow, tx.ctx
    sale = uow.sales.get(refund.sale_id)
    if sale is None:  # a refund row always has its sale (a foreign key): never reached
        raise NotFound("printer.job_not_found", reference=refund.receipt_no)
    back = refund.lines or whole_sale_lines(sale)
    lines = refund_receipt_lines(sale, back)
    member = uow.members.get(sale.member_id) if sale.member_id else None
    reversals: tuple[Event, ...] = ()
    block = None
    if member is not None:
        # the entries the refund wrote (its request id is the refund's id), each with the entry it reversed
        written = [e for e in uow.ledger.for_member(member.id) if e.command_id == refund.id and e.reverses_id]
        reversed_by_id = uow.ledger.get_many([e.reverses_id for e in written if e.reverses_id])
        plans = [(reversed_by_id[e.reverses_id], e.postings) for e in written
                 if e.reverses_id in reversed_by_id]
        given = vouchers_given_back(plans)
        expired = {ref for ref in given if (v := uow.vouchers.get(ref)) is not None
                   and ctx.expired(v.expires_at, refund.created_at)}
        bonuses = tuple(SALE_BONUS_KINDS[entry.kind] for entry, _ in plans if entry.kind in SALE_BONUS_KINDS)
        totals = reversal_totals(plans, ctx.currency, erased=member.is_erased,
                                 dead=dead_taken(plans, member.id, refund.created_at, ctx.tz))
        reversals = reversal_events(totals, ctx.currency, vouchers=len(given - expired), offers=(0, 0),
                                    bonuses=bonuses, vouchers_expired=len(expired))
        if not member.is_erased:  # an erased member's name and code are gone: the copy names no one
            block = _standing(tx, member, refund.created_at)
    return RefundSlip(shop=ctx.shop, receipt_no=refund.receipt_no, original_receipt_no=sale.receipt_no,
                      created_at=ctx.local(refund.created_at), cashier_name=staff_name(uow, refund.staff_id),
                      lines=lines, total_refunded=Money(refund.amount_minor, refund.currency), reversals=reversals,
                      loyalty=block, language=ctx.language, is_copy=True)


def _standing(tx: Tx, member: Member, at: datetime) -> LoyaltyBlock:
    """The member's balances and stamp cards as they stood at `at` (a refund slip's member part)."""
    uow, ctx, lang = tx.uow, tx.ctx, tx.ctx.language
    after = _spendable_then(uow, ctx, member.id, at)
    points = after.get(POINTS, 0)
    programs = ctx.programs
    return LoyaltyBlock(
        member_name=mask_name(member.name), member_code=member_code(uow, member),
        points_earned=0, points_spent=0, points_balance=points,
        points_value=points_rules.points_value(programs.points, max(points, 0)),
        credit_balance=Money(after.get(ctx.currency, 0), ctx.currency),
        stamp_cards=tuple(StampCardView(c.label(lang), after.get(stamps_unit(c.id), 0), c.required,
                                        after.get(reward_unit(c.id), 0)) for c in programs.stamp_cards),
    )


def _loyalty(tx: Tx, sale: SaleRecord) -> LoyaltyBlock | None:
    uow, ctx, lang = tx.uow, tx.ctx, tx.ctx.language
    member = uow.members.get(sale.member_id) if sale.member_id else None
    if member is None or member.is_erased:  # an erased member's name and code are gone: the copy names no one
        return None
    earned: dict[str, int] = {}  # by unit, on the sale (its own entries; a refund's reversals came later)
    spent: dict[str, int] = {}
    for entry in uow.ledger.for_sale(sale.id):
        for p in entry.postings:
            if member_of(p.account) != member.id:
                continue
            if p.amount > 0 and entry.kind in EARNED_ON_SALE:
                earned[p.unit] = earned.get(p.unit, 0) + p.amount
            elif p.amount < 0 and entry.kind == EntryKind.SALE_REDEEM:
                spent[p.unit] = spent.get(p.unit, 0) - p.amount
    after = _spendable_then(uow, ctx, member.id, sale.created_at)
    points = after.get(POINTS, 0)
    cashback, credit_spent = earned.get(ctx.currency, 0), spent.get(ctx.currency, 0)
    programs = ctx.programs
    return LoyaltyBlock(
        member_name=mask_name(member.name), member_code=member_code(uow, member),
        points_earned=earned.get(POINTS, 0), points_spent=spent.get(POINTS, 0),
        points_balance=points, points_value=points_rules.points_value(programs.points, max(points, 0)),
        credit_earned=Money(cashback, ctx.currency) if cashback else None,
        credit_spent=Money(credit_spent, ctx.currency) if credit_spent else None,
        credit_balance=Money(after.get(ctx.currency, 0), ctx.currency),
        stamp_cards=tuple(StampCardView(c.label(lang), after.get(stamps_unit(c.id), 0), c.required,
                                        after.get(reward_unit(c.id), 0)) for c in programs.stamp_cards),
    )


def _spendable_then(uow: UnitOfWork, ctx: ShopContext, member_id: str, at: datetime) -> dict[str, int]:
    """What the member could spend of each unit once the sale was written, as the till reckoned it then
    (common.spendable_balances at that moment): every entry of the sale's transaction (a birthday bonus given
    with it too) has the sale's moment; a lot already past its date counts for nothing, written off or not."""
    units = [POINTS, ctx.currency, *(u for c in ctx.programs.stamp_cards for u in (stamps_unit(c.id),
                                                                                   reward_unit(c.id)))]
    then: dict[str, int] = {}
    for unit, rows in uow.ledger.member_postings_of(member_id, units).items():
        moves = [r.move for r in rows if r.created_at <= at]
        if moves:
            then[unit] = min(sum(m.amount for m in moves), lot_book(moves, ctx.tz).spendable(at))
    return then


__all__ = ["ReceiptCopies"]
