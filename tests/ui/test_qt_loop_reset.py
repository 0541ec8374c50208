"""The suite's guard between tests (tests/conftest.py): after a screen's loop was left by exit() outside the
application's loop, as `--exit-after-ready` run in-process does, nested loops work again for the next test."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.support.qt_loop import a_loop_runs, reset_application_loop


def test_a_loop_left_by_exit_outside_exec_runs_again_after_the_reset(qapp: QApplication) -> None:
    assert a_loop_runs()
    qapp.exit(0)  # outside qapp.exec(): Qt's "quit now" stays set
    assert not a_loop_runs()  # every nested loop (pytest-qt's waits, wait_idle) returns at once
    reset_application_loop()
    assert a_loop_runs()
