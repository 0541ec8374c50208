"""Ledger invariants as plain functions returning problems (beancount style); run by tests and `kiosk verify`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from kiosk.domain.ledger import Entry, Flag, member_of


def unbalanced(entries: Iterable[Entry]) -> list[str]:
    problems = []
    for entry in entries:
        totals: dict[str, int] = defaultdict(int)
        for p in entry.postings:
            totals[p.unit] += p.amount
        bad = {u: t for u, t in totals.items() if t}
        if bad or not entry.postings:
            problems.append(f"ledger entry {entry.id} does not balance: {bad or 'no postings'}")
    return problems


def negative_unflagged(entries: list[Entry]) -> list[str]:
    """A member balance below zero is allowed only when an entry that made it so was flagged."""
    balances: dict[tuple[str, str], int] = defaultdict(int)
    flagged: set[tuple[str, str]] = set()
    for entry in entries:
        for p in entry.postings:
            balances[(p.account, p.unit)] += p.amount
            if Flag.NEGATIVE_BALANCE in entry.flags:
                flagged.add((p.account, p.unit))
    return [
        f"{account} has a negative {unit} balance ({amount}) with no flagged entry"
        for (account, unit), amount in sorted(balances.items())
        if amount < 0 and member_of(account) and (account, unit) not in flagged
    ]


def reversed_twice(entries: Iterable[Entry]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for entry in entries:
        if entry.reverses_id is None:
            continue
        if entry.reverses_id in seen:
            problems.append(f"ledger entry {entry.reverses_id} is reversed twice "
                            f"(by {seen[entry.reverses_id]} and {entry.id})")
        seen[entry.reverses_id] = entry.id
    return problems


def cache_mismatches(cached: Mapping[tuple[str, str], int], derived: Mapping[tuple[str, str], int]) -> list[str]:
    problems = []
    for key in sorted(set(cached) | set(derived)):
        if cached.get(key, 0) != derived.get(key, 0):
            problems.append(f"cached balance of {key[0]} {key[1]} is {cached.get(key, 0)}, "
                            f"the ledger says {derived.get(key, 0)}")
    return problems


def all_problems(entries: list[Entry], cached: Mapping[tuple[str, str], int] | None = None) -> list[str]:
    from kiosk.domain.ledger import derive_balances

    problems = unbalanced(entries) + negative_unflagged(entries) + reversed_twice(entries)
    if cached is not None:
        problems += cache_mismatches(cached, derive_balances(entries))
    return problems
