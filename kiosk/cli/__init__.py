"""The `kiosk` command: the GUI screens and the scripting interface over the same services.

Each group of subcommands is one module here with a `register(subparsers)`; this module lists them, parses
the command line and turns every refusal into one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from kiosk import __version__
from kiosk.cli.common import KioskArgumentParser, add_global_options, print_refusal, repeated_option
from kiosk.cli.logs import quiet_qt, setup_logging
from kiosk.domain.errors import InvalidInput, KioskError

log = logging.getLogger("kiosk")

COMMAND_GROUPS = ("shop", "members", "sales", "partners", "reports", "trust", "printer", "sync", "hub", "gui",
                  "support")
# A screen's command needs only its own group: the others' imports (sync, hub, reports...) would cost a
# counter's start-up ~0.1 s of CPU before its first frame for parsers nobody reads.
SCREENS = frozenset({"counter", "selfservice", "manager"})
VALUE_OPTIONS = frozenset({"--data-dir", "--config"})


def _group(name: str) -> ModuleType:
    return importlib.import_module(f"kiosk.cli.{name}")


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand's name in `argv` (global options may come first), or None."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in VALUE_OPTIONS:
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            return arg
    return None


def build_parser(groups: Sequence[str] = COMMAND_GROUPS) -> argparse.ArgumentParser:
    parser = KioskArgumentParser(
        prog="kiosk",
        description="Loyalty Kiosk: an offline-first loyalty point of sale. "
                    "Run a screen (counter, selfservice, manager) or a scripting command.",
    )
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in groups:
        _group(group).register(sub)
    for command in _subparsers(parser):
        add_global_options(command, suppress=True)
    return parser


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser below `parser`, at any depth (`kiosk member show`, `kiosk printer status`...)."""
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # aliases map to the same parser
                found.append(child)
                found.extend(_subparsers(child))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    asks_help = any(w in ("-h", "--help") for w in words)
    screen = _command_of(words) in SCREENS and not asks_help
    parser = build_parser(("gui",) if screen else COMMAND_GROUPS)
    if not screen:  # `kiosk partner NAME PHONE AMOUNT` as before partner earn/redeem/settle/import
        value_options = {o for action in parser._actions if action.nargs != 0 for o in action.option_strings}
        words = _group("partners").legacy_argv(words, value_options)
    args = parser.parse_args(words)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    log_file = setup_logging(verbose=bool(args.verbose), command=args.command)
    quiet_qt(verbose=bool(args.verbose))
    # The command's name only: its arguments hold phone numbers and names, which no log keeps.
    log.info("kiosk %s %s", args.command, __version__)
    try:
        if (option := repeated_option(args)) is not None:  # `--amount 100 --amount 50`: which one was meant?
            raise InvalidInput("cli.option_twice", option=option)
        return int(args.handler(args) or 0)
    except KioskError as exc:
        log.info("refused: %s", exc.code)
        print_refusal(args, exc)  # with --json for scripts: the code and its values, and the English sentence
        return 1
    except KeyboardInterrupt:
        print("kiosk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - a bug: one line for the user; the traceback in the log (and with -v)
        log.exception("unexpected error", extra={"file_only": not args.verbose})
        if not args.verbose:
            where = f"the details are in {log_file}" if log_file else "run again with -v for details"
            print(f"kiosk: something went wrong and nothing was changed; {where}", file=sys.stderr)
        return 70


__all__ = ["build_parser", "main"]
