"""The manager's screens fit 1024x768 and up, in Thai and English: sign-in and every page with the demo's data,
nothing cut, elided or pushed off the window (tests/ui/layout.py says what is checked)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.staff import Role
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.services.staff import Session
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.window import PAGES, ManagerShell
from tests.ui.conftest import DEMO_NOW
from tests.ui.layout import fit_problems

SIZES = ((1024, 768), (1280, 800), (1920, 1080))


@pytest.fixture(scope="module")
def shop(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data_dir = tmp_path_factory.mktemp("fit-manager") / "shop"
    shutil.copytree(demo_template, data_dir)
    with build_app(load_settings(data_dir=data_dir), clock=FixedClock(DEMO_NOW)) as app:
        yield app


@pytest.fixture
def shell(qtbot: QtBot, shop: Services) -> Iterator[ManagerShell]:
    window = ManagerShell(shop)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


@pytest.mark.parametrize("language", [ENGLISH, THAI])
@pytest.mark.parametrize("page", ["sign-in", *PAGES])
def test_the_manager_fits(qtbot: QtBot, qapp: QApplication, shell: ManagerShell, shop: Services, page: str,
                          language: str) -> None:
    set_language(qapp, language)
    if page != "sign-in":
        manager = next(s for s in shop.staff.list_staff() if s.role.at_least(Role.MANAGER))
        window = shell.open(Session(manager.id, manager.name, manager.role, shop.clock.now()))
        window.open_page(page)
        assert shell.runner.wait_idle(60_000)
        assert shell.runner.wait_idle(10_000)  # the settings' preview follows the settings
        window.toast.hide()
    problems = [problem for size in SIZES for problem in fit_problems(shell, size, where=f"{page} ({language})")]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
