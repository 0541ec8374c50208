"""Cross-cutting test set-up: headless Qt, no writes outside temp dirs, and the shared PostgreSQL fixture.

Area fixtures live in tests/unit, tests/integration and tests/ui conftest files; keep this one small.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import kiosk.l10n  # noqa: F401 - errors say their English `message`, as in the app (kiosk/l10n/__init__.py)

# pytest imports this file before any test module, so these are set before Qt or escpos is first imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_session_dir = Path(tempfile.mkdtemp(prefix="kiosk-tests-"))
atexit.register(shutil.rmtree, _session_dir, ignore_errors=True)

# python-escpos pickles its printer capabilities into a fresh mkdtemp() on every import unless told where.
if not os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
    (_session_dir / "escpos").mkdir()
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(_session_dir / "escpos")
elif os.environ.get("PYTEST_XDIST_WORKER"):
    # One folder per parallel worker: on a fresh checkout two workers wrote and read the same pickle at once,
    # and one read half a file ("EOFError: Ran out of input" on importing escpos).
    _escpos = Path(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"]) / os.environ["PYTEST_XDIST_WORKER"]
    _escpos.mkdir(parents=True, exist_ok=True)
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(_escpos)

# Always overridden, never setdefault: a developer's own KIOSK_DATA_DIR is exactly what tests must not touch.
# The XDG dirs cover anything that asks platformdirs for user data, config or logs (XDG_STATE_HOME) directly.
for _name, _sub in (("KIOSK_DATA_DIR", "data"), ("XDG_DATA_HOME", "xdg-data"), ("XDG_CONFIG_HOME", "xdg-config"),
                    ("XDG_STATE_HOME", "xdg-state")):
    (_session_dir / _sub).mkdir()
    os.environ[_name] = str(_session_dir / _sub)
# A developer's KIOSK_LOG_DIR or KIOSK_DEMO_DIR would send tests to their folders; unset, both follow XDG above.
for _name in ("KIOSK_LOG_DIR", "KIOSK_DEMO_DIR"):
    os.environ.pop(_name, None)

POSTGRES_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def kiosk_data_dir() -> Path:
    """The session's KIOSK_DATA_DIR (a temp dir, removed when the run ends)."""
    return Path(os.environ["KIOSK_DATA_DIR"])


def _postgres_unavailable(url: str) -> str | None:
    """None when `url` accepts a connection within a second, else why not."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url
    except ImportError as exc:  # the postgres extra is not installed
        return f"psycopg is not installed ({exc})"
    parsed = make_url(url)
    params = {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "password": parsed.password,
        "dbname": parsed.database or "postgres",
        "connect_timeout": 1,
    }
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {parsed.render_as_string(hide_password=True)}: {exc}".strip()
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """SQLAlchemy URL of the test PostgreSQL database; skips the test when the server is not reachable.

    Set KIOSK_TEST_POSTGRES_URL to use another server, and KIOSK_REQUIRE_POSTGRES=1 to fail instead of skip.
    """
    reason = _postgres_unavailable(POSTGRES_URL)
    if reason is not None:
        if os.environ.get("KIOSK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return POSTGRES_URL


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema per test, dropped afterwards: reruns and parallel runs never see each other's rows."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> object:
    """Once a Qt application exists, automatic garbage collection is off (kiosk.ui.app.GuiThreadCollector
    collects on the GUI thread, from a timer that runs only while an event loop does): collect here, on the
    main thread, between tests, as that timer would."""
    yield None
    if not gc.isenabled():
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] > thresholds[0]:
            gc.collect(2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0)


@pytest.fixture(autouse=True)
def _qt_application_loop_reset() -> object:
    """After a test that ran a screen in-process (`kiosk counter ...` through kiosk.cli.main, as a process would),
    Qt can be left in the state that ends a loop: `exit()` called outside the application's loop leaves every
    later QEventLoop.exec() returning at once (Qt's per-thread "quit now"), or a Quit event stays queued. Every
    wait then turns without handling an event: the TaskRunner's results, pytest-qt's waitUntil, the GUI-thread
    collector's timer. The suite run in parallel met it (which tests followed such a run decided what failed:
    a manager's sign-in, the kiosk's staff PIN, the collector). One turn of the application's own loop clears
    both; a real process runs one screen and never meets it."""
    yield None
    import sys

    if "PySide6.QtCore" not in sys.modules:
        return
    from tests.support.qt_loop import reset_application_loop

    reset_application_loop()
