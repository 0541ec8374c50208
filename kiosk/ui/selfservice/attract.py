"""The attract screen: the shop, a live camera to scan a member QR, and big ways in (phone, join, rate)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.i18n import current_language
from kiosk.ui.scanning import CameraPreview
from kiosk.ui.selfservice.common import Screen, bilingual, button, card, label
from kiosk.ui.selfservice.logo import ShopLogo
from kiosk.ui.theme import CAPTION, FLAT, HEADING, PRIMARY, SUB_CAPTION, TITLE, scaled

# The invitation shows both languages at once: whoever walks past reads one of them.
SCAN_TH, SCAN_EN = "สแกน QR สมาชิกของคุณ", "Scan your member QR"
JOIN_TH, JOIN_EN = "สมัครสมาชิกฟรี", "Join now, it's free"
WELCOME_TH, WELCOME_EN = "ยินดีต้อนรับ", "Welcome"


def _holder(box: QVBoxLayout) -> QWidget:
    holder = QWidget()
    holder.setLayout(box)
    return holder


class AttractScreen(Screen):
    phone_requested = Signal()
    join_requested = Signal()
    feedback_requested = Signal()

    def __init__(self, shop_name: Callable[[str], str], logo_path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        """`shop_name`: the shop's name in a language (the config's Thai form in Thai)."""
        super().__init__(parent)
        self._shop_name = shop_name
        self.logo = ShopLogo(shop_name("en"), logo_path)  # initials in Latin letters, the same in both languages
        self._welcome = label("", SUB_CAPTION)
        self._name = label(shop_name(current_language()), TITLE, wrap=True)
        self._name.setObjectName("attractShop")
        self._scan = label("", "attractHeadline", wrap=True)
        self._scan_second = label("", "attractSecond", wrap=True)
        self._join_second = label("", SUB_CAPTION, wrap=True)
        self._how = label("", CAPTION, wrap=True)

        self.join_button = button("", PRIMARY)
        self.join_button.setObjectName("bigPrimary")
        self.join_button.clicked.connect(self.join_requested)
        self.phone_button = button("", "bigSecondary")
        self.phone_button.clicked.connect(self.phone_requested)
        self.feedback_button = button("", FLAT)
        self.feedback_button.clicked.connect(self.feedback_requested)

        intro = QVBoxLayout()
        intro.setContentsMargins(0, 0, 0, 0)
        intro.setSpacing(scaled(10))
        brand = QHBoxLayout()
        brand.setSpacing(scaled(18))
        brand.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self._welcome)
        names.addWidget(self._name)
        brand.addLayout(names, 1)
        intro.addLayout(brand)
        intro.addSpacing(scaled(14))
        intro.addWidget(self._scan)
        intro.addWidget(self._scan_second)
        intro.addWidget(self._how)
        ways_in = QVBoxLayout()
        ways_in.setContentsMargins(0, 0, 0, 0)
        ways_in.setSpacing(scaled(10))
        ways_in.addWidget(self.join_button)
        ways_in.addWidget(self._join_second)
        ways_in.addSpacing(scaled(4))
        ways_in.addWidget(self.phone_button)
        ways_in.addWidget(self.feedback_button, 0, Qt.AlignmentFlag.AlignLeft)

        camera_card, camera_box = card(spacing=12, margins=18)
        self.preview = CameraPreview()
        self.camera_status = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self._camera_title = label("", HEADING, align=Qt.AlignmentFlag.AlignCenter)
        camera_box.addWidget(self._camera_title)
        camera_box.addWidget(self.preview, 1)
        camera_box.addWidget(self.camera_status)

        # Wide: the invitation and the ways in on the left, the camera on the right. Tall (a screen stood on
        # end): the invitation, the camera under it, then the ways in, each across the whole width.
        self._intro, self._ways_in, self._camera_card = _holder(intro), _holder(ways_in), camera_card
        self._grid = QGridLayout(self)
        self.page_margins(self._grid, 56, 40, 56, 40)
        self._grid.setVerticalSpacing(scaled(28))
        self.compact_changed()  # lays the grid out too
        self.retranslate_ui()

    def compact_changed(self) -> None:
        # On a 1024x768 screen the invitation keeps the width its headline needs on one line (wrapped, it would
        # push the ways in off the bottom): half the gap, and the camera narrower.
        compact = self.is_compact()
        self._grid.setHorizontalSpacing(scaled(24 if compact else 48))
        self.preview.setMinimumSize(scaled(300 if compact else 360), scaled(200 if compact else 240))
        self.orientation_changed()

    def orientation_changed(self) -> None:
        grid = self._grid
        for widget in (self._intro, self._ways_in, self._camera_card):
            grid.removeWidget(widget)
        for index in range(3):
            grid.setRowStretch(index, 0)
            grid.setColumnStretch(index, 0)
        if self.is_portrait():
            grid.addWidget(self._intro, 0, 0)
            grid.addWidget(self._camera_card, 1, 0)
            grid.addWidget(self._ways_in, 2, 0)
            grid.setRowStretch(1, 1)
            grid.setColumnStretch(0, 1)
        else:
            grid.addWidget(self._intro, 0, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._ways_in, 1, 0, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(self._camera_card, 0, 1, 2, 1)
            grid.setColumnStretch(0, 3 if self.is_compact() else 1)
            grid.setColumnStretch(1, 2 if self.is_compact() else 1)
            grid.setRowStretch(0, 1)

    def set_camera_message(self, text: str) -> None:
        self.camera_status.setText(text)

    def retranslate_ui(self) -> None:
        self._name.setText(self._shop_name(current_language()))
        welcome, welcome_second = bilingual(WELCOME_TH, WELCOME_EN)
        self._welcome.setText(f"{welcome} · {welcome_second}")
        scan, scan_second = bilingual(SCAN_TH, SCAN_EN)
        self._scan.setText(scan)
        self._scan_second.setText(scan_second)
        join, join_second = bilingual(JOIN_TH, JOIN_EN)
        self.join_button.setText(join)
        self._join_second.setText(join_second)
        self._how.setText(self.tr("Hold the QR from your member card or phone up to the camera, "
                                  "or scan it at the reader."))
        self.phone_button.setText(self.tr("No QR? Sign in with your phone number"))
        self.feedback_button.setText(self.tr("Rate your visit"))
        self._camera_title.setText(self.tr("Show your QR here"))
        if not self.camera_status.text():
            self.camera_status.setText(self.tr("Hold it inside the frame"))
