"""A challenge completed on two counters while apart, through the real PostgreSQL hub: each counter saw it not yet
done this period and gave its bonus, so the member had it twice. That is the hub's challenge_twice conflict (with
both sales) for the manager, not a broken ledger; a write-off takes the later bonus back with a reversal, and
once synced the conflict is gone on every device and `kiosk verify` is clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.cli.hub import conflict_text
from kiosk.domain.errors import NotFound
from kiosk.domain.staff import Role
from kiosk.services.ports.hub import HubConflict
from kiosk.ui.manager.hub_panel import ConfirmDialog, HubPanel
from tests.integration.test_hub import converge
from tests.support.hub import Device, HubDatabase, ShopTemplate, hub_problems
from tests.ui.test_hub_screens import open_manager

pytestmark = pytest.mark.postgres

MEMBER = "0811111111"  # the template shop's member
BONUS = 50
CHALLENGES = f"""

[[challenges]]
id = "spend60"
name = "Spend 60 baht this month"
kind = "spend"
target = "60"
period = "month"
points = {BONUS}
"""


@pytest.fixture
def shop(shop_template: ShopTemplate, tmp_path: Path) -> Iterator[list[Device]]:
    """The template shop, every device running the same challenge, which one latte completes."""
    with shop_template.copied(tmp_path) as made:
        for device in made:
            config = device.data_dir / "config.toml"
            config.write_text((config.read_text(encoding="utf-8") if config.exists() else "") + CHALLENGES,
                              encoding="utf-8")
        yield made


def completed(device: Device) -> tuple[str, tuple[str, ...]]:
    result = device.sell(MEMBER)
    return result.receipt_no, tuple(c.challenge_id for c in result.challenges_completed)


def challenge_conflicts(device: Device) -> list[HubConflict]:
    return [c for c in device.app.services.hub.conflicts() if c.kind == "challenge_twice"]


def test_a_challenge_completed_on_two_counters_apart_is_a_conflict_the_manager_takes_back(
        qtbot: QtBot, shop: list[Device], shop_template: ShopTemplate) -> None:
    c1, c2, k = shop
    start = c1.points(MEMBER)
    first, done1 = completed(c1)  # the counters are apart: neither knows the other's sale
    second, done2 = completed(c2)
    assert done1 == done2 == ("spend60",)
    earned = c1.points(MEMBER) - start - BONUS  # what one latte earns, the bonus aside
    converge(c1, c2, k)
    hub: HubDatabase = shop_template.hub
    for device in shop:
        found = challenge_conflicts(device)
        assert [(c.detail["challenge_id"], sorted(c.receipts), c.amount, c.unit) for c in found] == [
            ("spend60", sorted([first, second]), BONUS, "PTS")]
        assert device.points(MEMBER) == start + 2 * earned + 2 * BONUS
        assert device.problems() == ()  # each counter gave it once: the hub's conflict, not a broken ledger
    assert hub_problems(hub) == ()
    conflict = found[0]
    words = conflict_text(conflict, "en", None, k.app.services.ctx.programs)
    assert "completed the challenge “Spend 60 baht this month” 2 times" in words
    assert first in words and second in words
    assert "kiosk hub write-off KEY" in words
    row = HubPanel.conflict_row(conflict, k.app.services.ctx.programs)
    assert row[0] == "Challenge bonus twice" and row[2] == f"+{BONUS} points · Spend 60 baht this month"

    # The owner, on the kiosk's Devices page, takes the later bonus back: the member keeps one, and every device
    # agrees once synced.
    owner = k.owner()
    shell, window = open_manager(qtbot, k, role=Role.OWNER)
    panel = window.devices.hub
    try:
        panel.conflict_list.selectRow(next(r for r, c in enumerate(panel.conflicts) if c.kind == "challenge_twice"))
        assert panel.write_off_button.isEnabled() and not panel.merge_button.isEnabled()
        assert panel.write_off_button.text() == "Take back"  # what it does for this kind
        panel.ask_write_off()
        confirm = panel.dialog
        assert isinstance(confirm, ConfirmDialog)
        assert f"Take back {BONUS} points from {conflict.member_names[0]}?" in confirm.text.text()
        assert "“Spend 60 baht this month”" in confirm.text.text()
        qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(20_000)
        assert window.toast.text() == "Taken back: the member keeps one bonus."
        assert [c for c in panel.conflicts if c.kind == "challenge_twice"] == []
    finally:
        shell.shutdown()
    assert ("conflict.written_off", owner) in {(r.action, r.staff_id) for r in k.app.services.staff.audit_trail()}
    with pytest.raises(NotFound):
        k.app.services.hub.write_off(conflict.key, approved_by=owner)  # settled: nothing is taken back twice
    converge(k, c1, c2)
    for device in shop:
        assert challenge_conflicts(device) == []
        assert device.points(MEMBER) == start + 2 * earned + BONUS
        assert device.problems() == ()
    assert hub_problems(hub) == ()
    # The period's challenge stays done: a third latte gives no bonus anywhere.
    assert completed(c2)[1] == ()


def test_a_bonus_taken_back_on_two_counters_apart_is_taken_back_once(shop: list[Device],
                                                                     shop_template: ShopTemplate) -> None:
    """Two managers, each on a counter that has not heard of the other's, take the same bonus back: once they meet,
    the later taking back is undone by the counter that wrote it, so the member keeps one bonus (not none), no
    refund shows twice, and every ledger is sound."""
    c1, c2, k = shop
    start = c1.points(MEMBER)
    completed(c1)
    completed(c2)
    earned = c1.points(MEMBER) - start - BONUS
    converge(c1, c2, k)
    conflict = challenge_conflicts(c1)[0]
    c1.app.services.hub.write_off(conflict.key, approved_by=c1.owner())  # apart: neither has heard of the other's
    c2.app.services.hub.write_off(conflict.key, approved_by=c2.owner())
    converge(c1, c2, k)
    for device in shop:
        assert device.app.services.hub.conflicts() == []  # neither the challenge nor a refund given back twice
        assert device.points(MEMBER) == start + 2 * earned + BONUS, device.data_dir.name
        assert device.problems() == ()
    assert hub_problems(shop_template.hub) == ()
    assert completed(k)[1] == ()  # the period's challenge stays done


def test_a_bonus_already_spent_is_taken_back_from_the_command_line_as_a_flagged_debt(
        shop: list[Device], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    c1, c2, _k = shop
    completed(c1)
    completed(c2)
    converge(c1, c2)
    c2.sell(MEMBER, quantity=10, points=c2.points(MEMBER))  # both bonuses spent before anyone looked
    held = c2.points(MEMBER)
    assert held < BONUS
    converge(c2, c1)
    c1.owner()
    monkeypatch.setenv("KIOSK_NOW", c1.clock.now().isoformat())
    monkeypatch.setenv("KIOSK_MANAGER_PIN", "9999")  # the template shop's owner (tests.support.staff)
    capsys.readouterr()
    assert main(["--data-dir", str(c1.data_dir), "--language", "en", "hub", "conflicts"]) == 0
    listed = capsys.readouterr().out
    key = next(line.split(": ", 1)[0] for line in listed.splitlines() if line.startswith("challenge:"))
    assert "completed the challenge “Spend 60 baht this month” 2 times" in listed  # by its name, as the page says
    assert main(["--data-dir", str(c1.data_dir), "--language", "en", "hub", "write-off", key]) == 0
    assert capsys.readouterr().out.strip() == (f"Took back {BONUS} points ({key}), the challenge bonus given again: "
                                               "the member keeps one.")
    converge(c1, c2)
    for device in (c1, c2):
        assert device.points(MEMBER) == held - BONUS < 0  # a debt the next visit pays off, flagged
        assert challenge_conflicts(device) == []
        assert [c.kind for c in device.app.services.hub.conflicts()] == []  # one device spent: no overdraft
        assert device.problems() == ()
        with device.app.engine.connect() as conn:
            e = t.ledger_entries
            assert conn.execute(select(e.c.kind, e.c.flags, e.c.device_id).where(
                e.c.memo == "challenge given twice written off")).all() == [
                ("reversal", "negative_balance", c1.app.services.ctx.device_id)]
