"""The shop's mark on the attract screen: its logo image if the shop has one, else a painted monogram."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui.theme import color, scaled


class ShopLogo(QWidget):
    def __init__(self, shop_name: str, logo_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap(str(logo_path)) if logo_path and logo_path.is_file() else QPixmap()
        words = [w for w in shop_name.split() if w[:1].isalpha()]
        self._monogram = "".join(w[0] for w in words[:2]).upper() or "★"
        self.setFixedSize(QSize(scaled(96), scaled(96)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        if not self._pixmap.isNull():
            scaled_pixmap = self._pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation)
            painter.drawPixmap((self.width() - scaled_pixmap.width()) // 2,
                               (self.height() - scaled_pixmap.height()) // 2, scaled_pixmap)
            painter.end()
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color("accent"))
        painter.drawRoundedRect(rect, rect.width() * 0.28, rect.height() * 0.28)
        font = QFont(self.font())
        font.setPixelSize(int(rect.height() * 0.38))
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        painter.setPen(color("on_accent"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._monogram)
        painter.end()
