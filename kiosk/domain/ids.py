"""Identifiers that stay unique when several devices' ledgers are merged by union."""

from __future__ import annotations

import secrets
import time
import uuid

# Crockford base32 without I, L, O, U: survives handwriting, phones and keyboard-wedge scanners.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# An ordered id's first character: after every hex digit, so a new one sorts after every random id (new_id, a
# uuid's text) written before, whatever its first digit
ORDERED_MARK = "g"


def new_id() -> str:
    return uuid.uuid4().hex


def ordered_id(at_ms: int | None = None) -> str:
    """A new id that sorts after the ids written before it: "g", the moment in milliseconds since 1970 as 12 hex
    digits, then 19 random hex digits (76 bits: unique across devices without asking anyone). 32 characters,
    like new_id.

    For the rows a sale writes (its ledger entries, their Stripe outbox rows, its receipt's print job, the
    counter's command id that becomes the sale's id): an index keyed by a random id takes a page of its own for
    each new row, wherever the id falls, and each is a page the sale's commit writes; ordered ids land on the
    index's last page, one for all of a sale's rows and shared with the sales before it (issue 15). A clock set
    back only puts the next ids among earlier ones; they stay unique. Not for ids a person types or that must
    not tell when they were made (members' ids, codes, secrets).
    """
    ms = time.time_ns() // 1_000_000 if at_ms is None else at_ms
    return f"{ORDERED_MARK}{ms & 0xFFFF_FFFF_FFFF:012x}{secrets.randbits(76):019x}"


def new_command_id() -> str:
    """A fresh id for one write a person asks for (a screen's, the CLI's); a retry of the same attempt reuses it.
    Ordered: a sale's id is its command id, and each index of sales and of the command log then gains a row on
    its last page."""
    return ordered_id()


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
