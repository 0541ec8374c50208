"""`kiosk verify` on the fakes: every device's chain is read once, and what the domain's validators find is
reported in their words, including a second reversal, which the database's unique index normally refuses."""

from __future__ import annotations

from kiosk.domain.commands import RefundSale
from kiosk.domain.ids import new_id
from kiosk.domain.ledger import (
    GENESIS_HASH,
    ChainedEntry,
    Entry,
    EntryKind,
    chain_hash,
    installation_of,
    reversal_postings,
)
from kiosk.domain.validators import all_problems
from tests.support.problems import english
from tests.unit.fakes import Shop, cafe_programs, enroll, line, make_shop, sell


def append_behind_the_guard(shop: Shop, entry: Entry) -> None:
    """As a copy of the database that lost its unique index on reverses_id would take it: chained, cached."""
    state = shop.store.state
    head_key = f"chain_head:{entry.device_id}"
    prev = state.kv.get(head_key, GENESIS_HASH)
    digest = chain_hash(prev, entry)
    state.entries.append(ChainedEntry(entry, prev, digest))
    state.kv[head_key] = digest
    for p in entry.postings:
        state.balances[(p.account, p.unit)] = state.balances.get((p.account, p.unit), 0) + p.amount


def in_verify_order(shop: Shop) -> list[Entry]:
    entries = shop.state.ledger_entries
    return [e for device in sorted({e.device_id for e in entries}) for e in entries if e.device_id == device]


def test_a_second_reversal_from_another_device_is_named() -> None:
    shop = make_shop(cafe_programs())
    member = enroll(shop)
    sale = sell(shop, line("LATTE", price="65"), line(price="400"), member=member.member_code)
    shop.refunds.refund(RefundSale(command_id="refund", receipt_no=sale.receipt_no, approved_by=shop.manager_id))
    assert shop.verify.run().ok
    earn = next(e for e in shop.state.ledger_entries if e.sale_id == sale.sale_id and e.kind == EntryKind.SALE_EARN)
    first = next(e for e in shop.state.ledger_entries if e.reverses_id == earn.id)
    # Another device of the same PC (installation), sharing its database: it cannot have refunded apart. (Two
    # installations of a hub that did is a conflict the hub lists: tests/unit/test_validator_apart.py.)
    other = f"{installation_of(first.device_id)}-K9"
    second = Entry(id=new_id(), device_id=other, created_at=first.created_at, business_date=first.business_date,
                   kind=EntryKind.REVERSAL, postings=reversal_postings(earn), reverses_id=earn.id)
    append_behind_the_guard(shop, second)

    report = shop.verify.run()
    by = (first.id, second.id) if first.device_id < other else (second.id, first.id)
    said = english(report.problems)
    assert f"ledger entry {earn.id} is reversed more than in full (by {by[0]}, {by[1]})" in said
    assert any(p.startswith(f"member:{member.member_id}:") and "negative" in p for p in said)
    assert report.problems == tuple(all_problems(in_verify_order(shop), shop.state.balances))
    assert report.entries_checked == len(shop.state.entries)


def test_verify_reads_every_device_and_every_cached_balance() -> None:
    shop = make_shop(cafe_programs())
    member = enroll(shop)
    sale = sell(shop, line("LATTE", price="65"), member=member.member_code)
    earn = next(e for e in shop.state.ledger_entries if e.sale_id == sale.sale_id and e.kind == EntryKind.SALE_EARN)
    # another till's entry that the cache never heard of, and a cached balance that no entry explains
    other = Entry(id=new_id(), device_id="till-2", created_at=earn.created_at, business_date=earn.business_date,
                  kind=EntryKind.ADJUSTMENT, postings=earn.postings)
    append_behind_the_guard(shop, other)
    for p in other.postings:
        shop.state.balances[(p.account, p.unit)] -= p.amount
    shop.state.balances[("member:ghost:points", "PTS")] = 5

    report = shop.verify.run()
    assert report.problems == tuple(all_problems(in_verify_order(shop), shop.state.balances))
    said = english(report.problems)
    assert "cached balance of member:ghost:points PTS is 5, the ledger says 0" in said
    assert sum(p.startswith("cached balance of ") for p in said) == 1 + len(
        {(p.account, p.unit) for p in other.postings})
