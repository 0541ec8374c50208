"""The counter's header: the shop and who is signed in, then Refund, Printer, Reprint, the language, Lock and
Sign out (the window connects the buttons to what they do)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.counter.common import CounterContext, button, label, with_key
from kiosk.ui.i18n import THAI, current_language
from kiosk.ui.theme import FLAT, HEADING, SUB_CAPTION, scaled


class CounterHeader(QWidget):
    """The line above the counter's pages. Its words follow the window's retranslate_ui (once signed in)."""

    def __init__(self, context: CounterContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.shop = label(context.app.ctx.shop.name, HEADING)
        self.shop.setStyleSheet(f"font-size: {scaled(19)}px;")  # two lines beside 48 px buttons, in Thai too
        self.who = label("", SUB_CAPTION)
        self.refund_button = button(name=FLAT, focus=False)
        self.queue_button = button(name=FLAT, focus=False)
        self.reprint_button = button(name=FLAT, focus=False)
        self.language_button = button(name=FLAT, focus=False)
        self.lock_button = button(focus=False)
        self.sign_out_button = button(focus=False)
        for header_button in (self.refund_button, self.queue_button, self.reprint_button, self.language_button,
                              self.lock_button, self.sign_out_button):
            # six actions and the shop's name across a 1024 px till: slim padding, whole words
            header_button.setStyleSheet(f"padding: 0px {scaled(10)}px;")
        header = QHBoxLayout(self)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(scaled(6))
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.shop)
        names.addWidget(self.who)
        header.addLayout(names, 1)
        for widget in (self.refund_button, self.queue_button, self.reprint_button, self.language_button,
                       self.lock_button, self.sign_out_button):
            header.addWidget(widget)

    def retranslate_ui(self) -> None:
        """Who is signed in, the shop's name in the screen's language, and the buttons' words."""
        staff = self._context.staff
        ctx = self._context.app.ctx
        roles = {"cashier": self.tr("Cashier"), "manager": self.tr("Manager"), "owner": self.tr("Owner")}
        who = (self.tr("{name} ({role}) · counter {label}").format(
            name=staff.name, role=roles.get(staff.role.value, staff.role.value), label=ctx.device_label)
            if staff is not None else "")
        self.who.setText(who)
        self.shop.setText(ctx.shop.label(current_language()))
        self.refund_button.setText(with_key(self.tr("Refund"), "F8"))
        self.queue_button.setText(with_key(self.tr("Printer"), "F6"))
        self.reprint_button.setText(with_key(self.tr("Reprint"), "F9"))
        self.reprint_button.setToolTip(self.tr("Print a copy of the last receipt, or of the receipt on screen"))
        self.language_button.setText("English" if current_language() == THAI else "ภาษาไทย")
        self.language_button.setToolTip(self.tr("Switch language (F12)"))
        self.lock_button.setText(with_key(self.tr("Lock"), "Ctrl+L"))
        self.sign_out_button.setText(self.tr("Sign out"))
