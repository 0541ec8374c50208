"""The composition root's commands on a shop's folder outside the running app: whether it needs the first-run
set-up (and the set-up itself), a read-only look for a support bundle, and restoring a backup before anything
opens the database."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from kiosk.adapters.db import backup as db_backup
from kiosk.adapters.db.engine import make_engine
from kiosk.adapters.db.migrate import current_revision, head_revision
from kiosk.adapters.db.repositories.audit import audit_canonical
from kiosk.adapters.db.uow import SqlUnitOfWorkFactory, is_storage_failure, storage_error
from kiosk.bootstrap.wiring import build_app
from kiosk.config import APP_NAME, ASSETS, Settings, load_settings, require_folder
from kiosk.domain.errors import KioskError, NotFound, StorageError
from kiosk.domain.ids import RECEIPT_COUNTER, REFUND_COUNTER, printed_number
from kiosk.domain.staff import StaffMember
from kiosk.domain.text import Phrase
from kiosk.services.backups import RestoreRecord
from kiosk.services.hub_connect import HubConnection, HubJoined
from kiosk.services.ports import Clock
from kiosk.services.ports.setup import PrinterSetup, SecretStore
from kiosk.services.setup import ShopSetup
from kiosk.services.support import ShopLook
from kiosk.services.verify import VerifyService

__all__ = ["first_run", "look_at_shop", "missing_shop", "restore_backup"]


def look_at_shop(settings: Settings) -> ShopLook:
    """The shop's database for a support bundle, read only: never created, migrated or written, and whatever
    cannot be read (a damaged file, an older schema) is named in `problems` instead of raised."""
    from sqlalchemy.engine import make_url

    from kiosk.adapters.db.support import personal_data, table_counts

    url = settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    head = head_revision()
    problems: list[Phrase] = []
    if url.startswith("sqlite") and not db_backup.database_path(url).exists():
        return ShopLook(shown, None, head, {}, None, None, (Phrase("support.no_database_yet"),))
    engine = make_engine(url, busy_timeout_ms=settings.raw.get("database", {}).get("busy_timeout_ms"))

    def attempt[T](what: str, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except KioskError as exc:  # said in the bundle's language
            problems.append(Phrase("support.unreadable", {"what": Phrase(what), "error": exc}))
        except DBAPIError as exc:  # the database's own words, as the log has them
            problems.append(Phrase("support.unreadable", {"what": Phrase(what), "error": str(exc.orig)}))
        return None

    try:
        revision = attempt("support.part.revision", lambda: current_revision(engine))
        counts = attempt("support.part.row_counts", lambda: table_counts(engine)) or {}
        personal = attempt("support.part.personal_data", lambda: personal_data(engine)) if "members" in counts \
            else None
        verify = None
        if revision == head:
            verify = attempt("support.part.verify", VerifyService(SqlUnitOfWorkFactory(engine), audit_canonical,
                                                                  tz=settings.context.tz).run)
        elif revision is not None:
            problems.append(Phrase("support.older_revision", {"revision": revision, "head": head}))
    finally:
        engine.dispose()
    return ShopLook(shown, revision, head, counts, verify, personal, tuple(problems))


def missing_shop(*, data_dir: Path | None = None, config_file: Path | None = None) -> Path | None:
    """The folder, when the settings it and `config_file` give put the shop's SQLite database there and there is
    none: a mistyped --data-dir or KIOSK_DATA_DIR. None when there is a database (or it is not SQLite: a server's
    database is the server's to refuse). Settings the files give that are refused are refused first, as opening
    the shop would (they say what to fix in a folder that was meant). Reads only: nothing is created, not even
    the folder or its install id."""
    settings = load_settings(data_dir=data_dir, config_file=config_file, install="missing-shop")
    require_folder(settings.data_dir)  # the folder itself a file: said as the set-up and opening the shop say it
    url = settings.database_url
    if url.startswith("sqlite") and not db_backup.database_path(url).exists():
        # a folder that could not even be made (a file where a folder should be: a drive letter now pointing
        # elsewhere) is said as such, as opening the shop says it, not as a folder without a shop
        there = next((p for p in (settings.data_dir, *settings.data_dir.parents) if p.exists()), None)
        if there is not None and not there.is_dir():
            raise StorageError("config.data_dir_missing", data_dir=settings.data_dir,
                               strerror=os.strerror(errno.ENOTDIR))
        return settings.data_dir
    return None


def first_run(*, data_dir: Path | None = None, config_file: Path | None = None, clock: Clock | None = None,
              secrets: SecretStore | None = None, printers: PrinterSetup | None = None) -> ShopSetup | None:
    """The first-run set-up when the data folder holds no shop (no database with staff), else None.

    Deciding reads only: a new folder stays as it was (not even created) until the set-up finishes. `secrets` and
    `printers` stand in for the OS keyring and the printer ports (tests).
    """
    from kiosk.adapters.db.support import has_staff
    from kiosk.config import database_url, read_settings

    folder, raw, _ = read_settings(data_dir=data_dir, config_file=config_file)
    require_folder(folder)  # before the wizard's questions, not after them
    url = database_url(raw, folder)
    if not url.startswith("sqlite") or db_backup.database_path(url).exists():
        engine = make_engine(url, busy_timeout_ms=raw.get("database", {}).get("busy_timeout_ms"))
        try:
            if has_staff(engine):
                return None
        except DBAPIError as exc:
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc
        finally:
            engine.dispose()

    from kiosk.adapters.keyring_store import KeyringSecretStore
    from kiosk.adapters.printing.setup import PrinterProbe
    from kiosk.config import program_templates
    from kiosk.settings_file import FirstRunSettingsFile

    def create_owner(name: str, pin: str) -> StaffMember:
        with build_app(load_settings(data_dir=folder, config_file=config_file), clock=clock) as app:
            return app.staff.add_staff(name=name, role="owner", pin=pin)

    def join_hub(request: HubConnection) -> HubJoined:
        from kiosk.bootstrap.hub import connect_hub

        return connect_hub(load_settings(data_dir=folder, config_file=config_file), request)

    return ShopSetup(settings_file=FirstRunSettingsFile(folder, config_file),
                     secrets=secrets if secrets is not None else KeyringSecretStore(APP_NAME),
                     printers=printers if printers is not None else PrinterProbe(assets_dir=ASSETS),
                     templates=program_templates(), create_owner=create_owner, data_dir=str(folder),
                     connect_hub=join_hub)


def restore_backup(settings: Settings, source: Path) -> RestoreRecord:
    """Replace the shop's SQLite database with a checked backup (before anything opens it); every number the
    device gives out goes on after the highest the replaced database and the daily backups knew of."""
    if settings.hub.url:
        from kiosk.domain.errors import Conflict

        raise Conflict("startup.restore_on_hub", value=settings.data_dir / 'config.toml')
    info = db_backup.restore(source, db_backup.database_path(settings.database_url), backups=settings.backups_dir)
    carried = info.carried
    following = [(name.partition(":")[0], printed_number(name, last + 1)) for name, last in carried.counters]
    return RestoreRecord(
        str(info.path), info.bytes, info.created_at, replaced=carried.replaced, copies=carried.copies,
        next_receipts=tuple(n for kind, n in following if kind == RECEIPT_COUNTER and n),
        next_refunds=tuple(n for kind, n in following if kind == REFUND_COUNTER and n),
        stripe_updates=carried.stripe_updates, print_jobs=carried.print_jobs)


# The pictures ring a sale, refund part of it and enrol at the counter: of a real shop's --data-dir they are taken
# of a copy, whose printers print nowhere, whose Stripe and hub are off (nothing it rings reaches the shop's
# printer, its Stripe account or its other devices) and which makes no backups.
_CUT_OFF = {"stripe": {"enabled": False}, "hub": {"url": ""}, "backup": {"daily": False}}
_SHOP_FILES = ("config.toml", "install-id")


def picture_copy(shop: Path, folder: Path, *, config_file: Path | None = None) -> Settings:
    """The settings of a copy of `shop` in `folder` (its database copied whole, even while a counter sells into it,
    its settings and install id beside it), cut off from the world outside (_CUT_OFF)."""
    if (missing := missing_shop(data_dir=shop, config_file=config_file)) is not None:
        raise NotFound("cli.no_shop", folder=missing)
    real = load_settings(data_dir=shop, config_file=config_file, install="screenshots")
    folder.mkdir(parents=True)
    for name in _SHOP_FILES:
        if (shop / name).is_file():
            shutil.copy2(shop / name, folder / name)
    copy = folder / "shop.sqlite3"
    db_backup.backup(db_backup.database_path(real.database_url), copy)
    printers = {name: {"kind": "dummy", "paper_mm": table.get("paper_mm", 80)}
                for name, table in real.printers.items()}
    overrides = {**_CUT_OFF, "printers": printers, "database": {"url": f"sqlite+pysqlite:///{copy}"}}
    with _without("KIOSK_DATABASE_URL"):
        return load_settings(data_dir=folder, config_file=config_file, overrides=overrides)


@contextmanager
def _without(name: str) -> Iterator[None]:
    """The environment without `name` for the block (it would point the copy back at the shop's database)."""
    value = os.environ.pop(name, None)
    try:
        yield
    finally:
        if value is not None:
            os.environ[name] = value
