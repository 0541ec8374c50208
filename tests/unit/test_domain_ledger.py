"""The ledger as pure functions: balanced entries, exact reversals, the hash chain, lots, and the validators."""

from __future__ import annotations

import gc
import random
import weakref
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.ledger import (
    GENESIS_HASH,
    POINTS,
    Bucket,
    ChainedEntry,
    Entry,
    Flag,
    LotBook,
    Move,
    Posting,
    ProgramAccount,
    UnbalancedEntry,
    chain_hash,
    check_balanced,
    derive_balances,
    lot_book,
    member_account,
    member_of,
    reversal_postings,
    transfer,
    verify_chain,
)
from kiosk.domain.validators import (
    LedgerValidator,
    all_problems,
    cache_mismatches,
    negative_unflagged,
    over_reversed,
    unbalanced,
)
from tests.support.problems import english

T = datetime(2026, 1, 1, tzinfo=UTC)
BKK = ZoneInfo("Asia/Bangkok")  # the shop's time zone: a lot is good through the business day of its date
ALICE = member_account("alice", Bucket.POINTS)


def entry(entry_id: str, *postings: Posting, reverses: str | None = None, flags: tuple[str, ...] = (),
          at: datetime = T) -> Entry:
    return Entry(id=entry_id, device_id="d1", created_at=at, business_date=at.date(), kind="test",
                 postings=postings, reverses_id=reverses, flags=flags)


def award(entry_id: str, amount: int, *, expires: datetime | None = None) -> Entry:
    return entry(entry_id, *transfer(unit=POINTS, amount=amount, to_account=ALICE,
                                     from_account=ProgramAccount.ISSUED, expires_at=expires))


def test_accounts_name_their_member() -> None:
    assert ALICE == "member:alice:points" and member_of(ALICE) == "alice"
    assert member_of(ProgramAccount.ISSUED) is None


def test_an_entry_must_balance_per_unit_and_have_postings() -> None:
    check_balanced(award("ok", 10))
    with pytest.raises(UnbalancedEntry):
        check_balanced(entry("mint", Posting(ALICE, POINTS, 10)))
    with pytest.raises(UnbalancedEntry):  # balanced in total but across two units
        check_balanced(entry("mix", Posting(ALICE, POINTS, 10), Posting(ProgramAccount.ISSUED, "THB", -10)))
    with pytest.raises(UnbalancedEntry):
        check_balanced(entry("empty"))
    with pytest.raises(UnbalancedEntry):
        check_balanced(entry("float", Posting(ALICE, POINTS, 1.5), Posting("x", POINTS, -1.5)))  # type: ignore[arg-type]


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(-1000, 1000)), min_size=1, max_size=6))
def test_a_reversal_undoes_an_entry_exactly(moves: list[tuple[str, int]]) -> None:
    postings = []
    for who, amount in moves:
        postings += transfer(unit=POINTS, amount=amount, to_account=member_account(who, Bucket.POINTS),
                             from_account=ProgramAccount.ISSUED, expires_at=T)
    original = entry("e", *postings)
    undo = entry("r", *reversal_postings(original), reverses="e")
    check_balanced(undo)
    assert all(v == 0 for v in derive_balances([original, undo]).values())
    # a taken-back award names its lot's expiry, so the lot book takes back that very lot
    assert all(p.expires_at == T for p in undo.postings if p.amount < 0 and p.account.startswith("member:")
               and any(o.amount > 0 and o.account == p.account for o in original.postings))


def test_hash_chain_detects_edits_deletions_and_zone_spelling_does_not_matter() -> None:
    rows: list[ChainedEntry] = []
    prev = GENESIS_HASH
    for i in range(4):
        e = award(f"e{i}", 10 + i)
        digest = chain_hash(prev, e)
        rows.append(ChainedEntry(e, prev, digest))
        prev = digest
    assert verify_chain(rows) == []
    bangkok = timezone(timedelta(hours=7))
    same_instant = replace(rows[1].entry, created_at=rows[1].entry.created_at.astimezone(bangkok))
    assert chain_hash(rows[1].prev_hash, same_instant) == rows[1].hash
    edited = list(rows)
    edited[2] = ChainedEntry(replace(rows[2].entry, memo="changed"), rows[2].prev_hash, rows[2].hash)
    assert english(verify_chain(edited)) == ["ledger entry e2: its contents were edited after it was written"]
    deleted = rows[:1] + rows[2:]
    assert english(verify_chain(deleted)) == [
        "ledger entry e2: the entry before it was deleted or edited (chain broken)"]


# -- lots ----------------------------------------------------------------------------------------------------
def test_lots_are_spent_oldest_expiry_first_and_never_expiring_last() -> None:
    book = LotBook(BKK)
    book.add(10, expires_at=None, at=T)
    book.add(20, expires_at=T + timedelta(days=60), at=T + timedelta(days=1))
    book.add(30, expires_at=T + timedelta(days=30), at=T + timedelta(days=2))
    book.spend(35)
    assert [(lot.amount, lot.expires_at) for lot in book.lots] == [(15, T + timedelta(days=60)), (10, None)]
    assert book.expired_by(T + timedelta(days=61)) == 15 and book.balance == 25


def test_a_reversal_spends_its_own_lot() -> None:
    book = lot_book([(50, T + timedelta(days=10), T), (40, T + timedelta(days=20), T),
                     (-40, T + timedelta(days=20), T)], BKK)
    assert [(lot.amount, lot.expires_at) for lot in book.lots] == [(50, T + timedelta(days=10))]


def test_debt_is_settled_by_the_next_award() -> None:
    book = LotBook(BKK)
    book.add(10, expires_at=T, at=T)
    book.spend(25)
    assert (book.balance, book.debt, book.lots) == (-15, 15, [])
    book.add(20, expires_at=T + timedelta(days=5), at=T)
    assert (book.balance, book.debt) == (5, 0)
    assert book.expiring_between(T, T + timedelta(days=5))[0].amount == 5


@given(st.lists(st.tuples(st.integers(-50, 80), st.integers(0, 5)), max_size=30))
def test_the_lot_book_balance_is_the_sum_of_postings(moves: list[tuple[int, int]]) -> None:
    postings = [(amount, T + timedelta(days=d) if amount > 0 else None, T + timedelta(hours=i))
                for i, (amount, d) in enumerate(moves)]
    book = lot_book(postings, BKK)
    assert book.balance == sum(a for a, _, _ in postings)
    assert book.expired_by(T + timedelta(days=10)) <= max(book.balance, 0) or book.debt == 0
    assert all(lot.amount > 0 for lot in book.lots)
    assert not (book.debt and book.lots)  # debt only exists when every lot is gone


# -- validators ----------------------------------------------------------------------------------------------
def test_validators_name_each_problem() -> None:
    good = award("a", 10)
    spend = entry("s", *transfer(unit=POINTS, amount=30, to_account=ProgramAccount.REDEEMED, from_account=ALICE))
    assert english(unbalanced([good, entry("bad", Posting(ALICE, POINTS, 5))])) == [
        "ledger entry bad does not balance: PTS 5"]
    assert english(negative_unflagged([good, spend])) == [
        f"{ALICE} has a negative PTS balance (-20) with no flagged entry"]
    assert negative_unflagged([good, replace(spend, flags=(Flag.NEGATIVE_BALANCE,))]) == []
    undo1 = entry("r1", *reversal_postings(good), reverses="a")
    undo2 = entry("r2", *reversal_postings(good), reverses="a")
    assert english(over_reversed([good, undo1, undo2])) == [
        "ledger entry a is reversed more than in full (by r1, r2)"]
    half = entry("h1", Posting(ALICE, POINTS, -5), Posting(ProgramAccount.ISSUED.value, POINTS, 5), reverses="a")
    assert over_reversed([good, half, replace(half, id="h2")]) == []  # two refunds of half each: allowed
    assert english(cache_mismatches({(ALICE, POINTS): 11}, {(ALICE, POINTS): 10})) == [
        f"cached balance of {ALICE} PTS is 11, the ledger says 10"]
    assert all_problems([good], {(ALICE, POINTS): 10, (ProgramAccount.ISSUED.value, POINTS): -10}) == []
    # with an empty cache: one negative balance, one double reversal, three accounts missing from the cache
    assert len(all_problems([good, spend, undo1, undo2], {})) == 1 + 1 + 3


# The invariants as their plainest definitions over a list held in memory: what the streaming validator must
# agree with, whatever the order or the chunks the entries come in.
def plain_problems(entries: list[Entry], cached: dict[tuple[str, str], int]) -> dict[str, list[str]]:
    unbalanced_ids, reversers = [], defaultdict(list)
    balances: dict[tuple[str, str], int] = defaultdict(int)
    flagged = set()
    for e in entries:
        totals: dict[str, int] = defaultdict(int)
        for p in e.postings:
            totals[p.unit] += p.amount
            balances[(p.account, p.unit)] += p.amount
            if Flag.NEGATIVE_BALANCE in e.flags:
                flagged.add((p.account, p.unit))
        if not e.postings or any(totals.values()):
            unbalanced_ids.append(e.id)
        if e.reverses_id is not None:
            reversers[e.reverses_id].append(e.id)
    by_id = {e.id: e for e in entries}
    over = []
    for original, by in reversers.items():
        moved: dict[tuple[str, str], int] = defaultdict(int)
        for r in by:
            for p in by_id[r].postings:
                moved[(p.account, p.unit)] += p.amount
        # what the original moved on each program account and unit, summed (two free items of one card are two
        # postings of one unit, undone together)
        total: dict[tuple[str, str], int] = defaultdict(int)
        for p in by_id[original].postings if original in by_id else ():
            if not p.account.startswith("member:"):
                total[(p.account, p.unit)] += p.amount

        def beyond(key: tuple[str, str], amount: int) -> bool:
            back = moved[key]
            return bool(back) and ((back > 0) == (amount > 0) or abs(back) > abs(amount))

        if any(beyond(key, amount) for key, amount in total.items()):
            over.append(f"ledger entry {original} is reversed more than in full (by {', '.join(by)})")
    return {
        "unbalanced": [f"ledger entry {i} does not balance" for i in unbalanced_ids],
        "negative": [f"{a} has a negative {u} balance ({b:,}) with no flagged entry"
                     for (a, u), b in sorted(balances.items())
                     if b < 0 and a.startswith("member:") and (a, u) not in flagged],
        "reversed": sorted(over),
        "cache": [f"cached balance of {a} {u} is {cached.get((a, u), 0):,}, the ledger says {balances.get((a, u), 0):,}"
                  for a, u in sorted(set(cached) | set(balances)) if cached.get((a, u), 0) != balances.get((a, u), 0)],
    }


ACCOUNTS = [ALICE, member_account("bob", Bucket.POINTS), member_account("bob", Bucket.CREDIT),
            ProgramAccount.ISSUED.value, ProgramAccount.REDEEMED.value]
postings_st = st.lists(st.builds(Posting, st.sampled_from(ACCOUNTS), st.sampled_from([POINTS, "THB"]),
                                 st.integers(-50, 50)), max_size=4)
entries_st = st.lists(st.tuples(postings_st, st.booleans(), st.booleans(), st.integers(0, 30)), max_size=30)


@given(entries_st, st.dictionaries(st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from([POINTS, "THB"])),
                                   st.integers(-100, 100), max_size=6), st.randoms(use_true_random=False))
def test_the_streaming_validator_finds_what_the_plain_definitions_find(
        specs: list[tuple[list[Posting], bool, bool, int]], cached: dict[tuple[str, str], int],
        rnd: random.Random) -> None:
    entries: list[Entry] = []
    for n, (postings, balanced, flagged, reverses) in enumerate(specs):
        if balanced:  # most real entries balance: make this one, by a counter-posting per unit
            sums: dict[str, int] = defaultdict(int)
            for p in postings:
                sums[p.unit] += p.amount
            postings = postings + [Posting(ProgramAccount.ADJUSTED.value, u, -t) for u, t in sums.items() if t]
        entries.append(entry(f"e{n}", *postings, flags=(Flag.NEGATIVE_BALANCE,) if flagged else (),
                             reverses=f"e{reverses}" if reverses < n else None))
    rnd.shuffle(entries)  # verify reads device by device: no order may matter
    plain = plain_problems(entries, cached)

    validator = LedgerValidator()
    for e in entries:
        validator.feed(e)
    assert [p.split(":")[0] for p in english(validator.unbalanced())] == plain["unbalanced"]
    assert english(validator.negative_unflagged()) == plain["negative"]
    by_id = {e.id: e for e in entries}
    assert english(validator.over_reversed(by_id)) == plain["reversed"]
    assert validator.balances == derive_balances(entries)
    cache_rows = [(a, u, b) for (a, u), b in cached.items()]
    rnd.shuffle(cache_rows)
    found = validator.finish(iter(cache_rows), lambda ids: by_id)
    assert english(found) == english(validator.problems()) + plain["reversed"] + plain["cache"]
    assert english(validator.problems()) == english(validator.unbalanced()) + plain["negative"]
    # the list functions are the validator too: same problems, same words
    assert all_problems(entries, cached) == found
    assert unbalanced(entries) == validator.unbalanced() and english(over_reversed(entries)) == plain["reversed"]
    assert english(negative_unflagged(entries)) == plain["negative"]
    assert english(cache_mismatches(cached, derive_balances(entries))) == plain["cache"]


def test_the_validator_keeps_no_entry_it_was_fed() -> None:
    """Streaming: after feed() an entry can be freed, so verify's memory does not grow with the ledger."""
    refs: list[weakref.ref[Entry]] = []

    def stream() -> Iterator[Entry]:
        for n in range(1000):
            e = entry(f"e{n}", *transfer(unit=POINTS, amount=n + 1, to_account=ALICE,
                                         from_account=ProgramAccount.ISSUED), reverses=f"e{n - 1}" if n % 2 else None)
            refs.append(weakref.ref(e))
            yield e

    validator = LedgerValidator()
    for e in stream():
        validator.feed(e)
    del e
    gc.collect()
    assert validator.entries == 1000 and not any(r() is not None for r in refs)
    assert validator.finish([(ALICE, POINTS, 500_500), (ProgramAccount.ISSUED.value, POINTS, -500_500)]) == []



def test_a_spend_uses_only_lots_valid_at_that_moment_and_counts_what_it_took_from_dead_ones() -> None:
    book = LotBook(BKK)
    book.add(50, expires_at=T + timedelta(days=30), at=T)
    book.add(20, expires_at=None, at=T)
    later = T + timedelta(days=40)
    assert book.spendable(later) == 20 and book.expired_by(later) == 50 and book.balance == 70
    assert book.spend(15, at=later) == 0  # the valid lot pays
    assert [(lot.amount, lot.expires_at) for lot in book.lots] == [(50, T + timedelta(days=30)), (5, None)]
    assert book.spend(30, at=later) == 25  # 5 valid, then 25 of dead value: a spend of expired points
    assert book.expired_spent == 25
    assert book.spend(25, at=later, expiry=True) == 0 and book.lots == []  # the expiry takes the rest


def test_an_expiry_entry_takes_the_expired_lot_not_the_valid_one() -> None:
    day = timedelta(days=1)
    book = lot_book([Move(30, T + 10 * day, T, "sale_earn"), Move(40, T + 90 * day, T, "sale_earn"),
                     Move(-30, None, T + 20 * day, "expiry")], BKK)
    assert [(lot.amount, lot.expires_at) for lot in book.lots] == [(40, T + 90 * day)]
    assert book.expired_spent == 0
