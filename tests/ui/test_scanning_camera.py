"""CameraScanner and CameraPreview fed through their QVideoSink, as a camera would, without a camera."""

from __future__ import annotations

import ctypes.util
import threading

import numpy as np
import pytest
import qrcode
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat
from pytestqt.qtbot import QtBot

from kiosk.adapters.scanning.decoder import QrDecoder
from kiosk.ui.scanning.camera import CameraPreview, CameraScanner, frame_to_gray
from kiosk.ui.tasks import TaskRunner

WIDTH, HEIGHT = 1280, 720


def gray_frame(text: str | None, *, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    frame = np.full((HEIGHT, WIDTH), 150, dtype=np.int16)
    if text is not None:
        code = qrcode.QRCode(border=4, box_size=1)
        code.add_data(text)
        code.make(fit=True)
        modules = np.array(code.get_matrix(), dtype=bool)
        patch = np.where(np.kron(modules, np.ones((9, 9), dtype=bool)), 25, 230)
        frame[150 : 150 + patch.shape[0], 500 : 500 + patch.shape[1]] = patch
    frame += rng.normal(0, 10, frame.shape).astype(np.int16)
    return np.clip(frame, 0, 255).astype(np.uint8)


def rgb_video_frame(gray: np.ndarray) -> QVideoFrame:
    image = QImage(gray.data, gray.shape[1], gray.shape[0], gray.shape[1], QImage.Format.Format_Grayscale8)
    return QVideoFrame(image.convertToFormat(QImage.Format.Format_RGB32))


def nv12_video_frame(gray: np.ndarray) -> QVideoFrame:
    frame = QVideoFrame(QVideoFrameFormat(QSize(gray.shape[1], gray.shape[0]),
                                          QVideoFrameFormat.PixelFormat.Format_NV12))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    stride = frame.bytesPerLine(0)
    luma = np.frombuffer(frame.bits(0), dtype=np.uint8).reshape(-1, stride)
    luma[: gray.shape[0], : gray.shape[1]] = gray
    chroma = np.frombuffer(frame.bits(1), dtype=np.uint8)
    chroma[:] = 128
    frame.unmap()
    return frame


def yuyv_video_frame(gray: np.ndarray) -> QVideoFrame:
    frame = QVideoFrame(QVideoFrameFormat(QSize(gray.shape[1], gray.shape[0]),
                                          QVideoFrameFormat.PixelFormat.Format_YUYV))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    stride = frame.bytesPerLine(0)
    packed = np.frombuffer(frame.bits(0), dtype=np.uint8).reshape(-1, stride)
    packed[: gray.shape[0], 0 : 2 * gray.shape[1] : 2] = gray
    packed[: gray.shape[0], 1 : 2 * gray.shape[1] : 2] = 128
    frame.unmap()
    return frame


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def qr_frame() -> np.ndarray:
    return gray_frame("LK1TESTCODE")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scanner(qapp: object, runner: TaskRunner, clock: FakeClock) -> CameraScanner:
    return CameraScanner(QrDecoder(), runner, video_inputs=lambda: [], clock=clock)


def test_libpulse_is_installed_for_qtmultimedia() -> None:
    assert ctypes.util.find_library("pulse"), "QtMultimedia needs libpulse0: apt-get install libpulse0"


def test_frame_with_a_qr_code_is_scanned(qtbot: QtBot, scanner: CameraScanner, qr_frame: np.ndarray) -> None:
    with qtbot.waitSignal(scanner.code_scanned, timeout=3000, raising=True) as blocker:
        scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
    assert blocker.args == ["LK1TESTCODE"]


def test_frame_without_a_code_emits_nothing(qtbot: QtBot, scanner: CameraScanner, runner: TaskRunner) -> None:
    with qtbot.assertNotEmitted(scanner.code_scanned):
        scanner.video_sink.setVideoFrame(rgb_video_frame(gray_frame(None)))
        assert runner.wait_idle()
    assert scanner.frames_decoded == 1


@pytest.mark.parametrize("make_frame", [nv12_video_frame, yuyv_video_frame], ids=["nv12", "yuyv"])
def test_yuv_frames_use_their_luma_directly(qtbot: QtBot, scanner: CameraScanner, qr_frame: np.ndarray,
                                            make_frame) -> None:  # type: ignore[no-untyped-def]
    frame = make_frame(qr_frame)
    gray = frame_to_gray(frame)
    assert gray is not None and (gray.width, gray.height) == (WIDTH, HEIGHT)
    rows = np.frombuffer(gray.data, dtype=np.uint8).reshape(-1, gray.stride)[:HEIGHT, :WIDTH]
    assert np.array_equal(rows, qr_frame)
    with qtbot.waitSignal(scanner.code_scanned, timeout=3000, raising=True) as blocker:
        scanner.video_sink.setVideoFrame(frame)
    assert blocker.args == ["LK1TESTCODE"]


def test_same_code_is_reported_once_while_in_view(
    qtbot: QtBot, scanner: CameraScanner, runner: TaskRunner, clock: FakeClock, qr_frame: np.ndarray
) -> None:
    seen: list[str] = []
    scanner.code_scanned.connect(seen.append)
    # A sink only announces a frame that differs from the last one, as every camera frame does.
    for _ in range(3):
        scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
        assert runner.wait_idle()
        clock.now += 0.5  # still in view: every sighting extends the quiet period
    assert seen == ["LK1TESTCODE"]
    clock.now += 2.5
    scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
    assert runner.wait_idle()
    assert seen == ["LK1TESTCODE", "LK1TESTCODE"]
    scanner.reset_debounce()
    scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
    assert runner.wait_idle()
    assert len(seen) == 3


class SlowDecoder:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def decode(self, gray: bytes, *, width: int, height: int, stride: int) -> list[str]:
        self.calls += 1
        self.release.wait(3)
        return ["LK1SLOW"]


def test_frames_are_dropped_while_a_decode_is_in_flight(qtbot: QtBot, runner: TaskRunner, qr_frame: np.ndarray) -> None:
    decoder = SlowDecoder()
    scanner = CameraScanner(decoder, runner, video_inputs=lambda: [])
    for _ in range(5):
        scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
    assert scanner.is_decoding_in_flight()
    with qtbot.waitSignal(scanner.code_scanned, timeout=3000, raising=True):
        decoder.release.set()
    assert (decoder.calls, scanner.frames_received, scanner.frames_dropped) == (1, 5, 4)
    assert not scanner.is_decoding_in_flight()


def test_decoding_can_pause(qtbot: QtBot, scanner: CameraScanner, runner: TaskRunner, qr_frame: np.ndarray) -> None:
    scanner.set_decoding(False)
    with qtbot.assertNotEmitted(scanner.code_scanned, wait=50):
        scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
    assert runner.pending_count == 0


def test_no_camera_is_reported_clearly(qtbot: QtBot, scanner: CameraScanner) -> None:
    with qtbot.waitSignal(scanner.camera_unavailable, raising=True) as blocker:
        assert scanner.start() is False
    assert blocker.args[0].startswith("No camera found")
    assert not scanner.is_active()


def test_preview_paints_the_latest_frame(qtbot: QtBot, scanner: CameraScanner, qr_frame: np.ndarray) -> None:
    preview = CameraPreview()
    qtbot.addWidget(preview)
    preview.set_source(scanner.video_sink)
    preview.resize(640, 360)
    preview.show()
    qtbot.waitExposed(preview)
    scanner.video_sink.setVideoFrame(rgb_video_frame(qr_frame))
    qtbot.waitUntil(lambda: preview.frames_painted >= 1, timeout=2000)
    image = preview.grab().toImage()
    assert image.pixelColor(20, 20).lightness() > 100  # the grey frame, not the empty dark background
    preview.set_source(None)
