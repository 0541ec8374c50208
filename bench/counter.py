"""Counter benchmark: the GUI thread's longest stall while sales print on a 2-second printer, and start-up time.

`python -m bench.counter` prints one JSON document. Figures only; nothing is asserted.

(a) gui_stall: the real CounterWindow rings up sales through its own buttons while the print worker sends
    every receipt to a printer that takes 2 s per job. A 5 ms QTimer heartbeat records how late each tick
    runs; the largest gap is the longest the screen was frozen.
(b) startup: `python -m kiosk --data-dir D counter --exit-after-ready` on the demo shop, spawned afresh each
    time; the app prints the seconds from its process start until the sign-in screen is shown, the event
    loop idle and the staff list loaded. Target: 1.0 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
PRINT_SECONDS = 2.0
SALES = 6
HEARTBEAT_MS = 5
STARTUP_RUNS = 5


class SlowPrinter:
    """A receipt printer that takes PRINT_SECONDS per job (a busy USB printer, a far network one)."""

    name = "receipt"

    def __init__(self) -> None:
        self.printed = 0
        self.lock = threading.Lock()

    def print_document(self, doc: Any) -> None:
        time.sleep(PRINT_SECONDS)
        with self.lock:
            self.printed += 1

    def status(self) -> Any:
        from kiosk.services.printing import PrinterStatus

        time.sleep(PRINT_SECONDS)  # asking a slow printer for its status is slow too
        return PrinterStatus(online=True)


class Heartbeat:
    """Ticks every HEARTBEAT_MS on the GUI thread and records how late each tick came."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps_ms: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps_ms.append((now - self._last) * 1000)
        self._last = now

    def stall_ms(self) -> float:
        """The longest time past the expected tick (0 when every tick was on time)."""
        return max((gap - HEARTBEAT_MS for gap in self.gaps_ms), default=0.0)


def _spin_until(condition: Any, timeout_s: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the counter did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.001)


def gui_stall(sales: int = SALES) -> dict[str, Any]:
    from kiosk.adapters.db.print_queue import SqlPrintQueue
    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings
    from kiosk.domain.commands import EnrollMember
    from kiosk.services.printing import PrintService
    from kiosk.ui.app import create_qapp
    from kiosk.ui.counter.window import CounterWindow

    with tempfile.TemporaryDirectory(prefix="bench-counter-") as tmp:
        settings = load_settings(data_dir=Path(tmp) / "shop")
        qapp = create_qapp(settings, language="en")
        app = build_app(settings)
        printer = SlowPrinter()
        # The slow printer replaces the configured one before anything asks for the print service.
        service = PrintService(queue=SqlPrintQueue(app.engine, device_id=app.ctx.device_id),
                               printers={"receipt": printer}, clock=app.clock, default_printer="receipt")
        app.extras.update(print_service=service, printers={"receipt": printer})
        app.staff.add_staff(name="Bench", role="cashier", pin="1111")
        app.enrollment.enroll(EnrollMember(command_id="bench-member", name="Bench Member", phone="0811112222",
                                           consent_version=app.ctx.privacy_notice_version))
        app.start_workers(interval_s=0.5)
        window = CounterWindow(app, video_inputs=lambda: [], install_scanner=False, idle_lock_ms=3_600_000)
        window.resize(1280, 800)
        window.show()
        try:
            _spin_until(window.signin.staff_loaded)
            staff = window.signin._staff[0]
            window._signed_in(app.staff.sign_in(staff.id, "1111"))
            heartbeat = Heartbeat()
            heartbeat.start()
            started = time.perf_counter()
            per_sale: list[float] = []
            for number in range(sales):
                sale_started = time.perf_counter()
                window.member_column.load_member("0811112222")
                _spin_until(lambda: window.member_column.account is not None)
                window.sale.add_sku("LATTE", 2)
                window.sale.add_sku("CROISSANT")
                window.open_checkout()
                _spin_until(lambda: window.checkout.preview is not None and not window.checkout._timer.isActive())
                window.checkout.confirm_payment()
                _spin_until(window.checkout.is_showing_result)
                if number % 2:
                    window.reprint_last()  # the customer wants another copy: also on the slow printer
                else:
                    window.status_bar.refresh()
                window.next_customer()
                per_sale.append((time.perf_counter() - sale_started) * 1000)
            rung_up_s = time.perf_counter() - started
            # keep the heartbeat going while the printer is still working through the queue
            _spin_until(lambda: printer.printed >= sales, timeout_s=PRINT_SECONDS * (sales * 2 + 4))
            heartbeat.stop()
            return {
                "sales": sales,
                "printer_seconds_per_job": PRINT_SECONDS,
                "max_gui_stall_ms": round(heartbeat.stall_ms(), 1),
                "p99_heartbeat_gap_ms": round(sorted(heartbeat.gaps_ms)[int(len(heartbeat.gaps_ms) * 0.99) - 1], 1),
                "heartbeat_ticks": len(heartbeat.gaps_ms),
                "ms_per_sale_through_the_ui_median": round(statistics.median(per_sale), 1),
                "all_sales_rung_up_s": round(rung_up_s, 2),
                "receipts_printed": printer.printed,
            }
        finally:
            window.shutdown()
            window.close()
            app.close()
            qapp.processEvents()


def startup(runs: int = STARTUP_RUNS, data_dir: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-counter-demo-") as tmp:
        shop = data_dir or Path(tmp) / "demo"
        if data_dir is None:
            subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(shop), "demo"], cwd=REPO, env=env,
                           check=True, capture_output=True)
        ready: list[float] = []
        wall: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(shop), "counter",
                                   "--exit-after-ready"], cwd=REPO, env=env, capture_output=True, text=True,
                                  timeout=120)
            wall.append(time.perf_counter() - started)
            line = next((ln for ln in done.stdout.splitlines() if ln.startswith("ready_after_s=")), None)
            if line is None:
                raise RuntimeError(f"the counter did not report ready: {done.stderr[-500:]}")
            ready.append(float(line.split("=", 1)[1]))
    return {
        "runs": runs,
        "interactive_s_median": round(statistics.median(ready), 3),
        "interactive_s_min": round(min(ready), 3),
        "process_wall_s_median": round(statistics.median(wall), 3),
        "target_s": 1.0,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def run() -> dict[str, Any]:
    return {"gui_stall": gui_stall(), "startup": startup()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
