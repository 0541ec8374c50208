"""Typed settings: config/default.toml, then user files, then the environment. Nothing runs at import."""

from __future__ import annotations

import difflib
import os
import secrets
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.config_programs import programs_from_dict
from kiosk.domain.documents import ShopHeader
from kiosk.domain.errors import InvalidInput, StorageError
from kiosk.domain.members import one_line
from kiosk.domain.money import Money
from kiosk.domain.text import Phrase
from kiosk.services.context import HubPolicy, ShopContext, ShopPolicy, UiSettings

APP_NAME = "loyalty-kiosk"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "default.toml"
TEMPLATES_DIR = REPO_ROOT / "config" / "templates"  # the programs a new shop starts from (first-run set-up)
ASSETS = REPO_ROOT / "assets"
SECRET_KEYS = {"api_key", "secret_key", "stripe_key", "password", "secret"}


@dataclass(frozen=True)
class StripeSettings:
    enabled: bool = False
    api_base: str | None = None
    rate_limit_per_second: float = 20.0
    success_url: str = "https://example.com/joined"

    def api_key(self) -> str | None:
        """The key from the environment or the OS keyring: never from a config file or a log."""
        key = os.environ.get("KIOSK_STRIPE_API_KEY")
        if key:
            return key
        try:
            import keyring  # optional: an OS keyring where one is set up

            return keyring.get_password(APP_NAME, "stripe_api_key")
        except Exception:  # noqa: BLE001 - no keyring backend is a normal state, not an error
            return None


@dataclass(frozen=True)
class HubSettings:
    """The shop's hub (issue 14): where it is (no password: that comes from the environment or the keyring)."""

    url: str | None = None
    sync_seconds: float = 5.0


@dataclass(frozen=True)
class BackupSettings:
    daily: bool = True
    keep: int = 14


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    context: ShopContext
    kiosk_label: str
    printers: dict[str, Any]  # the [printers.NAME] tables as written
    stripe: StripeSettings
    ui: UiSettings
    backup: BackupSettings
    hub: HubSettings = field(default_factory=HubSettings)
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    sources: tuple[str, ...] = ()
    # KIOSK_NOW: the moment a scripted run or a test acts at (the wall clock otherwise); see pinned_now().
    pinned_now: datetime | None = None

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def for_role(self, role: str) -> Settings:
        """The kiosk runs as its own device on the same data: its own receipt numbers and chain."""
        if role != "kiosk":
            return self
        install = self.context.device_id.rsplit("-", 1)[0]
        ctx = replace(self.context, device_id=f"{install}-{self.kiosk_label}", device_label=self.kiosk_label)
        return replace(self, context=ctx)


def default_data_dir() -> Path:
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_demo_dir() -> Path:
    """Where `kiosk demo` builds the demo shop unless --data-dir says otherwise: KIOSK_DEMO_DIR, else a folder of
    its own beside the real one (~/.local/share/loyalty-kiosk-demo on Linux). Never KIOSK_DATA_DIR: that names
    the real shop, which a demo must not become."""
    env = os.environ.get("KIOSK_DEMO_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(f"{APP_NAME}-demo", appauthor=False))


def default_log_dir() -> Path:
    """Where the app's rotating log files go: KIOSK_LOG_DIR, else the platform's user log folder
    (~/.local/state/loyalty-kiosk/log on Linux)."""
    env = os.environ.get("KIOSK_LOG_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def user_config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def merge_settings(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`: tables merge key by key, anything else (arrays of tables too) is replaced."""
    return _merge(base, override)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _find_secrets(data: dict[str, Any], path: str = "") -> list[str]:
    found = []
    for key, value in data.items():
        where = f"{path}.{key}" if path else key
        if key.lower() in SECRET_KEYS and value:
            found.append(where)
        elif isinstance(value, dict):
            found.extend(_find_secrets(value, where))
    return found


# -- the settings schema: every key a settings file may hold, in one place -------------------------------------
# A table maps its keys to their schemas; a list holding one table is an array of tables ([[items]]); None is a
# value. The loader walks a file against it (check_settings) and settings_from_dict reads through it (_Table), so
# a key cannot be read without being declared here, and a misspelt one is refused instead of silently ignored.
# Each [printers.NAME] table is checked by the printing adapter that reads it (PRINTER_TABLES).
PRINTER_TABLES = "printer tables"


def _keys(names: str) -> dict[str, Any]:
    return dict.fromkeys(names.split())


def _fields(cls: type) -> dict[str, Any]:
    from dataclasses import fields

    return dict.fromkeys(f.name for f in fields(cls))


SCHEMA: dict[str, Any] = {
    "shop": _keys("name name_th address_lines tax_id phone footer_lines footer_lines_th currency language timezone "
                  "country_code privacy_notice_version logo"),
    "device": _keys("label kiosk_label"),
    "database": _keys("url busy_timeout_ms"),
    "points": {**_keys("enabled basis spend_unit points_per_unit points_per_item points_per_visit min_spend rounding "
                       "point_value min_redeem_points max_redeem_percent expiry_months"),
               "rewards": [_keys("id name name_th points value kind sku")]},
    "stamp_cards": [_keys("id name name_th required skus min_spend per_item max_per_visit reward_name "
                          "reward_name_th reward_value carry_over reward_expiry_months visit")],
    "tiers": {**_keys("enabled metric window window_days retention_days"),
              "levels": [_keys("name name_th threshold multiplier_percent perks perks_th")]},
    "cashback": _keys("enabled percent min_spend max_per_sale expiry_months"),
    "bonuses": _keys("signup_points birthday_points birthday_owed_days referral_referrer_points "
                     "referral_new_member_points review_points"),
    "charity": {**_keys("enabled point_value min_points"), "causes": [_keys("id name name_th")]},
    "memberships": [_keys("id name name_th price interval discount_bp earn_bonus_percent grace_days")],
    "partners": [_keys("id name name_th spend_unit points_per_unit settlement_value settlement_points "
                       "max_points_per_transaction max_points_per_day max_redeem_points_per_day")],
    "items": [_keys("sku name name_th price category")],
    "challenges": [_keys("id name name_th kind target period days points skus categories repeat starts ends status")],
    "offers": [_keys("id name name_th selector kind sku requires points valid_days lapsed_days spend_over "
                     "near_percent starts ends status")],
    "promotions": [_keys("id name name_th kind percent points per skus categories audience tiers segment starts "
                         "ends weekdays hours cap status order")],
    "categories": [_keys("id name name_th")],
    "modifiers": [{**_keys("id name name_th categories skus default"), "options": [_keys("id name name_th price")]}],
    "security": _fields(ShopPolicy),
    "ui": _fields(UiSettings),
    "printers": PRINTER_TABLES,
    "stripe": _keys("enabled api_base rate_limit_per_second success_url"),
    "backup": _fields(BackupSettings),
    "hub": _keys("url sync_seconds offline_after_minutes offline_spend_limit"),
}
# What a shop's devices share through the hub: edited on one, applied on the others. The rest (this device's
# label, printers, database, Stripe key use, screens, backups, its hub address) stays each device's own.
SHARED_SECTIONS = ("shop", "points", "stamp_cards", "tiers", "cashback", "bonuses", "charity", "memberships",
                   "partners", "items", "categories", "modifiers", "security", "promotions", "challenges", "offers")
# ui.kiosk_verification: what the kiosk asks after a phone number. "phone_last4" is the old spelling of
# "birth_year" (it never asked for the phone's digits) and stays accepted, so existing shop files keep working.
KIOSK_CHECKS = {"birth_year": "birth_year", "birthday": "birthday", "phone_last4": "birth_year"}


def check_settings(data: dict[str, Any], *, source: str | None = None) -> None:
    """Refuse a key the schema does not know (naming the closest known one) or a table that is not a table."""
    _check_table(data, SCHEMA, "", source)


def _in(source: str | None) -> str | Phrase:
    """Where a setting was read, as its refusal names it: the file, else "the settings"."""
    return source if source else Phrase("config.the_settings")


def _must_be_table(data: Any, path: str, source: str | None) -> None:
    if not isinstance(data, dict):
        raise InvalidInput("config.table", key=path, file=_in(source))


def _check_table(data: Any, schema: dict[str, Any], path: str, source: str | None) -> None:
    _must_be_table(data, path, source)
    for key, value in data.items():
        dotted = f"{path}.{key}" if path else key
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1)
            suggestion = f"{path}.{close[0]}" if close and path else (close[0] if close else None)
            code = "config.unknown_setting" if suggestion else "config.unknown_setting_nothing_close"
            raise InvalidInput(code, key=dotted, suggestion=suggestion, file=_in(source))
        spec = schema[key]
        if spec is PRINTER_TABLES:
            _must_be_table(value, dotted, source)
            for name, table in value.items():
                _must_be_table(table, f"{dotted}.{name}", source)
        elif isinstance(spec, dict):
            _check_table(value, spec, dotted, source)
        elif isinstance(spec, list):
            if not isinstance(value, list):
                raise InvalidInput("config.table_list", key=dotted, file=_in(source))
            for n, item in enumerate(value, start=1):
                _check_table(item, spec[0], f"{dotted}[{n}]", source)


class _Table(dict[str, Any]):
    """A settings table read by settings_from_dict: asking it for a key SCHEMA does not declare is a bug."""

    def __init__(self, data: dict[str, Any], schema: dict[str, Any], path: str) -> None:
        super().__init__(data)
        self._schema = schema
        self._path = path

    def get(self, key: str, default: Any = None) -> Any:
        return self._wrap(key, super().get(key, default))

    def __getitem__(self, key: str) -> Any:
        try:
            value = super().__getitem__(key)
        except KeyError:  # a table the file gives without a value it must have: say which, not a traceback
            table = self._path.rstrip(".").replace("[]", "")
            raise InvalidInput("config.key_missing", table=table or Phrase("config.the_settings"), key=key) from None
        return self._wrap(key, value)

    def _wrap(self, key: str, value: Any) -> Any:
        if key not in self._schema:
            raise LookupError(f"settings_from_dict reads {self._path}{key}, which config.SCHEMA does not declare")
        spec = self._schema[key]
        if isinstance(spec, dict) and isinstance(value, dict):
            return _Table(value, spec, f"{self._path}{key}.")
        if isinstance(spec, list) and isinstance(value, list):
            return [_Table(item, spec[0], f"{self._path}{key}[].") for item in value]
        return value


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("config.toml", path=path, exc=exc) from None
    leaked = _find_secrets(data)
    if leaked:
        raise InvalidInput("config.secret_in_config", path=path, value=', '.join(leaked))
    return data


def settings_files(data_dir: Path, config_file: Path | None = None) -> list[Path]:
    """The settings files merged over config/default.toml, in order, whether they exist or not."""
    candidates = [user_config_file(), data_dir / "config.toml"]
    env_file = os.environ.get("KIOSK_CONFIG")
    if env_file:
        candidates.append(Path(env_file))
    if config_file:
        candidates.append(config_file)
    return candidates


def read_settings(*, data_dir: Path | None = None, config_file: Path | None = None,
                  ) -> tuple[Path, dict[str, Any], tuple[str, ...]]:
    """(data folder, the settings files merged and checked against the schema, the files read): nothing written."""
    data_dir = (data_dir or default_data_dir()).expanduser()
    if config_file and not config_file.exists():
        raise InvalidInput("config.missing", config_file=config_file)
    raw = read_toml(DEFAULT_CONFIG)
    sources = [str(DEFAULT_CONFIG)]
    check_settings(raw, source=str(DEFAULT_CONFIG))
    for path in settings_files(data_dir, config_file):
        if path.exists():
            data = read_toml(path)
            check_settings(data, source=str(path))
            raw = _merge(raw, data)
            sources.append(str(path))
    return data_dir, raw, tuple(sources)


def load_settings(*, data_dir: Path | None = None, config_file: Path | None = None,
                  overrides: dict[str, Any] | None = None, install: str | None = None) -> Settings:
    """The typed settings. `install` stands in for the data folder's install id, which is otherwise read, or made
    and written on first use: a look that must leave a new folder as it was (set-up, a support bundle) passes one.
    """
    data_dir, raw, sources = read_settings(data_dir=data_dir, config_file=config_file)
    if overrides:
        raw = _merge(raw, overrides)
    return settings_from_dict(raw, data_dir=data_dir, sources=sources, install=install)


def database_url(raw: dict[str, Any], data_dir: Path) -> str:
    """The shop's database: KIOSK_DATABASE_URL, else database.url, else shop.sqlite3 in the data folder."""
    db = raw.get("database", {})
    return os.environ.get("KIOSK_DATABASE_URL") or db.get("url") or f"sqlite+pysqlite:///{data_dir / 'shop.sqlite3'}"


def program_templates() -> dict[str, dict[str, Any]]:
    """The program templates under config/templates, by id (the file's name), each checked against the schema."""
    templates = {}
    for path in sorted(TEMPLATES_DIR.glob("*.toml")):
        data = read_toml(path)
        check_settings(data, source=str(path))
        templates[path.stem] = data
    return templates


def pinned_now() -> datetime | None:
    """KIOSK_NOW=2026-11-26T14:00:00+07:00 runs every command at that moment instead of the wall clock's.

    For tests and reproducible demos: a subprocess's time cannot be pinned any other way, and a test that
    depends on the hour it runs at fails every night."""
    text = os.environ.get("KIOSK_NOW", "").strip()
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("config.now_format", text=text) from None
    if at.tzinfo is None:
        raise InvalidInput("config.now_zone", text=text)
    return at


def require_folder(data_dir: Path) -> None:
    """Refuses a data folder that is a file (a typo in --data-dir or KIOSK_DATA_DIR, a backup's name): said as
    that, not as whatever creating something inside it failed with."""
    if data_dir.exists() and not data_dir.is_dir():
        raise StorageError("config.data_dir_is_file", data_dir=data_dir)


def install_id(data_dir: Path) -> str:
    """A random id for this installation, kept in the data dir: device ids derive from it."""
    require_folder(data_dir)
    path = data_dir / "install-id"
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    value = secrets.token_hex(6)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(value + "\n")
    except OSError as exc:  # an unplugged drive or a typo in KIOSK_DATA_DIR: say so, not a traceback
        raise StorageError("config.data_dir_missing", data_dir=data_dir, strerror=exc.strerror) from None
    return value


def settings_from_dict(raw: dict[str, Any], *, data_dir: Path, sources: tuple[str, ...] = (),
                       install: str | None = None) -> Settings:
    check_settings(raw)  # settings merged in code (the manager's screen, overrides) meet the same schema
    raw_table, raw = raw, _Table(raw, SCHEMA, "")
    shop = raw.get("shop", {})
    currency = str(shop.get("currency", "THB")).upper()

    def money(value: Any, where: object) -> Money:
        try:
            return Money.parse(str(value), currency, allow_zero=True)
        except InvalidInput as exc:
            raise InvalidInput("config.section", where=where, refusal=exc) from None

    def opt_money(value: Any, where: object) -> Money | None:
        return None if value in (None, "") else money(value, where)

    programs = programs_from_dict(raw, currency=currency, money=money, opt_money=opt_money)
    sec = raw.get("security", {})
    policy = ShopPolicy(
        refund_needs_manager=bool(sec.get("refund_needs_manager", True)),
        adjustment_needs_manager=bool(sec.get("adjustment_needs_manager", True)),
        redemption_approval_over=opt_money(sec.get("redemption_approval_over"), "security.redemption_approval_over"),
        sale_approval_over=opt_money(sec.get("sale_approval_over"), "security.sale_approval_over"),
        max_earn_sales_per_day=int(sec.get("max_earn_sales_per_day", 10)),
        max_points_per_sale=int(sec.get("max_points_per_sale", 5000)),
        voucher_valid_days=int(sec.get("voucher_valid_days", 30)),
        expiring_soon_days=int(sec.get("expiring_soon_days", 30)),
        review_bonus_once_per_days=int(sec.get("review_bonus_once_per_days", 1)),
    )
    # the shop's names one line each, as the set-up and every typed name keeps them (a line break is a space)
    header = ShopHeader(name=one_line(str(shop.get("name", "Shop"))),
                        address_lines=tuple(shop.get("address_lines", [])),
                        tax_id=shop.get("tax_id") or None, phone=shop.get("phone") or None,
                        footer_lines=tuple(shop.get("footer_lines", [])), logo=shop.get("logo") or None,
                        name_th=one_line(str(shop.get("name_th", ""))),
                        footer_lines_th=tuple(shop.get("footer_lines_th", [])))
    device = raw.get("device", {})
    label = str(device.get("label", "C1"))
    language = str(shop.get("language", "th"))
    if language not in ("th", "en"):
        raise InvalidInput("config.language")
    install = install or install_id(data_dir)
    ctx = ShopContext(shop=header, programs=programs, device_id=f"{install}-{label}", device_label=label,
                      timezone=str(shop.get("timezone", "Asia/Bangkok")), language=language,
                      privacy_notice_version=str(shop.get("privacy_notice_version", "2026-01")),
                      country_code=str(shop.get("country_code", "66")), policy=policy)
    url = database_url(raw, data_dir)
    # Each [printers.NAME] table is checked by the printing adapter that reads it, when bootstrap wires it.
    printers = {str(name): value for name, value in raw.get("printers", {}).items()}
    st = raw.get("stripe", {})
    stripe = StripeSettings(enabled=bool(st.get("enabled", False)), api_base=st.get("api_base") or None,
                            rate_limit_per_second=float(st.get("rate_limit_per_second", 20)),
                            success_url=str(st.get("success_url", "https://example.com/joined")))
    u = dict(raw.get("ui", {}))
    if "kiosk_verification" in u:
        check = KIOSK_CHECKS.get(str(u["kiosk_verification"]))
        if check is None:
            raise InvalidInput("config.kiosk_verification", value=u['kiosk_verification'])
        u["kiosk_verification"] = check
    if str(u.get("receipt_default", "print")) not in ("print", "none"):
        raise InvalidInput("config.receipt_default", value=u['receipt_default'])
    if int(u.get("new_sale_after_seconds", 0)) < 0:
        raise InvalidInput("config.new_sale_after")
    ui = UiSettings(**{k: type(getattr(UiSettings, k))(v) for k, v in u.items()})
    bk = raw.get("backup", {})
    backup = BackupSettings(daily=bool(bk.get("daily", True)), keep=int(bk.get("keep", 14)))
    hb = raw.get("hub", {})
    hub_url = None
    if hb.get("url"):
        from kiosk.services.setup import check_hub_url

        try:
            hub_url = check_hub_url(str(hb["url"]))
        except InvalidInput as exc:
            raise InvalidInput("config.hub_url", refusal=exc, key="hub.url") from None
    hub = HubSettings(url=hub_url, sync_seconds=float(hb.get("sync_seconds", 5)))
    if hub.url:
        ctx = replace(ctx, hub=HubPolicy(
            offline_after_minutes=int(hb.get("offline_after_minutes", 30)),
            offline_spend_limit=opt_money(hb.get("offline_spend_limit"), "hub.offline_spend_limit")))
    return Settings(data_dir=data_dir, database_url=url, context=ctx, kiosk_label=str(device.get("kiosk_label", "K1")),
                    printers=printers, stripe=stripe, ui=ui, backup=backup, hub=hub, raw=raw_table, sources=sources,
                    pinned_now=pinned_now())
