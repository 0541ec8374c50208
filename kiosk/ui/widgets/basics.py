"""The plain building blocks every face uses: labels, buttons, cards, the id of a cashier's or customer's request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import CARD, scaled


def fit_lines(text: str, widget: QWidget, width: int, *, max_lines: int = 2) -> str:
    """`text` broken at spaces into lines no wider than `width` in `widget`'s font, at most `max_lines` of them,
    the last cut short with "…" when it still runs over: for a button, which never wraps its own text (a shop's
    long offer name once made the counter's rewards column wider than the screen)."""
    widget.ensurePolished()  # the theme's font, not the default one
    metrics = widget.fontMetrics()
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)


def label(text: str = "", name: str = "", *, wrap: bool = False, align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(text: str = "", name: str = "", *, focus: bool = True, expand: bool = False,
           min_width: int = 0) -> QPushButton:
    """A push button styled by `name` (the theme's object names). `focus=False` for touch screens, where a
    focus ring means nothing and keyboard focus would steal Enter from the scanner."""
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    if not focus:
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if expand:
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if min_width:
        widget.setMinimumWidth(scaled(min_width))
    return widget


def card(parent: QWidget | None = None, *, margins: int = 18, spacing: int = 10,
         inset: int = 2) -> tuple[QFrame, QVBoxLayout]:
    """A rounded panel and its column: `margins` at the sides, `inset` less at top and bottom."""
    frame = QFrame(parent)
    frame.setObjectName(CARD)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(scaled(margins), scaled(margins - inset), scaled(margins), scaled(margins - inset))
    layout.setSpacing(scaled(spacing))
    return frame, layout
