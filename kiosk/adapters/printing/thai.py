"""Thai and other non-ASCII text drawn as 1-bit images with Pillow's Raqm layout, plus font discovery."""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from kiosk.domain.errors import KioskError

log = logging.getLogger(__name__)

ASSET_FONTS = Path(__file__).resolve().parents[3] / "assets" / "fonts"
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)
SYMBOL_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
# Pixel sizes at 203 dpi; NORMAL matches the height of the printer's own 12x24 Font A.
SIZE_SMALL, SIZE_NORMAL, SIZE_LARGE = 22, 26, 44
# Anti-aliased grey at or above this is paper; a little below mid-grey keeps thin Thai strokes printable.
INK_THRESHOLD = 160
_INK_TABLE = [255 if v >= INK_THRESHOLD else 0 for v in range(256)]


class FontNotFound(KioskError):
    code = "font_missing"


@dataclass(frozen=True)
class FontSet:
    thai_regular: Path
    thai_bold: Path
    latin_regular: Path
    latin_bold: Path
    symbols: Path | None = None  # last resort for arrows, boxes and other signs the two faces lack


def _first(names: Sequence[str], dirs: Iterable[Path]) -> Path | None:
    for directory in dirs:
        for name in names:
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


def find_fonts(extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> FontSet:
    """The shipped Noto fonts in assets/fonts first (identical receipts on every till), then the system's.

    Raises FontNotFound naming the Debian package when no Thai face is installed anywhere.
    """
    dirs = [Path(d) for d in extra_dirs] + [ASSET_FONTS, *SYSTEM_FONT_DIRS]
    thai_regular = _first(("NotoSansThai-Regular.ttf", "NotoSansThaiUI-Regular.ttf", "Loma.ttf"), dirs)
    if thai_regular is None:
        raise FontNotFound("printer.font_missing")
    thai_bold = _first(("NotoSansThai-Bold.ttf", "NotoSansThaiUI-Bold.ttf", "Loma-Bold.ttf"), dirs) or thai_regular
    latin_regular = _first(("NotoSans-Regular.ttf", "DejaVuSans.ttf"),
                           [*dirs, Path("/usr/share/fonts/truetype/dejavu")])
    latin_regular = latin_regular or thai_regular
    latin_bold = _first(("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"), [*dirs, Path("/usr/share/fonts/truetype/dejavu")])
    symbols = next((p for p in SYMBOL_FONT_CANDIDATES if p.is_file()), None)
    return FontSet(thai_regular, thai_bold, latin_regular, latin_bold or latin_regular, symbols)


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def clusters(text: str) -> list[str]:
    """Split into units that must stay together on a line: a Thai base with its vowels and tone marks."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch) in ("Mn", "Mc") or out[-1][-1] in "\u0e40\u0e41\u0e42\u0e43\u0e44"):
            # Marks belong to the previous letter; leading vowels เ แ โ ใ ไ belong to the next one.
            out[-1] += ch
        else:
            out.append(ch)
    return out


class TextRenderer:
    """Draws mixed Thai/Latin lines: Thai runs in the Thai face (Raqm shapes marks), the rest in the Latin face."""

    def __init__(self, fonts: FontSet | None = None) -> None:
        if not features.check("raqm"):
            # Without Raqm, Pillow's basic layout stacks Thai tone marks on top of vowels: the text misreads.
            log.warning("Pillow has no Raqm (libraqm): Thai vowels and tone marks may be misplaced on receipts")
        self.fonts = fonts or find_fonts()
        self._layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
        # One cache per renderer: @lru_cache on the methods is one class-wide cache keyed on self, which keeps a
        # renderer (and its fonts) alive after the printers are rebuilt with other settings.
        self.font = lru_cache(maxsize=64)(self._load_font)
        self._has_glyph = lru_cache(maxsize=4096)(self._glyph_in_font)

    def _load_font(self, role: str, size: int, bold: bool) -> ImageFont.FreeTypeFont:
        paths = {
            "thai": self.fonts.thai_bold if bold else self.fonts.thai_regular,
            "latin": self.fonts.latin_bold if bold else self.fonts.latin_regular,
            "symbols": self.fonts.symbols or self.fonts.latin_regular,
        }
        return ImageFont.truetype(str(paths[role]), size, layout_engine=self._layout)

    def _glyph_in_font(self, role: str, ch: str) -> bool:
        font = self.font(role, SIZE_NORMAL, False)
        missing = font.getmask("\uffff")
        mask = font.getmask(ch)
        return not (mask.size == missing.size and bytes(mask) == bytes(missing))

    def _role_for(self, ch: str) -> str:
        if _is_thai(ch):
            return "thai"
        if ch.isascii() or self._has_glyph("latin", ch):
            return "latin"
        if self.fonts.symbols is not None and self._has_glyph("symbols", ch):
            return "symbols"
        return "latin"

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(role, text) runs; spaces and marks stay in the run they sit in so words are not split."""
        runs: list[tuple[str, str]] = []
        for ch in text:
            if runs and (ch == " " or unicodedata.category(ch) in ("Mn", "Mc")):
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
                continue
            role = self._role_for(ch)
            if runs and runs[-1][0] == role:
                runs[-1] = (role, runs[-1][1] + ch)
            else:
                runs.append((role, ch))
        return runs

    def measure(self, text: str, size: int = SIZE_NORMAL, bold: bool = False) -> int:
        return int(round(sum(self.font(role, size, bold).getlength(run, language=self._language(role))
                             for role, run in self.runs(text))))

    def _language(self, role: str) -> str | None:
        return "th" if role == "thai" and self._layout == ImageFont.Layout.RAQM else None

    def line_height(self, size: int = SIZE_NORMAL) -> int:
        ascent, descent = self.font("thai", size, False).getmetrics()
        # Noto Thai's metrics leave room for stacked marks; a 10% trim keeps receipts compact yet unclipped.
        return int((ascent + descent) * 0.9)

    def baseline(self, size: int = SIZE_NORMAL) -> int:
        ascent, descent = self.font("thai", size, False).getmetrics()
        return int(ascent - (ascent + descent) * 0.05)

    def draw(self, draw: ImageDraw.ImageDraw, x: int, baseline: int, text: str, size: int, bold: bool) -> int:
        """Draw `text` with its baseline at `baseline`; returns the x after it."""
        pos = float(x)
        for role, run in self.runs(text):
            font = self.font(role, size, bold)
            draw.text((pos, baseline), run, font=font, fill=0, anchor="ls", language=self._language(role))
            pos += font.getlength(run, language=self._language(role))
        return int(round(pos))

    def wrap(self, text: str, width_px: int, size: int = SIZE_NORMAL, bold: bool = False) -> list[str]:
        """Greedy wrap at spaces, and between letter clusters for Thai, which writes words without spaces."""
        if self.measure(text, size, bold) <= width_px:
            return [text]
        lines: list[str] = []
        current = ""
        for unit in clusters(text):
            trial = current + unit
            if current and self.measure(trial, size, bold) > width_px:
                cut = current.rfind(" ")
                if cut > 0:
                    lines.append(current[:cut])
                    current = current[cut + 1:] + unit
                else:
                    lines.append(current.rstrip())
                    current = unit.lstrip()
            else:
                current = trial
        if current:
            lines.append(current)
        return lines

    def _canvas(self, width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        image = Image.new("L", (width, height), 255)
        return image, ImageDraw.Draw(image)

    @staticmethod
    def to_1bit(image: Image.Image) -> Image.Image:
        # A ready table: given a function, Pillow calls it (and round) 256 times for every line image.
        return image.point(_INK_TABLE, mode="1")

    def line_image(
        self, text: str, width: int, *, size: int = SIZE_NORMAL, bold: bool = False, align: str = "left",
    ) -> Image.Image:
        """One or more wrapped lines of `text` as a `width`-dot wide 1-bit image."""
        lines = self.wrap(text, width, size, bold)
        height = self.line_height(size)
        image, draw = self._canvas(width, height * len(lines))
        for i, line in enumerate(lines):
            w = self.measure(line, size, bold)
            x = {"left": 0, "center": (width - w) // 2, "right": width - w}[align]
            self.draw(draw, max(0, x), i * height + self.baseline(size), line, size, bold)
        return self.to_1bit(image)

    def row_image(
        self, left: str, right: str, width: int, *, size: int = SIZE_NORMAL, bold: bool = False, indent: int = 0,
    ) -> Image.Image:
        """`left` wrapped on the left and `right` flush right on the first line, like a price column."""
        right_w = self.measure(right, size, bold) if right else 0
        gap = 12 if right else 0
        lines = self.wrap(left, max(40, width - indent - right_w - gap), size, bold) if left else [""]
        height = self.line_height(size)
        image, draw = self._canvas(width, height * len(lines))
        for i, line in enumerate(lines):
            self.draw(draw, indent, i * height + self.baseline(size), line, size, bold)
        if right:
            self.draw(draw, width - right_w, self.baseline(size), right, size, bold)
        return self.to_1bit(image)


__all__ = ["FontNotFound", "FontSet", "SIZE_LARGE", "SIZE_NORMAL", "SIZE_SMALL", "TextRenderer", "clusters",
           "find_fonts"]
