"""The self-service kiosk: customers sign in, see their account, redeem, join, donate and rate; locked down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.services.app import Services

log = logging.getLogger(__name__)


def run(open_app: Callable[[], Services], *, language: str, fullscreen: bool = True,
        screenshot: Path | None = None, exit_after_ready: bool = False) -> int:
    """`kiosk selfservice`: the kiosk as its own device (own id and receipt prefix) on the shop's data."""
    from kiosk.ui.app import create_qapp, run_window

    app = open_app()
    try:
        qapp = create_qapp(language, kiosk_mode=True, qr_encoder_fn=app.qr_matrix)
        screen = qapp.primaryScreen()
        if screen is not None and screenshot is None:
            # sized for the screen it runs on: a 1280x800 kiosk gets smaller type than a 1080p one
            from kiosk.ui.theme import apply_theme, kiosk_scale_for

            apply_theme(qapp, scale=kiosk_scale_for(screen.size().width(), screen.size().height()),
                        kiosk_mode=True)
        if screenshot is not None:
            from kiosk.ui.selfservice.screenshots import capture_attract

            print(capture_attract(app, screenshot))
            return 0
        from kiosk.ui.selfservice.window import SelfServiceWindow

        window = SelfServiceWindow(app)
        # The print queue (vouchers and member cards come out at the kiosk's printer) starts once the
        # attract screen is up: its imports would otherwise compete with the first screen.
        qapp.setQuitOnLastWindowClosed(True)
        if fullscreen:
            window.lock_to_screen()
        return run_window(window, fullscreen=fullscreen, exit_after_ready=exit_after_ready,
                          on_ready=app.start_workers)
    finally:
        app.close()
