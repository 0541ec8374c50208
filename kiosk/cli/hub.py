"""`kiosk hub`: put the shop's devices on one PostgreSQL hub, see how they are doing, sync, retire a device,
and settle the conflicts devices that sold apart can leave (issue 14)."""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import datetime
from typing import Any

from kiosk.cli.common import emit, load_app, manager_approval, manager_flag
from kiosk.services.app import Services
from kiosk.services.hub import HubReport, HubStatus
from kiosk.services.ports.hub import HubConflict

ADMIN_URL = ("the hub's address with its owner's login, e.g. postgresql://owner:PASSWORD@hub.example:5432/shop; "
             "used once to let this device in, never stored (the device gets its own login)")


def register(subparsers: Any) -> None:
    hub = subparsers.add_parser(
        "hub", help="share one ledger between the shop's counters and kiosks (and a chain's shops)",
        description="Every device keeps selling on its own database; through the hub (a PostgreSQL database) they "
                    "all end up with the same members, balances and ledger.")
    actions = hub.add_subparsers(dest="hub_action", metavar="ACTION")

    init = actions.add_parser("init", help="make this device a shop's first on the hub and publish its history")
    init.add_argument("url", metavar="URL", help=ADMIN_URL)
    init.add_argument("--shop", help="the shop's name on the hub (default: the shop name in the settings)")
    init.add_argument("--name", help='this device\'s name, e.g. "Counter 1"')
    init.set_defaults(handler=run_init)

    join = actions.add_parser("join", help="join a shop on the hub as a new, empty device and take its history")
    join.add_argument("url", metavar="URL", help=ADMIN_URL)
    join.add_argument("--name", required=True, help='this device\'s name, e.g. "Counter 2" or "Door kiosk"')
    join.add_argument("--shop", help="which shop, when the hub serves a chain of several")
    join.set_defaults(handler=run_join)

    status = actions.add_parser("status", help="last contact, what waits to be sent, every device, conflicts")
    status.add_argument("--check", action="store_true", help="ask the hub now (and list what it refused)")
    status.set_defaults(handler=show_status)

    sync = actions.add_parser("sync", help="sync with the hub now (until Ctrl-C, or --once)")
    sync.add_argument("--once", action="store_true", help="one round, then exit (exit status 1 if it failed)")
    sync.set_defaults(handler=run_sync)

    revoke = actions.add_parser("revoke", help="retire a device: it can no longer reach the hub")
    revoke.add_argument("device", metavar="DEVICE", help="its label (C2, K1), name or id from `kiosk hub status`")
    manager_flag(revoke)
    revoke.set_defaults(handler=run_revoke)

    upgrade = actions.add_parser("upgrade", help="bring the hub's schema and functions to this app's version")
    upgrade.add_argument("url", metavar="URL", help="the hub's address with its owner's login")
    upgrade.set_defaults(handler=run_upgrade)

    verify = actions.add_parser("verify", help="check the hub's own copy: every device's chains and balances")
    verify.add_argument("url", metavar="URL", help="the hub's address with its owner's login (read only)")
    verify.set_defaults(handler=run_verify)

    conflicts = actions.add_parser("conflicts", help="what devices that sold apart left to settle")
    conflicts.set_defaults(handler=show_conflicts)

    merge = actions.add_parser("merge", help="merge two members who are one person (their phone was enrolled twice)")
    merge.add_argument("keep", metavar="KEEP", help="the member to keep (id from `kiosk hub conflicts`)")
    merge.add_argument("merge", metavar="MERGE", help="the member merged into KEEP: their points move, their card "
                                                      "keeps working")
    manager_flag(merge)
    merge.set_defaults(handler=run_merge)

    write_off = actions.add_parser("write-off", help="settle an overdraft or a voucher used twice at the shop's "
                                                     "cost, or take back a challenge's bonus given twice")
    write_off.add_argument("key", metavar="KEY", help="the conflict's key from `kiosk hub conflicts`")
    manager_flag(write_off)
    write_off.set_defaults(handler=run_write_off)


def _progress(args: argparse.Namespace) -> Any:
    """A progress bar on stderr while a joining device takes the shop's history."""
    if args.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width if not total else int(width * min(done, total) / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} items")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _joined_text(joined: Any, action: str) -> str:
    report: HubReport = joined.report
    lines = [f"{action} shop {joined.shop_name!r} on the hub" + (" (the hub was set up now)" if joined.new_hub else ""),
             f"This device's receipts: {joined.labels['counter']}-…; its kiosk's: {joined.labels['kiosk']}-…",
             f"Its hub password is kept in {joined.password_kept_in} (KIOSK_HUB_PASSWORD overrides it).",
             _report_text(report)]
    return "\n".join(lines)


def run_init(args: argparse.Namespace) -> int:
    from kiosk.bootstrap import hub_init
    from kiosk.config import load_settings

    joined = hub_init(load_settings(data_dir=args.data_dir, config_file=args.config), args.url,
                      shop_name=args.shop, name=args.name, progress=_progress(args))
    emit(args, joined, _joined_text(joined, "Published this device as the first of"))
    return 0 if joined.report.refused is None and joined.report.online else 1


def run_join(args: argparse.Namespace) -> int:
    from kiosk.bootstrap import hub_join
    from kiosk.config import load_settings

    joined = hub_join(load_settings(data_dir=args.data_dir, config_file=args.config), args.url, name=args.name,
                      shop=args.shop, progress=_progress(args))
    emit(args, joined, _joined_text(joined, "Joined"))
    return 0 if joined.report.refused is None and joined.report.online else 1


def _report_text(report: HubReport) -> str:
    if not report.configured:
        return "This device has no hub (kiosk hub init or kiosk hub join)."
    if report.online is False:
        return f"The hub is out of reach; this device keeps selling and sends everything later. ({report.error})"
    text = f"Synced: sent {report.pushed:,} item(s), received {report.pulled:,}."
    if report.settings_changed:
        text += " The shop's settings changed on another device and apply here now."
    if report.refused:
        text += f"\nThe hub refused this device's next item: {report.refused}\nNothing after it is sent until " \
                "this is looked into (kiosk verify on this device; kiosk hub status --check)."
    return text


def run_sync(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        if args.once or not app.hub.configured:
            report = app.hub.sync_once()
            emit(args, report, _report_text(report))
            return 0 if (not report.configured or (report.online and not report.refused)) else 1
        stop = threading.Event()
        try:
            while not stop.is_set():
                report = app.hub.sync_once()
                if report.pushed or report.pulled or report.error or report.refused:
                    emit(args, report, _report_text(report))
                stop.wait(app.hub.interval_seconds)
        except KeyboardInterrupt:
            pass
        return 0


def _when(app: Services, value: datetime | None) -> str:
    if value is None:
        return "never"
    return app.ctx.local(value).strftime("%Y-%m-%d %H:%M:%S")


def conflict_text(conflict: HubConflict) -> str:
    who = ", ".join(conflict.member_names) or "-"
    if conflict.kind == "overdraft":
        return (f"{conflict.key}: {who} spent {conflict.amount:,} {conflict.unit} more than they had, on devices "
                f"{', '.join(conflict.devices)} while apart (receipts {', '.join(conflict.receipts)}). Leave it to "
                "be settled by what they earn next, or: kiosk hub write-off KEY")
    if conflict.kind == "voucher_twice":
        return (f"{conflict.key}: voucher {conflict.detail.get('voucher_code')} was used {conflict.amount + 1} times "
                f"(receipts {', '.join(conflict.receipts)}). Settle it: kiosk hub write-off KEY")
    if conflict.kind == "refund_twice":
        return (f"{conflict.key}: sale {conflict.receipts[0]} ({who}) was refunded on devices "
                f"{', '.join(conflict.devices)} while apart, more than was sold (refunds "
                f"{', '.join(conflict.receipts[1:])}). Check what went back to the customer; the ledger keeps both.")
    if conflict.kind == "offer_twice":
        return (f"{conflict.key}: {who} used the offer {conflict.detail.get('offer_id')} {conflict.amount + 1} times, "
                f"on devices {', '.join(conflict.devices)} while apart (receipts {', '.join(conflict.receipts)}). "
                "It is meant once: check what was given; the ledger keeps every sale.")
    if conflict.kind == "challenge_twice":
        return (f"{conflict.key}: {who} completed the challenge {conflict.detail.get('challenge_id')} "
                f"{conflict.detail.get('times')} times in {conflict.detail.get('period')}, on devices "
                f"{', '.join(conflict.devices)} while apart (receipts {', '.join(conflict.receipts)}): its bonus is "
                f"meant once, {conflict.amount:,} {conflict.unit} given over. Take the later one back: "
                "kiosk hub write-off KEY")
    members = " and ".join(f"{name} ({mid})" for name, mid in zip(conflict.member_names, conflict.member_ids,
                                                                   strict=True))
    return (f"{conflict.key}: phone {conflict.detail.get('phone')} belongs to {members}, enrolled on different "
            "devices. If they are one person: kiosk hub merge KEEP MERGE")


def status_text(app: Services, status: HubStatus) -> str:
    if not status.configured:
        return "This device has no hub: it works on its own (kiosk hub init or kiosk hub join to share one ledger)."
    state = {True: "online", False: "offline (keeps selling; sends everything later)", None: "not contacted yet "
             "since the app started"}[status.online]
    lines = [f"Hub: {status.url} — {state}", f"Shop: {status.shop_name}",
             f"Last contact: {_when(app, status.last_contact)}", f"Still to send: {status.pending:,} item(s)"]
    if status.stripe_holder:
        lines.append(f"Stripe updates are sent by: {status.stripe_holder}")
    if status.refused:
        lines.append(f"Refused by the hub: {status.refused}")
    elif status.error:
        lines.append(f"Last error: {status.error}")
    lines.append("Devices:")
    for d in status.devices:
        gone = " (retired)" if d.revoked else ""
        lines.append(f"  {d.label:<4} {d.name} [{d.role}] {d.shop_name}{gone}: last contact "
                     f"{_when(app, d.last_contact)}, {d.pending:,} still to send, {d.accepted:,} sent")
    for refusal in status.refusals:
        lines.append(f"Refused item {refusal.seq} at {_when(app, refusal.at)}: {refusal.reason}")
    lines.append(f"Conflicts: {len(status.conflicts)}" + (" (nothing to settle)" if not status.conflicts else ""))
    lines.extend("  " + conflict_text(c) for c in status.conflicts)
    return "\n".join(lines)


def show_status(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        status = app.hub.status(ask_hub=args.check)
        emit(args, status, lambda: status_text(app, status))
        return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from kiosk.bootstrap import upgrade_hub

    new = upgrade_hub(args.url)
    emit(args, {"new_hub": new}, "The hub was set up from scratch." if new else "The hub is up to date.")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from kiosk.bootstrap import verify_hub

    report = verify_hub(args.url)
    lines = [f"Hub: {report.entries_checked:,} ledger entries, {report.records_checked:,} sales/refunds/vouchers "
             f"and {report.audit_records_checked:,} audit records checked."]
    lines += [f"  problem: {p}" for p in report.problems] or ["Every device's chains hold and balances match."]
    emit(args, report, "\n".join(lines))
    return 0 if report.ok else 1


def show_conflicts(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        found = app.hub.conflicts()
        emit(args, found, lambda: "\n".join(conflict_text(c) for c in found) or "No conflicts: nothing to settle.")
        return 0


def run_revoke(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        found = app.hub.revoke(args.device, approved_by=manager_approval(app, args.manager_pin, "hub_revoke"))
        emit(args, {"revoked": found}, f"Device {args.device} ({found}) is retired: it can no longer reach the hub.")
        return 0


def run_merge(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.hub.merge(keep=args.keep, merge=args.merge,
                               approved_by=manager_approval(app, args.manager_pin, "member_merge"))
        moved = ", ".join(f"{amount:,} {unit}" for unit, amount in result.moved.items()) or "nothing"
        emit(args, result, f"Merged member {result.merged_id} into {result.kept_id}; moved {moved}. Both cards "
                           "keep working.")
        return 0


def run_write_off(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.hub.write_off(args.key, approved_by=manager_approval(app, args.manager_pin,
                                                                          "conflict_write_off"))
        if result.key.startswith("challenge:"):
            emit(args, result, f"Took back {result.amount:,} {result.unit} ({result.key}), the challenge bonus given "
                               "again: the member keeps one.")
        else:
            emit(args, result, f"Written off {result.amount:,} {result.unit} ({result.key}) at the shop's cost.")
        return 0
