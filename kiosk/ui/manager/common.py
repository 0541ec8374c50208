"""Small building blocks of the manager screens: cards, figure tiles, read-only tables, chart/table toggles."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTextBoundaryFinder,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.money import Money
from kiosk.services.reports import NO_FIGURE
from kiosk.ui.formatting import format_date, format_money
from kiosk.ui.theme import BIG_NUMBER, CAPTION, CARD, FLAT, HEADING, SUB_CAPTION, repolish, scaled
from kiosk.ui.widgets import basics
from kiosk.ui.widgets.basics import label


def tr(text: str, n: int = -1) -> str:
    # pyside6-lupdate files a bare tr("...") call under the empty context, so look it up there
    return QCoreApplication.translate("", text, None, n)


def role_label(role: str) -> str:
    # literal tr() calls, so pyside6-lupdate sees every role name
    return {"cashier": tr("Cashier"), "manager": tr("Manager"), "owner": tr("Owner")}.get(role, role)


# The manager's cards are roomier and tighter-packed than the counter's.
card = partial(basics.card, margins=20, spacing=8, inset=4)


def money(minor: int, currency: str) -> str:
    """A figure the reports hand over as minor units, on screen."""
    return format_money(Money(minor, currency))


def percent(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:,.1f}%"


class FigureTile(QFrame):
    """A caption, one big number and a line of context: the figure a manager reads first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(18), scaled(12), scaled(18), scaled(12))
        layout.setSpacing(scaled(2))
        # six tiles share a 1280 px row: a long caption wraps rather than widening the page
        self.caption = label("", CAPTION, wrap=True)
        self.value = label(NO_FIGURE, BIG_NUMBER)
        self.value.setStyleSheet(f"font-size: {scaled(30)}px;")
        self.detail = label("", SUB_CAPTION, wrap=True)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set_figure(self, caption: str, value: str, detail: str = "", *, danger: bool = False) -> None:
        """`danger`: the number in the danger colour (a revenue below zero), by the stylesheet's bigNumber[danger]."""
        self.caption.setText(caption)
        self.value.setText(value)
        self.detail.setText(detail)
        if self.danger != danger:
            self.value.setProperty("danger", danger)
            repolish(self.value)
        grid = self.parentWidget()
        if isinstance(grid, TileGrid):  # a caption that wraps now (or no longer) moves its row's figures
            grid.align_later()


    @property
    def danger(self) -> bool:
        return bool(self.value.property("danger"))


class TileGrid(QWidget):
    """Figure tiles in as many even columns as the page's width allows: six in a row on a wide screen, three and
    three (or three and two) on a 1024 px one, rather than squeezing every figure."""

    def __init__(self, tiles: Sequence[QWidget], *, min_tile_width: int = 170,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tiles = list(tiles)
        self._min_tile = scaled(min_tile_width)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(scaled(14))
        self._columns = 0
        self._arrange(len(self._tiles))

    def columns(self) -> int:
        return self._columns

    def columns_for(self, width: int) -> int:
        count = max(1, len(self._tiles))
        spacing = self._grid.spacing()
        fit = max(1, min(count, (width + spacing) // (self._min_tile + spacing)))
        rows = math.ceil(count / fit)
        return math.ceil(count / rows)  # as even as the rows can be: 3 + 3, not 5 + 1

    def minimumSizeHint(self) -> QSize:
        # as narrow as one tile: the tiles rearrange when the page narrows (the height follows in resizeEvent)
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._min_tile), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        columns = self.columns_for(event.size().width())
        if columns != self._columns:
            self._arrange(columns)
        super().resizeEvent(event)
        self.align_later()

    def showEvent(self, event: QShowEvent) -> None:
        # figures set while hidden (a language switch retranslates the pages not shown) were not measured then
        super().showEvent(event)
        self.align_later()

    def align_later(self) -> None:
        """Align the captions once the layout has given the tiles their widths (a zero-delay single shot)."""
        QTimer.singleShot(0, self, self.align_captions)

    def align_captions(self) -> None:
        """The tiles of a row start their figures at one height: a caption that wraps (the Thai 'Program
        return', the English 'Owed to members' at 1280 px) pushed its figure below its neighbours'."""
        if not self.isVisible():  # no widths yet: aligned when shown (its resize)
            return
        columns = max(1, self._columns)
        for start in range(0, len(self._tiles), columns):
            captions = [tile.caption for tile in self._tiles[start:start + columns] if isinstance(tile, FigureTile)]
            for caption in captions:  # a label's height for its width counts its minimum height in
                caption.setMinimumHeight(0)
            tallest = max((max(0, caption.heightForWidth(caption.width())) for caption in captions), default=0)
            for caption in captions:
                caption.setMinimumHeight(tallest)

    def _arrange(self, columns: int) -> None:
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for column in range(max(self._columns, columns)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, tile in enumerate(self._tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        self._columns = columns
        self.updateGeometry()


def text_room(view: QTableWidget, cell: QStyleOptionViewItem, width: int, height: int) -> tuple[QRect, int]:
    """Where a cell of a column `width` wide draws its text, and the room it leaves that text: the cell the view
    draws is its column less the grid line (visualRect: at the one width where a text fits the column and not
    the cell, a row kept one line for a cell drawn on two), less the theme's padding and the view's 3 px text
    margin each side (QCommonStyle's focus frame margin + 1). The rows' measure and the columns' fitting both ask."""
    cell.rect = QRect(0, 0, width - (1 if view.showGrid() else 0), height)
    style = view.style()
    text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, cell, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return text_rect, text_rect.width() - 2 * margin


class WrappedRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text drawn in the theme: Qt sizes a cell's wrapped text to the whole column,
    but the theme's padding leaves the text less room, so a name that wrapped onto one more line than Qt planned
    for was cut at the bottom (a promotion's name beside five columns of figures on a 1024 px till)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        view = self.parent()
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text or not isinstance(view, QTableWidget) or not view.wordWrap():
            return size
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        text_rect, room = text_room(view, cell, view.columnWidth(index.column()), size.height())
        bound = QFontMetrics(cell.font).boundingRect(QRect(0, 0, max(1, room), 100_000),
                                                     int(Qt.TextFlag.TextWordWrap.value), str(text))
        return QSize(size.width(), max(size.height(), bound.height() + size.height() - text_rect.height()))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, stretch_first: bool = True,
          numeric_from: int = 1, rows_shown: int = 0) -> QTableWidget:
    """A read-only table; `rows_shown`: at least that many rows (all, when fewer) are seen whole without scrolling
    inside it, for a table on a page that scrolls (where its layout would give it only its size hint)."""
    widget = QTableWidget()
    fill_table(widget, headers, rows, stretch_first=stretch_first, numeric_from=numeric_from)
    if rows_shown:
        ColumnFit.of(widget).rows_shown = rows_shown
    return widget


def fill_table(widget: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
               stretch_first: bool = True, numeric_from: int = 1) -> None:
    widget.clear()
    widget.setColumnCount(len(headers))
    widget.setHorizontalHeaderLabels(list(headers))
    widget.setRowCount(len(rows))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setAlternatingRowColors(True)
    widget.setWordWrap(True)
    widget.verticalHeader().setVisible(False)
    widget.verticalHeader().setDefaultSectionSize(scaled(38))
    # a long figure name wraps onto a second line of its row rather than being cut off
    widget.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            widget.setItem(r, c, item)
    if not isinstance(widget.itemDelegate(), WrappedRows):
        widget.setItemDelegate(WrappedRows(widget))
    fit = ColumnFit.of(widget)
    fit.numeric_from = numeric_from
    fit.stretch = 0 if stretch_first else len(headers) - 1
    fit.fit()


ROUNDING = 3  # px a measured text is given beyond its advance: drawn, it is rounded up and its ink may overhang


class ColumnFit(QObject):
    """A read-only table's columns fitted to its width, which it never scrolls past while the words fit: every
    figure on one line, every header whole (wrapped onto a second line at a space when the width is short), and
    the text columns wrapping at spaces. What is left over widens the name column (the first, or the last).

    Qt's own ResizeToContents sized each column to its one-line header and cells: on a 1024 px till the English
    partner settlement's six figure headers alone were wider than the table, the partners' names were squeezed to
    'Soi 31 B…' and the figures hid behind a horizontal scroll bar."""

    def __init__(self, widget: QTableWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.numeric_from = 1
        self.stretch = 0
        self.rows_shown = 0
        self._fitting = False
        header = widget.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(1)
        header.setDefaultAlignment(header.defaultAlignment() | Qt.TextFlag.TextWordWrap)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        widget.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # a narrower column wraps its text onto more lines: the rows grow with it (Qt sizes them only on filling).
        # One fitting resizes several columns: their rows are measured again once, after the last of them.
        self._rows_again = QTimer(self)
        self._rows_again.setSingleShot(True)
        self._rows_again.setInterval(0)
        self._rows_again.timeout.connect(self.fit_rows)
        header.sectionResized.connect(lambda *_: self._rows_again.start())
        self._viewport = widget.viewport()
        self._viewport.installEventFilter(self)
        widget.installEventFilter(self)

    @classmethod
    def of(cls, widget: QTableWidget) -> ColumnFit:
        fit = widget.findChild(ColumnFit, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return fit if fit is not None else cls(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if ((kind == QEvent.Type.Resize and watched is self._viewport)
                or (kind in (QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange)
                    and watched is self.widget)):
            self.fit()
        return False

    # -- measuring -----------------------------------------------------------------------------------
    def _header_font(self) -> QFont:
        font = QFont(self.widget.horizontalHeader().font())
        font.setWeight(max(font.weight(), QFont.Weight.DemiBold))  # the theme's header sections are semi-bold
        return font

    def _header_padding(self, section: int) -> tuple[int, int]:
        """What a header section keeps around its label: across (padding, borders) and, from its one-line size,
        down."""
        header = self.widget.horizontalHeader()
        option = QStyleOptionHeader()
        header.initStyleOptionForIndex(option, section)
        option.rect = QRect(0, 0, 1000, 100)
        room = header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header)
        one_line = header.sectionSizeFromContents(section).height()
        return 1000 - room.width(), max(0, one_line - QFontMetrics(self._header_font()).height())

    def _cell_measure(self, column: int) -> tuple[int, QFontMetrics]:
        """What a cell of `column` keeps around its text (the grid line, the theme's padding, the view's text
        margin: text_room) and the font it is drawn in (the style sheet's, not the view's own)."""
        view = self.widget
        cell = QStyleOptionViewItem()
        view.initViewItemOption(cell)
        delegate = view.itemDelegate()
        if view.rowCount() and isinstance(delegate, QStyledItemDelegate):
            delegate.initStyleOption(cell, view.model().index(0, column))
        return 1000 - text_room(view, cell, 1000, 100)[1], QFontMetrics(cell.font)

    @staticmethod
    def _widths(fm: QFontMetrics, text: str) -> tuple[int, int]:
        """(the widest line, the widest piece Qt will not break) of `text`: it wraps between words (Thai ones
        too, found by Qt's own line breaking), never inside one, so a figure stays whole."""
        widest_line = widest_piece = 0
        for line in text.split("\n"):
            widest_line = max(widest_line, fm.horizontalAdvance(line) + ROUNDING)
            finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, line)
            start = 0
            while (end := finder.toNextBoundary()) > 0:
                widest_piece = max(widest_piece, fm.horizontalAdvance(line[start:end].rstrip()) + ROUNDING)
                start = end
        return widest_line, widest_piece

    def _column(self, column: int) -> tuple[int, int, int]:
        """(narrowest, its cells on one line each, widest) for a column: no narrower than the longest word of its
        header and of its cells; no wider than its header and its cells on one line."""
        view = self.widget
        item = view.horizontalHeaderItem(column)
        header_text = item.text() if item is not None else ""
        across, _ = self._header_padding(column)
        header_line, header_word = self._widths(QFontMetrics(self._header_font()), header_text)
        narrowest, content = header_word + across, 0
        cell_pad, fm = self._cell_measure(column)
        for row in range(view.rowCount()):
            cell = view.item(row, column)
            if cell is None or not cell.text():
                continue
            line, word = self._widths(fm, cell.text())
            narrowest = max(narrowest, word + cell_pad)
            content = max(content, line + cell_pad)
        return narrowest, max(narrowest, content), max(narrowest, content, header_line + across)

    # -- fitting -------------------------------------------------------------------------------------
    def widths_for(self, room: int) -> list[int]:
        """The columns' widths in `room` px: each as wide as it wants when all fit, the rest to the name column;
        else each at its narrowest, and what is left unwraps the figures, the text, then the headers."""
        count = self.widget.columnCount()
        wants = [self._column(c) for c in range(count)]
        widest = [w for _, _, w in wants]
        stretch = min(max(self.stretch, 0), count - 1)
        if sum(widest) <= room:
            widths = list(widest)
            widths[stretch] += room - sum(widest)
            return widths
        widths = [n for n, _, _ in wants]
        if sum(widths) >= room:
            return widths  # not even the words fit: the table scrolls sideways
        figures = [c for c in range(count) if c >= self.numeric_from and c != stretch]
        text = [c for c in range(count) if c not in figures]
        content = [c for _, c, _ in wants]
        # the figures on one line, if they all can be; else the text first (a name on six lines beside figures on
        # two made the rows tallest); then the figures; then the headers on one line
        steps = ((figures, content, True), (text, content, False), (figures, content, False),
                 (list(range(count)), widest, False))
        for columns, target, whole in steps:
            left = room - sum(widths)
            short = {c: target[c] - widths[c] for c in columns if target[c] > widths[c]}
            total = sum(short.values())
            if left <= 0:
                break
            if not total or (whole and total > left):
                continue
            give = min(left, total)
            for c, lack in short.items():
                widths[c] += lack * give // total
        widths[stretch] += max(0, room - sum(widths))
        return widths

    def fit(self) -> None:
        view = self.widget
        if self._fitting or not view.columnCount():
            return
        self._fitting = True
        try:
            header = view.horizontalHeader()
            widths = self.widths_for(view.viewport().width())
            for column, width in enumerate(widths):
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
            # a header wrapped onto two lines makes the header row as tall
            font = QFontMetrics(self._header_font())
            tallest = 0
            for column, width in enumerate(widths):
                item = view.horizontalHeaderItem(column)
                across, down = self._header_padding(column)
                bound = font.boundingRect(QRect(0, 0, max(1, width - across), 100_000),
                                          int(Qt.TextFlag.TextWordWrap.value), item.text() if item else "")
                tallest = max(tallest, bound.height() + down)
            if header.minimumHeight() != tallest:
                header.setMinimumHeight(tallest)
        finally:
            self._fitting = False
        self._rows_again.start()

    def fit_rows(self) -> None:
        view = self.widget
        view.resizeRowsToContents()
        if not self.rows_shown:
            return
        header = view.horizontalHeader()
        shown = min(view.rowCount(), self.rows_shown)
        rows = sum(view.rowHeight(r) for r in range(shown)) if shown else view.verticalHeader().defaultSectionSize()
        bar = view.horizontalScrollBar()
        height = (2 * view.frameWidth() + max(header.minimumHeight(), header.sizeHint().height()) + rows
                  + (bar.sizeHint().height() if bar.isVisible() else 0))
        if view.minimumHeight() != height:
            view.setMinimumHeight(height)


class ChartCard(QFrame):
    """A titled chart whose numbers are one click away: the button flips between the chart and a table."""

    def __init__(self, title: str, chart: QWidget, numbers: QTableWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(18), scaled(12), scaled(18), scaled(14))
        head = QHBoxLayout()
        # a long title wraps rather than holding the card wide: beside it, the daily figures' table needs the room
        self.title = label(title, HEADING, wrap=True)
        self.toggle = QPushButton()
        self.toggle.setObjectName(FLAT)
        self.toggle.setCheckable(True)
        self.toggle.setStyleSheet(f"padding: 0px {scaled(6)}px; font-size: {scaled(15)}px;")
        self.toggle.toggled.connect(self._flip)
        head.addWidget(self.title, 1)
        head.addWidget(self.toggle)
        layout.addLayout(head)
        self.stack = QStackedWidget()
        self.chart = chart
        self.numbers = numbers
        self.stack.addWidget(chart)
        self.stack.addWidget(numbers)
        layout.addWidget(self.stack, 1)
        self._flip(False)

    def showing_numbers(self) -> bool:
        return self.stack.currentWidget() is self.numbers

    def _flip(self, numbers: bool) -> None:
        self.stack.setCurrentWidget(self.numbers if numbers else self.chart)
        self.toggle.setText(tr("Show chart") if numbers else tr("Show numbers"))


class DateField(QDateEdit):
    """A day picked from a calendar and shown as the screens write dates ('26 พ.ย. 2569', '26 Nov 2026'): Qt's
    own display formats know no Buddhist Era. Typing is off (the text is not Qt's format to parse back); the
    calendar and the arrow keys, a day a step, change it."""

    def __init__(self, day: dt.date, *, latest: dt.date | None = None) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.lineEdit().setReadOnly(True)
        if latest is not None:
            self.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.setDate(QDate(day.year, day.month, day.day))

    def day(self) -> dt.date:
        picked = self.date()
        return dt.date(picked.year(), picked.month(), picked.day())

    def textFromDateTime(self, value: QDateTime) -> str:
        picked = value.date()
        return format_date(dt.date(picked.year(), picked.month(), picked.day()))

    def stepBy(self, steps: int) -> None:
        self.setDate(self.date().addDays(steps))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.date() > self.minimumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.date() < self.maximumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
        super().changeEvent(event)


def period_text(first: dt.date, last: dt.date) -> str:
    """'26 พ.ย. 2569', or '28 ต.ค. 2569 – 26 พ.ย. 2569' for more than a day."""
    return format_date(first) if first == last else f"{format_date(first)} – {format_date(last)}"


__all__ = ["ChartCard", "ColumnFit", "DateField", "FigureTile", "TileGrid", "card", "fill_table", "label", "money",
           "percent", "period_text", "role_label", "table", "tr"]
