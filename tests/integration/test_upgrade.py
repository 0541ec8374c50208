"""A newer version copies the shop's database into <data dir>/backups before it migrates it, and says so: a real
SQLite file made at an older revision, opened by this version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.adapters.db.engine import make_engine, sqlite_url
from kiosk.adapters.db.migrate import head_revision, upgrade
from kiosk.bootstrap import wire
from kiosk.config import load_settings
from kiosk.domain.errors import StorageError
from tests.integration.test_cli import kiosk_in_process

OLD = "0008"


def old_shop(data_dir: Path, revision: str = OLD) -> Path:
    """A shop database as an older version left it: its schema at `revision`, one staff member in it."""
    data_dir.mkdir(parents=True)
    database = data_dir / "shop.sqlite3"
    engine = make_engine(sqlite_url(database))
    upgrade(engine, revision)
    engine.dispose()
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO staff (id, name, role, pin_hash, active, failed_attempts, created_at) "
                     "VALUES ('s1', 'Ploy', 'owner', 'x', 1, 0, '2026-01-01T00:00:00+00:00')")
    return database


def revision_of(database: Path) -> str:
    with sqlite3.connect(database) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_an_older_database_is_copied_before_it_is_migrated(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    database = old_shop(data_dir)
    with wire(load_settings(data_dir=data_dir)) as opened:
        note = opened.services.upgrade_note
        assert note is not None
        assert (note.from_revision, note.to_revision) == (OLD, head_revision())
        assert [s.name for s in opened.services.staff.list_staff()] == ["Ploy"]
    copy = Path(note.backup)
    assert copy.parent == data_dir / "backups"
    assert copy.name.startswith(f"before-{head_revision()}-from-{OLD}-") and copy.suffix == ".sqlite3"
    assert revision_of(copy) == OLD  # the copy is the database as it was
    assert revision_of(database) == head_revision()
    with wire(load_settings(data_dir=data_dir)) as again:  # up to date now: no second copy, nothing to say
        assert again.services.upgrade_note is None
    assert list((data_dir / "backups").iterdir()) == [copy]


def test_the_command_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "shop"
    old_shop(data_dir)
    run = kiosk_in_process(data_dir, "staff", "list", capsys=capsys, monkeypatch=monkeypatch)
    assert run.code == 0 and "Ploy" in run.out
    [copy] = (data_dir / "backups").iterdir()
    # in the shop's language (a Thai shop by default; issue 17), as every other line of the command
    assert run.err.splitlines() == [f"kiosk: อัปเกรดฐานข้อมูลของร้านแล้ว (จากรุ่น {OLD} เป็น {head_revision()}) "
                                    f"สำเนาก่อนอัปเกรดอยู่ที่ {copy}"]
    again = kiosk_in_process(data_dir, "staff", "list", capsys=capsys, monkeypatch=monkeypatch)
    assert again.code == 0 and again.err == ""


def test_the_command_says_so_in_english_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "shop"
    old_shop(data_dir)
    run = kiosk_in_process(data_dir, "--language", "en", "staff", "list", capsys=capsys, monkeypatch=monkeypatch)
    [copy] = (data_dir / "backups").iterdir()
    assert run.err.splitlines() == [f"kiosk: the shop's database was upgraded (revision {OLD} to "
                                    f"{head_revision()}); a copy from before is in {copy}"]


def test_no_copy_is_made_of_a_new_shop(tmp_path: Path) -> None:
    with wire(load_settings(data_dir=tmp_path / "shop")) as opened:
        assert opened.services.upgrade_note is None
    assert not (tmp_path / "shop" / "backups").exists()


def test_without_its_copy_the_database_is_not_migrated(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    database = old_shop(data_dir)
    (data_dir / "backups").write_text("a file where the backups folder should be")
    with pytest.raises(StorageError) as refused:
        wire(load_settings(data_dir=data_dir))
    assert refused.value.code == "startup.upgrade_backup_failed" and "Nothing was changed" in refused.value.message
    assert revision_of(database) == OLD


def test_a_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    database = old_shop(data_dir, "head")
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
    before = database.read_bytes()
    with pytest.raises(StorageError) as refused:
        wire(load_settings(data_dir=data_dir))
    assert refused.value.code == "startup.database_too_new" and "newer version" in refused.value.message
    assert database.read_bytes() == before and not (data_dir / "backups").exists()
