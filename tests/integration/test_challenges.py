"""Challenges on a real SQLite file: the bonus on the sale that completes one, once per period; taken back when
that sale is refunded and the challenge falls short, then completed again; a new week starts it afresh; the
progress line on the account and the receipt; verify stays clean."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale, RefundLine, RefundSale
from kiosk.domain.documents import SaleReceipt, document_from_json
from kiosk.domain.ledger import EntryKind
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.domain.text import Localized
from kiosk.l10n.catalogue import say
from kiosk.services.context import FixedClock
from tests.support.problems import english
from tests.unit.fakes import cached_pin_hash

MON = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # Monday 30 November 2026, 10:00 in Bangkok
LATTE = CartLine("Latte", Money(6500), 1, "LATTE")
TEA = CartLine("Thai iced tea", Money(6000), 1, "THAI_TEA")
CAKE = CartLine("Coconut cake slice", Money(9500), 1, "CAKE")

CHALLENGES = """
[[challenges]]
id = "visit3"
name = "Visit 3 times this week"
name_th = "มา 3 ครั้งในสัปดาห์นี้"
kind = "visits"
target = 3
period = "week"
points = 100

[[challenges]]
id = "spend"
name = "Spend 300 baht on visits with cake, in 7 days"
kind = "spend"
skus = ["CAKE"]
target = "300"
period = "days"
days = 7
points = 40
"""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MON)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[Wiring]:
    (tmp_path / "config.toml").write_text(CHALLENGES, encoding="utf-8")
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=MON)
            uow.commit()
        yield app


def enroll(app: Wiring) -> str:
    return app.services.enrollment.enroll(EnrollMember(command_id="join", name="Somchai Jaidee", phone="0812345678",
                                                       consent_version="2026-01")).member_code


def sale(app: Wiring, command_id: str, code: str, *lines: CartLine):  # type: ignore[no-untyped-def]
    return app.services.checkout.record_sale(RecordSale(command_id=command_id, lines=lines or (LATTE,),
                                                        member_code=code))


def refund(app: Wiring, command_id: str, receipt_no: str, *lines: RefundLine):  # type: ignore[no-untyped-def]
    return app.services.refunds.refund(RefundSale(command_id=command_id, receipt_no=receipt_no, lines=lines,
                                                  approved_by="manager"))


def net_awards(app: Wiring) -> dict[str, int]:
    with app.uow_factory(readonly=True) as uow:
        rows = uow.ledger.awards(EntryKind.CHALLENGE.value)
    out: dict[str, int] = {}
    for row in rows:
        out[row.memo] = out.get(row.memo, 0) + row.amount
    return out


def test_completed_refunded_and_completed_again(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    first = sale(app, "v1", code)
    assert [(c.challenge_id, c.progress, c.target) for c in first.challenges] == [("visit3", 1, 3), ("spend", 0, 30000)]
    standing = first.challenges[0].standing("THB")  # the name in both languages: each edge says its own
    assert say(standing, "en") == "Visit 3 times this week: 1 of 3 visits: 2 more by Sunday 6 Dec 2026 for +100 points"
    assert say(standing, "th") == ("มา 3 ครั้งในสัปดาห์นี้: 1 จาก 3 ครั้ง อีก 2 ครั้ง ภายในวันอาทิตย์ที่ 6 ธ.ค. 2569 "
                                   "รับ +100 แต้ม")
    sale(app, "v1b", code)  # the same day again: still one visit
    clock.advance(days=1)
    second = sale(app, "v2", code)
    assert second.challenges[0].progress == 2 and second.challenges_completed == ()
    with app.engine.connect() as conn:
        text = conn.execute(select(t.print_jobs.c.document_json).where(t.print_jobs.c.id == second.print_job)).scalar()
    receipt = document_from_json(text or "")
    assert isinstance(receipt, SaleReceipt) and receipt.loyalty is not None
    assert say(receipt.loyalty.challenge_standings[0], receipt.language) == (
        "มา 3 ครั้งในสัปดาห์นี้: 2 จาก 3 ครั้ง อีก 1 ครั้ง ภายในวันอาทิตย์ที่ 6 ธ.ค. 2569 รับ +100 แต้ม")
    clock.advance(days=1)
    third = sale(app, "v3", code)
    assert [(c.challenge_id, c.points) for c in third.challenges_completed] == [("visit3", 100)]
    assert third.challenges[0].completed
    points = app.services.accounts.account(code).points
    fourth = sale(app, "v3b", code)  # a fourth visit the same week: no second bonus
    assert fourth.challenges_completed == ()
    assert app.services.accounts.account(code).points == points + fourth.points_earned

    back = refund(app, "r3", third.receipt_no)  # the completing sale goes back, but the Wednesday still
    # counts (the other sale that day): the challenge holds and its bonus stays
    assert back.points_reversed == third.points_earned and net_awards(app) == {"challenge:visit3:2026-W49": 100}
    short = refund(app, "r3b", fourth.receipt_no)  # now the Wednesday has nothing left: it falls short
    assert short.points_reversed == fourth.points_earned + 100
    assert net_awards(app) == {"challenge:visit3:2026-W49": 0}
    assert app.services.accounts.account(code).challenges[0].progress == 2
    clock.advance(days=1)
    again = sale(app, "v4", code)  # Thursday: completed again
    assert [c.challenge_id for c in again.challenges_completed] == ["visit3"]
    assert net_awards(app)["challenge:visit3:2026-W49"] == 100
    assert app.services.verify.run().ok


def test_a_new_week_starts_afresh_and_completes_again(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    for day in range(3):
        sale(app, f"w1-{day}", code)
        clock.advance(days=1)
    clock.advance(days=4)  # Monday of the next week
    account = app.services.accounts.account(code)
    assert (account.challenges[0].progress, account.challenges[0].completed) == (0, False)
    for day in range(3):
        result = sale(app, f"w2-{day}", code)
        clock.advance(days=1)
    assert [c.challenge_id for c in result.challenges_completed] == ["visit3"]
    assert net_awards(app) == {"challenge:visit3:2026-W49": 100, "challenge:visit3:2026-W50": 100}


def test_a_rolling_spend_challenge_kept_through_a_partial_refund_that_still_reaches_it(app: Wiring,
                                                                                       clock: FixedClock) -> None:
    code = enroll(app)
    sale(app, "s1", code, CAKE, CAKE)  # 190 baht
    clock.advance(days=2)
    done = sale(app, "s2", code, LATTE, TEA, CAKE)  # 220 baht: 410 in 3 days
    assert [c.challenge_id for c in done.challenges_completed] == ["spend"]
    refund(app, "p1", done.receipt_no, RefundLine(0, 1))  # the latte back: 345 left, still over 300
    assert net_awards(app) == {f"challenge:spend:on-{clock.now().date()}": 40}
    refund(app, "p2", done.receipt_no, RefundLine(2, 1))  # the cake too: that visit no longer counts
    assert net_awards(app) == {f"challenge:spend:on-{clock.now().date()}": 0}
    next_one = sale(app, "s3", code, CAKE, CAKE)  # 190 more: with Monday's 190 it reaches 300 again
    assert [c.challenge_id for c in next_one.challenges_completed] == ["spend"]
    assert app.services.verify.run().ok


def test_verify_names_a_challenge_bonus_given_twice_in_one_period(app: Wiring, clock: FixedClock) -> None:
    code = enroll(app)
    for day in range(3):
        result = sale(app, f"d{day}", code)
        clock.advance(days=1)
    assert [c.challenge_id for c in result.challenges_completed] == ["visit3"]
    assert app.services.verify.run().ok
    with app.uow_factory(readonly=True) as uow:
        award = next(e for e in uow.ledger.for_sale("d2") if e.kind == EntryKind.CHALLENGE)
    with app.uow_factory() as uow:  # a buggy writer gives the same period's bonus again
        uow.ledger.add(award.__class__(**{**award.__dict__, "id": "again"}))
        uow.commit()
    member = award.member_id
    assert (f"challenge:visit3:2026-W49 was given 2 times to member {member}"
            in english(app.services.verify.run().problems))


def test_a_retried_sale_that_completed_a_challenge_under_a_promotion_returns_the_same_result(
        tmp_path: Path, clock: FixedClock) -> None:
    """The command log keeps a sale's few facts (0016); what promotions and challenges gave is among them, so a
    till that sends the sale again after a restart gets the result it first had, bonus lines and progress too."""
    promotion = """
[[promotions]]
id = "double"
name = "Double points"
kind = "points_multiplier"
percent = 200
order = 10
"""
    (tmp_path / "config.toml").write_text(CHALLENGES + promotion, encoding="utf-8")
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        code = enroll(app)
        for day in ("s1", "s2"):  # a visit a day
            sale(app, day, code)
            clock.advance(days=1)
        third = RecordSale(command_id="s3", lines=(LATTE,), member_code=code)
        first = app.services.checkout.record_sale(third)
        assert first.promotions and first.challenges_completed and first.challenges
    with wire(load_settings(data_dir=tmp_path), clock=clock) as again:
        assert again.services.checkout.record_sale(third) == first


def test_a_sale_logged_when_a_challenges_name_was_one_language_is_retried_with_that_name(
        app: Wiring, clock: FixedClock) -> None:
    """Before the name was kept in both languages the log kept each challenge's `label` in the shop's language;
    a retry of such a sale still returns its result, the challenge named as it was."""
    code = enroll(app)
    command = RecordSale(command_id="v1", lines=(LATTE,), member_code=code)
    first = app.services.checkout.record_sale(command)
    where = t.processed_commands.c.id == "v1"
    with app.engine.begin() as conn:
        facts = json.loads(conn.execute(select(t.processed_commands.c.result_json).where(where)).scalar_one())
        for progress in facts["progress"]:
            progress["label"] = progress.pop("name")["th"]
        conn.execute(t.processed_commands.update().where(where).values(result_json=json.dumps(facts)))
    again = app.services.checkout.record_sale(command)
    assert [c.name for c in again.challenges] == [Localized("มา 3 ครั้งในสัปดาห์นี้"),
                                                  Localized("Spend 300 baht on visits with cake, in 7 days")]
    assert [c.progress for c in again.challenges] == [c.progress for c in first.challenges]
