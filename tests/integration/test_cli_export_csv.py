"""`kiosk report export --csv` (the summary, program health, the chain) writes files for a spreadsheet, whatever
the language the command speaks: stable English keys, plain numbers (money as decimals in the shop's currency,
counts as whole numbers, rates as plain percentages), ISO dates, each value with its unit. The screen report is
unchanged. In process, on a small Thai demo shop."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.cli import main

PINNED_NOW = "2026-11-26T14:00:00+07:00"
THAI = re.compile(r"[\u0e00-\u0e7f]")
UNITS = {"date", "count", "points", "percent", "THB", "months", "text", "of 5"}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("export-shop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIOSK_NOW", PINNED_NOW)
        assert main(["--data-dir", str(data_dir), "--json", "demo", "--members", "6", "--days", "3"]) == 0
    yield data_dir


def export(shop: Path, out: Path, language: str, *args: str, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    capsys.readouterr()
    assert main(["--data-dir", str(shop), "--language", language, "report", "export", "--csv", str(out),
                 *args]) == 0, capsys.readouterr()
    return out.read_text(encoding="utf-8")


def figures(text: str) -> dict[str, tuple[str, str]]:
    """The first table of an export (up to a blank line): key -> (value, unit), each value checked to be plain."""
    block = text.split("\n\n", 1)[0]
    rows = list(csv.reader(io.StringIO(block)))
    assert rows[0] == ["figure", "value", "unit"]
    out = {}
    for key, value, unit in rows[1:]:
        assert re.fullmatch(r"[a-z0-9_.]+", key) or key.startswith("tier."), key
        assert unit in UNITS, (key, unit)
        if value and unit == "date":
            date.fromisoformat(value)
        elif value and unit in ("count", "points", "months"):
            int(value)
        elif value and unit in ("THB", "percent", "of 5"):
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), (key, value)
            if unit == "THB":
                assert Decimal(value).as_tuple().exponent == -2, (key, value)
        out[key] = (value, unit)
    return out


def test_the_summary_csv_is_for_a_spreadsheet_in_every_language(shop: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    thai = export(shop, tmp_path / "th.csv", "th", "--date", "2026-11-24", "--until", "2026-11-26",
                  capsys=capsys, monkeypatch=monkeypatch)
    english = export(shop, tmp_path / "en.csv", "en", "--date", "2026-11-24", "--until",
                     "2026-11-26", capsys=capsys, monkeypatch=monkeypatch)
    assert thai == english and not THAI.search(thai) and "฿" not in thai and "%" not in thai
    got = figures(thai)
    assert got["period_from"] == ("2026-11-24", "date") and got["period_to"] == ("2026-11-26", "date")
    assert got["revenue"][1] == "THB" and got["member_share"][1] == "percent"
    sales, members, others = (int(got[k][0]) for k in ("sales", "member_sales", "non_member_sales"))
    assert sales == members + others > 0
    revenue = Decimal(got["revenue"][0])
    assert revenue == Decimal(got["member_revenue"][0]) + Decimal(got["non_member_revenue"][0]) > 0
    share = Decimal(got["member_share"][0])
    assert abs(share - round(100 * Decimal(got["member_revenue"][0]) / revenue, 1)) <= Decimal("0.1")
    # the screen's report is unchanged: Thai words, baht and percent signs
    capsys.readouterr()
    assert main(["--data-dir", str(shop), "report", "daily", "--date", "2026-11-24", "--until", "2026-11-26"]) == 0
    screen = capsys.readouterr().out
    assert THAI.search(screen) and "฿" in screen and "%" in screen


def test_the_summary_csv_says_the_stripe_sync_is_off(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo shop has no Stripe: its outbox only grows, and the file says why, as the screen does."""
    got = figures(export(shop, tmp_path / "s.csv", "en", capsys=capsys, monkeypatch=monkeypatch))
    assert got["stripe_sync"] == ("off", "text")
    assert got["sync_waiting"][1] == "count"


def test_the_health_csv_is_for_a_spreadsheet_in_every_language(shop: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    thai = export(shop, tmp_path / "th.csv", "th", "--health", capsys=capsys, monkeypatch=monkeypatch)
    english = export(shop, tmp_path / "en.csv", "en", "--health", capsys=capsys,
                     monkeypatch=monkeypatch)
    assert thai == english and not THAI.search(thai) and "฿" not in thai and "%" not in thai
    got = figures(thai)
    assert got["as_of"] == ("2026-11-26", "date")
    liability = sum(Decimal(got[k][0]) for k in ("points_liability_value", "credit_liability",
                                                  "unused_stamp_rewards_value"))
    assert Decimal(got["total_liability"][0]) == liability and got["total_liability"][1] == "THB"
    assert got["repeat_rate"][1] == "percent" and int(got["repeat_buyers"][0]) <= int(got["buyers"][0])
    trend = list(csv.reader(io.StringIO(thai.split("\n\n")[2])))
    assert trend[0] == ["month", "liability", "points", "credit", "stamp_rewards", "currency"]
    assert trend[-1][1] == got["total_liability"][0] and trend[-1][-1] == "THB"
