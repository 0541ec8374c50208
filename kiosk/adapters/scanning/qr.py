"""QR code matrices from the `qrcode` library, for the UI to paint without importing it."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_matrix(payload: str) -> list[list[bool]]:
    """The modules of a QR code for `payload`, row by row, True for dark; no quiet zone included.

    Error correction M (15 %) survives a scratched phone screen while keeping member codes small.
    """
    return [list(row) for row in _matrix(payload)]


@lru_cache(maxsize=64)
def _matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
