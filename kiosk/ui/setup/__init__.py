"""First-run set-up: the wizard a shop with no staff opens instead of an empty counter (`kiosk counter` and the other
screens, through kiosk.cli.gui). The command builds the kiosk.services.setup.ShopSetup; this package only asks."""

from __future__ import annotations

from pathlib import Path

from kiosk.services.setup import ShopSetup


def run(setup: ShopSetup, *, language: str, fullscreen: bool = False, screenshot: Path | None = None,
        exit_after_ready: bool = False) -> bool:
    """Show the wizard until it finishes (True: the shop is made) or is closed (False: nothing was written).

    `screenshot` renders its first step to a PNG; `exit_after_ready` shows it and closes it as soon as it is
    usable (the start-up check): both return False having written nothing.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from kiosk.ui.app import create_qapp, run_window, save_screenshot
    from kiosk.ui.setup.wizard import SIZE, SetupWizard

    create_qapp(language)
    wizard = SetupWizard(setup, language=language)
    try:
        if screenshot is not None:
            save_screenshot(wizard, screenshot, size=SIZE)
            print(screenshot)
            return False
        if exit_after_ready:
            run_window(wizard, exit_after_ready=True)
            return False
        if fullscreen:
            wizard.setWindowState(wizard.windowState() | Qt.WindowState.WindowFullScreen)
        return wizard.exec() == QDialog.DialogCode.Accepted
    finally:
        wizard.shutdown()
        wizard.close()  # a screenshot showed it offscreen; the screen that follows must be the only window
        wizard.deleteLater()


__all__ = ["run"]
