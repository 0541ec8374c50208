"""`kiosk refund RECEIPT --void` of a referred member's first sale, in process on a small real shop (SQLite file):
the referral bonus goes back from both friends, the member is not yet rewarded, `kiosk verify` passes, and the
next real purchase pays the bonus once (a black-box test found it stayed after the void)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.integration.test_cli import kiosk_in_process
from tests.integration.test_trust_support import Shop, make_shop

FRIEND, NEW = "0811111111", "0822222222"


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")
    friend = shop.enroll(FRIEND, "Friend One")
    code = shop.app.services.accounts.account(friend.member_code).referral_code
    shop.enroll(NEW, "New Member", referral_code=code)
    shop.app.close()  # the CLI opens the shop itself
    return shop


def points(shop: Shop, phone: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> int:
    shown = kiosk_in_process(shop.data_dir, "--json", "member", "show", phone, capsys=capsys, monkeypatch=monkeypatch)
    assert shown.code == 0, shown.err
    return int(shown.json()["points"])


def rewarded(shop: Shop) -> bool:
    with sqlite3.connect(shop.db_path) as conn:
        return bool(conn.execute("SELECT referral_rewarded FROM members WHERE phone = ?", ("+66822222222",))
                    .fetchone()[0])


def sale(shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    sold = kiosk_in_process(shop.data_dir, "--json", "sale", "--member", NEW, "--amount", "100", "--payment", "cash",
                            "--no-receipt", capsys=capsys, monkeypatch=monkeypatch)
    assert sold.code == 0, sold.err
    return str(sold.json()["receipt_no"])


def test_a_void_of_the_first_sale_takes_the_referral_back_and_the_next_sale_pays_it_once(
        shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    friend_before, new_before = (points(shop, p, capsys, monkeypatch) for p in (FRIEND, NEW))
    first = sale(shop, capsys, monkeypatch)
    assert points(shop, FRIEND, capsys, monkeypatch) == friend_before + 100
    assert rewarded(shop)

    voided = kiosk_in_process(shop.data_dir, "--json", "refund", first, "--void", "--reason", "wrong member",
                              capsys=capsys, monkeypatch=monkeypatch, manager_pin="2222")
    assert voided.code == 0, voided.err
    assert points(shop, FRIEND, capsys, monkeypatch) == friend_before
    assert points(shop, NEW, capsys, monkeypatch) == new_before
    assert not rewarded(shop)
    checked = kiosk_in_process(shop.data_dir, "verify", capsys=capsys, monkeypatch=monkeypatch)
    assert checked.code == 0, checked.out + checked.err

    second = sale(shop, capsys, monkeypatch)
    assert points(shop, FRIEND, capsys, monkeypatch) == friend_before + 100
    assert rewarded(shop)
    # that sale voided too (the CLI's clock is pinned: both bonuses have one instant), and the next one pays
    voided = kiosk_in_process(shop.data_dir, "refund", second, "--void", capsys=capsys, monkeypatch=monkeypatch,
                              manager_pin="2222")
    assert voided.code == 0, voided.err
    assert points(shop, FRIEND, capsys, monkeypatch) == friend_before and not rewarded(shop)
    sale(shop, capsys, monkeypatch)
    assert points(shop, FRIEND, capsys, monkeypatch) == friend_before + 100
    sale(shop, capsys, monkeypatch)
    assert points(shop, FRIEND, capsys, monkeypatch) == friend_before + 100  # never twice
    checked = kiosk_in_process(shop.data_dir, "verify", capsys=capsys, monkeypatch=monkeypatch)
    assert checked.code == 0, checked.out + checked.err
