"""Expired value is dead the day it expires: never spent, never shown as a balance, written off by the app itself,
and any spend of it that reached the ledger is named by `kiosk verify` (issue 13, item 1)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.errors import InsufficientBalance
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, reward_unit, transfer
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.text import Localized
from kiosk.services.common import EntryWriter
from kiosk.services.context import FixedClock
from tests.support.language import set_shop_language
from tests.support.problems import english

T0 = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok
PHONE = "0812345678"
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
CAKE = CartLine("Cake", Money(10000), 1, "CAKE")


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Wiring, FixedClock]]:
    clock = FixedClock(T0)
    with wire(load_settings(data_dir=tmp_path), clock=clock) as wiring:
        wiring.services.enrollment.enroll(EnrollMember(command_id="join", name="Somchai Jaidee", phone=PHONE,
                                                       consent_version="2026-01"))
        yield wiring, clock


def sale(wiring: Wiring, command_id: str, *lines: CartLine, **redemptions: object) -> None:
    wiring.services.checkout.record_sale(RecordSale(command_id=command_id, lines=lines, member_code=PHONE,
                                                    print_receipt=False, **redemptions))  # type: ignore[arg-type]


def coffees(wiring: Wiring, clock: FixedClock, n: int) -> None:
    """One latte a day (a stamp a visit, and under the fraud limit of earning sales a day)."""
    for i in range(n):
        sale(wiring, f"coffee-{i}", LATTE)
        clock.advance(days=1)


def test_points_past_their_date_cannot_be_spent_and_are_not_shown(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    app = wiring.services
    assert app.accounts.account(PHONE).points == 50  # the sign-up bonus, 12 months to live
    clock.advance(days=396)  # 13 months on; nothing has run `kiosk expire`
    assert app.accounts.account(PHONE).points == 0
    with pytest.raises(InsufficientBalance) as refused:
        sale(wiring, "spend-dead-points", CAKE, points_to_spend=40)
    assert refused.value.code == "program.not_enough_points_expired"  # says what expired, and when
    assert (refused.value.params["expired"], refused.value.params["day"]) == (50, date(2027, 1, 10))
    assert app.verify.run().ok


def test_a_sale_after_points_passed_their_date_shows_only_the_live_points(shop: tuple[Wiring, FixedClock]) -> None:
    """The sale reads which units hold a lot past its date once; its receipt's balance, after its entries, still
    leaves the dead points out, as a fresh read does."""
    wiring, clock = shop
    clock.advance(days=396)  # the sign-up bonus is past its date and nothing has written it off
    result = wiring.services.checkout.record_sale(RecordSale(command_id="late", lines=(CAKE,), member_code=PHONE,
                                                             print_receipt=False))
    assert result.points_earned > 0
    assert result.points_balance == result.points_earned == wiring.services.accounts.account(PHONE).points
    assert wiring.services.verify.run().ok


def test_a_free_coffee_past_its_date_cannot_be_used(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    app = wiring.services
    card = app.ctx.programs.stamp_card("coffee")
    assert card is not None and card.reward_expiry_months == 6
    coffees(wiring, clock, card.required)
    assert app.accounts.account(PHONE).stamp_cards[0].rewards_ready == 1
    clock.advance(days=200)
    assert app.accounts.account(PHONE).stamp_cards[0].rewards_ready == 0
    with pytest.raises(InsufficientBalance) as refused:
        sale(wiring, "free-coffee", LATTE, stamp_rewards=("coffee",))
    assert refused.value.code == "program.no_stamp_reward_expired"  # says the free coffee expired, and when


def test_expiring_soon_names_points_store_credit_and_free_items(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    app = wiring.services
    card = app.ctx.programs.stamp_card("coffee")
    assert card is not None
    sale(wiring, "big-cake", CartLine("Cake", Money(50000), 1, "CAKE"))  # earns cashback (store credit)
    coffees(wiring, clock, card.required)
    clock.advance(days=160)  # the free coffee has about ten days left
    soon = {e.kind: e for e in app.accounts.account(PHONE).expiring}
    assert soon["reward"].amount == 1 and soon["reward"].reward == Localized.of(card.reward_label)
    clock.advance(days=185)  # a year on: the points and the credit go within the month
    soon = {e.kind for e in app.accounts.account(PHONE).expiring}
    assert {"points", "credit"} <= soon


def test_the_app_writes_expired_value_off_by_itself_and_it_counts_as_breakage(
        shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    app = wiring.services
    card = app.ctx.programs.stamp_card("coffee")
    assert card is not None
    sale(wiring, "big-cake", CartLine("Cake", Money(50000), 1, "CAKE"))
    coffees(wiring, clock, card.required)
    held = wiring.services.accounts.account(PHONE)
    assert held.credit.minor > 0 and held.stamp_cards[0].rewards_ready == 1
    clock.advance(days=400)
    stop = threading.Event()
    worker = threading.Thread(target=app.expiry.worker, args=(stop,), daemon=True)
    worker.start()  # what start_workers() runs: an expiry pass at start-up, then daily
    deadline = time.monotonic() + 10
    while _expiry_entries(wiring) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    worker.join(timeout=5)
    assert _expiry_entries(wiring) == 3  # points, store credit and the free coffee
    with wiring.uow_factory(readonly=True) as uow:
        balances = uow.ledger.member_balances(held.member_id)
    assert balances.get(POINTS, 0) == 0 and balances.get(app.ctx.currency, 0) == 0
    assert balances.get(reward_unit("coffee"), 0) == 0
    assert "expiry" in app.workers.workers
    liability = app.analytics().liability()
    assert liability.points == 0 and liability.credit_minor == 0 and liability.stamp_rewards == 0
    assert app.verify.run().ok


def test_verify_names_a_spend_of_expired_points(shop: tuple[Wiring, FixedClock]) -> None:
    wiring, clock = shop
    member_id = wiring.services.accounts.account(PHONE).member_id
    clock.advance(days=400)
    with wiring.uow_factory() as uow:  # what the old checkout did: spend points a year past their date
        writer = EntryWriter(uow, wiring.services.ctx, clock.now(), "old-till-sale")
        entry = writer.write(kind=EntryKind.SALE_REDEEM, member_id=member_id,
                             postings=transfer(unit=POINTS, amount=40, to_account=ProgramAccount.REDEEMED,
                                               from_account=member_account(member_id, Bucket.POINTS)))
        uow.commit()
    problems = english(wiring.services.verify.run().problems)
    assert problems == [f"ledger entry {entry.id} spent 40 PTS of member {member_id} that had already expired"]


def _expiry_entries(wiring: Wiring) -> int:
    from sqlalchemy import func, select

    from kiosk.adapters.db import tables as t

    with wiring.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.ledger_entries)
                                .where(t.ledger_entries.c.kind == EntryKind.EXPIRY.value)).scalar_one())


def _new_shop(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shop made as a script sets one up (its first owner): a folder with no shop is refused by the commands."""
    from kiosk.cli import main

    monkeypatch.delenv("KIOSK_OWNER_PIN", raising=False)
    owner = ["staff", "add", "--name", "Ploy", "--role", "owner", "--pin", "9999"]
    assert main(["--data-dir", str(data_dir), *owner]) == 0


def test_a_sale_thirteen_months_on_is_refused_at_the_command_line(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_NOW", "2026-01-10T10:00:00+07:00")
    set_shop_language(tmp_path, "en")  # the refusal below is read in English
    _new_shop(tmp_path, monkeypatch)
    assert main(["--data-dir", str(tmp_path), "member", "enroll", "--name", "Somchai Jaidee", "--phone", PHONE]) == 0
    monkeypatch.setenv("KIOSK_NOW", "2027-02-11T10:00:00+07:00")
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "sale", "--member", PHONE, "--amount", "100", "--points", "40"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "points" in err[0]
    assert main(["--data-dir", str(tmp_path), "member", "show", PHONE, "--json"]) == 0
    assert '"points": 0' in capsys.readouterr().out


def test_member_show_says_what_expires_in_the_readers_language(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_NOW", "2026-01-10T10:00:00+07:00")
    _new_shop(tmp_path, monkeypatch)
    assert main(["--data-dir", str(tmp_path), "member", "enroll", "--name", "Somchai Jaidee", "--phone", PHONE]) == 0
    monkeypatch.setenv("KIOSK_NOW", "2026-12-20T10:00:00+07:00")  # the sign-up bonus has three weeks left
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "--language", "th", "member", "show", PHONE]) == 0
    thai = [line for line in capsys.readouterr().out.splitlines() if "หมดอายุ" in line]
    assert thai == ["หมดอายุ 10 ม.ค. 2570: 50 แต้ม"]
    assert main(["--data-dir", str(tmp_path), "--language", "en", "member", "show", PHONE]) == 0
    assert "Expiring 10 Jan 2027: 50 points" in capsys.readouterr().out.splitlines()
