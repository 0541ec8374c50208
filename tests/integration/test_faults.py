"""Storage faults: a corrupt, locked or full database and a missing data folder give a clear message, lose
nothing, and `kiosk backup` / `kiosk restore` bring the shop back. Plus the automatic daily backup."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from kiosk.bootstrap import wire
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.domain.errors import StorageError
from kiosk.services.backups import DailyBackupService
from kiosk.services.context import FixedClock
from tests.integration.test_trust_support import START, Shop, make_shop, snapshot

RESTORE_HINT = "Restore the latest backup (kiosk restore)."


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, "[database]\nbusy_timeout_ms = 150\n", staff=False, language="en")
    shop.enroll()
    for _ in range(3):
        shop.sale("0812345678", "LATTE", "CAKE")
    return shop


# -- corrupt ---------------------------------------------------------------------------------------------------
def _garble_pages(path: Path, *, keep_first: bool) -> None:
    data = bytearray(path.read_bytes())
    start = 4096 if keep_first else 0
    for i in range(start, len(data), 7):
        data[i] = (data[i] * 31 + 17) % 256
    path.write_bytes(bytes(data))


def test_a_corrupt_file_says_restore_and_the_backup_brings_the_shop_back(shop: Shop, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = shop.app.services.accounts.account("0812345678").points
    backup_file = tmp_path / "last-night.sqlite3"
    assert main(["--data-dir", str(shop.data_dir), "backup", str(backup_file)]) == 0
    shop.app.close()
    _garble_pages(shop.db_path, keep_first=True)  # the schema page survives, the data does not

    with pytest.raises(StorageError) as opened:
        app = wire(load_settings(data_dir=shop.data_dir))
        try:
            app.services.accounts.account("0812345678")
        finally:
            app.close()
    assert opened.value.code == "storage.database_corrupt" and RESTORE_HINT in opened.value.message

    _garble_pages(shop.db_path, keep_first=False)  # nothing readable at all, not even the header
    with pytest.raises(StorageError) as header:
        wire(load_settings(data_dir=shop.data_dir))
    assert header.value.code == "storage.database_corrupt" and RESTORE_HINT in header.value.message
    capsys.readouterr()
    assert main(["--data-dir", str(shop.data_dir), "verify"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"kiosk: {header.value.message}"  # one clear line, no traceback

    assert main(["--data-dir", str(shop.data_dir), "--language", "en", "restore", str(backup_file)]) == 0
    assert "verify: OK" in capsys.readouterr().out
    app = wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(START))
    assert app.services.accounts.account("0812345678").points == before
    (kept,) = shop.data_dir.glob("shop.before-restore-*.sqlite3")  # the damaged file is kept, untouched
    assert kept.read_bytes()[:16] != b"SQLite format 3\x00"
    app.close()


def test_restoring_a_file_that_is_not_a_backup_is_refused(shop: Shop, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    shop.app.close()
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff" + os.urandom(5000))
    before = snapshot(shop.db_path)
    assert main(["--data-dir", str(shop.data_dir), "restore", str(junk)]) == 1
    assert "is not a readable shop database" in capsys.readouterr().err
    assert snapshot(shop.db_path) == before


# -- locked ----------------------------------------------------------------------------------------------------
def test_a_locked_database_says_busy_and_writes_nothing(shop: Shop) -> None:
    before = snapshot(shop.db_path)
    holder = sqlite3.connect(shop.db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program (or a stuck window) holds the write lock
    try:
        with pytest.raises(StorageError) as caught:
            shop.sale("0812345678", "LATTE")
        assert caught.value.code == "storage.database_locked"
        assert "busy" in caught.value.message and "try again" in caught.value.message
        # looking members up still works while another writer holds the lock (WAL)
        assert shop.app.services.accounts.account("0812345678").points > 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(shop.db_path) == before
    assert shop.sale("0812345678", "LATTE").receipt_no  # and the retry goes through


# -- disk full -------------------------------------------------------------------------------------------------
def test_a_full_disk_refuses_the_sale_and_the_database_stays_valid(shop: Shop) -> None:
    """SQLite's max_page_count stands in for a full disk: the same "database or disk is full" error."""
    engine = shop.app.engine
    engine.dispose()
    pages = sqlite3.connect(shop.db_path).execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(engine, "connect")
    def cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    refused = None
    for _ in range(200):
        before = snapshot(shop.db_path)
        try:
            # a sale a day: a sale now takes few enough new pages that the day's earn limit would come first
            shop.clock.advance(days=1)
            shop.sale("0812345678", "LATTE", amount="12.00", print_receipt=True)
        except StorageError as exc:
            refused = exc
            break
    assert refused is not None, "the cap was never reached"
    assert refused.code == "storage.disk_full" and "Nothing was saved" in refused.message
    assert snapshot(shop.db_path) == before
    event.remove(engine, "connect", cap)
    engine.dispose()
    assert shop.app.services.verify.run().ok
    assert sqlite3.connect(shop.db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert shop.sale("0812345678", "LATTE").receipt_no  # room again: selling resumes


def test_a_really_full_filesystem(tmp_path: Path) -> None:
    """A 1 MB tmpfs fills up for real; needs root and a kernel that lets the tests mount."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        shop = make_shop(mount, "[security]\nmax_earn_sales_per_day = 0\n", staff=False)
        shop.enroll()
        refused = None
        committed = 0
        for _ in range(3000):
            before = snapshot(shop.db_path)
            try:
                shop.sale("0812345678", "LATTE", "CAKE", print_receipt=True)
                committed += 1
            except StorageError as exc:
                refused = exc
                break
        assert refused is not None and refused.code == "storage.disk_full", refused
        assert committed > 0 and snapshot(shop.db_path) == before
        shop.app.close()
        # the database is whole: copy it off the full disk and check it there
        copy = tmp_path / "copy.sqlite3"
        src, dst = sqlite3.connect(mount / "shop" / "shop.sqlite3"), sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        assert dst.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert dst.execute("SELECT count(*) FROM sales").fetchone()[0] == committed
        dst.close()
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# -- missing data folder ---------------------------------------------------------------------------------------
def test_a_missing_or_unusable_data_folder_gives_a_clear_message(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "usb-stick"
    not_a_folder.write_text("this is a file, as when a drive letter now points somewhere else")
    with pytest.raises(StorageError) as caught:
        wire(load_settings(data_dir=not_a_folder / "shop"))
    assert caught.value.code == "config.data_dir_missing" and "Check the drive is connected" in caught.value.message
    assert main(["--data-dir", str(not_a_folder / "shop"), "staff", "list"]) == 1
    assert "ไม่ได้" in capsys.readouterr().err  # no shop settings to read: the default shop's language, Thai

    # a database path configured on a folder that is gone
    config = tmp_path / "db.toml"
    config.write_text(f'[database]\nurl = "sqlite+pysqlite:///{tmp_path}/unplugged/shop.sqlite3"\n')
    with pytest.raises(StorageError) as gone:
        wire(load_settings(data_dir=tmp_path / "data", config_file=config))
    assert gone.value.code == "storage.data_dir_missing" and "does not exist" in gone.value.message


@pytest.mark.parametrize("command", [["report", "daily"], ["staff", "list"], ["verify"], ["keys", "list"],
                                     ["expire"], ["hub", "status"], ["restore", "x.sqlite3"]])
def test_a_data_folder_that_is_a_file_is_said_so_by_every_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    """`kiosk report daily` on a file said 'cannot be used (Not a directory)' while the set-up said the folder is
    a file: one message wherever a shop's folder is opened, in the user's language, and nothing made."""
    a_file = tmp_path / "shop.sqlite3"
    a_file.write_text("")
    assert main(["--language", "en", "--data-dir", str(a_file), *command]) == 1
    err = capsys.readouterr().err
    assert f"{a_file} is a file, not a folder" in err and "Not a directory" not in err and err.count("\n") == 1
    assert main(["--language", "th", "--data-dir", str(a_file), *command]) == 1
    assert f"{a_file} เป็นไฟล์ ไม่ใช่โฟลเดอร์" in capsys.readouterr().err
    assert a_file.read_text() == "" and sorted(tmp_path.iterdir()) == [a_file]


# -- automatic daily backups -----------------------------------------------------------------------------------
def test_the_daily_backup_runs_when_none_is_a_day_old_and_keeps_the_newest(shop: Shop) -> None:
    service: DailyBackupService = shop.app.services.backups
    assert service is not None and service.keep == 14 and "daily-backup" in shop.app.services.workers.workers
    backups = shop.data_dir / "backups"
    service.keep = 3
    first = service.run_if_due()
    assert first.reason == "made" and first.made is not None and Path(first.made.path).parent == backups
    assert service.run_if_due().reason == "recent"
    # pretend backups were made on earlier days: older files beyond `keep` are pruned, newest kept
    for days in range(1, 6):
        old = backups / f"shop-202603{days:02d}-000000.sqlite3"
        shutil.copy(first.made.path, old)
        stamp = (START - timedelta(days=10 - days)).timestamp()
        os.utime(old, (stamp, stamp))
    made_earlier = backups / "shop-20260228-000000.sqlite3"  # as if it were made two days ago
    Path(first.made.path).replace(made_earlier)
    os.utime(made_earlier, ((START - timedelta(days=2)).timestamp(),) * 2)
    shop.clock.at = START
    again = service.run_if_due()
    assert again.reason == "made" and len(again.pruned) == 4
    left = sorted(p.name for p in backups.glob("shop-*.sqlite3"))
    assert len(left) == 3 and Path(again.made.path).name in left  # type: ignore[union-attr]
    assert not list(backups.glob("*.part*")) and not list(backups.glob("*-wal"))
    restored = sqlite3.connect(again.made.path)  # type: ignore[union-attr]
    assert restored.execute("SELECT count(*) FROM sales").fetchone()[0] == 3
    restored.close()


def test_the_backup_worker_backs_up_at_start_and_stops_when_asked(shop: Shop) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=shop.app.services.backups.worker, args=(stop,), kwargs={"check_every_s": 0.05})
    thread.start()
    for _ in range(100):
        if list((shop.data_dir / "backups").glob("shop-*.sqlite3")):
            break
        threading.Event().wait(0.02)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(list((shop.data_dir / "backups").glob("shop-*.sqlite3"))) == 1  # once, not every check


def test_backups_can_be_switched_off_and_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shop = make_shop(tmp_path, "[backup]\ndaily = false\nkeep = 2\n", staff=False, language="en")
    assert "daily-backup" not in shop.app.services.workers.workers
    shop.app.close()
    base = ["--data-dir", str(shop.data_dir), "--config", str(tmp_path / "extra.toml"), "--language", "en", "backup",
            "--auto"]
    assert main(base) == 0
    assert "switched off" in capsys.readouterr().out
    assert main(base + ["--force"]) == 0
    assert "Backed up to" in capsys.readouterr().out
    assert main(["--data-dir", str(shop.data_dir), "backup"]) == 1
    assert "or --auto" in capsys.readouterr().err


def test_a_failing_backup_does_not_kill_the_worker(tmp_path: Path) -> None:
    class FullDisk:
        calls = 0

        def newest(self) -> datetime | None:
            return None

        def create(self):  # type: ignore[no-untyped-def]
            FullDisk.calls += 1
            raise StorageError("backup.failed_other", exc="disk full")

        def prune(self, keep: int) -> list[str]:
            return []

    stop = threading.Event()
    service = DailyBackupService(FullDisk(), FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
    thread = threading.Thread(target=service.worker, args=(stop,), kwargs={"check_every_s": 0.01})
    thread.start()
    for _ in range(200):
        if FullDisk.calls >= 3:
            break
        threading.Event().wait(0.01)
    stop.set()
    thread.join(timeout=5)
    assert FullDisk.calls >= 3 and not thread.is_alive()
