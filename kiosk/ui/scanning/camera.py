"""Camera scanning: frames from QtMultimedia, decoded on a worker, one `code_scanned` per code shown."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoFrameFormat,
    QVideoSink,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.services.ports.scanning import CodeDecoder
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import color, scaled

log = logging.getLogger(__name__)

PixelFormat = QVideoFrameFormat.PixelFormat
# Planar and semi-planar YUV: plane 0 is already the grayscale image, so it is copied, not converted.
_Y_PLANE_FORMATS = {
    PixelFormat.Format_NV12,
    PixelFormat.Format_NV21,
    PixelFormat.Format_YUV420P,
    PixelFormat.Format_YUV422P,
    PixelFormat.Format_YV12,
    PixelFormat.Format_IMC1,
    PixelFormat.Format_IMC2,
    PixelFormat.Format_IMC3,
    PixelFormat.Format_IMC4,
    PixelFormat.Format_Y8,
}
# Packed 4:2:2 (most USB webcams): luma is every other byte.
_PACKED_LUMA_OFFSET = {PixelFormat.Format_YUYV: 0, PixelFormat.Format_UYVY: 1}
# 32-bit RGB in memory order (Qt names them so): where the green byte sits in each pixel.
_RGB32_GREEN_OFFSET = {
    PixelFormat.Format_BGRA8888: 1,
    PixelFormat.Format_BGRA8888_Premultiplied: 1,
    PixelFormat.Format_BGRX8888: 1,
    PixelFormat.Format_RGBA8888: 1,
    PixelFormat.Format_RGBX8888: 1,
    PixelFormat.Format_ARGB8888: 2,
    PixelFormat.Format_ARGB8888_Premultiplied: 2,
    PixelFormat.Format_XRGB8888: 2,
    PixelFormat.Format_ABGR8888: 2,
    PixelFormat.Format_XBGR8888: 2,
}

VideoInputs = Callable[[], Sequence[QCameraDevice]]


@dataclass(frozen=True)
class GrayFrame:
    """One camera frame as 8-bit luma, owned bytes safe to hand to a worker thread."""

    data: bytes
    width: int
    height: int
    stride: int


@dataclass(frozen=True)
class FramePlane:
    """Plane 0 of a camera frame, copied out on the GUI thread (one memcpy, ~0.3 ms at 720p).

    Its luma is the byte at `offset` of every `step` bytes: step 1 for planar YUV, 2 for packed YUYV/UYVY,
    4 for 32-bit RGB (where green stands in for luma: it carries ~60 % of it, and a QR is black on white).
    Turning it into a GrayFrame is left to `to_gray`, on a worker, so the GUI thread only copies.
    """

    data: bytes
    width: int
    height: int
    stride: int
    step: int = 1
    offset: int = 0

    def to_gray(self) -> GrayFrame:
        if self.step == 1 and self.offset == 0:
            return GrayFrame(self.data, self.width, self.height, self.stride)
        import numpy as np  # loaded on the decode worker's first frame, not with the counter screen

        rows = np.frombuffer(self.data, dtype=np.uint8, count=self.stride * self.height).reshape(self.height,
                                                                                              self.stride)
        luma = np.ascontiguousarray(rows[:, self.offset:self.offset + self.width * self.step:self.step])
        return GrayFrame(luma.tobytes(), self.width, self.height, self.width)


def frame_plane(frame: QVideoFrame) -> FramePlane | None:
    """The bytes of `frame` a luma can be read from, copied on the calling (GUI) thread; None if unusable.

    YUV and 32-bit RGB frames are mapped and their first plane copied as is; any other format goes
    through QImage's grayscale conversion here (about 4 ms at 720p).
    """
    if not frame.isValid():
        return None
    width, height = frame.width(), frame.height()
    pixel_format = frame.pixelFormat()
    if pixel_format in _Y_PLANE_FORMATS:
        step, offset = 1, 0
    elif pixel_format in _PACKED_LUMA_OFFSET:
        step, offset = 2, _PACKED_LUMA_OFFSET[pixel_format]
    elif pixel_format in _RGB32_GREEN_OFFSET:
        step, offset = 4, _RGB32_GREEN_OFFSET[pixel_format]
    else:
        image = frame.toImage()
        if image.isNull():
            return None
        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        return FramePlane(bytes(gray.constBits()), gray.width(), gray.height(), gray.bytesPerLine())
    if not frame.map(QVideoFrame.MapMode.ReadOnly):
        return None
    try:
        stride = frame.bytesPerLine(0)
        plane = frame.bits(0)
        if plane is None or stride < width * step:
            return None
        return FramePlane(bytes(memoryview(plane)[: stride * height]), width, height, stride, step, offset)
    finally:
        frame.unmap()


def frame_to_gray(frame: QVideoFrame) -> GrayFrame | None:
    """Luma of `frame`, as cheaply as its pixel format allows; None for an invalid frame.

    YUV formats copy the Y plane (about 0.1 ms at 720p); 32-bit RGB takes the green bytes (about 1 ms);
    anything else goes through QImage's grayscale conversion (about 4 ms at 720p).
    """
    plane = frame_plane(frame)
    return plane.to_gray() if plane is not None else None


class CameraScanner(QObject):
    """Scans QR codes from a camera.

    Frames arrive on `video_sink` (from the camera, or from a test calling `video_sink.setVideoFrame`).
    Each is copied out on the GUI thread, then reduced to luma and decoded on the TaskRunner's I/O pool;
    while one decode is in flight new frames are dropped rather than queued, so the scanner never falls
    behind the camera.
    A code is reported once, then ignored while it stays in view and for `debounce_s` after.
    """

    code_scanned = Signal(str)
    camera_unavailable = Signal(str)  # a reason a person can act on ("No camera found")
    active_changed = Signal(bool)

    def __init__(
        self,
        decoder: CodeDecoder,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        debounce_s: float = 2.0,
        preferred_size: QSize | None = None,
        video_inputs: VideoInputs = QMediaDevices.videoInputs,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._decoder = decoder
        self._runner = runner
        self._debounce = debounce_s
        self._preferred = preferred_size or QSize(1280, 720)
        self._video_inputs = video_inputs
        self._clock = clock
        self._sink = QVideoSink(self)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._session = QMediaCaptureSession(self)
        self._session.setVideoSink(self._sink)
        self._camera: QCamera | None = None
        self._in_flight = False
        self._last_seen: dict[str, float] = {}
        self._decoding = True
        self.frames_received = 0
        self.frames_decoded = 0
        self.frames_dropped = 0

    @property
    def video_sink(self) -> QVideoSink:
        """Where frames arrive; connect a CameraPreview to it, or feed frames to it in tests."""
        return self._sink

    # ------------------------------------------------------------------ camera
    def start(self, device: QCameraDevice | None = None) -> bool:
        """Open `device` (default: the system default camera); False, with `camera_unavailable`, if none."""
        devices = list(self._video_inputs())
        if not devices:
            self.camera_unavailable.emit(self.tr("No camera found. Connect a camera or scan with the barcode reader."))
            return False
        chosen = device if device is not None else QMediaDevices.defaultVideoInput()
        if chosen.isNull() or chosen not in devices:
            chosen = devices[0]
        self.stop()
        camera = QCamera(chosen, self)
        camera_format = self._best_format(chosen)
        if camera_format is not None:
            camera.setCameraFormat(camera_format)
        camera.errorOccurred.connect(self._on_camera_error)
        camera.activeChanged.connect(self.active_changed)
        self._session.setCamera(camera)
        self._camera = camera
        camera.start()
        return True

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)  # type: ignore[arg-type]  # Qt takes nullptr to detach; the stub says QCamera
            self._camera.deleteLater()
            self._camera = None

    def is_active(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def set_decoding(self, enabled: bool) -> None:
        """Pause decoding (the preview keeps running), e.g. while a scanned member's screen is open."""
        self._decoding = enabled

    def reset_debounce(self) -> None:
        """Forget recently seen codes, so the same member can be scanned again at once."""
        self._last_seen.clear()

    def is_decoding_in_flight(self) -> bool:
        return self._in_flight

    # ------------------------------------------------------------------ frames
    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        self.frames_received += 1
        if not self._decoding:
            return
        if self._in_flight:
            self.frames_dropped += 1
            return
        plane = frame_plane(frame)  # the only per-frame work on the GUI thread: one copy
        if plane is None:
            return
        self._in_flight = True
        decoder = self._decoder

        def decode() -> list[str]:
            gray = plane.to_gray()
            return decoder.decode(gray.data, width=gray.width, height=gray.height, stride=gray.stride)

        self._runner.run_io(
            decode,
            on_success=self._on_decoded,
            on_failure=self._on_decode_failed,
            owner=self,
            name="decode camera frame",
        )

    def _on_decoded(self, texts: list[str]) -> None:
        self._in_flight = False
        self.frames_decoded += 1
        now = self._clock()
        for text in texts:
            last = self._last_seen.get(text)
            self._last_seen[text] = now  # sliding: a code held in view keeps itself quiet
            if last is None or now - last >= self._debounce:
                self.code_scanned.emit(text)
        if len(self._last_seen) > 64:
            self._last_seen = {code: seen for code, seen in self._last_seen.items() if now - seen < self._debounce}

    def _on_decode_failed(self, failure: TaskFailure) -> None:
        self._in_flight = False
        log.warning("camera frame decode failed: %s", failure.code)

    def _on_camera_error(self, _error: QCamera.Error, message: str) -> None:
        log.warning("camera error: %s", message)
        self.camera_unavailable.emit(self.tr("The camera stopped working: %1").replace("%1", message))

    def _best_format(self, device: QCameraDevice) -> QCameraFormat | None:
        """The format closest to the preferred size at 15 fps or more, YUV preferred (cheapest luma)."""
        best: tuple[tuple[int, int, float], QCameraFormat] | None = None
        target = self._preferred.width() * self._preferred.height()
        for camera_format in device.videoFormats():
            size = camera_format.resolution()
            if camera_format.maxFrameRate() < 15:
                continue
            cheap = (camera_format.pixelFormat() in _Y_PLANE_FORMATS
                     or camera_format.pixelFormat() in _PACKED_LUMA_OFFSET)
            score = (abs(size.width() * size.height() - target), 0 if cheap else 1, -camera_format.maxFrameRate())
            if best is None or score < best[0]:
                best = (score, camera_format)
        return best[1] if best else None


class CameraPreview(QWidget):
    """Paints the latest camera frame, scaled to fill, with a square viewfinder to aim the code at.

    Conversion happens only when Qt paints, so however fast frames come, at most one per screen
    refresh is converted. `mirrored` suits a camera facing the customer.
    """

    def __init__(self, parent: QWidget | None = None, *, mirrored: bool = True) -> None:
        super().__init__(parent)
        self._frame: QVideoFrame | None = None
        self._mirrored = mirrored
        self._sink: QVideoSink | None = None
        self._paint_times: list[float] = []
        self.frames_painted = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_source(self, sink: QVideoSink | None) -> None:
        if self._sink is not None:
            self._sink.videoFrameChanged.disconnect(self._on_frame)
        self._sink = sink
        if sink is not None:
            sink.videoFrameChanged.connect(self._on_frame)

    def set_mirrored(self, mirrored: bool) -> None:
        self._mirrored = mirrored
        self.update()

    def fps(self) -> float:
        """Frames actually painted per second over the last two seconds."""
        now = time.monotonic()
        recent = [t for t in self._paint_times if now - t <= 2.0]
        if len(recent) < 2:
            return 0.0
        return (len(recent) - 1) / (recent[-1] - recent[0]) if recent[-1] > recent[0] else 0.0

    def sizeHint(self) -> QSize:
        return QSize(scaled(480), scaled(270))

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        self._frame = frame
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), color("text"))
        image = self._frame.toImage() if self._frame is not None and self._frame.isValid() else QImage()
        if not image.isNull():
            scaled_size = image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            left = (self.width() - scaled_size.width()) / 2
            top = (self.height() - scaled_size.height()) / 2
            painter.save()
            if self._mirrored:
                # A painter transform mirrors while scaling, instead of copying the whole frame first.
                painter.translate(self.width(), 0)
                painter.scale(-1, 1)
            painter.drawImage(QRectF(left, top, scaled_size.width(), scaled_size.height()), image)
            painter.restore()
            self.frames_painted += 1
            now = time.monotonic()
            self._paint_times.append(now)
            if len(self._paint_times) > 120:
                del self._paint_times[:60]
        self._paint_viewfinder(painter)
        painter.end()

    def _paint_viewfinder(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) * 0.62
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        corner = side * 0.18
        pen = QPen(color("on_accent"), max(3.0, side / 60))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        path = QPainterPath()
        for x, y, dx, dy in (
            (box.left(), box.top(), 1, 1),
            (box.right(), box.top(), -1, 1),
            (box.left(), box.bottom(), 1, -1),
            (box.right(), box.bottom(), -1, -1),
        ):
            path.moveTo(x, y + dy * corner)
            path.lineTo(x, y)
            path.lineTo(x + dx * corner, y)
        painter.drawPath(path)
