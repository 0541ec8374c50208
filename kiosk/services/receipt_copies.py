"""A sale's receipt made again from what the shop keeps of the sale, once its print job is gone.

A printed sale receipt's job is deleted after the retention (kiosk.services.retention): the sale row holds its
lines, discounts, totals and payment, and the ledger what the member earned and spent on it and where they stood
after it. A reprint asked for later (by receipt number or sale id) prints this copy, marked COPY: the same lines,
totals and payments, the points and store credit earned and spent on the sale, and the balances and stamp cards
as they stood once the sale was written (what this device's ledger holds dated by then: value past its date
counts for nothing, as at the till). A sale of a member since erased prints no member part. What the shop does
not keep of that moment is left out: the change given (the cash handed over is not recorded), the tier and its
progress, what was about to expire, challenge standings and the messages of the day (a card completed, a bonus).
"""

from __future__ import annotations

from datetime import datetime

from kiosk.domain.documents import Adjustment, LoyaltyBlock, Payment, ReceiptLine, SaleReceipt, StampCardView
from kiosk.domain.ledger import POINTS, EntryKind, lot_book, member_of, reward_unit, stamps_unit
from kiosk.domain.members import mask_name
from kiosk.domain.money import Money
from kiosk.domain.programs import points as points_rules
from kiosk.domain.programs.engine import discount_said
from kiosk.services.checkout import staff_name
from kiosk.services.common import member_code
from kiosk.services.context import ShopContext
from kiosk.services.ports import UnitOfWork
from kiosk.services.ports.sales import SaleRecord
from kiosk.services.usecase import Tx, UseCases

# the entries of a sale whose points the receipt printed as earned on it (the quote's, a challenge's, an offer's)
EARNED_ON_SALE = frozenset({EntryKind.SALE_EARN, EntryKind.PROMOTION, EntryKind.CHALLENGE, EntryKind.OFFER})


class ReceiptCopies(UseCases):
    def sale_receipt(self, reference: str) -> tuple[str, SaleReceipt] | None:
        """The sale with this receipt number or id, and its receipt made again as a COPY; None: no such sale."""
        reference = reference.strip()
        if not reference:
            return None
        return self.read(lambda tx: _copy(tx, reference))


def _copy(tx: Tx, reference: str) -> tuple[str, SaleReceipt] | None:
    sale = tx.uow.sales.by_receipt(reference) or tx.uow.sales.get(reference)
    if sale is None:
        return None
    return sale.id, _receipt(tx, sale)


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
            then[unit] = min(sum(m.amount for m in moves), lot_book(moves).spendable(at))
    return then


__all__ = ["ReceiptCopies"]
