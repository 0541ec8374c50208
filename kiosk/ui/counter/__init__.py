"""The counter app: the cashier's whole day in one Qt window (`kiosk counter`)."""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when the window is built: the command starts faster
    from PySide6.QtGui import QScreen

    from kiosk.services.app import Services
    from kiosk.services.signin import SignInPreview
    from kiosk.ui.counter.customer_display import CustomerDisplay
    from kiosk.ui.counter.window import CounterWindow

log = logging.getLogger(__name__)


def build_window(app: Services, **options: Any) -> CounterWindow:
    """A CounterWindow on the shop's services (the QApplication must exist)."""
    from kiosk.ui.counter.window import CounterWindow

    return CounterWindow(app, **options)


def run(open_app: Callable[[], Services], *, language: str, fullscreen: bool = False,
        screenshot: Path | None = None, exit_after_ready: bool = False, customer_display: int | None = None,
        preview: SignInPreview | None = None) -> int:
    """`kiosk counter`: open the counter; `open_app` opens the shop once the window has a QApplication.

    `customer_display`: the number of a screen (0 is the first) to show the customer their sale on, full screen.
    `preview`: the shop and its staff, read before the services were wired: the sign-in screen shows from it, and
    `open_app` runs on the database worker after the first frame (a PIN entered meanwhile waits for it). A shop
    that then fails to open is said on the sign-in screen, and the run ends with 1 when the window closes."""
    # The QApplication and the theme come first: the window is visible while the rest loads.
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.app import create_qapp

    create_qapp(language)
    screens = QGuiApplication.screens()
    if customer_display is not None and not 0 <= customer_display < len(screens):
        print(f"kiosk: there is no screen {customer_display} for the customer display (screens: 0 to "
              f"{len(screens) - 1}).", file=sys.stderr)
        return 2
    if preview is not None and screenshot is None:
        return _run_from_preview(open_app, preview, fullscreen=fullscreen, exit_after_ready=exit_after_ready,
                                 customer_display=None if customer_display is None else screens[customer_display])
    from kiosk.ui.app import UPGRADE_NOTICE_MS, run_window, save_screenshot, upgrade_notice
    from kiosk.ui.widgets.qr import set_qr_encoder

    app = open_app()
    set_qr_encoder(app.qr_matrix)
    try:
        # Only the sign-in screen is built before the first frame; the rest follows once it is usable.
        window = build_window(app, defer_workspace=screenshot is None)
        if app.upgrade_note is not None:
            window.toast.show_message(upgrade_notice(app.upgrade_note), timeout_ms=UPGRADE_NOTICE_MS)
        if screenshot is not None:
            window.runner.wait_idle(5000)
            save_screenshot(window, screenshot)
            window.shutdown()
            print(screenshot)
            return 0
        # The print and sync threads import their libraries: started once the whole counter is built.
        window.workspace_built.connect(app.start_workers)
        if customer_display is not None:
            window.workspace_built.connect(lambda: show_customer_display(window, screens[customer_display]))
        return run_window(window, fullscreen=fullscreen, exit_after_ready=exit_after_ready,
                          ready_when=window.signin.staff_loaded, on_ready=window.build_in_background,
                          settled_when=window.is_built)
    finally:
        app.close()


def _run_from_preview(open_app: Callable[[], Services], preview: SignInPreview, *, fullscreen: bool,
                      exit_after_ready: bool, customer_display: QScreen | None) -> int:
    """The counter shown from `preview`; the shop opened (wired, and its database checked) after the first frame."""
    from kiosk.domain.errors import KioskError
    from kiosk.ui.app import run_window
    from kiosk.ui.counter.window import CounterWindow
    from kiosk.ui.tasks import GENERIC_FAILURE_CODE

    window = CounterWindow(None, preview=preview, defer_workspace=True)
    shop = _ShopOpening()

    def open_shop() -> Services:
        try:
            app = open_app()
        except KioskError as exc:
            shop.failed(exc)
            raise
        except Exception as exc:  # noqa: BLE001 - the sign-in screen says "something went wrong", the command the rest
            if not shop.failed(exc):  # nobody will raise it again: its traceback goes to the log here
                log.error("the shop failed to open after the counter closed", exc_info=exc)
            raise KioskError(GENERIC_FAILURE_CODE) from exc
        if not shop.keep(app):
            # The window closed while the shop opened (it does not wait for it): nobody else will close it.
            log.info("the counter closed while the shop opened: its services are closed now")
            app.close()
        return app

    def shop_opened() -> None:
        from kiosk.ui.app import UPGRADE_NOTICE_MS, upgrade_notice
        from kiosk.ui.widgets.qr import set_qr_encoder

        # The wiring just loaded lives as long as the process: set aside from the GUI thread's collections, as
        # kiosk.cli.gui.run_face sets aside what loaded before the screen.
        gc.freeze()
        app = window.app
        set_qr_encoder(app.qr_matrix)
        if app.upgrade_note is not None:  # not on this path today (it needs the head revision), said if ever
            window.toast.show_message(upgrade_notice(app.upgrade_note), timeout_ms=UPGRADE_NOTICE_MS)
        window.workspace_built.connect(app.start_workers)
        if customer_display is not None:
            window.workspace_built.connect(lambda: show_customer_display(window, customer_display))
        window.build_in_background()

    window.services_ready.connect(shop_opened)

    try:
        code = run_window(window, fullscreen=fullscreen, exit_after_ready=exit_after_ready,
                          ready_when=window.signin.staff_loaded, on_ready=lambda: window.open_in_background(open_shop),
                          settled_when=lambda: window.is_built() or window.signin.open_failure() is not None)
    finally:
        opened, failures = shop.close_window()
        for app in opened:
            app.close()
    if failures:
        raise failures[0]
    return 1 if window.signin.open_failure() is not None else code


class _ShopOpening:
    """The shop opening behind the sign-in screen, closed exactly once by whoever holds it last: the run when the
    window closes after the shop arrived, or the database worker when the shop arrives after the window closed
    (the window does not wait for it, and the run has ended by then). Why it did not open is kept for the run to
    raise again once the window has closed, so that the command says it as on the usual path: a refusal in the
    shop's language (exit 1), a bug in one line with the traceback in the log (exit 70)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._opened: list[Services] = []
        self._failures: list[Exception] = []
        self._window_gone = False

    def keep(self, app: Services) -> bool:
        """On the worker, `app` just opened: True when the run will close it, False when the window has gone
        (the caller closes it)."""
        with self._lock:
            if self._window_gone:
                return False
            self._opened.append(app)
            return True

    def failed(self, error: Exception) -> bool:
        """On the worker, the shop did not open: True when the run will raise `error` again, False when the
        window has gone (the run has ended)."""
        with self._lock:
            if self._window_gone:
                return False
            self._failures.append(error)
            return True

    def close_window(self) -> tuple[list[Services], list[Exception]]:
        """The window has closed: what opened or failed before it is the run's; what comes later, the worker's."""
        with self._lock:
            self._window_gone = True
            opened, self._opened = self._opened, []
            return opened, list(self._failures)


def show_customer_display(window: CounterWindow, screen: QScreen) -> CustomerDisplay:
    """The customer display for `window`, full screen on `screen`; it closes with the counter."""
    from kiosk.ui.counter.customer_display import CustomerDisplay

    display = CustomerDisplay(window)
    display.setGeometry(screen.geometry())
    display.showFullScreen()
    window.customer_display = display
    window.destroyed.connect(display.close)
    display.destroyed.connect(window.customer_display_gone)
    return display


__all__ = ["build_window", "run", "show_customer_display"]
