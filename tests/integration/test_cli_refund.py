"""`kiosk refund RECEIPT --line N[:QTY]` and `--show`, in process on a small real shop: a receipt refunded a few
lines at a time, what is left listed by the numbers the receipt prints, and bad lines refused in one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli import Run, kiosk_in_process, refused
from tests.integration.test_trust_support import Shop, make_shop, snapshot

PHONE = "0812345678"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")  # the lines below read its refusals in English
    shop.enroll(PHONE)
    shop.app.close()  # the CLI opens the shop itself, as a script's run would
    return shop


def run(shop: Shop, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        manager_pin: str | None = "2222") -> Run:
    try:
        return kiosk_in_process(shop.data_dir, *args, capsys=capsys, monkeypatch=monkeypatch, manager_pin=manager_pin)
    except SystemExit as exc:  # argparse's usage errors leave main() this way (the process exits 2)
        captured = capsys.readouterr()
        return Run(int(exc.code or 0), captured.out, captured.err)


def a_sale(shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Three lattes, a cake and an open amount for the member: 3 × 65 + 95 + 200 = 490 baht."""
    sold = run(shop, "--json", "sale", "--member", PHONE, "--item", "LATTE:3", "--item", "CAKE", "--amount", "200",
               "--payment", "card", capsys=capsys, monkeypatch=monkeypatch)
    assert sold.code == 0, sold.err
    sale: dict[str, Any] = sold.json()
    assert sale["amount_due"]["minor"] == 49_000
    return sale


def left(shop: Shop, receipt: str, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """(line number, refunded, left) per line, from `--show --json`."""
    shown = run(shop, "--json", "refund", receipt, "--show", capsys=capsys, monkeypatch=monkeypatch,
                manager_pin=None)
    assert shown.code == 0, shown.err
    return [(ln["line"], ln["refunded"], ln["left"]) for ln in shown.json()["lines"]]


def test_a_receipt_refunded_a_line_at_a_time(shop: Shop, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    sale = a_sale(shop, capsys, monkeypatch)
    receipt = sale["receipt_no"]

    # the demo shop speaks Thai (shop.language); --language en asks for English
    shown = run(shop, "--language", "en", "refund", receipt, "--show", capsys=capsys, monkeypatch=monkeypatch,
                manager_pin=None)
    assert shown.code == 0, shown.err
    rows = shown.out.splitlines()
    assert rows[0].startswith(f"Receipt {receipt}") and rows[0].endswith("completed")
    assert rows[1] == "Paid ฿490.00; refunded so far ฿0.00"
    assert rows[2].split() == ["Line", "Price", "Sold", "Refunded", "Left", "Item"]
    assert [r.split()[:5] for r in rows[3:]] == [["1", "65.00", "3", "0", "3"],
                                                 ["2", "95.00", "1", "0", "1"],
                                                 ["3", "200.00", "1", "0", "1"]]

    # one latte and the cake (its quantity left out: all that is left of it)
    first = run(shop, "refund", receipt, "--line", "1:1", "--line", "2", "--reason", "cold", "--language", "en",
                capsys=capsys, monkeypatch=monkeypatch)
    assert first.code == 0, first.err
    said = first.out.splitlines()
    assert said[0].startswith(f"Refund C1-R00001 of {receipt}: ฿160.00 back; points -")
    assert said[1].startswith("  back: 1 × ") and ", 1 × " in said[1]
    assert said[2] == f"  {receipt} still has lines to refund (kiosk refund {receipt} --show lists them)"
    assert left(shop, receipt, capsys, monkeypatch) == [(1, 1, 2), (2, 1, 0), (3, 0, 1)]
    member = json.loads(run(shop, "--json", "member", "show", PHONE, capsys=capsys, monkeypatch=monkeypatch).out)
    assert member["visits"][0]["status"] == "partly_refunded"

    # another latte, as JSON
    second = run(shop, "--json", "refund", receipt, "--line", "1:1", capsys=capsys, monkeypatch=monkeypatch)
    assert second.code == 0, second.err
    middle = second.json()
    assert middle["amount"]["minor"] == 6_500 and middle["lines"] == [[middle["lines"][0][0], 1]]
    assert middle["sale_fully_refunded"] is False and middle["original_receipt_no"] == receipt

    # no --line: the rest
    rest = run(shop, "--json", "refund", receipt, capsys=capsys, monkeypatch=monkeypatch)
    assert rest.code == 0, rest.err
    last = rest.json()
    assert last["sale_fully_refunded"] is True and [n for _, n in last["lines"]] == [1, 1]
    assert 16_000 + middle["amount"]["minor"] + last["amount"]["minor"] == 49_000  # the parts make the whole
    assert left(shop, receipt, capsys, monkeypatch) == [(1, 3, 0), (2, 1, 0), (3, 1, 0)]
    done = run(shop, "--language", "th", "refund", receipt, "--show", capsys=capsys, monkeypatch=monkeypatch,
               manager_pin=None)  # in Thai, as a Thai shop's owner reads it
    assert "  คืนเงินแล้ว" in done.out.splitlines()[0] and done.out.splitlines()[-1] == "ไม่มีรายการให้คืนแล้ว"
    again = refused(run(shop, "refund", receipt, "--line", "1", capsys=capsys, monkeypatch=monkeypatch))
    assert again == f"kiosk: Sale {receipt} was already refunded."


def test_the_last_line_refunded_by_number_says_nothing_is_left(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = a_sale(shop, capsys, monkeypatch)["receipt_no"]
    assert run(shop, "refund", receipt, "--line", "3", capsys=capsys, monkeypatch=monkeypatch).code == 0
    done = run(shop, "refund", receipt, "--line", "1", "--line", "2", "--language", "en", capsys=capsys,
               monkeypatch=monkeypatch)
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == f"  nothing of {receipt} is left to refund"


@pytest.mark.parametrize(("line", "code", "message"), [
    ("0", "refund.bad_refund_line", "The receipt has no line 0."),
    ("4", "refund.bad_refund_line", "The receipt has no line 4."),
    ("two", "cli.bad_refund_line", "--line 'two': give the line's number as printed on the receipt"),
    ("1:0", "refund.bad_refund_quantity", "Refund at least one of a line."),
    ("1:-2", "refund.bad_refund_quantity", "Refund at least one of a line."),
    ("1:all", "cli.bad_refund_quantity", "--line '1:all': the quantity after ':' must be a whole number."),
    ("1:4", "refund.more_than_sold", "Line 1 ("),
    ("١", "cli.bad_refund_line", "--line '١': give the line's number"),  # int() read other scripts' digits
    ("1:1_0", "cli.bad_refund_quantity", "--line '1:1_0': the quantity after ':' must be a whole number."),
    ("๑:๔", "refund.more_than_sold", "Line 1 ("),  # Thai digits are the same number
])
def test_a_bad_line_or_quantity_is_one_line_and_changes_nothing(shop: Shop, line: str, code: str, message: str,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = a_sale(shop, capsys, monkeypatch)["receipt_no"]
    before = snapshot(shop.db_path)
    assert refused(run(shop, "refund", receipt, "--line", line, capsys=capsys,
                       monkeypatch=monkeypatch)).startswith(f"kiosk: {message}")
    as_json = run(shop, "--json", "refund", receipt, "--line", line, capsys=capsys, monkeypatch=monkeypatch)
    assert as_json.code == 1 and as_json.out == ""
    assert json.loads(as_json.err)["error"] == code
    after = snapshot(shop.db_path)
    del after["counts"]["audit_log"], before["counts"]["audit_log"]  # where the manager's PIN was checked
    assert after == before


def test_more_than_is_left_after_an_earlier_refund_says_how_many_are_left(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = a_sale(shop, capsys, monkeypatch)["receipt_no"]
    assert run(shop, "refund", receipt, "--line", "1:2", capsys=capsys, monkeypatch=monkeypatch).code == 0
    line = refused(run(shop, "refund", receipt, "--line", "1:2", capsys=capsys, monkeypatch=monkeypatch))
    assert line.endswith("has 1 left to refund.")
    gone = refused(run(shop, "refund", receipt, "--line", "2", "--line", "2", capsys=capsys,
                       monkeypatch=monkeypatch))  # the same line twice is twice its quantity
    assert gone.endswith("has 1 left to refund.")


def test_a_void_is_the_whole_sale_and_show_changes_nothing(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = a_sale(shop, capsys, monkeypatch)["receipt_no"]
    usage = run(shop, "refund", receipt, "--void", "--line", "1", capsys=capsys, monkeypatch=monkeypatch)
    assert usage.code == 2 and usage.err.strip() == (
        "kiosk: --line cannot be used with --void (see: kiosk refund --help)")
    before = snapshot(shop.db_path)
    assert run(shop, "refund", receipt, "--show", capsys=capsys, monkeypatch=monkeypatch).code == 0
    assert snapshot(shop.db_path) == before
    assert "kiosk: No sale has receipt number C1-999999." == refused(
        run(shop, "refund", "C1-999999", "--show", capsys=capsys, monkeypatch=monkeypatch))
    void = run(shop, "--json", "refund", receipt, "--void", capsys=capsys, monkeypatch=monkeypatch)
    assert void.code == 0, void.err
    assert void.json()["kind"] == "void" and void.json()["sale_fully_refunded"] is True


def test_a_retry_with_the_same_id_and_quantities_is_the_first_refund(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = a_sale(shop, capsys, monkeypatch)["receipt_no"]
    args = ("--json", "refund", receipt, "--line", "1:1", "--id", "give-back-1")
    first = run(shop, *args, capsys=capsys, monkeypatch=monkeypatch)
    assert first.code == 0, first.err
    again = run(shop, *args, capsys=capsys, monkeypatch=monkeypatch)
    assert again.json() == first.json()
    assert left(shop, receipt, capsys, monkeypatch)[0] == (1, 1, 2)


def test_a_refund_without_a_manager_pin_is_refused(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = a_sale(shop, capsys, monkeypatch)["receipt_no"]
    no_pin = refused(run(shop, "refund", receipt, "--line", "1", capsys=capsys, monkeypatch=monkeypatch,
                         manager_pin=None))
    assert no_pin == "kiosk: Refunds need a manager's PIN."
    assert left(shop, receipt, capsys, monkeypatch)[0] == (1, 0, 3)
