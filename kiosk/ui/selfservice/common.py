"""Building blocks shared by the self-service screens: the screen base, cards, a digit keypad, bilingual text."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.ids import new_command_id
from kiosk.ui.i18n import THAI, current_language
from kiosk.ui.theme import (
    CAPTION,
    FLAT,
    HEADING,
    PRIMARY,
    SCREEN,
    SUB_CAPTION,
    TITLE,
    scaled,
)
from kiosk.ui.widgets import basics
from kiosk.ui.widgets.basics import label
from kiosk.ui.widgets.scrolling import ScrollBox, scroll_box

# Touch only: focus rings and keyboard focus mean nothing on a kiosk, and focus would steal Enter.
button = partial(basics.button, focus=False)
# The kiosk's cards are roomier than the counter's: read at arm's length.
card = partial(basics.card, margins=22, inset=4)


def bilingual(thai: str, english: str) -> tuple[str, str]:
    """(main, second) line: the current language first, the other one under it, for passers-by."""
    return (thai, english) if current_language() == THAI else (english, thai)


class Screen(QWidget):
    """One page of the kiosk. `reset()` must forget everything a customer typed or saw on it."""

    _title: QLabel  # each screen makes its title and caption before it calls frame()
    _caption: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._flows: list[QBoxLayout] = []
        self._portrait = False

    def flow(self, box: QBoxLayout) -> QBoxLayout:
        """`box` lays its parts side by side on a wide screen and one above the other on a tall one."""
        self._flows.append(box)
        box.setDirection(self._direction())
        return box

    def is_portrait(self) -> bool:
        return self._portrait

    def set_portrait(self, portrait: bool) -> None:
        """The window is taller than wide (a kiosk screen stood on end): stack what sits side by side."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for box in self._flows:
            box.setDirection(self._direction())
        self.orientation_changed()

    def orientation_changed(self) -> None:
        """Rearrange anything more than `flow()` boxes when the screen turns (screens override)."""

    def _direction(self) -> QBoxLayout.Direction:
        return QBoxLayout.Direction.TopToBottom if self._portrait else QBoxLayout.Direction.LeftToRight

    def reset(self) -> None:
        """Clear every widget back to its empty state (idle timeout, "Done", next customer)."""

    def retranslate_ui(self) -> None:
        """Set every translated text again (language switched)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def frame(self, body: QWidget | QLayout, *, right: QWidget | None = None) -> QVBoxLayout:
        """The kiosk page frame every screen shares: generous margins, title and caption, then the body."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(56), scaled(40), scaled(56), scaled(40))
        layout.setSpacing(scaled(24))
        layout.addLayout(self.header(self._title, self._caption, right=right))
        if isinstance(body, QLayout):
            layout.addLayout(body, 1)
        else:
            layout.addWidget(body, 1)
        return layout

    @staticmethod
    def header(title: QLabel, caption: QLabel | None = None, *, right: QWidget | None = None) -> QHBoxLayout:
        title.setObjectName(TITLE)
        box = QVBoxLayout()
        box.setSpacing(scaled(2))
        box.addWidget(title)
        if caption is not None:
            caption.setObjectName(CAPTION)
            box.addWidget(caption)
        row = QHBoxLayout()
        row.addLayout(box, 1)
        if right is not None:
            row.addWidget(right, 0, Qt.AlignmentFlag.AlignTop)
        return row


__all__ = ["Screen", "ScrollBox", "bilingual", "button", "card", "label", "new_command_id", "scroll_box",
           "FLAT", "HEADING", "PRIMARY", "SUB_CAPTION", "CAPTION"]
