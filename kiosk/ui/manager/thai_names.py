"""The Thai form of the names customers read that have no table of their own on the settings page: the shop's
name and receipt footer, the charity causes, the paid memberships (rewards, stamp cards, tiers and partners keep
their Thai column in their own table)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.ui.manager.common import tr
from kiosk.ui.theme import scaled

SECTIONS = ("shop", "charity", "memberships")


@dataclass(frozen=True)
class _Name:
    """One row: where its English is in the settings, and where its Thai goes."""

    kind: str  # shop | footer | cause | membership
    index: int
    english: str
    thai: str


def names_of(sections: dict[str, Any]) -> list[_Name]:
    shop = sections.get("shop", {})
    footer_th = list(shop.get("footer_lines_th", []))
    rows = [_Name("shop", 0, str(shop.get("name", "")), str(shop.get("name_th", "")))]
    rows += [_Name("footer", i, str(line), str(footer_th[i]) if i < len(footer_th) else "")
             for i, line in enumerate(shop.get("footer_lines", []))]
    rows += [_Name("cause", i, str(c.get("name", "")), str(c.get("name_th", "")))
             for i, c in enumerate(sections.get("charity", {}).get("causes", []))]
    rows += [_Name("membership", i, str(m.get("name", "")), str(m.get("name_th", "")))
             for i, m in enumerate(sections.get("memberships", []))]
    return rows


def with_thai(sections: dict[str, Any], thai: list[tuple[_Name, str]]) -> dict[str, Any]:
    """The shop, charity and memberships sections with the Thai forms given; an empty one falls back to the
    English (a Thai receipt line left blank would print nothing)."""
    out = {name: copy.deepcopy(sections[name]) for name in SECTIONS if name in sections}
    shop = out.get("shop", {})
    footer = [str(line) for line in shop.get("footer_lines", [])]
    footer_th = list(footer)
    for row, text in thai:
        if row.kind == "shop":
            _set(shop, "name_th", text)
        elif row.kind == "footer":
            footer_th[row.index] = text or footer[row.index]
        elif row.kind == "cause":
            _set(out["charity"]["causes"][row.index], "name_th", text)
        else:
            _set(out["memberships"][row.index], "name_th", text)
    if "shop" in out:
        if footer_th != footer or shop.get("footer_lines_th"):
            shop["footer_lines_th"] = footer_th
    return out


def _set(table: dict[str, Any], key: str, text: str) -> None:
    if text:
        table[key] = text
    else:
        table.pop(key, None)


class ThaiNamesEditor(QWidget):
    """What each name is, its English (as the settings file has it) and its Thai, which the owner types."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        super().__init__()
        self._rows: list[_Name] = []
        self._sections: dict[str, Any] = {}
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(scaled(120))
        self.table.setMinimumHeight(scaled(190))
        self.table.itemChanged.connect(lambda _i: on_change())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_sections(self, sections: dict[str, Any]) -> None:
        self._sections = {name: copy.deepcopy(sections[name]) for name in SECTIONS if name in sections}
        self._rows = names_of(self._sections)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            what = QTableWidgetItem(self._what(row))
            english = QTableWidgetItem(row.english)
            for fixed in (what, english):
                fixed.setFlags(fixed.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, 0 if fixed is what else 1, fixed)
            self.table.setItem(r, 2, QTableWidgetItem(row.thai))
        self.table.blockSignals(False)

    def sections(self) -> dict[str, Any]:
        """The shop, charity and memberships sections with the Thai forms as edited."""
        thai = []
        for r, row in enumerate(self._rows):
            item = self.table.item(r, 2)
            thai.append((row, item.text().strip() if item else ""))
        return with_thai(self._sections, thai)

    def _what(self, row: _Name) -> str:
        return {"shop": tr("Shop name"), "footer": tr("Receipt footer, line %1").replace("%1", str(row.index + 1)),
                "cause": tr("Charity cause"), "membership": tr("Paid membership")}[row.kind]

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("Name of"), tr("English"), tr("Thai")])
        self.table.blockSignals(True)
        for r, row in enumerate(self._rows):
            item = self.table.item(r, 0)
            if item is not None:
                item.setText(self._what(row))
        self.table.blockSignals(False)
