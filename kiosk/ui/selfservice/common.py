"""Building blocks shared by the self-service screens: the screen base, cards, a digit keypad, bilingual text."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
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
    repolish,
    scaled,
)
from kiosk.ui.widgets import basics
from kiosk.ui.widgets.basics import label
from kiosk.ui.widgets.scrolling import ScrollBox, scroll_box

# Touch only: focus rings and keyboard focus mean nothing on a kiosk, and focus would steal Enter.
button = partial(basics.button, focus=False)
# The kiosk's cards are roomier than the counter's: read at arm's length.
card = partial(basics.card, margins=22, inset=4)


# On a screen smaller than the 1280x800 the kiosk is laid out for (1024x768, 1366x768) the page margins shrink to
# these (unscaled px, like every size here), leaving the room to the buttons, keys and text.
COMPACT_SIDE_MARGIN = 24
COMPACT_END_MARGIN = 24


def is_compact(width: int, height: int) -> bool:
    """True for a window smaller than 1280x800 either way up (a 1024x768 touchscreen, a 1366x768 one): the
    screens keep their type and touch sizes, and give up margin and spacing instead."""
    return max(width, height) < 1280 or min(width, height) < 800


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
        self._margins: list[tuple[QLayout, tuple[int, int, int, int]]] = []
        self._portrait = False
        self._compact = False

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

    def page_margins(self, layout: QLayout, left: int, top: int, right: int, bottom: int) -> None:
        """`layout`'s margins in unscaled px on a 1280x800 screen or larger; on a compact one (`set_compact`)
        they shrink to COMPACT_SIDE_MARGIN at the sides and COMPACT_END_MARGIN at top and bottom."""
        self._margins.append((layout, (left, top, right, bottom)))
        self._apply_margins(layout, (left, top, right, bottom))

    def _apply_margins(self, layout: QLayout, margins: tuple[int, int, int, int]) -> None:
        left, top, right, bottom = margins
        if self._compact:
            left, right = min(left, COMPACT_SIDE_MARGIN), min(right, COMPACT_SIDE_MARGIN)
            top, bottom = min(top, COMPACT_END_MARGIN), min(bottom, COMPACT_END_MARGIN)
        layout.setContentsMargins(scaled(left), scaled(top), scaled(right), scaled(bottom))

    def is_compact(self) -> bool:
        return self._compact

    def content_left(self) -> int:
        """Where this screen's content starts from its left edge (the top bar's shop name lines up with it)."""
        layout = self.layout()
        return layout.contentsMargins().left() if layout is not None else 0

    def set_compact(self, compact: bool) -> None:
        """The window is smaller than 1280x800 (`is_compact`): narrower margins and spacing, smaller minimums."""
        if compact == self._compact:
            return
        self._compact = compact
        for layout, margins in self._margins:
            self._apply_margins(layout, margins)
        # the kiosk stylesheet gives an on-screen keyboard's keys a smaller minimum width on a compact screen
        self.setProperty("compact", compact)
        for keyboard in self.findChildren(QWidget, "onScreenKeyboard"):
            for key in keyboard.findChildren(QPushButton):
                if key.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                    repolish(key)
            # its rows keep the old minimum while the keyboard is hidden (a number pad in its place), until told
            for row in keyboard.findChildren(QLayout):
                row.invalidate()
            keyboard.updateGeometry()
        self.compact_changed()

    def compact_changed(self) -> None:
        """Tighten or loosen anything more than `page_margins()` (screens override)."""

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
        self.page_margins(layout, 56, 40, 56, 40)
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


__all__ = ["Screen", "ScrollBox", "bilingual", "button", "card", "is_compact",
           "label", "new_command_id", "scroll_box", "FLAT", "HEADING", "PRIMARY", "SUB_CAPTION", "CAPTION"]
