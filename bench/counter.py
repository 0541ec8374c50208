"""Counter benchmark: the GUI thread's longest stall while sales print on a 2-second printer, and start-up time.

`python -m bench.counter` prints one JSON document. Figures only; nothing is asserted.

(a) gui_stall: the real CounterWindow rings up sales through its own methods while the print worker sends
    every receipt to a printer that lays out and renders it for real (Thai text drawn to raster lines, as
    on the shop's printer) and then takes 2 s to "print" it. A 5 ms QTimer heartbeat records how late each
    tick runs; the largest gap is the longest the screen was frozen. The machine is shared (2 cores, other
    people's tests), so each gap also records the GUI thread's own CPU time and the time it sat runnable
    waiting for a core (/proc/thread-self/schedstat): a gap that is mostly run-queue wait is the machine,
    not the app. Run RUNS times; best and median are reported, with the load average.
(b) startup: `python -m kiosk --data-dir D counter --exit-after-ready` on the demo shop, spawned afresh each
    time; the app prints the seconds from its process start until the sign-in screen is shown, the event
    loop idle and the staff list loaded, and its CPU seconds by then (target: 1.0 s); then, once the other
    pages (built one per event-loop turn after that point) are done, the time the whole counter is built.
    "installed" runs with compiled bytecode cached (as a pip install leaves it; this sandbox sets
    PYTHONDONTWRITEBYTECODE, so a private PYTHONPYCACHEPREFIX is primed first); "no_bytecode_cache" compiles
    every kiosk module each time.
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
STARTUP_RUNS = 7
RUNS = 3


class SlowPrinter:
    """A receipt printer that renders each job for real, then takes PRINT_SECONDS to print it.

    `real` is the shop's own printer adapter (layout, Thai raster text, ESC/POS bytes) on a dummy
    transport; only the slow device is simulated, by sleeping.
    """

    name = "receipt"

    def __init__(self, real: Any | None = None) -> None:
        self.real = real
        self.printed = 0
        self.render_cpu_ms: list[float] = []
        self.lock = threading.Lock()

    def print_document(self, doc: Any) -> None:
        if self.real is not None:
            started = time.thread_time()
            self.real.render(doc)
            self.render_cpu_ms.append((time.thread_time() - started) * 1000)
        time.sleep(PRINT_SECONDS)
        with self.lock:
            self.printed += 1

    def status(self) -> Any:
        from kiosk.services.ports.printing import PrinterStatus

        time.sleep(PRINT_SECONDS)  # asking a slow printer for its status is slow too
        return PrinterStatus(online=True)

    def describe(self) -> str:
        return "a simulated printer that takes 2 s a job"

    def print_test_page(self) -> None:
        time.sleep(PRINT_SECONDS)


def _schedstat() -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of the calling thread; zeros if unknown."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as fh:
            on_cpu_ns, waiting_ns, _slices = fh.read().split()
        return int(on_cpu_ns) / 1e9, int(waiting_ns) / 1e9
    except (OSError, ValueError):
        return 0.0, 0.0


class Heartbeat:
    """Ticks every HEARTBEAT_MS on the GUI thread and records how late each tick came, and why."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps_ms: list[float] = []
        self.cpu_ms: list[float] = []  # the GUI thread's own CPU time within each gap
        self.waiting_ms: list[float] = []  # time within each gap the GUI thread waited for a free core
        self._last = time.perf_counter()
        self._last_sched = _schedstat()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._last_sched = _schedstat()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        sched = _schedstat()
        self.gaps_ms.append((now - self._last) * 1000)
        self.cpu_ms.append((sched[0] - self._last_sched[0]) * 1000)
        self.waiting_ms.append((sched[1] - self._last_sched[1]) * 1000)
        self._last, self._last_sched = now, sched

    def stall_ms(self) -> float:
        """The longest time past the expected tick (0 when every tick was on time)."""
        return max((gap - HEARTBEAT_MS for gap in self.gaps_ms), default=0.0)

    def p99_gap_ms(self) -> float:
        ordered = sorted(self.gaps_ms)
        return ordered[max(0, int(len(ordered) * 0.99) - 1)] if ordered else 0.0

    def worst(self) -> dict[str, float]:
        """The longest gap, split into the GUI thread's own CPU, waiting for a core, and the rest (locks, GIL)."""
        if not self.gaps_ms:
            return {}
        i = max(range(len(self.gaps_ms)), key=self.gaps_ms.__getitem__)
        gap, cpu, waiting = self.gaps_ms[i], self.cpu_ms[i], self.waiting_ms[i]
        return {"gap_ms": round(gap, 1), "gui_thread_cpu_ms": round(cpu, 1), "waiting_for_a_core_ms": round(waiting, 1),
                "blocked_ms": round(max(0.0, gap - cpu - waiting), 1)}

    def stall_excluding_core_wait_ms(self) -> float:
        """The longest gap less the time the machine gave the GUI thread no core: what the app itself caused."""
        return max((gap - waiting - HEARTBEAT_MS for gap, waiting in zip(self.gaps_ms, self.waiting_ms, strict=True)),
                   default=0.0)


REAL_LOOP = True  # False: the old way (processEvents), kept to show what it got wrong


def _spin_until(condition: Any, timeout_s: float = 20.0) -> None:
    """Run the real event loop until `condition()` holds, as the app's own loop runs between a cashier's taps.

    Not `processEvents()` in a loop: that never delivers DeferredDelete, so every widget a screen replaced with
    `deleteLater()` stayed alive, which looked like a leak of ~55 KB and grew each sale's time (issue 15).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    if not REAL_LOOP:
        from PySide6.QtWidgets import QApplication

        while not condition() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.001)
    elif not condition():
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
        timer.start()
        loop.exec()
        timer.stop()
    if not condition():
        raise TimeoutError("the counter did not reach the expected state")


def _idle_turn() -> None:
    """One turn of the event loop to idle, as between two customers: what was deleteLater()'d goes."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

    if not REAL_LOOP:
        return
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _rss_kb() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def gui_stall(sales: int = SALES) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings
    from kiosk.domain.commands import EnrollMember
    from kiosk.ui.app import create_qapp
    from kiosk.ui.counter.window import CounterWindow

    with tempfile.TemporaryDirectory(prefix="bench-counter-") as tmp:
        settings = load_settings(data_dir=Path(tmp) / "shop")
        qapp = create_qapp("en")
        from kiosk.adapters.printing.printer import build_printers
        from kiosk.adapters.printing.settings import printer_settings_from_dict

        real = build_printers({"receipt": printer_settings_from_dict("receipt", {"kind": "dummy", "paper_mm": 80})})
        printer = SlowPrinter(real["receipt"])
        # The slow printer replaces the configured one.
        app = build_app(settings, printers={"receipt": printer}, print_interval_s=0.5)
        owner = app.staff.add_staff(name="Bench Owner", role="owner", pin="9999")  # first-run set-up
        app.staff.add_staff(name="Bench", role="cashier", pin="1111", by=owner.id)
        app.enrollment.enroll(EnrollMember(command_id="bench-member", name="Bench Member", phone="0811112222",
                                           consent_version=app.ctx.privacy_notice_version))
        app.start_workers()
        window = CounterWindow(app, video_inputs=lambda: [], install_scanner=False, idle_lock_ms=3_600_000)
        window.resize(1280, 800)
        window.show()
        try:
            _spin_until(window.signin.staff_loaded)
            staff = next(s for s in window.signin._staff if s.name == "Bench")
            window._signed_in(app.staff.sign_in(staff.id, "1111"))
            heartbeat = Heartbeat()
            heartbeat.start()
            started = time.perf_counter()
            per_sale: list[float] = []
            rss: list[int] = []
            widgets: list[int] = []
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
                _idle_turn()
                per_sale.append((time.perf_counter() - sale_started) * 1000)
                rss.append(_rss_kb())
                widgets.append(len(QApplication.allWidgets()))
            rung_up_s = time.perf_counter() - started
            # keep the heartbeat going while the printer is still working through the queue
            _spin_until(lambda: printer.printed >= sales, timeout_s=PRINT_SECONDS * (sales * 2 + 4))
            heartbeat.stop()
            return {
                "sales": sales,
                "printer_seconds_per_job": PRINT_SECONDS,
                "receipt_render_cpu_ms_median": round(statistics.median(printer.render_cpu_ms), 1)
                if printer.render_cpu_ms else None,
                "max_gui_stall_ms": round(heartbeat.stall_ms(), 1),
                "max_gui_stall_excluding_core_wait_ms": round(heartbeat.stall_excluding_core_wait_ms(), 1),
                "worst_gap": heartbeat.worst(),
                "p99_heartbeat_gap_ms": round(heartbeat.p99_gap_ms(), 1),
                "heartbeat_ticks": len(heartbeat.gaps_ms),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "ms_per_sale_through_the_ui_median": round(statistics.median(per_sale), 1),
                "ms_per_sale_first_last": [round(per_sale[0], 1), round(per_sale[-1], 1)],
                # after the second sale (caches warm) to the last: what each further sale keeps
                "widgets_kept_per_sale": round((widgets[-1] - widgets[1]) / max(1, len(widgets) - 2), 1)
                if len(widgets) > 2 else None,
                "rss_growth_kb_per_sale": round((rss[-1] - rss[1]) / max(1, len(rss) - 2), 1) if len(rss) > 2
                else None,
                "all_sales_rung_up_s": round(rung_up_s, 2),
                "receipts_printed": printer.printed,
            }
        finally:
            window.shutdown()
            window.close()
            app.close()
            qapp.processEvents()


def _ready_line(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], str]:
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("ready_after_s=")), None)
    if line is None:
        raise RuntimeError(f"{command[2]} did not report ready: {done.stderr[-500:]}")
    return {k: float(v) for k, v in (part.split("=", 1) for part in line.split())}, done.stdout


def _startup_runs(shop: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Counter start-ups alternated with the floor's (a bare PySide6 window, bench.bare_window), so both meet
    the same machine; the ratio is of their medians."""
    ready: list[float] = []
    cpu: list[float] = []
    wall: list[float] = []
    built: list[float] = []
    loads: list[float] = []
    bare_ready: list[float] = []
    bare_cpu: list[float] = []
    for _ in range(runs):
        loads.append(os.getloadavg()[0])
        bare, _ = _ready_line([sys.executable, "-m", "bench.bare_window"], env)
        bare_ready.append(bare["ready_after_s"])
        bare_cpu.append(bare["cpu_s"])
        started = time.perf_counter()
        fields, stdout = _ready_line([sys.executable, "-m", "kiosk", "--data-dir", str(shop), "counter",
                                      "--exit-after-ready"], env)
        wall.append(time.perf_counter() - started)
        ready.append(fields["ready_after_s"])
        cpu.append(fields.get("cpu_s", float("nan")))
        line = next((ln for ln in stdout.splitlines() if ln.startswith("settled_after_s=")), None)
        if line is not None:
            built.append(float(dict(part.split("=", 1) for part in line.split())["settled_after_s"]))
    return {
        "runs": runs,
        "interactive_s_best": round(min(ready), 3),
        "interactive_s_median": round(statistics.median(ready), 3),
        "cpu_s_by_then_best": round(min(cpu), 3),
        "cpu_s_by_then_median": round(statistics.median(cpu), 3),
        "bare_window_s_median": round(statistics.median(bare_ready), 3),
        "bare_window_cpu_s_median": round(statistics.median(bare_cpu), 3),
        "vs_bare_window": round(statistics.median(ready) / statistics.median(bare_ready), 2),
        "cpu_vs_bare_window": round(statistics.median(cpu) / statistics.median(bare_cpu), 2),
        # the sign-in screen is usable at "interactive"; the other pages are built by this point
        "whole_counter_built_s_median": round(statistics.median(built), 3) if built else None,
        "process_wall_s_median": round(statistics.median(wall), 3),
        "load_average_1min_median": round(statistics.median(loads), 2),
    }


def startup(runs: int = STARTUP_RUNS, data_dir: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-counter-demo-") as tmp:
        shop = data_dir or Path(tmp) / "demo"
        if data_dir is None:
            subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(shop), "demo"], cwd=REPO, env=env,
                           check=True, capture_output=True)
        installed = dict(env, PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        installed.pop("PYTHONDONTWRITEBYTECODE", None)
        _startup_runs(shop, 1, installed)  # primes the bytecode cache, as installing the package does
        cold = dict(env, PYTHONDONTWRITEBYTECODE="1")
        cold.pop("PYTHONPYCACHEPREFIX", None)
        return {
            "installed": _startup_runs(shop, runs, installed),
            "no_bytecode_cache": _startup_runs(shop, max(1, runs // 2), cold),
            "target_s": 1.0,
            "target_vs_bare_window": 3.0,
            "cpus": os.cpu_count(),
        }


def _summary(results: list[dict[str, Any]], key: str) -> dict[str, float]:
    values = [r[key] for r in results]
    return {"best": round(min(values), 1), "median": round(statistics.median(values), 1)}


def run() -> dict[str, Any]:
    stalls = [gui_stall() for _ in range(RUNS)]
    return {
        "gui_stall": {
            "runs": RUNS,
            "max_gui_stall_ms": _summary(stalls, "max_gui_stall_ms"),
            "max_gui_stall_excluding_core_wait_ms": _summary(stalls, "max_gui_stall_excluding_core_wait_ms"),
            "p99_heartbeat_gap_ms": _summary(stalls, "p99_heartbeat_gap_ms"),
            "target_ms": 50,
            "each": stalls,
        },
        "startup": startup(),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
