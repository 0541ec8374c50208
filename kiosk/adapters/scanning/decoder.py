"""QR decoding of grayscale camera frames with zxing-cpp: a half-resolution pass first, full resolution if needed."""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import zxingcpp

# A code held up to a kiosk or counter camera is large: at half resolution its modules are still 3+ pixels.
# That pass costs about 1.5 ms on a 720p frame against about 3 ms at full resolution (6 ms with zxing's own
# rotate/downscale/invert retries), so most scans finish in the first pass and an empty frame costs ~4.5 ms.
_HALF_RES_MIN_SIDE = 240
_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


class _Retries(TypedDict):
    try_rotate: bool
    try_downscale: bool
    try_invert: bool


class QrDecoder:
    """Implements `kiosk.services.ports.scanning.CodeDecoder` for QR codes.

    Only the QR format is searched: looking for every barcode kind costs several times more per frame
    and members only ever show QR codes. Each frame is read twice at most: every other pixel of every
    other row (a zero-copy strided view), then, if nothing was found there, every pixel (a small code
    further from the camera). Thread-safe: zxing-cpp keeps no state between calls.

    `try_rotate` only matters for 1-D barcodes (a QR finder pattern reads at any angle), so it is off by
    default. `try_invert` (light-on-dark codes) is tried in the cheap half-resolution pass only.
    """

    def __init__(self, *, try_rotate: bool = False, try_downscale: bool = False, try_invert: bool = True,
                 half_resolution_first: bool = True) -> None:
        self._full: _Retries = {"try_rotate": try_rotate, "try_downscale": try_downscale, "try_invert": False}
        self._half: _Retries = {"try_rotate": try_rotate, "try_downscale": False, "try_invert": try_invert}
        self._half_first = half_resolution_first

    def decode(self, gray: bytes, *, width: int, height: int, stride: int) -> list[str]:
        if width <= 0 or height <= 0:
            return []
        if stride < width or len(gray) < stride * (height - 1) + width:
            raise ValueError(f"a {width}x{height} frame with stride {stride} needs more than {len(gray)} bytes")
        needed = stride * height
        if len(gray) < needed:
            gray = bytes(gray) + bytes(needed - len(gray))  # zxing wants whole rows, even the last one
        rows = np.frombuffer(gray, dtype=np.uint8, count=needed)
        if self._half_first and min(width, height) >= _HALF_RES_MIN_SIDE:
            half = zxingcpp.ImageView(rows, width // 2, height // 2, zxingcpp.ImageFormat.Lum, stride * 2, 2)
            texts = self._read(half, self._half)
            if texts:
                return texts
        full = zxingcpp.ImageView(rows, width, height, zxingcpp.ImageFormat.Lum, stride, 1)
        return self._read(full, self._full)

    @staticmethod
    def _read(image: zxingcpp.ImageView, options: _Retries) -> list[str]:
        found = zxingcpp.read_barcodes(image, formats=_QR_ONLY, **options)
        texts: list[str] = []
        for barcode in found:
            if barcode.valid and barcode.text and barcode.text not in texts:
                texts.append(barcode.text)
        return texts

    def decode_array(self, gray: np.ndarray) -> list[str]:
        """Convenience for a 2-D uint8 array (tests, benchmarks)."""
        if gray.ndim != 2 or gray.dtype != np.uint8:
            raise ValueError("expected a 2-D uint8 grayscale array")
        contiguous = np.ascontiguousarray(gray)
        height, width = contiguous.shape
        return self.decode(contiguous.tobytes(), width=width, height=height, stride=width)
