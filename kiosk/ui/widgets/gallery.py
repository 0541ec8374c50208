"""A gallery window showing every shared widget, for eyeballing the theme (`python -m kiosk.ui.widgets.gallery`)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import DANGER, PRIMARY, SCREEN, TITLE, apply_theme
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.keypads import AmountKeypad, PinPad
from kiosk.ui.widgets.loyalty import BalanceTile, StampCardWidget, TierProgressWidget
from kiosk.ui.widgets.qr import QrWidget, qr_encoder


def build_gallery() -> QWidget:
    """Every widget in a plausible state, on one screen."""
    window = QWidget()
    window.setObjectName(SCREEN)
    window.setWindowTitle("Loyalty Kiosk widgets")
    grid = QGridLayout(window)
    grid.setSpacing(24)
    grid.setContentsMargins(28, 28, 28, 28)

    title = QLabel("สวัสดีค่ะ คุณมะลิ · Hello, Mali")
    title.setObjectName(TITLE)
    grid.addWidget(title, 0, 0, 1, 3)

    points = BalanceTile(caption="แต้มสะสม · Points", value="1,250", sub_caption="มีค่า ฿125.00 · worth ฿125.00")
    grid.addWidget(points, 1, 0)
    cash = BalanceTile(caption="Cashback", value="฿86.50", sub_caption="Expires 31 Dec 2025")
    grid.addWidget(cash, 1, 1)

    tier = TierProgressWidget()
    tier.set_state(tier_name="Silver · เงิน", current=3_750, target=5_000,
                   caption="อีก ฿1,250 ถึงระดับ Gold · ฿1,250 more to Gold", next_tier_name="Gold")
    grid.addWidget(tier, 1, 2)

    stamps = StampCardWidget(filled=7, total=10)
    grid.addWidget(stamps, 2, 0, 1, 2)

    qr_box = QVBoxLayout()
    qr = QrWidget()
    if qr_encoder() is not None:
        qr.set_payload("LK1-MEMBER-000123")
    qr_box.addWidget(qr)
    grid.addLayout(qr_box, 2, 2)

    buttons = QVBoxLayout()
    primary = QPushButton("ยืนยัน · Confirm")
    primary.setObjectName(PRIMARY)
    normal = QPushButton("Scan member")
    danger = QPushButton("Refund")
    danger.setObjectName(DANGER)
    search = QLineEdit()
    search.setPlaceholderText("ค้นหาสมาชิก · Search member")
    for widget in (search, primary, normal, danger):
        buttons.addWidget(widget)
    grid.addLayout(buttons, 3, 0)

    grid.addWidget(PinPad(pin_length=4), 3, 1)
    amount = AmountKeypad()
    amount.set_text("1250.5")
    grid.addWidget(amount, 3, 2)

    keyboard = OnScreenKeyboard(language="th")
    keyboard.set_target(search)
    grid.addWidget(keyboard, 4, 0, 1, 3)
    grid.setRowStretch(2, 3)
    grid.setRowStretch(3, 4)
    return window


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_theme(app)
    window = build_gallery()
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
