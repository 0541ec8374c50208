"""TaskRunner: work off the GUI thread, results and readable failures back on it."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.errors import InsufficientBalance
from kiosk.ui.tasks import GENERIC_FAILURE_CODE, TaskFailure, TaskRunner


def test_success_is_delivered_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    worker_threads: list[str] = []
    delivered: list[tuple[int, bool]] = []

    def work() -> int:
        worker_threads.append(threading.current_thread().name)
        return 42

    def done(value: int) -> None:
        delivered.append((value, QThread.currentThread() is QApplication.instance().thread()))

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: busy is False, raising=True):
        runner.run_db(work, on_success=done)
    assert delivered == [(42, True)]
    assert worker_threads[0].startswith("kiosk-db")


def test_kiosk_error_passes_its_code_and_params(qtbot: QtBot, runner: TaskRunner) -> None:
    failures: list[TaskFailure] = []

    def refuse() -> None:
        raise InsufficientBalance("reward.not_enough_to_donate", balance=80, points=120)

    runner.run_db(refuse, on_success=lambda _: pytest.fail("should fail"), on_failure=failures.append)
    assert runner.wait_idle()
    assert failures[0].message == "You have 80 points; 120 were asked for."
    assert (failures[0].code, failures[0].kind) == ("reward.not_enough_to_donate", "insufficient_balance")
    assert failures[0].params == {"balance": 80, "points": 120}


def test_unexpected_error_is_logged_but_shown_generically(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[TaskFailure] = []

    def crash() -> None:
        raise ZeroDivisionError("secret internals")

    with caplog.at_level(logging.ERROR, logger="kiosk.ui.tasks"):
        runner.run_io(crash, on_failure=failures.append, name="print receipt")
        assert runner.wait_idle()
    assert failures == [TaskFailure(GENERIC_FAILURE_CODE, "print receipt")]
    assert "secret internals" not in failures[0].message
    assert "ZeroDivisionError" in caplog.text  # the traceback goes to the log, not the screen


def test_failure_without_handler_is_announced(qtbot: QtBot, runner: TaskRunner) -> None:
    with qtbot.waitSignal(runner.task_failed, raising=True) as blocker:
        runner.run_db(lambda: 1 / 0)
    assert blocker.args[0].message == "Something went wrong; nothing was changed."


def test_database_work_runs_one_at_a_time_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    active = 0
    overlap = False
    order: list[int] = []
    lock = threading.Lock()

    def job(n: int) -> int:
        nonlocal active, overlap
        with lock:
            active += 1
            overlap = overlap or active > 1
        threading.Event().wait(0.002)
        with lock:
            active -= 1
        return n

    for n in range(8):
        runner.run_db(lambda n=n: job(n), on_success=order.append)
    assert runner.wait_idle()
    assert order == list(range(8))
    assert not overlap


def test_io_pool_is_separate_from_database_worker(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    results: list[str] = []
    runner.run_db(lambda: release.wait(2) and "db", on_success=results.append)
    runner.run_io(lambda: "io", on_success=results.append)
    qtbot.waitUntil(lambda: results == ["io"], timeout=2000)  # not stuck behind the slow database job
    release.set()
    assert runner.wait_idle()
    assert results == ["io", "db"]


def test_callbacks_skipped_when_owner_is_gone(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    called: list[object] = []
    owner = QObject()
    runner.run_db(lambda: release.wait(2), on_success=called.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(20)
    release.set()
    assert runner.wait_idle()
    assert called == []


def test_shutdown_refuses_new_work(qapp: QApplication) -> None:
    task_runner = TaskRunner()
    task_runner.shutdown()
    with pytest.raises(RuntimeError):
        task_runner.run_db(lambda: None)
