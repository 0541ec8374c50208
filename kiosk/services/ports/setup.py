"""What first-run set-up needs from outside: the shop's settings file, the OS keyring and the printers it can see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.domain.events import Message


class SettingsFile(Protocol):
    """The data folder's own config.toml, which set-up writes once, whole, at the end."""

    @property
    def location(self) -> str:
        """Where it is, for the screen to say."""
        ...

    def current(self) -> dict[str, Any]:
        """What the file holds now ({} when there is none yet)."""
        ...

    def check(self, overrides: Mapping[str, Any]) -> None:
        """Raise InvalidInput unless the settings, with `overrides` as this file, would load."""
        ...

    def snapshot(self) -> bytes | None:
        """The file's bytes now (None: no file), for restore()."""
        ...

    def write(self, overrides: Mapping[str, Any]) -> None:
        """Replace the file with `overrides`, atomically: a crash leaves the old file or the new one."""
        ...

    def restore(self, snapshot: bytes | None) -> None:
        """Put back what snapshot() saw (None: remove the file)."""
        ...


class SecretStore(Protocol):
    """The OS keyring (or a fake in tests): where the Stripe key lives, never in a file."""

    def available(self) -> bool:
        """Whether secrets can be stored on this machine (a desktop keyring is running)."""
        ...

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None:
        """Store `value`; StorageError when the keyring refuses."""
        ...

    def delete(self, name: str) -> None:
        """Remove `name` if it is there."""
        ...


@dataclass(frozen=True)
class FoundPrinter:
    """A printer port this computer has: a USB printer's device node or a serial port."""

    kind: str  # "file" (a /dev/usb/lp* node written to directly) or "serial"
    address: str  # the device path
    detail: str = ""  # what the system calls it (/dev/serial/by-id's name), when it says


class PrinterSetup(Protocol):
    """Finds, checks and tries a receipt printer before the shop exists (no print queue: straight to it)."""

    def found(self) -> list[FoundPrinter]:
        """The printer ports worth offering, found cheaply (no network scan)."""
        ...

    def check(self, table: Mapping[str, Any]) -> Message:
        """Raise InvalidInput unless `table` is a valid [printers.receipt] table; else where it prints (the
        printer's where(), said in the screen's language)."""
        ...

    def test_page(self, table: Mapping[str, Any]) -> None:
        """Print the test page on it now; a PrinterError says why not."""
        ...


__all__ = ["FoundPrinter", "PrinterSetup", "SecretStore", "SettingsFile"]
