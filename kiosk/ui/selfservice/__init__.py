"""The self-service kiosk: customers sign in, see their account, redeem, join, donate and rate; locked down."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """`kiosk selfservice`: the kiosk as its own process (own device id) on the shop's data dir."""
    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings
    from kiosk.ui.app import create_qapp, run_window

    settings = load_settings(data_dir=args.data_dir, config_file=args.config)
    app = build_app(settings, role="kiosk")
    try:
        qapp = create_qapp(settings, kiosk_mode=True, language=getattr(args, "language", None),
                           qr_encoder_fn=app.qr_matrix)
        screenshot: Path | None = getattr(args, "screenshot", None)
        if screenshot is not None:
            from kiosk.ui.selfservice.screenshots import capture_attract

            print(capture_attract(app, screenshot))
            return 0
        from kiosk.ui.selfservice.window import SelfServiceWindow

        window = SelfServiceWindow(app)
        # The print queue (vouchers and member cards come out at the kiosk's printer) starts once the
        # attract screen is up: its imports would otherwise compete with the first screen.
        qapp.setQuitOnLastWindowClosed(True)
        if getattr(args, "fullscreen", True):
            window.lock_to_screen()
            return run_window(window, fullscreen=True, exit_after_ready=getattr(args, "exit_after_ready", False),
                              on_ready=app.start_workers)
        return run_window(window, exit_after_ready=getattr(args, "exit_after_ready", False),
                          on_ready=app.start_workers)
    finally:
        app.close()
