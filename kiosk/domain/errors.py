"""Domain errors: each carries a stable code and the values its sentence names, never the sentence itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping

# Words an error in English for logs, tracebacks and `--json`. The domain imports no text: kiosk.l10n installs
# its catalogue here when it is imported (every edge imports it); until then an error describes itself as its
# code and params, which is all a log needs.
Describe = Callable[[str, Mapping[str, object]], str]
_english: list[Describe] = []


def use_english(describe: Describe) -> None:
    """Let errors word themselves in English through `describe(code, params)` (kiosk.l10n does this)."""
    _english[:] = [describe]


class KioskError(Exception):
    """Base of every error a person can cause: a stable dotted `code` (a key of the message catalogue,
    kiosk/l10n/errors.py) and the `params` its sentence names (numbers, dates, Money, Localized names).

    The screens and the CLI render `code` and `params` in their own language; `message` is the English
    sentence, for logs, tests and `--json`.
    """

    code: str = "error"

    def __init__(self, code: str | None = None, /, **params: object) -> None:
        if code is not None:
            self.code = code
        self.params: dict[str, object] = params
        super().__init__(self.code)

    @property
    def message(self) -> str:
        if _english:
            return _english[0](self.code, self.params)
        shown = ", ".join(f"{name}={value}" for name, value in self.params.items())
        return f"{self.code} ({shown})" if shown else self.code

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
    """The action needs a manager PIN (refunds, overrides, large redemptions...); `reason` names the rule."""

    code = "manager_approval_required"

    def __init__(self, code: str | None = None, /, *, reason: str, **params: object) -> None:
        super().__init__(code, reason=reason, **params)
        self.reason = reason


class Conflict(KioskError):
    """The same command id was reused for a different request, or state changed underneath."""

    code = "conflict"


class StorageError(KioskError):
    """The database cannot be used (disk full, locked, corrupt, missing)."""

    code = "storage_error"
