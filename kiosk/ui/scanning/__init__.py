"""Scanner input for the GUI: USB keyboard-wedge scanners and cameras, each emitting `code_scanned(str)`."""

from __future__ import annotations

from kiosk.ui.scanning.camera import (
    CameraPreview,
    CameraScanner,
    FramePlane,
    GrayFrame,
    frame_plane,
    frame_to_gray,
)
from kiosk.ui.scanning.wedge import WedgeScanner, thai_layout_to_us

__all__ = [
    "CameraPreview",
    "CameraScanner",
    "FramePlane",
    "GrayFrame",
    "WedgeScanner",
    "frame_plane",
    "frame_to_gray",
    "thai_layout_to_us",
]
