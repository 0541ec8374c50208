"""Table models behind the counter's lists: the basket, member search results, last visits and the print queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from kiosk.domain.money import Money
from kiosk.domain.programs.engine import MAX_QUANTITY, CartLine
from kiosk.domain.programs.naming import in_language, lines_in_language
from kiosk.services.accounts import MemberSummary, Visit
from kiosk.services.parking import ParkedLine
from kiosk.services.ports.printing import PrintJob
from kiosk.ui.formatting import format_date, format_datetime, format_money, format_recent, spoken
from kiosk.ui.i18n import translator
from kiosk.ui.theme import scaled

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
RowRole = Qt.ItemDataRole.UserRole + 1  # the row's value object, for views and tests


class _RowsModel[Row](QAbstractTableModel):
    """A read-only table over a list of frozen values; subclasses say which columns and how each reads."""

    CELL_PADDING = 32  # the theme's 10 px item padding each side, the focus margins and a little air

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        # Headers, money and dates all change wording with the language: redraw everything then.
        translator().language_changed.connect(self._language_changed)

    # -- subclasses
    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def tooltip(self, row: Row, column: int) -> str | None:
        """More than the cell says, where it says less than there is; None for none."""
        return None

    def measured(self, row: Row, column: int) -> str:
        """The text a column is sized for: the cell's own, unless it shortens itself to its room."""
        return self.cell(row, column)

    # -- API
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    # -- Qt
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.SizeHintRole:
            # QSS item padding is not counted by ResizeToContents: ask for the text plus that padding
            text = self.measured(row, index.column())
            metrics = QFontMetrics(QApplication.font())
            return QSize(metrics.horizontalAdvance(text) + scaled(self.CELL_PADDING), scaled(44))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.alignment(index.column()).value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == RowRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return str(section + 1)

    def _language_changed(self, _language: str) -> None:
        self.beginResetModel()
        self.endResetModel()


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


# ------------------------------------------------------------------------------------------------ basket
@dataclass(frozen=True)
class BasketLine(ParkedLine):
    """One basket row: a catalogue item (with its SKU, so it can earn stamps) or an open amount. Its fields are
    the parked line's (kiosk.services.parking), which is what a basket row is kept as; this adds the screen's
    reading of them."""

    def name_in(self, language: str) -> str:
        return in_language(language, self.name, self.name_th)

    def options_in(self, language: str) -> tuple[str, ...]:
        return lines_in_language(language, self.options, self.options_th)

    def label(self, language: str) -> str:
        return self.cart_line(language).described

    def cart_line(self, language: str) -> CartLine:
        return CartLine(name=self.name_in(language), unit_price=self.unit_price, quantity=self.quantity, sku=self.sku,
                        options=self.options_in(language))


OPTION_LINE_CHARS = 18  # a narrow basket's item column holds about this much on one line


def _option_lines(options: Sequence[str]) -> list[str]:
    """'Large, Less sweet, Oat milk' as the lines a narrow column shows whole: 'Large, Less sweet,' / 'Oat milk'."""
    lines: list[str] = []
    for number, option in enumerate(options):
        text = option + ("," if number < len(options) - 1 else "")
        if lines and len(lines[-1]) + 1 + len(text) <= OPTION_LINE_CHARS:
            lines[-1] += " " + text
        else:
            lines.append(text)
    return lines


class BasketModel(_RowsModel[BasketLine]):
    """The sale being rung up. Adding an item already in the basket raises its quantity."""

    ITEM, QUANTITY, PRICE, TOTAL = range(4)

    def __init__(self, parent: QObject | None = None, *, currency: str = "THB") -> None:
        super().__init__(parent)
        self._currency = currency

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Total")]

    def cell(self, row: BasketLine, column: int) -> str:
        if column == self.ITEM:
            # a modified line on two: the item, then its options (a narrow basket keeps both whole)
            language = translator().language()
            options = row.options_in(language)
            return "\n".join((row.name_in(language), *_option_lines(options))) if options else row.name_in(language)
        if column == self.QUANTITY:
            return str(row.quantity)
        if column == self.PRICE:
            return format_money(row.unit_price)
        return format_money(row.total)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == self.ITEM:
            return self._rows[index.row()].label(translator().language())
        if role == Qt.ItemDataRole.SizeHintRole and index.isValid() and 0 <= index.row() < len(self._rows):
            lines = self.cell(self._rows[index.row()], index.column()).split("\n")
            metrics = QFontMetrics(QApplication.font())
            return QSize(max(metrics.horizontalAdvance(line) for line in lines) + scaled(self.CELL_PADDING),
                         scaled(44) + scaled(22) * (len(lines) - 1))
        return super().data(index, role)

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        if column == self.QUANTITY:
            return _CENTER
        return _RIGHT if column in (self.PRICE, self.TOTAL) else super().alignment(column)

    # -- editing
    def add(self, line: BasketLine) -> int:
        """Add `line`; an item with the same SKU, options and price is merged. Returns the row it is on."""
        if line.sku is not None:
            for number, existing in enumerate(self._rows):
                if (existing.sku, existing.options, existing.unit_price) == (line.sku, line.options, line.unit_price):
                    self.set_quantity(number, existing.quantity + line.quantity)
                    return number
        number = len(self._rows)
        self.beginInsertRows(_ROOT, number, number)
        self._rows.append(line)
        self.endInsertRows()
        return number

    def set_quantity(self, row: int, quantity: int) -> None:
        """Quantity 0 removes the line; more than the engine allows is capped."""
        if not 0 <= row < len(self._rows):
            return
        if quantity <= 0:
            self.remove(row)
            return
        self._rows[row] = replace(self._rows[row], quantity=min(quantity, MAX_QUANTITY))
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(_ROOT, row, row)
            del self._rows[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.set_rows([])

    def is_empty(self) -> bool:
        return not self._rows

    def item_count(self) -> int:
        return sum(line.quantity for line in self._rows)

    def subtotal(self) -> Money:
        total = Money.zero(self._currency)
        for line in self._rows:
            total = total + line.total
        return total

    def cart_lines(self, language: str) -> tuple[CartLine, ...]:
        """The basket named in `language`: the shop's for the sale to keep and print, a reader's for a preview."""
        return tuple(line.cart_line(language) for line in self._rows)


# ------------------------------------------------------------------------------------------------ search
class SearchResultsModel(_RowsModel[MemberSummary]):
    """Members matching what the cashier typed (AccountService.search): masked name and phone only."""

    NAME, PHONE, SINCE = range(3)

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Phone"), self.tr("Member since")]

    def cell(self, row: MemberSummary, column: int) -> str:
        if column == self.NAME:
            return str(row.display_name)
        if column == self.PHONE:
            return str(row.masked_phone)
        at = row.enrolled_at
        return format_date(at.date() if isinstance(at, dt.datetime) else at)


# ------------------------------------------------------------------------------------------------ visits
VISITS_ITEM_STYLE = "QTableView::item { padding: 4px 4px; } QHeaderView::section { padding: 8px 4px; }"


class VisitsModel(_RowsModel[Visit]):
    """The member's last visits (MemberAccount.visits). When in short, the whole moment its tooltip: "28 May 16:46"
    (another year's "30 Nov 2025"), or where the column has no room for that, "28 May" ("Nov 2025"): beside
    "Partly refunded" a third of a 1024 px till read "8 Dec 202…"."""

    WHEN, RECEIPT, AMOUNT, STATUS = range(4)
    CELL_PADDING = 16  # its view pads items 4 px a side (VISITS_ITEM_STYLE): four columns in a narrow column

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today: dt.date | None = None
        self._room: tuple[int, QFontMetrics] | None = None  # the When column's room for text, in its font
        self._brief = False

    def set_visits(self, visits: Sequence[Visit], *, today: dt.date | None) -> None:
        """The visits, and the shop's date they were read on (MemberAccount.today): this year's leave it out."""
        self._today = today
        self._brief = self._needs_brief(visits)
        self.set_rows(visits)

    def fit_when(self, room: int, metrics: QFontMetrics) -> None:
        """The When column has `room` px for its text: the dates shorten to fit it (and lengthen again)."""
        self._room = (room, metrics)
        brief = self._needs_brief(self._rows)
        if brief != self._brief:
            self._brief = brief
            if self._rows:
                self.dataChanged.emit(self.index(0, self.WHEN), self.index(len(self._rows) - 1, self.WHEN))

    def _needs_brief(self, visits: Sequence[Visit]) -> bool:
        if self._room is None:
            return False
        room, metrics = self._room
        return any(metrics.horizontalAdvance(format_recent(v.at, today=self._today)) > room for v in visits)

    def _language_changed(self, language: str) -> None:
        self._brief = self._needs_brief(self._rows)
        super()._language_changed(language)

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Receipt"), self.tr("Amount"), self.tr("Status")]

    def cell(self, row: Visit, column: int) -> str:
        if column == self.WHEN:
            return format_recent(row.at, today=self._today, brief=self._brief)
        if column == self.RECEIPT:
            return str(row.receipt_no)
        if column == self.AMOUNT:
            return format_money(row.amount)
        return self.status_text(str(row.status))

    def tooltip(self, row: Visit, column: int) -> str | None:
        if column == self.AMOUNT and row.credit_used is not None:  # the amount is what was paid in money
            return self.tr("+ {credit} store credit").format(credit=format_money(row.credit_used))
        return format_datetime(row.at) if column == self.WHEN else None

    def measured(self, row: Visit, column: int) -> str:
        # the longer form, whichever is shown: which columns give way must not turn on how the dates read
        return format_recent(row.at, today=self._today) if column == self.WHEN else self.cell(row, column)

    def status_text(self, status: str) -> str:
        return {"completed": self.tr("Paid"), "partly_refunded": self.tr("Partly refunded"),
                "refunded": self.tr("Refunded"), "voided": self.tr("Voided")}.get(status, status)

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return _RIGHT if column == self.AMOUNT else super().alignment(column)


# ------------------------------------------------------------------------------------------------ printing
class PrintQueueModel(_RowsModel[PrintJob]):
    """Jobs waiting for the printer (queued, sending, held), oldest first (PrintService.pending)."""

    REFERENCE, KIND, STATUS, CREATED, PROBLEM = range(5)

    def __init__(self, parent: QObject | None = None, *, timezone: dt.tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = timezone  # the shop's time zone: jobs are stored in UTC

    def headers(self) -> list[str]:
        return [self.tr("Document"), self.tr("Kind"), self.tr("Status"), self.tr("Created"), self.tr("Problem")]

    def cell(self, row: PrintJob, column: int) -> str:
        if column == self.REFERENCE:
            try:
                return str(row.reference())
            except Exception:  # noqa: BLE001 - an unreadable document still gets a row the cashier can dismiss
                return str(row.id)[-8:]  # the random end: an ordered id's start is its moment, shared by many
        if column == self.KIND:
            return self.kind_text(str(row.kind))
        if column == self.STATUS:
            return self.status_text(str(row.status))
        if column == self.CREATED:
            at = row.created_at
            return format_datetime(at.astimezone(self._tz) if at.tzinfo else at)
        return spoken(row.last_error) if row.last_error is not None else ""

    def kind_text(self, kind: str) -> str:
        names = {"sale_receipt": self.tr("Receipt"), "refund_slip": self.tr("Refund slip"),
                 "member_card": self.tr("Member card"), "voucher": self.tr("Voucher"),
                 "daily_summary": self.tr("Day summary"), "drawer_kick": self.tr("Cash drawer")}
        return names.get(kind, kind.replace("_", " "))

    def status_text(self, status: str) -> str:
        return {"queued": self.tr("Waiting"), "sending": self.tr("Printing"),
                "held": self.tr("Held: check the paper")}.get(status, status)
