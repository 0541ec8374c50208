"""Domain errors: each carries a stable code for logs and a message a cashier can read."""

from __future__ import annotations

from collections.abc import Mapping


class KioskError(Exception):
    """Base of every error a person can cause; the UI shows `message`, logs `code`.

    `params` are the values the message names (a date, a setting's key), for a screen or a script that words
    the refusal itself.
    """

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, params: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.params: dict[str, object] = dict(params or {})
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InvalidInput(KioskError):
    code = "invalid_input"


class NotFound(KioskError):
    code = "not_found"


class InsufficientBalance(KioskError):
    code = "insufficient_balance"


class RuleViolation(KioskError):
    """The program rules refuse the request (minimum spend, limits, not eligible...)."""

    code = "rule_violation"


class InvalidCode(KioskError):
    """A scanned member or voucher code that is unknown, altered, revoked or forged."""

    code = "invalid_code"


class PermissionDenied(KioskError):
    code = "permission_denied"


class ManagerApprovalRequired(KioskError):
    """The action needs a manager PIN (refunds, overrides, large redemptions...)."""

    code = "manager_approval_required"

    def __init__(self, message: str, *, reason: str, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.reason = reason


class Conflict(KioskError):
    """The same command id was reused for a different request, or state changed underneath."""

    code = "conflict"


class StorageError(KioskError):
    """The database cannot be used (disk full, locked, corrupt, missing)."""

    code = "storage_error"
