"""A sale reads the member's state once: the tier row, the year's qualifying sum, the signing key and the
balances are not fetched again for the tier update and the receipt (they were read 2-4 times each), and the
result is the same."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from kiosk.adapters.db import tables as t
from kiosk.adapters.db.repositories.ledger import SqlLedger
from kiosk.adapters.db.uow import SqlUnitOfWork
from kiosk.domain.commands import RecordSale
from kiosk.domain.documents import SaleReceipt, document_from_json
from kiosk.domain.ledger import POINTS, Bucket, Entry, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import T0, enroll, open_app
from tests.unit.fakes import FakeLedger, FakeState

BKK = ZoneInfo("Asia/Bangkok")  # the shop's time zone (the settings' default)


def reads_of(app: Any, words: str) -> list[str]:
    """The SELECT statements (whitespace folded) containing `words` the app's engine sends from now on, as they
    are sent; the listener goes with the engine when the test's app closes."""
    seen: list[str] = []

    @event.listens_for(app.engine, "before_cursor_execute")
    def keep(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        text = " ".join(statement.split())
        if text.startswith("SELECT") and words in text:
            seen.append(text)

    return seen


def test_a_member_sale_reads_tier_qualifying_sum_and_key_once(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        seen: Counter[str] = Counter()

        @event.listens_for(app.engine, "before_cursor_execute")
        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            text = " ".join(statement.split())
            for table in ("FROM member_tiers", "FROM signing_keys", "FROM sales WHERE", "FROM account_balances"):
                if text.startswith("SELECT") and table in text:
                    seen[table] += 1

        # ฿3,000 of cake crosses the Silver threshold: the tier moves in this very sale
        big = CartLine("Cake", Money(300000), 1, "CAKE")
        result = app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(big,), member_code=code))
        # the balances are read before the sale; its entries move them as they move account_balances
        assert seen == Counter({"FROM member_tiers": 1, "FROM signing_keys": 1, "FROM sales WHERE": 1,
                                "FROM account_balances": 1})
        account = app.services.accounts.account(code)
        assert account.tier is not None and result.tier == account.tier.label
        assert result.tier_changed_from is not None and result.tier_changed_from != result.tier
        assert result.points_balance == account.points


def test_a_member_sale_reads_a_lapsed_units_lots_once_and_its_receipt_agrees(tmp_path: Path) -> None:
    """Points past their date and not yet written off: the sale reads their lots to price it, and its receipt's
    balance and expiring points come from the same lots with the sale's own postings added (they were read
    again, twice), and say what a fresh read says."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        months = app.settings.context.programs.points.expiry_months
        assert months, "the default programme lets points expire"
        code = enroll(app)
        latte = CartLine("Latte", Money(6500), 2, "LATTE")
        app.services.checkout.record_sale(RecordSale(command_id="old", lines=(latte,), member_code=code))
        clock.advance(days=31 * months + 5)  # those points are past their date; no expiry run has taken them
        app.services.checkout.record_sale(RecordSale(command_id="mid", lines=(latte,), member_code=code))
        clock.advance(days=30 * months - 5)  # the middle sale's points expire within the month now
        lots = reads_of(app, "postings.amount, postings.expires_at")

        result = app.services.checkout.record_sale(RecordSale(command_id="new", lines=(latte,), member_code=code,
                                                              print_receipt=True))
        # points once (to price the sale), the store credit once (for the receipt's expiring list)
        assert len(lots) == 2, lots
        account = app.services.accounts.account(code)
        assert result.points_balance == account.points
        # the lapsed points are not counted; the two live sales' are
        assert account.points == 2 * result.points_earned
        with app.engine.connect() as conn:
            receipt = document_from_json(conn.execute(select(t.print_jobs.c.document_json)
                                                      .where(t.print_jobs.c.id == result.print_job)).scalar_one())
        assert isinstance(receipt, SaleReceipt) and receipt.loyalty is not None
        assert account.expiring, "the middle sale's points are expiring soon"
        assert receipt.loyalty.expiring_soon == account.expiring


def test_the_kept_lots_follow_entries_appended_in_the_transaction_in_the_databases_order(tmp_path: Path) -> None:
    """The ledger keeps a member's postings for the transaction and adds the entries it appends; an entry older
    than the last one kept (a clock set back) makes that history read again, so what it answers is always what
    a fresh read of the database says (ORDER BY the entry's time, then as written)."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        member = app.services.accounts.account(code).member_id
        account = member_account(member, Bucket.POINTS)

        def earn(entry_id: str, at: datetime, points: int) -> Entry:
            return Entry(id=entry_id, device_id="D1", created_at=at, business_date=at.date(),
                         kind=EntryKind.ADJUSTMENT, member_id=member,
                         postings=transfer(unit=POINTS, amount=points, to_account=account,
                                           from_account=ProgramAccount.ISSUED,
                                           expires_at=at + timedelta(days=365)))

        with app.uow_factory() as uow:
            uow.ledger.add(earn("e1", T0 + timedelta(hours=1), 10))
            kept = uow.ledger.member_postings(member, POINTS)
            uow.ledger.add(earn("e2", T0 + timedelta(hours=2), 20))  # newer: added to what is kept
            after_newer = uow.ledger.member_postings(member, POINTS)
            uow.ledger.add(earn("e3", T0 + timedelta(minutes=30), 30))  # older than what is kept: read again
            after_older = uow.ledger.member_postings(member, POINTS)
            of = uow.ledger.member_postings_of(member, [POINTS])[POINTS]
            uow.commit()
        with app.uow_factory(readonly=True) as uow:
            fresh = uow.ledger.member_postings(member, POINTS)
        assert [p.amount for p in kept] == [50, 10]  # the signup bonus at T0, then e1
        assert [p.amount for p in after_newer] == [50, 10, 20]
        assert after_older == of == fresh and [p.amount for p in fresh] == [50, 30, 10, 20]


def test_a_receipt_reads_a_units_history_only_when_a_lot_of_it_may_end_soon(tmp_path: Path) -> None:
    """The receipt's expiring list needs the lot book of each unit, built from the member's whole history (a
    sale's largest read). Only a unit with a lot dated within the horizon can have anything expire soon: a sale
    whose member has none reads no history for its receipt; one whose points end within the horizon reads the
    points' once, and the receipt says what a fresh read of the account says."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        months = app.settings.context.programs.points.expiry_months
        horizon = app.settings.context.policy.expiring_soon_days
        assert months and horizon, "the default programme lets points expire and warns before"
        code = enroll(app)
        latte = CartLine("Latte", Money(6500), 2, "LATTE")
        app.services.checkout.record_sale(RecordSale(command_id="first", lines=(latte,), member_code=code))
        lots = reads_of(app, "postings.amount, postings.expires_at")

        def receipt_of(command_id: str) -> SaleReceipt:
            result = app.services.checkout.record_sale(RecordSale(command_id=command_id, lines=(latte,),
                                                                  member_code=code, print_receipt=True))
            with app.engine.connect() as conn:
                found = document_from_json(conn.execute(select(t.print_jobs.c.document_json).where(
                    t.print_jobs.c.id == result.print_job)).scalar_one())
            assert isinstance(found, SaleReceipt) and found.loyalty is not None
            return found

        clock.advance(days=1)
        quiet = receipt_of("quiet")
        assert lots == [] and quiet.loyalty is not None and quiet.loyalty.expiring_soon == ()
        assert app.services.accounts.account(code).expiring == ()
        clock.advance(days=30 * months - horizon // 2)  # the first sales' points now end within the horizon
        lots.clear()
        soon = receipt_of("soon")
        assert len(lots) == 1 and "PTS" not in lots[0]  # one read, the unit a parameter
        assert soon.loyalty is not None and soon.loyalty.expiring_soon
        assert soon.loyalty.expiring_soon == app.services.accounts.account(code).expiring


def test_the_kept_lot_dates_follow_entries_appended_in_the_transaction(tmp_path: Path) -> None:
    """What the ledger keeps of a member's lot dates for the transaction (which units hold a lot past its date,
    which a lot ending by a given day) moves with the entries the transaction appends: after each, it says what
    a fresh read of the transaction's database and the fake ledger say."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        member = "m-lots"  # no enrolment: these entries are all the member's history
        account = member_account(member, Bucket.POINTS)
        now, until = T0 + timedelta(days=2), T0 + timedelta(days=32)

        def lot(entry_id: str, points: int, days: int, kind: EntryKind = EntryKind.ADJUSTMENT) -> Entry:
            # an expiry after the lapsed lot's day (T0 + 1 day, good through that day in Bangkok), before `now`
            expiry = kind == EntryKind.EXPIRY
            to, source = (ProgramAccount.EXPIRED, account) if expiry else (account, ProgramAccount.ISSUED)
            at = T0 + timedelta(hours=40 if expiry else 1)
            return Entry(id=entry_id, device_id="D1", created_at=at, business_date=at.date(), kind=kind,
                         member_id=member,
                         postings=transfer(unit=POINTS, amount=points, to_account=to, from_account=source,
                                           expires_at=T0 + timedelta(days=days)))

        steps = [lot("far", 10, 400),  # a lot ending beyond the window
                 lot("soon", 20, 10),  # one ending within it: the unit now counts
                 lot("lapsed", 5, 1),  # one already past its date at `now`: read again, and it is past
                 lot("expired", 5, 1, EntryKind.EXPIRY)]  # written off: read again, nothing past
        fake = FakeLedger(FakeState())
        kept, fresh, faked = [], [], []
        with app.uow_factory() as uow:
            assert uow.ledger.units_with_lots_ending(member, now, until, BKK) == set()  # asked before: kept from here
            for step in steps:
                uow.ledger.add(step)
                fake.add(step)
                kept.append((uow.ledger.units_with_lots_ending(member, now, until, BKK),
                             uow.ledger.units_with_unexpired_writeoff(member, now, BKK)))
                assert isinstance(uow, SqlUnitOfWork) and uow.conn is not None
                reread = SqlLedger(uow.conn)
                fresh.append((reread.units_with_lots_ending(member, now, until, BKK),
                              reread.units_with_unexpired_writeoff(member, now, BKK)))
                faked.append((fake.units_with_lots_ending(member, now, until, BKK),
                              fake.units_with_unexpired_writeoff(member, now, BKK)))
        assert kept == fresh == faked == [(set(), []), ({POINTS}, []), ({POINTS}, [POINTS]), ({POINTS}, [])]


def test_what_a_member_earned_today_is_read_once_and_follows_the_entries_appended(tmp_path: Path) -> None:
    """The fraud limit's count of a member's earning entries today and the stamps their sales gave come from one
    read, kept for the transaction until it appends an entry; after that they say what the database says."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        latte = CartLine("Latte", Money(6500), 2, "LATTE")
        app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(latte,), member_code=code))
        member = app.services.accounts.account(code).member_id
        day = T0.date()
        reads: list[str] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if "FROM ledger_entries LEFT OUTER JOIN postings" in " ".join(statement.split()):
                reads.append(statement)

        stamps = member_account(member, Bucket.STAMPS)
        with app.uow_factory() as uow:
            before = (uow.ledger.earn_entries_today(member, day), uow.ledger.stamps_earned_on(member, day))
            assert len(reads) == 1
            card = next(iter(before[1]))
            uow.ledger.add(Entry(id="more", device_id="D1", created_at=T0 + timedelta(hours=1), business_date=day,
                                 kind=EntryKind.SALE_EARN, member_id=member,
                                 postings=transfer(unit=card, amount=3, to_account=stamps,
                                                   from_account=ProgramAccount.ISSUED)))
            after = (uow.ledger.earn_entries_today(member, day), uow.ledger.stamps_earned_on(member, day))
            assert len(reads) == 2
            assert isinstance(uow, SqlUnitOfWork) and uow.conn is not None
            fresh = SqlLedger(uow.conn)
            assert after == (fresh.earn_entries_today(member, day), fresh.stamps_earned_on(member, day))
        event.remove(app.engine, "before_cursor_execute", count)
        assert before[0] == 1 and after == (2, {card: before[1][card] + 3})


def test_a_sale_reads_the_members_cards_once_and_a_new_card_is_seen_at_once(tmp_path: Path) -> None:
    """The scanned card is checked and the receipt's member code signed with the active card from one read of the
    member's cards; a card revoked or issued in the transaction is what the next question sees."""
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        reads: list[str] = []

        @event.listens_for(app.engine, "before_cursor_execute")
        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().startswith("SELECT") and "FROM member_cards" in statement:
                reads.append(statement)

        result = app.services.checkout.record_sale(RecordSale(
            command_id="s1", lines=(CartLine("Latte", Money(6500), 1, "LATTE"),), member_code=code))
        assert result.points_earned > 0 and len(reads) == 1
        event.remove(app.engine, "before_cursor_execute", count)
        member = app.services.accounts.account(code).member_id
        with app.uow_factory() as uow:
            first = uow.members.active_card(member)
            assert first is not None and uow.members.card(member, first.serial) == first
            uow.members.revoke_cards(member, T0 + timedelta(hours=1))
            assert uow.members.active_card(member) is None
            revoked = uow.members.card(member, first.serial)
            assert revoked is not None and revoked.revoked_at is not None
            uow.members.add_card(replace(first, id="card-2", serial=first.serial + 1, revoked_at=None))
            active = uow.members.active_card(member)
            assert active is not None and active.serial == first.serial + 1
            assert [c.serial for c in uow.members.cards(member)] == [first.serial, first.serial + 1]
