"""Thai/English switching at runtime, and money and dates as the screens show them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.money import Money
from kiosk.ui.formatting import format_date, format_datetime, format_money, format_points, format_recent
from kiosk.ui.i18n import ENGLISH, THAI, TRANSLATIONS_DIR, current_language, set_language, translator
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.widgets import AmountKeypad, OnScreenKeyboard, PinPad


def test_switching_to_thai_retranslates_live_widgets(qtbot: QtBot, qapp: QApplication) -> None:
    pad = PinPad()
    qtbot.addWidget(pad)
    prompt = pad.findChild(QWidget, "heading")
    assert prompt.text() == "Enter your PIN"
    assert pad.key_button("clear").text() == "Clear"
    with qtbot.waitSignal(translator().language_changed, raising=True) as blocker:
        set_language(qapp, THAI)
    assert blocker.args == [THAI]
    assert current_language() == THAI
    assert prompt.text() == "กรอกรหัส PIN"
    assert pad.key_button("clear").text() == "ล้าง"
    assert QLocale().language() == QLocale.Language.Thai
    set_language(qapp, ENGLISH)
    assert prompt.text() == "Enter your PIN"
    assert QLocale().language() == QLocale.Language.English


def test_widgets_created_while_thai_start_in_thai(qtbot: QtBot, qapp: QApplication) -> None:
    set_language(qapp, THAI)
    keypad = AmountKeypad()
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keypad)
    qtbot.addWidget(keyboard)
    assert keypad.key_button("clear").text() == "ล้าง"
    assert keyboard.special_key("space").text() == "เว้นวรรค"


def test_generic_failure_is_translated(qtbot: QtBot, qapp: QApplication, runner: TaskRunner) -> None:
    set_language(qapp, THAI)
    failures: list[TaskFailure] = []
    runner.run_io(lambda: 1 / 0, on_failure=failures.append)
    assert runner.wait_idle()
    assert failures[0].message == "เกิดข้อผิดพลาด ยังไม่มีการเปลี่ยนแปลงใด ๆ"
    set_language(qapp, ENGLISH)
    assert failures[0].message == "Something went wrong; nothing was changed."  # worded when read, not when failed


def test_unknown_language_is_refused(qapp: QApplication) -> None:
    with pytest.raises(ValueError):
        set_language(qapp, "fr")


def test_translation_files_are_complete_and_compiled() -> None:
    ts = (TRANSLATIONS_DIR / "kiosk_th.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts, "run scripts/update_translations.sh and translate the new strings"
    qm = TRANSLATIONS_DIR / "kiosk_th.qm"
    assert qm.is_file() and qm.stat().st_size > 0
    assert Path(TRANSLATIONS_DIR).name == "i18n"


def test_thai_renders_with_the_thai_font(qtbot: QtBot, thai_font: str) -> None:
    button = QPushButton("ยืนยัน")
    qtbot.addWidget(button)
    assert thai_font in button.font().families()


# ------------------------------------------------------------------------------------------ formatting
@pytest.mark.parametrize("language", [THAI, ENGLISH])
def test_baht_shows_the_baht_sign_in_both_languages(language: str) -> None:
    assert format_money(Money(125_050), language=language) == "฿1,250.50"
    assert format_money(Money(-500), language=language) == "-฿5.00"
    assert format_money(Money(0), language=language) == "฿0.00"


def test_other_currencies_and_points() -> None:
    assert format_money(Money(150, "USD"), language=ENGLISH) == "$1.50"
    assert format_money(Money(1000, "JPY"), language=ENGLISH) == "¥1,000"
    assert format_points(1_250) == "1,250"
    with pytest.raises(TypeError):
        format_points(True)


def test_dates_use_buddhist_era_in_thai(qapp: QApplication) -> None:
    moment = dt.datetime(2025, 3, 4, 14, 5)
    assert format_date(moment.date(), language=THAI) == "4 มี.ค. 2568"
    assert format_date(moment.date(), language=ENGLISH) == "4 Mar 2025"
    assert format_datetime(moment, language=THAI) == "4 มี.ค. 2568 14:05"
    assert format_datetime(moment, language=ENGLISH) == "4 Mar 2025, 14:05"
    set_language(qapp, THAI)
    assert format_date(moment.date()) == "4 มี.ค. 2568"  # follows the UI language by default


@pytest.mark.parametrize(("language", "this_year", "brief", "older", "older_brief"), [
    (ENGLISH, "4 Mar 14:05", "4 Mar", "4 Mar 2025", "Mar 2025"),
    (THAI, "4 มี.ค. 14:05", "4 มี.ค.", "4 มี.ค. 2568", "มี.ค. 2568"),
])
def test_a_recent_moment_says_its_year_only_when_it_is_another(language: str, this_year: str, brief: str,
                                                               older: str, older_brief: str) -> None:
    """The counter's last visits: this year's without the year, another year's (Buddhist Era in Thai) without the
    time; briefer where even that has no room; the whole moment with no date to measure by."""
    moment = dt.datetime(2026, 3, 4, 14, 5)
    today = dt.date(2026, 11, 26)
    assert format_recent(moment, today=today, language=language) == this_year
    assert format_recent(moment, today=today, brief=True, language=language) == brief
    last_year = moment.replace(year=2025)
    assert format_recent(last_year, today=today, language=language) == older
    assert format_recent(last_year, today=today, brief=True, language=language) == older_brief
    assert format_recent(moment, today=None, language=language) == format_datetime(moment, language=language)


def test_plurals_read_right_in_english_and_alike_in_thai() -> None:
    from kiosk.ui.formatting import plural

    assert plural(1, "%n point", "%n points") == "1 point"
    assert plural(1250, "%n point", "%n points") == "1,250 points"
    assert plural(0, "%n point", "%n points") == "0 points"
    assert plural(2, "%n แต้ม", "%n แต้ม") == "2 แต้ม"


def test_a_latin_name_after_khun_gets_its_space() -> None:
    from kiosk.ui.formatting import with_name

    assert with_name("สวัสดีค่ะ คุณ%1", "Anong W.") == "สวัสดีค่ะ คุณ Anong W."
    assert with_name("สวัสดีค่ะ คุณ%1", "สมชาย จ.") == "สวัสดีค่ะ คุณสมชาย จ."
    assert with_name("Hello, %1", "Anong W.") == "Hello, Anong W."
