"""`kiosk manager`: the manager's screens (daily summary, program health, settings, staff, devices)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.services.app import Services


def run(open_app: Callable[[], Services], *, language: str, fullscreen: bool = False,
        screenshot: Path | None = None, exit_after_ready: bool = False) -> int:
    """Open the manager screens behind a manager-PIN sign-in."""
    from kiosk.ui.app import UPGRADE_NOTICE_MS, create_qapp, run_window, save_screenshot, upgrade_notice
    from kiosk.ui.widgets.qr import set_qr_encoder

    create_qapp(language)
    from kiosk.ui.manager.window import ManagerShell

    app = open_app()
    set_qr_encoder(app.qr_matrix)
    try:
        shell = ManagerShell(app)
        if app.upgrade_note is not None:
            from kiosk.ui.widgets.feedback import Toast

            Toast(shell).show_message(upgrade_notice(app.upgrade_note), timeout_ms=UPGRADE_NOTICE_MS)
        if screenshot is not None:
            save_screenshot(shell, screenshot)
            shell.shutdown()
            print(screenshot)
            return 0
        app.start_workers()
        code = run_window(shell, fullscreen=fullscreen, exit_after_ready=exit_after_ready)
        shell.shutdown()
        return code
    finally:
        app.close()


__all__ = ["run"]
