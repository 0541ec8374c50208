"""Whose figures a report page shows, for an owner on a chain: this shop, any other shop, or the whole chain
(kiosk.services.scope decides who may see what; a manager never sees the picker)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from kiosk.domain.staff import Role
from kiosk.services.ports.chain import ShopRef
from kiosk.services.scope import ReportScope, ScopeKind
from kiosk.ui.manager.common import tr

CHAIN = "chain"


def scope_words(scope: ReportScope) -> str:
    """" · Shop: Old Town" / " · Whole chain (2 shops)" after a period; nothing for a device with no hub."""
    if scope.kind == ScopeKind.SHOP:
        return " · " + tr("Shop: %1").replace("%1", scope.shop_name or "-")
    if scope.kind == ScopeKind.CHAIN:
        return " · " + tr("Whole chain (%1 shops)").replace("%1", f"{len(scope.shops):,}")
    return ""


class ScopePicker(QComboBox):
    """Shown only to an owner whose device knows more than one shop. `scope_changed` when another is picked."""

    scope_changed = Signal()

    def __init__(self, role: Role | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.shops: tuple[ShopRef, ...] = ()
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setVisible(False)
        self.currentIndexChanged.connect(lambda _i: self.scope_changed.emit())

    @property
    def wanted(self) -> bool:
        """Whether the page should ask for the chain's shops at all (an owner only)."""
        return self.role == Role.OWNER

    def set_shops(self, shops: tuple[ShopRef, ...]) -> None:
        """The chain's shops, this device's own first (ReportService.shops); keeps the current choice."""
        if shops == self.shops:
            return
        current = self.currentData()
        self.shops = shops
        self.blockSignals(True)
        self.clear()
        for index, shop in enumerate(shops):
            self.addItem("", shop.shop_id if index else None)
        self.addItem("", CHAIN)
        found = self.findData(current)
        self.setCurrentIndex(found if found >= 0 else 0)
        self.blockSignals(False)
        self.retranslate_ui()
        self.setVisible(self.wanted and len(shops) > 1)

    def choice(self) -> tuple[str | None, bool]:
        """(shop id, whole chain): (None, False) is this device's own shop, the default."""
        data = self.currentData() if self.isVisible() or self.shops else None
        if data == CHAIN:
            return None, True
        return (str(data) if data else None), False

    def retranslate_ui(self) -> None:
        for index, shop in enumerate(self.shops):
            self.setItemText(index, tr("This shop: %1").replace("%1", shop.name) if index == 0 else shop.name)
        if self.shops:
            self.setItemText(len(self.shops), tr("Whole chain, shop by shop"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


__all__ = ["CHAIN", "ScopePicker", "scope_words"]
