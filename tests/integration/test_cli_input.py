"""Bad input at the `kiosk` command, in process on a small real shop: one clear line, and nothing changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.domain.errors import InvalidInput
from tests.integration.test_cli import Run, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop, snapshot


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)


def run(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    shop.app.close()  # the CLI opens the shop itself, as a script's run would
    try:
        return kiosk_in_process(shop.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch)
    except SystemExit as exc:  # argparse's usage errors leave main() this way (the process exits 2)
        captured = capsys.readouterr()
        return Run(int(exc.code or 0), captured.out, captured.err)


def usage_error(result: Run) -> str:
    """A usage mistake: exit 2, one line on stderr, no traceback."""
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


# -- dates ---------------------------------------------------------------------------------------------------
def test_a_report_period_that_ends_before_it_starts_is_refused(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInput) as caught:
        shop.app.services.reports.daily(date(2027, 1, 1), until=date(2026, 1, 1))
    assert caught.value.code == "period_reversed"
    assert caught.value.params == {"date_from": "2027-01-01", "date_to": "2026-01-01"}
    for command in (("report", "daily"), ("report", "export", "--csv", str(shop.data_dir / "x.csv"))):
        line = refused(run(shop, *command, "--date", "2027-01-01", "--until", "2026-01-01", capsys=capsys,
                           monkeypatch=monkeypatch))
        assert "2026-01-01" in line and "2027-01-01" in line and "before" in line
    assert not (shop.data_dir / "x.csv").exists()
    # without --date the period starts today (2026-11-26 here), so an --until before today is refused too
    assert "before" in refused(run(shop, "report", "daily", "--until", "2026-11-25", capsys=capsys,
                                   monkeypatch=monkeypatch))


@pytest.mark.parametrize("option", [("report", "daily", "--date"), ("report", "daily", "--until"),
                                    ("report", "export", "--csv", "-", "--date"), ("audit", "--since")])
@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "yesterday", "", "20261126", "2026-W48-4",
                                  "2026-11-26T10:00"])
def test_every_date_option_says_what_a_date_looks_like(shop: Shop, option: tuple[str, ...], text: str,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    option = tuple(str(shop.data_dir / "x.csv") if part == "-" else part for part in option)
    line = usage_error(run(shop, *option, text, capsys=capsys, monkeypatch=monkeypatch))
    assert f"{text!r} is not a date like 2026-01-31" in line and "fromisoformat" not in line
