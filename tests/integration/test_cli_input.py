"""Bad input at the `kiosk` command, in process on a small real shop: one clear line, and nothing changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.domain.errors import InvalidInput
from tests.integration.test_cli import Run, kiosk_in_process, refused
from tests.integration.test_trust_support import PINS, Shop, make_shop, snapshot


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path, language="en")  # the lines below read its refusals in English


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
    assert caught.value.code == "report.period_reversed"
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
    assert f"must be a date like 2026-01-31, not {text!r}" in line and "fromisoformat" not in line


# -- staff ---------------------------------------------------------------------------------------------------
def _audit(shop: Shop, action: str) -> list[tuple[str | None, str | None]]:
    with shop.app.uow_factory(readonly=True) as uow:
        return [(r.staff_id, r.subject) for r in uow.audit.records() if r.action == action]


def test_staff_changes_need_an_owner_pin_and_pins_are_unique(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 #10: `staff add --name Evil --role owner --pin 2222` went through with no authority, with Nok's
    PIN, and Nok's refunds were then audited as Evil's."""
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    evil = ("staff", "add", "--name", "Evil", "--role", "owner", "--pin")
    before = snapshot(shop.db_path)
    assert "owner" in refused(run(shop, *evil, "5555", capsys=capsys, monkeypatch=monkeypatch))
    assert "owner's PIN" in refused(run(shop, *evil, "5555", "--owner-pin", PINS["manager"], capsys=capsys,
                                        monkeypatch=monkeypatch))
    for who in ("Cashier", "no-such-person"):
        refused(run(shop, "staff", "disable", who, capsys=capsys, monkeypatch=monkeypatch))
        refused(run(shop, "staff", "reset-pin", who, "--pin", "4321", capsys=capsys, monkeypatch=monkeypatch))
    monkeypatch.setenv("KIOSK_OWNER_PIN", PINS["owner"])
    assert "already has that PIN" in refused(run(shop, *evil, PINS["manager"], capsys=capsys,
                                                 monkeypatch=monkeypatch))
    after = snapshot(shop.db_path)
    assert after["counts"] | {"audit_log": 0} == before["counts"] | {"audit_log": 0}  # only approvals audited
    added = run(shop, "--language", "en", *evil, "5555", capsys=capsys, monkeypatch=monkeypatch)
    assert added.code == 0 and "Added Evil (owner)" in added.out
    ((by, evil_id),) = _audit(shop, "staff.added")[-1:]
    assert by == shop.staff["owner"]
    monkeypatch.delenv("KIOSK_OWNER_PIN")
    for command in (("staff", "disable", "evil"), ("staff", "enable", evil_id),
                    ("staff", "reset-pin", "Evil", "--pin", "5656")):
        done = run(shop, *command, "--owner-pin", PINS["owner"], capsys=capsys, monkeypatch=monkeypatch)
        assert done.code == 0, done.err
    assert [a for a in ("staff.disabled", "staff.enabled", "staff.pin_reset")
            if _audit(shop, a) != [(shop.staff["owner"], evil_id)]] == []
    # Nok's PIN still means Nok
    sale = run(shop, "--json", "sale", "--item", "LATTE", capsys=capsys, monkeypatch=monkeypatch)
    receipt = json.loads(sale.out)["receipt_no"]
    refund = kiosk_in_process(shop.data_dir, "refund", receipt, capsys=capsys, monkeypatch=monkeypatch,
                              manager_pin=PINS["manager"])
    assert refund.code == 0, refund.err
    assert _audit(shop, "sale.refund")[0][0] == shop.staff["manager"]


def test_enabling_a_second_active_staff_member_of_one_name_is_refused_and_rename_is_the_way_out(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    staff, owner = shop.app.services.staff, shop.staff["owner"]
    old = staff.add_staff(name="Mint", role="cashier", pin="3333", by=owner)
    staff.set_active(old.id, False, by=owner)
    staff.add_staff(name="mint", role="cashier", pin="3434", by=owner)  # while the first Mint was away
    pin = ("--owner-pin", PINS["owner"])
    before = snapshot(shop.db_path)
    line = refused(run(shop, "staff", "enable", old.id, *pin, capsys=capsys, monkeypatch=monkeypatch))
    assert line == ("kiosk: 'Mint' cannot be enabled: an active staff member is already called 'mint'. "
                    "Rename one of them first.")
    thai = refused(run(shop, "--language", "th", "staff", "enable", old.id, *pin, capsys=capsys,
                       monkeypatch=monkeypatch))
    assert "เปิดใช้งาน 'Mint' ไม่ได้" in thai and "'mint'" in thai
    assert "already called 'mint'" in refused(run(shop, "staff", "rename", old.id, "MINT", *pin, capsys=capsys,
                                                  monkeypatch=monkeypatch))
    assert "owner" in refused(run(shop, "staff", "rename", old.id, "Mint B", capsys=capsys, monkeypatch=monkeypatch))
    assert "More than one" in refused(run(shop, "staff", "rename", "Mint", "Mint B", *pin, capsys=capsys,
                                          monkeypatch=monkeypatch))
    after = snapshot(shop.db_path)
    assert after["counts"] | {"audit_log": 0} == before["counts"] | {"audit_log": 0}  # only approvals audited
    done = run(shop, "--language", "en", "staff", "rename", old.id, "Mint B", *pin, capsys=capsys,
               monkeypatch=monkeypatch)
    assert done.code == 0 and done.out.strip() == "Mint is now called Mint B", done.err
    as_json = run(shop, "--json", "staff", "rename", "mint b", "Mint Bee", *pin, capsys=capsys,
                  monkeypatch=monkeypatch)
    assert as_json.code == 0 and json.loads(as_json.out)["name"] == "Mint Bee", as_json.err
    assert run(shop, "staff", "enable", "Mint Bee", *pin, capsys=capsys, monkeypatch=monkeypatch).code == 0
    assert [subject for _, subject in _audit(shop, "staff.renamed")] == [old.id, old.id]
    assert [subject for by, subject in _audit(shop, "staff.enabled") if by == owner][-1] == old.id


def test_a_new_shop_creates_its_first_owner_without_a_pin_and_nothing_else(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    shop = make_shop(tmp_path, staff=False, language="en")
    beam = ("staff", "add", "--name", "Beam", "--role", "cashier", "--pin", "1111")
    assert "first staff member must be an owner" in refused(run(shop, *beam, capsys=capsys,
                                                                monkeypatch=monkeypatch))
    ploy = run(shop, "staff", "add", "--name", "Ploy", "--role", "owner", "--pin", "9999", capsys=capsys,
               monkeypatch=monkeypatch)
    assert ploy.code == 0, ploy.err
    assert "owner" in refused(run(shop, *beam, capsys=capsys, monkeypatch=monkeypatch))
    assert run(shop, *beam, "--owner-pin", "9999", capsys=capsys, monkeypatch=monkeypatch).code == 0


# -- settings ------------------------------------------------------------------------------------------------
def test_a_misspelt_setting_stops_every_command_with_one_line(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (shop.data_dir / "config.toml").write_text('[pointz]\nspend_unit = "10.00"\n', encoding="utf-8")
    line = refused(run(shop, "member", "search", "somchai", capsys=capsys, monkeypatch=monkeypatch))
    assert "'pointz'" in line and "did you mean 'points'?" in line and str(shop.data_dir / "config.toml") in line
