"""Identifiers that stay unique when several devices' ledgers are merged by union."""

from __future__ import annotations

import secrets
import time
import uuid

# Crockford base32 without I, L, O, U: survives handwriting, phones and keyboard-wedge scanners.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# An ordered id's first character: after every hex digit and after "g", which began the 32-character ordered ids
# of earlier versions, so a new id sorts after every id a shop already holds (random hex, a uuid's text, a "g" id)
ORDERED_MARK = "h"
# base 32 in ASCII order, lowercase; an ordered id's digits are made two at a time (10 bits) from this table
_DIGITS = "0123456789abcdefghijklmnopqrstuv"
_PAIRS = [a + b for a in _DIGITS for b in _DIGITS]
_PAIR_SHIFTS = range(110, -1, -10)


def new_id() -> str:
    return uuid.uuid4().hex


def ordered_id(at_ms: int | None = None) -> str:
    """A new id that sorts after the ids written before it: "h", then 23 digits of base 32 in ASCII order,
    lowercase (0-9, a-v: fixed-width, they sort as the number does, whatever the collation): the moment in
    milliseconds since 1970 (48 bits), then 67 random bits (unique across devices without asking anyone; only ids
    of the same millisecond could meet). 24 characters: each is kept about 17 times for a member sale (its
    sale row, entries, postings, record link and their indexes), so 8 fewer than a 32-character id are ~140
    bytes a sale (issue 15).

    For the rows a sale writes (its ledger entries, their Stripe outbox rows, its receipt's print job, the
    counter's command id that becomes the sale's id): an index keyed by a random id takes a page of its own for
    each new row, wherever the id falls, and each is a page the sale's commit writes; ordered ids land on the
    index's last page, one for all of a sale's rows and shared with the sales before it. A clock set back only
    puts the next ids among earlier ones; they stay unique. Not for ids a person types or that must not tell
    when they were made (members' ids, codes, secrets).
    """
    ms = time.time_ns() // 1_000_000 if at_ms is None else at_ms
    number = ((ms & 0xFFFF_FFFF_FFFF) << 67 | secrets.randbits(67)) << 5  # 115 bits, then 5 to make 12 pairs
    return ORDERED_MARK + "".join([_PAIRS[number >> shift & 1023] for shift in _PAIR_SHIFTS])[:23]


def new_command_id() -> str:
    """A fresh id for one write a person asks for (a screen's, the CLI's); a retry of the same attempt reuses it.
    Ordered: a sale's id is its command id, and each index of sales and of the command log then gains a row on
    its last page."""
    return ordered_id()


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


# A device numbers its receipts and refund slips itself (a counter in its database, one per kind and label): the
# number is printed, so it must never be given twice, even after a restore (kiosk.adapters.db.backup.restore).
RECEIPT_COUNTER, REFUND_COUNTER = "receipt", "refund"


def counter_name(kind: str, device_label: str) -> str:
    return f"{kind}:{device_label}"


def receipt_number(device_label: str, number: int) -> str:
    return f"{device_label}-{number:06d}"


def refund_number(device_label: str, number: int) -> str:
    return f"{device_label}-R{number:05d}"


def printed_number(counter: str, number: int) -> str | None:
    """The paper's number for `number` of the counter named `counter`; None for a counter that prints none."""
    kind, _, label = counter.partition(":")
    if kind == RECEIPT_COUNTER:
        return receipt_number(label, number)
    if kind == REFUND_COUNTER:
        return refund_number(label, number)
    return None
