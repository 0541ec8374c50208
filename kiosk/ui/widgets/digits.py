"""Number fields that take Thai digits (๐-๙) as the Arabic ones, as every parser of typed numbers does
(kiosk.domain.digits): a cashier on a Thai keyboard layout types ๑๒ for 12, and the field shows and keeps 12
instead of dropping the keys without a word."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRegularExpression
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator, QValidator

from kiosk.domain.digits import arabic_digits


class _ArabicDigits:
    """What both validators share: each Thai digit typed or pasted becomes its Arabic one, then the Qt validator
    after this in the class's bases judges the text."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        fixed = arabic_digits(text)
        return _state(super().validate(fixed, pos)), fixed, pos  # type: ignore[misc]


class WholeNumberValidator(_ArabicDigits, QIntValidator):
    """A QIntValidator (bottom, top) whose field turns each Thai digit typed or pasted into its Arabic one."""


class DigitsValidator(_ArabicDigits, QRegularExpressionValidator):
    """Up to `digits` digits (a tax id, a PIN), Thai ones turned into Arabic as they are typed."""

    def __init__(self, digits: int, parent: QObject | None = None) -> None:
        super().__init__(QRegularExpression(f"[0-9]{{0,{digits}}}"), parent)


def _state(answer: object) -> QValidator.State:
    """The state of a Qt validator's answer (PySide6 gives a state, or a state with the text and position)."""
    state = answer[0] if isinstance(answer, tuple) else answer
    return state if isinstance(state, QValidator.State) else QValidator.State.Invalid
