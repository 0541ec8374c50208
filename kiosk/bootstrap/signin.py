"""The counter's sign-in screen before the wiring: the staff list read straight from a SQLite shop file.

Showing the sign-in screen first and wiring the services after its first frame keeps SQLAlchemy, the tables and
every service out of a counter's start (issue 15). Only a plain SQLite till at this version's head revision is
read here, through a read-only `sqlite3` connection: anything else (PostgreSQL, a device joined to a hub, a file
an older or newer version made, one that cannot be read) returns None, and the caller takes the usual path,
which migrates, refuses or reports as it always has. This module must not import the wiring (kiosk.bootstrap.wiring)
nor SQLAlchemy; tests/unit/test_startup_imports.py holds it to that.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from kiosk.adapters.db.backup import database_path
from kiosk.adapters.db.revisions import head_revision
from kiosk.config import Settings, database_url, read_settings, settings_from_dict
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.signin import SignInPreview

log = logging.getLogger(__name__)

# The columns kiosk.adapters.db.repositories.staff maps: active staff only, as StaffService.list_staff lists them.
_ACTIVE_STAFF = "SELECT id, name, role, active, failed_attempts, locked_until FROM staff WHERE active"


def counter_preview(*, data_dir: Path | None = None, config_file: Path | None = None,
                    ) -> tuple[Settings, SignInPreview] | None:
    """The settings and the sign-in screen's preview of the shop in `data_dir`, or None: the usual path decides.

    A folder without a shop's database stays as it was (the first-run set-up's to decide, as before)."""
    folder, raw, sources = read_settings(data_dir=data_dir, config_file=config_file)
    url = database_url(raw, folder)
    if _shop_file(url) is None:
        return None
    settings = settings_from_dict(raw, data_dir=folder, sources=sources)
    preview = sign_in_preview(settings)
    return None if preview is None else (settings, preview)


def sign_in_preview(settings: Settings) -> SignInPreview | None:
    """The shop and its active staff for the counter's first screen, or None: the usual path decides."""
    if settings.hub.url:  # a device joined to a hub: the usual path (it puts back the hub's change triggers)
        return None
    path = _shop_file(settings.database_url)
    if path is None:
        return None
    staff = read_staff(path)
    if not staff:
        return None
    return SignInPreview(ctx=settings.context, staff=staff)


def read_staff(path: Path) -> tuple[StaffMember, ...] | None:
    """The active staff in the SQLite file at `path` when it is at the head revision, else None (never raises
    for the database: a locked, damaged or foreign file is the usual path's to report). Read only: nothing is
    migrated or written, and the folder keeps the files it had (see _leave_no_wal_files)."""
    uri = path.resolve().as_uri()
    had_wal_files = bool(_wal_files(path))
    try:
        with closing(sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=0.5)) as conn:
            versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if versions != [(head_revision(),)]:
                log.info("early sign-in skipped: the database is at %s, not %s", versions, head_revision())
                return None
            rows = conn.execute(_ACTIVE_STAFF).fetchall()
    except sqlite3.Error as exc:
        log.info("early sign-in skipped: %s", exc)
        return None
    finally:
        if not had_wal_files and _wal_files(path):
            _leave_no_wal_files(path, uri)
    try:
        return tuple(_staff(*row) for row in rows)
    except (ValueError, TypeError) as exc:  # a role or a moment this version cannot read: the usual path's
        log.info("early sign-in skipped: %s", exc)
        return None


def _wal_files(path: Path) -> list[Path]:
    """The WAL and its index beside the shop file `path`, those that are there."""
    return [file for file in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
            if file.exists()]


def _leave_no_wal_files(path: Path, uri: str) -> None:
    """Take away the empty WAL and index that a read-only look at a shop closed cleanly left beside it.

    A read-only connection to a WAL database creates both files when they are not there and cannot remove them
    when it closes: SQLite removes them only on the close of the last connection, which must lock the database
    file for writing to know that it is the last. So a connection that may write opens the file (never creating
    it) and closes at once, and SQLite's own close decides: with the WAL empty it checkpoints nothing and writes
    nothing to the database, and while any other connection, in any process, holds the files it leaves them (they
    are that connection's now). A WAL with pages in it was written by someone else since: left to them."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return
        with closing(sqlite3.connect(f"{uri}?mode=rw", uri=True, timeout=0)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()  # a read: this connection takes its part in the WAL
    except (OSError, sqlite3.Error) as exc:  # the files stay, as they did before: untidy, not harmful
        log.info("the early sign-in's read left %s: %s", [file.name for file in _wal_files(path)], exc)


def _shop_file(url: str) -> Path | None:
    """The SQLite file at `url` when there is one (not PostgreSQL, not in memory, not yet made), else None."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = database_path(url)
    return path if str(path) not in ("", ":memory:") and path.is_file() else None


def _staff(staff_id: str, name: str, role: str, active: int, failed_attempts: int,
           locked_until: str | None) -> StaffMember:
    until = None if locked_until is None else datetime.fromisoformat(locked_until)
    if until is not None and until.tzinfo is None:  # SQLite keeps UTC without a zone (tables.UTCDateTime)
        until = until.replace(tzinfo=UTC)
    return StaffMember(staff_id, name, Role(role), bool(active), int(failed_attempts), until)


__all__ = ["counter_preview", "read_staff", "sign_in_preview"]
