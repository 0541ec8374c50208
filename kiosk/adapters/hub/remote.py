"""The hub as one device reaches it: PostgreSQL, logged in as the device's own role, calling the hub's
functions (kiosk.adapters.hub.schema) and nothing else. kiosk.services.ports.hub.HubRemote.

The role's password comes from the environment (KIOSK_HUB_PASSWORD) or the OS keyring, or where neither is
set up (a kiosk booting straight into the app has no keyring), from a file only this user can read in the data
folder: never from the settings file. A hub that is not on this machine is reached over TLS.

The hub says why it refuses as a catalogue code with its values (kiosk.adapters.hub.schema's hub_reason): a
refused push's reason and the refusals it keeps as that JSON text, an error of its functions in the DETAIL. They
become Phrases, said at the edges in the reader's language. A hub older than this app (its functions not yet
upgraded) gives English sentences: they are kept and shown as it wrote them.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from kiosk.domain.serialization import from_stored
from kiosk.domain.text import Phrase
from kiosk.l10n.catalogue import CATALOGUE
from kiosk.services.ports.hub import (
    DeviceInfo,
    HubItem,
    HubRefused,
    HubUnreachable,
    PulledItem,
    PushResult,
    Refusal,
)

from .schema import HUB_VERSION

log = logging.getLogger(__name__)

APP_NAME = "loyalty-kiosk"
KEYRING_ENTRY = "hub_password"
PASSWORD_FILE = "hub.secret"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "", None}
PUSH_CHANNEL = "kiosk_hub_push"  # hub_push's NOTIFY (kiosk.adapters.hub.schema)
LISTEN_POLL_SECONDS = 0.5  # how soon a listener notices the app closing


def device_url(url: str) -> URL:
    """`url` as SQLAlchemy's psycopg URL, with TLS required unless the hub is on this machine."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise ValueError("the hub is a PostgreSQL database: postgresql://user@host:5432/database")
    if parsed.host not in LOCAL_HOSTS and "sslmode" not in parsed.query and not (parsed.host or "").startswith("/"):
        parsed = parsed.update_query_dict({"sslmode": "require"})
    return parsed


def public_url(url: URL | str) -> str:
    """The URL as the settings file keeps it: no password, ever."""
    parsed = make_url(str(url)) if isinstance(url, str) else url
    return parsed.set(password=None).render_as_string(hide_password=False).replace("postgresql+psycopg://",
                                                                                    "postgresql://", 1)


def hub_said(exc: DBAPIError) -> Phrase | str | None:
    """Why a hub function refused (its error is "hub: ..."), or None for any other database error: the code and
    values of its DETAIL as a Phrase, else (an older hub) its own words after "hub: "."""
    message = str(exc.orig) if exc.orig is not None else str(exc)
    first = message.splitlines()[0] if message else ""
    if not first.startswith("hub: "):
        return None
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None)
    if detail:
        said = from_stored(str(detail))
        if isinstance(said, Phrase):
            return said
    return first[5:]


UNDEFINED_FUNCTION = "42883"  # PostgreSQL's SQLSTATE for a function that does not exist


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def _unknown(said: Phrase | str) -> bool:
    """A refusal's code this device's catalogue does not have (a newer hub's)."""
    return isinstance(said, Phrase) and said.code not in CATALOGUE


def save_password(data_dir: Path, password: str) -> str:
    """Keep the device's hub password: the OS keyring where there is one, else a file only this user reads.
    Returns where it went, to say so."""
    try:
        import keyring

        keyring.set_password(APP_NAME, KEYRING_ENTRY, password)
        if keyring.get_password(APP_NAME, KEYRING_ENTRY) == password:
            return "the system keyring"
    except Exception:  # noqa: BLE001 - no keyring backend (a kiosk, a server): the file below
        pass
    path = data_dir / PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return str(path)


def load_password(data_dir: Path) -> str | None:
    env = os.environ.get("KIOSK_HUB_PASSWORD")
    if env:
        return env
    try:
        import keyring

        found = keyring.get_password(APP_NAME, KEYRING_ENTRY)
        if found:
            return str(found)
    except Exception:  # noqa: BLE001 - no keyring backend: the file
        pass
    path = data_dir / PASSWORD_FILE
    if path.exists():
        return path.read_text().strip() or None
    return None


class PgHubRemote:
    def __init__(self, url: str, *, install_id: str, password: str | None = None, connect_timeout: int = 5) -> None:
        parsed = device_url(url)
        if password is not None:
            parsed = parsed.set(password=password)
        self.install_id = install_id
        self.url = parsed
        self._engine: Engine | None = None
        self._connect_timeout = connect_timeout

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(self.url, pool_size=1, max_overflow=1, pool_pre_ping=True,
                                         connect_args={"connect_timeout": self._connect_timeout,
                                                       "application_name": f"kiosk {self.install_id}"})
        return self._engine

    @contextmanager
    def _call(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            message = str(exc.orig) if exc.orig is not None else str(exc)
            if "not permitted to log in" in message or "password authentication failed" in message:
                raise HubRefused(Phrase("hub.error.not_let_in")) from None
            if "does not exist" in message and "role" in message:
                raise HubRefused(Phrase("hub.error.unknown_device")) from None
            raise HubUnreachable(Phrase("hub.error.no_answer", {"detail": message.splitlines()[0][:160]})) from None
        except DBAPIError as exc:
            said = hub_said(exc)
            # a code this device's catalogue lacks (a newer hub's) or a function the hub does not have (gone in a
            # newer one, not there yet in an older one): which of the two to update, when their versions differ
            if (said is not None and _unknown(said)) or _sqlstate(exc) == UNDEFINED_FUNCTION:
                versions = self.versions_apart()
                if versions is not None:
                    log.info("the hub's answer, read as versions apart (%s): %s", versions.params, exc)
                    raise HubRefused(versions) from None
            if said is not None:
                raise HubRefused(said) from None
            raise

    def versions_apart(self) -> Phrase | None:
        """Which of the hub and this device to update when their versions differ; None when they agree (or the
        hub cannot say: out of reach). A hub before version 5 has no hub_version(): older than this device."""
        try:
            with self.engine.begin() as conn:
                hub = conn.execute(text("SELECT hub_version()")).scalar()
        except DBAPIError as exc:
            if _sqlstate(exc) != UNDEFINED_FUNCTION:  # out of reach, not allowed, ...: it cannot say
                return None
            hub = None
        if hub == HUB_VERSION:
            return None
        newer = hub is not None and str(hub).isdigit() and int(hub) > int(HUB_VERSION)
        return Phrase("hub.error.device_older" if newer else "hub.error.hub_older",
                      {"hub": str(hub) if hub is not None else "< 5", "device": HUB_VERSION})

    def push(self, items: Sequence[HubItem], *, pending: int) -> PushResult:
        payload = json.dumps([item.wire() for item in items], ensure_ascii=False)
        with self._call() as conn:
            raw = conn.execute(text("SELECT hub_push(:install, CAST(:items AS jsonb), :pending)"),
                               {"install": self.install_id, "items": payload, "pending": pending}).scalar_one()
        result: dict[str, Any] = raw if isinstance(raw, dict) else json.loads(raw)
        refused = result.get("refused") or {}
        reason = from_stored(str(refused["reason"])) if refused.get("reason") is not None else None
        if reason is not None and _unknown(reason):  # a newer hub's reason: say which to update
            reason = self.versions_apart() or reason
        return PushResult(accepted=int(result["accepted"]), duplicates=int(result.get("duplicates", 0)),
                          refused_seq=refused.get("seq"), refused_reason=reason)

    def pull(self, after: int, limit: int) -> list[PulledItem]:
        with self._call() as conn:
            rows = conn.execute(text("SELECT * FROM hub_pull(:install, :after, :limit)"),
                                {"install": self.install_id, "after": after, "limit": limit}).all()
        return [PulledItem(hub_seq=int(r.hub_seq), install_id=r.install_id, kind=r.kind, device_id=r.device_id,
                           table=r.ref_table, ref_id=r.ref_id, body=r.body) for r in rows]

    def backlog(self, after: int) -> tuple[int, int]:
        with self._call() as conn:
            row = conn.execute(text("SELECT * FROM hub_backlog(:install, :after)"),
                               {"install": self.install_id, "after": after}).one()
        return int(row.last_seq), int(row.waiting)

    def directory(self) -> list[DeviceInfo]:
        with self._call() as conn:
            rows = conn.execute(text("SELECT * FROM hub_directory(:install)"), {"install": self.install_id}).all()
        return [DeviceInfo(r.device_id, r.install_id, r.shop_id, r.shop_name, r.label, r.role, r.name,
                           bool(r.revoked), r.last_contact, int(r.pending), int(r.accepted)) for r in rows]

    def refusals(self, limit: int = 20) -> list[Refusal]:
        with self._call() as conn:
            rows = conn.execute(text("SELECT * FROM hub_refused(:install, :limit)"),
                                {"install": self.install_id, "limit": limit}).all()
        return [Refusal(r.install_id, r.install_seq, r.at, from_stored(r.reason)) for r in rows]

    def lease(self, name: str, *, ttl_seconds: int, release: bool = False) -> str | None:
        with self._call() as conn:
            holder = conn.execute(text("SELECT hub_lease(:install, :name, :ttl, :release)"),
                                  {"install": self.install_id, "name": name, "ttl": ttl_seconds,
                                   "release": release}).scalar()
        return str(holder) if holder is not None else None

    def revoke(self, target: str) -> str | None:
        with self._call() as conn:
            found = conn.execute(text("SELECT hub_revoke(:install, :target)"),
                                 {"install": self.install_id, "target": target}).scalar()
        return str(found) if found is not None else None

    def listen(self, on_push: Callable[[], None], stop: threading.Event) -> None:
        """hub_push announces each accepted push on the hub's channel with the pusher's id: call `on_push` for
        every other device's, until `stop` is set. One more connection of this device's own role (LISTEN needs no
        privilege); its notices arrive as the push commits."""
        params = {"host": self.url.host, "port": self.url.port, "user": self.url.username,
                  "password": self.url.password, "dbname": self.url.database,
                  "connect_timeout": self._connect_timeout, "application_name": f"kiosk {self.install_id} listen",
                  **{k: v for k, v in self.url.query.items() if isinstance(v, str)}}
        try:
            conninfo = make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(f"LISTEN {PUSH_CHANNEL}")
                while not stop.is_set():
                    for notice in conn.notifies(timeout=LISTEN_POLL_SECONDS):
                        if notice.payload != self.install_id:
                            on_push()
                        if stop.is_set():
                            break
        except psycopg.OperationalError as exc:
            message = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            if "not permitted to log in" in message or "password authentication failed" in message:
                raise HubRefused(Phrase("hub.error.not_let_in")) from None
            raise HubUnreachable(Phrase("hub.error.no_answer", {"detail": message})) from None

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
