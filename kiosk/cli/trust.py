"""`kiosk keys ...` and `kiosk privacy ...`: the shop's signing keys and its members' privacy rights."""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path

from kiosk.cli.common import (
    emit,
    language_of,
    load_app,
    manager_approval,
    manager_flag,
)
from kiosk.domain.commands import EraseMember
from kiosk.domain.errors import StorageError
from kiosk.domain.events import Message
from kiosk.domain.ids import new_command_id
from kiosk.l10n.amounts import holding
from kiosk.l10n.catalogue import format_value, render


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="the shop's code-signing keys: list, rotate, reissue old cards")
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    p = ksub.add_parser("list", help="keys, when made and retired, and how many cards each still signs")
    p.set_defaults(handler=cmd_keys_list)
    p = ksub.add_parser("rotate", help="retire the current key and make a new one (old cards keep working)")
    manager_flag(p)
    p.set_defaults(handler=cmd_keys_rotate)
    p = ksub.add_parser("reissue", help="replace every card signed with a retired key (their old codes stop)")
    manager_flag(p)
    p.set_defaults(handler=cmd_keys_reissue)

    privacy = sub.add_parser("privacy", help="members' privacy rights: export their data, erase them")
    psub = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    p = psub.add_parser("export", help="everything the shop holds about a member, as JSON (manager PIN)")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("--out", type=Path, help="write to this file instead of printing")
    manager_flag(p)
    p.set_defaults(handler=cmd_privacy_export)
    p = psub.add_parser("erase", help="erase a member on request: personal data wiped, balances written off")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("--reason", default="member request")
    p.add_argument("--id", help="request id (repeat it to retry safely)")
    manager_flag(p)
    p.set_defaults(handler=cmd_privacy_erase)


# -- keys ----------------------------------------------------------------------------------------------------
def cmd_keys_list(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        keys = app.keys.list_keys()

        lang = language_of(args, app)

        def text() -> str:
            lines = []
            for k in keys:
                state = (Message("cli.keys.active") if k.retired_at is None
                         else Message("cli.keys.retired", {"when": app.ctx.local(k.retired_at)}))
                lines.append(render("cli.keys.row", {"key": k.key_id, "made": app.ctx.local(k.created_at),
                                                     "state": state, "cards": k.cards}, lang))
            return "\n".join(lines)

        emit(args, keys, text)
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.keys.rotate(approved_by=manager_approval(app, args.manager_pin, "keys.rotate"))
        lang = language_of(args, app)
        emit(args, result, lambda: render("cli.keys.rotated", {
            "key": result.new_key_id, "cards": result.cards_on_retired_keys,
            "retired": ", ".join(result.retired_key_ids) or Message("cli.keys.none")}, lang))
    return 0


def cmd_keys_reissue(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.keys.reissue_retired(approved_by=manager_approval(app, args.manager_pin, "cards.reissue"))
        emit(args, result, lambda: render("cli.keys.reissued", {"cards": result.cards_reissued,
                                                                "left": result.cards_left}, language_of(args, app)))
    return 0


# -- privacy -------------------------------------------------------------------------------------------------
def cmd_privacy_export(args: argparse.Namespace) -> int:
    out = args.out.expanduser() if args.out else None
    with load_app(args) as app:
        # Written before the export is recorded (a file that could not be written was not an export), into a
        # folder that must already exist (a mistyped path makes none), readable by its owner alone: it is the
        # member's personal data.
        export = app.privacy.export(args.member, approved_by=manager_approval(app, args.manager_pin, "member.export"),
                                    deliver=(lambda e: _write_private(out, e.to_json() + "\n")) if out else None)
        if out:
            emit(args, {"path": str(out), "entries": len(export.ledger), "sales": len(export.sales)},
                 lambda: render("cli.privacy.exported", {"entries": len(export.ledger), "sales": len(export.sales),
                                                         "path": str(out)}, language_of(args, app)))
        else:
            print(export.to_json())
    return 0


def _write_private(out: Path, text: str) -> None:
    """`text` into `out` whole or not at all (a .part file renamed), mode 0600."""
    tmp = out.with_name(out.name + ".part")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), 0o600)  # a .part left by an earlier attempt would keep its own mode
            file.write(text)
        tmp.replace(out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError("cli.export_write_failed", out=out, strerror=exc.strerror) from None


def cmd_privacy_erase(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.privacy.erase(EraseMember(
            command_id=args.id or new_command_id(), member_code=args.member, reason=args.reason,
            approved_by=manager_approval(app, args.manager_pin, "member.erase")))
        lang = language_of(args, app)
        held = ", ".join(format_value(holding(unit, n, app.ctx.programs), lang)
                         for unit, n in sorted(result.written_off.items())) or render("cli.privacy.nothing", None, lang)
        emit(args, result, lambda: render("cli.privacy.erased", {"member": result.member_id, "held": held,
                                                                 "cards": result.cards_revoked}, lang))
    return 0
