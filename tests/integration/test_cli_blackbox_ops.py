"""What a second black-box test of the `kiosk` command found, each kept from coming back: tier counts that left
out members who never bought, records of what did not happen, and a refused command that made a shop anyway."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_cli import Run
from tests.integration.test_cli_input import run
from tests.integration.test_trust_support import PINS, Shop, make_shop


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path, language="en")  # the lines below read the shop's answers in English


def ok(result: Run) -> str:
    assert result.code == 0, (result.code, result.out, result.err)
    return result.out


# -- report health: every live member in a tier ----------------------------------------------------------------
def test_program_health_counts_every_live_member_in_their_tier(shop: Shop, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Bronze 89 + Silver 8 + Gold 0 were 97 of a demo shop's 120 members: those who never bought have no tier row
    and were left out, though `member show` says "Tier: Bronze" for them; an erased member's row still counted."""
    for phone in ("0812345601", "0812345602", "0812345603", "0812345604"):
        shop.enroll(phone)
    manager = ("--manager-pin", PINS["manager"])
    ok(run(shop, "sale", "--amount", "100", "--member", "0812345601", capsys=capsys, monkeypatch=monkeypatch))
    ok(run(shop, "sale", "--amount", "100", "--member", "0812345602", capsys=capsys, monkeypatch=monkeypatch))
    ok(run(shop, "privacy", "erase", "0812345602", *manager, capsys=capsys, monkeypatch=monkeypatch))
    assert "Tier: Bronze" in ok(run(shop, "member", "show", "0812345603", capsys=capsys, monkeypatch=monkeypatch))

    out = ok(run(shop, "report", "health", capsys=capsys, monkeypatch=monkeypatch))

    tiers = {line.split()[1]: int(line.split()[-1]) for line in out.splitlines() if line.startswith("Tier: ")}
    assert tiers == {"Bronze": 3, "Silver": 0, "Gold": 0}, tiers  # 01 bought, 03 and 04 never did; 02 is erased
