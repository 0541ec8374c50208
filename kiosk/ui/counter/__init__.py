"""The counter app: the cashier's whole day in one Qt window (`kiosk counter`)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from kiosk.services.app import Services

log = logging.getLogger(__name__)


def build_window(app: Services, **options: Any) -> Any:
    """A CounterWindow on a wired kiosk App (the QApplication must exist)."""
    from kiosk.ui.counter.window import CounterWindow

    return CounterWindow(app, **options)


def run(args: argparse.Namespace) -> int:
    """`kiosk counter`: open the counter on the shop in args.data_dir; returns the exit code."""
    # The QApplication and the theme come first: the window is visible while the rest loads.
    from kiosk.config import load_settings
    from kiosk.ui.app import create_qapp, run_window, save_screenshot

    settings = load_settings(data_dir=getattr(args, "data_dir", None), config_file=getattr(args, "config", None))
    create_qapp(settings, language=getattr(args, "language", None))

    from kiosk.bootstrap import build_app
    from kiosk.ui.widgets.qr import set_qr_encoder

    app = build_app(settings, role="counter")
    set_qr_encoder(app.qr_matrix)
    screenshot = getattr(args, "screenshot", None)
    try:
        # Only the sign-in screen is built before the first frame; the rest follows once it is usable.
        window = build_window(app, defer_workspace=screenshot is None)
        if screenshot is not None:
            window.runner.wait_idle(5000)
            save_screenshot(window, screenshot)
            window.shutdown()
            print(screenshot)
            return 0
        # The print and sync threads import their libraries: started once the whole counter is built.
        window.workspace_built.connect(app.start_workers)
        return run_window(window, fullscreen=bool(getattr(args, "fullscreen", False)),
                          exit_after_ready=bool(getattr(args, "exit_after_ready", False)),
                          ready_when=window.signin.staff_loaded, on_ready=window.build_in_background,
                          settled_when=window.is_built)
    finally:
        app.close()


__all__ = ["build_window", "run"]
