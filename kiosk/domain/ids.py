"""Identifiers that stay unique when several devices' ledgers are merged by union."""

from __future__ import annotations

import secrets
import uuid

# Crockford base32 without I, L, O, U: survives handwriting, phones and keyboard-wedge scanners.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    return uuid.uuid4().hex


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
