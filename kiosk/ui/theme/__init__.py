"""The one Loyalty Kiosk look: palette, Thai-capable fonts and the stylesheet, applied to a QApplication."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from importlib import resources
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

# Object names the stylesheet knows; set them with `widget.setObjectName(PRIMARY)`.
PRIMARY = "primary"
DANGER = "danger"
FLAT = "flat"
CARD = "card"
BIG_NUMBER = "bigNumber"
TITLE = "title"
HEADING = "heading"
CAPTION = "caption"
SUB_CAPTION = "subCaption"
ERROR_TEXT = "errorText"
SCREEN = "screen"

FONT_FAMILIES = ["Noto Sans", "Noto Sans Thai", "Noto Sans Thai UI", "Tahoma", "sans-serif"]
KIOSK_MODE_FACTOR = 4 / 3  # 48 px counter buttons become 64 px on the self-service kiosk
BASE_FONT_PX = 17
COMPACT_KIOSK_SCALE = 0.8  # the kiosk on a 1280x800 screen: 51 px touch targets, 18 px text


@dataclass(frozen=True)
class Palette:
    """Warm paper background, ink text, a single teal accent; red only for danger."""

    background: str = "#F7F4EF"
    surface: str = "#FFFFFF"
    surface_hover: str = "#FBF9F6"
    text: str = "#23201C"
    muted: str = "#6B645C"
    border: str = "#E6E0D6"
    border_strong: str = "#CFC7BA"
    accent: str = "#0E7C7B"
    accent_hover: str = "#0B6B6A"
    accent_dark: str = "#09595A"
    accent_soft: str = "#DDEFEE"
    on_accent: str = "#FFFFFF"
    danger: str = "#B3261E"
    danger_soft: str = "#FBE9E7"
    success: str = "#2E7D4F"
    info: str = "#3C4A57"
    track: str = "#E9E4DC"
    disabled: str = "#EEEAE4"
    disabled_text: str = "#A39B90"
    keyboard_bg: str = "#E9E4DC"
    keyboard_action: str = "#DCD5CA"


PALETTE = Palette()

_PX = re.compile(r"(\d+)px")


def color(name: str) -> QColor:
    """A palette colour by field name, for widgets that paint themselves."""
    return QColor(getattr(PALETTE, name))


def configure_high_dpi() -> None:
    """Call before the QApplication exists: exact fractional scaling (125 %, 150 %) instead of rounding."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)


def stylesheet(*, scale: float = 1.0, kiosk_mode: bool = False) -> str:
    """The stylesheet text with palette tokens filled in and every pixel size scaled."""
    factor = effective_scale(scale=scale, kiosk_mode=kiosk_mode)
    raw = resources.files(__package__).joinpath("kiosk.qss").read_text(encoding="utf-8")
    filled = Template(raw).substitute(asdict(PALETTE), **_images())
    return _PX.sub(lambda m: f"{_scaled(int(m.group(1)), factor)}px", filled)


def _images() -> dict[str, str]:
    """The stylesheet's arrow images as file paths (QSS url() needs a path Qt can open, not package data)."""
    folder = resources.files(__package__)
    names = ("chevron_down", "chevron_down_disabled", "chevron_up", "chevron_up_disabled")
    return {name: str(folder.joinpath(name.replace("_", "-") + ".svg")).replace("\\", "/") for name in names}


def effective_scale(*, scale: float = 1.0, kiosk_mode: bool = False) -> float:
    if scale <= 0:
        raise ValueError("scale must be positive")
    return scale * (KIOSK_MODE_FACTOR if kiosk_mode else 1.0)


def apply_theme(app: QApplication, *, scale: float = 1.0, kiosk_mode: bool = False) -> None:
    """Style the whole application: Fusion base, palette, Thai-capable font, scaled stylesheet.

    `scale` enlarges everything (e.g. 1.25 for a counter screen read from a step away); `kiosk_mode`
    adds a third on top so every touch target on the self-service kiosk is at least 64 px.
    """
    factor = effective_scale(scale=scale, kiosk_mode=kiosk_mode)
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    app.setPalette(_qpalette())
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(_scaled(BASE_FONT_PX, factor))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(stylesheet(scale=scale, kiosk_mode=kiosk_mode))
    app.setProperty("kiosk_theme_scale", factor)
    app.setProperty("kiosk_mode", kiosk_mode)


def kiosk_scale_for(width: int, height: int) -> float:
    """The scale the kiosk themes with on a screen this size (either way up): the full kiosk size on a 1080p
    screen, a fifth smaller on a 1280x800 or 1366x768 one, where the full size would not fit the screens."""
    long_side, short_side = max(width, height), min(width, height)
    return 1.0 if long_side >= 1800 and short_side >= 1000 else COMPACT_KIOSK_SCALE


def theme_scale() -> float:
    """The scale the running application was themed with (1.0 before apply_theme)."""
    app = QApplication.instance()
    value = app.property("kiosk_theme_scale") if app is not None else None
    return float(value) if value else 1.0


def scaled(px: int) -> int:
    """A pixel size multiplied by the current theme scale, for widgets that size themselves."""
    return _scaled(px, theme_scale())


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after changing a dynamic property used in a selector."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def _scaled(px: int, factor: float) -> int:
    if px == 0:
        return 0
    return max(1, round(px * factor))


def _qpalette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: PALETTE.background,
        QPalette.ColorRole.WindowText: PALETTE.text,
        QPalette.ColorRole.Base: PALETTE.surface,
        QPalette.ColorRole.AlternateBase: PALETTE.background,
        QPalette.ColorRole.Text: PALETTE.text,
        QPalette.ColorRole.Button: PALETTE.surface,
        QPalette.ColorRole.ButtonText: PALETTE.text,
        QPalette.ColorRole.Highlight: PALETTE.accent,
        QPalette.ColorRole.HighlightedText: PALETTE.on_accent,
        QPalette.ColorRole.ToolTipBase: PALETTE.surface,
        QPalette.ColorRole.ToolTipText: PALETTE.text,
        QPalette.ColorRole.PlaceholderText: PALETTE.disabled_text,
        QPalette.ColorRole.Link: PALETTE.accent_dark,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(PALETTE.disabled_text))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(PALETTE.disabled_text))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(PALETTE.disabled_text))
    return palette
