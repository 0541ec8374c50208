"""Draw the raster images (GS v 0) of an ESC/POS byte stream into one PNG: what a receipt printer would print.

The smoke test uses it to see the Thai lines the frozen app sent to a file printer. Standard library only (it
runs with the system's python3). Usage: python3 escpos_to_png.py RECEIPT.escpos OUT.png; exit 1 when the
stream holds no raster image at all.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

GS_V_0 = b"\x1dv0"


def raster_images(data: bytes) -> list[tuple[int, int, bytes]]:
    """(width in bytes, height in dots, bits) of each GS v 0 image, in order."""
    images, start = [], 0
    while (at := data.find(GS_V_0, start)) >= 0:
        header = data[at + 3:at + 8]
        if len(header) < 5:
            break
        _mode, x_lo, x_hi, y_lo, y_hi = header
        width_bytes, height = x_lo + 256 * x_hi, y_lo + 256 * y_hi
        body = data[at + 8:at + 8 + width_bytes * height]
        if len(body) < width_bytes * height:
            break
        images.append((width_bytes, height, body))
        start = at + 8 + len(body)
    return images


def png(width: int, rows: list[bytes]) -> bytes:
    """An 8-bit grayscale PNG of `rows` (each `width` bytes, 0 black, 255 white)."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def main(argv: list[str]) -> int:
    source, target = Path(argv[1]), Path(argv[2])
    images = raster_images(source.read_bytes())
    if not images:
        print(f"{source}: no raster image (GS v 0): Thai text was not drawn as images", file=sys.stderr)
        return 1
    width = max(w for w, _, _ in images) * 8
    rows: list[bytes] = []
    ink = 0
    for width_bytes, height, bits in images:
        for y in range(height):
            line = bits[y * width_bytes:(y + 1) * width_bytes]
            row = bytearray(b"\xff" * width)
            for x in range(width_bytes * 8):
                if line[x >> 3] & (0x80 >> (x & 7)):
                    row[x] = 0
                    ink += 1
            rows.append(bytes(row))
        rows.extend([b"\xff" * width] * 6)  # a gap between images, where the printer's own text lines go
    target.write_bytes(png(width, rows))
    print(f"{len(images)} raster images, {width}x{len(rows)} dots, {ink} inked, drawn to {target}")
    return 0 if ink else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
