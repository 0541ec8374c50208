"""A small ESC/POS reader for tests: bytes back into what the customer reads (text lines, images, QR codes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A
# ESC commands with a fixed number of parameter bytes after the command letter.
_ESC_ARGS = {ord("@"): 0, ord("!"): 1, ord("E"): 1, ord("G"): 1, ord("a"): 1, ord("t"): 1, ord("M"): 1,
             ord("-"): 1, ord("{"): 1, ord("d"): 1, ord("J"): 1, ord("2"): 0, ord("3"): 1, ord("p"): 3,
             ord("R"): 1, ord("V"): 1, ord("c"): 2}
_GS_ARGS = {ord("!"): 1, ord("B"): 1, ord("b"): 1, ord("h"): 1, ord("w"): 1, ord("H"): 1, ord("f"): 1,
            ord("L"): 2, ord("W"): 2}


class Incomplete(Exception):
    """The buffer ends inside a command; wait for more bytes."""


@dataclass(frozen=True)
class Command:
    name: str
    raw: bytes
    args: tuple[Any, ...] = ()


def _need(buf: bytes, pos: int, count: int) -> None:
    if pos + count > len(buf):
        raise Incomplete


def next_command(buf: bytes, pos: int) -> tuple[Command, int]:
    """The command starting at `pos` and the position after it; raises Incomplete at a partial command."""
    _need(buf, pos, 1)
    b = buf[pos]
    if b == ESC:
        _need(buf, pos, 2)
        letter = buf[pos + 1]
        count = _ESC_ARGS.get(letter, 0)
        _need(buf, pos, 2 + count)
        args = tuple(buf[pos + 2:pos + 2 + count])
        return Command(f"ESC {chr(letter)}", buf[pos:pos + 2 + count], args), pos + 2 + count
    if b == GS:
        _need(buf, pos, 2)
        letter = buf[pos + 1]
        if letter == ord("v"):  # GS v 0 m xL xH yL yH d1...dk
            _need(buf, pos, 8)
            width_bytes = buf[pos + 4] | buf[pos + 5] << 8
            height = buf[pos + 6] | buf[pos + 7] << 8
            end = pos + 8 + width_bytes * height
            _need(buf, end, 0)
            return Command("raster", buf[pos:end], (width_bytes, height, buf[pos + 8:end])), end
        if letter == ord("("):  # GS ( k / GS ( L pL pH data
            _need(buf, pos, 5)
            length = buf[pos + 3] | buf[pos + 4] << 8
            end = pos + 5 + length
            _need(buf, end, 0)
            return Command(f"GS ( {chr(buf[pos + 2])}", buf[pos:end], (buf[pos + 5:end],)), end
        if letter == ord("V"):  # GS V m, or GS V m n for m in 65/66
            _need(buf, pos, 3)
            m = buf[pos + 2]
            count = 2 if m in (65, 66) else 1
            _need(buf, pos, 2 + count)
            return Command("cut", buf[pos:pos + 2 + count], (m,)), pos + 2 + count
        count = _GS_ARGS.get(letter, 0)
        _need(buf, pos, 2 + count)
        return Command(f"GS {chr(letter)}", buf[pos:pos + 2 + count], tuple(buf[pos + 2:pos + 2 + count])), \
            pos + 2 + count
    if b == DLE:
        _need(buf, pos, 3)
        if buf[pos + 1] == 0x04:
            return Command("status", buf[pos:pos + 3], (buf[pos + 2],)), pos + 3
        return Command("DLE", buf[pos:pos + 2]), pos + 2
    if b == LF:
        return Command("LF", buf[pos:pos + 1]), pos + 1
    end = pos
    while end < len(buf) and buf[end] not in (ESC, GS, DLE, LF):
        end += 1
    return Command("text", buf[pos:end], (buf[pos:end].decode("cp437"),)), end


def commands(data: bytes) -> list[Command]:
    out, pos = [], 0
    while pos < len(data):
        cmd, pos = next_command(data, pos)
        out.append(cmd)
    return out


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    size: str = "normal"  # normal | tall | double | small
    align: str = "left"
    invert: bool = False


@dataclass(frozen=True, eq=False)
class Raster:
    image: Image.Image  # mode "1", black ink = 0
    align: str = "left"  # where ESC a put it across the paper


@dataclass(frozen=True)
class NativeQr:
    payload: str
    module: int
    align: str = "left"


@dataclass
class Printout:
    items: list[Any] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)  # "partial" / "full"
    drawer_kicks: list[int] = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return [item.text for item in self.items if isinstance(item, Line)]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def images(self) -> list[Image.Image]:
        return [item.image for item in self.items if isinstance(item, Raster)]

    @property
    def native_qr(self) -> list[str]:
        return [item.payload for item in self.items if isinstance(item, NativeQr)]

    def line_with(self, needle: str) -> Line:
        matches = [item for item in self.items if isinstance(item, Line) and needle in item.text]
        assert matches, f"no line contains {needle!r}; lines: {self.lines}"
        return matches[0]

    def columns(self, needle: str) -> list[str]:
        """The line containing `needle` split on runs of spaces: ['TOTAL', 'THB 174.50']."""
        return [part.strip() for part in self.line_with(needle).text.split("  ") if part.strip()]

    def decoded_qr(self) -> list[str]:
        """Payloads of every QR code on the paper: native ones as sent, raster ones decoded by zxing-cpp."""
        import numpy as np
        import zxingcpp

        found = list(self.native_qr)
        for image in self.images:
            big = image.convert("L").resize((image.width * 2, image.height * 2), Image.NEAREST)
            padded = Image.new("L", (big.width + 40, big.height + 40), 255)
            padded.paste(big, (20, 20))
            for result in zxingcpp.read_barcodes(np.asarray(padded)):
                if result.format == zxingcpp.BarcodeFormat.QRCode:
                    found.append(result.text)
        return found


def _raster_image(width_bytes: int, height: int, data: bytes) -> Image.Image:
    # ESC/POS 1 bits are black; Pillow's "1" mode packs 1 as white.
    return Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data))


def read(data: bytes) -> Printout:
    """Interpret `data` like a printer would, keeping only what ends up visible on paper."""
    out = Printout()
    bold = invert = False
    size, align, font_b = "normal", "left", False
    pending = ""
    qr_module = 3
    for cmd in commands(data):
        match cmd.name:
            case "text":
                pending += cmd.args[0]
            case "LF":
                shown = "small" if font_b and size == "normal" else size
                out.items.append(Line(pending, bold=bold, size=shown, align=align, invert=invert))
                pending = ""
            case "ESC @":
                bold = invert = font_b = False
                size, align = "normal", "left"
            case "ESC E":
                bold = bool(cmd.args[0] & 1)
            case "ESC !":
                mode = cmd.args[0]
                font_b = bool(mode & 0x01)
                bold = bool(mode & 0x08)
                size = {0x30: "double", 0x10: "tall", 0x20: "wide"}.get(mode & 0x30, "normal")
            case "GS !":
                w, h = (cmd.args[0] >> 4) + 1, (cmd.args[0] & 0x0F) + 1
                size = "double" if w > 1 and h > 1 else "tall" if h > 1 else "wide" if w > 1 else "normal"
            case "ESC M":
                font_b = cmd.args[0] in (1, 49)
            case "ESC a":
                align = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}[cmd.args[0]]
            case "GS B":
                invert = bool(cmd.args[0] & 1)
            case "raster":
                width_bytes, height, payload = cmd.args
                out.items.append(Raster(_raster_image(width_bytes, height, payload), align=align))
            case "GS ( k":
                body: bytes = cmd.args[0]
                fn = body[1] if len(body) > 1 else 0
                if fn == 67:
                    qr_module = body[2]
                elif fn == 80:
                    out.items.append(NativeQr(body[3:].decode("utf-8"), qr_module, align=align))
            case "cut":
                out.cuts.append("partial" if cmd.args[0] in (1, 49, 66) else "full")
            case "ESC p":
                out.drawer_kicks.append(2 if cmd.args[0] in (0, 48) else 5)
            case "status":
                out.status_queries.append(cmd.args[0])
    if pending:
        out.items.append(Line(pending, bold=bold, size=size, align=align, invert=invert))
    return out


def without_status_queries(data: bytes) -> bytes:
    """The print data only: what a network printer received minus our DLE EOT questions."""
    return b"".join(cmd.raw for cmd in commands(data) if cmd.name != "status")


def split_jobs(data: bytes) -> list[bytes]:
    """One chunk per job, each starting at ESC @ (every job we send begins by initialising the printer)."""
    parts: list[bytes] = []
    for cmd in commands(data):
        if cmd.name == "ESC @" or not parts:
            parts.append(b"")
        parts[-1] += cmd.raw
    return [p for p in parts if p]


__all__ = ["Command", "Incomplete", "Line", "NativeQr", "Printout", "Raster", "commands", "next_command", "read",
           "split_jobs", "without_status_queries"]
