"""`kiosk sale`, `refund`, `voucher`, `donate`, `adjust`, `review-bonus`, `expire`: selling, correcting."""

from __future__ import annotations

import argparse

from kiosk.cli.common import (
    emit,
    language_of,
    load_app,
    manager_approval,
    say_all,
    signed_whole_arg,
    signed_whole_number,
    whole_arg,
)
from kiosk.domain.commands import (
    AdjustPoints,
    AwardReviewBonus,
    DonatePoints,
    IssueVoucher,
    RecordSale,
    RefundLine,
    RefundSale,
)
from kiosk.domain.errors import InvalidInput, NotFound, RuleViolation
from kiosk.domain.events import (
    Event,
    FreeItemsTakenBack,
    Localized,
    Message,
    PointsReturned,
    PointsReversed,
    StampsRemoved,
    VoucherUsed,
)
from kiosk.domain.ids import new_command_id
from kiosk.domain.money import Money
from kiosk.domain.programs.config import ProgramConfig
from kiosk.domain.programs.engine import CartLine, DiscountKind, discount_said, validate_cart
from kiosk.domain.programs.menu import choose, named_options, options_price
from kiosk.domain.serialization import encode
from kiosk.l10n.catalogue import render, say
from kiosk.l10n.formats import format_amount, format_money
from kiosk.services.app import Services
from kiosk.services.checkout import SaleResult
from kiosk.services.refunds import RefundableSale


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sale", help="ring up a sale")
    p.add_argument("--member", metavar="CODE_OR_PHONE")
    p.add_argument("--amount", help="an open amount line, e.g. 125.00")
    p.add_argument("--item", action="append", default=[], metavar="SKU[:QTY][+MODIFIER=OPTION]...",
                   help="a catalogue item (repeatable) with its choices, e.g. LATTE:2+size=large+milk=oat; a "
                        "choice not given is the shop's default (see [[modifiers]] in the config)")
    p.add_argument("--redeem", action="append", default=[], metavar="REWARD", help="a catalogue reward paid in points")
    p.add_argument("--points", type=whole_arg, default=0, help="points to spend as money off (0: none)")
    p.add_argument("--credit", help="store credit to spend, e.g. 20.00 (0: none, as with --points)")
    p.add_argument("--stamp-reward", action="append", default=[], metavar="CARD", help="use a full card's free item")
    p.add_argument("--voucher", action="append", default=[], metavar="CODE")
    p.add_argument("--allow-value-lost", action="store_true",
                   help="use a voucher or reward worth more than what is left to pay (money off, or a free item "
                        "a discount already part paid; the rest of its value is lost, and the sale says how much); "
                        "without it such a sale is refused")
    p.add_argument("--payment", default="cash", choices=["cash", "card", "qr", "other"])
    p.add_argument("--cash-given", help="cash handed over, to compute change")
    p.add_argument("--no-receipt", action="store_true",
                   help="print nothing now (a cash sale still opens the drawer); `kiosk printer reprint` prints it")
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
    p.add_argument("points", type=whole_arg)
    p.add_argument("--id")
    p.set_defaults(handler=cmd_donate)

    p = sub.add_parser("adjust", help="a manager's manual points correction")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("points", type=signed_whole_arg, help="points to add, or -N to take off")
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


def _lines(app: Services, args: argparse.Namespace, language: str) -> tuple[CartLine, ...]:
    """The basket as named in `language`: the shop's for the sale (the names it keeps and prints), the
    reader's for what the command says."""
    programs = app.ctx.programs
    lines: list[CartLine] = []
    for spec in args.item:
        head, *choices = spec.split("+")
        sku, _, qty = head.partition(":")
        item = programs.item(sku.strip().upper())
        if item is None:
            raise NotFound("cli.unknown_item", sku=sku, value=', '.join(i.sku for i in programs.items))
        # a sign is read (the sale says a quantity must be 1 or more); other scripts' digits and "1_000" are not
        quantity = signed_whole_number(qty) if qty else 1
        if quantity is None:
            raise InvalidInput("cli.bad_quantity", spec=spec)
        modifiers = programs.item_modifiers(item.sku)
        options = choose(modifiers, _choices(spec, choices), language=language)
        lines.append(CartLine(item.label(language), options_price(item.price, options), quantity, item.sku,
                              options=tuple(o.name for o in named_options(modifiers, options))))
    if args.amount:
        lines.append(CartLine(render(OPEN_AMOUNT, None, language), Money.parse(args.amount, app.ctx.currency)))
    if not lines:
        raise InvalidInput("cli.empty_basket")
    return tuple(lines)


OPEN_AMOUNT = "sale.open_amount"


def line_name(name: str, sku: str | None, language: str) -> str:
    """A kept sale line's name for the reader: an open amount's in their language (a line kept as "Amount" by a
    Thai shop before it was named in the shop's language, or by a shop of the other language), any other as the
    sale kept it (what its receipt said)."""
    if not sku and name in (render(OPEN_AMOUNT, None, "en"), render(OPEN_AMOUNT, None, "th")):
        return render(OPEN_AMOUNT, None, language)
    return name


def _discount_text(programs: ProgramConfig, kind: str, label: str, points_cost: int, language: str) -> str:
    """A discount line in the reader's language: the sale keeps its label in the shop's language (a reward's,
    a card's free item's, a plan's or an offer's name, the reward a voucher was for); named again from the
    config when it is there, else as kept."""
    said = discount_said(kind, label, points_cost)
    rewards = programs.points.rewards
    if kind in (DiscountKind.REWARD, DiscountKind.VOUCHER):
        reward = next((r for r in rewards if label in (r.name, r.name_th)), None)
        if reward is not None:
            name = reward.label(language)
            return say(VoucherUsed(Localized(name)), language) if kind == DiscountKind.VOUCHER else name
    elif kind == DiscountKind.STAMP_REWARD:
        card = next((c for c in programs.stamp_cards if label in (c.reward_name, c.reward_name_th)), None)
        if card is not None:
            return card.reward_label(language)
    elif kind == DiscountKind.MEMBERSHIP:
        plan = next((p for p in programs.memberships if label in (p.name, p.name_th)), None)
        if plan is not None:
            return plan.label(language)
    elif kind == DiscountKind.OFFER:
        offer = next((o for o in programs.offers if label in (o.name, o.name_th)), None)
        if offer is not None:
            return offer.label(language)
    return say(said, language) if said else label


def _choices(spec: str, choices: list[str]) -> dict[str, str]:
    """`size=large`, `milk=oat` after an item's `+` signs, as modifier id -> option id."""
    chosen: dict[str, str] = {}
    for choice in choices:
        modifier, equals, option = (part.strip().lower() for part in choice.partition("="))
        if not (modifier and equals and option):
            raise InvalidInput("cli.modifier_choice_format", spec=spec)
        if modifier in chosen:
            raise InvalidInput("cli.modifier_chosen_twice", spec=spec, modifier=modifier)
        chosen[modifier] = option
    return chosen


def _credit(text: str | None, currency: str) -> Money | None:
    """--credit: the store credit to spend, None for none. 0 is none, as --points 0 (its default) is: a script
    that always passes both, or a cashier typing 0 for "no credit", means no credit, not a mistake to refuse.
    A negative or malformed amount is still refused by Money.parse."""
    if not text:
        return None
    amount = Money.parse(text, currency, allow_zero=True)
    return None if amount.is_zero() else amount


def cmd_sale(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        cur = app.ctx.currency
        lines = _lines(app, args, app.ctx.language)
        # a basket no approval can pass (above the ceiling, say) is refused before a manager's PIN is checked and
        # audited as an approval of it
        validate_cart(lines, cur)
        cmd = RecordSale(
            command_id=args.id or new_command_id(), lines=lines, member_code=args.member,
            reward_ids=tuple(args.redeem), points_to_spend=args.points,
            credit_to_spend=_credit(args.credit, cur),
            stamp_rewards=tuple(args.stamp_reward), voucher_codes=tuple(args.voucher), payment_method=args.payment,
            cash_tendered=Money.parse(args.cash_given, cur) if args.cash_given else None,
            approved_by=manager_approval(app, args.manager_pin, "sale"), print_receipt=not args.no_receipt,
            receipt_declined=args.no_receipt, allow_value_lost=args.allow_value_lost,
        )
        try:
            result = app.checkout.record_sale(cmd)
        except RuleViolation as refused:
            if refused.code == "program.worth_more_than_left":  # and how to use it anyway, here
                raise RuleViolation("cli.worth_more_than_left", **refused.params) from refused
            raise
        lang = language_of(args, app)
        # the sale keeps its lines in the shop's language; the reader may have asked for the other one
        shown = lines if lang == app.ctx.language else _lines(app, args, lang)
        emit(args, result, lambda: _sale_text(app, result, shown, lang))
    return 0


def _sale_text(app: Services, result: SaleResult, lines: tuple[CartLine, ...], lang: str) -> str:
    programs = app.ctx.programs
    out = [render("cli.sale.head", {"receipt": result.receipt_no, "subtotal": result.subtotal,
                                    "due": result.amount_due}, lang)]
    out += [f"  {ln.quantity} × {ln.described}: {format_money(ln.total, lang)}" for ln in lines]
    for d in result.discounts:
        out.append(f"  {_discount_text(programs, d.kind, d.label, d.points_cost, lang)}: "
                   f"-{format_money(d.amount, lang)}")
    if result.credit_applied.minor:
        out.append("  " + render("cli.sale.credit_used", {"amount": result.credit_applied}, lang))
    if result.change is not None:
        out.append("  " + render("cli.sale.change", {"amount": result.change}, lang))
    out += ["  " + render("cli.sale.value_lost", {"reward": v.reward, "value": v.value, "left": v.left,
                                                  "lost": v.lost}, lang) for v in result.value_lost]
    if result.member_id:
        # a completed challenge's bonus and an offer's points are not in points_earned (the JSON keeps them
        # apart); the line says all the sale gave, as the receipt does, and the bonuses follow it
        bonus = sum(c.points for c in result.challenges_completed) + result.offer_points
        out.append("  " + render("cli.sale.member", {
            "earned": result.points_earned + bonus, "spent": result.points_spent,
            "balance": result.points_balance or 0, "cashback": result.cashback,
            "credit": result.credit_balance or Money.zero(app.ctx.currency)}, lang))
        out += ["    " + line for line in _bonuses(programs, result, lang)]
        if app.hub.taking_history:
            out.append("  " + render("cli.member.history_incomplete", None, lang))
        for s in result.stamps:
            card = programs.stamp_card(s.card_id)
            out.append("  " + render("cli.sale.stamps_complete" if s.completed else "cli.sale.stamps", {
                "card": Localized.of(card.label) if card else s.name, "earned": s.earned,
                "after": s.stamps_after, "required": s.required, "completed": s.completed}, lang))
    out += say_all(result.events, lang)
    return "\n".join(out)


def _bonuses(programs: ProgramConfig, result: SaleResult, lang: str) -> list[str]:
    """What the promotions, completed challenges and offers gave on the sale, each named in `lang`."""
    out = []
    for p in result.promotions:
        promotion = programs.promotion(p.promotion_id)
        name = promotion.label(lang) if promotion else p.label
        code = ("cli.sale.bonus_points_stamps" if p.points and p.stamps else
                "cli.sale.bonus_stamps" if p.stamps else "cli.sale.bonus_points")
        if p.points or p.stamps:
            out.append(render(code, {"name": name, "points": p.points, "stamps": p.stamps}, lang))
    for c in result.challenges_completed:
        challenge = programs.challenge(c.challenge_id)
        name = challenge.label(lang) if challenge else c.label
        out.append(render("event.challenge_standing.done", {"challenge": name, "points": c.points}, lang))
    if result.offer_points:
        out.append(render("cli.sale.offer_points", {"points": result.offer_points}, lang))
    return out


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
        line_no = signed_whole_number(number)  # 0 or less: the refund says the receipt has no such line
        if line_no is None:
            raise InvalidInput("cli.bad_refund_line", spec=spec)
        index = line_no - 1
        # with nothing left, ask for one anyway: the service then says how many are left (none)
        quantity = signed_whole_number(qty) if colon else max(left.get(index, 1), 1)
        if quantity is None:
            raise InvalidInput("cli.bad_refund_quantity", spec=spec)
        lines.append(RefundLine(index, quantity))
    return tuple(lines)


def _refundable_text(sale: RefundableSale, lang: str) -> str:
    out = [render("cli.refundable.head", {"receipt": sale.receipt_no, "created": sale.created_at,
                                          "status": Message(f"sale_status.{sale.status}")}, lang),
           render("cli.refundable.paid", {"paid": sale.paid, "refunded": sale.refunded}, lang)]
    # the name comes last: Thai vowel and tone marks take no column, so padding it would misalign the rest
    column = {name: render(f"cli.column.{name}", None, lang) for name in
              ("line", "price", "sold", "refunded", "left", "item")}
    out.append(f"  {column['line']:>4}  {column['price']:>12}  {column['sold']:>4}  {column['refunded']:>8}  "
               f"{column['left']:>4}  {column['item']}")
    for ln in sale.lines:
        out.append(f"  {ln.index + 1:>4}  {format_amount(ln.unit_price, lang):>12}  {ln.quantity:>4}  "
                   f"{ln.refunded:>8}  {ln.left:>4}  {line_name(ln.name, ln.sku, lang)}")
    if not any(ln.left for ln in sale.lines):
        out.append(render("cli.refundable.nothing_left", None, lang))
    return "\n".join(out)


def _refundable_json(sale: RefundableSale) -> dict[str, object]:
    """The service's answer, each line with its number as printed (for --line) and what is left of it."""
    data: dict[str, object] = encode(sale)
    data["lines"] = [{**encode(ln), "line": ln.index + 1, "left": ln.left} for ln in sale.lines]
    return data


# what a refund's first line says in figures of its own ("points -25 +0, stamps -1")
SAID_IN_HEAD = (PointsReversed, PointsReturned, StampsRemoved, FreeItemsTakenBack)


def cmd_refund(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        lang = language_of(args, app)
        if args.show:
            sale = app.refunds.refundable(args.receipt_no)
            emit(args, _refundable_json(sale), lambda: _refundable_text(sale, lang))
            return 0
        lines = _refund_lines(app, args.receipt_no, args.line)
        result = app.refunds.refund(RefundSale(
            command_id=args.id or new_command_id(), receipt_no=args.receipt_no,
            kind="void" if args.void else "refund", lines=lines, reason=args.reason,
            approved_by=manager_approval(app, args.manager_pin, "refund")))

        def text() -> str:
            original = result.original_receipt_no
            head = render(f"cli.{result.kind}.head", {
                "receipt": result.receipt_no, "original": original, "amount": result.amount,
                "reversed": result.points_reversed, "returned": result.points_returned,
                "stamps": result.stamps_reversed}, lang)
            if result.rewards_reversed:
                head += render("cli.refund.free_items_taken_back", {"count": result.rewards_reversed}, lang)
            # the rest of what went back or was taken, in words: cashback, credit, free items, vouchers, offers,
            # and value past its date (the head's figures are what the balances moved)
            for event in result.events:
                if not isinstance(event, SAID_IN_HEAD):
                    head += "; " + say(event, lang)
            if result.negative_balance:
                head += render("cli.refund.negative", None, lang)
            out = [head]
            if result.lines:
                items = ", ".join(f"{quantity} × {line_name(name, None, lang)}" for name, quantity in result.lines)
                out.append("  " + render("cli.refund.back", {"items": items}, lang))
            out.append("  " + render("cli.refund.all_done" if result.sale_fully_refunded else "cli.refund.more_left",
                                     {"original": original}, lang))
            return "\n".join(out)

        emit(args, result, text)
    return 0


def cmd_voucher(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.issue_voucher(IssueVoucher(command_id=args.id or new_command_id(),
                                                           member_code=args.member, reward_id=args.reward))
        lang = language_of(args, app)
        emit(args, result, lambda: "\n".join([
            render("cli.voucher", {"code": result.voucher_code}, lang), *say_all(result.events, lang),
            "  " + render("cli.balance", {"points": result.points_balance}, lang)]))
    return 0


def cmd_donate(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.donate(DonatePoints(command_id=args.id or new_command_id(), member_code=args.member,
                                                    cause_id=args.cause, points=args.points))
        lang = language_of(args, app)
        emit(args, result, lambda: _points_text(result.events, result.points_balance, lang))
    return 0


def cmd_adjust(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.adjust(AdjustPoints(
            command_id=args.id or new_command_id(), member_code=args.member, points=args.points, reason=args.reason,
            approved_by=manager_approval(app, args.manager_pin, "adjustment")))
        lang = language_of(args, app)
        emit(args, result, lambda: _points_text(result.events, result.points_balance, lang))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.review_bonus(AwardReviewBonus(command_id=args.id or new_command_id(),
                                                              member_code=args.member))
        lang = language_of(args, app)
        emit(args, result, lambda: _points_text(result.events, result.points_balance, lang))
    return 0


def cmd_expire(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.expiry.run()
        lang = language_of(args, app)
        emit(args, result, lambda: render("cli.expired", {
            "points": result.points_expired, "credit": Money(result.credit_expired, app.ctx.currency),
            "rewards": result.rewards_expired, "members": result.members}, lang))
    return 0


def _points_text(events: tuple[Event, ...], balance: int, lang: str) -> str:
    """What a donation, an adjustment or a review bonus did, and the balance after it: one line."""
    return "; ".join([*(say(event, lang) for event in events), render("cli.balance", {"points": balance}, lang)])
