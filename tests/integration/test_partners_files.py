"""A partner's signed activity file as the shop meets it, imported from the command line in process on a real
SQLite shop: a file an editor saved with a byte order mark is read; a receipt line with a field the format does
not have refuses the file, naming the field; a first line that is not the header says what the header is."""

from __future__ import annotations

import codecs
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from kiosk.domain.partners import sign_activity
from tests.integration.test_cli import Run, kiosk_in_process, refused
from tests.integration.test_partners_ended import TST  # the partner both files' shops are configured with
from tests.integration.test_trust_support import Shop, make_shop, snapshot

PHONE = "0870000006"
SECRET = "tst-shared-secret"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    shop.enroll(PHONE)
    shop.app.close()
    (tmp_path / "tst.toml").write_text(TST, encoding="utf-8")
    return shop


def imported(shop: Shop, data: bytes, *, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
             language: str = "en") -> Run:
    path = shop.data_dir.parent / "tst.jsonl"
    path.write_bytes(data)
    monkeypatch.setenv("KIOSK_PARTNER_SECRET_TST", SECRET)
    return kiosk_in_process(shop.data_dir, "--config", str(shop.data_dir.parent / "tst.toml"), "--language", language,
                            "partner", "import", str(path), capsys=capsys, monkeypatch=monkeypatch)


def signed(lines: list[str]) -> bytes:
    """A file signed over exactly these lines (what a partner's system, or a hand, wrote)."""
    body = "".join(line + "\n" for line in lines).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body + (json.dumps({"hmac_sha256": signature}) + "\n").encode()


def test_a_file_saved_with_a_byte_order_mark_is_imported(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data = sign_activity("tst", [{"id": "B-1", "kind": "earn", "member": PHONE, "amount": "9.00"}], SECRET.encode())
    # an editor added the mark after the partner signed the file
    done = imported(shop, codecs.BOM_UTF8 + data, capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    assert "1 imported (+9 / -0 points)" in done.out
    # a partner's system that wrote the mark and signed the file with it
    header = json.dumps({"format": "kiosk-partner-activity/1", "partner": "tst"})
    line = json.dumps({"id": "B-2", "kind": "earn", "member": PHONE, "amount": "8.00"})
    body = codecs.BOM_UTF8 + f"{header}\n{line}\n".encode()
    with_mark = body + (json.dumps({"hmac_sha256": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()})
                        + "\n").encode()
    done = imported(shop, with_mark, capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    assert "1 imported (+8 / -0 points)" in done.out
    # the mark is no licence to alter: the same file changed after signing is still refused
    altered = codecs.BOM_UTF8 + data.replace(b'"9.00"', b'"90.00"')
    assert "signature does not match" in refused(imported(shop, altered, capsys=capsys, monkeypatch=monkeypatch))


def test_a_receipt_line_with_a_field_the_format_does_not_have_refuses_the_file(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(shop.db_path)
    data = sign_activity("tst", [
        {"id": "X-1", "kind": "earn", "member": PHONE, "amount": "9.00"},
        {"id": "X-2", "kind": "earn", "member": PHONE, "amount": "9.00", "bonus_points": 500}], SECRET.encode())
    line = refused(imported(shop, data, capsys=capsys, monkeypatch=monkeypatch))
    assert line == 'kiosk: Line 3: "bonus_points" is not a field of this kind of receipt line ' \
                   '(its fields: id, kind, member, amount).', line
    thai = refused(imported(shop, data, capsys=capsys, monkeypatch=monkeypatch, language="th"))
    assert thai.startswith('kiosk: บรรทัด 3: "bonus_points" ไม่ใช่ช่องข้อมูลของบรรทัดใบเสร็จประเภทนี้'), thai
    redeem = sign_activity("tst", [{"id": "X-3", "kind": "redeem", "member": PHONE, "points": 5,
                                    "amount": "1.00"}], SECRET.encode())
    assert '"amount" is not a field' in refused(imported(shop, redeem, capsys=capsys, monkeypatch=monkeypatch))
    assert snapshot(shop.db_path) == before


@pytest.mark.parametrize("first", ["[]", '"kiosk-partner-activity/1"', "42"])
def test_a_first_line_that_is_not_the_header_says_what_the_header_is(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, first: str) -> None:
    data = signed([first, json.dumps({"id": "H-1", "kind": "earn", "member": PHONE, "amount": "9.00"})])
    line = refused(imported(shop, data, capsys=capsys, monkeypatch=monkeypatch))
    assert line == 'kiosk: This is not a partner activity file: line 1 must be its header, like ' \
                   '{"format": "kiosk-partner-activity/1", "partner": "bookshop"}.', line
    thai = refused(imported(shop, data, capsys=capsys, monkeypatch=monkeypatch, language="th"))
    assert thai.startswith("kiosk: ไฟล์นี้ไม่ใช่ไฟล์รายการของพันธมิตร บรรทัดแรกต้องเป็นหัวไฟล์"), thai
