"""`kiosk restore` and the numbers a device gives out: a receipt number printed after the backup is never printed
again on another sale, a receipt already printed is not printed again, and the restored shop still verifies."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from kiosk.bootstrap import wire
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.domain.commands import RefundSale
from kiosk.services.context import FixedClock
from tests.integration.test_trust_support import START, Shop, make_shop


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    shop.enroll()
    shop.sale("0812345678", "LATTE")
    return shop


def _restore(shop: Shop, backup: Path, capsys: pytest.CaptureFixture[str], *, language: str = "en") -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(shop.data_dir), "--language", language, "restore", str(backup)]) == 0
    return capsys.readouterr().out


def _refund(shop: Shop, receipt_no: str) -> str:
    return str(shop.app.services.refunds.refund(RefundSale(
        command_id=uuid.uuid4().hex, receipt_no=receipt_no, approved_by=shop.staff["manager"],
        print_slip=False)).receipt_no)


def test_after_a_restore_the_next_receipt_number_follows_the_lost_sales(shop: Shop, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "last-night.sqlite3"
    assert main(["--data-dir", str(shop.data_dir), "backup", str(backup)]) == 0
    printed = [shop.sale("0812345678", "LATTE").receipt_no for _ in range(2)]  # lost by the restore
    refunded = _refund(shop, printed[0])
    shop.app.close()

    out = _restore(shop, backup, capsys)
    assert "verify: OK" in out
    with wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(START)) as app:
        shop.app = app
        receipt = shop.sale("0812345678", "LATTE").receipt_no
        assert receipt not in printed and receipt == "C1-000004"
        assert _refund(shop, receipt) != refunded
        report = app.services.verify.run()
        assert report.ok, report.problems
    assert "next receipt C1-000004" in out and "next refund C1-R00002" in out, out


def test_a_receipt_printed_after_the_backup_is_not_printed_again(shop: Shop, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    queued = shop.sale("0812345678", "CAKE", print_receipt=True).receipt_no
    backup = tmp_path / "before-printing.sqlite3"
    assert main(["--data-dir", str(shop.data_dir), "backup", str(backup)]) == 0
    printing = shop.app.services.printing()
    assert printing.drain().printed  # the paper came out after the backup was made
    shop.app.close()

    out = _restore(shop, backup, capsys)
    with wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(START)) as app:
        assert app.services.printing().pending() == []
        job = app.services.printing().queue.find(queued)
        assert job is not None and job.status == "printed"
    assert "1 print job printed after the backup is not printed again." in out, out


def test_a_stripe_update_sent_after_the_backup_keeps_its_first_send(shop: Shop, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """An update Stripe received after the backup is not sent again under its key (Stripe forgets keys after a
    day: a second send could count twice); it stays done, as the replaced database knew."""
    backup = tmp_path / "before-sync.sqlite3"
    assert main(["--data-dir", str(shop.data_dir), "backup", str(backup)]) == 0
    shop.app.close()
    conn = sqlite3.connect(shop.db_path)
    with conn:  # as the Stripe worker leaves a row it sent
        seq = conn.execute("SELECT min(seq) FROM outbox WHERE status = 'pending'").fetchone()[0]
        conn.execute("UPDATE outbox SET status = 'done', attempts = 1, remote_id = 'cbtxn_1' WHERE seq = ?", (seq,))
        conn.execute("INSERT INTO stripe_outbox_sends (outbox_seq, first_sent_at) VALUES (?, ?)",
                     (seq, f"{START:%Y-%m-%d %H:%M:%S.%f}"))
    conn.close()

    out = _restore(shop, backup, capsys)
    conn = sqlite3.connect(shop.db_path)
    try:
        assert conn.execute("SELECT status, remote_id FROM outbox WHERE seq = ?", (seq,)).fetchone() == (
            "done", "cbtxn_1")
        assert conn.execute("SELECT count(*) FROM stripe_outbox_sends WHERE outbox_seq = ?", (seq,)).fetchone()[0]
    finally:
        conn.close()
    assert "1 Stripe update sent after the backup stays sent" in out, out


def test_a_damaged_database_is_still_replaced_and_the_numbers_come_from_the_newer_backups(
        shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "last-week.sqlite3"
    assert main(["--data-dir", str(shop.data_dir), "backup", str(old)]) == 0
    printed = [shop.sale("0812345678", "LATTE").receipt_no for _ in range(2)]
    assert main(["--data-dir", str(shop.data_dir), "backup", "--auto"]) == 0  # the daily one, in backups/
    shop.sale("0812345678", "LATTE")  # only the damaged file knew this one
    shop.app.close()
    shop.db_path.write_bytes(b"\x00" * 8192)
    for suffix in ("-wal", "-shm"):
        shop.db_path.with_name(shop.db_path.name + suffix).unlink(missing_ok=True)

    out = _restore(shop, old, capsys)
    assert "verify: OK" in out
    with wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(START)) as app:
        shop.app = app
        assert shop.sale("0812345678", "LATTE").receipt_no not in printed
    assert "could not be read" in out and "next receipt C1-000004" in out, out


def test_the_restore_says_what_it_carried_over_in_thai(shop: Shop, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "copy.sqlite3"
    assert main(["--data-dir", str(shop.data_dir), "backup", str(backup)]) == 0
    shop.sale("0812345678", "LATTE")
    shop.app.close()
    out = _restore(shop, backup, capsys, language="th")
    assert "ใบเสร็จถัดไป C1-000003" in out, out
