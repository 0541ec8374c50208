"""Ledger invariants (beancount style): one pass over the entries names every problem; tests and `kiosk verify`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import tzinfo

from kiosk.domain.ledger import Entry, Flag, LotBook, Move, installation_of, member_of
from kiosk.domain.text import Phrase

Balances = Mapping[tuple[str, str], int]  # (account, unit) -> balance

# A problem `kiosk verify` names: a catalogue code (verify.*, kiosk/l10n/verify.py) and the ids and amounts it
# names; the CLI says it in the shop's language, --json keeps the code and params.
Problem = Phrase


# The one wording of each problem: `kiosk verify` prints these, tests match on them.
def unbalanced_problem(entry_id: str, off_by: Mapping[str, int]) -> Problem:
    if not off_by:
        return Phrase("verify.no_postings", {"entry": entry_id})
    return Phrase("verify.unbalanced", {"entry": entry_id, "off_by": tuple(
        Phrase("verify.unit_amount", {"unit": unit, "amount": amount}) for unit, amount in off_by.items())})


def negative_problem(account: str, unit: str, balance: int) -> Problem:
    return Phrase("verify.negative", {"account": account, "unit": unit, "balance": balance})


def over_reversed_problem(entry_id: str, by: Iterable[str]) -> Problem:
    return Phrase("verify.over_reversed", {"entry": entry_id, "by": tuple(by)})


def expired_spend_problem(entry_id: str, member_id: str, unit: str, amount: int) -> Problem:
    return Phrase("verify.expired_spend", {"entry": entry_id, "member": member_id, "unit": unit, "amount": amount})


def expired_spends(moves: Iterable[tuple[str, str, str, Move]], tz: tzinfo) -> Iterator[Problem]:
    """Fed (member, unit, entry id, move) in member, unit and time order, names every spend that used value
    past its date (value that should have been dead, whether or not an expiry entry had written it off; `tz`:
    the shop's time zone, whose business day a lot is good through)."""
    key: tuple[str, str] | None = None
    book = LotBook(tz)
    for member_id, unit, entry_id, move in moves:
        if (member_id, unit) != key:
            key, book = (member_id, unit), LotBook(tz)
        if taken := book.apply(move):
            yield expired_spend_problem(entry_id, member_id, unit, taken)


def partner_receipt_twice_problem(command_id: str, entry_ids: Iterable[str]) -> Problem:
    return Phrase("verify.partner_receipt_twice", {"receipt": command_id, "entries": tuple(entry_ids)})


# A partner's receipt is applied once (its request id); two devices offline could each record it: verify names it.
PARTNER_KINDS = ("partner", "partner_redeem")


def cache_problem(account: str, unit: str, cached: int, derived: int) -> Problem:
    return Phrase("verify.cache", {"account": account, "unit": unit, "cached": cached, "derived": derived})


def reversed_beyond(original: Entry, moved: Mapping[tuple[str, str], int]) -> bool:
    """Whether reversals that moved `moved` per (account, unit) undo more of `original` than it moved (or the
    wrong way). Measured on the program's side of each posting: an erased member's side is undone elsewhere."""
    # summed per account and unit first: two free items of one card used on one sale are two program postings
    # of one unit, and their refund undoes both (each compared with both was called over-reversed)
    total: dict[tuple[str, str], int] = {}
    for p in original.postings:
        if not member_of(p.account):
            total[(p.account, p.unit)] = total.get((p.account, p.unit), 0) + p.amount
    for key, amount in total.items():
        back = moved.get(key, 0)
        if back and ((back > 0) == (amount > 0) or abs(back) > abs(amount)):
            return True
    return False


def reversals_moved(reversals: Iterable[Entry]) -> dict[tuple[str, str], int]:
    moved: dict[tuple[str, str], int] = {}
    for entry in reversals:
        for p in entry.postings:
            moved[(p.account, p.unit)] = moved.get((p.account, p.unit), 0) + p.amount
    return moved


class LedgerValidator:
    """Fed every entry once, in any order, it names what breaks the ledger's invariants.

    Memory grows with the accounts (a running balance per account and unit), not with the entries; the one
    exception is the id of every reversed entry, since its second reversal may come from any device, any time.
    """

    def __init__(self) -> None:
        self.entries = 0
        self._balances: dict[tuple[str, str], int] = {}
        self._flagged: set[tuple[str, str]] = set()  # member accounts an entry flagged NEGATIVE_BALANCE touched
        # member (account, unit) -> the installations whose entries took from it: with two, the union of what
        # they wrote apart can go below zero where neither saw it go (nobody could flag it)
        self._taken_by: dict[tuple[str, str], set[str]] = {}
        # reversed entry id -> the entries that reversed it, and what they moved per (account, unit)
        self._reversed_by: dict[str, list[str]] = {}
        self._reversed_on: dict[str, set[str]] = {}  # reversed entry id -> the installations that reversed it
        self._reversed: dict[str, dict[tuple[str, str], int]] = {}
        self._unbalanced: list[Problem] = []
        self._partner_receipts: dict[str, list[str]] = {}  # request id -> partner entries (few: one a receipt)

    def feed(self, entry: Entry) -> None:
        self.entries += 1
        balances = self._balances
        off_by: dict[str, int] = {}
        flagged = Flag.NEGATIVE_BALANCE in entry.flags
        for p in entry.postings:
            key = (p.account, p.unit)
            balances[key] = balances.get(key, 0) + p.amount
            off_by[p.unit] = off_by.get(p.unit, 0) + p.amount
            if flagged and member_of(p.account):
                self._flagged.add(key)
            if p.amount < 0 and member_of(p.account):
                self._taken_by.setdefault(key, set()).add(installation_of(entry.device_id))
        if not entry.postings or any(off_by.values()):
            self._unbalanced.append(unbalanced_problem(entry.id, {u: t for u, t in off_by.items() if t}))
        if entry.kind in PARTNER_KINDS and entry.command_id:
            self._partner_receipts.setdefault(entry.command_id, []).append(entry.id)
        if entry.reverses_id is not None:
            self._reversed_by.setdefault(entry.reverses_id, []).append(entry.id)
            self._reversed_on.setdefault(entry.reverses_id, set()).add(installation_of(entry.device_id))
            moved = self._reversed.setdefault(entry.reverses_id, {})
            for p in entry.postings:
                moved[(p.account, p.unit)] = moved.get((p.account, p.unit), 0) + p.amount

    @property
    def balances(self) -> Balances:
        """Every (account, unit) balance the entries fed so far add up to: the truth the cache must match."""
        return self._balances

    def unbalanced(self) -> list[Problem]:
        return list(self._unbalanced)

    def negative_unflagged(self) -> list[Problem]:
        """A member balance below zero is allowed only when an entry that made it so was flagged, or when two
        installations took from it: devices of a hub that, while apart, spent the same value (an overdraft the
        hub's conflicts show with both sales, kiosk.services.hub) or refunded a sale whose points or stamps the
        other had spent (a debt, as a refund after spending is on one device). Neither device saw it go below
        zero, so neither could flag it."""
        return [negative_problem(account, unit, amount) for (account, unit), amount in sorted(self._balances.items())
                if amount < 0 and member_of(account) and (account, unit) not in self._flagged
                and len(self._taken_by.get((account, unit), ())) < 2]

    @property
    def reversed_ids(self) -> list[str]:
        """The entries some entry reverses: over_reversed() needs them looked up."""
        return sorted(self._reversed)

    def over_reversed(self, originals: Mapping[str, Entry]) -> list[Problem]:
        """Entries whose reversals (a refund may undo part of one, a later refund more) add up to more than they
        moved. Measured on the program's side of each posting: an erased member's side is undone elsewhere.

        Reversals from two installations are left out: devices of a hub that refunded one sale while apart,
        each as much as it saw left, is a conflict the hub lists with the sale and both refunds
        (kiosk.services.hub), not a ledger written wrong."""
        problems = []
        for entry_id in sorted(self._reversed):
            original = originals.get(entry_id)
            if original is None or len(self._reversed_on[entry_id]) > 1:
                continue
            if reversed_beyond(original, self._reversed[entry_id]):
                problems.append(over_reversed_problem(entry_id, self._reversed_by[entry_id]))
        return problems

    def partner_receipts_twice(self) -> list[Problem]:
        return [partner_receipt_twice_problem(command_id, ids)
                for command_id, ids in sorted(self._partner_receipts.items()) if len(ids) > 1]

    def problems(self) -> list[Problem]:
        """What is wrong with the entries fed so far, on their own."""
        return self.unbalanced() + self.negative_unflagged() + self.partner_receipts_twice()

    def finish(self, cached: Iterable[tuple[str, str, int]],
               originals: Callable[[list[str]], Mapping[str, Entry]] | None = None) -> list[Problem]:
        """problems(), reversals beyond their entries (looked up through `originals`), then every cached
        (account, unit, balance) row that disagrees with the entries."""
        over = self.over_reversed(originals(self.reversed_ids)) if originals is not None else []
        return self.problems() + over + _cache_problems(cached, self._balances)


def _cache_problems(cached: Iterable[tuple[str, str, int]], derived: Balances) -> list[Problem]:
    """Read `cached` once, keeping only which derived balances it has not mentioned yet (a set of keys)."""
    problems: list[tuple[tuple[str, str], Problem]] = []
    unmentioned = {key for key, amount in derived.items() if amount}
    for account, unit, amount in cached:
        key = (account, unit)
        unmentioned.discard(key)
        if amount != derived.get(key, 0):
            problems.append((key, cache_problem(account, unit, amount, derived.get(key, 0))))
    problems += [(key, cache_problem(key[0], key[1], 0, derived[key])) for key in unmentioned]
    return [problem for _, problem in sorted(problems, key=lambda found: found[0])]


def _fed(entries: Iterable[Entry]) -> LedgerValidator:
    validator = LedgerValidator()
    for entry in entries:
        validator.feed(entry)
    return validator


def unbalanced(entries: Iterable[Entry]) -> list[Problem]:
    return _fed(entries).unbalanced()


def negative_unflagged(entries: Iterable[Entry]) -> list[Problem]:
    return _fed(entries).negative_unflagged()


def over_reversed(entries: Iterable[Entry]) -> list[Problem]:
    entries = list(entries)
    return _fed(entries).over_reversed({e.id: e for e in entries})


def cache_mismatches(cached: Balances, derived: Balances) -> list[Problem]:
    return _cache_problems(_rows(cached), derived)


def all_problems(entries: Iterable[Entry], cached: Balances | None = None) -> list[Problem]:
    entries = list(entries)
    validator = _fed(entries)
    by_id = {e.id: e for e in entries}
    if cached is None:
        return validator.problems() + validator.over_reversed(by_id)
    return validator.finish(_rows(cached), lambda ids: by_id)


def _rows(balances: Balances) -> Iterable[tuple[str, str, int]]:
    return ((account, unit, amount) for (account, unit), amount in balances.items())


APART_AWARD_KINDS = ("offer", "challenge")  # awards meant once that two installations apart can each give


def awards_given_twice(kind: str, awards: Iterable[tuple[str, str, str | None, int, str]]) -> list[Problem]:
    """Engagement awards (kind promotion, challenge or offer) as (member, memo, sale, net amount still given,
    device): a challenge's period or an offer is given at most once per member, a promotion at most once per sale.

    An offer and a challenge's period are the exceptions two installations apart can both give (each saw it not
    yet given, as with a spend: see APART_SPEND_KINDS): the hub shows that as a conflict (offer_twice,
    challenge_twice) for the manager, so here it is a problem only when one installation gave it twice, which no
    sync explains."""
    standing: dict[tuple[str, str, str | None], list[str]] = {}
    for member_id, memo, sale_id, amount, device_id in awards:
        if amount <= 0:
            continue
        key = (member_id, memo, sale_id if kind == "promotion" else None)
        standing.setdefault(key, []).append(installation_of(device_id) if device_id else "")
    out = []
    for (member_id, memo, sale_id), places in sorted(standing.items(), key=lambda kv: str(kv[0])):
        count = len(places) if kind not in APART_AWARD_KINDS else max(places.count(p) for p in set(places))
        if count > 1:
            params: dict[str, object] = {"memo": memo, "count": count, "member": member_id}
            out.append(Phrase("verify.award_twice_on_sale", {**params, "sale": sale_id}) if sale_id
                       else Phrase("verify.award_twice", params))
    return out
