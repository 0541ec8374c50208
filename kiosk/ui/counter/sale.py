"""The counter's sale column: quick buttons for the shop's items, an amount keypad, and the basket."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.errors import KioskError
from kiosk.domain.programs.config import Item
from kiosk.l10n.catalogue import render
from kiosk.ui.counter.common import (
    CounterContext,
    Notifier,
    button,
    card,
    label,
    with_key,
)
from kiosk.ui.counter.models import BasketLine, BasketModel
from kiosk.ui.counter.modifiers import ModifierDialog, basket_line
from kiosk.ui.counter.tables import compact_table
from kiosk.ui.formatting import format_money, plural, refusal
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import BIG_NUMBER, CAPTION, DANGER, FLAT, HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import AmountKeypad

ITEM_COLUMNS = 4
ALL_ITEMS = ""  # the category tab that shows every item


class ItemSearch(QLineEdit):
    """The item search box: Enter rings up the first item shown, Down moves on to the basket, Esc clears it."""

    first_chosen = Signal()
    cleared = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.first_chosen.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.cleared.emit()
        else:
            super().keyPressEvent(event)


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
    park_requested = Signal()
    parked_requested = Signal()

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

        self._items = {item.sku: item for item in programs.items}
        self._category = ALL_ITEMS
        self.modifier_dialog: ModifierDialog | None = None
        # -- find an item: a search box (Ctrl+F) and a tab per category, both narrowing the grid below
        self.search = ItemSearch()
        self.search.setAccessibleName("item search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._filter_items())
        self.search.first_chosen.connect(self.add_first_shown)
        self.search.cleared.connect(self._filter_items)
        self.category_group = QButtonGroup(self)
        self.category_group.setExclusive(True)
        self.category_buttons: dict[str, QPushButton] = {}
        used = list(dict.fromkeys(item.category for item in programs.items if item.category))
        listed = [c.id for c in programs.categories if c.id in used]
        categories = [ALL_ITEMS, *listed, *(c for c in used if c not in listed)] if used else []
        finder = QHBoxLayout()
        finder.setSpacing(scaled(6))
        # a slim row (44 px, still a thumb's width): on a 768 px till it shares the column with the keypad
        self.search.setFixedHeight(scaled(44))
        finder.addWidget(self.search, 1)
        for category in categories:
            tab = button(name=FLAT, focus=False)
            tab.setCheckable(True)
            tab.setStyleSheet(f"padding: 0px {scaled(8)}px; min-height: {scaled(40)}px;")
            tab.setFixedHeight(scaled(44))
            tab.clicked.connect(lambda _=False, c=category: self.show_category(c))
            self.category_group.addButton(tab)
            self.category_buttons[category] = tab
            finder.addWidget(tab)
        if ALL_ITEMS in self.category_buttons:
            self.category_buttons[ALL_ITEMS].setChecked(True)

        self.grid = QGridLayout()
        self.grid.setSpacing(scaled(6))
        self.item_buttons: dict[str, QPushButton] = {}
        for item in programs.items:
            btn = QPushButton()
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setMinimumHeight(scaled(48))  # two lines, name and price (the search row above takes the rest)
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            # two lines (name, price) in a quarter of the column: less side padding than a normal button
            btn.setStyleSheet(f"padding: {scaled(2)}px {scaled(4)}px; font-size: {scaled(15)}px;")
            btn.clicked.connect(lambda _=False, it=item: self.tap_item(it))
            self.item_buttons[item.sku] = btn
        self.no_items = label("", SUB_CAPTION, align=Qt.AlignmentFlag.AlignCenter)
        self.no_items.setParent(self)  # never a window of its own, even before the grid first holds it
        self.no_items.hide()
        self._place_items(list(programs.items))

        self.table = BasketTable()
        # a narrow basket drops the unit price (the line total stays) rather than cutting the item's name
        compact_table(self.basket, stretch=BasketModel.ITEM, view=self.table, optional=(BasketModel.PRICE,))
        # a line with options takes two lines of text: rows as tall as their text
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
        self.park = button(name=FLAT, focus=False)
        self.park.setStyleSheet(f"padding: 0px {scaled(8)}px; min-height: {scaled(36)}px;")
        self.park.clicked.connect(self.park_requested)
        self.parked = button(name=FLAT, focus=False)
        self.parked.setStyleSheet(f"padding: 0px {scaled(8)}px; min-height: {scaled(36)}px;")
        self.parked.clicked.connect(self.parked_requested)
        self.parked_count = 0
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
        keypad_card, keypad_box = card(margins=8)
        keypad_box.addWidget(self.keypad, 1)
        keypad_box.addWidget(self.add_amount)
        # as wide as a thumb needs on a 1024 px till, wider where there is room
        keypad_card.setMinimumWidth(scaled(220))
        keypad_card.setMaximumWidth(scaled(320))
        # the keypad shares the column with the basket: slightly shorter keys (still over 48 px)
        self.keypad.setStyleSheet(f"QLabel#bigNumber {{ font-size: {scaled(34)}px; }} "
                                  f"QPushButton#keypadKey, QPushButton#keypadAction {{ min-height: {scaled(42)}px; "
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
        # park and recall sit on the basket's title line: the one row of the column with room to spare
        title_row = QHBoxLayout()
        title_row.setSpacing(scaled(6))
        title_row.addWidget(self.basket_title, 1)
        title_row.addWidget(self.park)
        title_row.addWidget(self.parked)
        basket_box.addLayout(title_row)
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
        layout.setSpacing(scaled(8))
        layout.addLayout(finder)
        layout.addLayout(self.grid)
        layout.addLayout(middle, 1)
        layout.addLayout(totals)
        self.retranslate_ui()
        self._changed()

    # ------------------------------------------------------------------ API
    def tap_item(self, item: Item) -> None:
        """An item's button (or Enter in the search): rung up at once, or after its options when it has some."""
        modifiers = self._context.app.ctx.programs.item_modifiers(item.sku)
        if not modifiers:
            self.add_item(item)
            return
        self.close_modifiers()
        dialog = ModifierDialog(item, modifiers, parent=self.window())
        dialog.line_chosen.connect(self.add_line)
        dialog.finished.connect(lambda _code: setattr(self, "modifier_dialog", None))
        self.modifier_dialog = dialog
        dialog.open()

    def close_modifiers(self) -> None:
        """Close an open modifier dialog without adding anything (the counter locks or moves on)."""
        if self.modifier_dialog is not None:
            self.modifier_dialog.reject()
            self.modifier_dialog = None

    def add_line(self, line: BasketLine) -> None:
        row = self.basket.add(line)
        self.table.selectRow(row)

    def add_first_shown(self) -> None:
        """Enter in the search box: the first item the grid shows, then the search is done."""
        shown = self.shown_items()
        if not shown:
            return
        self.tap_item(shown[0])
        self.search.clear()

    def shown_items(self) -> list[Item]:
        return [item for item in self._items.values() if self._matches(item)]

    def show_category(self, category: str) -> None:
        self._category = category
        if category in self.category_buttons:
            self.category_buttons[category].setChecked(True)
        self._filter_items()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()

    def add_item(self, item: Item, quantity: int = 1) -> None:
        row = self.basket.add(BasketLine(name=item.name, unit_price=item.price, quantity=quantity, sku=item.sku,
                                         name_th=item.name_th))
        self.table.selectRow(row)

    def add_sku(self, sku: str, quantity: int = 1, options: dict[str, str] | None = None) -> None:
        """Ring up `sku`, with `options` (modifier id -> option id) or each modifier's default."""
        item = self._items[sku]
        modifiers = self._context.app.ctx.programs.item_modifiers(sku)
        if modifiers:
            self.add_line(basket_line(item, modifiers, options or {}, quantity))
        else:
            self.add_item(item, quantity)

    def add_open_amount(self) -> None:
        try:
            amount = self.keypad.money()
        except KioskError as error:
            self._notifier.error(refusal(error))
            return
        if amount is None or amount.minor <= 0:
            return
        # the open amount's name in both languages, as `kiosk sale --amount` names it
        row = self.basket.add(BasketLine(name=render("sale.open_amount", None, "en"), unit_price=amount,
                                         name_th=render("sale.open_amount", None, "th")))
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

    def set_parked_count(self, count: int) -> None:
        self.parked_count = count
        self._show_parked()

    def basket_lines(self) -> list[BasketLine]:
        return self.basket.rows()

    def restore(self, lines: list[BasketLine]) -> None:
        """A recalled sale's lines, as they were parked."""
        self.basket.set_rows(lines)
        if lines:
            self.table.selectRow(len(lines) - 1)

    def clear(self) -> None:
        self.basket.clear()
        self.keypad.clear()
        self.search.clear()
        self.show_category(ALL_ITEMS)

    def retranslate_ui(self) -> None:
        language = current_language()
        for sku, btn in self.item_buttons.items():
            item = self._items[sku]
            mark = "  ☕" if sku in self._stamp_skus else ""
            btn.setText(f"{item.label(language)}{mark}\n{format_money(item.price)}")
            btn.setToolTip(self.tr("Earns a stamp") if mark else "")
        self.search.setPlaceholderText(self.tr("Find an item  (Ctrl+F)"))
        programs = self._context.app.ctx.programs
        for category, tab in self.category_buttons.items():
            known = programs.category(category)
            tab.setText(self.tr("All") if category == ALL_ITEMS else
                        known.label(language) if known else category.replace("_", " ").capitalize())
        self.basket_title.setText(self.tr("Basket"))
        self._filter_items()
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
        self.park.setText(with_key(self.tr("Park"), "F7"))
        self.park.setToolTip(self.tr("Set this sale aside and serve the next customer; recall it later"))
        self._show_parked()
        self.checkout.setToolTip(self.tr("Take payment and apply rewards"))
        self._changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _matches(self, item: Item) -> bool:
        if self._category and item.category != self._category:
            return False
        words = self.search.text().casefold().split()
        text = f"{item.name} {item.name_th} {item.sku}".casefold()
        return all(word in text for word in words)

    def _filter_items(self) -> None:
        self._place_items(self.shown_items())

    def _place_items(self, shown: list[Item]) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        for btn in self.item_buttons.values():
            btn.setVisible(False)
        typed = self.search.text().strip()
        self.no_items.setText(self.tr("No item matches “{text}”.").format(text=typed) if typed
                              else self.tr("No items in this category."))
        if not shown:
            self.grid.addWidget(self.no_items, 0, 0, 1, ITEM_COLUMNS)
            self.no_items.setVisible(True)
            return
        self.no_items.setVisible(False)
        for number, item in enumerate(shown):
            btn = self.item_buttons[item.sku]
            self.grid.addWidget(btn, number // ITEM_COLUMNS, number % ITEM_COLUMNS)
            btn.setVisible(True)

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
        for widget in (self.minus, self.plus, self.remove, self.clear_sale, self.park):
            widget.setEnabled(has_lines)
        self.basket_changed.emit()

    def _show_parked(self) -> None:
        self.parked.setText(with_key(self.tr("Parked · {n}").format(n=self.parked_count), "F10"))
        self.parked.setToolTip(self.tr("Sales set aside on this counter: recall one"))
        self.parked.setEnabled(self.parked_count > 0)
