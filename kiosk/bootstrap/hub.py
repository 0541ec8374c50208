"""The composition root's commands that put a device on a hub: `kiosk hub init` (this device starts a shop on
the hub and publishes what it holds), `kiosk hub join` (an empty device takes what its shop holds), the same from a
screen with the owner's password for one call, and the hub owner's upgrade and verify. kiosk.bootstrap wires the
running app; this module opens the shop database and the hub's admin connection only for these commands."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from kiosk.adapters.db.repositories.audit import audit_canonical
from kiosk.adapters.db.uow import SqlUnitOfWorkFactory
from kiosk.bootstrap.wiring import _ensure_install, _extra_config, open_database, wire
from kiosk.config import Settings, install_id, load_settings
from kiosk.domain.errors import InvalidInput
from kiosk.services.context import ShopContext
from kiosk.services.hub_connect import HubConnection, HubJoined
from kiosk.services.verify import VerifyReport, VerifyService

if TYPE_CHECKING:
    from kiosk.adapters.hub.admin import Registration

__all__ = ["FolderState", "connect_hub", "folder_state", "hub_init", "hub_join", "owner_password", "upgrade_hub",
           "verify_hub"]


@dataclass(frozen=True)
class FolderState:
    """What a data folder held, for a join or init refused later to leave it so: whether it was there, its names."""

    existed: bool
    names: frozenset[str] = frozenset()


def folder_state(folder: Path) -> FolderState:
    """The data folder as it is now (loading the settings of a new folder makes it and its install id: a command
    takes this before it loads them)."""
    return FolderState(True, frozenset(os.listdir(folder))) if folder.is_dir() else FolderState(False)


def hub_init(settings: Settings, url: str, *, shop_name: str | None = None, name: str | None = None,
             progress: Callable[[int, int], None] | None = None,
             folder_before: FolderState | None = None) -> HubJoined:
    """Make this device the first of a shop on the hub at `url` (the hub owner's address; the hub is set up if
    it is new) and publish everything it holds: its ledger, members, sales, staff, keys and settings.
    `folder_before`: the data folder before the settings were loaded (folder_state; default: as it is now)."""
    return _hub_enter(settings, url, shop=None, new_shop=shop_name or settings.context.shop.name, name=name,
                      progress=progress, folder_before=folder_before)


def hub_join(settings: Settings, url: str, *, name: str, shop: str | None = None,
             progress: Callable[[int, int], None] | None = None,
             folder_before: FolderState | None = None) -> HubJoined:
    """Join a shop on the hub at `url` as a new, empty device, and take everything the shop holds."""
    return _hub_enter(settings, url, shop=shop, new_shop=None, name=name, progress=progress,
                      folder_before=folder_before)


def _hub_enter(settings: Settings, url: str, *, shop: str | None, new_shop: str | None, name: str | None,
               progress: Callable[[int, int], None] | None, folder_before: FolderState | None) -> HubJoined:
    from kiosk.domain.errors import Conflict

    if not settings.database_url.startswith("sqlite"):
        raise InvalidInput("startup.hub_needs_sqlite")
    if settings.hub.url:
        raise Conflict("startup.hub_already", url=settings.hub.url)
    before = folder_before if folder_before is not None else folder_state(settings.data_dir)
    with _undone_unless_admitted(settings, before) as admitted:
        reg, new_hub, kept_in = _admit(settings, url, shop=shop, new_shop=new_shop, name=name, admitted=admitted)
    fresh_settings = load_settings(data_dir=settings.data_dir, config_file=_extra_config(settings))
    with wire(fresh_settings, migrate=False, ensure_keys=False) as joined:
        report = joined.services.hub.sync_once(progress=progress)
    return HubJoined(reg.shop_name, reg.labels, kept_in, new_hub, report)


@contextmanager
def _undone_unless_admitted(settings: Settings, before: FolderState) -> Iterator[list[bool]]:
    """A join or init the hub refused (or that failed before the hub let this device in) leaves no shop behind:
    on a folder that held no shop database, what it made there (the database, the install id, the folder) is
    removed again, so a later command does not take the empty leftovers for a shop. Once the hub has let the
    device in (`admitted[0]` set), what follows is kept: the hub knows the device."""
    database = Path(make_url(settings.database_url).database or "")
    folder = settings.data_dir
    was_shop = database.name != "" and database.exists()
    admitted = [False]
    try:
        yield admitted
    except BaseException:
        if not was_shop and not admitted[0]:
            _remove_made(folder, before, database)
        raise


def _remove_made(folder: Path, before: FolderState, database: Path) -> None:
    # the database file and its companions where the settings put it outside the folder (inside, they are new
    # names of the folder, below)
    for made in (database.with_name(database.name + tail) for tail in ("", "-wal", "-shm", "-journal")):
        if made.parent != folder:
            made.unlink(missing_ok=True)
    if not folder.exists():
        return
    for name in set(os.listdir(folder)) - before.names:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if not before.existed:
        with suppress(OSError):
            folder.rmdir()


def _admit(settings: Settings, url: str, *, shop: str | None, new_shop: str | None, name: str | None,
           admitted: list[bool]) -> tuple[Registration, bool, str]:
    """The hub lets this device in (`admitted[0]` from then), and the device is set up to sync with it: the
    registration, whether the hub was new, where the device's hub password is kept."""
    from kiosk.adapters.db.hub_store import SqlHubStore
    from kiosk.adapters.hub import admin
    from kiosk.adapters.hub.remote import public_url, save_password
    from kiosk.domain.errors import Conflict
    from kiosk.settings_file import TomlSettingsStore, shared_sections

    engine = open_database(settings)
    try:
        store = SqlHubStore(engine)
        fresh = store.is_fresh()
        if new_shop is None and not fresh:
            raise Conflict("startup.hub_join_not_fresh")
        own = install_id(settings.data_dir)
        hub_engine = admin.admin_engine(url)
        try:
            if new_shop is not None:
                new_hub = admin.prepare_hub(hub_engine)
            else:
                new_hub = False
                # out of reach, no such database or login: one clear line
                if not admin.is_hub(hub_engine, "admit"):
                    raise InvalidInput("startup.hub_not_a_hub")
                admin.prepare_hub(hub_engine)  # a newer app version brings newer hub functions
            labels = {"counter": settings.context.device_label, "kiosk": settings.kiosk_label}
            if new_shop is None:
                labels = admin.fresh_labels(hub_engine)
            reg = admin.register(hub_engine, install_id=own, name=name or f"{settings.context.shop.name} "
                                 f"{labels['counter']}", shop=shop, new_shop=new_shop, labels=labels)
            admitted[0] = True
            device_url = admin.device_url(url).set(username=reg.role, password=None)
        finally:
            hub_engine.dispose()
        kept_in = save_password(settings.data_dir, reg.password)
        files = TomlSettingsStore(lambda: settings)
        overrides = files.overrides()
        overrides.setdefault("device", {})
        overrides["device"]["label"] = reg.labels["counter"]
        overrides["device"]["kiosk_label"] = reg.labels["kiosk"]
        overrides.setdefault("hub", {})["url"] = public_url(device_url)
        files.write(overrides)
        if new_shop is None:
            # Cards are signed with the shop's keys: a key this empty device made for itself has signed nothing
            # and would only risk a clash of key ids (one character) with the shop's.
            store.drop_unused_keys()
        else:
            _ensure_install(SqlUnitOfWorkFactory(engine))
        store.track_changes(backfill=True)
        store.joined(install_id=own, shop_id=reg.shop_id, shop_name=reg.shop_name, url=public_url(device_url),
                     taking_history=new_shop is None)
        if new_shop is None:
            # A joining device takes the shop's settings; its own defaults must not travel the other way.
            store.settings_synced(shared_sections(overrides))
    finally:
        engine.dispose()
    return reg, new_hub, kept_in


def upgrade_hub(url: str) -> bool:
    """Bring the hub at `url` (its owner's address) to this version's schema and functions; True if it was new."""
    from kiosk.adapters.hub import admin

    engine = admin.admin_engine(url)
    try:
        return admin.prepare_hub(engine)
    finally:
        engine.dispose()


def verify_hub(url: str, *, device: Settings | None = None) -> VerifyReport:
    """`kiosk verify` on the hub itself (its owner's address): every device's chains and records as the hub
    materialised them, and the balances it derived; run on a device joined to it (`device`: its settings), also
    the rows edited in place that this device holds otherwise than the hub. Reads only."""
    from kiosk.adapters.hub import admin
    from kiosk.adapters.hub.rows import rows_apart

    engine = admin.admin_engine(url)
    try:
        if not admin.is_hub(engine, "verify"):  # a database that is not a hub has nothing to check
            raise InvalidInput("hub.not_a_hub")
        try:
            # the device's time zone when run on one; the hub itself keeps none (a shop's default then)
            tz = device.context.tz if device is not None else ZoneInfo(ShopContext.timezone)
            report = VerifyService(SqlUnitOfWorkFactory(engine), audit_canonical, tz=tz).run()
        except DBAPIError as exc:
            raise admin.hub_failure(exc, "verify") from None
        if device is None:
            return report
        mine = open_database(device, migrate=False)
        try:
            apart = rows_apart(mine, engine)
        finally:
            mine.dispose()
        return replace(report, problems=report.problems + tuple(apart))
    finally:
        engine.dispose()


@contextmanager
def owner_password(password: str) -> Iterator[None]:
    """The hub owner's password in PGPASSWORD for one call (libpq reads it when it connects), then gone: it is
    never written anywhere, and an address given with a password of its own keeps that one."""
    before = os.environ.get("PGPASSWORD")
    if password:
        os.environ["PGPASSWORD"] = password
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PGPASSWORD", None)
        else:
            os.environ["PGPASSWORD"] = before


def connect_hub(settings: Settings, request: HubConnection, *,
                progress: Callable[[int, int], None] | None = None) -> HubJoined:
    """`kiosk hub init` (request.first_device) or `kiosk hub join` from a screen, the owner's password for the
    call only. The address is checked as the wizard checks it (no password in it)."""
    from kiosk.services.setup import check_hub_url

    url = check_hub_url(request.url)
    if url is None:
        raise InvalidInput("startup.hub_url_missing", field="hub_url")
    name = (request.name or "").strip() or None
    with owner_password(request.password):
        if request.first_device:
            return hub_init(settings, url, name=name, progress=progress)
        if name is None:
            raise InvalidInput("setup.hub_name_missing", field="name")
        return hub_join(settings, url, name=name, shop=(request.shop or "").strip() or None, progress=progress)
