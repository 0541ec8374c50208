"""Ports for scanning hardware: what the UI needs from a decoder of camera frames."""

from __future__ import annotations

from typing import Protocol


class CodeDecoder(Protocol):
    """Finds the codes in one grayscale camera frame (8 bits per pixel, rows `stride` bytes apart).

    Implementations must be safe to call from a worker thread and must not keep `gray` after returning.
    """

    def decode(self, gray: bytes, *, width: int, height: int, stride: int) -> list[str]: ...
