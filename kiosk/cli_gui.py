"""GUI subcommands: `kiosk counter`, `kiosk selfservice`, `kiosk manager` (each screen loads Qt only when run)."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from kiosk.domain.errors import InvalidInput

FACES = {
    "counter": ("kiosk.ui.counter", "the cashier's counter screen: members, sales, rewards, refunds"),
    "selfservice": ("kiosk.ui.selfservice", "the customer-facing self-service kiosk (full screen)"),
    "manager": ("kiosk.ui.manager", "the manager's views: reports, staff, members, settings"),
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, (_module, help_text) in FACES.items():
        p = sub.add_parser(name, help=help_text)
        fullscreen = p.add_mutually_exclusive_group()
        fullscreen.add_argument("--fullscreen", dest="fullscreen", action="store_true",
                                default=name == "selfservice", help="fill the screen")
        fullscreen.add_argument("--windowed", dest="fullscreen", action="store_false", help="open in a window")
        p.add_argument("--language", choices=["th", "en"], default=None,
                       help="start in this language (default: the shop's)")
        p.add_argument("--screenshot", type=Path, metavar="PATH",
                       help="render the first screen offscreen to a PNG and exit")
        p.add_argument("--exit-after-ready", action="store_true",
                       help="print the start-up time once the window is interactive, then exit (benchmarks)")
        p.set_defaults(handler=lambda args, face=name: run_face(face, args))


def run_face(face: str, args: argparse.Namespace) -> int:
    module_name = FACES[face][0]
    if args.screenshot is not None:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The database stack first, before any PySide6 import: once PySide6 is loaded, its import hook reads the
    # source of every module imported after it (~0.3 s of CPU for SQLAlchemy's few hundred modules).
    importlib.import_module("kiosk.bootstrap")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name not in (module_name, "PySide6"):
            raise
        raise InvalidInput(f"The {face} screen is not installed in this build.", code="face_missing") from None
    run = getattr(module, "run", None)
    if run is None:
        raise InvalidInput(f"The {face} screen is not installed in this build.", code="face_missing")
    return int(run(args) or 0)
