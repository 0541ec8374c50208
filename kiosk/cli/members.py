"""`kiosk member ...`: enrol members, show their account, search, print or reissue their card."""

from __future__ import annotations

import argparse

from kiosk.cli.common import emit, language_of, load_app
from kiosk.domain.commands import EnrollMember
from kiosk.domain.events import Message
from kiosk.domain.ids import new_command_id
from kiosk.l10n.catalogue import render, say
from kiosk.services.accounts import MemberAccount
from kiosk.services.context import ShopContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    member = sub.add_parser("member", help="enroll, show, search members; print or reissue cards")
    msub = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    p = msub.add_parser("enroll", help="enroll a new member (consent to the privacy notice is recorded)")
    p.add_argument("--name", required=True)
    p.add_argument("--phone", required=True)
    p.add_argument("--email")
    p.add_argument("--birthday", help="YYYY-MM-DD")
    p.add_argument("--language", default="th", choices=["th", "en"])
    p.add_argument("--referral", help="a friend's referral code")
    p.add_argument("--print-card", action="store_true")
    p.add_argument("--id", help="request id (repeat it to retry safely)")
    p.set_defaults(handler=cmd_enroll)
    p = msub.add_parser("show", help="balances, tier and progress, stamps, rewards, expiring soon")
    p.add_argument("code", metavar="CODE_OR_PHONE")
    p.set_defaults(handler=cmd_show)
    p = msub.add_parser("search", help="find members by name or phone")
    p.add_argument("text")
    p.set_defaults(handler=cmd_search)
    p = msub.add_parser("card", help="show (and optionally print) the member's QR code")
    p.add_argument("code", metavar="CODE_OR_PHONE")
    p.add_argument("--print", action="store_true", dest="print_card")
    p.set_defaults(handler=cmd_card)
    p = msub.add_parser("reissue", help="replace a lost card: the old code stops working")
    p.add_argument("code", metavar="CODE_OR_PHONE")
    p.add_argument("--no-print", action="store_true")
    p.set_defaults(handler=cmd_reissue)



def cmd_enroll(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.enrollment.enroll(EnrollMember(
            command_id=args.id or new_command_id(), name=args.name, phone=args.phone, email=args.email,
            birthday=args.birthday, language=args.language, consent_version=app.ctx.privacy_notice_version,
            referral_code=args.referral), print_card=args.print_card)
        lang = language_of(args, app)
        emit(args, result, lambda: "; ".join([
            render("cli.member.enrolled", {"name": result.display_name, "code": result.member_code}, lang),
            *(say(event, lang) for event in result.events)]))
    return 0


def _account_text(account: MemberAccount, ctx: ShopContext, lang: str) -> str:
    """A member's account as the shop says it (names from the config come in `lang` from the service)."""
    lines = [render("cli.member.head", {"name": account.display_name, "phone": account.masked_phone,
                                        "code": account.member_code}, lang),
             render("cli.member.balances_owed" if account.points < 0 else "cli.member.balances", {
                 "points": account.points, "value": account.points_value, "credit": account.credit}, lang)]
    if account.history_incomplete:
        lines.append(render("cli.member.history_incomplete", None, lang))
    if account.tier:
        lines.append(render("cli.member.tier", {"tier": account.tier.label, "percent": str(account.tier.percent),
                                                "progress": say(account.tier.to_go(ctx.currency), lang)}, lang))
    for card in account.stamp_cards:
        reading = card.reading  # a card a refund left owing stamps shows none filled, as every screen does
        dots = "●" * reading.filled + "○" * (reading.required - reading.filled)
        ready_note = ("  " + render("cli.member.card_ready", {"count": card.rewards_ready,
                                                              "reward": card.reward_name}, lang)
                      if card.rewards_ready else "")
        count = (render("cli.member.card_owes", {"count": reading.owed, "required": reading.required}, lang)
                 if reading.owing else f"{reading.shown}/{reading.required}")  # never "-7/9"
        lines.append(f"{card.name}: {dots} {count}{ready_note}")
    ready = [r for r in account.rewards if r.affordable]
    later = [r for r in account.rewards if not r.affordable]
    if ready:
        lines.append(render("cli.member.rewards_now", {"rewards": ", ".join(
            render("cli.member.reward_points", {"reward": r.name, "points": r.points}, lang) if r.points else r.name
            for r in ready)}, lang))
    if later:
        lines.append(render("cli.member.rewards_later", {"rewards": ", ".join(
            render("cli.member.reward_to_go", {"reward": r.name, "points": r.points_short}, lang)
            for r in later)}, lang))
    for voucher in account.vouchers:  # unused, so the cashier can apply one by its code without the paper
        lines.append(render("cli.member.voucher" if voucher.valid_until else "cli.member.voucher_no_expiry", {
            "code": voucher.code, "reward": voucher.name, "value": voucher.value, "day": voucher.valid_until}, lang))
    for soon in account.expiring:
        lines.append(render("cli.member.expiring", {"day": soon.on, "amount": soon}, lang))
    for progress in account.challenges:  # where the member stands in each challenge running today
        lines.append(say(progress.standing(ctx.currency), lang))
    for offer in account.offers:  # the member's personal offers, as the JSON and the counter list them
        lines.append(render("cli.member.offer_until" if offer.last_day else "cli.member.offer",
                            {"offer": offer.label, "day": offer.last_day}, lang))
    for v in account.visits:  # what was paid in money, as the receipt says it, then any store credit used
        lines.append(render("cli.member.visit_credit" if v.credit_used else "cli.member.visit", {
            "at": v.at, "receipt": v.receipt_no, "amount": v.amount, "credit": v.credit_used,
            "status": Message(f"sale_status.{v.status}")}, lang))
    if account.membership:
        m = account.membership
        lines.append(render("cli.member.membership_perks" if m.perks_active else "cli.member.membership",
                            {"plan": m.name, "status": Message(f"membership_status.{m.status}")}, lang))
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        lang = language_of(args, app)
        account = app.accounts.account(args.code, language=lang)
        emit(args, account, lambda: _account_text(account, app.ctx, lang))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        found = app.accounts.search(args.text)
        emit(args, found, lambda: "\n".join(f"{m.member_id}  {m.display_name}  {m.masked_phone}" for m in found)
             or render("cli.member.no_match", None, language_of(args, app)))
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        card = app.enrollment.card(args.code, print_card=args.print_card)
        emit(args, card, lambda: render("cli.member.card_queued" if card.print_job else "cli.member.card",
                                        {"code": card.member_code}, language_of(args, app)))
    return 0


def cmd_reissue(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        card = app.enrollment.reissue_card(args.code, print_card=not args.no_print)
        emit(args, card, lambda: render("cli.member.reissued", {"serial": str(card.serial), "code": card.member_code},
                                        language_of(args, app)))
    return 0
