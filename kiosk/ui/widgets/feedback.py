"""Feedback overlays: a Toast banner a cashier can read at a glance, and a BusyOverlay for slow work."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.tasks import TaskRunner
from kiosk.ui.theme import color, repolish, scaled

ERROR = "error"
INFO = "info"
SUCCESS = "success"
_DEFAULT_TIMEOUT_MS = {ERROR: 6000, INFO: 3500, SUCCESS: 2500}


class _FollowParent(QObject):
    """Keeps an overlay laid out over its parent when the parent resizes."""

    def __init__(self, overlay: QWidget) -> None:
        super().__init__(overlay)
        self._overlay = overlay

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            relayout = getattr(self._overlay, "relayout", None)
            if relayout is not None:
                relayout()
        return False


class Toast(QLabel):
    """A banner across the top of its parent: a short message, then it hides itself.

    Errors stay longer than confirmations; a tap dismisses it early. Show `refusal(error)` (kiosk.ui.formatting)
    or a `TaskFailure.message` here, both in the screen's language, never a traceback. With an `anchor` (a widget
    inside `parent`, such as a status line) the banner lies over the anchor instead, its bottom on the anchor's,
    so it covers no button.
    """

    def __init__(self, parent: QWidget, *, anchor: QWidget | None = None) -> None:
        super().__init__(parent)
        self._anchor: QWidget | None = None
        self.setObjectName("toast")
        if anchor is not None:
            self.set_anchor(anchor)
        self.setProperty("kind", INFO)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        parent.installEventFilter(_FollowParent(self))
        self.hide()

    def set_anchor(self, anchor: QWidget) -> None:
        """Show over `anchor` from now on (while it is on screen; over the top of the parent otherwise)."""
        self._anchor = anchor
        anchor.installEventFilter(_FollowParent(self))
        self.setProperty("anchored", True)
        repolish(self)

    def show_message(self, text: str, *, kind: str = INFO, timeout_ms: int | None = None) -> None:
        if kind not in _DEFAULT_TIMEOUT_MS:
            raise ValueError(f"unknown toast kind {kind!r}")
        self.setText(text)
        self.setAccessibleName(text)
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            repolish(self)
        self.relayout()
        self.show()
        self.raise_()
        self._timer.start(timeout_ms if timeout_ms is not None else _DEFAULT_TIMEOUT_MS[kind])

    def show_error(self, text: str, *, timeout_ms: int | None = None) -> None:
        self.show_message(text, kind=ERROR, timeout_ms=timeout_ms)

    def kind(self) -> str:
        return str(self.property("kind"))

    def relayout(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        anchor = self._anchor
        if anchor is not None and anchor.isVisible():
            corner = anchor.mapTo(parent, QPoint(0, 0))
            width = anchor.width()
            height = max(self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height(),
                         anchor.height())
            self.setGeometry(corner.x(), corner.y() + anchor.height() - height, width, height)
            return
        margin = scaled(16)
        width = min(parent.width() - 2 * margin, max(scaled(360), int(parent.width() * 0.7)))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        self.setGeometry((parent.width() - width) // 2, margin, width, max(height, scaled(56)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()
        self.hide()
        event.accept()


class BusyOverlay(QWidget):
    """Covers its parent with a soft veil and a spinner, swallowing taps, while slow work runs.

    It appears only after `delay_ms` so quick tasks never flash it. `bind(runner)` follows a
    TaskRunner's `busy_changed` signal.
    """

    def __init__(self, parent: QWidget, *, delay_ms: int = 300) -> None:
        super().__init__(parent)
        self._message = ""
        self._angle = 0
        self._spin = QTimer(self)
        self._spin.setInterval(33)
        self._spin.timeout.connect(self._advance)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(delay_ms)
        self._delay.timeout.connect(self._appear)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        parent.installEventFilter(_FollowParent(self))
        self.hide()

    def bind(self, runner: TaskRunner, message: str = "") -> None:
        runner.busy_changed.connect(lambda busy: self.show_busy(message) if busy else self.hide_busy())

    def show_busy(self, message: str = "") -> None:
        self._message = message or self.tr("Please wait…")
        if not self.isVisible() and not self._delay.isActive():
            self._delay.start()
        self.update()

    def hide_busy(self) -> None:
        self._delay.stop()
        self._spin.stop()
        self.hide()

    def is_pending_or_shown(self) -> bool:
        return self._delay.isActive() or self.isVisible()

    def message(self) -> str:
        return self._message

    def relayout(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # taps must not reach the screen underneath while it works

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        veil = QColor(color("background"))
        veil.setAlpha(215)
        painter.fillRect(self.rect(), veil)
        size = scaled(56)
        centre = self.rect().center()
        ring = QRectF(centre.x() - size / 2, centre.y() - size / 2 - scaled(24), size, size)
        painter.setPen(QPen(color("track"), scaled(6)))
        painter.drawEllipse(ring)
        arc = QPen(color("accent"), scaled(6))
        arc.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        painter.drawArc(ring, -self._angle * 16, 100 * 16)
        painter.setPen(color("text"))
        text_box = QRectF(0, ring.bottom() + scaled(16), self.width(), scaled(60))
        painter.drawText(text_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self._message)
        painter.end()

    def _appear(self) -> None:
        self.relayout()
        self.show()
        self.raise_()
        self._spin.start()

    def _advance(self) -> None:
        self._angle = (self._angle + 12) % 360
        self.update()
