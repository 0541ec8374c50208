"""The counter's early look at its staff (kiosk.bootstrap.signin): only a SQLite till at this version's head revision
is read there, read only, and it lists the staff exactly as the staff service does; anything else is left to the
usual path (None)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.adapters.db.migrate import head_revision, known_revisions
from kiosk.bootstrap import build_app, signin
from kiosk.bootstrap.signin import counter_preview, sign_in_preview
from kiosk.config import load_settings
from kiosk.domain.errors import PermissionDenied
from kiosk.domain.staff import LOCKOUT_AFTER
from kiosk.services.context import FixedClock
from tests.integration.test_upgrade import old_shop
from tests.support.staff import add_staff

NOW = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A shop at the head revision: an owner, two cashiers (one of them left), one locked out."""
    data_dir = tmp_path / "shop"
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW)) as app:
        beam, mint, _ = add_staff(app.staff, ("Beam", "cashier", "1111"), ("Mint", "cashier", "3333"),
                                  ("Nok", "manager", "2222"))
        owner = next(s for s in app.staff.list_staff() if s.role.value == "owner")
        app.staff.set_active(mint.id, False, by=owner.id)
        for _ in range(LOCKOUT_AFTER):
            with pytest.raises(PermissionDenied):
                app.staff.sign_in(beam.id, "4321")
    return data_dir


def test_the_staff_read_early_are_the_staff_the_service_lists(shop: Path) -> None:
    early = counter_preview(data_dir=shop)
    assert early is not None
    settings, preview = early
    with build_app(settings, clock=FixedClock(NOW)) as app:
        listed = app.staff.list_staff()
        assert sorted(preview.staff, key=lambda s: s.id) == sorted(listed, key=lambda s: s.id)
    assert {s.name for s in preview.staff} == {"Ploy", "Beam", "Nok"}  # Mint has left
    beam = next(s for s in preview.staff if s.name == "Beam")
    assert beam.locked_until is not None and beam.locked_until.tzinfo is not None and beam.is_locked(NOW)
    assert preview.ctx == settings.context


def test_reading_early_writes_nothing(shop: Path) -> None:
    database = shop / "shop.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself, to compare
    before = database.read_bytes()
    assert counter_preview(data_dir=shop) is not None
    assert database.read_bytes() == before


def wal_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.glob("shop.sqlite3-*"))


def test_reading_early_leaves_no_wal_files_beside_a_shop_closed_cleanly(shop: Path) -> None:
    """A read-only connection makes an empty -wal and -shm beside a WAL database that had none, and cannot take
    them away when it closes: the early read left them beside every shop that had been closed cleanly."""
    files = sorted(p.name for p in shop.iterdir())
    assert wal_files(shop) == []  # closed cleanly: its WAL checkpointed and removed
    before = (shop / "shop.sqlite3").read_bytes()
    assert counter_preview(data_dir=shop) is not None
    assert sorted(p.name for p in shop.iterdir()) == files
    assert (shop / "shop.sqlite3").read_bytes() == before


def test_reading_early_sees_staff_still_in_another_connections_wal_and_leaves_its_files(shop: Path) -> None:
    settings = load_settings(data_dir=shop)
    with build_app(settings, clock=FixedClock(NOW)) as app:
        (fon,) = add_staff(app.staff, ("Fon", "cashier", "5555"))
        database = shop / "shop.sqlite3"
        with closing(sqlite3.connect(f"{database.as_uri()}?immutable=1", uri=True)) as file_only:
            in_file = {name for (name,) in file_only.execute("SELECT name FROM staff")}
        assert "Fon" not in in_file  # not checkpointed: Fon is in the WAL only
        preview = sign_in_preview(settings)
        assert preview is not None and fon in preview.staff
        assert wal_files(shop) == ["shop.sqlite3-shm", "shop.sqlite3-wal"]  # the shop's, still in use
        add_staff(app.staff, ("Gift", "cashier", "6666"))  # and the shop goes on as before
        assert {"Fon", "Gift"} <= {s.name for s in app.staff.list_staff()}
    with closing(sqlite3.connect(shop / "shop.sqlite3")) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_files_a_read_left_are_not_taken_from_a_connection_that_opened_since(shop: Path) -> None:
    """Between the early read and its tidying up another program may open the shop, and the -wal and -shm the
    read made are then that program's: they stay, and it reads and writes on as before."""
    database = shop / "shop.sqlite3"
    other = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        assert other.execute("SELECT count(*) FROM staff").fetchone() is not None
        assert wal_files(shop) == ["shop.sqlite3-shm", "shop.sqlite3-wal"]
        signin._leave_no_wal_files(database, database.resolve().as_uri())
        assert wal_files(shop) == ["shop.sqlite3-shm", "shop.sqlite3-wal"]
        with closing(sqlite3.connect(database)) as writer, writer:
            writer.execute("UPDATE staff SET name = 'Beam K.' WHERE name = 'Beam'")
        assert other.execute("SELECT count(*) FROM staff WHERE name = 'Beam K.'").fetchone() == (1,)
    finally:
        other.close()
    early = counter_preview(data_dir=shop)
    assert early is not None and "Beam K." in {s.name for s in early[1].staff}


def test_a_folder_without_a_shop_is_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert counter_preview(data_dir=folder) is None
    assert not folder.exists()  # the first-run set-up decides, as before


def test_a_database_an_older_version_made_takes_the_usual_path(tmp_path: Path) -> None:
    older = sorted(known_revisions() - {head_revision()})[-1]
    old_shop(tmp_path / "shop", older)
    assert counter_preview(data_dir=tmp_path / "shop") is None  # the usual path copies it, then migrates it


def test_a_database_a_newer_version_made_takes_the_usual_path(shop: Path) -> None:
    with sqlite3.connect(shop / "shop.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    assert counter_preview(data_dir=shop) is None  # the usual path refuses it in words


def test_a_damaged_file_takes_the_usual_path(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    (data_dir / "shop.sqlite3").write_bytes(b"not a database at all" * 100)
    assert counter_preview(data_dir=data_dir) is None


def test_a_shop_without_staff_takes_the_usual_path(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    build_app(load_settings(data_dir=data_dir)).close()
    assert counter_preview(data_dir=data_dir) is None  # the first-run set-up's


def test_a_device_joined_to_a_hub_takes_the_usual_path(shop: Path) -> None:
    (shop / "config.toml").write_text('[hub]\nurl = "postgresql://127.0.0.1:5432/hub"\n', encoding="utf-8")
    assert sign_in_preview(load_settings(data_dir=shop)) is None
    assert counter_preview(data_dir=shop) is None


def test_a_postgresql_shop_takes_the_usual_path(shop: Path) -> None:
    (shop / "config.toml").write_text('[database]\nurl = "postgresql+psycopg://127.0.0.1:5432/shop"\n',
                                      encoding="utf-8")
    assert counter_preview(data_dir=shop) is None  # decided from the settings: nothing connects
