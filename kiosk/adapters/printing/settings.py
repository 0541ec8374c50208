"""Typed settings for one configured receipt printer, read from a `[printers.NAME]` TOML table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.addresses import is_host, split_host_port
from kiosk.domain.errors import InvalidInput
from kiosk.domain.events import Message

# "none": no printer set up yet (set-up's "No printer yet"): receipts wait, unprinted, for one to be added.
# "dummy": bytes kept in memory, for demos and tests: it "prints" everything.
KINDS = ("dummy", "network", "usb", "serial", "cups", "file", "none")
PAPER_WIDTHS_MM = (58, 80)
# Dots across the printable width at 203 dpi, and Font A (12x24) columns in that width.
DOTS_FOR_PAPER = {58: 384, 80: 576}
COLUMNS_FOR_PAPER = {58: 32, 80: 48}
# How fast a job is assumed to reach the paper when waiting for the printer to confirm it: slower than a
# Bluetooth link or a busy printer, so a slow link confirms rather than holds. Serial links take their baud rate.
DEFAULT_LINK_BYTES_PER_S = 2_000
# However big the job and slow the link, a printer that has not confirmed by then is reported (and held).
MAX_CONFIRM_WAIT_S = 120.0


@dataclass(frozen=True)
class PrinterSettings:
    """One printer: how to reach it (`kind` + its fields) and what it can do (profile and overrides).

    `width_dots`, `columns`, `cutter` and `native_qr` override what the python-escpos `profile` says; left as
    None they come from the profile, or from `paper_mm` when the profile does not know its paper.
    """

    name: str
    kind: str
    paper_mm: int = 80
    profile: str = "default"
    # network
    host: str | None = None
    port: int = 9100
    # usb
    vendor_id: int | None = None
    product_id: int | None = None
    usb_in_ep: int | None = None
    usb_out_ep: int | None = None
    # serial
    device: str | None = None
    baudrate: int = 9600
    # cups
    cups_queue: str | None = None
    cups_host: str | None = None
    # file: a device node such as /dev/usb/lp0, or a plain file (written, never read back)
    path: str | None = None
    # capabilities
    width_dots: int | None = None
    columns: int | None = None
    cutter: bool | None = None
    native_qr: bool | None = None
    cash_drawer_pin: int = 2
    # a job printed later than this after its sale prints without opening the cash drawer (nobody may be at the till)
    cash_drawer_window_s: int = 120
    # behaviour
    timeout_s: float = 3.0  # connect/write timeout
    status_timeout_s: float = 1.0  # how long to wait for a DLE EOT answer before calling the printer stalled
    confirm_with_status: bool | None = None  # None: on where the transport can read (network, usb, serial)
    link_bytes_per_s: int | None = None  # the slowest the link/printer takes data; None: see link_speed
    logo: str | None = None  # file under assets/, overrides the shop's logo for this printer
    font_dir: str | None = None  # extra directory searched first for the Thai/Latin TTFs
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def can_read_status(self) -> bool:
        """Whether the transport can carry the printer's DLE EOT answers back to us."""
        return self.kind in ("network", "usb", "serial", "dummy")

    @property
    def confirms_with_status(self) -> bool:
        if self.confirm_with_status is None:
            return self.can_read_status
        return self.confirm_with_status and self.can_read_status

    @property
    def link_speed(self) -> int:
        """Bytes per second a job is assumed to move at while we wait for its confirmation."""
        if self.link_bytes_per_s is not None:
            return self.link_bytes_per_s
        if self.kind == "serial":
            return max(100, min(DEFAULT_LINK_BYTES_PER_S, self.baudrate // 10))  # 8N1: ten bits a byte
        return DEFAULT_LINK_BYTES_PER_S

    def confirm_wait_s(self, job_bytes: int) -> float:
        """How long to wait for the status answer after a job of `job_bytes`: the printer answers only once
        it has read the whole job, so a big job on a slow link needs its transfer time on top."""
        return min(MAX_CONFIRM_WAIT_S, self.status_timeout_s + job_bytes / self.link_speed)

    def describe(self) -> str:
        """Where the printer is, for messages a cashier or installer reads."""
        match self.kind:
            case "network":
                return f"network printer {self.host}:{self.port}"
            case "usb":
                return f"USB printer {self.vendor_id:04x}:{self.product_id:04x}"
            case "serial":
                return f"serial printer {self.device} @ {self.baudrate} baud"
            case "cups":
                return f"CUPS queue {self.cups_queue}" + (f" on {self.cups_host}" if self.cups_host else "")
            case "file":
                return f"printer device {self.path}"
            case "none":
                return "no printer set up yet"
            case _:
                return "dummy printer, no paper"

    def where(self) -> Message:
        """What `describe()` says, as a catalogue code ("printer_where.<kind>") the CLI says in its language."""
        match self.kind:
            case "network":
                return Message("printer_where.network", {"host": self.host, "port": str(self.port)})
            case "usb":
                return Message("printer_where.usb", {"vendor": f"{self.vendor_id:04x}",
                                                     "product": f"{self.product_id:04x}"})
            case "serial":
                return Message("printer_where.serial", {"device": self.device, "baud": str(self.baudrate)})
            case "cups":
                return Message("printer_where.cups_remote" if self.cups_host else "printer_where.cups",
                               {"queue": self.cups_queue, "host": self.cups_host or ""})
            case "file":
                return Message("printer_where.file", {"path": str(self.path)})
            case "none":
                return Message("printer_where.none")
            case _:
                return Message("printer_where.dummy")


def _int(name: str, key: str, value: Any, *, low: int, high: int) -> int:
    if isinstance(value, str):
        text = value.strip().lower()
        try:
            value = int(text, 16) if text.startswith("0x") else int(text)
        except ValueError:
            raise InvalidInput("printer.setting_number", name=name, key=key, value=value) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("printer.setting_whole_number", name=name, key=key)
    if not low <= value <= high:
        raise InvalidInput("printer.setting_range", name=name, key=key, low=str(low), high=str(high))  # no 65,535
    return value


def _float(name: str, key: str, value: Any, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInput("printer.setting_seconds", name=name, key=key)
    if not low <= float(value) <= high:
        raise InvalidInput("printer.setting_range", name=name, key=key, low=str(low), high=str(high))  # no 65,535
    return float(value)


def _str(name: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("printer.setting_text", name=name, key=key)
    return value.strip()


def _bool(name: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("printer.setting_boolean", name=name, key=key)
    return value


_INT_KEYS = {
    "paper_mm": (1, 1000), "port": (1, 65535), "vendor_id": (0, 0xFFFF), "product_id": (0, 0xFFFF),
    "usb_in_ep": (0, 0xFF), "usb_out_ep": (0, 0xFF), "baudrate": (300, 921600), "width_dots": (64, 2048),
    "columns": (16, 96), "cash_drawer_pin": (2, 5), "link_bytes_per_s": (100, 100_000_000),
    "cash_drawer_window_s": (0, 86_400),
}
_FLOAT_KEYS = {"timeout_s": (0.05, 120.0), "status_timeout_s": (0.05, 60.0)}
_STR_KEYS = ("kind", "profile", "host", "device", "cups_queue", "cups_host", "path", "logo", "font_dir")
_BOOL_KEYS = ("cutter", "native_qr", "confirm_with_status")


def printer_settings_from_dict(name: str, data: dict[str, Any]) -> PrinterSettings:
    """Validate one `[printers.NAME]` table; every mistake is an InvalidInput naming the key to fix.

    Unknown keys are refused, since a misspelt `vendor_id` would otherwise silently print nowhere.
    """
    if not isinstance(name, str) or not name or len(name) > 32 or not name.replace("_", "").replace("-", "").isalnum():
        raise InvalidInput("printer.setting_name", name=name)
    if not isinstance(data, dict):
        raise InvalidInput("printer.setting_table", name=name)
    known = set(_INT_KEYS) | set(_FLOAT_KEYS) | set(_STR_KEYS) | set(_BOOL_KEYS)
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidInput("printer.setting_unknown_keys", name=name, value=', '.join(unknown))
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _INT_KEYS:
            low, high = _INT_KEYS[key]
            values[key] = _int(name, key, value, low=low, high=high)
        elif key in _FLOAT_KEYS:
            flow, fhigh = _FLOAT_KEYS[key]
            values[key] = _float(name, key, value, low=flow, high=fhigh)
        elif key in _BOOL_KEYS:
            values[key] = _bool(name, key, value)
        else:
            values[key] = _str(name, key, value)

    kind = values.get("kind")
    if kind is None:
        raise InvalidInput("printer.setting_kind_missing", name=name, value=', '.join(KINDS))
    kind = kind.lower()
    if kind not in KINDS:
        raise InvalidInput("printer.setting_kind", name=name, value=', '.join(KINDS), kind=kind)
    values["kind"] = kind
    if values.get("paper_mm", 80) not in PAPER_WIDTHS_MM and "width_dots" not in values:
        raise InvalidInput("printer.setting_paper", name=name)
    required = {"network": ("host",), "usb": ("vendor_id", "product_id"), "serial": ("device",),
                "cups": ("cups_queue",), "file": ("path",), "dummy": (), "none": ()}[kind]
    missing = [key for key in required if key not in values]
    if missing:
        raise InvalidInput("printer.setting_missing_keys", name=name, kind=kind, value=', '.join(missing))
    if kind == "network":
        host, port = split_host_port(values["host"])
        if port is not None and "port" not in values:  # "192.168.1.50:9100" typed as the host
            values["port"] = _int(name, "port", port, low=1, high=65535)
        elif port is not None:
            host = values["host"]  # a port twice: the host as typed, refused below
        if not is_host(host):
            shown = host if len(host) <= 40 else host[:40] + "…"
            raise InvalidInput("printer.setting_host", name=name, value=shown)
        values["host"] = host
    if values.get("cash_drawer_pin", 2) not in (2, 5):
        raise InvalidInput("printer.setting_drawer_pin", name=name)
    return PrinterSettings(name=name, **values)


__all__ = ["COLUMNS_FOR_PAPER", "DEFAULT_LINK_BYTES_PER_S", "DOTS_FOR_PAPER", "KINDS", "MAX_CONFIRM_WAIT_S",
           "PrinterSettings", "printer_settings_from_dict"]
