"""The floor for the counter's start-up: a bare PySide6 window, shown, its first frame up and the event loop idle.

`python -m bench.bare_window` prints `ready_after_s=… cpu_s=…` measured as `kiosk counter --exit-after-ready`
measures itself (seconds since the process started, read from /proc), then exits. Imports nothing of kiosk.
"""

from __future__ import annotations

import os
import time


def _process_age_s() -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat", encoding="ascii") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - start_ticks / ticks


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    window = QLabel("Loyalty Kiosk")
    window.resize(1280, 800)
    window.show()

    def ready() -> None:
        print(f"ready_after_s={_process_age_s():.3f} cpu_s={time.process_time():.3f}", flush=True)
        app.exit(0)

    QTimer.singleShot(0, lambda: QTimer.singleShot(0, ready))  # as kiosk.ui.app.when_ready
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
