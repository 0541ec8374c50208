"""The counter's hub line in words (kiosk.ui.hub_words): how long ago, offline since when, what waits to be sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication

from kiosk.services.hub_connect import HubGlance
from kiosk.ui.hub_words import ago, glance_text
from kiosk.ui.i18n import ENGLISH, THAI, set_language

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
    from kiosk.services.ports.hub import HubConflict
    from kiosk.ui.manager.hub_panel import HubPanel

    twice = HubConflict(kind="refund_twice", key="refund:s1", member_names=("Somchai Jaidee",),
                        receipts=("C1-000007", "C1-R00002", "C2-R00001"), devices=("a-C1", "b-C2"))
    assert HubPanel.conflict_row(twice) == ("Refunded twice", "Somchai Jaidee", "Check what went back",
                                            "C1-000007, C1-R00002, C2-R00001")
    set_language(qapp, THAI)
    kind, _who, what, _receipts = HubPanel.conflict_row(twice)
    assert kind != "Refunded twice" and what != "Check what went back"
    offer = HubConflict(kind="offer_twice", key="offer:m1:hundred", member_names=("Somchai Jaidee",), amount=1,
                        receipts=("C1-000003", "C2-000004"), devices=("a-C1", "b-C2"), detail={"offer_id": "hundred"})
    assert HubPanel.conflict_row(offer) == ("ใช้ข้อเสนอซ้ำ", "Somchai Jaidee", "เกิน 1 ครั้ง · hundred",
                                            "C1-000003, C2-000004")
    challenge = HubConflict(kind="challenge_twice", key="challenge:m1:spend60:2026-11",
                            member_names=("Somchai Jaidee",), unit="PTS", amount=50,
                            receipts=("C1-000003", "C2-000004"), devices=("a-C1", "b-C2"),
                            detail={"challenge_id": "spend60", "period": "2026-11", "times": 2})
    assert HubPanel.conflict_row(challenge) == ("ได้โบนัสภารกิจซ้ำ", "Somchai Jaidee", "+50 แต้ม · spend60",
                                                "C1-000003, C2-000004")
    set_language(qapp, ENGLISH)
    assert HubPanel.conflict_row(challenge)[:3] == ("Challenge bonus twice", "Somchai Jaidee", "+50 points · spend60")
    expired = HubConflict(kind="expiry_beyond", key="expiry:m1:PTS", member_names=("Somchai Jaidee",), unit="PTS",
                          amount=60, devices=("4f2a9c-C1", "77d0e1-C2"))
    assert HubPanel.conflict_row(expired) == ("Expired twice", "Somchai Jaidee", "−60 PTS", "C1, C2")
