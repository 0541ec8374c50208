"""Stripe sync throughput against the local fake Stripe, as a fraction of the configured rate limit (target 0.9).

For each limit (25 req/s, Stripe's test mode; 100 req/s, live mode) a shop with about ten seconds of work at
that rate is built offline, then synced from scratch: customers, coalesced snapshots and one balance
transaction per store-credit entry, by `kiosk sync --once` in a child process. `fraction` is the requests sent
between the first and the last one divided by (those seconds x limit); `steady_fraction` is the mean of the
whole seconds in between (first and last second left out). Process start-up is reported apart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RATES = (25.0, 100.0)
ROOT = Path(__file__).resolve().parent.parent
SECONDS_OF_WORK = 10


def _one(rate: float, workdir: Path) -> dict[str, Any]:
    from tests.support.fake_stripe import FakeStripe
    from tests.support.stripe_fixtures import build_shop

    # About a quarter of the entries move store credit; each is one request, plus ~3 per member for customers.
    entries = int(rate * SECONDS_OF_WORK * 3.2)
    shop = build_shop(workdir / f"shop-{int(rate)}", members=max(10, int(rate / 4)), entries=entries, seed=5)
    with FakeStripe(seed=1) as fake:
        # The worker runs as `kiosk sync --once` in its own process, as in the shop: the fake server keeps this
        # process's interpreter to itself instead of sharing one GIL with the client.
        config = workdir / f"stripe-{int(rate)}.toml"
        config.write_text(f'[stripe]\nenabled = true\napi_base = "{fake.url}"\nrate_limit_per_second = {rate}\n'
                          "[backup]\ndaily = false\n")
        env = {**os.environ, "KIOSK_STRIPE_API_KEY": fake.api_key, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kiosk", "--json", "--data-dir", str(shop.data_dir),
                               "--config", str(config), "sync", "--once"],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - started
        report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {"error": done.stderr[-500:]}
        log = fake.requests
        per_second = fake.requests_per_second()
    active = max(log[-1].at - log[0].at, 1e-9) if len(log) > 1 else 0.0
    busy = [n for n in per_second if n]
    steady = busy[1:-1] if len(busy) > 2 else busy
    return {
        "limit_per_second": rate,
        "ledger_entries": shop.entries,
        "credit_entries": shop.credit_entries,
        "requests": len(log),
        "seconds_sending": round(active, 2),
        "seconds_with_start_up": round(wall, 2),
        "requests_per_second": round((len(log) - 1) / active, 1) if active else None,
        "fraction": round((len(log) - 1) / active / rate, 3) if active else None,
        "steady_fraction": round(sum(steady) / len(steady) / rate, 3) if steady else None,
        "exit_status": done.returncode,
        "credits_sent": report.get("credits"),
        "errors": report.get("error"),
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        results = [_one(rate, Path(tmp)) for rate in RATES]
    return {"target_fraction": 0.9, "runs": results,
            "meets_target": all((r["fraction"] or 0) >= 0.9 for r in results)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
