"""A list that scrolls inside its card when it outgrows it, so a screen keeps its size however much it holds."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.theme import scaled


class ScrollBox(QScrollArea):
    """A frameless, see-through area whose column scrolls when what it holds outgrows it (a member's rewards,
    visits): the screen keeps its size and a finger drags the list. It asks for a line's height and takes what
    the screen can give, so a long list never makes its card, or the window, taller."""

    def __init__(self, spacing: int = 6) -> None:
        super().__init__()
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

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), scaled(40))

    def minimumSizeHint(self) -> QSize:
        # it scrolls only up and down: as narrow as what it holds can be, and no narrower
        content = self.widget()
        width = super().minimumSizeHint().width()
        if content is not None:
            width = max(width, content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())
        return QSize(width, scaled(40))


def scroll_box(spacing: int = 6) -> tuple[ScrollBox, QVBoxLayout]:
    """A ScrollBox and the column to put its rows in."""
    box = ScrollBox(spacing)
    return box, box.column


__all__ = ["ScrollBox", "scroll_box"]
