"""The WAL checkpoint, moved out of the sales: a background worker copies the WAL back into the database file.

SQLite's automatic checkpoint runs inside whichever commit crosses `wal_autocheckpoint` pages, so every ~20th
sale waited for the whole WAL to be written back and fsynced (a commit p95 of 25x a bare insert). The app's
connections set a backstop far above what a checkpointer that keeps up ever lets the WAL reach (make_engine),
and this worker checkpoints in between:

- every `interval_s`, a PASSIVE checkpoint when the WAL has grown: it never takes the write lock and never
  waits for a reader, so a sale is never held up by it;
- when the WAL has not changed over a whole interval (the counter is idle), TRUNCATE, with no busy wait: the
  file shrinks back to nothing, and if a sale or a reader is in the way it simply tries again later.

A checkpointer that dies or is never started leaves the backstop: the WAL stays bounded, and only then does a
commit pay for a checkpoint again.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The app's connections checkpoint by themselves only past this many WAL pages (~80 MB at 4 KiB pages): a
# safety net, hours of sales ahead of where the worker keeps the WAL.
AUTOCHECKPOINT_BACKSTOP_PAGES = 20_000
CHECKPOINT_INTERVAL_S = 2.0


@dataclass(frozen=True)
class CheckpointResult:
    mode: str  # PASSIVE | TRUNCATE | "" (nothing to do)
    busy: bool
    wal_frames: int  # frames in the WAL before the checkpoint
    checkpointed: int


class WalCheckpointer:
    """Checkpoints one SQLite database's WAL from its own connection; `tick` is one step, `run` the loop."""

    def __init__(self, path: Path | str, *, interval_s: float = CHECKPOINT_INTERVAL_S) -> None:
        self.path = str(path)
        self.interval_s = interval_s
        self._last_frames = -1
        self._db: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            # No busy wait: a checkpoint that finds the database busy is tried again at the next tick.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=0, check_same_thread=False)
            self._db.execute("PRAGMA busy_timeout=0")
        return self._db

    def tick(self) -> CheckpointResult:
        """PASSIVE when the WAL grew since the last tick; TRUNCATE when it stayed the same (idle)."""
        db = self._connection()
        # A PASSIVE checkpoint of nothing new is cheap and tells how many frames the WAL holds.
        busy, frames, done = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        mode = "PASSIVE"
        if frames > 0 and frames == self._last_frames and not busy:
            busy, frames_now, done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            mode = "TRUNCATE"
            frames = frames_now if not busy else frames
        self._last_frames = frames if mode == "PASSIVE" or busy else 0
        return CheckpointResult(mode, bool(busy), max(frames, 0), max(done, 0))

    def run(self, stop: threading.Event) -> None:
        """The worker: a tick every interval until `stop`; a failing tick is logged and tried again."""
        try:
            while not stop.wait(self.interval_s):
                try:
                    self.tick()
                except sqlite3.Error as exc:
                    log.warning("WAL checkpoint failed (tried again in %.0f s): %s", self.interval_s, exc)
                    self.close()
        finally:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def wal_checkpoint_count(path: Path | str) -> int | None:
    """The WAL header's checkpoint sequence number: it goes up each time a completed checkpoint lets a writer
    start the WAL over. None without a WAL. (How a test sees whether a checkpoint ran, without running one.)"""
    wal = Path(f"{path}-wal")
    try:
        with wal.open("rb") as handle:
            header = handle.read(32)
    except FileNotFoundError:
        return None
    if len(header) < 32:
        return None
    return int.from_bytes(header[12:16], "big")


def wal_frames(path: Path | str, page_size: int) -> int:
    """Frames the WAL file holds (written since it was last truncated; a restarted WAL reuses the file)."""
    wal = Path(f"{path}-wal")
    size = wal.stat().st_size if wal.exists() else 0
    return max(0, (size - 32) // (page_size + 24))
