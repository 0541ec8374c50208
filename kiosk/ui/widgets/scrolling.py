"""A list that scrolls inside its card when it outgrows it, so a screen keeps its size however much it holds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.theme import color, scaled


class _Fade(QWidget):
    """The bottom edge of a fitting box that has more below: its last visible line fades into the card instead of
    being cut through the middle, so the reader sees there is more to scroll to."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def paintEvent(self, _event: QPaintEvent) -> None:
        surface = color("surface")  # the card's background (theme: QFrame#card)
        clear = color("surface")
        clear.setAlpha(0)
        gradient = QLinearGradient(QPointF(0, 0), QPointF(0, self.height()))
        gradient.setColorAt(0.0, clear)
        gradient.setColorAt(1.0, surface)
        painter = QPainter(self)
        painter.fillRect(self.rect(), gradient)
        painter.end()


class ScrollBox(QScrollArea):
    """A frameless, see-through area whose column scrolls when what it holds outgrows it (a member's rewards,
    visits): the screen keeps its size and a finger drags the list. It asks for a line's height and takes what
    the screen can give, so a long list never makes its card, or the window, taller.

    `fit`: it asks for the height of what it holds at its width instead (a member's offers and rewards beside
    their stamp card on the counter): the layout gives it that where the screen has room, and it scrolls only
    where the screen has none, its bottom edge fading into the card while there is more below."""

    def __init__(self, spacing: int = 6, *, fit: bool = False) -> None:
        super().__init__()
        self.fade: QWidget | None = None  # a fitting box's (its `fit` is whether it has one)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QScrollArea { background: transparent; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        inner = QWidget()
        inner.setObjectName("scrollBody")
        inner.setStyleSheet("QWidget#scrollBody { background: transparent; }")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(scaled(spacing))
        self.setWidget(inner)
        self.viewport().setAutoFillBackground(False)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        if fit:
            self.fade = _Fade(self)
            bar = self.verticalScrollBar()
            bar.valueChanged.connect(self._place_fade)
            bar.rangeChanged.connect(self._place_fade)
            self._place_fade()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), max(scaled(40), self._content_height()))

    def _content_height(self) -> int:
        content = self.widget()
        if self.fade is None or content is None:
            return 0
        # at the width it has with its scroll bar shown, so the answer does not change as the bar comes and goes
        width = self.width() - self.verticalScrollBar().sizeHint().width()
        if width <= 0 or not content.hasHeightForWidth():
            return content.sizeHint().height()
        return content.heightForWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # setWidget made this area its content's event filter: when the content's rows change, the height a
        # fitting box asks for changes with them
        if self.fade is not None and watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _place_fade(self, *_args: Any) -> None:
        """Over the viewport's last line-and-a-half while the column goes on below it; hidden at its end."""
        if self.fade is None:
            return
        bar = self.verticalScrollBar()
        area = self.viewport().geometry()
        height = min(scaled(28), area.height() // 3)
        self.fade.setGeometry(area.left(), area.bottom() + 1 - height, area.width(), height)
        self.fade.setVisible(bar.value() < bar.maximum())
        self.fade.raise_()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_fade()
        if self.fade is not None and event.oldSize().width() != event.size().width():
            self.updateGeometry()  # narrower or wider: its rows wrap to another height

    def minimumSizeHint(self) -> QSize:
        # it scrolls only up and down: as narrow as what it holds can be, and no narrower
        content = self.widget()
        width = super().minimumSizeHint().width()
        if content is not None:
            width = max(width, content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())
        return QSize(width, scaled(40))


def scroll_box(spacing: int = 6, *, fit: bool = False) -> tuple[ScrollBox, QVBoxLayout]:
    """A ScrollBox and the column to put its rows in."""
    box = ScrollBox(spacing, fit=fit)
    return box, box.column


__all__ = ["ScrollBox", "scroll_box"]
