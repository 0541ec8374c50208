"""The Thai form of the names customers read, beside their English, for what the settings page's tables leave
out: the shop's name and receipt footer, the stamp cards and their free item, the tiers' perks (line for line),
the charity causes and the paid memberships. Rewards, tiers and partners keep a Thai name column of their own."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.ui.manager.common import tr
from kiosk.ui.theme import scaled

SECTIONS = ("shop", "charity", "memberships")  # edited only here; stamp cards and tiers have tables of their own


@dataclass(frozen=True)
class _Name:
    """One row: where its English is in the settings, and where its Thai goes."""

    kind: str  # shop | footer | cause | membership | card | card_reward | perk
    index: int
    english: str
    thai: str
    owner: str = ""  # the stamp card's id or the tier's name (their tables may add, drop or reorder rows)


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
    for card in sections.get("stamp_cards", []):
        card_id = str(card.get("id", ""))
        rows.append(_Name("card", 0, str(card.get("name", "")), str(card.get("name_th", "")), card_id))
        rows.append(_Name("card_reward", 0, str(card.get("reward_name", "")), str(card.get("reward_name_th", "")),
                          card_id))
    for tier in sections.get("tiers", {}).get("levels", []):
        perks_th = list(tier.get("perks_th", []))
        rows += [_Name("perk", i, str(perk), str(perks_th[i]) if i < len(perks_th) else "", str(tier.get("name", "")))
                 for i, perk in enumerate(tier.get("perks", []))]
    return rows


def with_thai(sections: dict[str, Any], changes: dict[str, Any], thai: list[tuple[_Name, str]]) -> None:
    """Put the Thai forms into `changes` (the page's edited sections): the shop, charity and memberships sections
    from `sections` as loaded, the stamp cards' and tiers' into their edited rows, found by card id and tier name.
    A Thai line or perk left empty falls back to its English (a blank receipt line would print nothing)."""
    for name in SECTIONS:
        if name in sections:
            changes[name] = copy.deepcopy(sections[name])
    shop = changes.get("shop", {})
    footer = [str(line) for line in shop.get("footer_lines", [])]
    footer_th = list(footer)
    cards = {str(card.get("id", "")): card for card in changes.get("stamp_cards", [])}
    tiers = {str(tier.get("name", "")): tier for tier in changes.get("tiers", {}).get("levels", [])}
    perks_th: dict[str, list[str]] = {}
    for row, text in thai:
        if row.kind == "shop":
            if text or "name_th" in shop:  # [shop] merges key by key: clearing it takes an empty name, not none
                shop["name_th"] = text
        elif row.kind == "footer":
            footer_th[row.index] = text or footer[row.index]
        elif row.kind == "cause":
            _set(changes["charity"]["causes"][row.index], "name_th", text)
        elif row.kind == "membership":
            _set(changes["memberships"][row.index], "name_th", text)
        elif row.kind in ("card", "card_reward") and row.owner in cards:
            _set(cards[row.owner], "name_th" if row.kind == "card" else "reward_name_th", text)
        elif row.kind == "perk" and row.owner in tiers:
            perks_th.setdefault(row.owner, []).append(text or row.english)
    if "shop" in changes and (footer_th != footer or shop.get("footer_lines_th")):
        shop["footer_lines_th"] = footer_th
    for tier_name, lines in perks_th.items():
        tier = tiers[tier_name]
        if [str(perk) for perk in tier.get("perks", [])] == [row.english for row, _ in thai
                                                               if row.kind == "perk" and row.owner == tier_name]:
            tier["perks_th"] = lines


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
        self.table.verticalHeader().setDefaultSectionSize(scaled(40))
        # each column as wide as its longest name (none cut off); a table wider than the page scrolls sideways
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(scaled(160))
        self.table.setMinimumHeight(scaled(360))  # some twenty names: a good part of them at a glance
        self.table.itemChanged.connect(lambda _i: on_change())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_sections(self, sections: dict[str, Any]) -> None:
        self._sections = {name: copy.deepcopy(sections[name]) for name in SECTIONS if name in sections}
        self._rows = names_of(sections)
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

    def apply(self, changes: dict[str, Any]) -> None:
        """Add the Thai forms as edited to the page's `changes` (see with_thai)."""
        thai = []
        for r, row in enumerate(self._rows):
            item = self.table.item(r, 2)
            thai.append((row, item.text().strip() if item else ""))
        with_thai(self._sections, changes, thai)

    def _what(self, row: _Name) -> str:
        return {"shop": tr("Shop name"), "footer": tr("Receipt footer, line %1").replace("%1", str(row.index + 1)),
                "cause": tr("Charity cause"), "membership": tr("Paid membership"), "card": tr("Stamp card"),
                "card_reward": tr("Stamp card's free item"),
                "perk": tr("Perk of %1").replace("%1", row.owner)}[row.kind]

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("Name of"), tr("English"), tr("Thai")])
        self.table.blockSignals(True)
        for r, row in enumerate(self._rows):
            item = self.table.item(r, 0)
            if item is not None:
                item.setText(self._what(row))
        self.table.blockSignals(False)
