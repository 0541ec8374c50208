"""Backups with SQLite's online backup API: consistent copies while the shop keeps selling."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.errors import InvalidInput, StorageError

if TYPE_CHECKING:
    from kiosk.services.backups import BackupRecord


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    bytes: int
    created_at: datetime


def database_path(url: str) -> Path:
    if not url.startswith("sqlite") or "///" not in url:
        raise InvalidInput("backup.not_sqlite")
    return Path(url.split("///", 1)[1])


def _check(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            has_version = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InvalidInput("backup.unreadable", path=path, exc=exc) from None
    if result != "ok":
        raise InvalidInput("backup.invalid", path=path, result=result)
    if not has_version:
        raise InvalidInput("backup.not_kiosk_database", path=path)


def backup(database: Path, destination: Path) -> BackupInfo:
    if not database.exists():
        raise StorageError("backup.database_missing", database=database)
    destination = destination.expanduser()
    if destination.exists() and destination.is_dir():
        destination = destination / f"shop-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, a read-only or unplugged drive
        raise StorageError("backup.target_folder_failed", parent=destination.parent, strerror=exc.strerror) from None
    tmp = destination.with_suffix(destination.suffix + ".part")
    try:
        src = sqlite3.connect(str(database), timeout=30)
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            # A backup is one self-contained file: WAL mode would leave -wal/-shm files beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        _check(tmp)
        tmp.replace(destination)  # a crash never leaves a half-written file under the real name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError("backup.write_failed", destination=destination, strerror=exc.strerror) from None
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError("backup.failed_other", exc=exc) from None
    return BackupInfo(destination, destination.stat().st_size, datetime.now(UTC))


def restore(source: Path, database: Path) -> BackupInfo:
    """Replace the live database with a checked backup; the current one is kept beside it first."""
    source = source.expanduser()
    if not source.exists():
        raise InvalidInput("backup.missing", source=source)
    _check(source)
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        kept = database.with_name(f"{database.stem}.before-restore-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3")
        try:
            backup(database, kept)
        except StorageError:
            # The live file is the damaged one (the usual reason to restore): keep it as it is, with its
            # WAL, and restore into a fresh file; copying into a corrupt file would fail or mix the two.
            for suffix in ("", "-wal", "-shm"):
                part = database.with_name(database.name + suffix)
                if part.exists():
                    part.replace(kept.with_name(kept.name + suffix))
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(database), timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return BackupInfo(database, database.stat().st_size, datetime.now(UTC))


def staging_folder(path: Path) -> Path:
    """An empty folder at `path` (beside the shop's database, so a rename can move what is built in it);
    whatever an interrupted run left there is cleared first."""
    try:
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
    except OSError as exc:
        raise StorageError("backup.staging_failed", path=path, strerror=exc.strerror) from None
    return path


def install_database(staged: Path, database: Path) -> None:
    """Put a database built in a staging folder in the place of the shop's (closed) one, in one rename.

    A crash leaves the old file or the new one, never half of one. The staged file is made self-contained
    first (no WAL beside it). A -wal beside the old file means another process has the shop open: refused,
    as SQLite would replay that WAL into the new file.
    """
    _check(staged)
    if database.with_name(database.name + "-wal").exists():
        raise StorageError("backup.database_in_use", database=database)
    try:
        conn = sqlite3.connect(str(staged))
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        with open(staged, "rb") as fh:
            os.fsync(fh.fileno())
        database.with_name(database.name + "-shm").unlink(missing_ok=True)
        os.replace(staged, database)
        directory = os.open(database.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)
    except OSError as exc:
        raise StorageError("backup.install_failed", database=database, strerror=exc.strerror) from None


def discard_folder(path: Path) -> None:
    """Remove a staging folder and what is left in it (best effort: it is cleared again before its next use)."""
    shutil.rmtree(path, ignore_errors=True)


def prune(directory: Path, keep: int) -> list[Path]:
    files = sorted(directory.glob("shop-*.sqlite3"))
    doomed = files[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


class BackupDirectory:
    """A folder of `shop-*.sqlite3` backups: the BackupStore port of kiosk.services.backups."""

    def __init__(self, database: Path, directory: Path) -> None:
        self.database = database
        self.directory = directory

    def newest(self) -> datetime | None:
        if not self.directory.is_dir():
            return None
        times = [p.stat().st_mtime for p in self.directory.glob("shop-*.sqlite3")]
        return datetime.fromtimestamp(max(times), UTC) if times else None

    def create(self) -> BackupRecord:
        from kiosk.services.backups import BackupRecord

        try:
            self.directory.mkdir(parents=True, exist_ok=True)  # else backup() would write a file named like it
        except OSError as exc:
            raise StorageError("backup.folder_failed", directory=self.directory, strerror=exc.strerror) from None
        info = backup(self.database, self.directory)
        return BackupRecord(str(info.path), info.bytes, info.created_at)

    def prune(self, keep: int) -> list[str]:
        return [str(p) for p in prune(self.directory, keep)] if self.directory.is_dir() else []
