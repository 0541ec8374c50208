"""Core scripting commands: demo, member, sale, refund, vouchers, donations, reports, verify, backup, staff."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from kiosk.cli import emit, load_app, new_command_id
from kiosk.domain.commands import (
    AdjustPoints,
    AwardReviewBonus,
    DonatePoints,
    EnrollMember,
    IssueVoucher,
    RecordSale,
    RefundSale,
)
from kiosk.domain.errors import InvalidInput, NotFound
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.app import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="build the demo shop (a Bangkok café) with some history; idempotent")
    p.add_argument("--members", type=int, default=120)
    p.add_argument("--days", type=int, default=60)
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(handler=cmd_demo)

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

    p = sub.add_parser("refund", help="refund (or void) a sale by receipt number; reverses its loyalty")
    p.add_argument("receipt_no")
    p.add_argument("--void", action="store_true", help="void today's sale instead of refunding")
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

    p = sub.add_parser("partner", help="points for a purchase at a coalition partner (once per partner receipt)")
    p.add_argument("partner")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("amount")
    p.add_argument("--reference", required=True, help="the partner's receipt number")
    p.set_defaults(handler=cmd_partner)

    p = sub.add_parser("expire", help="expire points, credit and rewards past their date")
    p.set_defaults(handler=cmd_expire)

    report = sub.add_parser("report", help="reports")
    rsub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p = rsub.add_parser("daily", help="the end-of-day summary")
    p.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--until", type=date.fromisoformat, default=None, help="end of a longer period")
    p.add_argument("--print", action="store_true", dest="print_slip", help="queue the summary slip for printing")
    p.set_defaults(handler=cmd_report_daily)
    p = rsub.add_parser("health", help="program health: liability, breakage, retention, member value, return")
    p.add_argument("--days", type=int, default=30, help="the period for rates and the return (default 30)")
    p.set_defaults(handler=cmd_report_health)
    p = rsub.add_parser("export", help="write the summary (or, with --health, program health) as CSV")
    p.add_argument("--csv", type=Path, required=True, metavar="FILE")
    p.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--until", type=date.fromisoformat, default=None, help="end of a longer period")
    p.add_argument("--health", action="store_true", help="export program health instead of the summary")
    p.set_defaults(handler=cmd_report_export)

    p = sub.add_parser("verify", help="check every ledger invariant and the hash chains; exit 1 on any problem")
    p.set_defaults(handler=cmd_verify)
    p = sub.add_parser("backup", help="copy the database safely while the shop runs")
    p.add_argument("file", type=Path, nargs="?", help="a file or folder (not needed with --auto)")
    p.add_argument("--auto", action="store_true",
                   help="the daily backup into <data dir>/backups if none is a day old, keeping backup.keep")
    p.add_argument("--force", action="store_true", help="with --auto: back up even if a recent backup exists")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="replace the database with a backup (the current one is kept)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_restore)

    staff = sub.add_parser("staff", help="staff accounts and PINs")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    p = ssub.add_parser("list")
    p.set_defaults(handler=cmd_staff_list)
    p = ssub.add_parser("add")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=["cashier", "manager", "owner"])
    p.add_argument("--pin", required=True)
    p.set_defaults(handler=cmd_staff_add)


def _manager(app: Services, pin: str | None, action: str) -> str | None:
    pin = pin or os.environ.get("KIOSK_MANAGER_PIN")
    if not pin:
        return None
    return app.staff.authorize(pin, action=action).staff_id


def cmd_demo(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        def progress(done: int, total: int) -> None:
            if not args.json and total >= 200 and (done % max(1, total // 20) == 0 or done == total):
                print(f"\r  demo: {done:,}/{total:,} steps", end="", flush=True)

        result = app.demo.build(members=args.members, days=args.days, seed=args.seed, progress=progress)
        if not args.json:
            print()
        emit(args, result, lambda: (
            f"Demo shop ready in {app.data_dir}: {result.members:,} members, {result.sales:,} sales "
            f"over {result.days} days.\nStaff PINs: " + ", ".join(f"{n} ({r}) {p}" for n, r, p in result.staff)))
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.enrollment.enroll(EnrollMember(
            command_id=args.id or new_command_id(), name=args.name, phone=args.phone, email=args.email,
            birthday=args.birthday, language=args.language, consent_version=app.ctx.privacy_notice_version,
            referral_code=args.referral), print_card=args.print_card)
        emit(args, result, lambda: f"Enrolled {result.display_name}: member code {result.member_code}"
                                   + (f", +{result.signup_points} sign-up points" if result.signup_points else ""))
    return 0


def _account_text(account, ctx) -> str:  # type: ignore[no-untyped-def]
    lines = [f"{account.display_name}  {account.masked_phone}  code {account.member_code}",
             f"Points: {account.points:,} (worth {account.points_value})   Store credit: {account.credit}"]
    if account.tier:
        lines.append(f"Tier: {account.tier.label} ({account.tier.percent}%; "
                     f"{account.tier.remaining_text(ctx.currency, 'en')})")
    for card in account.stamp_cards:
        dots = "●" * card.stamps + "○" * (card.required - card.stamps)
        ready = f"  {card.rewards_ready} × {card.reward_name} ready" if card.rewards_ready else ""
        lines.append(f"{card.name}: {dots} {card.stamps}/{card.required}{ready}")
    ready = [r for r in account.rewards if r.affordable]
    later = [r for r in account.rewards if not r.affordable]
    if ready:
        lines.append("Rewards now: " + ", ".join(f"{r.name} ({r.points:,} pts)" if r.points else r.name
                                                  for r in ready))
    if later:
        lines.append("Later: " + ", ".join(f"{r.name} ({r.points_short:,} pts to go)" for r in later))
    for e in account.expiring:
        amount = f"{e.amount:,} points" if e.what == "points" else Money(e.amount, ctx.currency).plain()
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


def _lines(app: Services, args: argparse.Namespace) -> tuple[CartLine, ...]:
    programs = app.ctx.programs
    lines: list[CartLine] = []
    for spec in args.item:
        sku, _, qty = spec.partition(":")
        item = programs.item(sku.strip().upper())
        if item is None:
            raise NotFound(f"No item with SKU {sku!r}. Known: {', '.join(i.sku for i in programs.items)}.",
                           code="unknown_item")
        try:
            quantity = int(qty) if qty else 1
        except ValueError:
            raise InvalidInput(f"{spec!r}: the quantity after ':' must be a whole number.", code="bad_quantity") from None
        lines.append(CartLine(item.label(app.ctx.language), item.price, quantity, item.sku))
    if args.amount:
        lines.append(CartLine("Amount", Money.parse(args.amount, app.ctx.currency)))
    if not lines:
        raise InvalidInput("Give --amount or at least one --item.", code="empty_basket")
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
            approved_by=_manager(app, args.manager_pin, "sale"), print_receipt=not args.no_receipt,
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


def cmd_refund(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.refunds.refund(RefundSale(
            command_id=args.id or new_command_id(), receipt_no=args.receipt_no,
            kind="void" if args.void else "refund", reason=args.reason,
            approved_by=_manager(app, args.manager_pin, "refund")))
        emit(args, result, lambda: (
            f"{result.kind.title()} {result.receipt_no} of {result.original_receipt_no}: {result.amount} back; "
            f"points -{result.points_reversed:,} +{result.points_returned:,}, stamps -{result.stamps_reversed}"
            + (f", free items taken back {result.rewards_reversed}" if result.rewards_reversed else "")
            + ("; the member's balance is now negative (flagged for the manager)" if result.negative_balance else "")))
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
            approved_by=_manager(app, args.manager_pin, "adjustment")))
        emit(args, result, lambda: f"Adjusted by {result.points:+,} points; balance {result.points_balance:,}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.redemption.review_bonus(AwardReviewBonus(command_id=args.id or new_command_id(),
                                                              member_code=args.member))
        emit(args, result, lambda: f"Review bonus +{result.points:,}; balance {result.points_balance:,}")
    return 0


def cmd_partner(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.partners.award(partner_id=args.partner, member_code=args.member,
                                    amount=Money.parse(args.amount, app.ctx.currency), reference=args.reference)
        emit(args, result, lambda: f"{result.partner} receipt {result.reference}: +{result.points:,} points; "
                                   f"balance {result.points_balance:,}")
    return 0


def cmd_expire(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.expiry.run()
        emit(args, result, lambda: f"Expired {result.points_expired:,} points, "
                                   f"{Money(result.credit_expired, app.ctx.currency)} credit and "
                                   f"{result.rewards_expired} rewards for {result.members} members")
    return 0


def cmd_report_daily(args: argparse.Namespace) -> int:
    from kiosk.services.reports import summary_rows

    with load_app(args) as app:
        day = args.date or app.ctx.business_date(app.clock.now())
        summary = app.reports.daily(day, until=args.until)
        if args.print_slip:
            app.printing().enqueue(app.reports.summary_slip(summary, created_at=app.ctx.local(app.clock.now())))
        emit(args, summary, lambda: "\n".join(f"{k:<30} {v}" for k, v in summary_rows(summary)))
    return 0


def cmd_report_health(args: argparse.Namespace) -> int:
    from kiosk.services.analytics import health_rows

    with load_app(args) as app:
        health = app.analytics().health(period_days=args.days)
        emit(args, health, lambda: "\n".join(f"{k:<34} {v}" for k, v in health_rows(health)))
    return 0


def cmd_report_export(args: argparse.Namespace) -> int:
    from kiosk.services.analytics import health_csv, summary_csv

    with load_app(args) as app:
        if args.health:
            text = health_csv(app.analytics().health())
        else:
            day = args.date or app.ctx.business_date(app.clock.now())
            text = summary_csv(app.reports.daily(day, until=args.until))
        args.csv.write_text(text, encoding="utf-8")
        emit(args, {"file": str(args.csv)}, f"Wrote {args.csv}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        report = app.verify.run()
        emit(args, report, lambda: (f"OK: {report.entries_checked:,} ledger entries and "
                                    f"{report.audit_records_checked:,} audit records check out.") if report.ok
             else "\n".join([f"{len(report.problems):,} PROBLEMS:"] + [f"  {p}" for p in report.problems[:50]]
                             + ([f"  ... and {len(report.problems) - 50:,} more (use --json for all)"]
                                if len(report.problems) > 50 else [])))
        return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    if args.auto:
        from kiosk.cli_trust import cmd_backup_auto

        return cmd_backup_auto(args)
    if args.file is None:
        raise InvalidInput("Give a backup file or folder, or --auto.", code="backup_target_missing")
    with load_app(args) as app:
        info = app.backup_to(args.file)
        emit(args, info, lambda: f"Backed up to {info.path} ({info.bytes:,} bytes)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kiosk.bootstrap import restore_backup
    from kiosk.config import load_settings

    settings = load_settings(data_dir=args.data_dir, config_file=args.config)
    info = restore_backup(settings, args.file)
    with load_app(args) as app:  # migrate the restored copy and prove it opens
        report = app.verify.run()
    emit(args, info, lambda: f"Restored {info.path} from {args.file}; verify: "
                             + ("OK" if report.ok else f"{len(report.problems)} problems"))
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        staff = app.staff.list_staff(include_inactive=True)
        emit(args, staff, lambda: "\n".join(f"{s.id}  {s.name:<20} {s.role.value:<8} "
                                            f"{'active' if s.active else 'disabled'}" for s in staff))
    return 0


def cmd_staff_add(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        staff = app.staff.add_staff(name=args.name, role=args.role, pin=args.pin)
        emit(args, staff, lambda: f"Added {staff.name} ({staff.role.value}) as {staff.id}")
    return 0
