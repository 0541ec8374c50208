"""The counter's sale column: quick buttons for the shop's items, an amount keypad, and the basket."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.errors import KioskError
from kiosk.domain.programs.config import Item
from kiosk.ui.counter.common import (
    CounterContext,
    Notifier,
    button,
    card,
    label,
    with_key,
)
from kiosk.ui.counter.models import BasketLine, BasketModel
from kiosk.ui.counter.tables import compact_table
from kiosk.ui.formatting import format_money, plural
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import BIG_NUMBER, CAPTION, DANGER, FLAT, HEADING, PRIMARY, scaled
from kiosk.ui.widgets import AmountKeypad

ITEM_COLUMNS = 4


class BasketTable(QTableView):
    """+ and - change the quantity of the selected line, Delete removes it."""

    quantity_step = Signal(int)
    remove_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() == "+":
            self.quantity_step.emit(1)
        elif event.text() == "-":
            self.quantity_step.emit(-1)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_pressed.emit()
        else:
            super().keyPressEvent(event)


class SalePanel(QWidget):
    """Ring up a sale: tap items (they can earn stamps), or key an open amount; then Checkout."""

    checkout_requested = Signal()
    basket_changed = Signal()

    def __init__(self, context: CounterContext, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._notifier = notifier
        programs = context.app.ctx.programs
        self._stamp_skus = {sku for card_ in programs.stamp_cards for sku in card_.skus}
        self.basket = BasketModel(self, currency=context.currency)
        self.basket.rowsInserted.connect(self._changed)
        self.basket.rowsRemoved.connect(self._changed)
        self.basket.dataChanged.connect(self._changed)
        self.basket.modelReset.connect(self._changed)

        grid = QGridLayout()
        grid.setSpacing(scaled(10))
        self.item_buttons: dict[str, QPushButton] = {}
        for number, item in enumerate(programs.items):
            btn = QPushButton()
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setMinimumHeight(scaled(56))  # two lines, name and price
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            # two lines (name, price) in a quarter of the column: less side padding than a normal button
            btn.setStyleSheet(f"padding: {scaled(2)}px {scaled(4)}px; font-size: {scaled(15)}px;")
            btn.clicked.connect(lambda _=False, it=item: self.add_item(it))
            grid.addWidget(btn, number // ITEM_COLUMNS, number % ITEM_COLUMNS)
            self.item_buttons[item.sku] = btn
        self._items = {item.sku: item for item in programs.items}

        self.table = BasketTable()
        # a narrow basket drops the unit price (the line total stays) rather than cutting the item's name
        compact_table(self.basket, stretch=BasketModel.ITEM, view=self.table, optional=(BasketModel.PRICE,))
        self.table.quantity_step.connect(self.step_quantity)
        self.table.remove_pressed.connect(self.remove_selected)

        self.minus = button(focus=False)
        self.minus.clicked.connect(lambda: self.step_quantity(-1))
        self.plus = button(focus=False)
        self.plus.clicked.connect(lambda: self.step_quantity(1))
        self.remove = button(name=FLAT, focus=False)
        self.remove.setStyleSheet(f"padding: 0px {scaled(6)}px;")  # a narrow basket: slim padding, whole word
        self.remove.clicked.connect(self.remove_selected)
        self.clear_sale = button(name=DANGER, focus=False)
        self.clear_sale.setStyleSheet(f"padding: 0px {scaled(12)}px;")
        self.clear_sale.clicked.connect(self.clear)
        row_actions = QHBoxLayout()
        row_actions.setSpacing(scaled(8))
        for widget in (self.minus, self.plus):
            widget.setFixedWidth(scaled(56))
        for widget in (self.minus, self.plus, self.remove, self.clear_sale):
            row_actions.addWidget(widget)
        row_actions.setStretch(2, 1)

        self.keypad = AmountKeypad(currency=context.currency)
        self.add_amount = button(name=PRIMARY, focus=False)
        self.add_amount.clicked.connect(self.add_open_amount)
        self.keypad.amount_changed.connect(lambda text: self.add_amount.setEnabled(bool(text.strip("0."))))
        self.add_amount.setEnabled(False)
        keypad_card, keypad_box = card(margins=10)
        keypad_box.addWidget(self.keypad, 1)
        keypad_box.addWidget(self.add_amount)
        # as wide as a thumb needs on a 1024 px till, wider where there is room
        keypad_card.setMinimumWidth(scaled(220))
        keypad_card.setMaximumWidth(scaled(320))
        # the keypad shares the column with the basket: slightly shorter keys (still over 48 px)
        self.keypad.setStyleSheet(f"QLabel#bigNumber {{ font-size: {scaled(34)}px; }} "
                                  f"QPushButton#keypadKey, QPushButton#keypadAction {{ min-height: {scaled(46)}px; "
                                  f"min-width: {scaled(52)}px; }} "
                                  f"QPushButton#flat {{ padding: 0px {scaled(6)}px; }}")

        self.total_caption = label("", CAPTION)
        self.total = label("", BIG_NUMBER)
        self.checkout = button(name=PRIMARY, focus=False)
        self.checkout.setMinimumHeight(scaled(64))
        self.checkout.setMinimumWidth(scaled(260))
        self.checkout.clicked.connect(self.checkout_requested)

        basket_card, basket_box = card(margins=14)
        self.basket_title = label("", HEADING)
        basket_box.addWidget(self.basket_title)
        basket_box.addWidget(self.table, 1)
        basket_box.addLayout(row_actions)

        middle = QHBoxLayout()
        middle.setSpacing(scaled(10))
        middle.addWidget(basket_card, 1)
        middle.addWidget(keypad_card)

        totals = QHBoxLayout()
        total_text = QVBoxLayout()
        total_text.setSpacing(0)
        total_text.addWidget(self.total_caption)
        total_text.addWidget(self.total)
        totals.addLayout(total_text, 1)
        totals.addWidget(self.checkout, 0, Qt.AlignmentFlag.AlignVCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(12))
        layout.addLayout(grid)
        layout.addLayout(middle, 1)
        layout.addLayout(totals)
        self.retranslate_ui()
        self._changed()

    # ------------------------------------------------------------------ API
    def add_item(self, item: Item, quantity: int = 1) -> None:
        row = self.basket.add(BasketLine(name=item.name, unit_price=item.price, quantity=quantity, sku=item.sku,
                                         name_th=item.name_th))
        self.table.selectRow(row)

    def add_sku(self, sku: str, quantity: int = 1) -> None:
        self.add_item(self._items[sku], quantity)

    def add_open_amount(self) -> None:
        try:
            amount = self.keypad.money()
        except KioskError as error:
            self._notifier.error(error.message)
            return
        if amount is None or amount.minor <= 0:
            return
        row = self.basket.add(BasketLine(name="Amount", unit_price=amount, name_th="ยอดเงิน"))
        self.keypad.clear()
        self.table.selectRow(row)

    def step_quantity(self, step: int) -> None:
        row = self._selected_row()
        if row is None:
            return
        self.basket.set_quantity(row, self.basket.row_at(row).quantity + step)
        if row < self.basket.rowCount():
            self.table.selectRow(row)

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.basket.remove(row)
            if self.basket.rowCount():
                self.table.selectRow(min(row, self.basket.rowCount() - 1))

    def clear(self) -> None:
        self.basket.clear()
        self.keypad.clear()

    def retranslate_ui(self) -> None:
        language = current_language()
        for sku, btn in self.item_buttons.items():
            item = self._items[sku]
            mark = "  ☕" if sku in self._stamp_skus else ""
            btn.setText(f"{item.label(language)}{mark}\n{format_money(item.price)}")
            btn.setToolTip(self.tr("Earns a stamp") if mark else "")
        self.basket_title.setText(self.tr("Basket"))
        self.minus.setText("−")
        self.minus.setToolTip(self.tr("One less (-)"))
        self.plus.setText("+")
        self.plus.setToolTip(self.tr("One more (+)"))
        self.remove.setText(self.tr("Remove"))
        self.remove.setToolTip(self.tr("Remove the selected line (Del)"))
        self.clear_sale.setText(self.tr("Clear"))
        self.clear_sale.setToolTip(self.tr("Empty the basket"))
        self.add_amount.setText(self.tr("Add amount"))
        self.add_amount.setToolTip(self.tr("Add the amount typed on the keypad as a line"))
        self.checkout.setText(with_key(self.tr("Checkout"), "F5"))
        self.checkout.setToolTip(self.tr("Take payment and apply rewards"))
        self._changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _selected_row(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid():
            return index.row()
        return self.basket.rowCount() - 1 if self.basket.rowCount() else None

    def _changed(self, *_args: object) -> None:
        self.total.setText(format_money(self.basket.subtotal()))
        items = self.basket.item_count()
        self.total_caption.setText(plural(items, self.tr("Total · %n item"), self.tr("Total · %n items")) if items
                                   else self.tr("Total · nothing rung up yet"))
        has_lines = not self.basket.is_empty()
        self.checkout.setEnabled(has_lines)
        for widget in (self.minus, self.plus, self.remove, self.clear_sale):
            widget.setEnabled(has_lines)
        self.basket_changed.emit()
