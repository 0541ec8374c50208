"""Issue 17, "Thai to the last word", held for every screen at once: `kiosk screenshots` drives the counter, the
customer display, the kiosk and the manager's pages of the demo shop through their main states, and for each
picture taken in Thai this test reads every visible label, button, field, table cell, header and tooltip. No
English word may be among them, except what is not English: names people typed (staff, members, the shop's
partners), the menu's category ids, codes and key names, and a few words Thai screens use as they are (QR,
Stripe, CSV).

A sentence built in English below the screens (a refusal, an event, a config name without its Thai form) shows
up here as the picture's name and the text it was found in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLabel, QLineEdit, QWidget

import kiosk.ui.manager.screenshots as manager_shots
import kiosk.ui.screenshots as counter_shots
import kiosk.ui.selfservice.screenshots as kiosk_shots
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.services.demo import DEMO_STAFF, EN_FIRST, EN_LAST

# Words a Thai screen shows as they are: the other language's button, brands, file formats, key names, units.
AS_THEY_ARE = {"English", "QR", "Stripe", "PromptPay", "CSV", "PDF", "SKU", "PIN", "Ctrl", "Esc", "Del",
               "Enter", "Tab", "Shift", "Alt", "USB", "CUPS", "mm", "ID"}
WORD = re.compile(r"(?<![\w@.])[A-Za-z][A-Za-z'’]+(?![\w@])")
TAG = re.compile(r"<[^>]+>")


def visible_texts(widget: QWidget) -> Iterator[str]:
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible():
            continue
        if isinstance(child, QLabel):
            yield child.text()
        elif isinstance(child, QAbstractButton):
            yield child.text()
        elif isinstance(child, QLineEdit):
            yield child.text() or child.placeholderText()
        elif isinstance(child, QComboBox):
            yield child.currentText()
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            try:
                rows, columns = model.rowCount(QModelIndex()), model.columnCount(QModelIndex())
            except TypeError:  # a list model: one column
                rows, columns = model.rowCount(), 1
            for row in range(min(rows, 40)):
                for column in range(columns):
                    value = model.data(model.index(row, column))
                    if isinstance(value, str):
                        yield value
            for column in range(columns):
                value = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(value, str):
                    yield value
        if child.toolTip():
            yield child.toolTip()


def test_no_english_word_reaches_a_thai_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found: dict[str, set[str]] = {}

    def watching(save: object) -> object:
        def watched(widget: QWidget, path: Path) -> Path:
            name = Path(path).name
            if "-th" in name or "thai" in name:
                for text in visible_texts(widget):
                    for word in WORD.findall(TAG.sub(" ", text)):
                        found.setdefault(word, set()).add(f"{name}: {TAG.sub(' ', text).strip()[:100]}")
            return save(widget, path)  # type: ignore[operator]
        return watched

    monkeypatch.setattr(counter_shots, "_save", watching(counter_shots._save))
    monkeypatch.setattr(manager_shots, "_save", watching(manager_shots._save))
    monkeypatch.setattr(kiosk_shots, "_grab", watching(kiosk_shots._grab))
    assert main(["screenshots", "--out", str(tmp_path / "pictures")]) == 0
    assert found, "the Thai pictures were read"  # their staff names at least

    # Names people typed in the demo: its staff, members, shop and partners (English names are theirs to keep).
    typed = {word for name in (*EN_FIRST, *EN_LAST, *(staff for staff, _, _ in DEMO_STAFF)) for word in name.split()}
    typed |= {"Baan", "Kafe", "Soi", "Books", "Khanom", "Bakery"}
    # The menu's category ids, typed into a promotion as they are (its placeholder gives two as an example).
    typed |= {c.id for c in load_settings(data_dir=tmp_path / "defaults").context.programs.categories}
    # A word in capitals is a code (a member's id "GAMPCETB", a referral code) or an abbreviation (QR, CSV).
    english = {word: where for word, where in found.items() if word not in AS_THEY_ARE | typed and not word.isupper()}
    assert not english, "\n".join(f"{word}: {sorted(where)[0]}" for word, where in sorted(english.items()))
