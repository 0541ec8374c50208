"""The `kiosk` command reads whole numbers and dates as every number a person types is read
(kiosk.domain.digits): Arabic or Thai digits (๐-๙), a sign only where the command takes one (`adjust -N`).
int() took other scripts' digits and "1_000" too, and the report dates took no Thai digits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import Run, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop, snapshot

PHONE = "0812345678"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    shop.enroll(PHONE)
    shop.app.close()  # the CLI opens the shop itself, as a script's run would
    return shop


def run(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    try:
        return kiosk_in_process(shop.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch, manager_pin="2222")
    except SystemExit as exc:  # argparse's usage errors leave main() this way (the process exits 2)
        captured = capsys.readouterr()
        return Run(int(exc.code or 0), captured.out, captured.err)


def test_thai_digits_are_the_same_numbers_and_dates(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    added = run(shop, "--json", "adjust", PHONE, "๓๐๐", "--reason", "gift", capsys=capsys, monkeypatch=monkeypatch)
    assert added.code == 0, added.err
    taken = run(shop, "--json", "adjust", PHONE, "-๑๐", "--reason", "fix", capsys=capsys, monkeypatch=monkeypatch)
    assert taken.code == 0, taken.err
    event = json.loads(taken.out)["events"][0]
    assert (event["kind"], event["points"]) == ("removed", 10)
    assert json.loads(taken.out)["points_balance"] == json.loads(added.out)["points_balance"] - 10
    sold = run(shop, "--json", "sale", "--member", PHONE, "--item", "LATTE:๒", "--points", "๔๐", capsys=capsys,
               monkeypatch=monkeypatch)
    assert sold.code == 0, sold.err
    sale = json.loads(sold.out)
    assert sale["subtotal"]["minor"] == 13000 and sale["points_spent"] == 40
    daily = run(shop, "--json", "report", "daily", "--date", "๒๐๒๖-๑๑-๒๖", capsys=capsys, monkeypatch=monkeypatch)
    assert daily.code == 0, daily.err
    assert json.loads(daily.out)["date_from"] == "2026-11-26"
    audit = run(shop, "--json", "audit", "--since", "๒๐๒๖-๐๑-๐๑", "--limit", "๑", capsys=capsys,
                monkeypatch=monkeypatch)
    assert audit.code == 0, audit.err
    records = json.loads(audit.out)
    assert len(records["records"] if isinstance(records, dict) else records) == 1, records


def test_a_quantity_in_other_digits_is_one_line_and_changes_nothing(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(shop.db_path)
    for spec in ("LATTE:١", "LATTE:1_0"):
        line = refused(run(shop, "sale", "--item", spec, capsys=capsys, monkeypatch=monkeypatch))
        assert line == f"kiosk: '{spec}': the quantity after ':' must be a whole number.", line
    assert snapshot(shop.db_path) == before
