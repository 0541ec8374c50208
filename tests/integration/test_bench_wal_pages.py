"""bench.wal_pages reads a commit's pages from the WAL's frame headers: checked on a real SQLite WAL."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from bench.wal_pages import wal_frames


def test_the_frames_of_one_commit_name_the_pages_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("CREATE INDEX ix_t_name ON t (name)")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert wal_frames(path.with_name(path.name + "-wal")) == ([], 0)
        db.execute("BEGIN")
        db.execute("INSERT INTO t (name) VALUES ('a')")
        db.execute("COMMIT")
        pages, commits = wal_frames(path.with_name(path.name + "-wal"))
        trees = dict(db.execute("SELECT name, rootpage FROM sqlite_schema WHERE tbl_name = 't'").fetchall())
    assert commits == 1
    assert {trees["t"], trees["ix_t_name"]} <= set(pages) and len(pages) == len(set(pages))
