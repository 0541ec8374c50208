"""Garbage holding Qt objects is collected on the GUI thread, never in a worker (a Qt object destroyed off the
GUI thread crashed the suite with a segmentation fault while the wizard's worker migrated a database)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.app import collect_on_gui_thread


class Cycle:
    def __init__(self) -> None:
        self.me = self
        self.widget_like = QObject()


def test_garbage_made_in_a_worker_is_collected_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    collector = collect_on_gui_thread(qapp)
    assert not gc.isenabled() and collector.timer.isActive()
    gc.collect()
    refs: list[weakref.ref[Cycle]] = []
    destroyed_in: list[bool] = []
    kept: list[list[int]] = []

    def worker() -> None:
        cycle = Cycle()
        refs.append(weakref.ref(cycle, lambda _: destroyed_in.append(
            threading.current_thread() is threading.main_thread())))
        del cycle
        kept.extend([i] for i in range(50 * gc.get_threshold()[0]))  # far past where automatic gc would run

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert refs[0]() is not None  # the worker collected nothing
    qtbot.waitUntil(lambda: refs[0]() is None, timeout=5_000)  # the GUI thread's timer did
    assert destroyed_in == [True]
    kept.clear()
