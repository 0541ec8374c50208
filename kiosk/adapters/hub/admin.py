"""Setting a hub up and letting a device in: done with the hub owner's credentials, once per device.

`prepare_hub` brings the hub database to the shop schema (the same Alembic migrations as every device) and
installs the hub's tables and functions (kiosk.adapters.hub.schema), idempotently. `register` creates the
device's own role (it may only call the hub functions), records its installation in a shop, and gives each of
its devices (the counter and the kiosk of one PC) a receipt label no other device of the chain uses.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from kiosk.adapters.db.migrate import upgrade
from kiosk.domain.errors import Conflict, InvalidInput, KioskError, StorageError
from kiosk.domain.ids import new_id
from kiosk.domain.members import name_search_key
from kiosk.domain.text import Phrase

from .remote import device_url
from .schema import DEVICE_FUNCTIONS, FUNCTIONS, HUB_VERSION, TABLES

log = logging.getLogger(__name__)

_LABEL = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class Registration:
    install_id: str
    shop_id: str
    shop_name: str
    role: str  # the device's PostgreSQL role
    password: str
    labels: dict[str, str]  # counter | kiosk -> its receipt label


def admin_engine(url: str) -> Engine:
    try:
        return create_engine(device_url(url), pool_size=1, max_overflow=0, connect_args={"connect_timeout": 5})
    except (ValueError, ArgumentError):  # not an address at all ("garbage"), or not PostgreSQL's (http://...)
        raise InvalidInput("hub.bad_url", url=_shown(url)) from None


def _shown(url: str) -> str:
    """The address as a refusal repeats it: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ValueError, ArgumentError):
        return url.strip()[:120]


# What the server says when it turns a login away (libpq gives no SQLSTATE for it, only its message).
_NO_DATABASE = re.compile(r'FATAL:\s+database "(?P<name>[^"]*)" does not exist')
_NO_ROLE = re.compile(r'FATAL:\s+role "(?P<name>[^"]*)" does not exist')


def _fail(exc: DBAPIError, what: str) -> KioskError:
    """`what` the hub was asked: "setup" (set itself up) or "admit" (let this device in), a catalogue phrase."""
    message = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
    if isinstance(exc, OperationalError):
        if found := _NO_DATABASE.search(message):
            return InvalidInput("hub.no_database", database=found.group("name"))
        if found := _NO_ROLE.search(message):
            return InvalidInput("hub.no_role", role=found.group("name"))
        log.info("the hub did not answer: %s", message[:160])  # the detail is for the log, not the person
        return StorageError("hub.unreachable")
    return StorageError("hub.refused", what=Phrase(f"hub.asked_to_{what}"), value=message[:200])


def hub_failure(exc: DBAPIError, what: str) -> KioskError:
    """A failed call to the hub as one line: no such database or login, out of reach (hub_unreachable), or refused
    (hub_refused)."""
    return _fail(exc, what)


def prepare_hub(engine: Engine) -> bool:
    """Make `engine`'s database a hub (schema, hub tables, functions). Returns True when it was new."""
    try:
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT to_regclass('hub_meta') IS NOT NULL")).scalar()
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(7211404)"))
            # Straight to the driver: without parameters psycopg leaves the functions' % signs alone.
            raw = conn.connection.dbapi_connection
            assert raw is not None
            cursor = raw.cursor()
            try:
                cursor.execute(TABLES)
                cursor.execute(FUNCTIONS)
            finally:
                cursor.close()
            for signature in DEVICE_FUNCTIONS:
                conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
            conn.execute(text("INSERT INTO hub_meta (key, value) VALUES ('version', :v) "
                              "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"), {"v": HUB_VERSION})
    except DBAPIError as exc:
        raise _fail(exc, "setup") from None
    return not exists


def is_hub(engine: Engine, what: str) -> bool:
    """Whether `engine`'s database is a hub (has the hub's tables); a login or a server that fails, as one line."""
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT to_regclass('hub_meta') IS NOT NULL")).scalar())
    except DBAPIError as exc:
        raise _fail(exc, what) from None


def shops(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(r.shop_id, r.name) for r in conn.execute(text("SELECT shop_id, name FROM hub_shops ORDER BY name"))]


def _next_label(conn: Connection, prefix: str) -> str:
    taken = [str(r[0]) for r in conn.execute(text("SELECT label FROM hub_labels"))]
    numbers = [int(m.group(2)) for label in taken if (m := _LABEL.match(label)) and m.group(1) == prefix]
    return f"{prefix}{max(numbers, default=0) + 1}"


def register(engine: Engine, *, install_id: str, name: str, shop: str | None, new_shop: str | None,
             labels: dict[str, str]) -> Registration:
    """Let installation `install_id` in: its role, its shop (an existing one named `shop`, or a new shop
    called `new_shop`), and a label for each of its devices (`labels`: role -> the label it uses now; kept
    when no other installation of the chain has it, else the next free one)."""
    role = f"kiosk_{install_id}"
    password = secrets.token_urlsafe(24)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("setup.hub_name_missing")
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(7211404)"))
            known = conn.execute(text("SELECT install_id, revoked_at FROM hub_installs WHERE install_id = :i"),
                                 {"i": install_id}).first()
            if known is not None and known.revoked_at is not None:
                raise Conflict("hub.revoked")
            if new_shop is not None:
                shop_id, shop_name = _new_shop(conn, new_shop, install_id)
            else:
                found = shops_matching(conn, shop)
                shop_id, shop_name = found
            _check_device_name(conn, shop_id=shop_id, shop_name=shop_name, name=name, install_id=install_id)
            database = make_url(str(engine.url)).database
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
            verb = "ALTER" if exists else "CREATE"
            conn.exec_driver_sql(f"{verb} ROLE \"{role}\" LOGIN PASSWORD '{password}'")
            conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{role}"')
            for signature in DEVICE_FUNCTIONS:
                conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {signature} TO "{role}"')
            conn.execute(text(
                "INSERT INTO hub_installs (install_id, shop_id, name, db_role) VALUES (:i, :s, :n, :r) "
                "ON CONFLICT (install_id) DO UPDATE SET name = EXCLUDED.name"),
                {"i": install_id, "s": shop_id, "n": name, "r": role})
            given: dict[str, str] = {}
            for device_role, label in labels.items():
                device_id = f"{install_id}-{label}"
                mine = conn.execute(text("SELECT label FROM hub_labels WHERE device_id = :d"), {"d": device_id}).first()
                if mine is not None:
                    given[device_role] = str(mine.label)
                    continue
                holder = conn.execute(text("SELECT install_id FROM hub_labels WHERE label = :l"), {"l": label}).first()
                if holder is not None and holder.install_id != install_id:
                    # Another shop of the chain prints this label: the receipts this device prints from now on
                    # take a free one. Those it printed before keep theirs (receipts are unique per device).
                    label = _next_label(conn, "K" if device_role == "kiosk" else "C")
                    device_id = f"{install_id}-{label}"
                conn.execute(text("INSERT INTO hub_labels (device_id, install_id, label, role) "
                                  "VALUES (:d, :i, :l, :r)"),
                             {"d": device_id, "i": install_id, "l": label, "r": device_role})
                given[device_role] = label
    except DBAPIError as exc:
        raise _fail(exc, "admit") from None
    return Registration(install_id, shop_id, shop_name, role, password, given)


def fresh_labels(engine: Engine) -> dict[str, str]:
    """The labels a joining device will get: the next free counter and kiosk labels."""
    with engine.connect() as conn:
        return {"counter": _next_label(conn, "C"), "kiosk": _next_label(conn, "K")}


def _new_shop(conn: Connection, new_shop: str, install_id: str) -> tuple[str, str]:
    """A new shop called `new_shop` (trimmed): refused when the hub has a shop of that name already, unless it is
    this installation's own (an init run again after it failed half way takes its shop back)."""
    name = " ".join(new_shop.split())
    if not name:
        raise InvalidInput("hub.shop_name_missing")
    for row in conn.execute(text("SELECT shop_id, name FROM hub_shops")):
        if name_search_key(str(row.name)) != name_search_key(name):
            continue
        own = conn.execute(text("SELECT 1 FROM hub_installs WHERE install_id = :i AND shop_id = :s"),
                           {"i": install_id, "s": row.shop_id}).first()
        if own is not None:
            return str(row.shop_id), str(row.name)
        raise InvalidInput("hub.shop_name_taken", shop=str(row.name))
    shop_id = new_id()[:16]
    conn.execute(text("INSERT INTO hub_shops (shop_id, name) VALUES (:s, :n)"), {"s": shop_id, "n": name})
    return shop_id, name


def _check_device_name(conn: Connection, *, shop_id: str, shop_name: str, name: str, install_id: str) -> None:
    """A device's name is unique among the shop's devices in use (a retired device's name may be given again
    to the one that replaces it): `kiosk hub revoke NAME` must mean one device."""
    for row in conn.execute(text("SELECT name FROM hub_installs WHERE shop_id = :s AND install_id <> :i "
                                 "AND revoked_at IS NULL"), {"s": shop_id, "i": install_id}):
        if name_search_key(str(row.name)) == name_search_key(name):
            raise InvalidInput("hub.device_name_taken", name=str(row.name), shop=shop_name)


def shops_matching(conn: Connection, shop: str | None) -> tuple[str, str]:
    rows = [(str(r.shop_id), str(r.name))
            for r in conn.execute(text("SELECT shop_id, name FROM hub_shops ORDER BY name, shop_id"))]
    if not rows:
        raise InvalidInput("hub.no_shop")
    if shop is None:
        if len(rows) == 1:
            return rows[0]
        raise InvalidInput("hub.which_shop", value=', '.join(n for _, n in rows))
    wanted = shop.strip()
    found = [r for r in rows if r[0] == wanted] or [r for r in rows if name_search_key(r[1]) == name_search_key(wanted)]
    if len(found) == 1:
        return found[0]
    if found:  # two shops of one name, made before the hub refused that: the id says which
        raise InvalidInput("hub.shop_ambiguous", shop=wanted,
                           value=", ".join(f"{name} ({shop_id})" for shop_id, name in found))
    raise InvalidInput("hub.unknown_shop", shop=shop, value=', '.join(n for _, n in rows))
