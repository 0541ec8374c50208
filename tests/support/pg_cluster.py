"""A PostgreSQL server of the tests' own, in a temporary folder on a free port, that a test may stop and start
again (the shared server on 5432 must never go away): Debian's initdb and pg_ctl. PostgreSQL refuses to run as
root, so under root the cluster belongs to the `postgres` OS user and every command runs as that user."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgCluster:
    def __init__(self) -> None:
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run(BIN / "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "--no-instructions", "-E", "UTF8", "--locale", "C.UTF-8")
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str | Path) -> None:
        done = subprocess.run([*self._as, *map(str, argv)], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{argv[0]} failed: {done.stdout}{done.stderr}{log[-2000:]}")

    def start(self) -> None:
        # fsync off: the cluster lives for one test run; a crash of this machine loses nothing anyone keeps.
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c shared_buffers=16MB -c max_connections=40")
        self._run(BIN / "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: sessions are cut off mid-transaction and the server recovers when started."""
        self._run(BIN / "pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
        self.running = False

    def remove(self) -> None:
        if self.running:
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def unavailable() -> str | None:
    """Why no private cluster can be had here, or None."""
    if not (BIN / "initdb").exists():
        return f"no PostgreSQL 15 server programs in {BIN}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run a server as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to run a server as postgres"
    return None


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PgCluster]:
    """A server of the run's own, started once; a test that stops it starts it again before it ends."""
    reason = unavailable()
    if reason is not None:
        pytest.skip(reason)
    cluster = PgCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


__all__ = ["PgCluster", "private_postgres", "unavailable"]
