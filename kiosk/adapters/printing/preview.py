"""A picture of the paper a document prints as, for the "show receipt" screen, the README and our own eyes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.adapters.printing.layout import (
    Cut,
    DocumentLayout,
    Feed,
    ImageLine,
    KickDrawer,
    Op,
    PrintProfile,
    QrCode,
    TextLine,
    qr_canvas,
)
from kiosk.adapters.printing.thai import TextRenderer
from kiosk.domain.documents import Document

MARGIN = 24  # grey around the paper so its edges show
_MONO = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf"),
)


@lru_cache(maxsize=8)
def _mono(cell_w: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospace face sized so one character is `cell_w` dots wide, like the printer's own font."""
    for regular, heavy in _MONO:
        path = heavy if bold else regular
        if Path(path).is_file():
            size = 10
            font = ImageFont.truetype(path, size)
            while font.getlength("M") < cell_w and size < 80:
                size += 1
                font = ImageFont.truetype(path, size)
            return ImageFont.truetype(path, size - 1)
    return ImageFont.load_default(cell_w * 2)


def _text_block(op: TextLine, profile: PrintProfile) -> Image.Image:
    width = profile.width_dots
    small = op.size == "small"
    cols = profile.columns_small if small else profile.columns
    cell_w = width // max(cols, 1)
    cell_h = 17 if small else 24
    scale_x = 2 if op.size == "double" else 1
    scale_y = 2 if op.size in ("double", "tall") else 1
    font = _mono(cell_w, op.bold)
    text_w = int(len(op.text) * cell_w)
    line = Image.new("L", (max(text_w, 1), cell_h), 255)
    ImageDraw.Draw(line).text((0, cell_h - 4), op.text, font=font, fill=0, anchor="ls")
    if op.invert:
        line = Image.eval(line, lambda v: 255 - v)
    line = line.resize((max(1, text_w * scale_x), cell_h * scale_y))
    block = Image.new("L", (width, cell_h * scale_y + 6), 255)
    x = {"left": 0, "center": (width - line.width) // 2, "right": width - line.width}[op.align]
    block.paste(line, (max(0, x), 3))
    return block


def preview_ops(ops: Sequence[Op], profile: PrintProfile) -> Image.Image:
    """Draw `ops` as the paper would look: printer-font text, images as sent, QR as the printer draws it."""
    width = profile.width_dots
    blocks: list[Image.Image] = []
    for op in ops:
        match op:
            case TextLine():
                blocks.append(_text_block(op, profile))
            case ImageLine():
                blocks.append(op.image.convert("L"))
            case QrCode():
                blocks.append(qr_canvas(op.payload, op.module_dots, width).convert("L"))
            case Feed():
                blocks.append(Image.new("L", (width, 24 * op.lines), 255))
            case Cut():
                cut = Image.new("L", (width, 14), 255)
                draw = ImageDraw.Draw(cut)
                for x in range(0, width, 12):
                    draw.line((x, 7, x + 6, 7), fill=150, width=2)
                blocks.append(cut)
            case KickDrawer():
                pass  # opens the drawer; nothing on paper
    height = sum(b.height for b in blocks) + 2 * 16
    paper = Image.new("L", (width + 2 * 16, height), 255)
    y = 16
    for block in blocks:
        paper.paste(block, (16, y))
        y += block.height
    sheet = Image.new("RGB", (paper.width + 2 * MARGIN, paper.height + 2 * MARGIN), (214, 214, 210))
    sheet.paste(paper.convert("RGB"), (MARGIN, MARGIN))
    return sheet


def render_preview(doc: Document, width_dots: int = 576, *, renderer: TextRenderer | None = None,
                   profile: PrintProfile | None = None) -> Image.Image:
    """The document as printed on paper `width_dots` wide (384 = 58 mm, 576 = 80 mm)."""
    profile = profile or PrintProfile(name="preview", width_dots=width_dots, columns=width_dots // 12,
                                      columns_small=width_dots // 9)
    return preview_ops(DocumentLayout(profile, renderer=renderer).layout(doc), profile)


__all__ = ["preview_ops", "render_preview"]
