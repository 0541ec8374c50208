"""`python -m bench`: build (or reuse) the big shop, run every benchmark module, print one JSON document."""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import platform
import sqlite3
import sys
import time
import traceback
from pathlib import Path
from typing import Any

QUICK = {"members": 20_000, "entries": 200_000}
# Other areas' benchmarks: each exposes run() or run(path) (path: the big shop's directory). Missing ones are noted.
MODULES = ("printing", "scanning", "counter", "selfservice", "manager", "sync", "partners", "search",
           "engagement", "hub")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help=f"a small shop ({QUICK['members']:,} members, {QUICK['entries']:,} entries) "
                             "for a fast check")
    parser.add_argument("--only", nargs="*", metavar="MODULE",
                        help="run only these modules (core, " + ", ".join(MODULES) + ")")
    parser.add_argument("--out", type=Path, help="also write the JSON document to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.members, args.entries = QUICK["members"], QUICK["entries"]
    wanted = set(args.only) if args.only else {"core", *MODULES}

    from bench import bigshop

    started = time.perf_counter()
    document: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                    "platform": platform.platform(), "cpus": _cpus()},
        "parameters": {"members": args.members, "entries": args.entries, "days": args.days, "seed": args.seed},
    }
    shop = None
    if "core" in wanted or any(_takes_path(name) for name in MODULES if name in wanted):
        _say(f"big shop: {args.members:,} members, {args.entries:,} ledger entries over {args.days} days")
        shop = bigshop.build(members=args.members, entries=args.entries, days=args.days, seed=args.seed,
                             progress=_say)
    if "core" in wanted:
        from bench import core

        assert shop is not None
        document["core"] = core.run(shop, say=_say)
    notes = []
    for name in MODULES:
        if name not in wanted:
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                notes.append(f"bench.{name}: not written yet, skipped")
                continue
            raise
        _say(f"{name} ...")
        try:
            run = module.run
            document[name] = run(shop) if _wants_path(run) else run()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            document[name] = {"error": f"{type(exc).__name__}: {exc}"}
            traceback.print_exc(file=sys.stderr)
    document["notes"] = notes
    document["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def _wants_path(run: Any) -> bool:
    return bool(inspect.signature(run).parameters)


def _takes_path(name: str) -> bool:
    """Whether bench.<name> exists and its run() wants the big shop (so the shop must be built first)."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError:
        return False
    return _wants_path(getattr(module, "run", lambda: None))


if __name__ == "__main__":
    raise SystemExit(main())
