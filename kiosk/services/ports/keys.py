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
    def get(self, key_id: str) -> bytes | None: ...
    def add(self, key_id: str, secret: bytes, *, at: datetime) -> None: ...
    def retire_all(self, at: datetime) -> None: ...
    def all(self) -> list[SigningKey]: ...
