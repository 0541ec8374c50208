"""Does a window fit a screen? `fit_problems(window, (w, h))` lays it out at that size and reads every visible widget.

A problem is a sentence naming the widget, its text and what does not fit: the window's minimum size above the
target (or the window grown past it), a widget lying outside its parent (so off the window or under a neighbour),
text elided or clipped in a label, button, check box, line edit (its placeholder too), combo box, table cell or
header (one that wraps: each word across, its lines down), a chart axis whose labels were truncated, and Thai vowel
and tone marks drawn outside their label. Content inside a scroll area may lie beyond the visible part of it (it
scrolls); its text must still fit its own widget.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6 import QtGui
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QWidget,
)

SLACK = 1  # layouts round; a pixel either way is not a cut letter
BUTTON_TEXT_ROOM = 6  # a button's text may run into its padding, but keeps this much from each edge
ELLIPSIS = "…"


def settle(window: QWidget, rounds: int = 4) -> None:
    """Let layouts, style polish and deferred column fitting run."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
        # the event loop would have deleted what deleteLater() left (old keys of a rebuilt keyboard)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def minimum_size(window: QWidget) -> QSize:
    """The smallest size the window's layout accepts (what it grows to on a smaller screen)."""
    settle(window)
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    layout = window.layout()
    if layout is not None:
        hint = hint.expandedTo(layout.totalMinimumSize())
    return hint


def fit_problems(window: QWidget, size: tuple[int, int], *, where: str = "") -> list[str]:
    """Every way `window`, resized to `size`, fails to show all its visible text; [] when it fits."""
    width, height = size
    window.resize(width, height)
    settle(window)
    tag = f"{where} {width}x{height}".strip()
    problems = []
    needed = minimum_size(window)
    if needed.width() > width or needed.height() > height:
        problems.append(f"{tag}: the window needs at least {needed.width()}x{needed.height()}")
    if window.width() != width or window.height() != height:
        problems.append(f"{tag}: the window became {window.width()}x{window.height()}")
    for widget in _visible_widgets(window):
        problems.extend(f"{tag}: {problem}" for problem in widget_problems(widget))
    return problems


def widget_problems(widget: QWidget) -> list[str]:
    """What is wrong with one visible widget: where it lies and whether its text fits."""
    problems = []
    outside = _outside_parent(widget)
    if outside:
        problems.append(outside)
    if isinstance(widget, QLabel):
        problems.extend(_label_problems(widget))
    elif isinstance(widget, (QCheckBox, QRadioButton)):
        problems.extend(_check_problems(widget))
    elif isinstance(widget, QAbstractButton):
        problems.extend(_button_problems(widget))
    elif isinstance(widget, QLineEdit):
        problems.extend(_line_edit_problems(widget))
    elif isinstance(widget, QComboBox):
        problems.extend(_combo_problems(widget))
    elif isinstance(widget, QHeaderView):
        problems.extend(_header_problems(widget))
    elif isinstance(widget, QAbstractItemView):
        problems.extend(_cell_problems(widget))
    problems.extend(_chart_problems(widget))
    if isinstance(widget, QScrollArea):
        problems.extend(_scroll_problems(widget))
    return problems


def _scroll_problems(area: QScrollArea) -> list[str]:
    """Content wider than a scroll area that never scrolls sideways is cut off for good."""
    content = area.widget()
    if content is None or area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        return []
    if content.width() > area.viewport().width() + SLACK:
        return [f"{_name(area)}: its content is {content.width()} px wide in {area.viewport().width()} px and "
                "cannot scroll sideways"]
    return []


# ---------------------------------------------------------------------------------------------------- walking
def _visible_widgets(window: QWidget) -> Iterable[QWidget]:
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.window() is window and widget.width() > 0 and widget.height() > 0:
            if type(widget).__name__ == "BusyOverlay":
                continue
            yield widget


def _name(widget: QWidget, text: str = "") -> str:
    kind = type(widget).__name__
    name = widget.objectName()
    shown = f" {text!r}" if text else ""
    return f"{kind}{'#' + name if name else ''}{shown}"


def _in_scrolled_content(widget: QWidget) -> bool:
    """True when `widget`'s parent is a scroll area's viewport: the content may be larger and scrolls."""
    parent = widget.parentWidget()
    grand = parent.parentWidget() if parent is not None else None
    return isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent


def _outside_parent(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is None or widget.isWindow() or _in_scrolled_content(widget):
        return ""
    if isinstance(parent, QAbstractScrollArea) or isinstance(parent.parentWidget(), QAbstractScrollArea):
        return ""  # a scroll area's own parts (viewport, scroll bars, header corners)
    box = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    if box.contains(widget.geometry()):
        return ""
    g = widget.geometry()
    return (f"{_name(widget, _text_of(widget))} lies outside {_name(parent)}: at {g.x()},{g.y()} "
            f"{g.width()}x{g.height()} in {parent.width()}x{parent.height()}")


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        return widget.text()[:40]
    return ""


# ---------------------------------------------------------------------------------------------------- labels
def _alignment_flags(widget: QLabel) -> int:
    return int(widget.alignment().value) | int(Qt.TextFlag.TextExpandTabs.value)


def _ink(fm: QFontMetrics, line: str) -> tuple[int, int]:
    """How far the ink of `line` reaches above and below the baseline (Thai marks can pass the font's ascent)."""
    if not line.strip():
        return fm.ascent(), fm.descent()
    tight = fm.tightBoundingRect(line)
    return max(fm.ascent(), -tight.top()), max(fm.descent(), tight.bottom() + 1)


def _label_problems(label: QLabel) -> list[str]:
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not text or rich:
        return []
    fm = label.fontMetrics()
    contents = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    problems = []
    name = _name(label, text[:60])
    if label.wordWrap():
        bound = fm.boundingRect(QRect(0, 0, max(1, contents.width()), 100_000),
                                _alignment_flags(label) | int(Qt.TextFlag.TextWordWrap.value), text)
    else:
        bound = fm.boundingRect(QRect(0, 0, 100_000, 100_000), _alignment_flags(label), text)
    if bound.width() > contents.width() + SLACK:  # wrapped too: a word that cannot be broken runs over
        problems.append(f"{name}: cut at the side: needs {bound.width()} px wide, has {contents.width()}")
    if bound.height() > contents.height() + SLACK:
        problems.append(f"{name}: cut at the bottom: needs {bound.height()} px tall, has {contents.height()}")
        return problems
    # the lines' block sits in the contents as aligned; the ink of the first and last line must stay in the label
    lines = text.split("\n") if not label.wordWrap() else [text]
    above, _ = _ink(fm, lines[0])
    _, below = _ink(fm, lines[-1])
    align = label.alignment()
    if align & Qt.AlignmentFlag.AlignTop:
        top = contents.top()
    elif align & Qt.AlignmentFlag.AlignBottom:
        top = contents.bottom() + 1 - bound.height()
    else:
        top = contents.top() + (contents.height() - bound.height()) // 2
    ink_top = top + fm.ascent() - above
    ink_bottom = top + bound.height() - fm.descent() + below
    if ink_top < -SLACK or ink_bottom > label.height() + SLACK:
        problems.append(f"{name}: marks drawn outside the label ({ink_top}..{ink_bottom} in 0..{label.height()})")
    return problems


# ---------------------------------------------------------------------------------------------------- buttons
def _button_problems(button: QAbstractButton) -> list[str]:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return []
    fm = button.fontMetrics()
    lines = text.split("\n")
    need_w = max(fm.horizontalAdvance(line) for line in lines)
    if not button.icon().isNull():
        need_w += button.iconSize().width() + 4
    need_h = fm.height() * len(lines)
    room_w = button.width() - 2 * BUTTON_TEXT_ROOM
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        contents = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
        # the text is centred in the contents and may spill into the padding, but not past the edges
        room_w = min(button.width() - 2 * BUTTON_TEXT_ROOM, max(contents.width(), 0) + 2 * max(
            0, min(contents.left(), button.width() - contents.right()) - BUTTON_TEXT_ROOM))
    problems = []
    name = _name(button, text[:60])
    if need_w > room_w + SLACK:
        problems.append(f"{name}: cut at the side: needs {need_w} px wide, has {room_w}")
    if need_h > button.height() - 2 + SLACK:
        problems.append(f"{name}: cut at top or bottom: needs {need_h} px tall, has {button.height()}")
    return problems


def _check_problems(button: QAbstractButton) -> list[str]:
    text = button.text().replace("&", "")
    if not text:
        return []
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(button, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonContents)
    contents = button.style().subElementRect(element, option, button)
    fm = button.fontMetrics()
    need = fm.horizontalAdvance(text)
    if need > contents.width() + SLACK:
        return [f"{_name(button, text[:60])}: cut at the side: needs {need} px wide, has {contents.width()}"]
    return []


# ---------------------------------------------------------------------------------------------------- inputs
def _line_edit_problems(edit: QLineEdit) -> list[str]:
    text = edit.text() if edit.text() else edit.placeholderText()
    if not text or edit.echoMode() != QLineEdit.EchoMode.Normal:
        return []
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    room = contents.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px each side
    need = edit.fontMetrics().horizontalAdvance(text)
    problems = []
    what = "text" if edit.text() else "placeholder"
    if need > room + SLACK:
        problems.append(f"{_name(edit, text[:60])}: {what} cut: needs {need} px wide, has {room}")
    if edit.fontMetrics().height() > contents.height() + SLACK:
        problems.append(f"{_name(edit, text[:60])}: {what} cut at top or bottom")
    return problems


def _combo_problems(combo: QComboBox) -> list[str]:
    text = combo.currentText()
    if not text or combo.isEditable():
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    need = combo.fontMetrics().horizontalAdvance(text)
    if need > field.width() + SLACK:
        return [f"{_name(combo, text)}: cut: needs {need} px wide, has {field.width()}"]
    return []


# ---------------------------------------------------------------------------------------------------- tables
def _cell_problems(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    viewport = view.viewport().rect()
    problems: list[str] = []
    for row in range(min(model.rowCount(), 200)):
        for column in range(_columns(model)):
            index = model.index(row, column)
            rect = view.visualRect(index)
            if rect.isEmpty() or not rect.intersects(viewport):
                continue
            problem = _cell_problem(view, index, rect)
            if problem:
                problems.append(problem)
    return problems


def _columns(model: QAbstractItemModel) -> int:
    try:
        return int(model.columnCount())
    except TypeError:  # a list model keeps columnCount() private: it has one column
        return 1


def _cell_problem(view: QAbstractItemView, index: QModelIndex, rect: QRect) -> str:
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text in (None, ""):
        return ""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = rect
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, QStyledItemDelegate):
        delegate.initStyleOption(option, index)
    text_rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    fm = QFontMetrics(option.font)
    # the view's own 3 px text margin each side (QCommonStyle's focus frame margin + 1)
    room = text_rect.width() - 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    where = f"{_name(view)} cell {index.row()},{index.column()} {str(text)[:40]!r}"
    if getattr(view, "wordWrap", lambda: False)():
        bound = fm.boundingRect(QRect(0, 0, max(1, room), 100_000), int(Qt.TextFlag.TextWordWrap.value), str(text))
        if bound.width() > room + SLACK or bound.height() > text_rect.height() + SLACK:
            return f"{where} cut: needs {bound.width()}x{bound.height()}, has {room}x{text_rect.height()}"
        return ""
    need = max(fm.horizontalAdvance(line) for line in str(text).split("\n"))
    if need > room + SLACK:
        return f"{where} elided: needs {need}, has {room}"
    return ""


def _header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    font = QFont(header.font())
    font.setWeight(max(font.weight(), QFont.Weight.DemiBold))  # the theme's header sections are semi-bold
    fm = QFontMetrics(font)
    problems = []
    for section in range(_columns(model)):
        if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
            continue
        text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        option = QStyleOptionHeader()
        header.initStyleOptionForIndex(option, section)
        option.rect = QRect(header.sectionViewportPosition(section), 0, header.sectionSize(section), header.height())
        room = header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header).width()
        wraps = header.defaultAlignment() & Qt.TextFlag.TextWordWrap
        if wraps and header.textElideMode() == Qt.TextElideMode.ElideNone:
            # a header that wraps: every word fits across, and its lines fit the header's height
            bound = fm.boundingRect(QRect(0, 0, max(1, room), 100_000), int(Qt.TextFlag.TextWordWrap.value), str(text))
            tall = header.height() - (header.sectionSizeFromContents(section).height() - fm.height())
            if bound.width() > room + SLACK or bound.height() > tall + SLACK:
                problems.append(f"{_name(header)} section {str(text)!r} cut: needs {bound.width()}x{bound.height()}, "
                                f"has {room}x{tall}")
            continue
        need = fm.horizontalAdvance(str(text))
        if need > room + SLACK:
            problems.append(f"{_name(header)} section {str(text)!r} cut: needs {need}, has {room}")
    return problems


# ---------------------------------------------------------------------------------------------------- charts
def _chart_problems(widget: QWidget) -> list[str]:
    if not isinstance(widget, QChartView):
        return []
    problems = []
    for axis in widget.chart().axes():
        if axis.isVisible() and axis.labelsVisible() and axis.labelsTruncated():
            problems.append(f"{_name(widget)}: the {axis.orientation().name} axis labels are cut short")
    return problems


__all__ = ["fit_problems", "minimum_size", "settle", "widget_problems"]
