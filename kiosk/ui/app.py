"""Shared GUI start-up for the counter, self-service and manager faces: one QApplication, themed and translated."""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.i18n import SUPPORTED_LANGUAGES, set_language
from kiosk.ui.theme import apply_theme, configure_high_dpi
from kiosk.ui.widgets.qr import set_qr_encoder

if TYPE_CHECKING:
    from kiosk.services.app import UpgradeNote

log = logging.getLogger(__name__)

THAI_FONT_FAMILIES = ("Noto Sans Thai", "Noto Sans Thai UI")
FONTS_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "fonts"
PROCESS_STARTED = time.monotonic()  # close enough to process start: this module loads first among the GUI's
# Qt warnings that only describe the machine (no VA-API, no PulseAudio or PipeWire daemon, a platform that ignores
# a size hint) and never a fault of the app: logged at INFO, so the terminal shows them with -v and the log keeps
# them. Categories are turned off before Qt loads (kiosk.cli.logs.QUIET_QT_RULES); these come without one.
QT_CHATTER = ("This plugin does not support propagateSizeHints", "PulseAudioService:", "pipewire", "PipeWire")
QT_CHATTER_CATEGORIES = ("qt.multimedia", "qt.qpa.wayland")
_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def ensure_thai_font() -> bool:
    """True when a Thai-capable font is available; loads the bundled Noto fonts if the system has none."""
    families = set(QFontDatabase.families())
    if families.intersection(THAI_FONT_FAMILIES):
        return True
    loaded = False
    for font_file in sorted(FONTS_DIR.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(font_file)) >= 0:
            loaded = True
    if not loaded or not set(QFontDatabase.families()).intersection(THAI_FONT_FAMILIES):
        log.warning("no Thai font found: Thai text will not render; install fonts-noto-core")
        return False
    return True


GC_INTERVAL_MS = 1_000


class GuiThreadCollector:
    """Python's cyclic garbage collector, run on the GUI thread only.

    Left to itself the collector runs in whichever thread happens to allocate past its threshold: a database
    worker or an I/O thread. When the garbage it finds holds a Qt object (a closed dialog in a reference cycle),
    that object is destroyed off the GUI thread and the process dies with a segmentation fault (seen in the
    suite: the wizard's set-up thread migrating a database collected a widget). As Anki does, automatic
    collection is off and a timer on the GUI thread collects whenever the counts pass Python's own thresholds.
    """

    def __init__(self, parent: QCoreApplication, interval_ms: int = GC_INTERVAL_MS) -> None:
        gc.disable()
        self.timer = QTimer(parent)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    @staticmethod
    def collect() -> None:
        """What automatic collection would have done by now: the oldest generation whose count is past its
        threshold (and every younger one)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return
        generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
        gc.collect(generation)


_collectors: list[GuiThreadCollector] = []  # one per process: there is one QApplication


def collect_on_gui_thread(qapp: QCoreApplication) -> GuiThreadCollector:
    """Install the GUI-thread collector on `qapp` once (every face through create_qapp, and the tests' qapp)."""
    if not _collectors:
        _collectors.append(GuiThreadCollector(qapp))
    return _collectors[0]


def collecting_on_gui_thread() -> bool:
    """True once this process's garbage is collected on the GUI thread (automatic collection is off)."""
    return bool(_collectors)


def create_qapp(language: str, *, kiosk_mode: bool = False,
                qr_encoder_fn: Callable[[str], list[list[bool]]] | None = None) -> QApplication:
    """The QApplication every face uses: high-DPI, theme, `language` ('th' | 'en'), a Thai font, the QR encoder.

    Safe to call when a QApplication already exists (tests): it is themed and returned.
    """
    existing = QApplication.instance()
    if existing is None:
        configure_high_dpi()
        qapp = QApplication(sys.argv[:1])
    else:
        assert isinstance(existing, QApplication)
        qapp = existing
    qapp.setApplicationName("Loyalty Kiosk")
    # Matches the installed .desktop files, so docks and Wayland compositors show the app's own icon.
    qapp.setDesktopFileName("loyalty-kiosk-counter")
    qapp.setOrganizationName("loyalty-kiosk")
    qInstallMessageHandler(route_qt_message)
    collect_on_gui_thread(qapp)
    ensure_thai_font()
    apply_theme(qapp, kiosk_mode=kiosk_mode)
    set_language(qapp, language if language in SUPPORTED_LANGUAGES else "th")
    if qr_encoder_fn is not None:
        set_qr_encoder(qr_encoder_fn)
    return qapp


def route_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages into Python's logging (the log file, and stderr as configured), chatter demoted to INFO."""
    category = context.category or "default"
    level = _QT_LEVELS.get(kind, logging.WARNING)
    if level >= logging.WARNING and (category.startswith(QT_CHATTER_CATEGORIES)
                                     or any(part in message for part in QT_CHATTER)):
        level = logging.INFO
    name = "qt" if category == "default" else category if category.startswith("qt.") else f"qt.{category}"
    logging.getLogger(name).log(level, "%s", message)


UPGRADE_NOTICE_MS = 20_000  # long enough to read a folder's path, once after an update


def upgrade_notice(note: UpgradeNote) -> str:
    """What a screen says after this start upgraded the shop's database (kiosk.services.app.UpgradeNote)."""
    return QCoreApplication.translate(
        "Upgrade", "Loyalty Kiosk was updated and the shop's data upgraded to match. A copy from before the "
                   "upgrade is in %1").replace("%1", note.backup)


def qt_versions() -> dict[str, str]:
    """The Qt this process runs (a support bundle reports it; the wheel's own version may differ from Qt's)."""
    import PySide6
    from PySide6.QtCore import qVersion

    return {"qt": qVersion(), "pyside6": PySide6.__version__}


def when_ready(callback: Callable[[], None]) -> None:
    """Call `callback` once the event loop has shown the windows and gone idle (first frame is up)."""
    # A zero timer fires only after the pending show/expose/paint events have been processed.
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, callback))


def run_window(window: QWidget, *, fullscreen: bool = False, exit_after_ready: bool = False,
               ready_when: Callable[[], bool] | None = None, on_ready: Callable[[], None] | None = None,
               settled_when: Callable[[], bool] | None = None) -> int:
    """Show `window` and run the event loop until it closes; returns the exit code.

    `exit_after_ready` prints the seconds from process start until the window is shown, the event loop
    is idle and `ready_when()` (e.g. "the staff list is loaded") holds, then quits: the start-up benchmark.
    `on_ready` runs at that point: work that would otherwise compete with the first screen for the one
    interpreter lock (building the other pages, starting workers) starts there. With `settled_when`, the
    benchmark also prints when that later work is done before it quits.
    """
    qapp = QCoreApplication.instance()
    assert isinstance(qapp, QApplication)
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()

    def ready() -> None:
        if ready_when is not None and not ready_when():
            QTimer.singleShot(5, ready)  # background loading is still on its way
            return
        elapsed = time.monotonic() - _process_start()
        log.info("interactive %.3f s after the process started", elapsed)
        if exit_after_ready:
            print(f"ready_after_s={elapsed:.3f} cpu_s={time.process_time():.3f}", flush=True)
            if settled_when is None:
                quit_now()
                return
        if on_ready is not None:
            on_ready()
        if exit_after_ready:
            settled()

    def settled() -> None:
        assert settled_when is not None
        if not settled_when():
            QTimer.singleShot(5, settled)
            return
        elapsed = time.monotonic() - _process_start()
        print(f"settled_after_s={elapsed:.3f} cpu_s={time.process_time():.3f}", flush=True)
        quit_now()

    def quit_now() -> None:
        window.close()
        # exit(), not quit(): Qt 6's quit() asks every window to close first, and the locked-down
        # kiosk window refuses, which would leave the benchmark waiting forever.
        qapp.exit(0)

    when_ready(ready)
    return int(qapp.exec())


def save_screenshot(window: QWidget, path: Path, *, size: tuple[int, int] = (1280, 800)) -> Path:
    """Render `window` offscreen at `size` and save a PNG (for `--screenshot` and the README)."""
    window.resize(*size)
    window.show()
    qapp = QCoreApplication.instance()
    for _ in range(3):
        if qapp is not None:
            qapp.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    return path


def _process_start() -> float:
    """Monotonic time the process began (Linux: from /proc), else when this module was imported."""
    try:
        import os

        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        # seconds since boot when the process started, against seconds since boot now
        age = uptime - start_ticks / ticks
        return time.monotonic() - max(0.0, age)
    except (OSError, ValueError, IndexError):
        return PROCESS_STARTED
