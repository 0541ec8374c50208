"""Opening a configured printer: python-escpos imported tamely, capability profiles, and byte transports."""

from __future__ import annotations

import errno
import logging
import os
import socket
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

from kiosk.adapters.printing.layout import PrintProfile
from kiosk.adapters.printing.settings import DOTS_FOR_PAPER, PrinterSettings
from kiosk.domain.errors import InvalidInput
from kiosk.services.ports.printing import PrinterError, PrinterUnavailable

log = logging.getLogger(__name__)

_escpos: SimpleNamespace | None = None
_escpos_lock = threading.Lock()

# Jobs are written in pieces, each with the connection's own timeout: the timeout then means "the printer took
# nothing for timeout_s", not "the whole receipt must arrive within timeout_s" (a raster receipt on a slow link
# or a busy USB printer takes far longer than that, and was cut off mid-way).
WRITE_CHUNK_BYTES = 1024

# What a failed connection means to the person at the till, by the exception (or errno) beneath the driver's.
_REASON_BY_ERRNO = {
    errno.ECONNREFUSED: "not_answering", errno.ETIMEDOUT: "not_answering", errno.EHOSTUNREACH: "not_answering",
    errno.ENETUNREACH: "not_answering", errno.EHOSTDOWN: "not_answering", errno.ENETDOWN: "not_answering",
    errno.ECONNRESET: "connection_lost", errno.EPIPE: "connection_lost", errno.ECONNABORTED: "connection_lost",
    errno.ENOENT: "not_found", errno.ENODEV: "not_found", errno.ENXIO: "not_found",
    errno.EACCES: "no_permission", errno.EPERM: "no_permission", errno.EBUSY: "in_use",
}
# When nothing beneath says more: what failing to open each kind of printer most likely means.
_OPEN_REASON = {"network": "not_answering", "usb": "not_found", "serial": "not_answering", "file": "not_found",
                "cups": "not_set_up", "dummy": "not_answering"}


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and the exceptions it was raised from or during (python-escpos wraps the OSError that says why)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def problem_reason(exc: BaseException, default: str) -> str:
    """A PRINTER_PROBLEMS reason for a transport failure: the errno or exception type beneath, else `default`."""
    for item in _chain(exc):
        if isinstance(item, socket.gaierror):
            return "unknown_address"
        if isinstance(item, TimeoutError):
            return "not_answering"
        code = getattr(item, "errno", None)
        if isinstance(code, int) and code in _REASON_BY_ERRNO:
            return _REASON_BY_ERRNO[code]
    return default


def technical_detail(exc: BaseException) -> str:
    """Every layer of the failure on one line, for the log (never for the cashier)."""
    return " <- ".join(f"{type(item).__name__}: {' '.join(str(item).split())}" for item in _chain(exc))


# The package each kind needs; its refusal is the catalogue's "printer.driver_missing_<kind>".
_MISSING_PACKAGE = {"usb": "pyusb", "serial": "pyserial", "cups": "pycups"}


def load_escpos() -> SimpleNamespace:
    """Import python-escpos once, without its import-time side effects.

    Its capabilities module calls logging.basicConfig() (a root handler that would double every log line of
    the app) and pickles its printer database into a fresh temp dir on every start unless
    ESCPOS_CAPABILITIES_PICKLE_DIR is set: point that at our cache dir first and remove the handler after.
    """
    global _escpos
    with _escpos_lock:
        if _escpos is not None:
            return _escpos
        pickle_dir = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
        if not pickle_dir:
            import platformdirs

            pickle_dir = str(Path(platformdirs.user_cache_dir("loyalty-kiosk")) / "escpos")
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = pickle_dir
        os.makedirs(pickle_dir, exist_ok=True)  # escpos opens the pickle for writing without creating the dir
        root = logging.getLogger()
        handlers_before = list(root.handlers)
        try:
            import escpos.capabilities
            import escpos.constants
            import escpos.exceptions
            import escpos.printer
        finally:
            for handler in list(root.handlers):
                if handler not in handlers_before:
                    root.removeHandler(handler)
        _escpos = SimpleNamespace(
            capabilities=escpos.capabilities, constants=escpos.constants, exceptions=escpos.exceptions,
            printer=escpos.printer,
        )
        return _escpos


def escpos_profile_names() -> list[str]:
    return sorted(load_escpos().capabilities.CAPABILITIES["profiles"])


def resolve_profile(settings: PrinterSettings) -> PrintProfile:
    """The layout profile: explicit settings first, then the python-escpos profile, then the paper width.

    The width is the narrower of what the printer model can print and what the paper is, so a 58 mm roll in
    an 80 mm printer (or a 384-dot model configured with the default 80 mm) never loses its right edge.
    """
    escpos = load_escpos()
    if settings.profile not in escpos.capabilities.CAPABILITIES["profiles"]:
        raise InvalidInput("printer.setting_profile", name=settings.name, profile=settings.profile,
                           value=', '.join(escpos_profile_names()[:12]))
    profile = escpos.capabilities.get_profile(settings.profile)
    pixels = profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    paper_dots = DOTS_FOR_PAPER.get(settings.paper_mm, 576)
    if settings.width_dots is not None:
        width = settings.width_dots
    elif isinstance(pixels, int) and pixels >= 200:
        width = min(pixels, paper_dots)
    else:
        width = paper_dots
    columns = settings.columns or width // 12  # Font A is 12 dots wide on every profile we know
    has_font_b = "1" in profile.profile_data.get("fonts", {})
    features = profile.profile_data.get("features", {})
    cutter: Literal["partial", "full", "none"]
    if settings.cutter is False:
        cutter = "none"
    elif features.get("paperPartCut"):
        cutter = "partial"
    elif features.get("paperFullCut") or settings.cutter:
        cutter = "full"
    else:
        cutter = "none"
    native_qr = settings.native_qr if settings.native_qr is not None else bool(features.get("qrCode"))
    return PrintProfile(
        name=settings.profile, width_dots=width, columns=columns, columns_small=width // 9 if has_font_b else columns,
        cutter=cutter, native_qr=native_qr, drawer_pin=settings.cash_drawer_pin,
    )


class Transport:
    """Bytes to and from one printer connection; each escpos transport only differs in open/_raw/read/close."""

    can_read = False
    # CUPS spools the job and hands it over only in finish(): until then nothing can reach the paper.
    holds_job_until_finish = False

    def __init__(self, settings: PrinterSettings) -> None:
        self.settings = settings
        self.description = settings.describe()

    def open(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def finish(self) -> None:
        """Hand the job over where the transport batches it (CUPS submits on finish)."""

    def read(self, size: int, timeout_s: float) -> bytes:
        return b""

    def discard_input(self) -> None: ...

    def close(self) -> None: ...

    def _unavailable(self, default_reason: str, exc: BaseException | None, *, doing: str) -> PrinterUnavailable:
        """The cashier's one line for a failed connection; the technical detail goes to the log only."""
        reason = default_reason if exc is None else problem_reason(exc, default_reason)
        log.warning("printer %s (%s): %s failed (%s): %s", self.settings.name, self.description, doing, reason,
                    "closed by the printer" if exc is None else technical_detail(exc))
        return PrinterUnavailable.because(reason, printer=self.settings.name, where=self.settings.where())


class _EscposTransport(Transport):
    """Writes through a python-escpos printer object; subclasses add status reading."""

    def __init__(self, settings: PrinterSettings, device: Any) -> None:
        super().__init__(settings)
        self.device = device

    def open(self) -> None:
        try:
            self.device.open()
        except (OSError, load_escpos().exceptions.Error, AssertionError) as exc:
            raise self._unavailable(_OPEN_REASON.get(self.settings.kind, "not_answering"), exc,
                                    doing="connecting") from None

    def write(self, data: bytes) -> None:
        try:
            for start in range(0, len(data), WRITE_CHUNK_BYTES):
                self.device._raw(data[start:start + WRITE_CHUNK_BYTES])
        except Exception as exc:  # socket, USB, serial and file errors all mean the same to the cashier
            raise self._unavailable("connection_lost", exc, doing="sending") from None

    def close(self) -> None:
        try:
            self.device.close()
        except Exception:  # closing a dead connection must not hide the error that killed it
            log.debug("closing %s failed", self.description, exc_info=True)


class NetworkTransport(_EscposTransport):
    can_read = True

    def __init__(self, settings: PrinterSettings) -> None:
        escpos = load_escpos()
        super().__init__(settings, escpos.printer.Network(
            host=settings.host or "", port=settings.port, timeout=settings.timeout_s, profile=settings.profile))

    def _socket(self) -> socket.socket:
        return self.device.device

    def read(self, size: int, timeout_s: float) -> bytes:
        sock = self._socket()
        sock.settimeout(timeout_s)
        try:
            data = sock.recv(size)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise self._unavailable("connection_lost", exc, doing="reading its status") from None
        finally:
            sock.settimeout(self.settings.timeout_s)
        if not data:  # the printer closed the connection: no answer will ever come on it
            raise self._unavailable("connection_lost", None, doing="reading its status")
        return data

    def discard_input(self) -> None:
        sock = self._socket()
        sock.setblocking(False)
        try:
            while sock.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as exc:
            raise self._unavailable("connection_lost", exc, doing="reading its status") from None
        finally:
            sock.settimeout(self.settings.timeout_s)


class UsbTransport(_EscposTransport):
    can_read = True

    def __init__(self, settings: PrinterSettings) -> None:
        escpos = load_escpos()
        kwargs: dict[str, Any] = {"timeout": int(settings.timeout_s * 1000), "profile": settings.profile}
        if settings.usb_in_ep is not None:
            kwargs["in_ep"] = settings.usb_in_ep
        if settings.usb_out_ep is not None:
            kwargs["out_ep"] = settings.usb_out_ep
        super().__init__(settings, escpos.printer.Usb(settings.vendor_id, settings.product_id, **kwargs))

    def read(self, size: int, timeout_s: float) -> bytes:
        import usb.core

        try:
            return bytes(self.device.device.read(self.device.in_ep, size, int(timeout_s * 1000)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise self._unavailable("connection_lost", exc, doing="reading its status") from None

    def discard_input(self) -> None:
        while self.read(64, 0.01):
            pass


class SerialTransport(_EscposTransport):
    can_read = True

    def __init__(self, settings: PrinterSettings) -> None:
        escpos = load_escpos()
        super().__init__(settings, escpos.printer.Serial(
            devfile=settings.device or "", baudrate=settings.baudrate, timeout=settings.timeout_s,
            profile=settings.profile))

    def read(self, size: int, timeout_s: float) -> bytes:
        port = self.device.device
        port.timeout = timeout_s
        try:
            return bytes(port.read(size))
        except Exception as exc:  # pyserial's SerialException
            raise self._unavailable("connection_lost", exc, doing="reading its status") from None
        finally:
            port.timeout = self.settings.timeout_s

    def discard_input(self) -> None:
        self.device.device.reset_input_buffer()


class CupsTransport(_EscposTransport):
    holds_job_until_finish = True

    def __init__(self, settings: PrinterSettings) -> None:
        escpos = load_escpos()
        kwargs: dict[str, Any] = {"profile": settings.profile}
        if settings.cups_host:
            kwargs["host"] = settings.cups_host
        super().__init__(settings, escpos.printer.CupsPrinter(settings.cups_queue or "", **kwargs))

    def finish(self) -> None:
        try:
            self.device.send()
        except Exception as exc:  # cups.IPPError
            raise self._unavailable("job_refused", exc, doing="handing the job to CUPS") from None


class FileTransport(_EscposTransport):
    def __init__(self, settings: PrinterSettings) -> None:
        escpos = load_escpos()
        super().__init__(settings, escpos.printer.File(devfile=settings.path or "", profile=settings.profile))


class DummyDevice:
    """An in-memory printer (kind = "dummy"): keeps every job's bytes and answers status like a real one.

    `state` is one of ok, offline, paper_out, paper_near_end, cover_open, stalled (never answers).
    """

    ANSWERS = {
        "ok": (0x12, 0x12, 0x12, 0x12),
        "paper_near_end": (0x12, 0x12, 0x12, 0x1E),
        "offline": (0x1A, 0x12, 0x12, 0x12),
        "paper_out": (0x1A, 0x32, 0x12, 0x7E),
        "cover_open": (0x1A, 0x16, 0x12, 0x12),
    }

    def __init__(self, state: str = "ok") -> None:
        self.state = state
        self.jobs: list[bytes] = []
        self._lock = threading.Lock()

    @property
    def output(self) -> bytes:
        return b"".join(self.jobs)


class DummyTransport(Transport):
    can_read = True

    def __init__(self, settings: PrinterSettings, device: DummyDevice) -> None:
        super().__init__(settings)
        self.dummy = device
        self._buffer = bytearray()
        self._answers = bytearray()

    def open(self) -> None:
        if self.dummy.state == "unreachable":
            raise PrinterUnavailable.because("not_answering", printer=self.settings.name)

    def write(self, data: bytes) -> None:
        from kiosk.adapters.printing.status import DLE_EOT

        if data.startswith(DLE_EOT) and len(data) == 3:
            if self.dummy.state in DummyDevice.ANSWERS:
                self._answers.append(DummyDevice.ANSWERS[self.dummy.state][data[2] - 1])
            return
        self._buffer += data

    def read(self, size: int, timeout_s: float) -> bytes:
        if not self._answers:
            time.sleep(min(timeout_s, 0.01))
            return b""
        out = bytes(self._answers[:size])
        del self._answers[:size]
        return out

    def discard_input(self) -> None:
        self._answers.clear()

    def finish(self) -> None:
        if self._buffer:
            with self.dummy._lock:
                self.dummy.jobs.append(bytes(self._buffer))
            self._buffer.clear()


def open_transport(settings: PrinterSettings, *, dummy: DummyDevice | None = None) -> Transport:
    """A transport for `settings` (not yet opened); a missing optional driver is a PrinterError naming it."""
    if settings.kind == "dummy":
        return DummyTransport(settings, dummy or DummyDevice())
    if settings.kind == "none":  # set-up's "No printer yet": the job waits for one
        raise PrinterUnavailable.because("no_printer", printer=settings.name, where=settings.where())
    escpos = load_escpos()
    if settings.kind in _MISSING_PACKAGE:
        module = {"usb": escpos.printer.Usb, "serial": escpos.printer.Serial, "cups": escpos.printer.CupsPrinter}
        if not module[settings.kind].is_usable():
            raise PrinterError(f"printer.driver_missing_{settings.kind}", name=settings.name, reason="driver_missing",
                               printer=settings.name, package=_MISSING_PACKAGE[settings.kind])
    transport_class = {"network": NetworkTransport, "usb": UsbTransport, "serial": SerialTransport,
                       "cups": CupsTransport, "file": FileTransport}[settings.kind]
    try:
        return transport_class(settings)
    except PrinterError:
        raise
    except Exception as exc:
        log.warning("printer %s (%s) cannot be set up: %s", settings.name, settings.describe(), technical_detail(exc))
        raise PrinterError.because("not_set_up", printer=settings.name, where=settings.where()) from None


__all__ = [
    "DummyDevice", "DummyTransport", "Transport", "escpos_profile_names", "load_escpos", "open_transport",
    "problem_reason", "resolve_profile", "technical_detail",
]
