"""Cash a customer is likely to hand over for a bill, so the cashier taps it instead of typing it."""

from __future__ import annotations

from kiosk.domain.money import Money, exponent

# Thai banknotes in whole baht; another currency's notes would go here with its code
NOTES = {"THB": (20, 50, 100, 500, 1000)}
ROUNDINGS = (100, 500, 1000)  # a bill rounded up to the next round amount, in whole units


def cash_suggestions(due: Money, *, count: int = 3) -> list[Money]:
    """Up to `count` amounts above `due`, smallest first: the next round hundred, five hundred and thousand, and
    any single banknote that covers the bill (a ฿190 bill: ฿200, ฿500, ฿1,000; ฿45: ฿50, ฿100, ฿500).
    Exact cash is its own button, so an amount equal to the bill is never suggested."""
    if due.minor <= 0:
        return []
    unit = 10 ** exponent(due.currency)
    notes = NOTES.get(due.currency, (100, 500, 1000))
    candidates = {note * unit for note in notes if note * unit > due.minor}
    for step in ROUNDINGS:
        candidates.add((due.minor // (step * unit) + 1) * step * unit)
    amounts = sorted(candidates)[:count]
    while len(amounts) < count:  # a big bill: the next thousands
        amounts.append((amounts[-1] // (1000 * unit) + 1) * 1000 * unit)
    return [Money(minor, due.currency) for minor in amounts]


__all__ = ["cash_suggestions"]
