"""README screenshots of the kiosk: attract screen, a member's account, the phone check and joining."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication

from kiosk.domain.errors import KioskError
from kiosk.services.app import Services
from kiosk.ui.i18n import current_language, set_language
from kiosk.ui.theme import KIOSK_MODE_FACTOR, apply_theme, kiosk_scale_for, theme_scale

if TYPE_CHECKING:
    from kiosk.ui.selfservice.window import SelfServiceWindow
from kiosk.ui.widgets.qr import qr_encoder, set_qr_encoder

SIZE = (1920, 1080)
FEATURED_PHONE = "0812345678"


def _settle(window: SelfServiceWindow) -> None:
    for _ in range(4):
        QCoreApplication.processEvents()
        # processEvents() leaves deleteLater() for the event loop: old keyboard keys would show in the picture
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.runner.wait_idle(5000)
    for _ in range(2):
        QCoreApplication.processEvents()


def _camera_scene(payload: str, app: Services) -> QVideoFrame:
    """A stand-in camera frame for the docs: a phone held up showing a QR (the kiosk has no camera offscreen)."""
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(1280, 720))
    gradient.setColorAt(0, QColor("#8C7B6B"))
    gradient.setColorAt(1, QColor("#4A3F36"))
    painter.fillRect(image.rect(), gradient)
    phone = QRectF(470, 70, 340, 600)
    painter.setBrush(QColor("#1E1E1E"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(phone, 40, 40)
    painter.setBrush(QColor("#FFFFFF"))
    screen = phone.adjusted(18, 60, -18, -60)
    painter.drawRoundedRect(screen, 14, 14)
    matrix = app.qr_matrix(payload)
    module = (screen.width() - 40) / len(matrix)
    top = screen.top() + (screen.height() - module * len(matrix)) / 2
    painter.setBrush(QColor("#000000"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(screen.left() + 20 + x * module, top + y * module, module + 0.3, module + 0.3))
    painter.end()
    return QVideoFrame(image)


def _featured_code(app: Services) -> str | None:
    try:
        return app.accounts.account(FEATURED_PHONE).member_code
    except KioskError:
        found = app.accounts.search("08", limit=1)
        if not found:
            return None
        return app.accounts.account(found[0].member_id).member_code


def capture(app: Services, out_dir: Path, *, language: str = "en") -> list[Path]:
    """Render the kiosk screens with `app`'s shop data and save docs PNGs; returns the files written.

    Reads only: nothing is written to the shop's data. Needs a QApplication (any theme: the kiosk theme is
    applied while capturing and the previous one restored).
    """
    from kiosk.ui.selfservice.window import SelfServiceWindow

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication), "create the QApplication first"
    was_kiosk = bool(qapp.property("kiosk_mode"))
    previous_scale = theme_scale() / (KIOSK_MODE_FACTOR if was_kiosk else 1.0)
    previous_language = current_language()
    previous_encoder = qr_encoder()
    apply_theme(qapp, kiosk_mode=True)
    set_qr_encoder(app.qr_matrix)
    set_language(qapp, language)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    window = SelfServiceWindow(app, video_inputs=lambda: [], start_camera=False, idle_ms=3_600_000)
    try:
        window.resize(*SIZE)
        window.show()
        code = _featured_code(app)
        window.scanner.set_decoding(False)
        window.scanner.video_sink.setVideoFrame(_camera_scene(code or "LK1 DEMO", app))
        _settle(window)

        def save(name: str) -> None:
            _settle(window)
            path = out_dir / f"kiosk-{name}.png"
            window.grab().save(str(path))
            written.append(path)

        save("attract")
        if code is not None:
            window.account_screen.set_account(app.selfservice.account_for_code(code, language=language))
            window._account = window.account_screen.account()
            window.show_page("account")
            save("account")
            window.go_idle()
            set_language(qapp, language)
        window._start("phone")
        window.phone.keypad.set_digits("0812345678")
        window.phone.next_button.click()
        for digit in "19":
            window.phone.pin_pad.press_digit(digit)
        save("phone-check")
        window.go_idle()
        set_language(qapp, language)
        window._start("enroll")
        window.enroll.name.setText("Mali Srisuk")
        window.enroll.phone.setText("089-555-0123")
        window.enroll.birthday.setText("15/07/1990")
        window.enroll.focus_field(window.enroll.birthday)
        window.enroll.consent.setChecked(True)
        save("enroll")
        window.go_idle()
        set_language(qapp, language)
        window.desk.open()
        window.staff.show_default_language(window.default_language())
        window.staff.show_menu("Nok")
        window.refresh_staff_panel()  # reads the print queue only
        window.runner.wait_idle(5000)
        save("staff")
    finally:
        window.go_idle()
        window.unlock_and_close()
        window.deleteLater()
        set_language(qapp, previous_language)
        apply_theme(qapp, scale=previous_scale, kiosk_mode=was_kiosk)
        set_qr_encoder(previous_encoder)
    return written + capture_sizes(app, out_dir)


def capture_sizes(app: Services, out_dir: Path) -> list[Path]:
    """The attract screen and a busy account on every kiosk screen the kiosk is made for, themed as on that
    screen: kiosk-attract-1280x800.png, kiosk-account-1080x1920.png, ... (and the account in Thai at 1280x800)."""
    from kiosk.ui.selfservice.window import SelfServiceWindow

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication), "create the QApplication first"
    was_kiosk = bool(qapp.property("kiosk_mode"))
    previous_scale = theme_scale() / (KIOSK_MODE_FACTOR if was_kiosk else 1.0)
    previous_language = current_language()
    previous_encoder = qr_encoder()
    set_qr_encoder(app.qr_matrix)
    code = _featured_code(app)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for (width, height), languages in ((((1280, 800), ("en", "th"))), (((1920, 1080), ("en",))),
                                           (((1080, 1920), ("en",)))):
            apply_theme(qapp, scale=kiosk_scale_for(width, height), kiosk_mode=True)
            for language in languages:
                set_language(qapp, language)
                window = SelfServiceWindow(app, video_inputs=lambda: [], start_camera=False, idle_ms=3_600_000)
                try:
                    window.resize(width, height)
                    window.show()
                    suffix = f"{width}x{height}" + ("-th" if language == "th" else "")
                    if language == "en":
                        window.scanner.set_decoding(False)
                        window.scanner.video_sink.setVideoFrame(_camera_scene(code or "LK1 DEMO", app))
                        _settle(window)
                        written.append(_grab(window, out_dir / f"kiosk-attract-{suffix}.png"))
                    if code is not None:
                        window.account_screen.set_account(app.selfservice.account_for_code(code, language=language))
                        window._account = window.account_screen.account()
                        window.show_page("account")
                        _settle(window)
                        written.append(_grab(window, out_dir / f"kiosk-account-{suffix}.png"))
                finally:
                    window.go_idle()
                    window.unlock_and_close()
                    window.deleteLater()
    finally:
        set_language(qapp, previous_language)
        apply_theme(qapp, scale=previous_scale, kiosk_mode=was_kiosk)
        set_qr_encoder(previous_encoder)
    return written


def _grab(window: SelfServiceWindow, path: Path) -> Path:
    window.grab().save(str(path))
    return path


def capture_attract(app: Services, path: Path) -> Path:
    """`kiosk selfservice --screenshot PATH`: the attract screen only, in the current language."""
    from kiosk.ui.selfservice.window import SelfServiceWindow

    window = SelfServiceWindow(app, video_inputs=lambda: [], start_camera=False)
    try:
        window.resize(*SIZE)
        window.show()
        _settle(window)
        path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(path))
    finally:
        window.unlock_and_close()
    return path
