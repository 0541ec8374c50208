"""The `kiosk` command: the GUI screens and the scripting interface over the same services."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.domain.errors import KioskError
from kiosk.services.app import Services

log = logging.getLogger("kiosk")

# Each area registers its own subcommands; imported by name so the cli modules can import this one.
COMMAND_MODULES = (
    "kiosk.cli_core",
    "kiosk.cli_printer",
    "kiosk.cli_sync",
    "kiosk.cli_trust",
    "kiosk.cli_gui",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Loyalty Kiosk: an offline-first loyalty point of sale. "
                    "Run a screen (counter, selfservice, manager) or a scripting command.",
    )
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the shop's database lives (default: KIOSK_DATA_DIR or the user data dir)")
    parser.add_argument("--config", type=Path, default=None, help="an extra TOML settings file")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def load_app(args: argparse.Namespace, *, role: str = "counter") -> Services:
    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings

    settings = load_settings(data_dir=args.data_dir, config_file=args.config)
    return build_app(settings, role=role)


def new_command_id() -> str:
    return str(uuid.uuid4())


def emit(args: argparse.Namespace, data: Any, text: str | Callable[[], str]) -> None:
    """Print `data` as JSON with --json, else the human text."""
    if args.json:
        from kiosk.domain.serialization import encode

        print(json.dumps(encode(data), ensure_ascii=False, indent=2, default=str))
    else:
        print(text() if callable(text) else text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KioskError as exc:
        log.info("refused: %s", exc.code)
        if args.json:
            print(json.dumps({"error": exc.code, "message": exc.message}, ensure_ascii=False), file=sys.stderr)
        else:
            print(f"kiosk: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kiosk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - a bug: one line for the user, the traceback only with -v
        log.exception("unexpected error")
        if not args.verbose:
            print("kiosk: something went wrong and nothing was changed; run again with -v for details",
                  file=sys.stderr)
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
