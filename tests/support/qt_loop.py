"""Qt's application loop between tests: what a screen run in-process can leave behind, and how to clear it."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer


def reset_application_loop() -> None:
    """One turn of the application's own loop: it takes a queued Quit event and clears Qt's per-thread "quit
    now", which `exit()` called outside that loop sets and which makes every later QEventLoop.exec() return -1
    at once (pytest-qt's waits and the TaskRunner's wait_idle then turn without handling an event)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    QTimer.singleShot(0, lambda: app.exit(0))
    app.exec()


def a_loop_runs(ms: int = 50) -> bool:
    """True when a nested event loop runs until its timer ends it (False: it returned at once)."""
    loop = QEventLoop()
    fired: list[bool] = []
    QTimer.singleShot(ms, lambda: (fired.append(True), loop.quit()))
    return loop.exec() == 0 and fired == [True]


class BusyDatabase:
    """A window's one database worker held by other work (a backup, a sale from another window) until
    `release`: what a screen does with answers that come late. `window` is any window with a TaskRunner."""

    def __init__(self, window: Any) -> None:  # the counter's and the kiosk's windows share no base class
        self._gate = threading.Event()
        window.runner.run_db(lambda: self._gate.wait(30), name="test: the database is busy")

    def release(self) -> None:
        self._gate.set()
