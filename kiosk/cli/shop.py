"""`kiosk demo`, `backup`, `restore` and `staff`: setting the shop up and keeping it safe."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import emit, language_of, load_app, owner_approval, owner_flag, whole_arg
from kiosk.domain.errors import InvalidInput
from kiosk.domain.events import Message
from kiosk.l10n.catalogue import render, say

if TYPE_CHECKING:
    from kiosk.services.backups import RestoreRecord
    from kiosk.services.demo import DemoResult
    from kiosk.services.ports import Clock


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="build the demo shop (a Bangkok café) with some history, all or nothing, "
                                    "in a demo folder of its own (KIOSK_DEMO_DIR, or --data-dir; never the real "
                                    "shop's); run again, it reports the shop it built")
    p.add_argument("--members", type=whole_arg, default=120)
    p.add_argument("--days", type=whole_arg, default=60)
    p.add_argument("--seed", type=whole_arg, default=7)
    p.add_argument("--where", action="store_true", help="only print the folder the demo shop goes in")
    p.set_defaults(handler=cmd_demo)

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
    p = ssub.add_parser("add", help="add a staff member (an owner's PIN; a new shop's first owner needs none)")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=["cashier", "manager", "owner"])
    p.add_argument("--pin", required=True, help="their PIN: 4 to 8 digits nobody else on the staff has")
    owner_flag(p)
    p.set_defaults(handler=cmd_staff_add)
    for action, what in (("disable", "stop a staff member signing in or approving (an owner's PIN)"),
                         ("enable", "let a disabled staff member sign in again (an owner's PIN)")):
        p = ssub.add_parser(action, help=what)
        p.add_argument("staff", metavar="NAME_OR_ID")
        owner_flag(p)
        p.set_defaults(handler=cmd_staff_set_active, active=action == "enable")
    p = ssub.add_parser("rename", help="give a staff member another name, one no active colleague has (an owner's "
                                       "PIN): the way out when two of one name would both be active")
    p.add_argument("staff", metavar="NAME_OR_ID")
    p.add_argument("name", metavar="NEW_NAME")
    owner_flag(p)
    p.set_defaults(handler=cmd_staff_rename)
    p = ssub.add_parser("reset-pin", help="give a staff member a new PIN and clear a lockout (an owner's PIN)")
    p.add_argument("staff", metavar="NAME_OR_ID")
    p.add_argument("--pin", required=True, help="the new PIN: 4 to 8 digits nobody else on the staff has")
    owner_flag(p)
    p.set_defaults(handler=cmd_staff_reset_pin)


def build_demo_shop(data_dir: Path, *, config_file: Path | None = None, clock: Clock | None = None,
                    members: int = 120, days: int = 60, seed: int = 7,
                    progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """The demo café in `data_dir`, all or nothing (kiosk.bootstrap.build_demo), with its promotions, challenge,
    personal offers and partner bakery (kiosk.services.demo.DEMO_PROGRAMS).

    Its history is rung up under those programs; once it stands, its owner saves them into the folder's settings
    through the manager's settings service (validated, audited, as the Promotions page does), so every screen
    opened on the folder runs them. A build that fails or is refused writes no settings.
    """
    from kiosk.bootstrap import build_app, build_demo
    from kiosk.config import load_settings, read_settings
    from kiosk.domain.staff import Role
    from kiosk.services.demo import demo_programs
    from kiosk.services.settings_admin import ChangeProgramSettings

    programs = demo_programs(read_settings(data_dir=data_dir, config_file=config_file)[1])
    result = build_demo(load_settings(data_dir=data_dir, config_file=config_file, overrides=programs),
                        members=members, days=days, seed=seed, progress=progress, clock=clock)
    with build_app(load_settings(data_dir=data_dir, config_file=config_file), clock=clock) as app:
        owner = next((s for s in app.staff.list_staff() if s.role == Role.OWNER and s.active), None)
        if owner is not None:
            # one command id per demo: a second `kiosk demo` on the folder leaves the manager's later edits alone
            app.settings_admin().apply(ChangeProgramSettings(command_id=f"demo-{seed}-programs", changes=programs,
                                                             staff_id=owner.id))
    return result


def cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.config import default_demo_dir, load_settings

    data_dir = args.data_dir or default_demo_dir()
    if args.where:
        emit(args, {"data_dir": str(data_dir)}, str(data_dir))
        return 0
    settings = load_settings(data_dir=data_dir, config_file=args.config)
    lang = getattr(args, "cli_language", None) or settings.context.language
    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal shown
        if not args.json and total >= 200 and (done % max(1, total // 20) == 0 or done == total):
            shown = True
            print("\r" + render("cli.demo.progress", {"done": done, "total": total}, lang), end="", flush=True)

    try:
        result = build_demo_shop(settings.data_dir, config_file=args.config, members=args.members, days=args.days,
                                 seed=args.seed, progress=progress)
    finally:
        if shown:
            print()
    folder = shlex.quote(str(settings.data_dir))
    pins = ", ".join(render("cli.demo.pin", {"name": n, "role": Message(f"staff_role.{r}"), "pin": p}, lang)
                     for n, r, p in result.staff)
    emit(args, {**asdict(result), "data_dir": str(settings.data_dir)}, lambda: "\n".join([
        render("cli.demo.ready", {"folder": str(settings.data_dir), "members": result.members, "sales": result.sales,
                                  "days": str(result.days)}, lang),
        render("cli.demo.pins", {"pins": pins}, lang), render("cli.demo.open", {"folder": folder}, lang),
        render("cli.demo.script", {"folder": folder}, lang)]))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    if args.auto:
        return cmd_backup_auto(args)
    if args.file is None:
        raise InvalidInput("cli.backup_target_missing")
    with load_app(args) as app:
        info = app.backup_to(args.file)
        emit(args, info, lambda: render("cli.backup.done", {"path": str(info.path), "bytes": info.bytes},
                                        language_of(args, app)))
    return 0


def cmd_backup_auto(args: argparse.Namespace) -> int:
    """`kiosk backup --auto`: the daily backup now if one is due (for cron or a shop's start-up script)."""
    with load_app(args) as app:
        service = app.backups
        if service is None:
            raise InvalidInput("cli.backup_not_sqlite")
        result = service.run_if_due(force=bool(getattr(args, "force", False)))
        lang = language_of(args, app)
        emit(args, result, lambda: (
            render("cli.backup.done_pruned", {"path": str(result.made.path), "bytes": result.made.bytes,
                                              "pruned": len(result.pruned)}, lang)
            if result.made else render("cli.backup.recent" if result.reason == "recent" else "cli.backup.off",
                                       None, lang)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kiosk.bootstrap.shop import restore_backup
    from kiosk.config import load_settings

    settings = load_settings(data_dir=args.data_dir, config_file=args.config)
    info = restore_backup(settings, args.file)
    with load_app(args) as app:  # migrate the restored copy and prove it opens
        report = app.verify.run()
        lang = language_of(args, app)
    emit(args, info, lambda: "\n".join([
        render("cli.restore.ok" if report.ok else "cli.restore.problems",
               {"path": str(info.path), "source": str(args.file), "count": len(report.problems)}, lang),
        *(say(message, lang) for message in carried_over(info))]))
    return 0


def carried_over(info: RestoreRecord) -> list[Message]:
    """What the restore carried over, said so the owner knows the next receipt's number is a new one."""
    numbers = tuple(Message("cli.restore.next_receipt", {"number": n}) for n in info.next_receipts) + tuple(
        Message("cli.restore.next_refund", {"number": n}) for n in info.next_refunds) or (
        Message("cli.restore.none_numbered"),)
    said: list[Message] = []
    if info.replaced == "unreadable":
        said.append(Message("cli.restore.numbers.unreadable"))
    if info.replaced == "read":
        code = "cli.restore.numbers.replaced_and_copies" if info.copies else "cli.restore.numbers.replaced"
    else:
        code = "cli.restore.numbers.copies" if info.copies else "cli.restore.numbers.backup"
    said.append(Message(code, {"copies": info.copies, "next": numbers}))
    if info.stripe_updates:
        said.append(Message("cli.restore.stripe_kept", {"count": info.stripe_updates}))
    if info.print_jobs:
        said.append(Message("cli.restore.prints_kept", {"count": info.print_jobs}))
    return said


def cmd_staff_list(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        staff = app.staff.list_staff(include_inactive=True)
        lang = language_of(args, app)
        emit(args, staff, lambda: "\n".join(render("cli.staff.row", {
            "id": s.id, "name": s.name.ljust(20), "role": render(f"staff_role.{s.role.value}", None, lang).ljust(8),
            "state": Message("staff_state.active" if s.active else "staff_state.disabled")}, lang) for s in staff))
    return 0


def cmd_staff_add(args: argparse.Namespace) -> int:
    import os

    from kiosk.bootstrap.shop import missing_shop
    from kiosk.services.staff import check_first_owner

    # a new shop's first owner is how a script sets a shop up; with an owner's PIN the shop must be there already
    new_shop = not (args.owner_pin or os.environ.get("KIOSK_OWNER_PIN"))
    if new_shop and missing_shop(data_dir=args.data_dir, config_file=args.config) is not None:
        # checked before the shop's files are made: a refused first staff member leaves no shop behind
        check_first_owner(name=args.name, role=args.role, pin=args.pin)
    with load_app(args, new_shop=new_shop) as app:
        staff = app.staff.add_staff(name=args.name, role=args.role, pin=args.pin,
                                    by=owner_approval(app, args.owner_pin, "staff.add"))
        emit(args, staff, lambda: render("cli.staff.added", {"name": staff.name, "id": staff.id,
                                                             "role": Message(f"staff_role.{staff.role.value}")},
                                         language_of(args, app)))
    return 0


def cmd_staff_set_active(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        staff = app.staff.find_staff(args.staff)
        action = "staff.enable" if args.active else "staff.disable"
        app.staff.set_active(staff.id, args.active, by=owner_approval(app, args.owner_pin, action))
        staff = app.staff.find_staff(staff.id)
        emit(args, staff, lambda: render("cli.staff.now", {
            "name": staff.name, "role": Message(f"staff_role.{staff.role.value}"),
            "state": Message("staff_state.active" if staff.active else "staff_state.disabled")},
            language_of(args, app)))
    return 0


def cmd_staff_rename(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        staff = app.staff.find_staff(args.staff)
        renamed = app.staff.rename(staff.id, args.name, by=owner_approval(app, args.owner_pin, "staff.rename"))
        emit(args, renamed, lambda: render("cli.staff.renamed", {"old": staff.name, "name": renamed.name},
                                           language_of(args, app)))
    return 0


def cmd_staff_reset_pin(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        staff = app.staff.find_staff(args.staff)
        app.staff.reset_pin(staff.id, args.pin, by=owner_approval(app, args.owner_pin, "staff.reset_pin"))
        emit(args, {"staff_id": staff.id, "name": staff.name},
             lambda: render("cli.staff.new_pin", {"name": staff.name}, language_of(args, app)))
    return 0
