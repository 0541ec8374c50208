"""QR decoding of grayscale camera frames with zxing-cpp (QR only: about 6 ms for a 720p frame)."""

from __future__ import annotations

import numpy as np
import zxingcpp


class QrDecoder:
    """Implements `kiosk.services.scanning_ports.CodeDecoder` for QR codes.

    Only the QR format is searched: looking for every barcode kind costs several times more per frame
    and members only ever show QR codes. Thread-safe: zxing-cpp keeps no state between calls.
    """

    def __init__(self, *, try_rotate: bool = True, try_downscale: bool = True, try_invert: bool = True) -> None:
        self._options = {"try_rotate": try_rotate, "try_downscale": try_downscale, "try_invert": try_invert}

    def decode(self, gray: bytes, *, width: int, height: int, stride: int) -> list[str]:
        if width <= 0 or height <= 0:
            return []
        if stride < width or len(gray) < stride * (height - 1) + width:
            raise ValueError(f"a {width}x{height} frame with stride {stride} needs more than {len(gray)} bytes")
        needed = stride * height
        if len(gray) < needed:
            gray = bytes(gray) + bytes(needed - len(gray))  # zxing wants whole rows, even the last one
        rows = np.frombuffer(gray, dtype=np.uint8, count=needed)
        image = zxingcpp.ImageView(rows, width, height, zxingcpp.ImageFormat.Lum, stride, 1)
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, **self._options)
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
