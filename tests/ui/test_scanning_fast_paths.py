"""The scanner's fast paths: one copy on the GUI thread, luma on the worker, half-resolution decoding first."""

from __future__ import annotations

import numpy as np
import pytest
import qrcode
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame
from pytestqt.qtbot import QtBot

from kiosk.adapters.scanning.decoder import QrDecoder
from kiosk.ui.scanning.camera import CameraScanner, FramePlane, frame_plane, frame_to_gray
from kiosk.ui.tasks import TaskRunner

WIDTH, HEIGHT = 1280, 720


def qr_patch(text: str, *, box: int, dark: int = 25, light: int = 230) -> np.ndarray:
    code = qrcode.QRCode(border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)
    return np.where(np.kron(modules, np.ones((box, box), dtype=bool)), dark, light).astype(np.uint8)


def frame_with(patch: np.ndarray, *, at: tuple[int, int] = (100, 400), background: int = 150) -> np.ndarray:
    rng = np.random.default_rng(11)
    frame = np.full((HEIGHT, WIDTH), background, dtype=np.int16)
    frame[at[0] : at[0] + patch.shape[0], at[1] : at[1] + patch.shape[1]] = patch
    frame += rng.normal(0, 10, frame.shape).astype(np.int16)
    return np.clip(frame, 0, 255).astype(np.uint8)


def colour_frame(gray: np.ndarray, image_format: QImage.Format) -> QVideoFrame:
    image = QImage(gray.data, gray.shape[1], gray.shape[0], gray.shape[1], QImage.Format.Format_Grayscale8)
    return QVideoFrame(image.convertToFormat(image_format))


@pytest.mark.parametrize("image_format", [QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32,
                                          QImage.Format.Format_RGBA8888, QImage.Format.Format_RGBX8888])
def test_rgb_frames_are_copied_once_and_their_green_is_the_luma(qapp: object, image_format: QImage.Format) -> None:
    gray = frame_with(qr_patch("LK1GREEN", box=8))
    plane = frame_plane(colour_frame(gray, image_format))
    assert isinstance(plane, FramePlane) and plane.step == 4
    luma = plane.to_gray()
    rows = np.frombuffer(luma.data, dtype=np.uint8).reshape(-1, luma.stride)[:HEIGHT, :WIDTH]
    assert np.array_equal(rows, gray)  # a grey frame has R = G = B, so green is exactly the grey level
    converted = frame_to_gray(colour_frame(gray, image_format))
    assert converted is not None and converted.data == luma.data


def test_an_unusual_format_still_gives_luma(qapp: object) -> None:
    gray = frame_with(qr_patch("LK1RGB16", box=8))
    image = QImage(gray.data, WIDTH, HEIGHT, WIDTH, QImage.Format.Format_Grayscale8)
    frame = QVideoFrame(image.convertToFormat(QImage.Format.Format_Grayscale16))
    plane = frame_plane(frame)
    assert plane is not None and plane.step == 1
    assert QrDecoder().decode(plane.data, width=plane.width, height=plane.height, stride=plane.stride) == ["LK1RGB16"]


def test_the_gui_thread_only_copies_the_frame(qtbot: QtBot, qapp: object) -> None:
    runner = TaskRunner()
    seen_threads: list[str] = []

    class RecordingDecoder(QrDecoder):
        def decode(self, gray: bytes, *, width: int, height: int, stride: int) -> list[str]:
            import threading

            seen_threads.append(threading.current_thread().name)
            return super().decode(gray, width=width, height=height, stride=stride)

    scanner = CameraScanner(RecordingDecoder(), runner, video_inputs=lambda: [])
    with qtbot.waitSignal(scanner.code_scanned, timeout=3000, raising=True) as blocker:
        scanner.video_sink.setVideoFrame(colour_frame(frame_with(qr_patch("LK1WORKER", box=8)),
                                                      QImage.Format.Format_RGB32))
    assert blocker.args == ["LK1WORKER"]
    assert seen_threads and all(name.startswith("kiosk-io") for name in seen_threads)
    runner.shutdown()


def test_a_large_code_is_found_in_the_half_resolution_pass() -> None:
    calls: list[int] = []

    class CountingDecoder(QrDecoder):
        @staticmethod
        def _read(image, options):  # type: ignore[no-untyped-def]
            calls.append(image.shape[1] if hasattr(image, "shape") else 0)
            return QrDecoder._read(image, options)

    frame = frame_with(qr_patch("LK1NEAR", box=10))
    assert CountingDecoder().decode_array(frame) == ["LK1NEAR"]
    assert len(calls) == 1  # no full-resolution pass was needed
    # One pixel per module at an odd offset: every other module is lost at half resolution.
    far = frame_with(qr_patch("LK1FAR", box=1), at=(401, 901))
    calls.clear()
    assert CountingDecoder().decode_array(far) == ["LK1FAR"]
    assert len(calls) == 2  # too small at half resolution: found at full resolution


def test_a_light_on_dark_code_held_close_is_read() -> None:
    inverted = frame_with(qr_patch("LK1DARKMODE", box=10, dark=230, light=25), background=40)
    assert QrDecoder().decode_array(inverted) == ["LK1DARKMODE"]
