"""A partnership that ended: the partner left the settings, its points are still settled at the rate it had when
they were earned or spent (each entry records it), never silently at the shop's own value of a point; points from
before entries recorded their rate are refused with one line naming the partner. In process, on a real SQLite
shop, as a manager's script would run it."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import wire
from kiosk.config import load_settings
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, member_account, partner_issued_account, transfer
from kiosk.domain.partners import EARN, partner_command_id
from kiosk.services.common import EntryWriter, find_member
from kiosk.services.context import FixedClock
from tests.integration.test_cli import PINNED_NOW, Run, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop

PHONE = "0870000005"
DAY = "2026-11-26"  # the pinned day of kiosk_in_process
TST = """
[[partners]]
id = "tst"
name = "Test Partner"
name_th = "พันธมิตรทดสอบ"
spend_unit = "1.00"
points_per_unit = 1
settlement_value = "1.00"
settlement_points = 8
"""


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    shop.enroll(PHONE)
    shop.app.close()
    return shop


def run(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return kiosk_in_process(shop.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch)


def settle_csv(shop: Shop, tmp_path: Path, *config: str, capsys: pytest.CaptureFixture[str],
               monkeypatch: pytest.MonkeyPatch) -> tuple[Run, dict[str, str]]:
    out = tmp_path / "settle.csv"
    done = run(shop, *config, "--language", "en", "partner", "settle", "--from", DAY, "--to", DAY, "--csv", str(out),
               capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    rows = {r["partner_id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    return done, rows["tst"]


def test_an_ended_partner_is_settled_at_the_rate_its_points_were_recorded_at(
        shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tst = tmp_path / "tst.toml"
    tst.write_text(TST, encoding="utf-8")
    for n in range(1, 4):
        earned = run(shop, "--config", str(tst), "partner", "earn", "tst", PHONE, "9.00", "--reference", f"T-{n}",
                     capsys=capsys, monkeypatch=monkeypatch)
        assert earned.code == 0, earned.err
    # while a partner: 27 points at 1.00 per 8 points are 3.375 -> 3.38
    _, row = settle_csv(shop, tmp_path, "--config", str(tst), capsys=capsys, monkeypatch=monkeypatch)
    assert (row["points_issued"], row["issued_value"], row["owes"]) == ("27", "3.38", "partner")
    # the partnership ended: the settings no longer have it; its points keep their rate (not 27 x 0.25 = 6.75)
    done, row = settle_csv(shop, tmp_path, capsys=capsys, monkeypatch=monkeypatch)
    assert (row["points_issued"], row["issued_value"], row["net"], row["owes"]) == ("27", "3.38", "3.38", "partner")
    assert "6.75" not in done.out and "3.38" in done.out
    # a new rate applies to points recorded from then on; the earlier ones keep theirs
    tst.write_text(TST.replace('settlement_value = "1.00"', 'settlement_value = "2.00"'), encoding="utf-8")
    assert run(shop, "--config", str(tst), "partner", "earn", "tst", PHONE, "8.00", "--reference", "T-4",
               capsys=capsys, monkeypatch=monkeypatch).code == 0
    _, row = settle_csv(shop, tmp_path, "--config", str(tst), capsys=capsys, monkeypatch=monkeypatch)
    assert (row["points_issued"], row["issued_value"]) == ("35", "5.38")  # 27 at 1/8 (3.375) + 8 at 2/8 (2.00)


def test_an_ended_partner_whose_points_recorded_no_rate_is_refused_not_misvalued(
        shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries written before entries recorded their rate: without the partner in the settings, no rate is known."""
    tst = tmp_path / "tst.toml"
    tst.write_text(TST, encoding="utf-8")
    at = datetime.fromisoformat(PINNED_NOW)
    with wire(load_settings(data_dir=shop.data_dir), clock=FixedClock(at)) as app:
        with app.uow_factory() as uow:
            member = find_member(uow, app.services.ctx, PHONE).id
            EntryWriter(uow, app.services.ctx, at, partner_command_id(EARN, "tst", "OLD-1")).write(
                kind=EntryKind.PARTNER, member_id=member, memo="tst receipt OLD-1",
                postings=transfer(unit=POINTS, amount=27, to_account=member_account(member, Bucket.POINTS),
                                  from_account=partner_issued_account("tst")))
            uow.commit()
    before = (shop.data_dir / "shop.sqlite3").read_bytes()
    line = refused(run(shop, "--language", "en", "partner", "settle", "--from", DAY, "--to", DAY,
                       capsys=capsys, monkeypatch=monkeypatch))
    assert line.startswith("kiosk: Partner 'tst' is no longer in the settings"), line
    thai = refused(run(shop, "--language", "th", "partner", "settle", "--from", DAY, "--to", DAY,
                       capsys=capsys, monkeypatch=monkeypatch))
    assert "พันธมิตร 'tst' ไม่อยู่ในการตั้งค่าแล้ว" in thai
    assert (shop.data_dir / "shop.sqlite3").read_bytes() == before
    # with the partner back in the settings, those points settle at its rate: 27 at 1.00 per 8 -> 3.38
    _, row = settle_csv(shop, tmp_path, "--config", str(tst), capsys=capsys, monkeypatch=monkeypatch)
    assert (row["points_issued"], row["issued_value"]) == ("27", "3.38")


def columns(text: str) -> str:
    """`text` as a terminal lays it out: Thai vowel and tone marks take no column of their own."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def test_the_settlement_table_names_each_partner_in_the_readers_language(
        shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tst = tmp_path / "tst.toml"
    tst.write_text(TST, encoding="utf-8")
    assert run(shop, "--config", str(tst), "partner", "earn", "tst", PHONE, "9.00", "--reference", "T-1",
               capsys=capsys, monkeypatch=monkeypatch).code == 0
    shown = {}
    for lang in ("en", "th"):
        done = run(shop, "--config", str(tst), "--language", lang, "partner", "settle", "--from", DAY, "--to", DAY,
                   capsys=capsys, monkeypatch=monkeypatch)
        assert done.code == 0, done.err
        shown[lang] = [columns(row) for row in done.out.splitlines()]
    assert shown["en"][2].startswith("  Test Partner ") and not shown["en"][2].startswith("  tst ")
    assert shown["th"][2].startswith("  " + columns("พันธมิตรทดสอบ") + " ")
    for lang, issued in (("en", "Issued"), ("th", columns("แต้มที่ให้"))):
        heading, row = shown[lang][1], shown[lang][2]
        # the figures stay under their headings: the 9 points issued end where the heading "Issued" ends
        assert heading.index(issued) + len(issued) == row.index(" 9 ") + 2, (lang, heading, row)
