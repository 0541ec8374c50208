"""The notice a screen shows after a start upgraded the shop's database names the copy, in the screen's language."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.services.app import UpgradeNote
from kiosk.ui.app import upgrade_notice
from kiosk.ui.i18n import THAI, set_language

NOTE = UpgradeNote(from_revision="0008", to_revision="0010", backup="/shop/backups/before-0010-from-0008-x.sqlite3")


def test_the_upgrade_notice_names_the_copy_in_english_and_thai(qapp: QApplication) -> None:
    english = upgrade_notice(NOTE)
    assert english.startswith("Loyalty Kiosk was updated") and english.endswith(NOTE.backup)
    set_language(qapp, THAI)
    thai = upgrade_notice(NOTE)
    assert "อัปเดต" in thai and thai.endswith(NOTE.backup)
