"""Code-signing key ports: the shop's keys for member and voucher codes (secrets stay behind the port)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SigningKey:
    """A code-signing key's public facts (never its secret)."""

    key_id: str
    created_at: datetime
    retired_at: datetime | None = None


class KeyStore(Protocol):
    def active(self) -> tuple[str, bytes]: ...
    def get(self, key_id: str) -> bytes | None:
        """A secret for `key_id` (the newest live one): what a card reissued under that id is signed with."""
        ...

    def secrets(self, key_id: str) -> list[bytes]:
        """Every secret `key_id` names: two shops of a chain may have picked the same one-character id."""
        ...

    def add(self, key_id: str, secret: bytes, *, at: datetime) -> None: ...
    def retire_all(self, at: datetime) -> None: ...
    def all(self) -> list[SigningKey]: ...
