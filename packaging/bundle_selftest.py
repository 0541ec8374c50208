"""Checks a frozen Loyalty Kiosk finds what freezing tends to lose: Qt plugins, fonts, data files, libraries.

Runs inside the bundle as `kiosk --bundle-selftest [--out DIR] [--no-system-fonts]` (packaging/entry.py
hands the arguments over); packaging/smoke-test.sh runs it on the installed package, and support can run it
on a till. It prints one line per check and exits 1 when any fails. It reads no shop data and writes only
into --out.

Known traps it covers: PyInstaller missing the QtMultimedia (FFmpeg) plugin or its libraries, Qt platform
and Wayland plugins that load but lack a Debian library, the bundled app not finding config/default.toml,
assets/fonts, translations or migrations, Qt not resolving a font with Thai glyphs (tofu boxes), and
receipts losing Raqm (misplaced Thai vowels) or their bundled fonts.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

THAI_SAMPLE = "บ้านกาแฟ ขอบคุณค่ะ สะสมแต้ม ๑๒๓"
THAI_FAMILIES = ("Noto Sans Thai", "Noto Sans Thai UI")

# The plugins the app needs on each system: screens (X11 and Wayland on Linux), SVG for the theme's icons,
# and the FFmpeg multimedia backend the camera runs on.
QT_PLUGINS = {
    "linux": [
        "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
        "wayland-shell-integration/libxdg-shell.so", "xcbglintegrations/libqxcb-glx-integration.so",
        "xcbglintegrations/libqxcb-egl-integration.so", "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so", "multimedia/libffmpegmediaplugin.so",
    ],
    "win32": [
        "platforms/qwindows.dll", "platforms/qoffscreen.dll", "imageformats/qsvg.dll",
        "iconengines/qsvgicon.dll", "multimedia/ffmpegmediaplugin.dll",
    ],
}

_results: list[tuple[bool, str, str]] = []
_qt_messages: list[str] = []


def check(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Run the decorated function now; its return value is the detail, an exception a failure."""

    def run(fn: Callable[[], str]) -> Callable[[], str]:
        try:
            detail = fn()
            _results.append((True, name, detail))
            print(f"ok   {name}: {detail}", flush=True)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the others
            _results.append((False, name, f"{type(exc).__name__}: {exc}"))
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
            if os.environ.get("KIOSK_SELFTEST_TRACEBACK"):
                traceback.print_exc()
        return fn

    return run


def expect(condition: object, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def inside_bundle(path: Path | str) -> bool:
    root = Path(getattr(sys, "_MEIPASS", "/nonexistent")).resolve()
    return Path(path).resolve().is_relative_to(root)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk --bundle-selftest")
    parser.add_argument("--out", type=Path, default=None, help="write the Thai receipt and text pictures here")
    parser.add_argument("--no-system-fonts", action="store_true",
                        help="expect no system Thai font (fontconfig pointed at an empty folder): the app "
                             "must fall back to the fonts in its bundle")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)

    meipass = Path(getattr(sys, "_MEIPASS", ""))

    @check("frozen")
    def _() -> str:
        expect(getattr(sys, "frozen", False) and meipass.is_dir(), "not running from a PyInstaller bundle")
        import kiosk

        expect(inside_bundle(kiosk.__file__), f"kiosk imported from {kiosk.__file__}, outside the bundle")
        return f"bundle at {meipass}, Python {sys.version.split()[0]}"

    @check("data files")
    def _() -> str:
        from kiosk import config
        from kiosk.adapters.db import migrate
        from kiosk.adapters.printing import thai
        from kiosk.ui import app, i18n

        for label, path in (("default config", config.DEFAULT_CONFIG),
                            ("UI fonts", app.FONTS_DIR / "NotoSansThai-Regular.ttf"),
                            ("receipt fonts", thai.ASSET_FONTS / "NotoSansThai-Bold.ttf"),
                            ("translations", i18n.TRANSLATIONS_DIR / "kiosk_th.qm"),
                            ("migrations", migrate.MIGRATIONS / "env.py")):
            expect(Path(path).is_file(), f"{label}: {path} missing")
            expect(inside_bundle(path), f"{label}: {path} is outside the bundle")
        config.read_toml(config.DEFAULT_CONFIG)
        head = migrate.head_revision()
        from importlib import resources

        qss = resources.files("kiosk.ui.theme").joinpath("kiosk.qss").read_text(encoding="utf-8")
        expect(len(qss) > 100, "theme stylesheet is empty")
        return f"config, fonts, kiosk_th.qm, theme, migrations (head {head})"

    from PySide6.QtCore import QLibraryInfo, QPluginLoader, QtMsgType, qInstallMessageHandler

    def on_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            _qt_messages.append(message)
        print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(on_qt_message)
    qt_plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))

    @check("qt plugins load")
    def _() -> str:
        expect(inside_bundle(qt_plugins), f"Qt looks for plugins in {qt_plugins}, outside the bundle")
        wanted = QT_PLUGINS.get(sys.platform, QT_PLUGINS["linux"])
        problems = []
        for relative in wanted:
            plugin = qt_plugins / relative
            if not plugin.is_file():
                problems.append(f"{relative} missing")
                continue
            loader = QPluginLoader(str(plugin))
            if not loader.load():  # dlopen: fails when a Debian library it links is not installed
                problems.append(f"{relative}: {loader.errorString()}")
        expect(not problems, "; ".join(problems))
        names = ", ".join(Path(w).stem for w in wanted)
        return f"{len(wanted)} plugins under {qt_plugins.relative_to(meipass)}: {names}"

    from kiosk.ui.app import create_qapp, ensure_thai_font

    qapp = create_qapp("th")

    @check("qt translations")
    def _() -> str:
        from PySide6.QtCore import QCoreApplication

        from kiosk.ui import i18n

        expect(i18n.translator().language() == "th", f"language is {i18n.translator().language()}")
        translated = QCoreApplication.translate("", "Cashier")  # a string of kiosk_th.ts's global context
        expect(translated != "Cashier", "kiosk_th.qm is installed but translates nothing")
        return f"kiosk_th.qm loaded ('Cashier' -> {translated!r})"

    @check("thai font (Qt)")
    def _() -> str:
        from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QRawFont

        expect(ensure_thai_font(), "ensure_thai_font() returned False")
        families = set(QFontDatabase.families())
        found = [f for f in THAI_FAMILIES if f in families]
        expect(found, f"no Thai family among {len(families)} families")
        font = QFont(found[0], 16)
        resolved = QFontInfo(font).family()
        expect(resolved in THAI_FAMILIES, f"asked for {found[0]!r}, Qt resolved {resolved!r}")
        metrics = QFontMetrics(font)
        raw = QRawFont.fromFont(font)
        letters = [ch for ch in THAI_SAMPLE if not ch.isspace()]
        missing = [ch for ch in letters if not metrics.inFontUcs4(ord(ch)) or not raw.supportsCharacter(ord(ch))]
        expect(not missing, f"{resolved} has no glyph for {''.join(missing)!r}")
        glyphs = raw.glyphIndexesForString(THAI_SAMPLE.replace(" ", ""))
        expect(glyphs and 0 not in glyphs, f"glyph indexes {glyphs} include .notdef")
        source = "bundled assets/fonts" if args.no_system_fonts else "system or bundle"
        if args.no_system_fonts:
            # The point of this mode: with no system Thai font, ensure_thai_font() must have added ours.
            expect(_bundled_thai_loaded(), "Thai resolved without the bundled fonts: is a system font visible?")
        return f"{resolved} ({source}) has all {len(letters)} Thai glyphs of {THAI_SAMPLE!r}"

    @check("thai text in the app's font")
    def _() -> str:
        from PySide6.QtGui import QColor, QImage, QPainter, QTextLayout

        font = qapp.font()
        layout = QTextLayout(THAI_SAMPLE, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        expect(runs, "no glyph runs")
        used = set()
        for run in runs:
            expect(0 not in run.glyphIndexes(), f"{run.rawFont().familyName()} drew a .notdef box")
            used.add(run.rawFont().familyName())
        expect(used & set(THAI_FAMILIES), f"Thai drawn with {sorted(used)}, not a Thai font")
        image = QImage(900, 60, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor("black"))
        painter.drawText(10, 40, THAI_SAMPLE)
        painter.end()
        ink = sum(1 for x in range(0, 900, 2) for y in range(0, 60, 2) if image.pixelColor(x, y).lightness() < 128)
        expect(ink > 50, f"only {ink} dark pixels: nothing visible was drawn")
        if args.out:
            image.save(str(args.out / "thai-text-qt.png"))
        return f"app font {font.families()[:3]} draws Thai with {sorted(used)}"

    @check("qt multimedia")
    def _() -> str:
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QMediaFormat, QVideoSink

        before = len(_qt_messages)
        devices = QMediaDevices()
        cameras = devices.videoInputs()
        camera = QCamera()  # the default camera, or none: creating it needs the backend either way
        session = QMediaCaptureSession()
        session.setCamera(camera)
        sink = QVideoSink()
        session.setVideoSink(sink)
        decodable = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
        complaints = [m for m in _qt_messages[before:] if "backend" in m.lower() or "plugin" in m.lower()]
        expect(not complaints, f"Qt said: {complaints}")
        expect(decodable, "no media backend loaded (no decodable formats)")
        backend = os.environ.get("QT_MEDIA_BACKEND", "ffmpeg")
        return f"{backend} backend, {len(decodable)} formats, {len(cameras)} camera(s), QCamera created"

    @check("receipt (Thai)")
    def _() -> str:
        from PIL import features

        from kiosk.adapters.printing.preview import render_preview
        from kiosk.adapters.printing.samples import sample_receipt
        from kiosk.adapters.printing.thai import TextRenderer

        expect(features.check("raqm"), "Pillow has no Raqm: Thai vowels and tone marks would be misplaced")
        renderer = TextRenderer()
        expect(inside_bundle(renderer.fonts.thai_regular),
               f"receipt Thai font {renderer.fonts.thai_regular} is not the bundled one")
        picture = render_preview(sample_receipt("th"), renderer=renderer)
        expect(_has_ink(picture), "the receipt rendered blank")
        where = ""
        if args.out:
            picture.save(args.out / "receipt-th.png")
            where = f", saved {args.out / 'receipt-th.png'}"
        return f"80 mm Thai receipt {picture.width}x{picture.height} with Raqm and bundled Noto Sans Thai{where}"

    @check("qr decoding")
    def _() -> str:
        import numpy as np
        import qrcode

        from kiosk.adapters.scanning.decoder import QrDecoder

        payload = "LK1.M7Q2X9.4F7K-2QH8"
        image = qrcode.make(payload, box_size=6, border=4).get_image().convert("L")
        found = QrDecoder().decode_array(np.asarray(image, dtype=np.uint8))
        expect(found == [payload], f"decoded {found}")
        return "qrcode -> zxing-cpp round trip (the camera's decoder)"

    @check("printer and stripe data")
    def _() -> str:
        import stripe
        from escpos import capabilities

        profile = capabilities.get_profile("TM-T20II")
        expect(profile.get_columns("a"), "escpos capability profile has no columns")
        expect(Path(stripe.ca_bundle_path).is_file(), f"stripe CA bundle {stripe.ca_bundle_path} missing")
        try:
            import serial  # noqa: F401 - serial printers
            import usb.core  # noqa: F401 - USB printers (the library itself is Debian's libusb-1.0-0)

            extra = "; pyusb and pyserial present"
        except ImportError as exc:
            raise AssertionError(f"printer transport missing: {exc}") from None
        return f"escpos capabilities ({len(capabilities.CAPABILITIES['profiles'])} profiles), stripe CA bundle{extra}"

    @check("database drivers")
    def _() -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine("sqlite://")
        with engine.connect() as conn:
            version = conn.execute(text("select sqlite_version()")).scalar()
        create_engine("postgresql+psycopg://hub@127.0.0.1/none")  # dialect and driver import, no connection
        return f"SQLite {version}; PostgreSQL (psycopg) dialect loads"

    failed = [name for ok, name, _ in _results if not ok]
    print(f"bundle selftest: {len(_results) - len(failed)}/{len(_results)} checks passed"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""), flush=True)
    return 1 if failed else 0


def _bundled_thai_loaded() -> bool:
    """True when ensure_thai_font() added the bundle's Thai fonts (application fonts get ids from 0)."""
    from PySide6.QtGui import QFontDatabase

    return any(set(QFontDatabase.applicationFontFamilies(i)) & set(THAI_FAMILIES) for i in range(16))


def _has_ink(image: object) -> bool:
    gray = image.convert("L")  # type: ignore[attr-defined]
    return gray.point(lambda v: 255 if v < 128 else 0).getbbox() is not None
