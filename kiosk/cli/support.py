"""`kiosk support-bundle`: one zip for whoever helps the shop: logs, versions, settings, a verify report and row
counts, without any member's (or staff member's) name, phone or email."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import sys
import tomllib
import zipfile
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.domain.errors import KioskError, StorageError
from kiosk.l10n.catalogue import render
from kiosk.services.support import Scrubber, ShopLook

# Versions worth knowing when something misbehaves, by distribution name.
DISTRIBUTIONS = ("PySide6-Essentials", "PySide6-Addons", "SQLAlchemy", "alembic", "stripe", "python-escpos", "pillow",
                 "babel", "platformdirs", "keyring", "psycopg", "qrcode", "zxing-cpp", "numpy")
# Variables whose values say where things are or how Qt runs; any other KIOSK_ variable is only reported as set
# (KIOSK_STRIPE_API_KEY, the PINs, and whatever comes later).
SHOWN_ENVIRONMENT = ("KIOSK_DATA_DIR", "KIOSK_DEMO_DIR", "KIOSK_LOG_DIR", "KIOSK_CONFIG", "KIOSK_NOW",
                     "KIOSK_DATABASE_URL", "QT_QPA_PLATFORM", "QT_LOGGING_RULES", "QT_SCALE_FACTOR",
                     "QT_SCREEN_SCALE_FACTORS", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP", "DISPLAY",
                     "WAYLAND_DISPLAY", "LANG")
SECRET_LINE = re.compile(r"^\s*[\"']?(api_key|secret_key|stripe_key|password|secret)[\"']?\s*=", re.I | re.M)
STRIPE_KEY = re.compile(r"\b[a-z]{2}_(live|test)_[A-Za-z0-9]{8,}")
LOG_FILE = re.compile(r"^[\w.-]+\.log(\.\d+)?$")

README = """\
Loyalty Kiosk support bundle

  versions.json      the app, Python, Qt, SQLite and library versions; the operating system
  environment.json   where the app looks for things and how Qt runs (other KIOSK_ variables: only whether set)
  shop.json          the database (its address, any password hidden), its schema revision, rows in each table,
                     and what could not be read
  verify.txt         `kiosk verify`: the ledger's invariants and hash chains
  config/            the shop's settings files (they never hold secrets: the app refuses one that does)
  logs/              the app's log files

Members' and staff's names, phones and emails are taken out of every file ([name], [phone], [email]), and so are
passwords in addresses and anything shaped like a Stripe key. Not included: the database itself, backups, receipts.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("support-bundle", help="write a zip for support: logs, versions, settings, a verify report "
                                              "and row counts, without members' names, phones or emails")
    p.add_argument("--out", type=Path, metavar="ZIP",
                   help="where to write it (default: loyalty-kiosk-support-<date>-<time>.zip in this folder)")
    p.set_defaults(handler=cmd_support_bundle)


def cmd_support_bundle(args: argparse.Namespace) -> int:
    from kiosk.bootstrap.shop import look_at_shop
    from kiosk.config import default_data_dir, default_log_dir, load_settings, pinned_now, settings_files

    data_dir = (args.data_dir or default_data_dir()).expanduser()
    problems: list[str] = []
    look: ShopLook | None = None
    country_code = "66"
    language = getattr(args, "cli_language", None) or "en"  # a broken settings file: English, as the log is
    zone: tzinfo | None = None  # ...and this machine's time zone
    try:
        # A stand-in install id: a bundle made on a machine with no shop yet leaves its data folder as it was.
        settings = load_settings(data_dir=data_dir, config_file=args.config, install="support-bundle")
    except KioskError as exc:  # a broken settings file is a usual reason to ask for help: the bundle says so
        problems.append(render("cli.support.settings_unreadable", {"error": exc}, language))
    else:
        country_code = settings.context.country_code
        language = getattr(args, "cli_language", None) or settings.context.language
        zone = settings.context.tz  # the shop's date and time, as its receipts and reports say them
        look = look_at_shop(settings)
    scrubber = Scrubber(look.personal if look is not None else None, country_code=country_code)
    if look is None or look.personal is None:
        problems.append(render("cli.support.names_kept", None, language))

    files: dict[str, str] = {"README.txt": README, "versions.json": _json(_versions()),
                             "environment.json": _json(_environment(scrubber))}
    files["shop.json"] = _json(_shop(look, data_dir, problems, scrubber, language))
    files["verify.txt"] = _verify_text(look, scrubber, language)
    for n, path in enumerate(settings_files(data_dir, args.config), start=1):  # numbered in the order they merge
        if path.is_file():
            files[f"config/{n}-{path.name}"] = _config_text(path, scrubber)
    log_dir = default_log_dir()
    if log_dir.is_dir():
        for path in sorted(p for p in log_dir.iterdir() if p.is_file() and LOG_FILE.match(p.name)):
            files[f"logs/{path.name}"] = scrubber.scrub(path.read_text(encoding="utf-8", errors="replace"))

    at = pinned_now() or datetime.now(UTC)
    out = args.out or Path(f"loyalty-kiosk-support-{at.astimezone(zone):%Y%m%d-%H%M%S}.zip")
    _write_zip(out.expanduser(), files)
    if args.json:
        print(json.dumps({"path": str(out), "files": sorted(files)}, indent=2))
    else:
        print(render("cli.support.written", {"path": str(out), "count": len(files)}, language))
    return 0


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"loyalty-kiosk": __version__, "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
             "platform": platform.platform(), "bundle": "yes" if getattr(sys, "frozen", False) else "no"}
    try:
        from kiosk.ui.app import qt_versions

        found |= qt_versions()
    except ImportError as exc:
        found["qt"] = f"not loadable ({exc})"
    for name in DISTRIBUTIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _environment(scrubber: Scrubber) -> dict[str, str]:
    shown = {name: scrubber.scrub(os.environ[name]) for name in SHOWN_ENVIRONMENT if name in os.environ}
    hidden = {name: "(set)" for name in os.environ if name.startswith("KIOSK_") and name not in SHOWN_ENVIRONMENT}
    return dict(sorted((shown | hidden).items()))


def _shop(look: ShopLook | None, data_dir: Path, problems: list[str], scrubber: Scrubber,
          language: str) -> dict[str, Any]:
    found: dict[str, Any] = {"data_dir": str(data_dir)}
    if look is not None:
        found |= {"database": scrubber.scrub(look.database), "revision": look.revision, "head": look.head,
                  "rows": look.counts}
        problems = [*problems, *(render(p.code, p.params, language) for p in look.problems)]
    found["problems"] = [scrubber.scrub(p) for p in problems]
    return found


def _verify_text(look: ShopLook | None, scrubber: Scrubber, language: str) -> str:
    """`kiosk verify` as the bundle keeps it, in the language of the command (a problem's ids as they are)."""
    if look is None or look.verify is None:
        why = render("cli.support.no_settings", None, language) if look is None else (
            "; ".join(render(p.code, p.params, language) for p in look.problems)
            or render("cli.support.no_database", None, language))
        return render("cli.support.not_verified", {"why": why}, language) + "\n"
    report = look.verify
    lines = [render("cli.support.verify_ok" if report.ok else "cli.support.verify_problems",
                    {"entries": report.entries_checked, "audit": report.audit_records_checked}, language)]
    lines += [scrubber.scrub(render(problem.code, problem.params, language)) for problem in report.problems]
    return "\n".join(lines) + "\n"


def _config_text(path: Path, scrubber: Scrubber) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"# {path}: could not be read ({exc.strerror})\n"
    if SECRET_LINE.search(text):
        return f"# {path}: left out, it has a line naming a secret (the app refuses such a file).\n"
    try:
        tomllib.loads(text)
        note = ""
    except tomllib.TOMLDecodeError as exc:
        note = f"# not valid TOML: {exc}\n"
    return f"# {path}\n{note}" + STRIPE_KEY.sub("[stripe key]", scrubber.scrub(text))


def _write_zip(out: Path, files: dict[str, str]) -> None:
    """All or nothing: written beside its name, then renamed."""
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, text in files.items():
                bundle.writestr(f"loyalty-kiosk-support/{name}", STRIPE_KEY.sub("[stripe key]", text))
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise StorageError("cli.support_bundle_failed", out=out, strerror=exc.strerror) from None


__all__ = ["cmd_support_bundle", "register"]
