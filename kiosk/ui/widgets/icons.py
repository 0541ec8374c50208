"""Small line icons painted with QPainter, so keypads never depend on a font having the glyph."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from kiosk.ui.theme import color


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x so icons stay crisp on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def _pen(ink: QColor, size: int) -> QPen:
    pen = QPen(ink, max(1.5, size / 14))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def backspace_icon(size: int = 32, ink: QColor | None = None) -> QIcon:
    pixmap, painter = _canvas(size)
    painter.setPen(_pen(ink or color("text"), size))
    s = size
    body = QPainterPath()
    body.moveTo(s * 0.08, s * 0.5)
    body.lineTo(s * 0.32, s * 0.22)
    body.lineTo(s * 0.92, s * 0.22)
    body.lineTo(s * 0.92, s * 0.78)
    body.lineTo(s * 0.32, s * 0.78)
    body.closeSubpath()
    painter.drawPath(body)
    painter.drawLine(QPointF(s * 0.48, s * 0.36), QPointF(s * 0.74, s * 0.64))
    painter.drawLine(QPointF(s * 0.74, s * 0.36), QPointF(s * 0.48, s * 0.64))
    painter.end()
    return QIcon(pixmap)


def shift_icon(size: int = 32, ink: QColor | None = None) -> QIcon:
    pixmap, painter = _canvas(size)
    painter.setPen(_pen(ink or color("text"), size))
    s = size
    arrow = QPainterPath()
    arrow.moveTo(s * 0.5, s * 0.12)
    arrow.lineTo(s * 0.88, s * 0.52)
    arrow.lineTo(s * 0.66, s * 0.52)
    arrow.lineTo(s * 0.66, s * 0.86)
    arrow.lineTo(s * 0.34, s * 0.86)
    arrow.lineTo(s * 0.34, s * 0.52)
    arrow.lineTo(s * 0.12, s * 0.52)
    arrow.closeSubpath()
    painter.drawPath(arrow)
    painter.end()
    return QIcon(pixmap)


def enter_icon(size: int = 32, ink: QColor | None = None) -> QIcon:
    pixmap, painter = _canvas(size)
    painter.setPen(_pen(ink or color("text"), size))
    s = size
    path = QPainterPath()
    path.moveTo(s * 0.84, s * 0.2)
    path.lineTo(s * 0.84, s * 0.62)
    path.lineTo(s * 0.18, s * 0.62)
    painter.drawPath(path)
    painter.drawLine(QPointF(s * 0.18, s * 0.62), QPointF(s * 0.38, s * 0.42))
    painter.drawLine(QPointF(s * 0.18, s * 0.62), QPointF(s * 0.38, s * 0.82))
    painter.end()
    return QIcon(pixmap)


def check_path(rect: QRectF) -> QPainterPath:
    """A tick inside `rect`, for painted stamps."""
    path = QPainterPath()
    path.moveTo(rect.left() + rect.width() * 0.24, rect.top() + rect.height() * 0.52)
    path.lineTo(rect.left() + rect.width() * 0.43, rect.top() + rect.height() * 0.70)
    path.lineTo(rect.left() + rect.width() * 0.77, rect.top() + rect.height() * 0.33)
    return path


def star_path(rect: QRectF, points: int = 5) -> QPainterPath:
    """A star inside `rect`, marking the reward slot of a stamp card."""
    centre = rect.center()
    outer = min(rect.width(), rect.height()) / 2
    inner = outer * 0.45
    path = QPainterPath()
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / points
        point = QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path
