"""The kiosk's own additions to the shared stylesheet: bigger buttons, the attract headline, stars, choices."""

from __future__ import annotations

import re
from dataclasses import asdict
from string import Template

from kiosk.ui.theme import PALETTE, scaled

GOLD = "#E0A028"

_QSS = Template("""
QWidget#topBar { background: ${surface}; border-bottom: 1px solid ${border}; }
QLabel#topShop { font-size: 18px; font-weight: 600; color: ${muted}; }
QPushButton#language { min-height: 44px; padding: 0px 22px; border-radius: 22px; font-size: 18px; }
QLabel#attractShop { font-size: 38px; font-weight: 700; }
QLabel#attractHeadline { font-size: 46px; font-weight: 700; color: ${accent_dark}; }
QLabel#attractSecond { font-size: 26px; font-weight: 600; color: ${muted}; }
QLabel#dialogQuestion { font-size: 28px; font-weight: 600; }
QLabel#keypadDisplay { font-size: 40px; font-weight: 700; color: ${text}; background: ${surface};
    border: 1px solid ${border_strong}; border-radius: 14px; padding: 6px 16px; }
QLabel#keypadDisplay[empty="true"] { color: ${disabled_text}; font-weight: 500; }
QLabel#referral { font-size: 16px; color: ${muted}; }
QLabel#benefits { font-size: 19px; color: ${text}; }
QFrame#rewardRow { background: ${background}; border: 1px solid ${border}; border-radius: 12px; }
QFrame#rewardRow QLabel { background: transparent; }
QFrame#rewardRow QLabel#readyBadge { background: ${accent}; color: ${on_accent}; border-radius: 12px;
    padding: 4px 14px; font-weight: 700; }
QPushButton#bigPrimary, QPushButton#bigSecondary, QPushButton#bigDanger {
    min-height: 56px; padding: 6px 28px; border-radius: 16px; font-size: 21px; font-weight: 700; }
QPushButton#bigPrimary { background: ${accent}; border: 1px solid ${accent}; color: ${on_accent}; }
QPushButton#bigPrimary:pressed { background: ${accent_dark}; }
QPushButton#bigPrimary:disabled { background: ${disabled}; border-color: ${disabled}; color: ${disabled_text}; }
QPushButton#bigSecondary { background: ${surface}; border: 2px solid ${border_strong}; color: ${accent_dark}; }
QPushButton#bigSecondary:pressed { background: ${accent_soft}; border-color: ${accent}; }
QPushButton#bigDanger { background: ${surface}; border: 2px solid ${danger}; color: ${danger}; }
QPushButton#bigSecondary:disabled, QPushButton#bigDanger:disabled { background: ${disabled};
    border-color: ${disabled}; color: ${disabled_text}; }
QPushButton#choice { min-height: 64px; text-align: left; padding: 6px 22px; border: 2px solid ${border};
    font-size: 20px; }
QPushButton#choice:checked { background: ${accent_soft}; border: 3px solid ${accent}; color: ${accent_dark}; }
QPushButton#star { font-size: 54px; padding: 0px; min-width: 88px; min-height: 88px; border: 2px solid ${border};
    border-radius: 20px;
    color: ${border_strong}; background: ${surface}; }
QPushButton#star:checked { color: ${gold}; border-color: ${gold}; background: #FFF7E6; }
QLineEdit#bigField { min-height: 64px; font-size: 22px; }
QCheckBox { font-size: 18px; }
QWidget#onScreenKeyboard QPushButton#oskKey, QWidget#onScreenKeyboard QPushButton#oskAction,
QWidget#onScreenKeyboard QPushButton#primary { min-height: 44px; }
QWidget[compact="true"] QWidget#onScreenKeyboard QPushButton#oskKey,
QWidget[compact="true"] QWidget#onScreenKeyboard QPushButton#oskAction { min-width: 30px; }
""")

_PX = re.compile(r"(\d+)px")


def kiosk_stylesheet() -> str:
    """The additions, with palette colours and every size scaled like the shared theme."""
    text = _QSS.substitute(asdict(PALETTE), gold=GOLD)
    return _PX.sub(lambda m: f"{scaled(int(m.group(1))) if m.group(1) != '0' else 0}px", text)
