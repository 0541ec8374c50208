"""`kiosk member ...`: enrol members, show their account, search, print or reissue their card."""

from __future__ import annotations

import argparse

from kiosk.cli.common import emit, load_app, new_command_id
from kiosk.domain.commands import EnrollMember
from kiosk.domain.money import Money
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
        emit(args, result, lambda: f"Enrolled {result.display_name}: member code {result.member_code}"
                                   + (f", +{result.signup_points} sign-up points" if result.signup_points else ""))
    return 0


def _account_text(account: MemberAccount, ctx: ShopContext) -> str:
    lines = [f"{account.display_name}  {account.masked_phone}  code {account.member_code}",
             f"Points: {account.points:,} (worth {account.points_value})   Store credit: {account.credit}"]
    if account.tier:
        lines.append(f"Tier: {account.tier.label} ({account.tier.percent}%; "
                     f"{account.tier.remaining_text(ctx.currency, 'en')})")
    for card in account.stamp_cards:
        dots = "●" * card.stamps + "○" * (card.required - card.stamps)
        ready_note = f"  {card.rewards_ready} × {card.reward_name} ready" if card.rewards_ready else ""
        lines.append(f"{card.name}: {dots} {card.stamps}/{card.required}{ready_note}")
    ready = [r for r in account.rewards if r.affordable]
    later = [r for r in account.rewards if not r.affordable]
    if ready:
        lines.append("Rewards now: " + ", ".join(f"{r.name} ({r.points:,} pts)" if r.points else r.name
                                                  for r in ready))
    if later:
        lines.append("Later: " + ", ".join(f"{r.name} ({r.points_short:,} pts to go)" for r in later))
    for e in account.expiring:
        amount = (f"{e.amount:,} points" if e.what == "points" else f"{e.amount} x {e.name}" if e.what == "reward"
                  else Money(e.amount, ctx.currency).plain())
        lines.append(f"Expiring {ctx.local(e.expires_at).date()}: {amount}")
    for v in account.visits:
        lines.append(f"Visit {v.at:%Y-%m-%d %H:%M}  {v.receipt_no}  {v.amount}  {v.status}")
    if account.membership:
        m = account.membership
        lines.append(f"Membership: {m.name} ({m.status}{', perks on' if m.perks_active else ''})")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        account = app.accounts.account(args.code, language="en")
        emit(args, account, lambda: _account_text(account, app.ctx))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        found = app.accounts.search(args.text)
        emit(args, found, lambda: "\n".join(f"{m.member_id}  {m.display_name}  {m.masked_phone}" for m in found)
             or "No member matches.")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        card = app.enrollment.card(args.code, print_card=args.print_card)
        emit(args, card, lambda: card.member_code + (" (queued for printing)" if card.print_job else ""))
    return 0


def cmd_reissue(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        card = app.enrollment.reissue_card(args.code, print_card=not args.no_print)
        emit(args, card, lambda: f"New card #{card.serial}: {card.member_code}. The old card no longer works.")
    return 0
