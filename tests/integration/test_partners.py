"""Coalition partners on a real SQLite shop: points earned there within limits (a manager above them), spent there
with the checks of the shop's own redemptions, counted in the reports, settled per period (CSV and PDF, against
figures worked out by hand), and imported from a partner's signed file once and only once.

One shop serves the module (a migrated database costs seconds); each test works on days and members of its own.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EarnAtPartner, EnrollMember, RecordSale, RedeemAtPartner
from kiosk.domain.errors import (
    Conflict,
    InsufficientBalance,
    InvalidCode,
    InvalidInput,
    ManagerApprovalRequired,
    NotFound,
    PermissionDenied,
)
from kiosk.domain.ledger import POINTS, EntryKind, Flag, partner_issued_account
from kiosk.domain.money import Money
from kiosk.domain.partners import sign_activity
from kiosk.domain.programs.engine import CartLine
from kiosk.domain.staff import Role, StaffMember
from kiosk.l10n.catalogue import say
from kiosk.services.common import spendable_balances
from kiosk.services.context import FixedClock
from kiosk.services.partners import settlement_csv
from tests.support.problems import english

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok
SECRET = "bookshop-shared-secret"

# A second partner settled at 1.00 baht per 8 points (12.5 satang a point): its values need rounding.
CONFIG = """
[[partners]]
id = "bookshop"
name = "Soi 31 Books"
name_th = "ร้านหนังสือซอย 31"
spend_unit = "100.00"
points_per_unit = 2
settlement_value = "0.20"
max_points_per_transaction = 2000
max_points_per_day = 4000

[[partners]]
id = "spa"
name = "Lotus Spa"
spend_unit = "10.00"
points_per_unit = 1
settlement_value = "1.00"
settlement_points = 8
max_redeem_points_per_day = 50
"""


@dataclass
class Shop:
    app: Wiring
    clock: FixedClock
    data_dir: Path

    @property
    def partners(self):  # noqa: ANN201 - the service under test
        return self.app.services.partners

    def at(self, day: date, hour: int = 3) -> None:
        self.clock.at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)

    def enroll(self, phone: str) -> str:
        return self.app.services.enrollment.enroll(EnrollMember(
            command_id=f"join-{phone}", name="Somchai Jaidee", phone=phone, consent_version="2026-01")).member_id

    def points(self, member_id: str) -> int:
        with self.app.uow_factory(readonly=True) as uow:
            return spendable_balances(uow, member_id, self.clock.at, tz=self.app.services.ctx.tz).get(POINTS, 0)

    def entries(self, member_id: str, kind: EntryKind) -> list:  # noqa: ANN201
        with self.app.uow_factory(readonly=True) as uow:
            return [e for e in uow.ledger.for_member(member_id) if e.kind == kind]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    from tests.unit.fakes import cached_pin_hash

    data_dir = tmp_path_factory.mktemp("partners-shop")
    (data_dir / "config.toml").write_text(CONFIG, encoding="utf-8")
    clock = FixedClock(T0)
    with wire(load_settings(data_dir=data_dir), clock=clock) as app:
        with app.uow_factory() as uow:
            uow.staff.add(StaffMember("manager", "Nok", Role.MANAGER), cached_pin_hash("2222"), created_at=T0)
            uow.staff.add(StaffMember("cashier", "Beam", Role.CASHIER), cached_pin_hash("1111"), created_at=T0)
            uow.commit()
        yield Shop(app, clock, data_dir)


def verify_problems(shop: Shop) -> list[str]:
    """What verify finds, less the receipt recorded twice on purpose by the hub test (the shop is shared)."""
    return [p for p in english(shop.app.services.verify.run().problems) if "BK-HUB" not in p]


def earn(shop: Shop, member: str, amount: str, reference: str, *, partner: str = "bookshop",
         approved_by: str | None = None):  # noqa: ANN201
    return shop.partners.earn(EarnAtPartner(partner_id=partner, member_code=member, amount=Money.parse(amount),
                                            reference=reference, approved_by=approved_by))


def redeem(shop: Shop, member: str, points: int, reference: str, *, partner: str = "bookshop",
           approved_by: str | None = None):  # noqa: ANN201
    return shop.partners.redeem(RedeemAtPartner(partner_id=partner, member_code=member, points=points,
                                                reference=reference, approved_by=approved_by))


# -- limits ----------------------------------------------------------------------------------------------------


def test_points_above_a_partners_limits_need_a_manager(shop: Shop) -> None:
    shop.at(date(2026, 3, 2))
    member = shop.enroll("0810000001")
    before = shop.points(member)
    # the regression: 100 million baht at the bookshop is two million points, which went through unasked
    with pytest.raises(ManagerApprovalRequired) as asked:
        earn(shop, member, "100000000.00", "BK-BIG")
    assert asked.value.reason == "partner_points_per_transaction_limit"
    assert "2,000,000" in asked.value.message and "2,000" in asked.value.message
    assert shop.points(member) == before and not shop.entries(member, EntryKind.PARTNER)
    with pytest.raises(PermissionDenied):  # a cashier cannot approve it
        earn(shop, member, "100000000.00", "BK-BIG", approved_by="cashier")

    # up to the limits no one is asked: 2,000 on one receipt, 4,000 in the day
    assert earn(shop, member, "100000.00", "BK-1").points == 2000
    assert earn(shop, member, "100000.00", "BK-2").points == 2000
    with pytest.raises(ManagerApprovalRequired) as asked:
        earn(shop, member, "100.00", "BK-3")
    assert asked.value.reason == "partner_points_per_day_limit"
    approved = earn(shop, member, "100.00", "BK-3", approved_by="manager")
    assert approved.points == 2 and set(approved.flags) == {"fraud_limit", "override"}
    [flagged] = [e for e in shop.entries(member, EntryKind.PARTNER) if e.flags]
    assert set(flagged.flags) == {Flag.FRAUD_LIMIT, Flag.OVERRIDE} \
        and flagged.memo == "bookshop receipt BK-3 (settles at 0.20 per 1 points)"
    assert any(p.account == partner_issued_account("bookshop") for p in flagged.postings)
    summary = shop.app.services.reports.daily(date(2026, 3, 2))  # the approval shows where a manager looks
    assert (summary.overrides, summary.fraud_flags) == (1, 1)

    # the day's limit is the member's at that partner: another partner, or the next day, starts afresh
    assert earn(shop, member, "20.00", "SPA-1", partner="spa").points == 2
    shop.at(date(2026, 3, 3))
    assert earn(shop, member, "100.00", "BK-4").points == 2
    assert shop.points(member) == before + 4000 + 2 + 2 + 2


def test_a_partner_receipt_counts_once(shop: Shop) -> None:
    shop.at(date(2026, 3, 4))
    member = shop.enroll("0810000002")
    first = earn(shop, member, "450.00", "BK-450")
    assert (first.points, earn(shop, member, "450.00", "BK-450")) == (8, first)
    other = shop.enroll("0810000003")
    with pytest.raises(Conflict):  # the same receipt for someone else is refused, not given twice
        earn(shop, other, "450.00", "BK-450")
    with pytest.raises(NotFound):
        earn(shop, member, "450.00", "X-1", partner="cinema")
    with pytest.raises(InvalidInput):
        earn(shop, member, "450.00", " ")
    assert len(shop.entries(member, EntryKind.PARTNER)) == 1 and not shop.entries(other, EntryKind.PARTNER)


# -- spending at a partner ---------------------------------------------------------------------------------------


def test_members_spend_points_at_a_partner_and_at_the_shop(shop: Shop) -> None:
    shop.at(date(2026, 3, 5))
    member = shop.enroll("0810000004")  # 50 points for signing up
    earn(shop, member, "5000.00", "BK-5000")  # +100
    assert shop.points(member) == 150
    with pytest.raises(InsufficientBalance):
        redeem(shop, member, 151, "BK-R0")
    with pytest.raises(InvalidInput):
        redeem(shop, member, 0, "BK-R0")
    spent = redeem(shop, member, 60, "BK-R1")
    assert (spent.points, spent.points_balance, spent.value) == (60, 90, Money(1200))  # 60 x 0.20
    assert redeem(shop, member, 60, "BK-R1") == spent  # the same receipt again: nothing more is taken
    assert shop.points(member) == 90
    # what is left, partly earned at the partner, is spent at the shop's own counter too
    sale = shop.app.services.checkout.record_sale(RecordSale(
        command_id="sale-partner-points", lines=(CartLine("Latte", Money(6500), 1, "LATTE"),), member_code=member,
        points_to_spend=40, print_receipt=False))
    assert sale.points_spent == 40
    [entry] = shop.entries(member, EntryKind.PARTNER_REDEEM)
    assert entry.memo == "bookshop receipt BK-R1 (settles at 0.20 per 1 points)"
    assert {p.account: p.amount for p in entry.postings}["program:partner-redeemed:bookshop"] == 60


def test_expired_points_cannot_be_spent_at_a_partner(shop: Shop) -> None:
    shop.at(date(2025, 1, 10))  # 12 months later these points are past their date
    member = shop.enroll("0810000005")
    earn(shop, member, "2000.00", "BK-OLD")  # +40, with the sign-up's 50
    shop.at(date(2026, 1, 20))
    with pytest.raises(InsufficientBalance) as refused:
        redeem(shop, member, 30, "BK-R-OLD")
    assert not shop.entries(member, EntryKind.PARTNER_REDEEM)
    # and it says why, as the counter's refusals do: it said only "The member has 0 points"
    assert refused.value.code == "partner.not_enough_points_expired"
    assert say(refused.value, "en") == ("The member has 0 points; 30 were asked for. 90 points expired on "
                                        "10 Jan 2026.")
    assert say(refused.value, "th") == "สมาชิกมี 0 แต้ม แต่ขอใช้ 30 แต้ม โดยมี 90 แต้มหมดอายุไปเมื่อ 10 ม.ค. 2569"
    with pytest.raises(InsufficientBalance) as short:  # more than expired: nothing said of what expired
        redeem(shop, member, 100, "BK-R-OLD2")
    assert short.value.code == "partner.not_enough_points"


def test_a_redemption_above_the_limit_needs_a_manager(shop: Shop) -> None:
    shop.at(date(2026, 3, 6))
    member = shop.enroll("0810000006")
    earn(shop, member, "100000.00", "BK-BIGSPEND")  # +2000
    with pytest.raises(ManagerApprovalRequired):  # 2,001 points at 0.25 are worth more than 500.00
        redeem(shop, member, 2001, "BK-R2")
    assert redeem(shop, member, 2001, "BK-R2", approved_by="manager").flags == ("override",)


def test_redemptions_split_over_receipts_need_the_approval_one_receipt_would(shop: Shop) -> None:
    """2,001 points on one receipt asked for a manager; 1,000 and then 1,001 on two receipts did not."""
    shop.at(date(2026, 3, 7))
    member = shop.enroll("0810000016")
    earn(shop, member, "100000.00", "BK-SPLIT0")  # +2000, with the sign-up's 50
    assert redeem(shop, member, 1000, "BK-SPLIT1").flags == ()
    with pytest.raises(ManagerApprovalRequired) as asked:  # 2,001 points today at 0.25 pass the 500.00 limit
        redeem(shop, member, 1001, "BK-SPLIT2")
    assert english([asked.value]) == [
        "Spending 2,001 points at Soi 31 Books in one day (the limit is 2,000) needs a manager's PIN."]
    assert shop.points(member) == 1050
    assert redeem(shop, member, 1001, "BK-SPLIT2", approved_by="manager").flags == ("override",)
    shop.at(date(2026, 3, 8))  # a new business day starts the count again
    assert redeem(shop, member, 40, "BK-SPLIT3").flags == ()


def test_a_partners_own_daily_redemption_limit(shop: Shop) -> None:
    shop.at(date(2026, 3, 7))
    member = shop.enroll("0810000017")
    earn(shop, member, "500.00", "SPA-D0", partner="spa")  # +50, with the sign-up's 50
    assert redeem(shop, member, 30, "SPA-D1", partner="spa").flags == ()
    with pytest.raises(ManagerApprovalRequired) as asked:
        redeem(shop, member, 21, "SPA-D2", partner="spa")
    assert english([asked.value]) == [
        "Spending 51 points at Lotus Spa in one day (the limit is 50) needs a manager's PIN."]
    assert redeem(shop, member, 20, "SPA-D3", partner="spa").flags == ()  # 50 is within the limit
    assert redeem(shop, member, 30, "BK-D4").flags == ()  # each partner has its own day


# -- reports -----------------------------------------------------------------------------------------------------


def test_partner_points_count_in_the_reports(shop: Shop) -> None:
    day = date(2026, 3, 9)
    shop.at(day)
    member = shop.enroll("0810000007")  # +50 issued by the shop
    earn(shop, member, "1000.00", "BK-REP")  # +20 issued at the bookshop
    redeem(shop, member, 30, "BK-REP-R")  # 30 redeemed there
    summary = shop.app.services.reports.daily(day)
    assert (summary.points_issued, summary.points_redeemed) == (70, 30)
    health = shop.app.services.analytics().health(period_days=1, today=day)
    assert (health.period.issued, health.period.redeemed) == (70, 30)
    totals = shop.app.services.analytics().queries.program_totals()
    partner_issued = -sum(v for (a, u), v in totals.items() if u == POINTS and a.startswith("program:partner:"))
    assert health.all_time.issued - partner_issued == -totals[("program:issued", POINTS)]
    assert not verify_problems(shop)


# -- settlement --------------------------------------------------------------------------------------------------


def april(shop: Shop) -> None:
    """April's partner activity (the same receipts again change nothing, so each test may ask for it)."""
    member = shop.enroll("0810000008")
    shop.at(date(2026, 4, 1))
    earn(shop, member, "700.00", "BK-S1")  # bookshop: 14 points
    earn(shop, member, "270.00", "SPA-S1", partner="spa")  # spa: 27 points
    shop.at(date(2026, 4, 30), hour=16)  # 23:00 in Bangkok: still the 30th
    redeem(shop, member, 25, "BK-S2")
    redeem(shop, member, 21, "SPA-S2", partner="spa")
    shop.at(date(2026, 4, 30), hour=18)  # 01:00 on 1 May in Bangkok: the next period
    earn(shop, member, "5000.00", "BK-S3")


def test_settlement_figures_match_the_hand_computed_ones(shop: Shop, tmp_path: Path) -> None:
    april(shop)

    settled = shop.partners.settlement(date(2026, 4, 1), date(2026, 4, 30))
    lines = {line.partner_id: line for line in settled.lines}
    # bookshop at 0.20 a point: 14 -> 2.80, 25 -> 5.00; the shop owes it 2.20
    book = lines["bookshop"]
    assert (book.points_issued, book.points_redeemed) == (14, 25)
    assert (book.issued_value, book.redeemed_value, book.net, book.owes) == (
        Money(280), Money(500), Money(-220), "shop")
    # spa at 1.00 per 8 points: 27 -> 3.375 -> 3.38, 21 -> 2.625 -> 2.63 (half up); it owes the shop 0.75
    spa = lines["spa"]
    assert (spa.points_issued, spa.points_redeemed) == (27, 21)
    assert (spa.issued_value, spa.redeemed_value, spa.net, spa.owes) == (Money(338), Money(263), Money(75), "partner")
    assert settled.net == Money(-145)

    rows = list(csv.DictReader(io.StringIO(settlement_csv(settled))))
    assert [(r["partner_id"], r["points_issued"], r["points_redeemed"], r["issued_value"], r["redeemed_value"],
             r["net"], r["owes"]) for r in rows] == [
        ("bookshop", "14", "25", "2.80", "5.00", "-2.20", "shop"),
        ("spa", "27", "21", "3.38", "2.63", "0.75", "partner")]
    with pytest.raises(InvalidInput):
        shop.partners.settlement(date(2026, 4, 30), date(2026, 4, 1))


def test_settle_from_the_command_line_writes_csv_and_pdf(shop: Shop, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main
    from kiosk.ui.i18n import current_language

    before = current_language()  # whatever an earlier test in this process left it as
    april(shop)
    monkeypatch.setenv("KIOSK_NOW", "2026-05-20T12:00:00+07:00")
    capsys.readouterr()
    code = main(["--data-dir", str(shop.data_dir), "--language", "en", "partner", "settle", "--from", "2026-04-01",
                 "--to", "2026-04-30", "--csv", str(tmp_path / "s.csv"), "--pdf", str(tmp_path / "s.pdf")])
    out = capsys.readouterr().out
    # the text is read in English (--language en): partners by their English names from the config; the CSV,
    # a file for the books, keeps the settlement's names in the shop's language (Thai where there is one)
    assert code == 0 and "the shop pays Soi 31 Books" in out and "Lotus Spa pays the shop" in out
    assert "bookshop,ร้านหนังสือซอย 31,14,25,2.80,5.00,-2.20,shop,THB" in (tmp_path / "s.csv").read_text()
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert current_language() == before  # the Thai PDF left the process's language as it found it


def test_the_old_partner_command_asks_for_a_manager_above_the_limit(shop: Shop,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The regression as a shop's script met it: `kiosk partner PARTNER PHONE AMOUNT` gave two million points."""
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_NOW", "2026-05-21T12:00:00+07:00")
    monkeypatch.delenv("KIOSK_MANAGER_PIN", raising=False)
    shop.enroll("0810000009")
    capsys.readouterr()
    args = ["--data-dir", str(shop.data_dir), "partner", "bookshop", "0810000009", "100000000.00",
            "--reference", "BK-CLI"]
    assert main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    # the shop is Thai: so is its refusal, naming the partner by its Thai name
    assert err == ["kiosk: การรับ 2,000,000 แต้มจากใบเสร็จ ร้านหนังสือซอย 31 ใบเดียว (จำกัด 2,000) ต้องใช้ PIN ผู้จัดการ"]
    assert main([*args, "--manager-pin", "2222", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["points"] == 2_000_000
    assert main(["--data-dir", str(shop.data_dir), "--language", "en", "partner", "redeem", "bookshop", "0810000009",
                 "100", "--reference", "BK-CLI-R"]) == 0
    assert "-100 points (settled at ฿20.00); balance 1,999,950" in capsys.readouterr().out


# -- signed files ------------------------------------------------------------------------------------------------


def activity(records: list[dict[str, object]], secret: str = SECRET, partner: str = "bookshop") -> bytes:
    return sign_activity(partner, records, secret.encode())


def test_a_signed_file_is_imported_once(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_PARTNER_SECRET_BOOKSHOP", SECRET)
    shop.at(date(2026, 6, 1))
    member = shop.enroll("0810000010")  # 50
    earn(shop, member, "100.00", "BK-F1")  # typed at the counter first: +2
    data = activity([
        {"id": "BK-F1", "kind": "earn", "member": "0810000010", "amount": "100.00"},
        {"id": "BK-F2", "kind": "earn", "member": "081-000-0010", "amount": "1250.50"},  # +24
        {"id": "BK-F3", "kind": "redeem", "member": "0810000010", "points": 30},
    ])
    done = shop.partners.import_activity(data)
    assert (done.receipts, done.applied, done.already, done.points_earned, done.points_redeemed) == (3, 2, 1, 24, 30)
    assert shop.points(member) == 50 + 2 + 24 - 30
    again = shop.partners.import_activity(data)
    assert (again.applied, again.already, again.points_earned) == (0, 3, 0)
    assert shop.points(member) == 46
    with shop.app.uow_factory(readonly=True) as uow:
        [record] = [r for r in uow.audit.records() if r.action == "partner.import"][:1]
    assert json.loads(record.details_json)["applied"] == 2


def test_an_altered_or_forged_file_changes_nothing(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_PARTNER_SECRET_BOOKSHOP", SECRET)
    shop.at(date(2026, 6, 2))
    member = shop.enroll("0810000011")
    data = activity([{"id": "BK-G1", "kind": "earn", "member": "0810000011", "amount": "100.00"}])
    altered = data.replace(b'"100.00"', b'"900.00"')
    for bad, code in ((altered, "partner.file_forged"), (activity([], secret="guess"), "partner.file_forged"),
                      (data.rsplit(b"\n", 2)[0] + b"\n", "partner.file_unsigned")):
        with pytest.raises(InvalidCode) as refused:
            shop.partners.import_activity(bad)
        assert refused.value.code == code and "\n" not in refused.value.message
    with pytest.raises(NotFound):
        shop.partners.import_activity(activity([], partner="cinema"))
    monkeypatch.delenv("KIOSK_PARTNER_SECRET_BOOKSHOP")
    with pytest.raises(InvalidInput) as refused:
        shop.partners.import_activity(data)
    assert refused.value.code == "partner.secret_missing"
    assert shop.points(member) == 50 and not shop.entries(member, EntryKind.PARTNER)


def test_a_refused_line_refuses_the_whole_file(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_PARTNER_SECRET_BOOKSHOP", SECRET)
    shop.at(date(2026, 6, 3))
    member = shop.enroll("0810000012")
    big = activity([
        {"id": "BK-H1", "kind": "earn", "member": "0810000012", "amount": "100.00"},
        {"id": "BK-H2", "kind": "earn", "member": "0810000012", "amount": "200000.00"},  # 4,000 on one receipt
    ])
    with pytest.raises(ManagerApprovalRequired) as asked:
        shop.partners.import_activity(big)
    assert asked.value.message.startswith("Line 3 (receipt BK-H2):")
    assert shop.points(member) == 50
    short = activity([{"id": "BK-H3", "kind": "redeem", "member": "0810000012", "points": 500}])
    with pytest.raises(InsufficientBalance) as refused:
        shop.partners.import_activity(short)
    assert refused.value.params["line"] == 2
    bad_line = activity([{"id": "BK-H4", "kind": "earn", "member": "0810000012", "amount": 100}])
    with pytest.raises(InvalidInput) as refused:
        shop.partners.import_activity(bad_line)
    assert refused.value.message.startswith("Line 2:")
    assert shop.partners.import_activity(big, approved_by="manager").points_earned == 4002
    assert shop.points(member) == 50 + 4002
    assert not verify_problems(shop)


@pytest.mark.parametrize("record, english", [
    ({"id": "", "kind": "earn", "member": "0810000012", "amount": "1.00"},
     "Line 2: the receipt number must be 1 to 40 characters."),
    ({"id": "BK-J1", "kind": "refund", "member": "0810000012", "amount": "1.00"},
     "Line 2: say whether the customer earned points (earn) or spent them (redeem)."),
    ({"id": "BK-J2", "kind": "earn", "member": " ", "amount": "1.00"},
     "Line 2: name the member (a phone number or member code)."),
    ({"id": "BK-J3", "kind": "earn", "member": "0810000012", "amount": 100},
     'Line 2: the amount must be more than zero, written as text like "450.00".'),
    ({"id": "BK-J4", "kind": "redeem", "member": "0810000012", "points": 0},
     "Line 2: the points spent must be a whole number from 1 to 1,000,000."),
])
def test_a_bad_line_is_named_wholly_in_the_readers_language(shop: Shop, monkeypatch: pytest.MonkeyPatch,
                                                            record: dict[str, object], english: str) -> None:
    """Issue 17: the reason a line is refused was an English string inside the Thai sentence."""
    from kiosk.l10n.catalogue import render

    monkeypatch.setenv("KIOSK_PARTNER_SECRET_BOOKSHOP", SECRET)
    with pytest.raises(InvalidInput) as refused:
        shop.partners.import_activity(activity([record]))
    assert refused.value.code == "partner.file_bad_line" and refused.value.message == english
    thai = render(refused.value.code, refused.value.params, "th")
    assert thai.startswith("บรรทัด 2: ") and not re.search(r"[A-Za-z]", thai), thai


def test_a_typed_amount_of_nothing_is_refused_in_words_not_a_currency_code(shop: Shop) -> None:
    from kiosk.l10n.catalogue import render

    shop.at(date(2026, 6, 3))
    member = shop.enroll("0810000015")
    with pytest.raises(InvalidInput) as refused:
        shop.partners.earn(EarnAtPartner(partner_id="bookshop", member_code=member, amount=Money(0), reference="BK-K1"))
    assert refused.value.message == "The amount must be more than zero, in the shop's money (like ฿450.00)."
    thai = render(refused.value.code, refused.value.params, "th")
    assert thai == "จำนวนเงินต้องมากกว่าศูนย์ และเป็นเงินสกุลของร้าน (เช่น ฿450.00)"


def test_import_from_the_command_line(shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_NOW", "2026-06-04T12:00:00+07:00")
    monkeypatch.setenv("KIOSK_PARTNER_SECRET_BOOKSHOP", SECRET)
    shop.enroll("0810000013")
    path = tmp_path / "bookshop.jsonl"
    path.write_bytes(activity([{"id": "BK-I1", "kind": "earn", "member": "0810000013", "amount": "300.00"}]))
    capsys.readouterr()
    assert main(["--data-dir", str(shop.data_dir), "--language", "en", "partner", "import", str(path)]) == 0
    assert "1 imported (+6 / -0 points)" in capsys.readouterr().out
    path.write_bytes(path.read_bytes().replace(b"300.00", b"3000.00"))
    assert main(["--data-dir", str(shop.data_dir), "partner", "import", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ลายเซ็น" in err[0]  # the shop's language: "signature"


def test_offline_a_member_spends_at_a_partner_only_up_to_the_limit(shop: Shop) -> None:
    """With the hub out of reach for a while, points spent at a partner count towards this device's limit."""
    from dataclasses import replace
    from datetime import timedelta

    from kiosk.services.common import HUB_CONTACT_KEY
    from kiosk.services.context import HubPolicy
    from kiosk.services.partners import PartnerService

    shop.at(date(2026, 7, 1))
    member = shop.enroll("0810000014")  # 50
    earn(shop, member, "10000.00", "BK-OFF")  # +200
    ctx = replace(shop.app.services.ctx, hub=HubPolicy(offline_after_minutes=30, offline_spend_limit=Money(5000)))
    offline = PartnerService(shop.app.uow_factory, shop.clock, ctx)
    with shop.app.uow_factory() as uow:
        uow.kv.set(HUB_CONTACT_KEY, (shop.clock.at - timedelta(minutes=45)).isoformat())
        uow.commit()
    try:
        spend = RedeemAtPartner(partner_id="bookshop", member_code=member, points=120, reference="BK-OFF-1")
        assert offline.redeem(spend).points == 120  # 30.00 of the 50.00 this device may let go meanwhile
        with pytest.raises(Conflict) as refused:
            offline.redeem(replace(spend, points=81, reference="BK-OFF-2"))  # 20.25 more: over
        assert refused.value.code == "member.offline_spend_limit"
        assert shop.points(member) == 130
    finally:
        with shop.app.uow_factory() as uow:
            uow.kv.set(HUB_CONTACT_KEY, shop.clock.at.isoformat())
            uow.commit()


def test_a_receipt_another_device_recorded_is_not_given_again(shop: Shop) -> None:
    """An entry that came through the hub carries its request id but not this device's command log: the
    receipt is still recognised; and two devices that both recorded one offline are named by verify."""
    from dataclasses import replace

    from kiosk.domain.ledger import Bucket, member_account, transfer
    from kiosk.domain.partners import EARN, partner_command_id
    from kiosk.services.common import EntryWriter

    shop.at(date(2026, 7, 2))
    member = shop.enroll("0810000015")
    command_id = partner_command_id(EARN, "bookshop", "BK-HUB")

    def recorded_on(device: str) -> None:
        ctx = replace(shop.app.services.ctx, device_id=device)
        with shop.app.uow_factory() as uow:
            EntryWriter(uow, ctx, shop.clock.at, command_id).write(
                kind=EntryKind.PARTNER, member_id=member, memo="bookshop receipt BK-HUB",
                postings=transfer(unit=POINTS, amount=8, to_account=member_account(member, Bucket.POINTS),
                                  from_account=partner_issued_account("bookshop")))
            uow.commit()

    recorded_on("other-C2")
    again = earn(shop, member, "450.00", "BK-HUB")
    assert (again.points, again.points_balance) == (8, 58)
    assert len(shop.entries(member, EntryKind.PARTNER)) == 1 and not verify_problems(shop)
    recorded_on("other-C3")  # a third device, offline, recorded it too
    problems = english(shop.app.services.verify.run().problems)
    assert [p for p in problems if p.startswith(f"partner receipt {command_id} is recorded more than once")]


@pytest.mark.postgres
def test_partners_on_postgres(pg_schema_url: str, tmp_path: Path) -> None:
    """PostgreSQL keeps a request id to 36 characters, so a long partner receipt number must still fit; the
    partial index, the limits, the settlement and verify run there as on SQLite."""
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    settings = load_settings(data_dir=tmp_path, overrides={"database": {"url": pg_schema_url}})
    with wire(settings, clock=FixedClock(T0)) as app:
        pg = Shop(app, app.services.clock, tmp_path)  # type: ignore[arg-type]
        member = pg.enroll("0810000099")
        long_receipt = "BK-" + "7" * 37  # 40 characters: the request id is a digest of it
        assert earn(pg, member, "450.00", long_receipt).points == 8
        assert earn(pg, member, "450.00", long_receipt).points == 8
        assert redeem(pg, member, 30, long_receipt).points == 30
        with pytest.raises(ManagerApprovalRequired):
            earn(pg, member, "300000.00", "BK-PG-BIG")
        settled = pg.partners.settlement(T0.date(), T0.date())
        book = next(line for line in settled.lines if line.partner_id == "bookshop")
        assert (book.points_issued, book.points_redeemed, book.net) == (8, 30, Money(-440))
        assert app.services.reports.daily(T0.date()).points_issued == 58
        assert app.services.verify.run().ok
