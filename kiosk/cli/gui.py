"""GUI subcommands: `kiosk counter`, `kiosk selfservice`, `kiosk manager` and `kiosk screenshots`.

Each screen loads Qt only when run. The command reads the settings and hands the screen a way to open the
shop; the screen never sees settings files, adapters or the composition root.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from kiosk.cli.common import announce_upgrade, whole_arg
from kiosk.config import Settings
from kiosk.domain.errors import InvalidInput
from kiosk.services.context import FixedClock

if TYPE_CHECKING:
    from kiosk.services.app import Services
    from kiosk.services.signin import SignInPreview

log = logging.getLogger(__name__)

# The demo shop's pictures are taken at the README examples' moment (14:00 in Bangkok), not the wall clock's: its
# history, "today's" figures and every "last activity" then read the same whichever day they are made.
SCREENSHOTS_AT = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)

FACES = {
    "counter": ("kiosk.ui.counter", "counter", "the cashier's counter screen: members, sales, rewards, refunds"),
    "selfservice": ("kiosk.ui.selfservice", "kiosk", "the customer-facing self-service kiosk (full screen)"),
    "manager": ("kiosk.ui.manager", "counter", "the manager's views: reports, staff, members, settings"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, (_module, _role, help_text) in FACES.items():
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
        if name == "counter":
            p.add_argument("--customer-display", type=whole_arg, metavar="SCREEN", default=None,
                           help="show the basket, the member and what they earn to the customer, full screen on "
                                "this screen (0 is the first)")
        p.set_defaults(handler=lambda args, face=name: run_face(face, args))
    p = sub.add_parser("screenshots", help="render every screen of a demo shop to PNGs (the README's pictures)")
    p.add_argument("--out", type=Path, default=Path("docs/img"), help="where the PNGs go (default docs/img)")
    p.set_defaults(handler=cmd_screenshots)


def run_face(face: str, args: argparse.Namespace) -> int:
    # Loading the app creates a few hundred thousand objects that live as long as the process (modules, classes,
    # functions, tables): the cyclic collector would scan them over and over while they load, to find next to no
    # garbage (~150 collections, ~45 ms of CPU before the counter's first screen). It is paused until the screen's
    # QApplication collects on the GUI thread (kiosk.ui.app.GuiThreadCollector), or back on if no screen opened;
    # what is loaded by the time the screen starts is set aside (gc.freeze) so that no later collection on the GUI
    # thread scans it again (the first would otherwise take ~30 ms).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_face(face, args)
    finally:
        gc.unfreeze()
        app_module = sys.modules.get("kiosk.ui.app")
        if collecting and not (app_module is not None and app_module.collecting_on_gui_thread()):
            gc.enable()


def _run_face(face: str, args: argparse.Namespace) -> int:
    module_name, role, _ = FACES[face]
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if face == "counter" and args.screenshot is None:
        # A SQLite till at this version's schema: its sign-in screen shows from a read-only look at the staff
        # list, and the shop is wired after the first frame (SQLAlchemy and the services load then, not before).
        from kiosk.bootstrap.signin import counter_preview

        early = counter_preview(data_dir=args.data_dir, config_file=args.config)
        if early is not None:
            settings, preview = early
            return _open_face(face, settings, args, preview=preview)
    # The database stack first, before any PySide6 import: once PySide6 is loaded, its import hook reads the
    # source of every module imported after it (~0.3 s of CPU for SQLAlchemy's few hundred modules).
    import kiosk.bootstrap.wiring  # noqa: F401 - the wiring's imports, loaded now for the hook's sake (above)
    from kiosk.bootstrap.shop import first_run
    from kiosk.config import load_settings, read_settings

    setup = first_run(data_dir=args.data_dir, config_file=args.config)
    if setup is not None:
        # No shop here yet: the set-up wizard instead of an empty screen, then the screen on the shop it made.
        log.info("no shop in %s yet: the set-up wizard opens", setup.data_dir)
        language = args.language or str(read_settings(data_dir=args.data_dir, config_file=args.config)[1]
                                         .get("shop", {}).get("language", "th"))
        if not _import_face("kiosk.ui.setup", "set-up").run(
                setup, language=language, fullscreen=bool(args.fullscreen), screenshot=args.screenshot,
                exit_after_ready=bool(args.exit_after_ready)):
            if args.screenshot is None and not args.exit_after_ready:
                print("kiosk: set-up closed before Finish; nothing was saved.", file=sys.stderr)
            return 0
    return _open_face(face, load_settings(data_dir=args.data_dir, config_file=args.config), args)


def _open_face(face: str, settings: Settings, args: argparse.Namespace, *, preview: SignInPreview | None = None,
               ) -> int:
    """Run the screen on the shop `settings` name; `preview` (the counter) shows its sign-in screen first."""
    module_name, role, _ = FACES[face]
    module = _import_face(module_name, face)
    extra: dict[str, object] = {}
    if getattr(args, "customer_display", None) is not None:
        extra["customer_display"] = args.customer_display
    if preview is not None:
        extra["preview"] = preview

    def open_app() -> Services:
        from kiosk.bootstrap import build_app

        return announce_upgrade(build_app(settings, role=role))

    gc.freeze()
    return int(module.run(open_app, language=args.language or settings.context.language,
                          fullscreen=bool(args.fullscreen), screenshot=args.screenshot,
                          exit_after_ready=bool(args.exit_after_ready), **extra) or 0)


def _import_face(module_name: str, face: str) -> ModuleType:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name not in (module_name, "PySide6"):
            raise
        raise InvalidInput("cli.face_missing", face=face) from None


def screenshots_clock(settings: Settings, *, demo: bool) -> FixedClock | None:
    """The moment the pictures are taken at: KIOSK_NOW's when set, the demo's fixed moment, else (a real shop's
    --data-dir) the wall clock's (None)."""
    if settings.pinned_now is not None or demo:
        return FixedClock(settings.pinned_now or SCREENSHOTS_AT)
    return None


def cmd_screenshots(args: argparse.Namespace) -> int:
    """Every face of a demo shop (or of --data-dir's shop) in its main states, offscreen, as PNGs."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        data_dir = Path(tmp) / "shop"
        if args.data_dir is not None:
            from kiosk.bootstrap.shop import picture_copy

            settings = picture_copy(args.data_dir, data_dir, config_file=args.config)
        else:
            settings = load_settings(data_dir=data_dir, config_file=args.config)
        clock = screenshots_clock(settings, demo=args.data_dir is None)
        if args.data_dir is None:
            from kiosk.cli.shop import build_demo_shop

            build_demo_shop(data_dir, config_file=args.config, clock=clock, members=40, days=21)
            settings = load_settings(data_dir=data_dir, config_file=args.config)  # with the demo's programs
        with build_app(settings, clock=clock) as app:
            from kiosk.ui.app import create_qapp
            from kiosk.ui.manager.screenshots import capture as capture_manager
            from kiosk.ui.screenshots import capture_counter
            from kiosk.ui.selfservice.screenshots import capture as capture_kiosk

            create_qapp("en", qr_encoder_fn=app.qr_matrix)
            saved = capture_counter(app, args.out)
        with build_app(settings, clock=clock, role="kiosk") as kiosk:
            saved += capture_kiosk(kiosk, args.out)
        with build_app(settings, clock=clock) as app:
            saved += capture_manager(app, args.out)
    for path in saved:
        print(path)
    print(f"{len(saved)} screenshot{'' if len(saved) == 1 else 's'} in {args.out}")
    return 0
