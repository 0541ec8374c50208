"""Layout ops turned into ESC/POS bytes through python-escpos's Dummy printer, identical for every transport."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageOps

from kiosk.adapters.printing.devices import load_escpos
from kiosk.adapters.printing.layout import (
    Cut,
    Feed,
    ImageLine,
    KickDrawer,
    Op,
    PrintProfile,
    QrCode,
    TextLine,
    qr_canvas,
)

GS = b"\x1d"
# Rows per GS v 0 block: small enough for the receive buffers of cheap 58 mm printers.
RASTER_ROWS_PER_BLOCK = 512
_INVERT = bytes(b ^ 0xFF for b in range(256))
_DEFAULTS: dict[str, Any] = {"align": "left", "bold": False, "size": "normal", "invert": False}


def raster_bytes(image: Image.Image) -> bytes:
    """GS v 0 (raster bit image, normal density) for a 1-bit image; 1 bits are black dots."""
    image = image.convert("1")
    ink = ImageOps.invert(image.convert("L")).getbbox()
    if ink is not None and ink[2] < image.width:
        # Blank paper right of the last black dot need not be sent: a third fewer bytes on Thai receipts.
        image = image.crop((0, 0, ink[2], image.height))
    width = (image.width + 7) // 8 * 8
    if width != image.width:
        padded = Image.new("1", (width, image.height), 1)
        padded.paste(image, (0, 0))
        image = padded
    packed = image.tobytes()  # Pillow packs 1 = white; the printer wants 1 = black
    inverted = packed.translate(_INVERT)
    row_bytes = width // 8
    out = bytearray()
    for top in range(0, image.height, RASTER_ROWS_PER_BLOCK):
        rows = min(RASTER_ROWS_PER_BLOCK, image.height - top)
        out += GS + b"v0\x00" + row_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")
        out += inverted[top * row_bytes:(top + rows) * row_bytes]
    return bytes(out)


class _State:
    """Tracks what the printer is set to so each line sends only the settings that change."""

    def __init__(self, printer: Any, small_font_ok: bool) -> None:
        self.printer = printer
        self.small_font_ok = small_font_ok
        self.current = dict(_DEFAULTS)

    def apply(self, *, align: str = "left", bold: bool = False, size: str = "normal", invert: bool = False) -> None:
        wanted = {"align": align, "bold": bold, "size": size, "invert": invert}
        changes: dict[str, Any] = {}
        if wanted["align"] != self.current["align"]:
            changes["align"] = align
        if wanted["bold"] != self.current["bold"]:
            changes["bold"] = bold
        if wanted["invert"] != self.current["invert"]:
            changes["invert"] = invert
        if wanted["size"] != self.current["size"]:
            old, new = self.current["size"], size
            if new == "small" and self.small_font_ok:
                changes["font"] = "b"
            elif old == "small" and self.small_font_ok:
                changes["font"] = "a"
            if new == "double":
                changes.update(double_width=True, double_height=True)
            elif new == "tall":
                changes["double_height"] = True
            elif old in ("double", "tall"):
                changes["normal_textsize"] = True
        if changes:
            self.printer.set(**changes)
            self.current = wanted


def render_bytes(ops: Sequence[Op], profile: PrintProfile, *, escpos_profile: str = "default") -> bytes:
    """The exact bytes for `ops`: initialise, then each line; the golden files pin this output."""
    escpos = load_escpos()
    printer = escpos.printer.Dummy(profile=escpos_profile)
    try:
        printer.profile.get_font("b")
        small_font_ok = True
    except escpos.capabilities.NotSupported:
        small_font_ok = False
    state = _State(printer, small_font_ok)
    printer.hw("INIT")
    for op in ops:
        match op:
            case TextLine():
                state.apply(align=op.align, bold=op.bold, size=op.size, invert=op.invert)
                printer.textln(op.text)
            case ImageLine():
                state.apply()
                printer._raw(raster_bytes(op.image))
            case QrCode() if op.native:
                state.apply(align="center")
                printer.qr(op.payload, native=True, size=op.module_dots, ec=escpos.constants.QR_ECLEVEL_M)
                printer.ln()
            case QrCode():
                state.apply()
                printer._raw(raster_bytes(qr_canvas(op.payload, op.module_dots, profile.width_dots)))
            case Feed():
                printer.print_and_feed(op.lines)
            case Cut():
                printer._raw(escpos.constants.PAPER_PART_CUT if op.partial else escpos.constants.PAPER_FULL_CUT)
            case KickDrawer():
                printer.cashdraw(op.pin)
    state.apply()
    return bytes(printer.output)


__all__ = ["RASTER_ROWS_PER_BLOCK", "raster_bytes", "render_bytes"]
