"""The hub in words: the counter's hub line (kiosk.ui.hub_words: how long ago, offline since when, what waits to be
sent), and the manager's Devices page saying each conflict's amount as people read it (the CLI's words, from
kiosk.l10n.amounts), offers and challenges by their names, and what settling each kind does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.staff import Role
from kiosk.services.context import FixedClock
from kiosk.services.hub import HubStatus
from kiosk.services.hub_connect import HubGlance
from kiosk.services.ports.hub import DeviceInfo, HubConflict
from kiosk.ui.hub_words import ago, glance_text
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.hub_panel import ConfirmDialog, HubPanel
from kiosk.ui.tasks import TaskRunner

NOW = datetime(2026, 11, 20, 3, 42, tzinfo=UTC)
LOCAL_NOW = NOW + timedelta(hours=7)  # the shop's wall clock, as ShopContext.local gives it


def test_how_long_ago_reads_at_a_glance(qapp: QApplication) -> None:
    assert ago(NOW - timedelta(seconds=20), NOW) == "just now"
    assert ago(NOW - timedelta(minutes=2, seconds=59), NOW) == "2 min ago"
    assert ago(NOW - timedelta(hours=5), NOW) == "5 h ago"
    assert ago(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert ago(NOW + timedelta(seconds=5), NOW) == "just now"  # another PC's clock a little ahead


def test_the_line_says_synced_offline_or_never_and_what_waits(qapp: QApplication) -> None:
    last = NOW - timedelta(minutes=12)
    local_last = LOCAL_NOW - timedelta(minutes=12)

    def line(**kw: object) -> str:
        glance = HubGlance(**{"configured": True, "last_contact": last, **kw})  # type: ignore[arg-type]
        return glance_text(glance, now=NOW, local=local_last if glance.last_contact else None, local_now=LOCAL_NOW)

    assert glance_text(HubGlance(configured=False), now=NOW, local=None, local_now=LOCAL_NOW) == ""
    assert line(online=True) == "Synced 12 min ago"
    assert line(online=True, pending=4) == "Synced 12 min ago, 4 changes to send"
    assert line(online=False, pending=9, pending_sales=3) == "Offline since 10:30, 3 sales to send"
    assert line(online=False, pending=1, pending_sales=1) == "Offline since 10:30, 1 sale to send"
    assert line(online=None, last_contact=None) == "Not synced with the hub yet"
    assert line(online=None) == "Synced 12 min ago"  # the app just started: the last contact it remembers
    assert line(online=True, refused=True) == "The hub refused this device's changes: ask a manager"
    set_language(qapp, THAI)
    assert line(online=False, pending=9, pending_sales=3) == "ออฟไลน์ตั้งแต่ 10:30, รอส่ง 3 รายการขาย"


def test_every_conflict_kind_has_words_in_both_languages(qapp: QApplication) -> None:
    """The hub can report a sale refunded on two counters apart; the Devices page names it, in Thai too."""
    from kiosk.domain.programs.config import ProgramConfig
    from kiosk.services.ports.hub import HubConflict
    from kiosk.ui.manager.hub_panel import HubPanel

    programs = ProgramConfig()  # no offers, no challenges: they are named by their ids
    twice = HubConflict(kind="refund_twice", key="refund:s1", member_names=("Somchai Jaidee",),
                        receipts=("C1-000007", "C1-R00002", "C2-R00001"), devices=("a-C1", "b-C2"))
    assert HubPanel.conflict_row(twice, programs) == ("Refunded twice", "Somchai Jaidee", "Check what went back",
                                                      "Receipts: C1-000007, C1-R00002, C2-R00001")
    set_language(qapp, THAI)
    kind, _who, what, _receipts = HubPanel.conflict_row(twice, programs)
    assert kind != "Refunded twice" and what != "Check what went back"
    offer = HubConflict(kind="offer_twice", key="offer:m1:hundred", member_names=("Somchai Jaidee",), amount=1,
                        receipts=("C1-000003", "C2-000004"), devices=("a-C1", "b-C2"), detail={"offer_id": "hundred"})
    assert HubPanel.conflict_row(offer, programs)[:3] == ("ใช้ข้อเสนอซ้ำ", "Somchai Jaidee", "เกิน 1 ครั้ง · hundred")
    challenge = HubConflict(kind="challenge_twice", key="challenge:m1:spend60:2026-11",
                            member_names=("Somchai Jaidee",), unit="PTS", amount=50,
                            receipts=("C1-000003", "C2-000004"), devices=("a-C1", "b-C2"),
                            detail={"challenge_id": "spend60", "period": "2026-11", "times": 2})
    assert HubPanel.conflict_row(challenge, programs)[:3] == ("ได้โบนัสภารกิจซ้ำ", "Somchai Jaidee",
                                                              "+50 แต้ม · spend60")
    set_language(qapp, ENGLISH)
    assert HubPanel.conflict_row(challenge, programs) == ("Challenge bonus twice", "Somchai Jaidee",
                                                          "+50 points · spend60", "Receipts: C1-000003, C2-000004")
    expired = HubConflict(kind="expiry_beyond", key="expiry:m1:PTS", member_names=("Somchai Jaidee",), unit="PTS",
                          amount=60, devices=("4f2a9c-C1", "77d0e1-C2"))
    assert HubPanel.conflict_row(expired, programs) == ("Expired twice", "Somchai Jaidee", "−60 points",
                                                        "Devices: C1, C2")


# An offer and a challenge the shop runs, named in both languages; the conflicts name them so.
NAMED = """
[[offers]]
id = "thanks-regular"
name = "+100 points for our regulars"
name_th = "แต้มพิเศษ 100 แต้มสำหรับลูกค้าประจำ"
kind = "bonus_points"
points = 100

[[challenges]]
id = "visit-5"
name = "Five visits this month"
name_th = "มาครบ 5 ครั้งในเดือนนี้"
kind = "visits"
target = 5
period = "month"
points = 100
"""

TWO = ("4f2a9c-C1", "77d0e1-C2")  # <install>-<label>: Counter 1 and Counter 2
CONFLICTS = (
    HubConflict("overdraft", "overdraft:m1:THB", ("m1",), ("Somchai J.",), "THB", 450, ("C1-000102", "C2-000045"),
                TWO),
    HubConflict("overdraft", "overdraft:m1:PTS", ("m1",), ("Somchai J.",), "PTS", 120, ("C1-000101", "C2-000044"),
                TWO),
    HubConflict("expiry_beyond", "expiry:m2:STAMP:coffee", ("m2",), ("Nat M.",), "STAMP:coffee", 3, (), TWO),
    HubConflict("expiry_beyond", "expiry:m2:THB", ("m2",), ("Nat M.",), "THB", 1250, (), TWO),
    HubConflict("voucher_twice", "voucher:v1", ("m3",), ("Suda B.",), "VOUCHER:v1", 1, ("C1-000120", "C2-000050"),
                TWO, {"voucher_code": "LK1V-ABCD-EFGH"}),
    HubConflict("offer_twice", "offer:m3:thanks-regular", ("m3",), ("Suda B.",), None, 1, ("C1-000130", "C2-000060"),
                TWO, {"offer_id": "thanks-regular"}),
    HubConflict("challenge_twice", "challenge:m4:visit-5:2026-11", ("m4",), ("Dao Y.",), "PTS", 100,
                ("C1-000140", "C2-000070"), TWO, {"challenge_id": "visit-5", "period": "2026-11", "times": 2}),
    HubConflict("duplicate_phone", "phone:0897654321", ("m5", "m6"), ("Malee S.", "Malee Sukjai"),
                detail={"phone": "0897654321"}),
)


@pytest.fixture
def panel(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> Iterator[HubPanel]:
    """The Devices page's hub card on a real shop running NAMED, showing a hub's status with every kind of
    conflict (what read_hub hands it), Counter 1 writing expiry for the hub."""
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    (data_dir / "config.toml").write_text(NAMED, encoding="utf-8")
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(NOW)) as app:
        widget = HubPanel(app, runner, lambda _text, _kind: None, None, Role.MANAGER)
        qtbot.addWidget(widget)
        widget.resize(1280, 700)
        widget.show()
        devices = tuple(DeviceInfo(f"{install}-{label}", install, "shop1", "Baan Kafe", label, "counter",
                                   f"Counter {label[1]}", False, NOW, 0, 10)
                        for install, label in (d.split("-") for d in TWO))
        widget.show_status(HubStatus(configured=True, install_id="4f2a9c", shop_id="shop1", shop_name="Baan Kafe",
                                     online=True, last_contact=NOW, expiry_writer="Counter 1 (C1)",
                                     devices=devices, conflicts=CONFLICTS), NOW)
        yield widget
        if widget.dialog is not None:
            widget.dialog.reject()


def cells(panel: HubPanel, column: int) -> list[str]:
    return [panel.conflict_list.item(r, column).text() for r in range(panel.conflict_list.rowCount())]


def settle(panel: HubPanel, row: int) -> ConfirmDialog:
    """The confirmation settling the conflict on `row` asks (left open: nothing is changed)."""
    panel.conflict_list.selectRow(row)
    panel.ask_write_off()
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    return dialog


def test_the_devices_page_says_each_conflicts_amount_in_peoples_words(qapp: QApplication, panel: HubPanel) -> None:
    """Money from its minor units with the baht sign (not "450 THB"), stamps with their card's name (not
    "STAMP:coffee"), a voucher by its code, an offer or a challenge by its name (not its id), in Thai on a Thai
    screen; each detail says what it lists."""
    assert cells(panel, 2) == ["−฿4.50", "−120 points", "−3 stamps (Coffee card)", "−฿12.50",
                               "1 extra use of voucher LK1V-ABCD-EFGH", "1 extra · +100 points for our regulars",
                               "+100 points · Five visits this month", ""]
    assert cells(panel, 1)[4] == "Suda B."  # who: the voucher's member (the amount names the voucher)
    assert cells(panel, 3) == ["Receipts: C1-000102, C2-000045", "Receipts: C1-000101, C2-000044",
                               "Devices: C1, C2", "Devices: C1, C2", "Receipts: C1-000120, C2-000050",
                               "Receipts: C1-000130, C2-000060", "Receipts: C1-000140, C2-000070",
                               "Phone: 0897654321"]
    shown = " ".join(cells(panel, 2) + cells(panel, 3))
    for raw in ("THB", "450", "1,250", "STAMP", "PTS", "thanks-regular", "visit-5"):
        assert raw not in shown, raw
    # which device writes expiry for the hub (the write-off of "Expired twice" is about its work)
    assert panel.roles_text.isVisible()
    assert panel.roles_text.text() == "Expiry is written for the hub by: Counter 1 (C1)"
    set_language(qapp, THAI)
    assert cells(panel, 2) == ["−฿4.50", "−120 แต้ม", "−3 ดวง (บัตรสะสมแสตมป์กาแฟ)", "−฿12.50",
                               "การใช้คูปอง LK1V-ABCD-EFGH ซ้ำ 1 ครั้ง",
                               "เกิน 1 ครั้ง · แต้มพิเศษ 100 แต้มสำหรับลูกค้าประจำ",
                               "+100 แต้ม · มาครบ 5 ครั้งในเดือนนี้", ""]
    assert panel.roles_text.text() == "เครื่องที่ตัดยอดหมดอายุให้ทั้งฮับ: Counter 1 (C1)"


def test_settling_a_conflict_says_what_it_does_and_how_much(qapp: QApplication, panel: HubPanel) -> None:
    """The settle button says what it does for the kind chosen (Give back for what expired twice, Take back for a
    bonus given twice), and its confirmation says the amount as the list does, with no ledger unit or jargon."""
    assert panel.write_off_button.text() == "Write off" and not panel.write_off_button.isEnabled()
    money = settle(panel, 0)
    assert panel.write_off_button.text() == "Write off"
    assert money.text.text().startswith("Write off ฿4.50 for Somchai J.?")
    money.reject()
    stamps = settle(panel, 2)
    assert panel.write_off_button.text() == "Give back" and stamps.confirm_button.text() == "Give back"
    text = stamps.text.text()
    assert text.startswith("Give 3 stamps (Coffee card) back to Nat M.?") and "what had expired" in text
    assert "lots" not in text and "STAMP" not in text
    stamps.reject()
    credit = settle(panel, 3)
    assert credit.text.text().startswith("Give ฿12.50 back to Nat M.?")
    credit.reject()
    voucher = settle(panel, 4)
    assert voucher.text.text().startswith("Write off 1 extra use of voucher LK1V-ABCD-EFGH at the shop's cost?")
    voucher.reject()
    bonus = settle(panel, 6)
    assert panel.write_off_button.text() == "Take back"
    assert bonus.text.text().startswith("Take back 100 points from Dao Y.?")
    assert "“Five visits this month”" in bonus.text.text()
    bonus.reject()
    panel.conflict_list.selectRow(7)  # one phone, two members: merged, not written off
    assert panel.write_off_button.text() == "Write off" and not panel.write_off_button.isEnabled()
    # In Thai the amounts are the catalogue's (the sentences around them are tr()'s, translated in kiosk_th.ts)
    set_language(qapp, THAI)
    stamps = settle(panel, 2)
    assert "3 ดวง (บัตรสะสมแสตมป์กาแฟ)" in stamps.text.text() and "STAMP" not in stamps.text.text()
    stamps.reject()
    points = settle(panel, 1)
    assert "120 แต้ม" in points.text.text()
    points.reject()
    money = settle(panel, 0)
    assert "฿4.50" in money.text.text() and "แต้ม" not in money.text.text() and "THB" not in money.text.text()
    money.reject()
