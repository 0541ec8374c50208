"""`kiosk` takes Thai digits (๐-๙) wherever it takes 0-9: an amount, a phone, a quantity, a PIN. It took them for
`--item LATTE:๒` and refused them for `--amount` and `--phone`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_cli import Run, kiosk_in_process
from tests.integration.test_trust_support import Shop, make_shop


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    shop.app.close()
    return shop


def run(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        manager_pin: str | None = None) -> Run:
    done = kiosk_in_process(shop.data_dir, "--language", "en", *args, capsys=capsys, monkeypatch=monkeypatch,
                            manager_pin=manager_pin)
    assert "Traceback" not in done.err, done.err
    return done


def test_amounts_phones_quantities_and_pins_in_thai_digits(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def ok(*args: str, manager_pin: str | None = None) -> Run:
        done = run(shop, *args, capsys=capsys, monkeypatch=monkeypatch, manager_pin=manager_pin)
        assert done.code == 0, done.err
        return done

    enrolled = ok("--json", "member", "enroll", "--name", "Nok Thai", "--phone", "๐๘๙-๑๑๑-๒๒๓๓").json()
    shown = ok("--json", "member", "show", "๐๘๙ ๑๑๑ ๒๒๓๓").json()  # found by the same phone in Thai digits
    assert shown["member_id"] == enrolled["member_id"] and shown["masked_phone"].endswith("2233")
    assert ok("--json", "member", "show", "0891112233").json()["member_id"] == enrolled["member_id"]

    sale = ok("--json", "sale", "--amount", "๑๒.๕๐", "--no-receipt").json()
    assert sale["amount_due"] == {"minor": 1250, "currency": "THB"}, sale
    paid = ok("--json", "sale", "--item", "LATTE:๒", "--payment", "cash", "--cash-given", "฿๒๐๐",
              "--no-receipt").json()
    assert paid["change"] == {"minor": 20000 - 2 * 6500, "currency": "THB"}, paid

    # a manager's PIN typed in Thai digits is the PIN (the shop's manager PIN is 2222)
    ok("member", "enroll", "--name", "Ploy", "--phone", "0891112234")
    before = ok("--json", "member", "show", "0891112234").json()["points"]
    ok("adjust", "0891112234", "๑๐", "--reason", "goodwill", manager_pin="๒๒๒๒")
    assert ok("--json", "member", "show", "0891112234").json()["points"] == before + 10
