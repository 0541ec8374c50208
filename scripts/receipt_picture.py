"""A receipt as it comes out of the printer, drawn from its ESC/POS bytes: docs/img/receipt-80mm.png is this
picture of tests/golden/receipt_80mm.bin, so it shows the layout the tests hold. Run again after the golden
receipt changes:

    PYTHONPATH=. .venv/bin/python scripts/receipt_picture.py [BIN [PNG]]

The bytes are read back with tests/support/escpos_reader.py. Raster images (Thai lines, the logo, the stamp card
and the tier bar) are stacked as printed; the ASCII lines the printer draws in its own font are drawn in a
monospace font in Font A's 12x24 dot cells (Font B's 9x17 for small print); a native QR code as its modules.
"""

from __future__ import annotations

import sys
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from tests.support import escpos_reader

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "receipt_80mm.bin"
PICTURE = ROOT / "docs" / "img" / "receipt-80mm.png"
PAPER_DOTS = 576  # 80 mm paper's printable width at 203 dpi
MARGIN = 32  # the paper beyond the printable width, each side
TABLE = 16  # the grey around the paper
LINE_GAP = 6  # the printer's default line spacing is the character's height plus this
# (cell width, cell height) in dots, and how much a size scales them across and down
CELLS = {"normal": (12, 24), "small": (9, 17)}
SCALE = {"normal": (1, 1), "small": (1, 1), "tall": (1, 2), "wide": (2, 1), "double": (2, 2)}
MONO_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono{}.ttf",
              "/usr/share/fonts/dejavu/DejaVuSansMono{}.ttf")


def _font(cell_height: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for pattern in MONO_FONTS:
        path = Path(pattern.format("-Bold" if bold else ""))
        if path.exists():
            return ImageFont.truetype(str(path), round(cell_height * 0.8))  # 0.6 em across: a 12x24 cell at 20 px
    return ImageFont.load_default()


def _x(width: int, align: str) -> int:
    return {"center": (PAPER_DOTS - width) // 2, "right": PAPER_DOTS - width}.get(align, 0)


def _text_line(line: escpos_reader.Line) -> tuple[Image.Image | None, int]:
    """The line's ink (None for an empty line) and the height it takes on the paper."""
    cell = CELLS["small" if line.size == "small" else "normal"]
    across, down = SCALE.get(line.size, (1, 1))
    height = cell[1] * down + LINE_GAP
    if not line.text.strip():
        return None, height
    ink = Image.new("L", (cell[0] * len(line.text), cell[1]), 255)
    draw = ImageDraw.Draw(ink)
    font = _font(cell[1], line.bold)
    for column, char in enumerate(line.text):  # one cell a character, as the printer's font is set
        draw.text((column * cell[0], 0), char, font=font, fill=0)
    if line.invert:
        ink = Image.eval(ink, lambda value: 255 - value)
    return ink.resize((ink.width * across, ink.height * down), Image.Resampling.NEAREST), height


def _qr(item: escpos_reader.NativeQr) -> Image.Image:
    code = qrcode.QRCode(box_size=item.module, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(item.payload)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("L")


def picture(data: bytes) -> Image.Image:
    """The printout of `data` on a strip of paper."""
    printout = escpos_reader.read(data)
    rows: list[tuple[Image.Image | None, int, int]] = []  # (ink, x, height)
    for item in printout.items:
        if isinstance(item, escpos_reader.Raster):
            image = item.image.convert("L")
            rows.append((image, _x(image.width, item.align), image.height))
        elif isinstance(item, escpos_reader.NativeQr):
            image = _qr(item)
            rows.append((image, _x(image.width, item.align), image.height))
        elif isinstance(item, escpos_reader.Line):
            ink, height = _text_line(item)
            rows.append((ink, _x(ink.width, item.align) if ink is not None else 0, height))
    height = sum(row[2] for row in rows) + 2 * MARGIN
    paper = Image.new("L", (PAPER_DOTS + 2 * MARGIN, height), 255)
    y = MARGIN
    for ink, x, row_height in rows:
        if ink is not None:
            paper.paste(ink, (MARGIN + x, y))
        y += row_height
    if printout.cuts:  # where the cutter cuts
        draw = ImageDraw.Draw(paper)
        for x in range(0, paper.width, 16):
            draw.line([(x, height - 4), (x + 8, height - 4)], fill=128, width=2)
    table = Image.new("L", (paper.width + 2 * TABLE, paper.height + 2 * TABLE), 216)  # the paper on a grey table
    table.paste(paper, (TABLE, TABLE))
    return table


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else GOLDEN
    target = Path(argv[1]) if len(argv) > 1 else PICTURE
    image = picture(source.read_bytes())
    image.save(target, optimize=True)
    print(f"{target}: {image.width}x{image.height} from {source}")


if __name__ == "__main__":
    main(sys.argv[1:])
