"""Reusable widgets shared by the counter, self-service kiosk and manager screens."""

from __future__ import annotations

from kiosk.ui.widgets.feedback import BusyOverlay, Toast
from kiosk.ui.widgets.keyboard import NumberPad, OnScreenKeyboard
from kiosk.ui.widgets.keypads import AmountKeypad, PinPad
from kiosk.ui.widgets.loyalty import BalanceTile, StampCardWidget, TierProgressWidget
from kiosk.ui.widgets.qr import QrWidget, set_qr_encoder

__all__ = [
    "AmountKeypad",
    "BalanceTile",
    "BusyOverlay",
    "NumberPad",
    "OnScreenKeyboard",
    "PinPad",
    "QrWidget",
    "StampCardWidget",
    "TierProgressWidget",
    "Toast",
    "set_qr_encoder",
]
