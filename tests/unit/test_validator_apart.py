"""verify on a device of a hub: the same points spent by two installations while apart leave a member below
zero; that is an overdraft the hub shows as a conflict (or, from a refund elsewhere, a debt), not a broken
ledger. One installation below zero with nothing flagged still is."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    Entry,
    EntryKind,
    ProgramAccount,
    installation_of,
    member_account,
    transfer,
)
from kiosk.domain.validators import LedgerValidator, Problem, awards_given_twice, negative_problem
from tests.support.problems import english

T = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
ALICE = member_account("alice", Bucket.POINTS)


def entry(entry_id: str, device: str, kind: EntryKind, amount: int) -> Entry:
    """`amount` points to Alice (negative: she spends them)."""
    postings = transfer(unit=POINTS, amount=amount, to_account=ALICE, from_account=ProgramAccount.ISSUED) \
        if amount > 0 else transfer(unit=POINTS, amount=-amount, to_account=ProgramAccount.REDEEMED,
                                    from_account=ALICE)
    return Entry(id=entry_id, device_id=device, created_at=T, business_date=T.date(), kind=kind,
                 postings=tuple(postings))


def negatives(*entries: Entry) -> list[Problem]:
    validator = LedgerValidator()
    for e in entries:
        validator.feed(e)
    return validator.negative_unflagged()


def test_spent_by_two_installations_apart_is_not_a_ledger_problem() -> None:
    earned = entry("e", "pc1-C1", EntryKind.SALE_EARN, 50)
    assert negatives(earned, entry("a", "pc1-C1", EntryKind.SALE_REDEEM, -50),
                     entry("b", "pc2-C2", EntryKind.SALE_REDEEM, -50)) == []
    assert negatives(earned, entry("a", "pc1-C1", EntryKind.STAMP_CARD_COMPLETED, -50),
                     entry("b", "pc2-K2", EntryKind.ADJUSTMENT, -50)) == []


def test_below_zero_on_one_installation_is_still_reported() -> None:
    earned = entry("e", "pc1-C1", EntryKind.SALE_EARN, 50)
    problem = [negative_problem(ALICE, POINTS, -50)]
    # The counter and the kiosk of one PC share its database: they cannot spend apart.
    assert negatives(earned, entry("a", "pc1-C1", EntryKind.SALE_REDEEM, -50),
                     entry("b", "pc1-K1", EntryKind.SALE_REDEEM, -50)) == problem
    assert installation_of("3f2a9c-C12") == "3f2a9c"


def test_a_refund_elsewhere_of_what_was_spent_here_is_a_debt() -> None:
    """Found by the property test: stamps used to complete a card on one counter, the sale that gave them
    refunded on another that had not heard of it; the refund takes back stamps already spent."""
    earned = entry("e", "pc1-C1", EntryKind.SALE_EARN, 9)
    assert negatives(earned, entry("a", "pc1-C1", EntryKind.STAMP_CARD_COMPLETED, -9),
                     entry("b", "pc2-C2", EntryKind.REVERSAL, -2)) == []


def test_a_sale_reversed_on_two_installations_apart_is_left_to_the_conflicts() -> None:
    from dataclasses import replace

    from kiosk.cli.hub import conflict_text
    from kiosk.domain.ledger import reversal_postings
    from kiosk.services.ports.hub import HubConflict

    earned = entry("e", "pc1-C1", EntryKind.SALE_EARN, 10)

    def undo(entry_id: str, device: str) -> Entry:
        return replace(entry(entry_id, device, EntryKind.REVERSAL, -10), postings=reversal_postings(earned),
                       reverses_id="e")

    def over(*reversals: Entry) -> list[Problem]:
        validator = LedgerValidator()
        for e in (earned, *reversals):
            validator.feed(e)
        return validator.over_reversed({"e": earned})

    assert over(undo("r1", "pc1-C1"), undo("r2", "pc2-C2")) == []
    assert english(over(undo("r1", "pc1-C1"), undo("r2", "pc1-K1"))) == [
        "ledger entry e is reversed more than in full (by r1, r2)"]
    said = conflict_text(HubConflict(kind="refund_twice", key="refund:s1", member_ids=("alice",),
                                     member_names=("Alice",), receipts=("C1-0001", "C1-R0001", "C2-R0001"),
                                     devices=("pc1-C1", "pc2-C2")))
    assert "sale C1-0001 (Alice) was refunded on devices pc1-C1, pc2-C2" in said and "C2-R0001" in said


def test_an_offer_given_by_two_installations_apart_is_the_hubs_conflict_one_giving_it_twice_is_broken() -> None:
    apart = [("alice", "offer:hundred", "s1", 100, "inst1-C1"), ("alice", "offer:hundred", "s2", 100, "inst2-C1")]
    assert awards_given_twice("offer", apart) == []
    one_pc = [("alice", "offer:hundred", "s1", 100, "inst1-C1"), ("alice", "offer:hundred", "s2", 100, "inst1-K1")]
    assert english(awards_given_twice("offer", one_pc)) == ["offer:hundred was given 2 times to member alice"]
    # a promotion stays once per sale wherever it was given: no sync makes two devices write one sale
    assert awards_given_twice("promotion", [(m, "promotion:x2", "s1", 100, d) for m, _, _, _, d in apart])


def test_a_challenge_completed_on_two_installations_apart_is_the_hubs_conflict_one_giving_it_twice_is_broken(
        ) -> None:
    def given(*devices: str) -> list[tuple[str, str, str | None, int, str]]:
        return [("alice", "challenge:visits:2026-W49", f"s{i}", 100, d) for i, d in enumerate(devices)]

    assert awards_given_twice("challenge", given("inst1-C1", "inst2-C1")) == []
    assert english(awards_given_twice("challenge", given("inst1-C1", "inst1-K1"))) == [
        "challenge:visits:2026-W49 was given 2 times to member alice"]
    assert english(awards_given_twice("challenge", given("inst1-C1", "inst2-C1", "inst2-K1"))) == [
        "challenge:visits:2026-W49 was given 2 times to member alice"]
