"""Loyalty displays: a painted stamp card, tier progress and the big balance tile."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import (
    BIG_NUMBER,
    CAPTION,
    CARD,
    HEADING,
    SUB_CAPTION,
    color,
    scaled,
)
from kiosk.ui.widgets.icons import check_path, star_path

PROGRESS_STEPS = 1000  # QProgressBar is a 32-bit int: progress is shown in tenths of a percent


class StampCardWidget(QWidget):
    """N of M stamps drawn as a punch card: filled circles with a tick, empty dashed circles.

    The last slot is the reward and shows a star until it is stamped. Scales to any size and keeps
    its aspect ratio (height follows width).
    """

    def __init__(self, parent: QWidget | None = None, *, filled: int = 0, total: int = 10) -> None:
        super().__init__(parent)
        self._filled = 0
        self._total = 1
        # No height-for-width: it fights grid layouts. The card paints itself at its aspect ratio inside
        # whatever rectangle it gets, centred.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.set_stamps(filled, total)

    def set_stamps(self, filled: int, total: int) -> None:
        if total < 1:
            raise ValueError("a stamp card has at least one slot")
        self._total = total
        self._filled = max(0, min(filled, total))
        self.setAccessibleName(f"{self._filled} / {self._total}")
        self.updateGeometry()
        self.update()

    def stamps(self) -> tuple[int, int]:
        """(filled, total)."""
        return self._filled, self._total

    def grid(self) -> tuple[int, int]:
        """(rows, columns) the slots are laid out in: one row up to 6, then rows of at most 10."""
        if self._total <= 6:
            return 1, self._total
        rows = max(2, math.ceil(self._total / 10))
        return rows, math.ceil(self._total / rows)

    def height_for_width(self, width: int) -> int:
        """The height at which a card `width` wide fills its rectangle exactly."""
        rows, columns = self.grid()
        pad = self._padding(width)
        slot = (width - 2 * pad) / columns
        return int(rows * slot + 2 * pad)

    def sizeHint(self) -> QSize:
        width = scaled(460)
        return QSize(width, self.height_for_width(width))

    def minimumSizeHint(self) -> QSize:
        rows, columns = self.grid()
        return QSize(columns * scaled(48), rows * scaled(48))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bounds = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        rows, columns = self.grid()
        pad = self._padding(int(bounds.width()))
        slot = min((bounds.width() - 2 * pad) / columns, (bounds.height() - 2 * pad) / rows)
        card_width = columns * slot + 2 * pad
        card_height = rows * slot + 2 * pad
        card = QRectF(
            bounds.left() + (bounds.width() - card_width) / 2,
            bounds.top() + (bounds.height() - card_height) / 2,
            card_width,
            card_height,
        )
        radius = min(scaled(18), card.height() / 4)
        painter.setPen(QPen(color("border"), 1))
        painter.setBrush(color("surface"))
        painter.drawRoundedRect(card, radius, radius)

        diameter = slot * 0.78
        line = max(1.5, diameter / 22)
        number_font = QFont(self.font())
        number_font.setPixelSize(max(8, int(diameter * 0.32)))
        number_font.setWeight(QFont.Weight.DemiBold)
        for index in range(self._total):
            row, column = divmod(index, columns)
            centre_x = card.left() + pad + (column + 0.5) * slot
            centre_y = card.top() + pad + (row + 0.5) * slot
            circle = QRectF(centre_x - diameter / 2, centre_y - diameter / 2, diameter, diameter)
            reward = index == self._total - 1
            if index < self._filled:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color("accent"))
                painter.drawEllipse(circle)
                tick = QPen(color("on_accent"), max(2.0, diameter / 10))
                tick.setCapStyle(Qt.PenCapStyle.RoundCap)
                tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.setPen(tick)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(check_path(circle))
            elif reward:
                painter.setPen(QPen(color("accent"), line))
                painter.setBrush(color("accent_soft"))
                painter.drawEllipse(circle)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color("accent"))
                inset = diameter * 0.24
                painter.drawPath(star_path(circle.adjusted(inset, inset, -inset, -inset)))
            else:
                dashed = QPen(color("border_strong"), line, Qt.PenStyle.DashLine)
                dashed.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(dashed)
                painter.setBrush(color("background"))
                painter.drawEllipse(circle)
                painter.setPen(color("disabled_text"))
                painter.setFont(number_font)
                painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(index + 1))
        painter.end()

    def _padding(self, width: int) -> float:
        return max(6.0, width * 0.035)


class TierProgressWidget(QWidget):
    """The member's tier, a bar towards the next one, and a caption the caller words ("฿X more to Gold")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tier = QLabel()
        self._tier.setObjectName(HEADING)
        self._next = QLabel()
        self._next.setObjectName(CAPTION)
        self._next.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._bar = QProgressBar()
        self._bar.setRange(0, PROGRESS_STEPS)
        self._bar.setTextVisible(False)
        self._caption = QLabel()
        self._caption.setObjectName(SUB_CAPTION)
        self._caption.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self._tier, 1)
        top.addWidget(self._next)
        layout = QVBoxLayout(self)
        layout.setSpacing(scaled(8))
        layout.addLayout(top)
        layout.addWidget(self._bar)
        layout.addWidget(self._caption)

    def set_state(self, *, tier_name: str, current: int, target: int, caption: str, next_tier_name: str = "") -> None:
        """`current`/`target` in any integer unit (points, satang spent); target 0 means top tier."""
        self._tier.setText(tier_name)
        self._next.setText(next_tier_name)
        self._caption.setText(caption)
        self.set_progress(current, target)

    def set_progress(self, current: int, target: int) -> None:
        if target <= 0:
            steps = PROGRESS_STEPS
        else:
            steps = max(0, min(PROGRESS_STEPS, current * PROGRESS_STEPS // target))
        self._bar.setValue(steps)
        self._bar.setAccessibleName(f"{steps / 10:g}%")

    def progress_steps(self) -> int:
        """Progress in tenths of a percent (0..1000)."""
        return self._bar.value()

    def tier_text(self) -> str:
        return self._tier.text()

    def caption_text(self) -> str:
        return self._caption.text()


class BalanceTile(QFrame):
    """A card with a caption, one big number and a small line under it ("Points", "1,250", "≈ ฿125")."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        caption: str = "",
        value: str = "",
        sub_caption: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(CARD)
        self._caption = QLabel(caption)
        self._caption.setObjectName(CAPTION)
        self._value = QLabel(value)
        self._value.setObjectName(BIG_NUMBER)
        self._sub_caption = QLabel(sub_caption)
        self._sub_caption.setObjectName(SUB_CAPTION)
        self._sub_caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(22), scaled(18), scaled(22), scaled(18))
        layout.setSpacing(scaled(2))
        layout.addWidget(self._caption)
        layout.addWidget(self._value)
        layout.addWidget(self._sub_caption)
        layout.addStretch(1)
        self._sync_sub_caption()

    def set_value(self, text: str) -> None:
        self._value.setText(text)
        self.setAccessibleName(f"{self._caption.text()} {text}")

    def set_caption(self, text: str) -> None:
        self._caption.setText(text)

    def set_sub_caption(self, text: str) -> None:
        self._sub_caption.setText(text)
        self._sync_sub_caption()

    def value_text(self) -> str:
        return self._value.text()

    def caption_text(self) -> str:
        return self._caption.text()

    def sub_caption_text(self) -> str:
        return self._sub_caption.text()

    def _sync_sub_caption(self) -> None:
        self._sub_caption.setVisible(bool(self._sub_caption.text()))
