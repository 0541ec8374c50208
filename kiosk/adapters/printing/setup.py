"""Receipt printers for first-run set-up (kiosk.services.ports.setup.PrinterSetup): the printer ports this computer
has, a printer table checked as the app will read it, and a test page straight to the printer (no queue yet)."""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.domain.events import Message
from kiosk.services.ports.setup import FoundPrinter

# Where a USB receipt printer appears as a character device (the usblp driver), and where serial ports do. Plain
# /dev/ttyS* are left out: Linux makes 4 to 32 of them whatever is plugged in.
USB_PRINTER_NODES = ("/dev/usb/lp*",)
SERIAL_PORTS = ("/dev/ttyUSB*", "/dev/ttyACM*")
SERIAL_NAMES = "/dev/serial/by-id/*"


class PrinterProbe:
    def __init__(self, *, assets_dir: Path | None = None, usb_nodes: Sequence[str] = USB_PRINTER_NODES,
                 serial_ports: Sequence[str] = SERIAL_PORTS, serial_names: str = SERIAL_NAMES) -> None:
        self.assets_dir = assets_dir
        self.usb_nodes = usb_nodes
        self.serial_ports = serial_ports
        self.serial_names = serial_names

    def found(self) -> list[FoundPrinter]:
        names = {os.path.realpath(link): Path(link).name for link in glob.glob(self.serial_names)}
        usb = [FoundPrinter("file", path) for pattern in self.usb_nodes for path in sorted(glob.glob(pattern))]
        serial = [FoundPrinter("serial", path, names.get(os.path.realpath(path), ""))
                  for pattern in self.serial_ports for path in sorted(glob.glob(pattern))]
        return usb + serial

    def check(self, table: Mapping[str, Any]) -> Message:
        return printer_settings_from_dict("receipt", dict(table)).where()

    def test_page(self, table: Mapping[str, Any]) -> None:
        # escpos, Pillow and the fonts load here, on the button's first press.
        from kiosk.adapters.printing.printer import build_printers

        settings = printer_settings_from_dict("receipt", dict(table))
        build_printers({"receipt": settings}, assets_dir=self.assets_dir)["receipt"].print_test_page()


__all__ = ["PrinterProbe"]
