"""`kiosk report ...`, `verify` and `audit`: what happened, whether the books hold, and who did what."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from kiosk.cli.common import date_arg, emit, language_of, load_app, owner_approval, owner_flag, signed_whole_arg
from kiosk.domain.errors import InvalidInput, PermissionDenied
from kiosk.l10n.catalogue import render, speaker
from kiosk.services.app import Services


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="reports")
    rsub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p = rsub.add_parser("daily", help="the end-of-day summary")
    p.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--until", type=date_arg, default=None, help="end of a longer period")
    p.add_argument("--print", action="store_true", dest="print_slip", help="queue the summary slip for printing")
    scope_flags(p)
    p.set_defaults(handler=cmd_report_daily)
    p = rsub.add_parser("health", help="program health: liability, breakage, retention, member value, return")
    p.add_argument("--days", type=signed_whole_arg, default=30,  # 1 to 366: the health report says so
                   help="the period for rates and the return (default 30)")
    scope_flags(p)
    p.set_defaults(handler=cmd_report_health)
    p = rsub.add_parser("export", help="write the summary (or, with --health, program health) as CSV")
    p.add_argument("--csv", type=Path, required=True, metavar="FILE")
    p.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--until", type=date_arg, default=None, help="end of a longer period")
    p.add_argument("--health", action="store_true", help="export program health instead of the summary")
    scope_flags(p)
    p.set_defaults(handler=cmd_report_export)
    p = rsub.add_parser("shops", help="the shops of this device's chain (for --shop)")
    p.set_defaults(handler=cmd_report_shops)

    p = sub.add_parser("verify", help="check every ledger invariant and the hash chains; exit 1 on any problem")
    p.set_defaults(handler=cmd_verify)
    p = sub.add_parser("audit", help="privileged actions: who, when, which device (newest last)")
    p.add_argument("--since", type=date_arg, help="YYYY-MM-DD (default: everything)")
    p.add_argument("--limit", type=signed_whole_arg, default=None,  # 1 to AUDIT_LIMIT_MAX: cmd_audit says so
                   help="only the newest N records")
    p.add_argument("--action", help="only actions starting with this, e.g. member. or sale.override")
    p.set_defaults(handler=cmd_audit)



def scope_flags(p: argparse.ArgumentParser) -> None:
    chosen = p.add_mutually_exclusive_group()
    chosen.add_argument("--shop", metavar="NAME_OR_ID", help="one shop of the chain (default: this device's own "
                                                             "shop; everything with no hub)")
    chosen.add_argument("--chain", action="store_true", help="the whole chain, each shop alongside")
    owner_flag(p, help="an owner's PIN (or set KIOSK_OWNER_PIN): needed for another shop or the chain")


def viewer(app: Services, args: argparse.Namespace) -> str | None:
    """Who asks: the owner behind --owner-pin when another shop or the chain is asked for; else nobody, and
    the device's own figures need no PIN (as before chains)."""
    if not (args.shop or args.chain):
        return None
    return owner_approval(app, args.owner_pin, "report_chain")


def run_scoped[T](asked: str | None, read: Callable[[], T]) -> T:
    """`read`, its owner-only refusal saying how to give the PIN when none was given."""
    try:
        return read()
    except PermissionDenied as exc:
        if exc.code == "report.chain_owner_only" and asked is None:
            raise PermissionDenied("cli.owner_pin_needed", refusal=exc, **exc.params) from None
        raise


def cmd_report_daily(args: argparse.Namespace) -> int:
    from kiosk.services.reports import chain_table, summary_rows

    with load_app(args) as app:
        say = speaker(language_of(args, app))
        day = args.date or app.ctx.business_date(app.clock.now())
        who = viewer(app, args)
        if args.chain:
            chain = run_scoped(who, lambda: app.reports.by_shop(day, until=args.until, viewer=who))
            summary = chain.total
        else:
            summary = run_scoped(who, lambda: app.reports.daily(day, until=args.until, shop=args.shop,
                                                                      viewer=who))
        if args.print_slip:
            app.printing().enqueue(app.reports.summary_slip(summary, created_at=app.ctx.local(app.clock.now()),
                                                            say=speaker(app.ctx.language)))  # the slip's language
        if args.chain:
            emit(args, chain, lambda: table(*chain_table(chain, say)))
        else:
            emit(args, summary, lambda: "\n".join(f"{k:<30} {v}" for k, v in summary_rows(summary, say)))
    return 0


def table(header: list[str], rows: list[list[str]]) -> str:
    """Columns as wide as their widest cell: the figure's name left, the shops' values right."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(r, widths, strict=True))).rstrip() for r in [header, *rows])


def cmd_report_health(args: argparse.Namespace) -> int:
    from kiosk.services.exports import health_rows

    with load_app(args) as app:
        say = speaker(language_of(args, app))
        who = viewer(app, args)
        health = run_scoped(who, lambda: app.analytics().health(period_days=args.days, shop=args.shop,
                                                                      chain=args.chain, viewer=who))
        emit(args, health, lambda: "\n".join(f"{k:<34} {v}" for k, v in health_rows(health, say)))
    return 0


def cmd_report_export(args: argparse.Namespace) -> int:
    """The summary or program health as a CSV for a spreadsheet: English keys, plain numbers and ISO dates in
    every language (kiosk.services.exports); the screens and the printed report speak the reader's language."""
    from kiosk.services.exports import chain_csv, health_csv, summary_csv

    with load_app(args) as app:
        who = viewer(app, args)
        if args.health:
            text = health_csv(run_scoped(who, lambda: app.analytics().health(shop=args.shop, chain=args.chain,
                                                                              viewer=who)))
        else:
            day = args.date or app.ctx.business_date(app.clock.now())
            if args.chain:
                text = chain_csv(run_scoped(who, lambda: app.reports.by_shop(day, until=args.until, viewer=who)))
            else:
                text = summary_csv(run_scoped(who, lambda: app.reports.daily(
                    day, until=args.until, shop=args.shop, viewer=who)))
        args.csv.write_text(text, encoding="utf-8")
        emit(args, {"file": str(args.csv)}, lambda: render("cli.report.wrote", {"path": str(args.csv)},
                                                           language_of(args, app)))
    return 0


@dataclass(frozen=True)
class ShopLine:
    shop_id: str
    name: str
    this_device: bool


def cmd_report_shops(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        own = app.reports.own_shop()
        lines = [ShopLine(s.shop_id, s.name, own is not None and s.shop_id == own.shop_id)
                 for s in app.reports.shops()]
        lang = language_of(args, app)
        emit(args, lines, lambda: "\n".join(
            render("cli.shops.this_device" if ln.this_device else "cli.shops.row",
                   {"shop": ln.shop_id.ljust(18), "name": ln.name}, lang) for ln in lines)
            or render("cli.shops.none", None, lang))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        report = app.verify.run()
        lang = language_of(args, app)
        emit(args, report, lambda: render("cli.verify.ok", {
            "entries": report.entries_checked, "records": report.records_checked,
            "audit": report.audit_records_checked}, lang) if report.ok
             else "\n".join([render("cli.verify.problems", {"count": len(report.problems)}, lang)]
                             + ["  " + render(p.code, p.params, lang) for p in report.problems[:50]]
                             + ([render("cli.verify.more", {"count": len(report.problems) - 50}, lang)]
                                if len(report.problems) > 50 else [])))
        return 0 if report.ok else 1


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    device_id: str
    staff_id: str | None
    staff_name: str | None
    action: str
    subject: str | None
    details: dict[str, Any]


# The most records --limit asks for (no --limit: all of them). Beyond 2**63 - 1 SQLite cannot even take the
# number; a million is more than any shop reads on a terminal.
AUDIT_LIMIT_MAX = 1_000_000


def cmd_audit(args: argparse.Namespace) -> int:
    if args.limit is not None and not 1 <= args.limit <= AUDIT_LIMIT_MAX:
        raise InvalidInput("cli.bad_limit", max=AUDIT_LIMIT_MAX)
    with load_app(args) as app:
        since = None
        if args.since is not None:
            since = datetime.combine(args.since, time.min, tzinfo=app.ctx.tz)
        names = {s.id: f"{s.name} ({s.role.value})" for s in app.staff.list_staff(include_inactive=True)}
        records = app.staff.audit_trail(since=since, limit=args.limit)
        lines = [AuditLine(app.ctx.local(r.at), r.device_id, r.staff_id, names.get(r.staff_id or ""), r.action,
                           r.subject, json.loads(r.details_json or "{}"))
                 for r in records if not args.action or r.action.startswith(args.action)]

        def text() -> str:
            if not lines:
                return render("cli.audit.none_since" if args.since else "cli.audit.none", {"since": args.since},
                              language_of(args, app))
            out = []
            for ln in lines:
                who = ln.staff_name or ln.staff_id or "-"
                details = " ".join(f"{k}={v}" for k, v in sorted(ln.details.items()) if v not in (None, "", []))
                out.append(f"{ln.at:%Y-%m-%d %H:%M:%S}  {ln.device_id:<18} {who:<22} {ln.action:<22} "
                           f"{ln.subject or '-'}  {details}".rstrip())
            return "\n".join(out)

        emit(args, lines, text)
    return 0
