"""The receipt's lines on the refund page: a tick and a quantity for each line that still has something to give
back, and what the ticked lines come to in money."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QScrollArea, QSizePolicy, QSpinBox, QWidget

from kiosk.domain.commands import RefundLine
from kiosk.domain.money import Money
from kiosk.domain.refunds import share_of, value_returned
from kiosk.services.refunds import RefundableLine, RefundableSale
from kiosk.ui.counter.common import label
from kiosk.ui.formatting import format_money
from kiosk.ui.theme import CAPTION, scaled

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def refund_amount(sale: RefundableSale, chosen: dict[int, int]) -> Money:
    """The money `chosen` ({line index: quantity}) gives back, as RefundService works it out: the sale's
    payment times the share of its goods returned once this refund is done, less what earlier refunds gave;
    the refund that leaves nothing takes the rest, to the satang. A unit a free-item reward took gives back no
    money (its reward goes back)."""
    after = {ln.index: ln.refunded + chosen.get(ln.index, 0) for ln in sale.lines}
    if all(after[ln.index] >= ln.quantity for ln in sale.lines):
        return sale.paid - sale.refunded
    lines = sorted(sale.lines, key=lambda ln: ln.index)
    share = value_returned(tuple((ln.unit_price.minor, ln.quantity) for ln in lines), sale.discounts, after)
    total = share_of(sale.paid.minor, share)
    return Money(max(total - sale.refunded.minor, 0), sale.paid.currency)


class _RowCheckBox(QCheckBox):
    """A tick that answers a tap anywhere across its column, not only on the box and the name: a finger on a
    touch screen lands beside short names."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


@dataclass
class LineRow:
    """One receipt line's widgets: the tick (with the item's name), its figures and how many go back."""

    line: RefundableLine
    check: QCheckBox
    price: QLabel
    sold: QLabel
    refunded: QLabel
    quantity: QSpinBox
    nothing_left: QLabel

    @property
    def chosen(self) -> int:
        return self.quantity.value() if self.check.isChecked() and self.line.left else 0


class RefundLinesList(QScrollArea):
    """The lines of one receipt, scrolling when there are many. By default everything left is ticked, all of it;
    a line's quantity goes from 1 to what is left of it. `locked` (a void) ticks everything and allows no change."""

    selection_changed = Signal()

    COLUMNS = 5  # item (the tick), price, sold, refunded before, to refund now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet("QScrollArea, QWidget#refundLines { background: transparent; }")  # the card shows through
        self.sale: RefundableSale | None = None
        self.rows: list[LineRow] = []
        self._locked = False
        self._stretch_row = 1
        body = QWidget()
        body.setObjectName("refundLines")
        self._grid = QGridLayout(body)
        self._grid.setContentsMargins(0, 0, scaled(16), 0)  # room for the scroll bar beside the quantities
        self._grid.setHorizontalSpacing(scaled(14))
        self._grid.setVerticalSpacing(scaled(4))
        self._grid.setColumnStretch(0, 1)
        self._headers = [label("", CAPTION) for _ in range(self.COLUMNS)]
        for column, header in enumerate(self._headers):
            header.setAlignment(_LEFT if column == 0 else _RIGHT)
            self._grid.addWidget(header, 0, column)
        self.setWidget(body)
        self.retranslate_ui()

    # -- what the page asks
    def set_sale(self, sale: RefundableSale | None, *, select: bool = True) -> None:
        """Show `sale`'s lines; `select`: tick everything left (a fresh look-up) or nothing (after a refund)."""
        for row in self.rows:
            for widget in (row.check, row.price, row.sold, row.refunded, row.quantity, row.nothing_left):
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        self.sale = sale
        self._locked = False
        for position, line in enumerate(sale.lines if sale is not None else (), start=1):
            self.rows.append(self._add_row(position, line, select=select))
        self._grid.setRowStretch(self._stretch_row, 0)
        self._stretch_row = len(self.rows) + 1  # below the last line: a short list keeps its rows together
        self._grid.setRowStretch(self._stretch_row, 1)
        self.retranslate_ui()
        self.selection_changed.emit()

    def chosen(self) -> dict[int, int]:
        """{line index: quantity going back} for the ticked lines."""
        return {row.line.index: row.chosen for row in self.rows if row.chosen}

    def selected_lines(self) -> tuple[RefundLine, ...]:
        return tuple(RefundLine(index, quantity) for index, quantity in sorted(self.chosen().items()))

    def everything_left_chosen(self) -> bool:
        return bool(self.rows) and all(row.chosen == row.line.left for row in self.rows)

    def amount(self) -> Money | None:
        return refund_amount(self.sale, self.chosen()) if self.sale is not None else None

    def set_locked(self, locked: bool) -> None:
        """A void takes the whole sale: every line ticked in full, nothing to change."""
        self._locked = locked
        for row in self.rows:
            if locked and row.line.left:
                row.check.setChecked(True)
                row.quantity.setValue(row.line.left)
            self._sync_row(row)
        self.selection_changed.emit()

    def row(self, index: int) -> LineRow:
        """The row of the receipt's line `index` (0-based)."""
        return next(r for r in self.rows if r.line.index == index)

    # -- building
    def _add_row(self, position: int, line: RefundableLine, *, select: bool) -> LineRow:
        body = self.widget()
        check = _RowCheckBox(line.name, body)
        check.setChecked(select and line.left > 0)
        check.setEnabled(line.left > 0)
        check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        quantity = QSpinBox(body)
        quantity.setRange(1, max(line.left, 1))
        quantity.setValue(max(line.left, 1))
        quantity.setAlignment(_RIGHT)
        quantity.setMinimumWidth(scaled(92))
        quantity.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        nothing_left = label("", CAPTION, align=_RIGHT)
        row = LineRow(line, check, label(format_money(line.unit_price), align=_RIGHT),
                      label(str(line.quantity), align=_RIGHT), label(str(line.refunded), align=_RIGHT),
                      quantity, nothing_left)
        for column, widget in enumerate((check, row.price, row.sold, row.refunded)):
            self._grid.addWidget(widget, position, column)
        self._grid.addWidget(quantity, position, 4, alignment=_RIGHT)
        self._grid.addWidget(nothing_left, position, 4, alignment=_RIGHT)
        check.toggled.connect(lambda _on, r=row: self._changed(r))
        quantity.valueChanged.connect(lambda _n, r=row: self._changed(r))
        self._sync_row(row)
        return row

    def _changed(self, row: LineRow) -> None:
        self._sync_row(row)
        self.selection_changed.emit()

    def _sync_row(self, row: LineRow) -> None:
        left = row.line.left > 0
        row.check.setEnabled(left and not self._locked)
        row.quantity.setVisible(left)
        row.quantity.setEnabled(left and row.check.isChecked() and not self._locked)
        row.nothing_left.setVisible(not left)

    # -- language
    def retranslate_ui(self) -> None:
        for header, text in zip(self._headers, (self.tr("Item"), self.tr("Price"), self.tr("Sold"),
                                                self.tr("Refunded"), self.tr("To refund")), strict=True):
            header.setText(text)
        for row in self.rows:
            row.price.setText(format_money(row.line.unit_price))
            row.nothing_left.setText(self.tr("All back"))
            row.quantity.setAccessibleName(self.tr("How many {item} go back").format(item=row.line.name))
            row.quantity.setToolTip(self.tr("At most {n}: what is left of this line").format(n=row.line.left))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
