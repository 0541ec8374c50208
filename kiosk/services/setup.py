"""First-run set-up: what a new shop is asked, each answer checked, and everything made at once at the end.

Nothing is written until finish(): the Stripe key into the OS keyring, the data folder's config.toml (atomically),
then the shop's first owner. A failure on the way puts back what was there, so a set-up that did not finish leaves
no half-made shop behind. Every refusal is an InvalidInput whose code (and params["field"]) a screen words itself.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kiosk.domain.addresses import is_host, split_host_port
from kiosk.domain.digits import arabic_digits
from kiosk.domain.errors import InvalidInput, KioskError
from kiosk.domain.events import Message
from kiosk.domain.members import clean_name
from kiosk.domain.staff import StaffMember, validate_pin
from kiosk.services.hub_connect import HubConnection, HubJoined
from kiosk.services.ports.setup import FoundPrinter, PrinterSetup, SecretStore, SettingsFile

log = logging.getLogger(__name__)

STRIPE_KEY_NAME = "stripe_api_key"  # the keyring entry kiosk.config.StripeSettings.api_key reads
# The program templates shipped in config/templates, in the order a new shop sees them.
TEMPLATE_IDS = ("cafe_stamps", "points_tiers", "cashback")
# Currencies with two decimals, which the templates' amounts are written in.
CURRENCIES = ("THB", "USD", "EUR", "GBP", "SGD", "MYR", "AUD", "HKD")
LANGUAGES = ("th", "en")
PRINTER_KINDS = ("network", "usb", "serial", "file", "none")
PAPER_WIDTHS = (80, 58)
LINE_MAX = 48  # characters across an 80 mm receipt
ADDRESS_LINES = 3
FOOTER_LINES = 2
SHOP_NAME_MAX = 48
HUB_SCHEMES = ("postgresql", "postgresql+psycopg")
_TAX_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z \-]{0,19}")
_SHOP_PHONE = re.compile(r"[0-9+()\- .]{3,24}")
_STRIPE_KEY = re.compile(r"(sk|rk)_(test|live)_[0-9A-Za-z]{16,}")
_USB_ID = re.compile(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class ShopDetails:
    name: str
    tax_id: str
    address_lines: tuple[str, ...]
    phone: str
    footer_lines: tuple[str, ...]
    name_th: str = ""  # what Thai screens and receipts show; empty: the English name
    footer_lines_th: tuple[str, ...] = ()  # the footer on Thai receipts; empty: the English footer


@dataclass(frozen=True)
class SetupPlan:
    """Every answer, as the steps checked them."""

    shop: ShopDetails
    currency: str
    language: str
    template: str
    owner_name: str
    owner_pin: str
    printer: Mapping[str, Any]  # the [printers.receipt] table
    stripe_key: str | None = None
    hub_url: str | None = None
    hub_join: bool = False  # False: this shop's first device (hub init); True: a new device of a shop on the hub
    device_name: str | None = None  # this device's name on the hub ("Counter 2")
    hub_password: str = field(default="", repr=False)  # the hub owner's, for the one call: never written


@dataclass(frozen=True)
class SetupResult:
    settings_file: str
    owner: StaffMember
    stripe_key_stored: bool
    hub: HubJoined | None = None  # the device is on the hub
    hub_failure: KioskError | None = None  # the hub was asked for and could not be joined: the shop works alone


def refuse(code: str, field: str, **params: object) -> InvalidInput:
    """The refusal of one answer: `field` names the box the screen puts it under."""
    return InvalidInput(code, field=field, **params)


def check_hub_url(text: str) -> str | None:
    """A hub address as the settings keep it: None when empty, else a postgresql:// URL with a host, a database and
    no password (a password belongs in ~/.pgpass or PGPASSWORD, never in a settings file)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        parsed = urlsplit(text)
        parsed.port  # noqa: B018 - parsing the port is the check: "host:abc" raises here
    except ValueError:
        raise refuse("setup.hub_url_invalid", "hub_url") from None
    if parsed.scheme not in HUB_SCHEMES or not parsed.hostname or not parsed.path.strip("/"):
        raise refuse("setup.hub_url_shape", "hub_url")
    if parsed.password is not None:
        raise refuse("setup.hub_url_password", "hub_url")
    return text


class ShopSetup:
    """The first-run wizard's use cases. `create_owner(name, pin)` opens the shop once its settings are written and
    adds its first owner (the staff service allows that only while the shop has no staff)."""

    def __init__(self, *, settings_file: SettingsFile, secrets: SecretStore, printers: PrinterSetup,
                 templates: Mapping[str, Mapping[str, Any]], create_owner: Callable[[str, str], StaffMember],
                 data_dir: str, connect_hub: Callable[[HubConnection], HubJoined] | None = None) -> None:
        self.settings_file = settings_file
        self.secrets = secrets
        self.printers = printers
        self._templates = templates
        self._create_owner = create_owner
        self._connect_hub = connect_hub
        self.data_dir = data_dir

    # -- what the steps offer ------------------------------------------------------------------------------------
    def templates(self) -> tuple[str, ...]:
        return tuple(t for t in TEMPLATE_IDS if t in self._templates)

    def found_printers(self) -> list[FoundPrinter]:
        return self.printers.found()

    def keyring_available(self) -> bool:
        return self.secrets.available()

    # -- each step's check ---------------------------------------------------------------------------------------
    def shop_details(self, *, name: str, tax_id: str = "", address_lines: tuple[str, ...] = (), phone: str = "",
                     footer_lines: tuple[str, ...] = (), name_th: str = "",
                     footer_lines_th: tuple[str, ...] = ()) -> ShopDetails:
        shop_name = self._shop_name(name, "name")
        shop_name_th = self._shop_name(name_th, "name_th") if name_th.strip() else ""
        tax = " ".join(tax_id.split())
        if tax and not _TAX_ID.fullmatch(tax):
            raise refuse("setup.tax_id_invalid",
                         "tax_id")
        shop_phone = " ".join(phone.split())
        if shop_phone and not (_SHOP_PHONE.fullmatch(shop_phone) and any(c.isdigit() for c in shop_phone)):
            raise refuse("setup.shop_phone_invalid",
                         "phone")
        return ShopDetails(name=shop_name, tax_id=tax, address_lines=self._lines(address_lines, "address"),
                           phone=shop_phone, footer_lines=self._lines(footer_lines, "footer"), name_th=shop_name_th,
                           footer_lines_th=self._lines(footer_lines_th, "footer_th"))

    @staticmethod
    def _shop_name(name: str, field: str) -> str:
        try:
            shop_name = clean_name(name)
        except InvalidInput as exc:
            code = "setup.shop_name_too_long" if exc.code == "member.name_too_long" else "setup.shop_name_missing"
            raise refuse(code, field, max=SHOP_NAME_MAX) from None
        if len(shop_name) > SHOP_NAME_MAX:
            raise refuse("setup.shop_name_too_long", field, max=SHOP_NAME_MAX)
        return shop_name

    @staticmethod
    def _lines(lines: tuple[str, ...], field: str) -> tuple[str, ...]:
        kept = tuple(" ".join(line.split()) for line in lines)
        for n, line in enumerate(kept, start=1):
            if len(line) > LINE_MAX:
                raise refuse("setup.line_too_long", field, line=n, max=LINE_MAX)
        return tuple(line for line in kept if line)

    @staticmethod
    def money_and_language(currency: str, language: str) -> tuple[str, str]:
        if currency not in CURRENCIES:
            raise refuse("setup.currency_unsupported", "currency", currencies=", ".join(CURRENCIES))
        if language not in LANGUAGES:
            raise refuse("setup.language_unsupported", "language")
        return currency, language

    def template(self, template: str) -> str:
        if template not in self.templates():
            raise refuse("setup.template_unknown", "template")
        return template

    @staticmethod
    def owner(name: str, pin: str, pin_again: str) -> tuple[str, str]:
        try:
            owner_name = clean_name(name)
        except InvalidInput as exc:
            if exc.code == "member.name_missing":
                raise refuse("setup.owner_name_missing", "owner_name") from None
            raise refuse(exc.code, "owner_name", **exc.params) from None
        try:
            pin = validate_pin(pin)  # Thai digits read as the Arabic ones, in both boxes
        except InvalidInput:
            raise refuse("setup.pin_invalid", "pin") from None
        if arabic_digits(pin_again) != pin:
            raise refuse("setup.pin_mismatch", "pin_again")
        return owner_name, pin

    def printer(self, kind: str, address: str = "", paper_mm: int = 80) -> dict[str, Any]:
        """The [printers.receipt] table for what was chosen or typed, checked as the app will read it."""
        address = address.strip()
        if kind not in PRINTER_KINDS:
            raise refuse("setup.printer_kind_unknown", "printer_kind")
        if paper_mm not in PAPER_WIDTHS:
            raise refuse("setup.paper_invalid", "paper")
        table: dict[str, Any] = {"paper_mm": paper_mm}
        if kind == "none":
            return {"kind": "none", **table}  # receipts wait for a printer (never "printed" on a dummy)
        if not address:
            raise refuse("setup.printer_address_missing", "printer_address", kind=kind)
        if kind == "network":
            host, port = split_host_port(address)  # "192.168.1.50:9100" in the one field
            if not is_host(host) or (port is not None and not (port.isascii() and port.isdigit()
                                                               and 1 <= int(port) <= 65535)):
                raise refuse("setup.printer_network_address_invalid", "printer_address", kind=kind)
            table |= {"kind": "network", "host": host, "port": int(port) if port else 9100}
        elif kind == "usb":
            found = _USB_ID.fullmatch(address)
            if not found:
                raise refuse("setup.printer_usb_address_invalid", "printer_address", kind=kind)
            table |= {"kind": "usb", "vendor_id": int(found.group(1), 16), "product_id": int(found.group(2), 16)}
        else:
            table |= {"kind": kind, "device" if kind == "serial" else "path": address}
        try:
            self.printers.check(table)
        except InvalidInput as exc:
            raise refuse("setup.printer_invalid", "printer_address", kind=kind, reason=exc) from None
        return table

    def printer_where(self, table: Mapping[str, Any]) -> Message:
        """Where `table`'s printer prints, as `kiosk printer status` names it (a checked table; no I/O)."""
        return self.printers.check(table)

    def test_print(self, table: Mapping[str, Any]) -> Message:
        """Print the test page on `table`'s printer now; returns where it printed (a PrinterError says why not)."""
        where = self.printers.check(table)
        self.printers.test_page(table)
        return where

    def stripe_key(self, key: str) -> str | None:
        key = (key or "").strip()
        if not key:
            return None
        if not _STRIPE_KEY.fullmatch(key):
            raise refuse("setup.stripe_key_invalid", "stripe_key")
        if not self.secrets.available():
            raise refuse("setup.keyring_unavailable", "stripe_key")
        return key

    @staticmethod
    def hub_url(url: str) -> str | None:
        return check_hub_url(url)

    @staticmethod
    def device_name(name: str, *, joining: bool) -> str | None:
        """This device's name on the hub; a joining device must have one (the first takes the shop's name)."""
        kept = " ".join((name or "").split())
        if len(kept) > 60:
            raise refuse("setup.device_name_too_long", "device_name")
        if joining and not kept:
            raise refuse("setup.hub_name_missing", "device_name")
        return kept or None

    # -- the whole set-up ----------------------------------------------------------------------------------------
    def overrides(self, plan: SetupPlan) -> dict[str, Any]:
        """What the data folder's config.toml will hold: what it held, the program, then the answers (no secret)."""
        merged = _merge(self.settings_file.current(), copy.deepcopy(dict(self._templates[plan.template])))
        shop = plan.shop
        # Every shop key is written, empty ones too: the defaults are the demo café's, not this shop's (left out,
        # the Thai ones had a new shop's Thai screens and receipts say บ้านกาแฟ and its Wi-Fi password).
        merged["shop"] = {**merged.get("shop", {}), "name": shop.name, "name_th": shop.name_th,
                          "tax_id": shop.tax_id, "address_lines": list(shop.address_lines), "phone": shop.phone,
                          "footer_lines": list(shop.footer_lines), "footer_lines_th": list(shop.footer_lines_th),
                          "currency": plan.currency, "language": plan.language}
        merged["printers"] = {**merged.get("printers", {}), "receipt": dict(plan.printer)}
        if plan.stripe_key:
            merged["stripe"] = {**merged.get("stripe", {}), "enabled": True}
        # No [hub] url here: joining the hub writes it (with this device's own login) once the hub let it in. An
        # address alone, never registered, would leave a device that believes it syncs and never does.
        first = ("shop", "printers", "stripe", "hub")  # what a person opening the file looks for, on top
        return {**{key: merged[key] for key in first if key in merged}, **merged}

    def check(self, plan: SetupPlan) -> dict[str, Any]:
        """Every answer again, and the settings they make loaded as the app will load them."""
        self.shop_details(name=plan.shop.name, tax_id=plan.shop.tax_id, address_lines=plan.shop.address_lines,
                          phone=plan.shop.phone, footer_lines=plan.shop.footer_lines, name_th=plan.shop.name_th,
                          footer_lines_th=plan.shop.footer_lines_th)
        self.money_and_language(plan.currency, plan.language)
        self.template(plan.template)
        self.owner(plan.owner_name, plan.owner_pin, plan.owner_pin)
        self.printers.check(plan.printer)
        if plan.stripe_key is not None:
            self.stripe_key(plan.stripe_key)
        self.hub_url(plan.hub_url or "")
        overrides = self.overrides(plan)
        self.settings_file.check(overrides)
        return overrides

    def finish(self, plan: SetupPlan) -> SetupResult:
        """Make the shop: the key into the keyring, the settings file, then the owner; all of it or none."""
        overrides = self.check(plan)
        before = self.settings_file.snapshot()
        key_before = self.secrets.get(STRIPE_KEY_NAME) if plan.stripe_key else None
        key_stored = False
        try:
            if plan.stripe_key:
                self.secrets.set(STRIPE_KEY_NAME, plan.stripe_key)
                key_stored = True
            self.settings_file.write(overrides)
            owner = self._create_owner(plan.owner_name, plan.owner_pin)
        except BaseException:
            self._put_back(before, key_stored, key_before)
            raise
        log.info("first-run set-up finished: settings in %s, program %s", self.settings_file.location, plan.template)
        joined, failure = self._join_hub(plan) if plan.hub_url else (None, None)
        return SetupResult(settings_file=self.settings_file.location, owner=owner, stripe_key_stored=key_stored,
                           hub=joined, hub_failure=failure)

    def _join_hub(self, plan: SetupPlan) -> tuple[HubJoined | None, KioskError | None]:
        """`kiosk hub init` (the shop's first device) or `join` (a new device: the shop's settings then come from
        the hub), once the shop exists. A hub out of reach leaves the shop made and working alone: the manager's
        Devices page connects it later."""
        if self._connect_hub is None or plan.hub_url is None:
            return None, None
        request = HubConnection(url=plan.hub_url, first_device=not plan.hub_join, name=plan.device_name,
                                password=plan.hub_password)
        try:
            return self._connect_hub(request), None
        except KioskError as exc:
            log.info("first-run set-up: the hub was not joined (%s)", exc.code)
            return None, exc
        except Exception:  # noqa: BLE001 - the shop is made: whatever the hub did, it opens, working alone
            log.exception("first-run set-up: joining the hub failed")
            return None, KioskError("setup.hub_failed")

    def _put_back(self, before: bytes | None, key_stored: bool, key_before: str | None) -> None:
        try:
            self.settings_file.restore(before)
        except (OSError, KioskError):
            log.exception("set-up failed, and the settings file could not be put back")
        if key_stored:
            try:
                if key_before is None:
                    self.secrets.delete(STRIPE_KEY_NAME)
                else:
                    self.secrets.set(STRIPE_KEY_NAME, key_before)
            except (OSError, KioskError):
                log.exception("set-up failed, and the keyring could not be put back")


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


__all__ = ["CURRENCIES", "FoundPrinter", "LANGUAGES", "PAPER_WIDTHS", "PRINTER_KINDS", "STRIPE_KEY_NAME",
           "SetupPlan", "SetupResult", "ShopDetails", "ShopSetup", "TEMPLATE_IDS", "check_hub_url"]
