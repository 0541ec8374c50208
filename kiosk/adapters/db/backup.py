"""Backups with SQLite's online backup API: consistent copies while the shop keeps selling."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class CarriedOver:
    """What a restore took over from the database it replaced and from the shop's other copies, so that nothing the
    device gave out after the backup is given out again: each counter (receipt and refund numbers) goes on after
    the highest any copy reached, and a Stripe update sent or a slip printed after the backup stays done (sent
    again, Stripe may count it twice once it has forgotten the key; printed again, two papers bear one number)."""

    replaced: str  # read | unreadable | none (there was no database)
    copies: int  # other copies read: the daily backups, databases earlier restores kept
    counters: tuple[tuple[str, int], ...]  # the restored database's counters now: (name, last number given)
    stripe_updates: int  # updates the backup had still to send that a copy knew were sent (or being sent)
    print_jobs: int  # slips the backup had still to print that a copy knew were printed, dismissed or held


@dataclass(frozen=True)
class RestoreInfo(BackupInfo):
    carried: CarriedOver


def restore(source: Path, database: Path, *, backups: Path | None = None) -> RestoreInfo:
    """Replace the live database with a checked backup; the current one is kept beside it first, and what it gave
    out after the backup is carried over (CarriedOver), as are the daily backups' in `backups`."""
    source = source.expanduser()
    if not source.exists():
        raise InvalidInput("backup.missing", source=source)
    _check(source)
    database.parent.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    if database.exists():
        kept = _unused(database.with_name(f"{database.stem}.before-restore-{datetime.now(UTC):%Y%m%d-%H%M%S}"))
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
    carried = carry_over(database, replaced=kept, others=_other_copies(database, backups, not_these=(source, kept)))
    return RestoreInfo(database, database.stat().st_size, datetime.now(UTC), carried)


def _unused(stem: Path) -> Path:
    """`stem`.sqlite3, or -2, -3... after it: a second restore in the same second must not overwrite the copy the
    first one kept (it may hold the only record of sales made after its backup)."""
    path, n = stem.with_name(f"{stem.name}.sqlite3"), 1
    while any(path.with_name(path.name + suffix).exists() for suffix in ("", "-wal", "-shm")):
        n += 1
        path = stem.with_name(f"{stem.name}-{n}.sqlite3")
    return path


def _other_copies(database: Path, backups: Path | None, *, not_these: tuple[Path | None, ...]) -> list[Path]:
    """The shop's other copies on this machine, which cost the shop nothing until a restore reads them: the daily
    backups and the databases earlier restores kept."""
    found = [*database.parent.glob(f"{database.stem}.before-restore-*.sqlite3")]
    if backups is not None and backups.is_dir():
        found += backups.glob("shop-*.sqlite3")
    skip = {p.resolve() for p in not_these if p is not None and p.exists()}
    return sorted(p for p in found if p.resolve() not in skip)


# What a copy of the shop ("other") knows that the restored database ("main") must not forget. Each statement
# only moves a number up or a job on (never back): copies may be read in any order, and a copy that lacks a table
# (an older version's) lends nothing to it.
_CARRY = (
    # a counter goes on after the highest number any copy gave out
    """INSERT INTO main.counters (name, value) SELECT name, value FROM other.counters WHERE true
       ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)""",
    # when an update still to send first left for Stripe: after a day Stripe forgets the key, and the sender
    # then looks on Stripe before sending again (kiosk.services.sync.push)
    """INSERT INTO main.stripe_outbox_sends (outbox_seq, first_sent_at)
       SELECT m.seq, s.first_sent_at FROM other.stripe_outbox_sends AS s
       JOIN other.outbox AS o ON o.seq = s.outbox_seq JOIN main.outbox AS m ON m.id = o.id
       WHERE m.status = 'pending'
       ON CONFLICT (outbox_seq) DO UPDATE SET first_sent_at = min(first_sent_at, excluded.first_sent_at)""",
    """UPDATE main.outbox AS m SET status = o.status, attempts = o.attempts, next_attempt_at = o.next_attempt_at,
       last_error = o.last_error, done_at = o.done_at, remote_id = o.remote_id
       FROM other.outbox AS o
       WHERE o.id = m.id AND m.status = 'pending' AND (o.status != 'pending' OR o.attempts > m.attempts)""",
    # a slip printed (or dismissed) is not printed again; one held (it may have reached the paper) waits for staff
    """UPDATE main.print_jobs AS m SET status = p.status, attempts = max(m.attempts, p.attempts),
       printed_at = p.printed_at, last_error = p.last_error, next_attempt_at = NULL
       FROM other.print_jobs AS p
       WHERE p.id = m.id AND m.status IN ('queued', 'sending', 'held')
         AND (p.status IN ('printed', 'dismissed') OR (m.status = 'queued' AND p.status = 'held'))""",
)
_STRIPE_STATE = """SELECT o.seq, o.status, o.attempts, s.first_sent_at FROM outbox AS o
                   LEFT JOIN stripe_outbox_sends AS s ON s.outbox_seq = o.seq WHERE o.status = 'pending'"""
_PRINT_STATE = "SELECT seq, status FROM print_jobs WHERE status IN ('queued', 'sending', 'held')"


def carry_over(database: Path, *, replaced: Path | None, others: list[Path]) -> CarriedOver:
    """Carry into the restored `database` what `replaced` (the database it replaced, None: there was none) and the
    shop's `others` copies knew was given out; a copy that cannot be read is passed over."""
    conn = sqlite3.connect(database.absolute().as_uri(), uri=True, timeout=30, isolation_level=None)
    try:
        stripe_before, prints_before = _states(conn, _STRIPE_STATE), _states(conn, _PRINT_STATE)
        replaced_read = replaced is not None and _carry_from(conn, replaced)
        copies = sum(_carry_from(conn, copy) for copy in others)
        stripe_after, prints_after = _states(conn, _STRIPE_STATE), _states(conn, _PRINT_STATE)
        counters = tuple((str(name), int(value)) for name, value in
                         _rows(conn, "SELECT name, value FROM counters ORDER BY name"))
    finally:
        conn.close()
    return CarriedOver(
        replaced="none" if replaced is None else "read" if replaced_read else "unreadable", copies=copies,
        counters=counters,
        stripe_updates=sum(stripe_after.get(seq) != state for seq, state in stripe_before.items()),
        print_jobs=sum(prints_after.get(seq) != state for seq, state in prints_before.items()))


def _rows(conn: sqlite3.Connection, query: str) -> list[tuple[Any, ...]]:
    try:
        return conn.execute(query).fetchall()
    except sqlite3.OperationalError as exc:
        if _lacks_table(exc):  # a backup from before that table
            return []
        raise


def _states(conn: sqlite3.Connection, query: str) -> dict[Any, tuple[Any, ...]]:
    return {seq: tuple(state) for seq, *state in _rows(conn, query)}


def _lacks_table(exc: sqlite3.OperationalError) -> bool:
    return str(exc).startswith(("no such table", "no such column"))


def _carry_from(conn: sqlite3.Connection, copy: Path) -> bool:
    """Whether all of `copy` could be read. Each statement is carried alone: of a damaged file, what can still
    be read (its counters, say) is taken."""
    try:
        conn.execute("ATTACH DATABASE ? AS other", (f"{copy.absolute().as_uri()}?mode=ro",))
    except sqlite3.Error:
        return False
    read = True
    try:
        for statement in _CARRY:
            try:
                conn.execute(statement)
            except sqlite3.OperationalError as exc:
                read = read and _lacks_table(exc) and _readable(conn)
            except sqlite3.Error:  # not a database, or a damaged page
                read = False
    finally:
        conn.execute("DETACH DATABASE other")
    return read


def _readable(conn: sqlite3.Connection) -> bool:
    """Whether the attached copy is a database at all (a missing table there may be the damage speaking)."""
    try:
        conn.execute("SELECT count(*) FROM other.sqlite_master").fetchone()
    except sqlite3.Error:
        return False
    return True


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
