"""Where the `kiosk` command's messages go: a rotating file in the platform's log folder, stderr for -v, and Qt's
start-up chatter kept out of a newcomer's terminal."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_FILE_BYTES = 1_000_000
LOG_FILES_KEPT = 5  # kiosk.log and kiosk.log.1 … .5: at most ~6 MB for each file name
FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"
# The screens are long-running processes that may run side by side: each writes its own file, so one never
# rotates a file another still has open. Every other command shares kiosk.log.
OWN_LOG_FILE = ("counter", "selfservice", "manager")
# Qt's categories that only chatter at start (VA-API and PipeWire probing, the FFmpeg banner, Wayland's
# unsupported-call notes). The xcb and platform-plugin categories stay: "could not connect to display" is
# the one line that explains a window that never opens.
QUIET_QT_RULES = "qt.multimedia*=false;qt.qpa.wayland*=false"

# Libraries that log every request at INFO: at Stripe's 20 requests a second they would rotate a day's log out
# of the file in minutes. Their warnings still come through; -v shows everything.
CHATTY_LIBRARIES = ("stripe",)

_OURS = "_kiosk_log_handler"


class _CurrentStderr(logging.StreamHandler):
    """A stderr handler that writes to whatever sys.stderr is when a record comes (tests swap it per test)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass

    def filter(self, record: logging.LogRecord) -> bool:
        # A bug's traceback goes to the log file; the terminal gets one line (kiosk.cli.main prints it).
        return not getattr(record, "file_only", False) and bool(super().filter(record))


def log_file_name(command: str | None) -> str:
    return f"{command}.log" if command in OWN_LOG_FILE else "kiosk.log"


def setup_logging(*, verbose: bool, command: str | None, log_dir: Path | None = None) -> Path | None:
    """Warnings (every record with -v) to stderr; INFO and up to a rotating file in `log_dir`.

    Returns the log file, or None when its folder cannot be made (a read-only home): the app runs without it.
    Called again (tests run many commands in one process), it replaces what it set up before.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.INFO)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.WARNING)
    stderr = _CurrentStderr()
    stderr.setLevel(logging.INFO if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter(FORMAT))
    handlers: list[logging.Handler] = [stderr]
    path: Path | None = None
    if log_dir is None:
        from kiosk.config import default_log_dir

        log_dir = default_log_dir()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / log_file_name(command)
        to_file = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILES_KEPT,
                                                       encoding="utf-8", delay=True)
    except OSError as exc:
        path = None
        logging.getLogger("kiosk").info("no log file in %s: %s", log_dir, exc.strerror)
    else:
        to_file.setLevel(logging.INFO)
        to_file.setFormatter(logging.Formatter(FORMAT))
        handlers.append(to_file)
    for handler in handlers:
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    return path


def quiet_qt(*, verbose: bool) -> None:
    """Turn off Qt's start-up chatter (unless -v) before Qt loads: QT_LOGGING_RULES is read once, at start.

    Rules someone set already come after ours, so theirs win where the two disagree.
    """
    if verbose:
        return
    existing = os.environ.get("QT_LOGGING_RULES", "")
    if existing.startswith(QUIET_QT_RULES):
        return
    os.environ["QT_LOGGING_RULES"] = QUIET_QT_RULES + (";" + existing if existing else "")


__all__ = ["LOG_FILES_KEPT", "LOG_FILE_BYTES", "QUIET_QT_RULES", "log_file_name", "quiet_qt", "setup_logging"]
