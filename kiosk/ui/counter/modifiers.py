"""The modifier dialog: size, sweetness and milk for an item as it is rung up, with what each choice costs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.programs.config import Item
from kiosk.domain.programs.menu import Modifier, choose, named_options, options_price
from kiosk.ui.counter.common import FormKeys, button, label, with_key
from kiosk.ui.counter.models import BasketLine
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import CAPTION, HEADING, PRIMARY, scaled

OPTION_COLUMNS = 4


def basket_line(item: Item, modifiers: Sequence[Modifier], chosen: dict[str, str], quantity: int = 1) -> BasketLine:
    """The basket line for `item` with these choices: options that differ from the default are named on it (a
    regular latte with normal sugar stays "Latte"), and every option's price is in its unit price."""
    english = choose(modifiers, chosen, language="en")
    thai = choose(modifiers, chosen, language="th")
    return BasketLine(name=item.name, name_th=item.name_th, sku=item.sku, quantity=quantity,
                      unit_price=options_price(item.price, english),
                      options=tuple(o.name for o in named_options(modifiers, english)),
                      options_th=tuple(o.name for o in named_options(modifiers, thai)))


class ModifierDialog(FormKeys, QDialog):
    """One row of buttons per modifier, the default of each chosen; Enter adds the line, Esc adds nothing."""

    line_chosen = Signal(object)  # BasketLine

    def __init__(self, item: Item, modifiers: Sequence[Modifier], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.item = item
        self.modifiers = tuple(modifiers)
        self.chosen: dict[str, str] = {m.id: m.default_option.id for m in self.modifiers}
        self.title = label("", HEADING)
        self.price = label("", CAPTION)
        self.option_buttons: dict[tuple[str, str], QPushButton] = {}
        self._captions: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(24), scaled(20), scaled(24), scaled(20))
        layout.setSpacing(scaled(10))
        layout.addWidget(self.title)
        for modifier in self.modifiers:
            caption = label("", CAPTION)
            self._captions[modifier.id] = caption
            layout.addWidget(caption)
            grid = QGridLayout()
            grid.setSpacing(scaled(8))
            group = QButtonGroup(self)
            group.setExclusive(True)
            for number, option in enumerate(modifier.options):
                btn = button(focus=False, expand=True)
                btn.setCheckable(True)
                btn.setMinimumHeight(scaled(60))  # the name, and under it what it adds
                btn.setStyleSheet(f"padding: {scaled(2)}px {scaled(6)}px;")
                btn.setChecked(option.id == self.chosen[modifier.id])
                btn.clicked.connect(lambda _=False, m=modifier.id, o=option.id: self.choose(m, o))
                group.addButton(btn)
                self.option_buttons[(modifier.id, option.id)] = btn
                grid.addWidget(btn, number // OPTION_COLUMNS, number % OPTION_COLUMNS)
            layout.addLayout(grid)
        layout.addSpacing(scaled(6))
        layout.addWidget(self.price)
        self.add = button(name=PRIMARY, focus=False)
        self.add.setMinimumHeight(scaled(56))
        self.add.clicked.connect(self.submit)
        self.cancel = button(focus=False)
        self.cancel.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel)
        actions.addWidget(self.add, 1)
        layout.addLayout(actions)
        self.setMinimumWidth(scaled(600))
        self.retranslate_ui()

    def choose(self, modifier_id: str, option_id: str) -> None:
        self.chosen[modifier_id] = option_id
        self.option_buttons[(modifier_id, option_id)].setChecked(True)
        self._show_price()

    def line(self) -> BasketLine:
        return basket_line(self.item, self.modifiers, self.chosen)

    def submit(self) -> None:
        self.line_chosen.emit(self.line())
        self.accept()

    def retranslate_ui(self) -> None:
        language = current_language()
        self.setWindowTitle(self.item.label(language))
        self.title.setText(self.item.label(language))
        for modifier in self.modifiers:
            self._captions[modifier.id].setText(modifier.label(language))
            for option in modifier.options:
                extra = f"\n+{format_money(option.price)}" if option.price.minor else ""
                self.option_buttons[(modifier.id, option.id)].setText(option.label(language) + extra)
        self.add.setText(with_key(self.tr("Add to basket"), "Enter"))
        self.cancel.setText(with_key(self.tr("Cancel"), "Esc"))
        self._show_price()

    def _show_price(self) -> None:
        line = self.line()
        self.price.setText(self.tr("{item}: {price}").format(item=line.label(current_language()),
                                                            price=format_money(line.unit_price)))

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()  # keys and shortcuts go back to the counter
