"""The shared widgets, driven like a cashier or customer would, offscreen."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:
    from kiosk.ui.manager.common import FigureTile

from kiosk.adapters.scanning.qr import qr_matrix
from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.theme import PALETTE, PRIMARY, apply_theme, effective_scale, stylesheet
from kiosk.ui.widgets import (
    AmountKeypad,
    BalanceTile,
    BusyOverlay,
    OnScreenKeyboard,
    PinPad,
    QrWidget,
    StampCardWidget,
    TierProgressWidget,
    Toast,
)
from kiosk.ui.widgets.gallery import build_gallery


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------------------------------------- theme
def test_theme_scales_every_pixel_size_and_kiosk_targets_are_64px(qapp: QApplication) -> None:
    counter = stylesheet()
    kiosk = stylesheet(kiosk_mode=True)
    assert "${" not in counter and PALETTE.accent in counter
    assert "min-height: 48px" in counter
    assert "min-height: 64px" in kiosk
    assert effective_scale(scale=1.5) == 1.5
    with pytest.raises(ValueError):
        stylesheet(scale=0)


def test_primary_button_is_painted_in_the_accent(qtbot: QtBot) -> None:
    button = QPushButton("Confirm")
    button.setObjectName(PRIMARY)
    qtbot.addWidget(button)
    button.resize(200, 60)
    button.show()
    image = button.grab().toImage()
    assert image.pixelColor(100, 8) == QColor(PALETTE.accent)


def test_thai_font_is_installed(thai_font: str) -> None:
    assert thai_font in QFontDatabase.families()


def test_kiosk_mode_makes_keys_at_least_64px(qtbot: QtBot, qapp: QApplication) -> None:
    apply_theme(qapp, kiosk_mode=True)
    try:
        keyboard = OnScreenKeyboard()
        qtbot.addWidget(keyboard)
        keyboard.show()
        qtbot.waitExposed(keyboard)
        key = keyboard.key_for("ก")
        assert key is not None and key.height() >= 64
    finally:
        apply_theme(qapp)


# --------------------------------------------------------------------------------------------- PinPad
def test_pin_pad_emits_pin_after_four_taps_and_shows_only_dots(qtbot: QtBot) -> None:
    pad = PinPad(pin_length=4)
    qtbot.addWidget(pad)
    pad.show()
    lengths: list[int] = []
    pad.pin_changed.connect(lengths.append)
    with qtbot.waitSignal(pad.pin_entered, raising=True) as blocker:
        for digit in "2580":
            click(qtbot, pad.key_button(digit))
    assert blocker.args == ["2580"]
    assert lengths == [1, 2, 3, 4]
    assert pad.entered_length() == 0  # cleared for the next person


def test_pin_pad_backspace_clear_and_keyboard_digits(qtbot: QtBot) -> None:
    pad = PinPad(pin_length=6, min_length=4)
    qtbot.addWidget(pad)
    pad.show()
    pad.setFocus()
    qtbot.keyClicks(pad, "12")
    click(qtbot, pad.key_button("backspace"))
    assert pad.entered_length() == 1
    click(qtbot, pad.key_button("clear"))
    assert pad.entered_length() == 0
    qtbot.keyClicks(pad, "9x87")  # letters are ignored
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pad, "65")
    with qtbot.waitSignal(pad.pin_entered, raising=True) as blocker:
        qtbot.keyClick(pad, Qt.Key.Key_Return)  # 4 digits meets min_length
    assert blocker.args == ["9865"]


def test_pin_pad_error_clears_entry(qtbot: QtBot) -> None:
    pad = PinPad()
    qtbot.addWidget(pad)
    pad.press_digit("1")
    pad.show_error("Wrong PIN")
    assert pad.entered_length() == 0
    assert pad.findChild(QWidget, "errorText").text() == "Wrong PIN"
    pad.press_digit("2")
    assert pad.findChild(QWidget, "errorText").text() == ""


# --------------------------------------------------------------------------------------- AmountKeypad
def test_amount_keypad_builds_text_with_two_decimals_at_most(qtbot: QtBot) -> None:
    keypad = AmountKeypad()
    qtbot.addWidget(keypad)
    changes: list[str] = []
    keypad.amount_changed.connect(changes.append)
    for key in "0125.509":
        click(qtbot, keypad.key_button(key))
    assert keypad.text() == "125.50"  # leading zero dropped, third decimal refused
    assert changes[-1] == "125.50"
    assert keypad.money() == Money(12550, "THB")
    click(qtbot, keypad.key_button("."))
    assert keypad.text() == "125.50"
    click(qtbot, keypad.key_button("backspace"))
    assert keypad.money() == Money.from_decimal(Decimal("125.5"))


def test_amount_keypad_keyboard_limits_and_money(qtbot: QtBot) -> None:
    keypad = AmountKeypad(max_whole_digits=4)
    qtbot.addWidget(keypad)
    keypad.show()
    keypad.setFocus()
    qtbot.keyClicks(keypad, "123456")
    assert keypad.text() == "1234"
    qtbot.keyClicks(keypad, ",5")
    assert keypad.text() == "1234.5"
    assert keypad.findChild(QWidget, "bigNumber").text() == "฿1,234.5"
    qtbot.keyClick(keypad, Qt.Key.Key_Escape)
    assert keypad.text() == "" and keypad.money() is None
    keypad.set_text("0.")
    assert keypad.text() == "0."
    with pytest.raises(InvalidInput):
        keypad.money()
    assert keypad.money(allow_zero=True) == Money(0)


def test_amount_keypad_respects_zero_decimal_currency(qtbot: QtBot) -> None:
    keypad = AmountKeypad(currency="JPY", symbol="¥")
    qtbot.addWidget(keypad)
    keypad.set_text("1.5")
    assert keypad.text() == "15"
    assert not keypad.key_button(".").isEnabled()


# ------------------------------------------------------------------------------------ OnScreenKeyboard
def test_on_screen_keyboard_types_thai_and_english_into_target(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    name = QLineEdit()
    keyboard = OnScreenKeyboard(language="th")
    layout.addWidget(name)
    layout.addWidget(keyboard)
    keyboard.set_target(name)
    host.show()
    for char in "มะลิ":
        key = keyboard.key_for(char)
        assert key is not None, char
        click(qtbot, key)
    assert name.text() == "มะลิ"
    with qtbot.waitSignal(keyboard.layout_changed, raising=True):
        click(qtbot, keyboard.special_key("language"))
    assert keyboard.language() == "en"
    click(qtbot, keyboard.special_key("space"))
    click(qtbot, keyboard.special_key("shift"))
    click(qtbot, keyboard.key_for("M"))
    assert not keyboard.is_shifted()  # shift is one-shot
    click(qtbot, keyboard.key_for("a"))
    click(qtbot, keyboard.special_key("backspace"))
    assert name.text() == "มะลิ M"
    with qtbot.waitSignal(name.returnPressed, raising=True):
        click(qtbot, keyboard.special_key("enter"))


def test_on_screen_keyboard_follows_focus_and_never_takes_it(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    first, second = QLineEdit(), QLineEdit()
    keyboard = OnScreenKeyboard(language="en")
    for widget in (first, second, keyboard):
        layout.addWidget(widget)
    host.show()
    host.activateWindow()
    qtbot.waitActive(host)
    keyboard.set_follow_focus(True)
    second.setFocus()
    qtbot.waitUntil(lambda: keyboard.target() is second)
    click(qtbot, keyboard.key_for("q"))
    assert second.text() == "q" and first.text() == ""
    assert QApplication.focusWidget() is second
    keyboard.set_follow_focus(False)


# ------------------------------------------------------------------------------------ loyalty displays
@pytest.mark.parametrize(("total", "grid"), [(6, (1, 6)), (10, (2, 5)), (12, (2, 6)), (25, (3, 9))])
def test_stamp_card_grid(qtbot: QtBot, total: int, grid: tuple[int, int]) -> None:
    card = StampCardWidget(filled=3, total=total)
    qtbot.addWidget(card)
    assert card.grid() == grid


def test_stamp_card_paints_filled_and_empty_stamps(qtbot: QtBot) -> None:
    card = StampCardWidget(filled=3, total=10)
    qtbot.addWidget(card)
    card.resize(500, 220)
    card.show()
    image = card.grab().toImage()
    accent = QColor(PALETTE.accent)
    rows, columns = card.grid()
    pad = max(6.0, 500 * 0.035)
    slot = min((500 - 2 * pad) / columns, (220 - 2 * pad) / rows)
    left = (500 - (columns * slot + 2 * pad)) / 2 + pad
    top = (220 - (rows * slot + 2 * pad)) / 2 + pad

    def near_edge_of(index: int) -> QColor:
        row, column = divmod(index, columns)
        return image.pixelColor(int(left + (column + 0.5) * slot - slot * 0.3), int(top + (row + 0.5) * slot))

    assert near_edge_of(0) == accent and near_edge_of(2) == accent
    assert near_edge_of(3) != accent
    card.set_stamps(15, 10)
    assert card.stamps() == (10, 10)
    with pytest.raises(ValueError):
        card.set_stamps(0, 0)


def test_tier_progress_uses_integers_and_caller_caption(qtbot: QtBot) -> None:
    tier = TierProgressWidget()
    qtbot.addWidget(tier)
    tier.set_state(tier_name="Silver", current=375_000, target=500_000, caption="฿1,250 more to Gold")
    assert tier.progress_steps() == 750
    assert tier.caption_text() == "฿1,250 more to Gold"
    tier.set_progress(10**13, 3 * 10**13)  # far beyond a 32-bit int, still exact
    assert tier.progress_steps() == 333
    tier.set_progress(5, 0)  # top tier
    assert tier.progress_steps() == 1000


def test_balance_tile_texts(qtbot: QtBot) -> None:
    tile = BalanceTile(caption="Points", value="1,250")
    qtbot.addWidget(tile)
    tile.show()
    assert tile.findChild(QWidget, "subCaption").isHidden()
    tile.set_sub_caption("worth ฿125.00")
    tile.set_value("1,300")
    assert (tile.caption_text(), tile.value_text(), tile.sub_caption_text()) == ("Points", "1,300", "worth ฿125.00")
    assert not tile.findChild(QWidget, "subCaption").isHidden()


def test_qr_widget_paints_the_encoded_matrix(qtbot: QtBot) -> None:
    qr = QrWidget(payload="LK1-MEMBER-42")
    qtbot.addWidget(qr)
    matrix = qr_matrix("LK1-MEMBER-42")
    assert qr.matrix() == matrix
    qr.resize(300, 300)
    qr.show()
    image = qr.grab().toImage()
    modules = len(matrix) + 8
    module = 300 // modules
    origin = (300 - module * modules) // 2 + 4 * module
    # the top-left finder pattern: dark corner, light ring inside it, dark centre
    assert image.pixelColor(origin + module // 2, origin + module // 2).lightness() < 50
    assert image.pixelColor(origin + module + module // 2, origin + module + module // 2).lightness() > 200
    assert image.pixelColor(origin + 3 * module, origin + 3 * module).lightness() < 50
    assert image.pixelColor(origin - module, origin - module).lightness() > 200  # quiet zone


def test_qr_widget_with_its_own_encoder(qtbot: QtBot) -> None:
    qr = QrWidget(encoder=lambda payload: [[True, False], [False, True]])
    qtbot.addWidget(qr)
    qr.set_payload("x")
    assert qr.matrix() == [[True, False], [False, True]]


# ---------------------------------------------------------------------------------------- feedback
def test_toast_shows_error_then_hides_itself(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    toast = Toast(window)
    toast.show_error("Card not recognised. Ask the member to show the code again.", timeout_ms=50)
    assert toast.isVisible() and toast.kind() == "error"
    assert toast.geometry().top() >= 0 and toast.width() <= 800
    qtbot.waitUntil(lambda: not toast.isVisible(), timeout=2000)
    toast.show_message("Saved", kind="success")
    qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    assert not toast.isVisible()
    with pytest.raises(ValueError):
        toast.show_message("x", kind="shout")


def test_busy_overlay_follows_task_runner_after_a_delay(qtbot: QtBot, runner: TaskRunner) -> None:
    import threading

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(640, 480)
    window.show()
    overlay = BusyOverlay(window, delay_ms=30)
    overlay.bind(runner, "Saving…")
    release = threading.Event()
    runner.run_db(lambda: release.wait(2))
    qtbot.waitUntil(overlay.isVisible, timeout=2000)
    assert overlay.geometry() == window.rect()
    assert overlay.message() == "Saving…"
    release.set()
    assert runner.wait_idle()
    assert not overlay.isVisible()


def test_quick_work_never_flashes_the_overlay(qtbot: QtBot, runner: TaskRunner) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    overlay = BusyOverlay(window, delay_ms=500)
    overlay.bind(runner)
    runner.run_db(lambda: None)
    assert runner.wait_idle()
    assert not overlay.is_pending_or_shown()


def test_gallery_builds(qtbot: QtBot) -> None:
    gallery = build_gallery()
    qtbot.addWidget(gallery)
    gallery.show()
    assert gallery.findChild(QrWidget).payload() == "LK1-MEMBER-000123"


def test_disabled_danger_button_is_painted_grey_not_red(qtbot: QtBot) -> None:
    from kiosk.ui.theme import DANGER

    buttons = []
    for enabled in (True, False):
        btn = QPushButton("Dismiss selected")
        btn.setObjectName(DANGER)
        btn.setEnabled(enabled)
        btn.resize(220, 56)
        qtbot.addWidget(btn)
        buttons.append(btn.grab().toImage())
    enabled_border = buttons[0].pixelColor(110, 1)
    disabled_border = buttons[1].pixelColor(110, 1)
    assert enabled_border.red() > enabled_border.green() + 60  # the red outline while it can be pressed
    assert abs(disabled_border.red() - disabled_border.green()) < 25  # grey once it cannot


def test_combo_and_spin_arrows_are_drawn_from_the_theme_images(qapp: QApplication) -> None:
    import re
    from pathlib import Path

    sheet = stylesheet()
    paths = re.findall(r"url\(([^)]+)\)", sheet)
    assert paths and all(Path(p).is_file() and p.endswith(".svg") for p in paths)
    assert "QComboBox::down-arrow" in sheet and "QSpinBox::up-arrow" in sheet


def _row_of_tiles(qtbot: QtBot) -> tuple[list[FigureTile], Callable[[], set[int]]]:
    """Three figure tiles in a 600 px grid, shown; and where their figures start (one height when aligned)."""
    from kiosk.ui.manager.common import FigureTile, TileGrid

    tiles = [FigureTile() for _ in range(3)]
    grid = TileGrid(tiles)
    qtbot.addWidget(grid)
    grid.resize(600, 300)
    grid.show()
    qtbot.waitExposed(grid)

    def tops() -> set[int]:
        return {tile.value.mapTo(grid, tile.value.rect().topLeft()).y() for tile in tiles}

    return tiles, tops


def test_figure_tiles_of_a_row_start_their_figures_at_one_height(qtbot: QtBot) -> None:
    """A caption that wraps (the Thai 'Program return' at 1440 px) pushed its figure below its neighbours'."""
    tiles, tops = _row_of_tiles(qtbot)
    tiles[0].set_figure("Owed", "฿1.00")
    tiles[1].set_figure("A caption far too long to stay on one line of a tile this narrow", "25.0%")
    tiles[2].set_figure("Breakage", "0.0%")

    line = tiles[1].caption.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: tiles[1].caption.height() > 1.5 * line, timeout=5_000)  # laid out, and wrapped
    qtbot.waitUntil(lambda: len(tops()) == 1, timeout=5_000)
    tiles[1].set_figure("Short now", "25.0%")  # no longer wraps: the row closes up again
    qtbot.waitUntil(lambda: len(tops()) == 1 and tiles[0].caption.minimumHeight() == tiles[1].caption.minimumHeight()
                    and tiles[1].caption.minimumHeight() <= tiles[1].caption.fontMetrics().lineSpacing() + 4,
                    timeout=5_000)


def test_figures_set_while_the_tiles_are_hidden_are_aligned_when_shown(qtbot: QtBot) -> None:
    """A language switch retranslates every manager page, the hidden ones too: their captions changed while the
    grid could not measure them, and nothing aligned them when the page was shown again at the same size (the
    Thai 'Program return' sat 6 px below its row in the README's picture)."""
    tiles, tops = _row_of_tiles(qtbot)
    for tile, caption in zip(tiles, ("Owed", "Return", "Breakage"), strict=True):
        tile.set_figure(caption, "1.0%")
    qtbot.waitUntil(lambda: len(tops()) == 1, timeout=5_000)
    grid = tiles[0].parentWidget()
    assert grid is not None
    grid.hide()
    tiles[1].set_figure("A caption far too long to stay on one line of a tile this narrow", "25.0%")
    qtbot.wait(50)  # its alignment came and went while hidden
    grid.show()
    line = tiles[1].caption.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: tiles[1].caption.height() > 1.5 * line, timeout=5_000)
    qtbot.waitUntil(lambda: len(tops()) == 1, timeout=5_000)
