"""`kiosk hub`: put the shop's devices on one PostgreSQL hub, see how they are doing, sync, retire a device,
and settle the conflicts devices that sold apart can leave (issue 14)."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import (
    emit,
    language_of,
    load_app,
    manager_approval,
    manager_flag,
    shop_language,
    shop_moment,
)
from kiosk.domain.errors import KioskError
from kiosk.domain.events import Message
from kiosk.domain.ledger import POINTS
from kiosk.domain.programs.config import ProgramConfig
from kiosk.l10n.amounts import challenge_name, conflict_holding, holding, offer_name
from kiosk.l10n.catalogue import format_value, render
from kiosk.services.app import Services
from kiosk.services.hub import HubReport, HubStatus
from kiosk.services.ports.hub import HubConflict

if TYPE_CHECKING:
    from kiosk.bootstrap.hub import FolderState

ADMIN_URL = ("the hub's address with its owner's login, e.g. postgresql://owner:PASSWORD@hub.example:5432/shop; "
             "used once to let this device in, never stored (the device gets its own login)")


def register(subparsers: Any) -> None:
    hub = subparsers.add_parser(
        "hub", help="share one ledger between the shop's counters and kiosks (and a chain's shops)",
        description="Every device keeps selling on its own database; through the hub (a PostgreSQL database) they "
                    "all end up with the same members, balances and ledger.")
    actions = hub.add_subparsers(dest="hub_action", metavar="ACTION", required=True)

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
                                                     "cost, take back a challenge's bonus given twice, or give back "
                                                     "what expiry wrote off twice")
    write_off.add_argument("key", metavar="KEY", help="the conflict's key from `kiosk hub conflicts`")
    manager_flag(write_off)
    write_off.set_defaults(handler=run_write_off)


def _progress(args: argparse.Namespace, lang: str) -> Any:
    """A progress bar on stderr while a joining device takes the shop's history."""
    if args.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width if not total else int(width * min(done, total) / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                         + render("hub.progress", {"done": done, "total": total}, lang))
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _joined_text(joined: Any, published: bool, lang: str) -> str:
    report: HubReport = joined.report
    head = render("hub.published" if published else "hub.joined", {"shop": repr(joined.shop_name)}, lang)
    if joined.new_hub:
        head = render("hub.new_hub", {"text": head}, lang)
    lines = [head,
             render("hub.labels", {"counter": joined.labels["counter"], "kiosk": joined.labels["kiosk"]}, lang),
             render("hub.password_kept", {"where": joined.password_kept_in}, lang),
             _report_text(report, lang)]
    return "\n".join(lines)


def _folder_before(args: argparse.Namespace) -> FolderState:
    """The data folder as it is before the settings are loaded (which makes a new folder and its install id):
    a refused init or join leaves it so. The folder is the one read_settings resolves, without reading the files."""
    from kiosk.bootstrap.hub import folder_state
    from kiosk.config import default_data_dir

    return folder_state((args.data_dir or default_data_dir()).expanduser())


def run_init(args: argparse.Namespace) -> int:
    from kiosk.bootstrap.hub import hub_init
    from kiosk.config import load_settings

    before = _folder_before(args)
    settings = load_settings(data_dir=args.data_dir, config_file=args.config)
    joined = hub_init(settings, args.url,
                      shop_name=args.shop, name=args.name, folder_before=before,
                      progress=_progress(args, _language(args, settings.context.language)))
    emit(args, joined, lambda: _joined_text(joined, True, _language(args, settings.context.language)))
    return 0 if joined.report.refused is None and joined.report.online else 1


def run_join(args: argparse.Namespace) -> int:
    from kiosk.bootstrap.hub import hub_join
    from kiosk.config import load_settings

    before = _folder_before(args)
    settings = load_settings(data_dir=args.data_dir, config_file=args.config)
    joined = hub_join(settings, args.url, name=args.name, shop=args.shop, folder_before=before,
                      progress=_progress(args, _language(args, settings.context.language)))
    emit(args, joined, lambda: _joined_text(joined, False, _language(args, settings.context.language)))
    return 0 if joined.report.refused is None and joined.report.online else 1


def _language(args: argparse.Namespace, shop_language: str) -> str:
    """--language, else the shop's (for the commands that read the settings without opening the shop)."""
    return getattr(args, "cli_language", None) or shop_language


def _report_text(report: HubReport, lang: str) -> str:
    if not report.configured:
        return render("hub.no_hub", None, lang)
    if report.online is False:
        return render("hub.out_of_reach", {"error": report.error}, lang)
    if report.device_refused:  # nothing was synced: the refusal alone (a retired device, its login)
        return render("hub.status.refused", {"refused": report.refused}, lang)
    text = render("hub.synced", {"pushed": report.pushed, "pulled": report.pulled}, lang)
    if report.settings_changed:
        text += " " + render("hub.settings_changed", None, lang)
    if report.refused:
        text += "\n" + render("hub.refused_next", {"refused": report.refused}, lang)
    return text


def run_sync(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        lang = language_of(args, app)
        if args.once or not app.hub.configured:
            report = app.hub.sync_once()
            emit(args, report, lambda: _report_text(report, lang))
            return 0 if (not report.configured or (report.online and not report.refused)) else 1
        stop = threading.Event()
        try:
            while not stop.is_set():
                report = app.hub.sync_once()
                if report.pushed or report.pulled or report.error or report.refused:
                    emit(args, report, _report_text(report, lang))
                stop.wait(app.hub.interval_seconds)
        except KeyboardInterrupt:
            pass
        return 0


def _unit(unit: str | None) -> object:
    return Message("unit.points") if unit == POINTS else unit


def device_names(app: Services) -> dict[str, str]:
    """Each device of the chain as people know it, "Counter 1 (C1)", by its id."""
    return {d.device_id: d.title for d in app.hub.store.directory()}


def conflict_text(conflict: HubConflict, lang: str = "en", names: Mapping[str, str] | None = None,
                  programs: ProgramConfig | None = None) -> str:
    """What devices that sold apart left to settle, and how to settle it, in `lang`. `names`: each device's name by
    its id (device_names); the devices are said by name, in the same order on every device. `programs`: the
    shop's, to say the amount in people's words and an offer or a challenge by its name in `lang`, as the Devices
    page does (kiosk.l10n.amounts: conflict_holding, offer_name, challenge_name); without it, by their ids."""
    devices = sorted(dict.fromkeys((names or {}).get(d, d) for d in conflict.devices))
    amount: object = (programs is not None and conflict_holding(conflict, programs)) or \
        Message("hub.amount_unit", {"amount": conflict.amount, "unit": _unit(conflict.unit)})
    common = {"key": conflict.key, "who": ", ".join(conflict.member_names) or "-",
              "devices": ", ".join(devices), "receipts": ", ".join(conflict.receipts), "held": amount,
              "times": conflict.amount + 1}
    if conflict.kind == "voucher_twice":
        return render("hub.conflict.voucher_twice", {**common, "voucher": conflict.detail.get("voucher_code")}, lang)
    if conflict.kind == "refund_twice":
        return render("hub.conflict.refund_twice", {**common, "sale": conflict.receipts[0],
                                                     "refunds": ", ".join(conflict.receipts[1:])}, lang)
    if conflict.kind == "offer_twice":
        offer_id = str(conflict.detail.get("offer_id", ""))
        return render("hub.conflict.offer_twice", {
            **common, "offer": offer_name(programs, offer_id) if programs is not None else offer_id}, lang)
    if conflict.kind == "challenge_twice":
        challenge_id = str(conflict.detail.get("challenge_id", ""))
        return render("hub.conflict.challenge_twice", {
            **common, "challenge": challenge_name(programs, challenge_id) if programs is not None else challenge_id,
            "times": conflict.detail.get("times"),
            "period": conflict.detail.get("period")}, lang)
    if conflict.kind in ("overdraft", "expiry_beyond"):
        return render("hub.conflict.overdraft" if conflict.kind == "overdraft" else "hub.conflict.expiry_beyond",
                      common, lang)
    named = [render("hub.conflict.member", {"name": name, "id": mid}, lang)
             for name, mid in zip(conflict.member_names, conflict.member_ids, strict=True)]
    members = named[0] if len(named) == 1 else render("hub.conflict.and", {"first": ", ".join(named[:-1]),
                                                                            "second": named[-1]}, lang)
    return render("hub.conflict.phone_twice", {**common, "phone": conflict.detail.get("phone"),
                                               "members": members}, lang)


def status_text(app: Services, status: HubStatus, lang: str) -> str:
    if not status.configured:
        return render("hub.works_alone", None, lang)
    if status.online is None:
        # this command has not asked the hub (--check does): what the last round that reached it recorded, the
        # sync worker's or the last `kiosk hub sync`'s
        state = Message("hub.state.last_reached", {"when": shop_moment(app, status.last_contact)}) \
            if status.last_contact is not None else Message("hub.state.never_reached")
    else:
        state = Message("hub.state.online" if status.online else "hub.state.offline")
    lines = [render("hub.status.hub", {"url": status.url, "state": state}, lang),
             render("hub.status.shop", {"shop": status.shop_name}, lang),
             render("hub.status.last_contact", {"when": shop_moment(app, status.last_contact)}, lang),
             render("hub.status.pending", {"count": status.pending}, lang)]
    if status.stripe_holder:
        lines.append(render("hub.status.stripe_holder", {"device": status.stripe_holder}, lang))
    if status.expiry_writer:
        lines.append(render("hub.status.expiry_writer", {"device": status.expiry_writer}, lang))
    if status.refused:
        lines.append(render("hub.status.refused", {"refused": status.refused}, lang))
    elif status.error:
        lines.append(render("hub.status.last_error", {"error": status.error}, lang))
    lines.append(render("hub.status.devices", None, lang))
    for d in status.devices:
        lines.append(render("hub.status.device_retired" if d.revoked else "hub.status.device", {
            "label": d.label.ljust(4), "name": d.name, "role": Message(f"device_role.{d.role}"),
            "shop": d.shop_name, "when": shop_moment(app, d.last_contact), "pending": d.pending,
            "accepted": d.accepted}, lang))
    for refusal in status.refusals:
        lines.append(render("hub.status.refusal", {"seq": str(refusal.seq), "when": shop_moment(app, refusal.at),
                                                   "reason": refusal.reason}, lang))
    lines.append(render("hub.status.conflicts" if status.conflicts else "hub.status.no_conflicts",
                        {"count": len(status.conflicts)}, lang))
    names = device_names(app)
    programs = app.ctx.programs
    lines.extend("  " + conflict_text(c, lang, names, programs)
                 for c in status.conflicts)
    return "\n".join(lines)


def show_status(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        status = app.hub.status(ask_hub=args.check)
        emit(args, status, lambda: status_text(app, status, language_of(args, app)))
        return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from kiosk.bootstrap.hub import upgrade_hub

    new = upgrade_hub(args.url)
    lang = _language(args, shop_language(args))
    emit(args, {"new_hub": new}, lambda: render("hub.upgraded_new" if new else "hub.up_to_date", None, lang))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from kiosk.bootstrap.hub import verify_hub
    from kiosk.bootstrap.shop import missing_shop
    from kiosk.config import load_settings

    # on a device with a shop, its shared rows are compared with the hub's too; the hub's owner may run this
    # anywhere, so a folder without a shop (or with settings that are refused) checks the hub alone
    try:
        device = None if missing_shop(data_dir=args.data_dir, config_file=args.config) is not None else \
            load_settings(data_dir=args.data_dir, config_file=args.config)
    except (KioskError, OSError):
        device = None
    report = verify_hub(args.url, device=device)
    lang = _language(args, shop_language(args))
    lines = [render("hub.verified", {"entries": report.entries_checked, "records": report.records_checked,
                                     "audit": report.audit_records_checked}, lang)]
    lines += [render("hub.verify_problem", {"problem": p}, lang) for p in report.problems] \
        or [render("hub.verify_ok", None, lang)]
    emit(args, report, "\n".join(lines))
    return 0 if report.ok else 1


def show_conflicts(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        found = app.hub.conflicts()
        lang = language_of(args, app)
        names, programs = device_names(app), app.ctx.programs
        emit(args, found, lambda: "\n".join(conflict_text(c, lang, names, programs)
                                            for c in found)
             or render("hub.no_conflicts", None, lang))
        return 0


def run_revoke(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        found = app.hub.revoke(args.device, approved_by=manager_approval(app, args.manager_pin, "hub_revoke"))
        emit(args, {"revoked": found}, lambda: render("hub.device_revoked", {"device": args.device, "found": found},
                                                       language_of(args, app)))
        return 0


def run_merge(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.hub.merge(keep=args.keep, merge=args.merge,
                               approved_by=manager_approval(app, args.manager_pin, "member_merge"))
        lang = language_of(args, app)
        moved = ", ".join(format_value(holding(unit, amount, app.ctx.programs), lang)
                          for unit, amount in result.moved.items()) or render("hub.moved_nothing", None, lang)
        emit(args, result, lambda: render("hub.merged", {"merged": result.merged_id, "kept": result.kept_id,
                                                         "moved": moved}, lang))
        return 0


# What a write-off says it did, by the kind of conflict it settled (an overdraft or a voucher: written off)
WRITTEN_OFF = {"challenge_twice": "hub.took_back", "expiry_beyond": "hub.gave_back_expired"}


def run_write_off(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.hub.write_off(args.key, approved_by=manager_approval(app, args.manager_pin,
                                                                          "conflict_write_off"))
        said = WRITTEN_OFF.get(result.kind, "hub.written_off")
        held = holding(result.unit, result.amount, app.ctx.programs, voucher_code=result.voucher_code)
        emit(args, result, lambda: render(said, {"held": held, "key": result.key}, language_of(args, app)))
        return 0
