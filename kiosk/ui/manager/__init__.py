"""`kiosk manager`: the manager's screens (daily summary, program health, settings, staff, devices)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Open the manager screens on the shop in args.data_dir, behind a manager-PIN sign-in."""
    from kiosk.config import load_settings
    from kiosk.ui.app import create_qapp, run_window, save_screenshot

    settings = load_settings(data_dir=getattr(args, "data_dir", None), config_file=getattr(args, "config", None))
    create_qapp(settings, language=getattr(args, "language", None))

    from kiosk.bootstrap import build_app
    from kiosk.ui.manager.window import ManagerShell

    app = build_app(settings, role="counter")
    try:
        shell = ManagerShell(app)
        screenshot = getattr(args, "screenshot", None)
        if screenshot is not None:
            save_screenshot(shell, screenshot)
            shell.shutdown()
            print(screenshot)
            return 0
        app.start_workers()
        code = run_window(shell, fullscreen=bool(getattr(args, "fullscreen", False)),
                          exit_after_ready=bool(getattr(args, "exit_after_ready", False)))
        shell.shutdown()
        return code
    finally:
        app.close()


__all__ = ["run"]
