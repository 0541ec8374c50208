"""What a black-box test of the `kiosk` command found, each kept from coming back: an option given twice, a
mistyped data folder, an average basket cut instead of rounded, and refusals that named the wrong thing. Every
refusal is one line in the shop's language and changes nothing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from kiosk.cli.common import _StoreOnce
from kiosk.domain.money import Money
from tests.integration.test_cli import PINNED_NOW, Run, refused
from tests.integration.test_cli_input import run
from tests.integration.test_trust_support import PINS, Shop, make_shop, snapshot
from tests.support.language import set_shop_language

PHONE = "0812345678"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")  # the lines below read its refusals in English
    shop.enroll(PHONE)
    return shop


# -- 1. a single-valued option given twice -------------------------------------------------------------------
@pytest.mark.parametrize(("args", "option"), [
    (("sale", "--amount", "100", "--amount", "50"), "--amount"),
    (("sale", "--amount", "100", "--member", PHONE, "--member", "0899999999"), "--member"),
    (("sale", "--amount", "100", "--member", PHONE, "--points", "20", "--points", "40"), "--points"),
    (("sale", "--amount", "100", "--payment", "card", "--payment", "cash"), "--payment"),
    (("sale", "--amount", "100", "--amo", "50"), "--amount"),  # argparse's abbreviation is the same option
    (("member", "enroll", "--name", "Malee S", "--name", "Malee T", "--phone", "0895550101"), "--name"),
    (("staff", "add", "--name", "Fon", "--role", "cashier", "--role", "owner", "--pin", "4444"), "--role"),
    (("sale", "--amount", "100", "--data-dir", "SHOP"), "--data-dir"),  # before the command and after it
    (("--language", "th", "sale", "--amount", "100", "--language", "en"), "--language"),
])
def test_a_single_valued_option_given_twice_is_refused(shop: Shop, args: tuple[str, ...], option: str,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(shop.db_path)
    args = tuple(str(shop.data_dir) if arg == "SHOP" else arg for arg in args)
    line = refused(run(shop, *args, capsys=capsys, monkeypatch=monkeypatch))
    assert line == f"kiosk: {option} was given twice: give it once.", line
    assert snapshot(shop.db_path) == before


def test_twice_is_refused_in_the_shops_language_and_with_its_code(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    twice = ("sale", "--amount", "100", "--amount", "50")
    before = snapshot(shop.db_path)
    set_shop_language(shop.data_dir, "th")
    assert refused(run(shop, *twice, capsys=capsys, monkeypatch=monkeypatch)) == \
        "kiosk: ใส่ --amount ซ้ำสองครั้ง ใส่ได้ครั้งเดียว"
    refusal = json.loads(refused(run(shop, "--json", *twice, capsys=capsys, monkeypatch=monkeypatch)))
    assert refusal["error"] == "cli.option_twice" and refusal["params"] == {"option": "--amount"}
    assert snapshot(shop.db_path) == before


def test_options_meant_to_repeat_still_repeat(shop: Shop, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    sale = run(shop, "--json", "sale", "--item", "LATTE", "--item", "CAKE:2", "--amount", "10.00", "--no-receipt",
               capsys=capsys, monkeypatch=monkeypatch)
    assert sale.code == 0, sale.err
    assert sale.json()["subtotal"]["minor"] == 6500 + 2 * 9500 + 1000


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def test_every_single_valued_option_of_every_command_is_given_once() -> None:
    """The one place: every parser is a KioskArgumentParser, whose plain `store` is _StoreOnce."""
    parsers = _parsers(build_parser())
    assert len(parsers) > 50
    options = [(p.prog, a.option_strings) for p in parsers for a in p._actions
               if isinstance(a, argparse._StoreAction) and a.option_strings]
    assert options and all(isinstance(a, _StoreOnce) for p in parsers for a in p._actions
                           if isinstance(a, argparse._StoreAction) and a.option_strings), options


# -- 2. a data folder with no shop in it -----------------------------------------------------------------------
@pytest.mark.parametrize("args", [("sale", "--amount", "100", "--no-receipt"), ("verify",), ("member", "show", PHONE),
                                  ("report", "daily"), ("refund", "C1-000001"), ("staff", "list"), ("expire",),
                                  ("backup", "--auto"), ("printer", "queue"),
                                  ("staff", "add", "--name", "Fon", "--role", "cashier", "--pin", "4444",
                                   "--owner-pin", PINS["owner"])])
def test_a_mistyped_data_folder_is_refused_and_nothing_is_made_there(
        tmp_path: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main

    typo = tmp_path / "shopp"
    for how in ("--data-dir", "KIOSK_DATA_DIR"):
        monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
        if how == "KIOSK_DATA_DIR":
            monkeypatch.setenv("KIOSK_DATA_DIR", str(typo))
            argv = ["--language", "en", *args]
        else:
            argv = ["--data-dir", str(typo), "--language", "en", *args]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        line = refused(Run(code, captured.out, captured.err))
        assert line.startswith(f"kiosk: There is no shop in {typo}:"), line
        assert "KIOSK_DATA_DIR" in line
        assert not typo.exists(), f"{how}: the refusal made {list(typo.rglob('*'))}"


def test_a_mistyped_data_folder_is_refused_in_thai(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    capsys.readouterr()
    code = main(["--data-dir", str(tmp_path / "x"), "--language", "th", "verify"])
    line = refused(Run(code, *capsys.readouterr()))
    assert line.startswith(f"kiosk: ไม่มีร้านในโฟลเดอร์ {tmp_path / 'x'} "), line


def test_a_new_shop_is_still_set_up_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A script's set-up: the first owner on an empty folder makes the shop; then it sells."""
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    folder = tmp_path / "new-shop"
    assert main(["--data-dir", str(folder), "staff", "add", "--name", "Ploy", "--role", "owner", "--pin", "9999"]) == 0
    assert (folder / "shop.sqlite3").exists()
    assert main(["--data-dir", str(folder), "sale", "--amount", "10", "--no-receipt"]) == 0


# -- 3. the average basket is rounded, not cut ---------------------------------------------------------------
def test_the_average_basket_rounds_half_up_to_the_satang(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # 13 non-member sales of ฿1,720 in all (132.307... each) and 14 members' of ฿1,545 (110.357... each)
    for amount in ["132.00"] * 12 + ["136.00"]:
        shop.sale(None, amount=amount)
    for amount in ["110.00"] * 13 + ["115.00"]:
        shop.sale(PHONE, amount=amount, approved_by=shop.staff["manager"])  # past the 8 earning sales a day
    day = shop.clock.now().date()
    summary = shop.app.services.reports.daily(day)
    assert (summary.non_member_sales, summary.non_member_revenue_minor) == (13, 172_000)
    assert (summary.member_sales, summary.member_revenue_minor) == (14, 154_500)
    assert summary.average_basket(members=False) == Money(13_231, "THB")  # was 132.30
    assert summary.average_basket(members=True) == Money(11_036, "THB")  # was 110.35
    report = run(shop, "report", "daily", "--date", day.isoformat(), capsys=capsys, monkeypatch=monkeypatch)
    assert report.code == 0, report.err
    assert "฿132.31" in report.out and "฿110.36" in report.out, report.out


def test_a_mean_of_money_rounds_half_away_from_zero() -> None:
    assert [Money.mean(total, count).minor for total, count in
            [(172_000, 13), (154_500, 14), (5, 2), (7, 2), (1, 3), (2, 3), (-5, 2), (-172_000, 13), (0, 4)]] \
        == [13_231, 11_036, 3, 4, 0, 1, -3, -13_231, 0]


# -- 4. refusals that say what they are about ----------------------------------------------------------------
def test_no_credit_is_like_no_points(shop: Shop, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """--credit 0 means none, as --points 0 (its default) always did: a cashier or a script that always passes
    both gets the sale, not "the amount must be more than zero"."""
    for zero in (("--credit", "0"), ("--credit", "0.00"), ("--points", "0"), ("--credit", "0", "--points", "0")):
        sale = run(shop, "--json", "sale", "--member", PHONE, "--amount", "100", *zero, "--no-receipt",
                   capsys=capsys, monkeypatch=monkeypatch)
        assert sale.code == 0, (zero, sale.err)
        assert sale.json()["credit_applied"]["minor"] == 0 and sale.json()["points_spent"] == 0
    before = snapshot(shop.db_path)
    for bad in ("-1", "abc", "0.001"):
        assert refused(run(shop, "sale", "--amount", "100", "--credit", bad, capsys=capsys, monkeypatch=monkeypatch))
    assert snapshot(shop.db_path) == before


def test_a_partner_receipt_used_again_says_receipt_not_request_id(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(shop, "partner", "bookshop", PHONE, "450.00", "--reference", "BK-1001", capsys=capsys,
               monkeypatch=monkeypatch).code == 0
    assert run(shop, "partner", "redeem", "bookshop", PHONE, "20", "--reference", "BK-2001", capsys=capsys,
               monkeypatch=monkeypatch).code == 0
    before = snapshot(shop.db_path)
    earn = refused(run(shop, "partner", "bookshop", PHONE, "300.00", "--reference", "BK-1001", capsys=capsys,
                       monkeypatch=monkeypatch))
    assert earn == "kiosk: Partner receipt BK-1001 was already recorded with a different member or amount: " \
                   "check the receipt number.", earn
    redeem = refused(run(shop, "partner", "redeem", "bookshop", PHONE, "25", "--reference", "BK-2001", capsys=capsys,
                         monkeypatch=monkeypatch))
    assert "BK-2001" in redeem and "receipt" in redeem and "request id" not in redeem, redeem
    assert snapshot(shop.db_path) == before
    set_shop_language(shop.data_dir, "th")
    assert "ใบเสร็จพันธมิตร BK-1001" in refused(run(shop, "partner", "bookshop", PHONE, "300.00", "--reference",
                                                     "BK-1001", capsys=capsys, monkeypatch=monkeypatch))


def test_the_points_cap_is_said_per_sale(shop: Shop, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(shop.db_path)
    line = refused(run(shop, "sale", "--member", PHONE, "--amount", "99999.00", "--no-receipt", capsys=capsys,
                       monkeypatch=monkeypatch))
    assert line == "kiosk: This sale earns more points than one sale may earn. A manager must approve it.", line
    assert "daily" not in line
    assert snapshot(shop.db_path) == before


@pytest.mark.parametrize(("birthday", "said"), [
    ("1990-02-30", "There is no date 1990-02-30: check the day of the month."),
    ("1991-02-29", "There is no date 1991-02-29: check the day of the month."),
    ("1990-04-31", "There is no date 1990-04-31: check the day of the month."),
    ("1990-13-01", "Enter the birthday as YYYY-MM-DD."),  # day and month swapped, most likely
    ("30/02/1990", "Enter the birthday as YYYY-MM-DD."),
])
def test_an_impossible_birthday_says_the_date_does_not_exist(shop: Shop, birthday: str, said: str,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(shop.db_path)
    line = refused(run(shop, "member", "enroll", "--name", "Malee Sriwan", "--phone", "0895550101", "--birthday",
                       birthday, capsys=capsys, monkeypatch=monkeypatch))
    assert line == f"kiosk: {said}", line
    assert snapshot(shop.db_path) == before
