"""Parked sales at the counter: the list to recall one from, and the basket lines they are kept as."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.services.parking import ParkedLine, ParkedSale
from kiosk.ui.counter.common import FormKeys, button, label, with_key
from kiosk.ui.counter.models import BasketLine
from kiosk.ui.formatting import format_money, plural
from kiosk.ui.i18n import current_language
from kiosk.ui.theme import HEADING, PRIMARY, SUB_CAPTION, scaled

SUMMARY_ITEMS = 3  # the first few items name a parked sale; the rest are "+ n more"


def parked_line(line: BasketLine) -> ParkedLine:
    return line  # a basket line is a parked line with the screen's helpers


def basket_line(line: ParkedLine) -> BasketLine:
    return BasketLine(**{f.name: getattr(line, f.name) for f in fields(ParkedLine)})


class ParkedDialog(FormKeys, QDialog):
    """This counter's parked sales, oldest first: when, whose, what and how much. Enter recalls the one chosen."""

    recall_chosen = Signal(str)  # the parked sale's id

    def __init__(self, parked: Sequence[ParkedSale], *, local_time: Callable[[datetime], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.parked = list(parked)
        self._local_time = local_time
        self.title = label("", HEADING)
        self.hint = label("", SUB_CAPTION, wrap=True)
        self.list = QListWidget()
        self.list.setAccessibleName("parked sales")
        self.list.setStyleSheet(f"QListWidget::item {{ min-height: {scaled(52)}px; padding: {scaled(4)}px; }}")
        self.list.itemActivated.connect(lambda _item: self.submit())
        self.recall = button(name=PRIMARY, focus=False)
        self.recall.setMinimumHeight(scaled(56))
        self.recall.clicked.connect(self.submit)
        self.close_button = button(focus=False)
        self.close_button.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addWidget(self.recall, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(24), scaled(20), scaled(24), scaled(20))
        layout.setSpacing(scaled(10))
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        self.setMinimumSize(scaled(600), scaled(420))
        self.retranslate_ui()
        self.list.setFocus()

    def describe(self, sale: ParkedSale) -> str:
        """'10:05 · Somchai J. · Latte (Large) ×2, Croissant · 3 items · ฿200.00'"""
        language = current_language()
        local = self._local_time(sale.parked_at)
        names = [f"{basket_line(ln).label(language)}{f' ×{ln.quantity}' if ln.quantity > 1 else ''}"
                 for ln in sale.lines[:SUMMARY_ITEMS]]
        if len(sale.lines) > SUMMARY_ITEMS:
            names.append(self.tr("+{n} more").format(n=len(sale.lines) - SUMMARY_ITEMS))
        who = sale.member_name or self.tr("No member")
        count = plural(sale.item_count, self.tr("%n item"), self.tr("%n items"))
        return f"{local:%H:%M} · {who} · {format_money(sale.total)} · {count}\n{', '.join(names)}"

    def choose(self, parked_id: str) -> None:
        for row, sale in enumerate(self.parked):
            if sale.id == parked_id:
                self.list.setCurrentRow(row)

    def submit(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.parked):
            self.recall_chosen.emit(self.parked[row].id)
            self.accept()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Parked sales"))
        self.title.setText(self.tr("Parked sales"))
        self.hint.setText(self.tr("Nothing is paid or earned on a parked sale until it is recalled and paid."))
        self.recall.setText(with_key(self.tr("Recall"), "Enter"))
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))
        current = max(self.list.currentRow(), 0)
        self.list.clear()
        for sale in self.parked:
            item = QListWidgetItem(self.describe(sale))
            item.setData(Qt.ItemDataRole.UserRole, sale.id)
            self.list.addItem(item)
        if self.parked:
            self.list.setCurrentRow(min(current, len(self.parked) - 1))
        self.recall.setEnabled(bool(self.parked))

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()  # keys and shortcuts go back to the counter
