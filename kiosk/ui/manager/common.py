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
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
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
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.money import Money
from kiosk.ui.formatting import format_date, format_money
from kiosk.ui.theme import BIG_NUMBER, CAPTION, CARD, FLAT, HEADING, SUB_CAPTION, scaled
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
    return "–" if value is None else f"{value:,.1f}%"


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
        self.value = label("–", BIG_NUMBER)
        self.value.setStyleSheet(f"font-size: {scaled(30)}px;")
        self.detail = label("", SUB_CAPTION, wrap=True)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set_figure(self, caption: str, value: str, detail: str = "") -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        self.detail.setText(detail)
        grid = self.parentWidget()
        if isinstance(grid, TileGrid):  # a caption that wraps now (or no longer) moves its row's figures
            grid.align_later()


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
        cell.rect = QRect(0, 0, view.columnWidth(index.column()), size.height())
        style = view.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, cell, view)
        # the view keeps a 3 px text margin each side (QCommonStyle's focus frame margin + 1)
        room = text_rect.width() - 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        bound = QFontMetrics(cell.font).boundingRect(QRect(0, 0, max(1, room), 100_000),
                                                     int(Qt.TextFlag.TextWordWrap.value), str(text))
        return QSize(size.width(), max(size.height(), bound.height() + size.height() - text_rect.height()))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, stretch_first: bool = True,
          numeric_from: int = 1) -> QTableWidget:
    widget = QTableWidget()
    fill_table(widget, headers, rows, stretch_first=stretch_first, numeric_from=numeric_from)
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
    header = widget.horizontalHeader()
    if not isinstance(widget.itemDelegate(), WrappedRows):
        widget.setItemDelegate(WrappedRows(widget))
        # a narrower column wraps its text onto more lines: the rows grow with it (Qt sizes them only on filling).
        # One filling resizes several columns: their rows are measured again once, after the last of them.
        rows_again = QTimer(widget)
        rows_again.setSingleShot(True)
        rows_again.setInterval(0)
        rows_again.timeout.connect(widget.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: rows_again.start())
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_first and headers:
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)


class ChartCard(QFrame):
    """A titled chart whose numbers are one click away: the button flips between the chart and a table."""

    def __init__(self, title: str, chart: QWidget, numbers: QTableWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(18), scaled(12), scaled(18), scaled(14))
        head = QHBoxLayout()
        self.title = label(title, HEADING)
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


__all__ = ["ChartCard", "DateField", "FigureTile", "TileGrid", "card", "fill_table", "label", "money", "percent",
           "period_text", "role_label", "table", "tr"]
