"""`kiosk verify` on a real SQLite file names exactly the problems the domain's validators name, in their words:
a shop is broken one way at a time behind the app's back, then read back with plain sqlite3 for the validators."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.domain.commands import RefundSale
from kiosk.domain.ledger import Entry, Flag, Posting
from kiosk.domain.validators import all_problems
from tests.integration.test_trust_support import START, Shop, make_shop, raw
from tests.support.problems import english

SOMCHAI, NOK = "0812345678", "0898765432"
NAMES = {SOMCHAI: "Somchai Jaidee", NOK: "Nok"}


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path)
    shop.enroll(SOMCHAI)
    shop.enroll(NOK, name="Nok")
    for _ in range(3):
        shop.sale(SOMCHAI, "LATTE")
    shop.sale(NOK, "MOCHA", "CAKE")
    refunded = shop.sale(SOMCHAI, "CAKE")
    shop.app.services.refunds.refund(RefundSale(command_id="refund", receipt_no=refunded.receipt_no,
                                       approved_by=shop.staff["manager"], print_slip=False))
    return shop


def read_back(db_path: Path) -> tuple[list[Entry], dict[tuple[str, str], int]]:
    """The ledger and the cache as plain sqlite3 sees them, in verify's order (device, then chain)."""
    conn = raw(db_path)
    postings: dict[str, list[Posting]] = defaultdict(list)
    for entry_id, account, unit, amount in conn.execute(
            "SELECT entry_id, account, unit, amount FROM postings ORDER BY seq"):
        postings[entry_id].append(Posting(account, unit, amount))
    entries = [Entry(id=entry_id, device_id=device, created_at=START, business_date=START.date(), kind=kind,
                     postings=tuple(postings[entry_id]), reverses_id=reverses_id,
                     flags=tuple(f for f in flags.split(",") if f))
               for entry_id, device, kind, reverses_id, flags in conn.execute(
                   "SELECT id, device_id, kind, reverses_id, flags FROM ledger_entries ORDER BY device_id, seq")]
    cached = {(account, unit): balance
              for account, unit, balance in conn.execute("SELECT account, unit, balance FROM account_balances")}
    conn.close()
    return entries, cached


def is_chain_problem(problem: str) -> bool:
    return (problem.startswith("device ") or problem.endswith(": its contents were edited after it was written")
            or problem.endswith("(chain broken)"))


def account_of(conn: sqlite3.Connection, phone: str) -> str:
    return str(conn.execute("SELECT p.account FROM postings p JOIN members m ON m.id = p.member_id "
                            "WHERE m.name = ? AND p.unit = 'PTS' LIMIT 1", (NAMES[phone],)).fetchone()[0])


def first_earn(conn: sqlite3.Connection, phone: str) -> str:
    return str(conn.execute("SELECT e.id FROM ledger_entries e JOIN members m ON m.id = e.member_id "
                            "WHERE m.name = ? AND e.kind = 'sale_earn' ORDER BY e.seq LIMIT 1",
                            (NAMES[phone],)).fetchone()[0])


def recompute_cache(conn: sqlite3.Connection) -> None:
    """What a careful forger does after editing postings: make the cached balances agree with them."""
    conn.execute("DELETE FROM account_balances")
    conn.execute("INSERT INTO account_balances (account, unit, member_id, balance) "
                 "SELECT account, unit, max(member_id), sum(amount) FROM postings GROUP BY account, unit")


def turn_nok_negative(conn: sqlite3.Connection, *, flag: bool) -> str:
    """Every entry that touched Nok's points turned around (still balanced), and the cache made to match."""
    account = account_of(conn, NOK)
    touched = "SELECT entry_id FROM postings WHERE account = ? AND unit = 'PTS'"
    conn.execute(f"UPDATE postings SET amount = -amount WHERE entry_id IN ({touched})", (account,))
    if flag:
        conn.execute(f"UPDATE ledger_entries SET flags = ? WHERE id IN ({touched})", (Flag.NEGATIVE_BALANCE, account))
    recompute_cache(conn)
    return f"{account} has a negative PTS balance"


def edit_a_posting(conn: sqlite3.Connection) -> str:
    earn = first_earn(conn, SOMCHAI)
    conn.execute("UPDATE postings SET amount = amount + 7 WHERE seq = (SELECT min(seq) FROM postings "
                 "WHERE entry_id = ? AND unit = 'PTS' AND amount > 0)", (earn,))
    return f"ledger entry {earn} does not balance: PTS 7"


def delete_an_entrys_postings(conn: sqlite3.Connection) -> str:
    earn = first_earn(conn, SOMCHAI)
    conn.execute("DELETE FROM postings WHERE entry_id = ?", (earn,))
    return f"ledger entry {earn} does not balance: no postings"


def edit_a_cached_balance(conn: sqlite3.Connection) -> str:
    account = account_of(conn, SOMCHAI)
    conn.execute("UPDATE account_balances SET balance = balance + 100 WHERE account = ? AND unit = 'PTS'", (account,))
    return f"cached balance of {account} PTS is "


def delete_a_cached_balance(conn: sqlite3.Connection) -> str:
    account = account_of(conn, SOMCHAI)
    conn.execute("DELETE FROM account_balances WHERE account = ? AND unit = 'PTS'", (account,))
    return f"cached balance of {account} PTS is 0, the ledger says "


def cache_an_account_with_no_postings(conn: sqlite3.Connection) -> str:
    conn.execute("INSERT INTO account_balances (account, unit, member_id, balance) "
                 "VALUES ('member:ghost:points', 'PTS', 'ghost', 500)")
    return "cached balance of member:ghost:points PTS is 500, the ledger says 0"


def delete_an_entry_but_keep_its_postings(conn: sqlite3.Connection) -> str:
    """The ledger is its entries: postings whose entry is gone no longer count, so the cache disagrees."""
    earn = first_earn(conn, NOK)
    conn.execute("DELETE FROM ledger_entries WHERE id = ?", (earn,))  # plain sqlite3 does not enforce the FK
    return f"cached balance of {account_of(conn, NOK)} PTS is "


BREAKAGES: dict[str, Callable[[sqlite3.Connection], str | None]] = {
    "nothing": lambda conn: None,
    "edited posting": edit_a_posting,
    "entry without postings": delete_an_entrys_postings,
    "unflagged negative balance": lambda conn: turn_nok_negative(conn, flag=False),
    "flagged negative balance": lambda conn: turn_nok_negative(conn, flag=True) and None,
    "edited cached balance": edit_a_cached_balance,
    "deleted cached balance": delete_a_cached_balance,
    "cached balance of nothing": cache_an_account_with_no_postings,
    "deleted entry, postings kept": delete_an_entry_but_keep_its_postings,
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_verify_names_what_the_validators_name(shop: Shop, breakage: str) -> None:
    conn = raw(shop.db_path)
    for table in ("ledger_entries", "postings"):
        for action in ("update", "delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    expected_start = BREAKAGES[breakage](conn)
    conn.close()

    report = shop.app.services.verify.run()
    entries, cached = read_back(shop.db_path)
    validators_say = all_problems(entries, cached)
    assert report.problems[:len(validators_say)] == tuple(validators_say)
    rest = report.problems[len(validators_say):]
    # postings whose entry is gone are named as such too (0028: an entry's postings are read by its range)
    strays = [p for p in rest if p.code == "verify.stray_posting"]
    assert all(is_chain_problem(p) for p in english(tuple(p for p in rest if p not in strays))), report.problems
    assert bool(strays) == (breakage == "deleted entry, postings kept"), strays
    assert report.entries_checked == len(entries)
    if expected_start is None:
        assert validators_say == []
    else:
        assert any(p.startswith(expected_start) for p in english(validators_say)), validators_say
