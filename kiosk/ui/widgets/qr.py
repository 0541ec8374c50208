"""A widget that paints a QR code; the matrix comes from an encoder wired in at start-up."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import color, scaled

log = logging.getLogger(__name__)

QrEncoder = Callable[[str], list[list[bool]]]
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks

_encoder: QrEncoder | None = None


def set_qr_encoder(encoder: QrEncoder | None) -> None:
    """Wire the function that turns a payload into QR modules (bootstrap passes the adapter's `qr_matrix`)."""
    global _encoder
    _encoder = encoder


def qr_encoder() -> QrEncoder | None:
    return _encoder


def matrix_image(matrix: list[list[bool]], *, quiet_zone: int = QUIET_ZONE) -> QImage:
    """One pixel per module, black on white, with the quiet zone; scale it without smoothing."""
    size = len(matrix) + 2 * quiet_zone
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x + quiet_zone, y + quiet_zone, 0xFF000000)
    return image


class QrWidget(QWidget):
    """Shows `payload` as a crisp square QR code, whole modules only, centred, with its quiet zone."""

    def __init__(self, parent: QWidget | None = None, *, payload: str = "", encoder: QrEncoder | None = None) -> None:
        super().__init__(parent)
        self._encoder = encoder
        self._payload = ""
        self._matrix: list[list[bool]] = []
        self._image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(scaled(180), scaled(180))
        if payload:
            self.set_payload(payload)

    def set_payload(self, payload: str) -> None:
        """Encode and show `payload`; an empty payload shows nothing."""
        self._payload = payload
        self._matrix = []
        self._image = None
        if payload:
            encoder = self._encoder or _encoder
            if encoder is None:
                raise RuntimeError("No QR encoder wired: call kiosk.ui.widgets.qr.set_qr_encoder() at start-up")
            self._matrix = encoder(payload)
            self._image = matrix_image(self._matrix)
        self.setAccessibleName(payload)
        self.update()

    def payload(self) -> str:
        return self._payload

    def matrix(self) -> list[list[bool]]:
        return [list(row) for row in self._matrix]

    def sizeHint(self) -> QSize:
        return QSize(scaled(240), scaled(240))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())
        if self._image is None or side <= 0:
            painter.end()
            return
        modules = self._image.width()
        module = max(1, side // modules)  # whole pixels per module: blurry edges slow phone scanners down
        drawn = module * modules
        left = (self.width() - drawn) // 2
        top = (self.height() - drawn) // 2
        painter.fillRect(QRectF(left, top, drawn, drawn), color("surface"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(QRectF(left, top, drawn, drawn), self._image)
        painter.end()
