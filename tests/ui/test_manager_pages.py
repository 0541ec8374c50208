"""Issue 17's manager touches: staff with their last sign-in and a switch that says what it does, chart axes on
round figures with the baht sign and months by name, tiles that wrap on a narrow screen."""

from __future__ import annotations

import datetime as dt
import itertools
import math

from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.services.app import Services
from kiosk.ui.formatting import format_month
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.charts import is_round_step, nice_axis
from kiosk.ui.manager.window import ManagerShell
from tests.support.staff import add_staff
from tests.ui.layout import fit_problems
from tests.ui.test_manager import _open, shell, shop  # noqa: F401 - fixtures shared with the manager tests


def test_round_axis_steps() -> None:
    assert nice_axis(6715) == (8000, 2000)
    assert nice_axis(95) == (100, 20)
    assert nice_axis(13) == (15, 5)
    assert nice_axis(0.3) == (0.3, 0.1)
    assert nice_axis(0) == (1.0, 1.0)
    for top in (0.7, 3, 7, 12.5, 95, 999, 1000, 4321, 86_000, 1_250_000):
        maximum, step = nice_axis(top)
        assert is_round_step(step) and top <= maximum < top + step and maximum / step <= 5, top
    assert not is_round_step(2.5) and not is_round_step(300)


def test_month_names_in_both_languages() -> None:
    november = dt.date(2026, 11, 1)
    assert format_month(november, language="en") == "Nov"
    assert format_month(november, language="th") == "พ.ย."
    assert format_month(november, year=True, language="th") == "พ.ย. 2569"


def test_the_staff_page_shows_who_signed_in_when_and_names_the_switch(qtbot: QtBot, shell: ManagerShell,
                                                                      shop: Services) -> None:
    window = _open(qtbot, shell)  # Nok signs in with her PIN: an approval, not a counter sign-in
    beam = next(s for s in shop.staff.list_staff() if s.name == "Beam")
    shop.staff.sign_in(beam.id, "1111")
    window.open_page("staff")
    page = window.staff
    page.load()
    shell.runner.wait_idle(10_000)
    rows = {page.list.item(r, 0).text(): page.list.item(r, 3).text() for r in range(page.list.rowCount())}
    assert rows["Beam"] not in ("", "Never") and "2026" in rows["Beam"]
    assert not page.toggle_button.isEnabled()  # nobody chosen yet
    page.list.selectRow([s.name for s in page.staff].index("Beam"))
    assert page.toggle_button.text() == "Disable Beam" and page.toggle_button.isEnabled()
    page.list.selectRow([s.name for s in page.staff].index("Nok"))
    assert not page.toggle_button.isEnabled()  # nobody disables themself


def test_health_charts_read_in_baht_and_month_names(qtbot: QtBot, qapp: QApplication, shell: ManagerShell) -> None:
    window = _open(qtbot, shell)
    set_language(qapp, THAI)
    window.open_page("health")
    shell.runner.wait_idle(60_000)
    axes = window.health.trend.chart().axes()
    months = next(a for a in axes if isinstance(a, QBarCategoryAxis)).categories()
    assert months and all("/" not in month for month in months) and any(".ค." in m or ".ย." in m for m in months)
    y = next(a for a in axes if isinstance(a, QCategoryAxis))
    values = y.categoriesLabels()
    assert values[0] == "฿0" and all(label.startswith("฿") for label in values)
    assert _round_ticks(y)
    tiers = next(a for a in window.health.tier_chart.chart().axes() if isinstance(a, QCategoryAxis))
    assert _round_ticks(tiers) and all("." not in label for label in tiers.categoriesLabels())  # whole members
    trend_table = window.health.trend_card.numbers
    month, year = trend_table.item(0, 0).text().rsplit(" ", 1)  # 'เม.ย. 2568', not 2025-04
    assert month in months and int(year) > 2560


def _round_ticks(axis: QCategoryAxis) -> bool:
    """Ticks from zero on one step of 1, 2 or 5 times a power of ten."""
    ticks = [axis.endValue(label) for label in axis.categoriesLabels()]
    step = ticks[1] - ticks[0]
    return ticks[0] == 0 and is_round_step(step) and all(
        math.isclose(b - a, step) for a, b in itertools.pairwise(ticks))


def test_the_summary_and_partner_dates_read_as_the_screens_write_them(qtbot: QtBot, qapp: QApplication,
                                                                     shell: ManagerShell) -> None:
    window = _open(qtbot, shell)
    set_language(qapp, THAI)
    window.open_page("summary")
    shell.runner.wait_idle(10_000)
    daily = window.daily
    assert daily.date.text() == "2 มี.ค. 2569" and daily.period.text().startswith("2 มี.ค. 2569")
    daily.date.stepBy(-1)  # a step is a day, whichever part of the text the cursor is on
    shell.runner.wait_idle(10_000)
    assert daily.date.day() == dt.date(2026, 3, 1) and daily.period.text().startswith("1 มี.ค. 2569")
    daily.date.stepBy(5)
    assert daily.date.day() == dt.date(2026, 3, 2)  # never past today
    set_language(qapp, ENGLISH)
    assert daily.date.text() == "2 Mar 2026"
    window.open_page("partners")
    shell.runner.wait_idle(10_000)
    partners = window.partners
    assert partners.date_from.text() == "1 Feb 2026" and "1 Feb 2026 to 28 Feb 2026" in partners.period.text()


def test_a_long_staff_name_is_cut_short_on_the_buttons_and_the_page_keeps_its_layout(
        qtbot: QtBot, qapp: QApplication, shell: ManagerShell, shop: Services) -> None:
    """A 60-character name made "Rename %1" and "Disable %1" wider than a 1024 px page: the buttons say the name
    cut short with "…", the tooltip says it whole."""
    long_name = "Somsri Wongsawat-Chaiyaporn Rattanakosin Srisuk Na Ayutthaya"
    assert len(long_name) == 60
    add_staff(shop.staff, (long_name, "cashier", "4545"))
    window = _open(qtbot, shell)
    window.open_page("staff")
    page = window.staff
    page.load()
    shell.runner.wait_idle(10_000)
    for language in (ENGLISH, THAI):
        set_language(qapp, language)
        page.list.selectRow([s.name for s in page.staff].index(long_name))
        for button in (page.rename_button, page.toggle_button):
            assert "…" in button.text() and long_name not in button.text(), button.text()
            assert long_name in button.toolTip()
        assert fit_problems(shell, (1024, 768), where="staff") == []
        buttons = (page.pin_button, page.rename_button, page.toggle_button, page.add_button)
        assert sum(b.width() for b in buttons) < page.width()
        page.list.selectRow([s.name for s in page.staff].index("Beam"))  # a short name: whole, no tooltip
        assert page.rename_button.text().endswith("Beam") and page.rename_button.toolTip() == ""
    set_language(qapp, ENGLISH)
