"""Parked sales at the counter: setting a sale aside and recalling it, the list to recall one from, and the basket
lines they are kept as."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.services.parking import ParkedLine, ParkedSale
from kiosk.ui.counter.common import CounterContext, FormKeys, Notifier, button, label, with_key
from kiosk.ui.counter.models import BasketLine
from kiosk.ui.formatting import format_money, plural
from kiosk.ui.i18n import current_language
from kiosk.ui.tasks import TaskFailure
from kiosk.ui.theme import HEADING, PRIMARY, SUB_CAPTION, scaled

if TYPE_CHECKING:
    from kiosk.ui.counter.member import MemberColumn
    from kiosk.ui.counter.sale import SalePanel

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


class ParkingDesk(QObject):
    """What Park (F7) and Parked (F10) do at the counter: set the basket, its member and its vouchers aside in the
    database, count and list this counter's parked sales, and bring one back into the basket.

    The window owns it: `on_main` says the sale is on screen, `locked` that no one is signed in, and
    `next_customer` clears the counter for the next one. `pending_vouchers` is the window's list (vouchers
    scanned before checkout), parked with the sale and filled again on recall."""

    def __init__(self, window: QWidget, context: CounterContext, notifier: Notifier, *, sale: SalePanel,
                 members: MemberColumn, pending_vouchers: list[str], on_main: Callable[[], bool],
                 locked: Callable[[], bool], next_customer: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._notifier = notifier
        self._sale = sale
        self._members = members
        self._pending_vouchers = pending_vouchers
        self._on_main = on_main
        self._locked = locked
        self._next_customer = next_customer
        self.dialog: ParkedDialog | None = None

    def park(self) -> None:
        """Set the basket (and its member and vouchers) aside in the database; the counter is free for the next."""
        if not self._on_main():
            return
        if self._sale.basket.is_empty():
            self._notifier.info(self.tr("Add something to the basket first."))
            return
        account = self._members.account
        lines = tuple(parked_line(line) for line in self._sale.basket_lines())
        parking, staff_id, vouchers = self._context.app.parking, self._context.staff_id, tuple(self._pending_vouchers)
        self._context.runner.run_db(lambda: parking.park(
            lines=lines, member_id=account.member_id if account else None,
            member_name=account.display_name if account else None, vouchers=vouchers, staff_id=staff_id),
            on_success=self._parked, on_failure=self._parking_failed, owner=self, name="park sale")

    def _parked(self, sale: ParkedSale) -> None:
        self._next_customer()
        self._notifier.success(self.tr("Sale parked ({total}). Recall it with Parked (F10).").format(
            total=format_money(sale.total)))
        self.refresh()

    def refresh(self) -> None:
        """Count this counter's parked sales for the sale panel's Parked button."""
        parking = self._context.app.parking
        self._context.runner.run_db(lambda: len(parking.parked()), on_success=self._sale.set_parked_count,
                                    on_failure=self._failed, owner=self, name="count parked sales")

    def open(self) -> None:
        """The list of this counter's parked sales, to recall one."""
        if not self._on_main() or self._locked():
            return
        parking = self._context.app.parking
        self._context.runner.run_db(parking.parked, on_success=self._show_parked, on_failure=self._failed,
                                    owner=self, name="list parked sales")

    def _show_parked(self, parked: list[ParkedSale]) -> None:
        self._sale.set_parked_count(len(parked))
        if not parked:
            self._notifier.info(self.tr("No sales are parked on this counter."))
            return
        if self.dialog is not None:
            self.dialog.reject()
        dialog = ParkedDialog(parked, local_time=self._context.app.ctx.local, parent=self._window)
        dialog.recall_chosen.connect(self.recall)
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def recall(self, parked_id: str) -> None:
        """Bring a parked sale back into the basket; the sale being rung up must be parked or cleared first."""
        if not self._sale.basket.is_empty():
            self._notifier.info(self.tr("Park or clear the sale on screen first, then recall another."))
            return
        parking = self._context.app.parking
        self._context.runner.run_db(lambda: parking.recall(parked_id), on_success=self._recalled,
                                    on_failure=self._parking_failed, owner=self, name="recall parked sale")

    def _parking_failed(self, failure: TaskFailure) -> None:
        self._notifier.error(failure.message)
        self.refresh()

    def _recalled(self, sale: ParkedSale) -> None:
        self._next_customer()
        self._sale.restore([basket_line(line) for line in sale.lines])
        self._pending_vouchers.extend(code for code in sale.vouchers if code not in self._pending_vouchers)
        if sale.member_id:
            self._members.load_member(sale.member_id, source="recalled")
        self.refresh()

    def _failed(self, failure: TaskFailure) -> None:
        self._notifier.error(failure.message)
