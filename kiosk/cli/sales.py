"""`kiosk sale`, `refund`, `voucher`, `donate`, `adjust`, `review-bonus`, `expire`: selling, correcting."""

from __future__ import annotations

import argparse

from kiosk.cli.common import emit, load_app, manager_approval, new_command_id
from kiosk.domain.commands import (
    AdjustPoints,
    AwardReviewBonus,
    DonatePoints,
    IssueVoucher,
    RecordSale,
    RefundLine,
    RefundSale,
)
from kiosk.domain.errors import InvalidInput, NotFound
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.serialization import encode
from kiosk.services.app import Services
from kiosk.services.refunds import RefundableSale


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sale", help="ring up a sale")
    p.add_argument("--member", metavar="CODE_OR_PHONE")
    p.add_argument("--amount", help="an open amount line, e.g. 125.00")
    p.add_argument("--item", action="append", default=[], metavar="SKU[:QTY]", help="a catalogue item (repeatable)")
    p.add_argument("--redeem", action="append", default=[], metavar="REWARD", help="a catalogue reward paid in points")
    p.add_argument("--points", type=int, default=0, help="points to spend as money off")
    p.add_argument("--credit", help="store credit to spend, e.g. 20.00")
    p.add_argument("--stamp-reward", action="append", default=[], metavar="CARD", help="use a full card's free item")
    p.add_argument("--voucher", action="append", default=[], metavar="CODE")
    p.add_argument("--payment", default="cash", choices=["cash", "card", "qr", "other"])
    p.add_argument("--cash-given", help="cash handed over, to compute change")
    p.add_argument("--no-receipt", action="store_true")
    p.add_argument("--manager-pin", help="approve an override (or set KIOSK_MANAGER_PIN)")
    p.add_argument("--id", help="request id (repeat it to retry safely)")
    p.set_defaults(handler=cmd_sale)

    p = sub.add_parser("refund", help="refund (or void) a sale, or some of its lines, by receipt number; reverses "
                                      "their share of its loyalty")
    p.add_argument("receipt_no")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--line", action="append", default=[], metavar="N[:QTY]",
                      help="refund only line N as numbered on the receipt (from 1), QTY of it (default: all that "
                           "is left of it); repeatable. Without --line: everything not refunded yet. In a script "
                           "that retries with --id, give QTY: what is left changes once the refund is made")
    what.add_argument("--show", action="store_true", help="list the receipt's lines and what is left to refund; "
                                                          "changes nothing")
    what.add_argument("--void", action="store_true", help="void today's sale instead of refunding (all of it)")
    p.add_argument("--reason", default="")
    p.add_argument("--manager-pin", help="or set KIOSK_MANAGER_PIN")
    p.add_argument("--id")
    p.set_defaults(handler=cmd_refund)

    p = sub.add_parser("voucher", help="turn points into a printed single-use voucher")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("reward")
    p.add_argument("--id")
    p.set_defaults(handler=cmd_voucher)

    p = sub.add_parser("donate", help="donate a member's points to one of the shop's causes")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("cause")
    p.add_argument("points", type=int)
    p.add_argument("--id")
    p.set_defaults(handler=cmd_donate)

    p = sub.add_parser("adjust", help="a manager's manual points correction")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("points", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--manager-pin")
    p.add_argument("--id")
    p.set_defaults(handler=cmd_adjust)

    p = sub.add_parser("review-bonus", help="give the review bonus after staff saw the review")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("--id")
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser("expire", help="expire points, credit and rewards past their date")
    p.set_defaults(handler=cmd_expire)


def _lines(app: Services, args: argparse.Namespace) -> tuple[CartLine, ...]:
    programs = app.ctx.programs
    lines: list[CartLine] = []
    for spec in args.item:
        sku, _, qty = spec.partition(":")
        item = programs.item(sku.strip().upper())
        if item is None:
            raise NotFound("cli.unknown_item", sku=sku, value=', '.join(i.sku for i in programs.items))
        try:
            quantity = int(qty) if qty else 1
        except ValueError:
            raise InvalidInput("cli.bad_quantity", spec=spec) from None
        lines.append(CartLine(item.label(app.ctx.language), item.price, quantity, item.sku))
    if args.amount:
        lines.append(CartLine("Amount", Money.parse(args.amount, app.ctx.currency)))
    if not lines:
        raise InvalidInput("cli.empty_basket")
    return tuple(lines)


def cmd_sale(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        cur = app.ctx.currency
        cmd = RecordSale(
            command_id=args.id or new_command_id(), lines=_lines(app, args), member_code=args.member,
            reward_ids=tuple(args.redeem), points_to_spend=args.points,
            credit_to_spend=Money.parse(args.credit, cur) if args.credit else None,
            stamp_rewards=tuple(args.stamp_reward), voucher_codes=tuple(args.voucher), payment_method=args.payment,
            cash_tendered=Money.parse(args.cash_given, cur) if args.cash_given else None,
            approved_by=manager_approval(app, args.manager_pin, "sale"), print_receipt=not args.no_receipt,
        )
        result = app.checkout.record_sale(cmd)

        def text() -> str:
            out = [f"Receipt {result.receipt_no}: subtotal {result.subtotal}, to pay {result.amount_due}"]
            out += [f"  {d.label}: -{d.amount}" for d in result.discounts]
            if result.credit_applied.minor:
                out.append(f"  store credit used: {result.credit_applied}")
            if result.change is not None:
                out.append(f"  change: {result.change}")
            if result.member_id:
                out.append(f"  points +{result.points_earned:,} -{result.points_spent:,} → {result.points_balance:,};"
                           f" cashback {result.cashback}; credit {result.credit_balance}")
                out += [f"  {s.name}: +{s.earned} → {s.stamps_after}/{s.required}"
                        + (f" (card complete ×{s.completed})" if s.completed else "") for s in result.stamps]
            out += [f"  {m}" for m in result.messages]
            return "\n".join(out)

        emit(args, result, text)
    return 0


def _refund_lines(app: Services, receipt_no: str, specs: list[str]) -> tuple[RefundLine, ...]:
    """`--line N[:QTY]` as the service's lines: N counts from 1 as the receipt prints them, QTY defaults to all
    that is left of the line. Lines the receipt has not, and quantities beyond what is left, are the service's
    to refuse (bad_refund_line, refund_more_than_sold)."""
    if not specs:
        return ()
    left = {ln.index: ln.left for ln in app.refunds.refundable(receipt_no).lines}
    lines: list[RefundLine] = []
    for spec in specs:
        number, colon, qty = spec.partition(":")
        try:
            index = int(number) - 1
        except ValueError:
            raise InvalidInput("cli.bad_refund_line", spec=spec) from None
        try:
            # with nothing left, ask for one anyway: the service then says how many are left (none)
            quantity = int(qty) if colon else max(left.get(index, 1), 1)
        except ValueError:
            raise InvalidInput("cli.bad_refund_quantity", spec=spec) from None
        lines.append(RefundLine(index, quantity))
    return tuple(lines)


def _refundable_text(sale: RefundableSale) -> str:
    status = sale.status.replace("_", " ")
    out = [f"Receipt {sale.receipt_no}  {sale.created_at:%Y-%m-%d %H:%M}  {status}",
           f"Paid {sale.paid}; refunded so far {sale.refunded}"]
    # the name comes last: Thai vowel and tone marks take no column, so padding it would misalign the rest
    out.append(f"  {'Line':>4}  {'Price':>12}  {'Sold':>4}  {'Refunded':>8}  {'Left':>4}  Item")
    for ln in sale.lines:
        out.append(f"  {ln.index + 1:>4}  {ln.unit_price.plain():>12}  {ln.quantity:>4}  {ln.refunded:>8}  "
                   f"{ln.left:>4}  {ln.name}")
    if not any(ln.left for ln in sale.lines):
        out.append("Nothing is left to refund.")
    return "\n".join(out)


def _refundable_json(sale: RefundableSale) -> dict[str, object]:
    """The service's answer, each line with its number as printed (for --line) and what is left of it."""
    data: dict[str, object] = encode(sale)
    data["lines"] = [{**encode(ln), "line": ln.index + 1, "left": ln.left} for ln in sale.lines]
    return data


def cmd_refund(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        if args.show:
            sale = app.refunds.refundable(args.receipt_no)
            emit(args, _refundable_json(sale), lambda: _refundable_text(sale))
            return 0
        lines = _refund_lines(app, args.receipt_no, args.line)
        result = app.refunds.refund(RefundSale(
            command_id=args.id or new_command_id(), receipt_no=args.receipt_no,
            kind="void" if args.void else "refund", lines=lines, reason=args.reason,
            approved_by=manager_approval(app, args.manager_pin, "refund")))

        def text() -> str:
            out = [f"{result.kind.title()} {result.receipt_no} of {result.original_receipt_no}: {result.amount} back; "
                   f"points -{result.points_reversed:,} +{result.points_returned:,}, stamps -{result.stamps_reversed}"
                   + (f", free items taken back {result.rewards_reversed}" if result.rewards_reversed else "")
                   + ("; the member's balance is now negative (flagged for the manager)"
                      if result.negative_balance else "")]
            if result.lines:
                out.append("  back: " + ", ".join(f"{quantity} × {name}" for name, quantity in result.lines))
            if result.sale_fully_refunded:
                out.append(f"  nothing of {result.original_receipt_no} is left to refund")
            else:
                out.append(f"  {result.original_receipt_no} still has lines to refund "
                           f"(kiosk refund {result.original_receipt_no} --show lists them)")
            return "\n".join(out)

        emit(args, result, text)
    return 0


def cmd_voucher(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.issue_voucher(IssueVoucher(command_id=args.id or new_command_id(),
                                                           member_code=args.member, reward_id=args.reward))
        emit(args, result, lambda: f"Voucher {result.voucher_code} for {result.reward_name} "
                                   f"(-{result.points_spent:,} points, {result.points_balance:,} left)")
    return 0


def cmd_donate(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.donate(DonatePoints(command_id=args.id or new_command_id(), member_code=args.member,
                                                    cause_id=args.cause, points=args.points))
        emit(args, result, lambda: f"Donated {result.points:,} points ({result.value}) to {result.cause}; "
                                   f"{result.points_balance:,} left")
    return 0


def cmd_adjust(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.adjust(AdjustPoints(
            command_id=args.id or new_command_id(), member_code=args.member, points=args.points, reason=args.reason,
            approved_by=manager_approval(app, args.manager_pin, "adjustment")))
        emit(args, result, lambda: f"Adjusted by {result.points:+,} points; balance {result.points_balance:,}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.review_bonus(AwardReviewBonus(command_id=args.id or new_command_id(),
                                                              member_code=args.member))
        emit(args, result, lambda: f"Review bonus +{result.points:,}; balance {result.points_balance:,}")
    return 0


def cmd_expire(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.expiry.run()
        emit(args, result, lambda: f"Expired {result.points_expired:,} points, "
                                   f"{Money(result.credit_expired, app.ctx.currency)} credit and "
                                   f"{result.rewards_expired} rewards for {result.members} members")
    return 0
