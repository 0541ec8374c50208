"""Trust commands: signing keys, members' privacy rights (export, erase), the audit trail, automatic backups."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from kiosk.cli import emit, load_app, new_command_id
from kiosk.domain.commands import EraseMember
from kiosk.domain.errors import InvalidInput, StorageError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys = sub.add_parser("keys", help="the shop's code-signing keys: list, rotate, reissue old cards")
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    p = ksub.add_parser("list", help="keys, when made and retired, and how many cards each still signs")
    _json_flag(p)
    p.set_defaults(handler=cmd_keys_list)
    p = ksub.add_parser("rotate", help="retire the current key and make a new one (old cards keep working)")
    _manager_flag(p)
    _json_flag(p)
    p.set_defaults(handler=cmd_keys_rotate)
    p = ksub.add_parser("reissue", help="replace every card signed with a retired key (their old codes stop)")
    _manager_flag(p)
    _json_flag(p)
    p.set_defaults(handler=cmd_keys_reissue)

    privacy = sub.add_parser("privacy", help="members' privacy rights: export their data, erase them")
    psub = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    p = psub.add_parser("export", help="everything the shop holds about a member, as JSON (manager PIN)")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("--out", type=Path, help="write to this file instead of printing")
    _manager_flag(p)
    p.set_defaults(handler=cmd_privacy_export)
    p = psub.add_parser("erase", help="erase a member on request: personal data wiped, balances written off")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("--reason", default="member request")
    p.add_argument("--id", help="request id (repeat it to retry safely)")
    _manager_flag(p)
    _json_flag(p)
    p.set_defaults(handler=cmd_privacy_erase)

    p = sub.add_parser("audit", help="privileged actions: who, when, which device (newest last)")
    p.add_argument("--since", type=_date_arg, help="YYYY-MM-DD (default: everything)")
    p.add_argument("--limit", type=int, default=None, help="only the newest N records")
    p.add_argument("--action", help="only actions starting with this, e.g. member. or sale.override")
    _json_flag(p)
    p.set_defaults(handler=cmd_audit)


def _json_flag(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: without --json here, the global `kiosk --json ...` flag is kept, not reset to False.
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")


def _manager_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--manager-pin", help="a manager's or owner's PIN (or set KIOSK_MANAGER_PIN)")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


def _approver(app: Services, args: argparse.Namespace, action: str) -> str | None:
    """The staff id behind --manager-pin (checked, audited, counted towards lockout); None when none given."""
    pin = args.manager_pin or os.environ.get("KIOSK_MANAGER_PIN")
    if not pin:
        return None
    return str(app.staff.authorize(pin, action=action).staff_id)


# -- keys ----------------------------------------------------------------------------------------------------
def cmd_keys_list(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        keys = app.keys.list_keys()

        def text() -> str:
            lines = []
            for k in keys:
                state = "ACTIVE " if k.active else f"retired {app.ctx.local(k.retired_at):%Y-%m-%d %H:%M}"
                lines.append(f"key {k.key_id}  made {app.ctx.local(k.created_at):%Y-%m-%d %H:%M}  {state}  "
                             f"{k.cards:,} active cards")
            return "\n".join(lines)

        emit(args, keys, text)
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.keys.rotate(approved_by=_approver(app, args, "keys.rotate"))
        emit(args, result, lambda: (
            f"New signing key {result.new_key_id}; retired {', '.join(result.retired_key_ids) or 'none'}. "
            f"{result.cards_on_retired_keys:,} cards still use a retired key and keep working until reissued "
            f"('kiosk keys reissue')."))
    return 0


def cmd_keys_reissue(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.keys.reissue_retired(approved_by=_approver(app, args, "cards.reissue"))
        emit(args, result, lambda: f"Reissued {result.cards_reissued:,} cards; {result.cards_left:,} left on "
                                   "retired keys. Members with an old card get a new one at the counter.")
    return 0


# -- privacy -------------------------------------------------------------------------------------------------
def cmd_privacy_export(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        export = app.privacy.export(args.member, approved_by=_approver(app, args, "member.export"))
        text = export.to_json()
        if args.out:
            out = args.out.expanduser()
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                tmp = out.with_name(out.name + ".part")
                tmp.write_text(text + "\n", encoding="utf-8")
                tmp.replace(out)
            except OSError as exc:
                raise StorageError(f"Could not write {out}: {exc.strerror}.", code="export_write_failed") from None
            print(f"Exported {len(export.ledger):,} ledger entries and {len(export.sales):,} sales to {out}")
        else:
            print(text)
    return 0


def cmd_privacy_erase(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.privacy.erase(EraseMember(
            command_id=args.id or new_command_id(), member_code=args.member, reason=args.reason,
            approved_by=_approver(app, args, "member.erase")))
        held = ", ".join(f"{n:,} {unit}" for unit, n in sorted(result.written_off.items())) or "nothing"
        emit(args, result, lambda: f"Erased member {result.member_id}: personal data wiped, "
                                   f"{result.cards_revoked} card(s) revoked, written off: {held}.")
    return 0


# -- audit ---------------------------------------------------------------------------------------------------
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


def cmd_backup_auto(args: argparse.Namespace) -> int:
    """`kiosk backup --auto`: the daily backup now if one is due (for cron or a shop's start-up script)."""
    with load_app(args) as app:
        service = app.backups
        if service is None:
            raise InvalidInput("Automatic backups cover the SQLite store; back up PostgreSQL with pg_dump.",
                               code="backup_not_sqlite")
        result = service.run_if_due(force=bool(getattr(args, "force", False)))
        emit(args, result, lambda: (
            f"Backed up to {result.made.path} ({result.made.bytes:,} bytes); removed {len(result.pruned)} old."
            if result.made else "A backup less than a day old exists; nothing to do."
            if result.reason == "recent" else "Daily backups are switched off (backup.daily = false)."))
    return 0
