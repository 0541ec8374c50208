"""Staff accounts: roles, PIN rules and salted scrypt PIN hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kiosk.domain.digits import arabic_digits
from kiosk.domain.errors import InvalidInput
from kiosk.domain.members import clean_name, name_search_key


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return {"cashier": 0, "manager": 1, "owner": 2}[self.value]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str
    role: Role
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


# scrypt with n=2**14 costs ~30 ms: slow for a brute force of 10^6 PINs, quick enough at the counter.
_N, _R, _P = 2**14, 8, 1
LOCKOUT_AFTER = 5
LOCKOUT_FOR = timedelta(minutes=5)


def clean_staff_name(raw: str) -> str:
    """A staff member's name, cleaned as a member's is (spaces, invisible marks); an empty one is refused as a
    staff member's, not a member's."""
    try:
        return clean_name(raw)
    except InvalidInput as exc:
        if exc.code == "member.name_missing":
            raise InvalidInput("staff.name_missing") from None
        raise


def same_staff_name(a: str, b: str) -> bool:
    """Whether two staff names are the one name as a cashier types it (any case, spacing, invisible joiners):
    `staff disable NAME` could not tell them apart."""
    return name_search_key(a) == name_search_key(b)


def validate_pin(pin: str) -> str:
    """The PIN as kept: 4 to 8 digits, Thai ones read as Arabic (a PIN pad gives 0-9, a Thai keyboard ๐-๙)."""
    pin = arabic_digits(pin) if isinstance(pin, str) else pin
    if not isinstance(pin, str) or not pin.isdigit() or not pin.isascii() or not 4 <= len(pin) <= 8:
        raise InvalidInput("staff.pin_invalid")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    pin = validate_pin(pin)
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if not isinstance(pin, str):
        return False
    pin = arabic_digits(pin)  # ๑๑๑๑ typed on a Thai keyboard is the PIN 1111
    if scheme != "scrypt" or not pin.isascii() or not pin.isdigit() or len(pin) > 16:
        return False
    digest = hashlib.scrypt(
        pin.encode(), salt=base64.b64decode(salt_b64), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))
