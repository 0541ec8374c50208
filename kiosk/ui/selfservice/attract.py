"""The attract screen: the shop, a live camera to scan a member QR, and big ways in (phone, join, rate)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.scanning import CameraPreview
from kiosk.ui.selfservice.common import Screen, bilingual, button, card, label
from kiosk.ui.selfservice.logo import ShopLogo
from kiosk.ui.theme import CAPTION, FLAT, HEADING, PRIMARY, SUB_CAPTION, TITLE, scaled

# The invitation shows both languages at once: whoever walks past reads one of them.
SCAN_TH, SCAN_EN = "สแกน QR สมาชิกของคุณ", "Scan your member QR"
JOIN_TH, JOIN_EN = "สมัครสมาชิกฟรี", "Join now, it's free"
WELCOME_TH, WELCOME_EN = "ยินดีต้อนรับ", "Welcome"


class AttractScreen(Screen):
    phone_requested = Signal()
    join_requested = Signal()
    feedback_requested = Signal()

    def __init__(self, shop_name: str, logo_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shop_name = shop_name
        self.logo = ShopLogo(shop_name, logo_path)
        self._welcome = label("", SUB_CAPTION)
        self._name = label(shop_name, TITLE, wrap=True)
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

        left = QVBoxLayout()
        left.setSpacing(scaled(14))
        brand = QHBoxLayout()
        brand.setSpacing(scaled(18))
        brand.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self._welcome)
        names.addWidget(self._name)
        brand.addLayout(names, 1)
        left.addLayout(brand)
        left.addSpacing(scaled(28))
        left.addWidget(self._scan)
        left.addWidget(self._scan_second)
        left.addWidget(self._how)
        left.addStretch(1)
        left.addWidget(self.join_button)
        left.addWidget(self._join_second)
        left.addSpacing(scaled(6))
        left.addWidget(self.phone_button)
        left.addSpacing(scaled(6))
        left.addWidget(self.feedback_button, 0, Qt.AlignmentFlag.AlignLeft)

        camera_card, camera_box = card(spacing=12, margins=18)
        self.preview = CameraPreview()
        self.preview.setMinimumSize(scaled(420), scaled(320))
        self.camera_status = label("", SUB_CAPTION, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self._camera_title = label("", HEADING, align=Qt.AlignmentFlag.AlignCenter)
        camera_box.addWidget(self._camera_title)
        camera_box.addWidget(self.preview, 1)
        camera_box.addWidget(self.camera_status)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(scaled(56), scaled(48), scaled(56), scaled(48))
        layout.setSpacing(scaled(48))
        layout.addLayout(left, 5)
        layout.addWidget(camera_card, 6)
        self.retranslate_ui()

    def set_camera_message(self, text: str) -> None:
        self.camera_status.setText(text)

    def retranslate_ui(self) -> None:
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
