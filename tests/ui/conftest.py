"""Shared pytest-qt setup for UI tests: offscreen platform, themed QApplication, Thai font, QR encoder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.adapters.scanning.qr import qr_matrix
from kiosk.ui.app import collect_on_gui_thread
from kiosk.ui.i18n import ENGLISH, set_language
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.theme import apply_theme
from kiosk.ui.widgets.qr import set_qr_encoder

THAI_FONT = "Noto Sans Thai"


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-ui-tests"]


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> QApplication:
    """pytest-qt's application, themed exactly as the real app is, with the QR encoder wired."""
    app = QApplication.instance() or QApplication(qapp_args)
    assert isinstance(app, QApplication)
    apply_theme(app)
    set_qr_encoder(qr_matrix)
    collect_on_gui_thread(app)  # as the app does: no garbage collection in worker threads (Qt objects die there)
    return app


@pytest.fixture(scope="session")
def thai_font(qapp: QApplication) -> str:
    """The Thai font family; fails clearly when missing (install fonts-noto-core)."""
    if THAI_FONT not in QFontDatabase.families():
        pytest.fail(f"{THAI_FONT} is not installed: apt-get install fonts-noto-core")
    return THAI_FONT


@pytest.fixture(autouse=True)
def _english_after_each_test(qapp: QApplication) -> Iterator[None]:
    # Before as well as after: a test outside tests/ui (an in-process screen of a Thai shop) can leave the
    # application in Thai for the next UI test of its worker when the suite runs in parallel.
    set_language(qapp, ENGLISH)
    yield
    set_language(qapp, ENGLISH)


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait_idle(2000)
    task_runner.shutdown()
    task_runner.deleteLater()


DEMO_NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)  # 14:00 in Bangkok, the README's examples' moment


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's demo café (small): built once per session; copy it before writing to it."""
    from kiosk.cli.shop import build_demo_shop
    from kiosk.services.context import FixedClock

    data_dir = tmp_path_factory.mktemp("demo") / "shop"
    build_demo_shop(data_dir, clock=FixedClock(DEMO_NOW), members=40, days=21)
    return data_dir
