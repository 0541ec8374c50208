"""Issue 17: the demo shop speaks Thai (shop.language), and so does every command that looks after it: the printer,
the Stripe sync, the hub, staff, keys, backups and partners say their lines from the catalogue, with no English
word and no raw key left; --language en and --json keep what scripts read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main

PINNED_NOW = "2026-11-26T14:00:00+07:00"
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("thai-shop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIOSK_NOW", PINNED_NOW)
        assert main(["--data-dir", str(data_dir), "--json", "demo", "--members", "6", "--days", "2"]) == 0
    yield data_dir


def run(shop: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    monkeypatch.delenv("KIOSK_MANAGER_PIN", raising=False)
    capsys.readouterr()
    code = main(["--data-dir", str(shop), *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return code, captured.out


def english_left(text: str, *allowed: str) -> list[str]:
    """The English words (and raw keys like "sync.state.paused") in `text` once the names a person or a script
    gives (a path, a printer's name, a command to type, Stripe's own setting names) and ids are taken out."""
    text = re.sub(r"\b[0-9a-f]{32}\b", "", text)
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, "")
    return ENGLISH_WORD.findall(text)


def test_the_shops_machinery_speaks_thai(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def said(*args: str, allowed: tuple[str, ...] = ()) -> str:
        code, out = run(shop, *args, capsys=capsys, monkeypatch=monkeypatch)
        assert code == 0, (args, out)
        assert out.strip() and not english_left(out, str(shop), str(tmp_path), *allowed), (args, out)
        return out

    printer = said("printer", "status", allowed=("receipt",))
    assert printer.startswith("receipt: พร้อมใช้งาน") and "เครื่องพิมพ์จำลอง" in printer
    assert said("printer", "queue") == "ไม่มีงานรอพิมพ์\n"
    sync = said("sync", "status", allowed=("Stripe", "stripe.enabled", "KIOSK_STRIPE_API_KEY"))
    assert "ยังไม่ได้ตั้งค่า" in sync and "ซิงก์สำเร็จล่าสุด: ยังไม่เคย" in sync and "รายการรอตรวจ: 0" in sync
    hub = said("hub", "status", allowed=("kiosk hub init", "kiosk hub join"))
    assert hub.startswith("เครื่องนี้ไม่ได้ต่อฮับ")
    assert said("hub", "conflicts").startswith("ไม่มีรายการขัดแย้ง")
    assert said("report", "shops", allowed=("kiosk hub init",)).startswith("ไม่มีเครือร้าน")
    assert said("verify").startswith("ถูกต้อง: ตรวจรายการบัญชี ")
    staff = said("staff", "list", allowed=("Ploy", "Nok", "Beam", "Mint"))
    assert "เจ้าของร้าน ใช้งานอยู่" in staff and "แคชเชียร์" in staff
    keys = said("keys", "list")
    assert keys.startswith("คีย์ ") and " 2569 " in keys  # dates in the Buddhist Era
    backup = said("backup", str(tmp_path / "copy.sqlite3"), allowed=("copy.sqlite3",))
    assert backup.startswith("สำรองข้อมูลไว้ที่ ") and "ไบต์" in backup
    settlement = said("partner", "settle", "--from", "2026-11-01", "--to", "2026-11-30",
                      allowed=("THB", "bookshop", "bakery", "spa", "cafe"))  # partner ids
    assert settlement.startswith("สรุปยอดกับพันธมิตร 1 พ.ย. 2569 – 30 พ.ย. 2569")


def test_english_and_json_on_request(shop: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(shop, "--language", "en", "sync", "status", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and out.startswith("Stripe: not configured") and "Last successful sync: never" in out
    code, out = run(shop, "--language", "en", "printer", "status", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and out == "receipt: online  [dummy printer, no paper]\n"
    code, out = run(shop, "--json", "printer", "status", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out)["receipt"]["summary"] == "online"  # scripts keep the service's values


def test_a_refused_setting_and_a_bad_partner_line_are_said_in_the_shops_thai(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A Thai shop whose settings are refused reads what to fix in Thai, though its settings could not be read
    (the language comes from its files); --language en says the same in English. A partner file's bad line too."""
    from kiosk.domain.partners import sign_activity

    config = tmp_path / "config.toml"
    config.write_text('[shop]\nlanguage = "th"\n\n[[promotions]]\nid = "tea"\nname = "Tea time"\n'
                      'name_th = "เวลาน้ำชา"\nhours = "25:00-26:00"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "member", "search", "Nok"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "kiosk: ค่า โปรโมชัน “เวลาน้ำชา” (ช่วงเวลา): '25:00-26:00' ไม่ใช่ช่วงเวลาแบบ 14:00-16:00", err
    assert main(["--data-dir", str(tmp_path), "--language", "en", "member", "search", "Nok"]) == 1
    assert capsys.readouterr().err.strip() == ("kiosk: Setting Promotion “Tea time” (hours): '25:00-26:00' is not "
                                               "hours like 14:00-16:00.")
    config.write_text('[shop]\nlanguage = "th"\n\n[[partners]]\nid = "bookshop"\nname = "Soi 31 Books"\n'
                      'name_th = "ร้านหนังสือซอย 31"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_PARTNER_SECRET_BOOKSHOP", "secret")
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    # settings that are read now make a shop (its first owner): a folder with no shop would be refused as such
    assert main(["--data-dir", str(tmp_path), "staff", "add", "--name", "Ploy", "--role", "owner", "--pin", "9999"]) \
        == 0
    capsys.readouterr()
    path = tmp_path / "bookshop.jsonl"
    path.write_bytes(sign_activity("bookshop", [{"id": "BK-1", "kind": "refund", "member": "0810000001"}],
                                   b"secret"))
    assert main(["--data-dir", str(tmp_path), "partner", "import", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "kiosk: บรรทัด 2: ต้องระบุว่าลูกค้าสะสมแต้มหรือใช้แต้ม" and not english_left(err, "kiosk"), err
