"""Stripe sync throughput against the local fake Stripe, as a fraction of the configured rate limit (target 0.9).

For each limit (25 req/s, Stripe's test mode; 100 req/s, live mode) a shop with about ten seconds of work at
that rate is built offline, then synced from scratch: customers, coalesced snapshots and one balance
transaction per store-credit entry, by `kiosk sync --once` in a child process. `fraction` is the requests sent
between the first and the last one divided by (those seconds x limit); `steady_fraction` is the mean of the
whole seconds in between (first and last second left out); `peak_per_second` is the busiest whole second as
the fake saw requests arrive (it must stay at or under the limit plus the bucket's small burst). Process
start-up is reported apart.

Each run is repeated with the fake Stripe answering every request after 0, 50 and 200 ms (a real round trip to
Stripe is 0.2-0.4 s), on a copy of the same shop. `duplicates` counts customers made twice for one member and
balance transactions sent twice for one ledger entry: it must be 0.

`python -m bench.sync [--rates 25 100] [--latencies-ms 0 50 200]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RATES = (25.0, 100.0)
LATENCIES_MS = (0, 50, 200)
ROOT = Path(__file__).resolve().parent.parent
SECONDS_OF_WORK = 10


def _duplicates(fake: Any) -> int:
    """Customers beyond the first for one member, plus balance transactions beyond the first for one entry."""
    extra = 0
    members: dict[str, int] = {}
    for customer in fake.customers():
        member_id = (customer.get("metadata") or {}).get("member_id")
        if member_id:
            members[member_id] = members.get(member_id, 0) + 1
        entries: dict[str, int] = {}
        for txn in fake.balance_transactions(customer["id"]):
            entry_id = (txn.get("metadata") or {}).get("ledger_entry_id")
            if entry_id:
                entries[entry_id] = entries.get(entry_id, 0) + 1
        extra += sum(n - 1 for n in entries.values())
    return extra + sum(n - 1 for n in members.values())


def _one(rate: float, latency_ms: int, template: Any, workdir: Path) -> dict[str, Any]:
    from tests.support.fake_stripe import FakeStripe

    data_dir = workdir / f"shop-{int(rate)}-{latency_ms}ms"
    shutil.copytree(template.data_dir, data_dir)
    with FakeStripe(seed=1, latency_seconds=latency_ms / 1000) as fake:
        # The worker runs as `kiosk sync --once` in its own process, as in the shop: the fake server keeps this
        # process's interpreter to itself instead of sharing one GIL with the client.
        config = workdir / f"stripe-{int(rate)}.toml"
        config.write_text(f'[stripe]\nenabled = true\napi_base = "{fake.url}"\nrate_limit_per_second = {rate}\n'
                          "[backup]\ndaily = false\n")
        env = {**os.environ, "KIOSK_STRIPE_API_KEY": fake.api_key, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kiosk", "--json", "--data-dir", str(data_dir),
                               "--config", str(config), "sync", "--once"],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - started
        report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {"error": done.stderr[-500:]}
        log = fake.requests
        duplicates = _duplicates(fake)
    # Arrivals per whole second of the first request's clock (the fake logs a request when it arrives).
    per_second: dict[int, int] = {}
    for request in log:
        second = int(request.at - log[0].at)
        per_second[second] = per_second.get(second, 0) + 1
    per_second_list = [per_second.get(n, 0) for n in range(max(per_second) + 1)] if per_second else []
    active = max(log[-1].at - log[0].at, 1e-9) if len(log) > 1 else 0.0
    busy = [n for n in per_second_list if n]
    steady = busy[1:-1] if len(busy) > 2 else busy
    return {
        "limit_per_second": rate,
        "latency_ms": latency_ms,
        "ledger_entries": template.entries,
        "credit_entries": template.credit_entries,
        "requests": len(log),
        "seconds_sending": round(active, 2),
        "seconds_with_start_up": round(wall, 2),
        "requests_per_second": round((len(log) - 1) / active, 1) if active else None,
        "fraction": round((len(log) - 1) / active / rate, 3) if active else None,
        "steady_fraction": round(sum(steady) / len(steady) / rate, 3) if steady else None,
        "peak_per_second": max(per_second_list) if per_second_list else 0,
        "per_second": per_second_list,
        "duplicates": duplicates,
        "exit_status": done.returncode,
        "credits_sent": report.get("credits"),
        "errors": report.get("error"),
    }


def run() -> dict[str, Any]:
    """Every rate at every latency (`python -m bench` calls this; it takes no big shop)."""
    return measure(RATES, LATENCIES_MS)


def measure(rates: tuple[float, ...], latencies_ms: tuple[int, ...]) -> dict[str, Any]:
    from tests.support.stripe_fixtures import build_shop

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        workdir = Path(tmp)
        for rate in rates:
            # About a quarter of the entries move store credit; each is one request, plus ~3 per member for
            # customers. One shop per rate, copied for each latency.
            entries = int(rate * SECONDS_OF_WORK * 3.2)
            shop = build_shop(workdir / f"template-{int(rate)}", members=max(10, int(rate / 4)), entries=entries,
                              seed=5)
            results.extend(_one(rate, latency, shop, workdir) for latency in latencies_ms)
    at_200 = [r for r in results if r["latency_ms"] == 200] or results
    return {"target_fraction": 0.9, "runs": results,
            "duplicates": sum(r["duplicates"] for r in results),
            "meets_target": all((r["fraction"] or 0) >= 0.9 for r in at_200)
            and all(r["duplicates"] == 0 and r["exit_status"] == 0 for r in results)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__.split("\n")[0])
    parser.add_argument("--rates", type=float, nargs="*", default=list(RATES))
    parser.add_argument("--latencies-ms", type=int, nargs="*", default=list(LATENCIES_MS))
    args = parser.parse_args()
    print(json.dumps(measure(tuple(args.rates), tuple(args.latencies_ms)), indent=2))
