"""Signing keys for member and voucher codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from kiosk.domain.errors import StorageError
from kiosk.domain.ids import random_code
from kiosk.services.ports import SigningKey

from .. import tables as t
from .fast import FastStatement


def row_id(key_id: str, secret: bytes) -> str:
    """A key's row: its id and a digest of its secret (two shops' keys may share the one-character id)."""
    return f"{key_id}-{hashlib.sha256(secret).hexdigest()[:16]}"


_SECRETS = FastStatement(select(t.signing_keys.c.secret_hex).where(t.signing_keys.c.key_id == bindparam("key_id"))
                         .order_by(t.signing_keys.c.retired_at.is_not(None), t.signing_keys.c.created_at.desc()))


class SqlKeys:
    """Signing keys for member and voucher codes. The first is made on first use: never in the repo."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._secrets: dict[str, list[bytes]] = {}  # per transaction: a sale checks a code and signs one

    def active(self) -> tuple[str, bytes]:
        row = self.conn.execute(select(t.signing_keys).where(t.signing_keys.c.retired_at.is_(None))
                                .order_by(t.signing_keys.c.created_at.desc()).limit(1)).first()
        if row is not None:
            return row.key_id, bytes.fromhex(row.secret_hex)
        key_id, secret = self._fresh_id(), secrets.token_bytes(32)
        self.add(key_id, secret, at=datetime.now(UTC))
        return key_id, secret

    def _fresh_id(self) -> str:
        used = set(self.conn.execute(select(t.signing_keys.c.key_id)).scalars())
        for _ in range(200):
            candidate = random_code(1)
            if candidate not in used:
                return candidate
        raise StorageError("keys.exhausted")

    def get(self, key_id: str) -> bytes | None:
        found = self.secrets(key_id)
        return found[0] if found else None

    def secrets(self, key_id: str) -> list[bytes]:
        if key_id not in self._secrets:
            rows = _SECRETS.scalars(self.conn, {"key_id": key_id})
            self._secrets[key_id] = [bytes.fromhex(value) for value in rows]
        return list(self._secrets[key_id])

    def add(self, key_id: str, secret: bytes, *, at: datetime) -> None:
        self._secrets.clear()
        self.conn.execute(insert(t.signing_keys).values(id=row_id(key_id, secret), key_id=key_id,
                                                        secret_hex=secret.hex(), created_at=at))

    def retire_all(self, at: datetime) -> None:
        self._secrets.clear()
        self.conn.execute(update(t.signing_keys).where(t.signing_keys.c.retired_at.is_(None)).values(retired_at=at))

    def all(self) -> list[SigningKey]:
        rows = self.conn.execute(select(t.signing_keys.c.key_id, t.signing_keys.c.created_at,
                                        t.signing_keys.c.retired_at).order_by(t.signing_keys.c.created_at)).all()
        return [SigningKey(r.key_id, r.created_at, r.retired_at) for r in rows]
