"""`kiosk report ...`, `verify` and `audit`: what happened, whether the books hold, and who did what."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from kiosk.cli.common import date_arg, emit, load_app
from kiosk.domain.errors import InvalidInput


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="reports")
    rsub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p = rsub.add_parser("daily", help="the end-of-day summary")
    p.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--until", type=date_arg, default=None, help="end of a longer period")
    p.add_argument("--print", action="store_true", dest="print_slip", help="queue the summary slip for printing")
    p.set_defaults(handler=cmd_report_daily)
    p = rsub.add_parser("health", help="program health: liability, breakage, retention, member value, return")
    p.add_argument("--days", type=int, default=30, help="the period for rates and the return (default 30)")
    p.set_defaults(handler=cmd_report_health)
    p = rsub.add_parser("export", help="write the summary (or, with --health, program health) as CSV")
    p.add_argument("--csv", type=Path, required=True, metavar="FILE")
    p.add_argument("--date", type=date_arg, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--until", type=date_arg, default=None, help="end of a longer period")
    p.add_argument("--health", action="store_true", help="export program health instead of the summary")
    p.set_defaults(handler=cmd_report_export)

    p = sub.add_parser("verify", help="check every ledger invariant and the hash chains; exit 1 on any problem")
    p.set_defaults(handler=cmd_verify)
    p = sub.add_parser("audit", help="privileged actions: who, when, which device (newest last)")
    p.add_argument("--since", type=date_arg, help="YYYY-MM-DD (default: everything)")
    p.add_argument("--limit", type=int, default=None, help="only the newest N records")
    p.add_argument("--action", help="only actions starting with this, e.g. member. or sale.override")
    p.set_defaults(handler=cmd_audit)



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
        emit(args, report, lambda: (f"OK: {report.entries_checked:,} ledger entries, "
                                    f"{report.records_checked:,} sales, refunds and vouchers, and "
                                    f"{report.audit_records_checked:,} audit records check out.") if report.ok
             else "\n".join([f"{len(report.problems):,} PROBLEMS:"] + [f"  {p}" for p in report.problems[:50]]
                             + ([f"  ... and {len(report.problems) - 50:,} more (use --json for all)"]
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


def cmd_audit(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise InvalidInput("--limit must be at least 1.", code="bad_limit")
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
                return "No audit records" + (f" since {args.since}." if args.since else ".")
            out = []
            for ln in lines:
                who = ln.staff_name or ln.staff_id or "-"
                details = " ".join(f"{k}={v}" for k, v in sorted(ln.details.items()) if v not in (None, "", []))
                out.append(f"{ln.at:%Y-%m-%d %H:%M:%S}  {ln.device_id:<18} {who:<22} {ln.action:<22} "
                           f"{ln.subject or '-'}  {details}".rstrip())
            return "\n".join(out)

        emit(args, lines, text)
    return 0
