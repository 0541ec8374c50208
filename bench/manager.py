"""Manager benchmark: daily summary, cohort table, program health and the window, on the big benchmark shop."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from bench import bigshop
from kiosk.adapters.db.member_windows import refresh_member_windows
from kiosk.adapters.db.sales_days import refresh_sales_days
from kiosk.bootstrap import wire
from kiosk.services.context import FixedClock


def _timed(fn: Callable[[], Any], *, repeat: int = 5) -> tuple[float, Any]:
    """Median wall time in milliseconds over `repeat` runs (the first one warms SQLite's page cache)."""
    fn()
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), result


def _cpu(fn: Callable[[], Any], *, repeat: int = 5) -> tuple[float, Any]:
    """Median process CPU time in milliseconds over `repeat` runs after a warm-up (the machine may be shared)."""
    fn()
    times = []
    result = None
    for _ in range(repeat):
        started = time.process_time()
        result = fn()
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 1), result


def _once(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return round((time.perf_counter() - started) * 1000, 1), result


def run(path: Path, *, window: bool = True) -> dict[str, Any]:
    """Figures (milliseconds) for the shop directory `path` built by bench.bigshop.build."""
    settings = bigshop.bench_settings(path)
    last_day = bigshop.END_DATE
    morning = datetime.combine(last_day + timedelta(days=1), dtime(7, 0), tzinfo=settings.context.tz)
    figures: dict[str, Any] = {"shop": str(path)}
    with wire(settings, clock=FixedClock(morning)) as wiring:
        app = wiring.services
        with wiring.engine.connect() as conn:
            for table in ("members", "sales", "ledger_entries", "postings"):
                figures[f"{table}_rows"] = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        analytics = app.analytics()
        figures["flow_cache_fill_ms"], folded = _once(analytics.queries.refresh_month_flows)
        figures["flow_cache_postings_folded"] = folded
        # the member activity caches (0007): first fill month by month, then nothing to fold
        figures["activity_cache_fill_ms"], folded = _once(analytics.queries.refresh_member_activity)
        figures["activity_cache_rows_folded"] = folded
        figures["activity_cache_refold_ms"], _ = _once(analytics.queries.refresh_member_activity)
        # the member windows (0024): first fill, a member at a time in batches, then nothing to fold (forgotten
        # first: an earlier run on this cached shop left them on the next morning, past the day timed here)
        with wiring.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM kv WHERE key = 'analytics:windows_anchor'")
        figures["windows_fill_ms"], _ = _once(lambda: refresh_member_windows(wiring.engine, last_day))
        figures["windows_refold_ms"], _ = _once(lambda: refresh_member_windows(wiring.engine, last_day))
        # the period summary's sales per day and device (0023): first fill in batches, then nothing to fold
        figures["sales_days_fill_ms"], folded = _once(lambda: refresh_sales_days(wiring.engine))
        figures["sales_days_rows_folded"] = folded
        figures["daily_summary_ms"], summary = _timed(lambda: app.reports.daily(last_day))
        figures["daily_summary_sales"] = summary.sales
        figures["week_summary_ms"], _ = _timed(lambda: app.reports.period(last_day, "week"), repeat=3)
        figures["month_summary_ms"], _ = _timed(lambda: app.reports.period(last_day, "month"), repeat=3)
        figures["cohort_table_12m_ms"], cohorts = _timed(lambda: analytics.cohorts(today=last_day), repeat=3)
        figures["cohort_members"] = sum(c.size for c in cohorts)
        figures["liability_now_ms"], liability = _timed(analytics.liability)
        figures["liability_total"] = liability.total.plain()
        figures["liability_trend_12m_ms"], _ = _timed(lambda: analytics.liability_trend(today=last_day))
        queries = analytics.queries
        start = last_day - timedelta(days=29)
        figures["lifetime_value_ms"], _ = _timed(lambda: analytics._lifetime_value(last_day), repeat=3)
        figures["at_risk_180d_ms"], _ = _timed(
            lambda: queries.at_risk(last_day - timedelta(days=179), last_day, limit=10), repeat=3)
        figures["top_members_30d_ms"], _ = _timed(lambda: queries.top_members(start, last_day, limit=10), repeat=3)
        figures["period_summary_30d_ms"], _ = _timed(
            lambda: analytics.reports.daily_summary(start, last_day, currency=settings.context.currency), repeat=3)
        figures["program_health_ms"], _ = _timed(lambda: analytics.health(today=last_day), repeat=3)
        figures["program_health_cpu_ms"], _ = _cpu(lambda: analytics.health(today=last_day), repeat=3)
        # the next morning: the members leaving and entering a window move (the background's work, timed here)
        figures["windows_next_day_ms"], _ = _once(lambda: refresh_member_windows(wiring.engine, morning.date()))
        if window:
            figures.update(_window(app))
    return figures


def _window(app: Any) -> dict[str, Any]:
    """Time from the signed-in manager's window being built to it showing with today's figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.services.staff import Session
    from kiosk.ui.manager.window import ManagerWindow
    from kiosk.ui.tasks import TaskRunner
    from kiosk.ui.theme import apply_theme

    qapp = QApplication.instance() or QApplication([])
    apply_theme(qapp)
    manager = next(s for s in app.staff.list_staff() if s.role.value in ("manager", "owner"))
    session = Session(manager.id, manager.name, manager.role, app.clock.now())
    runner = TaskRunner()
    started = time.perf_counter()
    window = ManagerWindow(app, session, runner)
    window.show()
    qapp.processEvents()
    shown = (time.perf_counter() - started) * 1000
    runner.wait_idle(120_000)
    qapp.processEvents()
    loaded = (time.perf_counter() - started) * 1000
    window.close()
    runner.shutdown()
    return {"window_shown_ms": round(shown, 1), "window_all_figures_ms": round(loaded, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the manager's figures on the benchmark shop.")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-window", action="store_true", help="skip timing the Qt window")
    args = parser.parse_args(argv)
    path = bigshop.build(members=args.members, entries=args.entries, days=args.days, seed=args.seed,
                         progress=lambda text: print(text, flush=True))
    print(json.dumps(run(path, window=not args.no_window), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
