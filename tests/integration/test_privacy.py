"""PDPA rights on a real database: consent recorded, full export, erasure that keeps the books balanced,
and no screen or printed document that shows a full phone number or full name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.domain.commands import AdjustPoints, EraseMember, IssueVoucher, RefundSale
from kiosk.domain.errors import InvalidCode, ManagerApprovalRequired, NotFound, PermissionDenied
from kiosk.domain.ledger import EntryKind, Flag
from kiosk.domain.serialization import encode
from kiosk.services.privacy import ERASED_NAME
from tests.integration.test_trust_support import Shop, make_shop, snapshot

PHONE_FORMS = ("0812345678", "+66812345678", "812345678", "081-234-5678")


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    shop = make_shop(tmp_path, language="en")  # its command-line refusals are read in English
    first = shop.enroll(email="somchai@example.com", birthday="1990-05-17", marketing_consent=True)
    friend = shop.app.services.accounts.account(first.member_code).referral_code
    shop.enroll(phone="0898765432", name="Nok Wongsa", referral_code=friend)
    shop.sale("0812345678", "LATTE", "LATTE", "CAKE")
    shop.sale("0898765432", "MOCHA")  # the friend's first purchase: referral bonus to both
    shop.sale("0812345678", amount="5000.00", print_receipt=True)
    shop.app.services.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code="0812345678",
                                                            reward_id="off50"))
    shop.app.services.enrollment.reissue_card("0812345678", print_card=True)
    return shop


def _liability(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT unit, sum(balance) FROM account_balances WHERE account LIKE 'member:%' "
                        "GROUP BY unit").fetchall()
    conn.close()
    return dict(rows)


def test_consent_is_recorded_with_the_notice_version(shop: Shop) -> None:
    conn = sqlite3.connect(shop.db_path)
    version, at = conn.execute("SELECT consent_version, consent_at FROM members WHERE phone = '+66812345678'"
                               ).fetchone()
    conn.close()
    assert version == shop.app.services.ctx.privacy_notice_version == "2026-01" and at


def test_export_needs_a_manager_and_holds_everything(shop: Shop) -> None:
    with pytest.raises(ManagerApprovalRequired):
        shop.app.services.privacy.export("0812345678", approved_by=None)
    with pytest.raises(PermissionDenied):
        shop.app.services.privacy.export("0812345678", approved_by=shop.staff["cashier"])
    export = shop.app.services.privacy.export("081-234-5678", approved_by=shop.staff["manager"])
    data = json.loads(export.to_json())
    assert data["format"] == "loyalty-kiosk/member-export/1"
    profile = data["profile"]
    assert (profile["name"], profile["phone"], profile["email"], profile["birthday"]) == (
        "Somchai Jaidee", "+66812345678", "somchai@example.com", "1990-05-17")
    assert data["consent"]["privacy_notice_version"] == "2026-01" and data["consent"]["marketing"] is True
    assert [(c["serial"], c["revoked_at"] is None) for c in data["cards"]] == [(1, False), (2, True)]
    account = shop.app.services.accounts.account("0812345678")
    assert data["balances"]["points"] == account.points
    assert data["balances"]["store_credit"]["minor"] == account.credit.minor
    assert data["balances"]["stamps"] == {"coffee": 2}
    kinds = [e["kind"] for e in data["ledger"]]
    assert kinds[0] == "signup_bonus" and "sale_earn" in kinds and "referral_bonus" in kinds
    assert "voucher_issued" in kinds
    assert sum(c["amount"] for e in data["ledger"] for c in e["changes"] if c["unit"] == "PTS") == account.points
    # the friend's half of the shared referral entry is not in this member's export
    friend_id = shop.app.services.accounts.account("0898765432").member_id
    assert friend_id not in export.to_json()
    assert [s["total_minor"] for s in data["sales"]] == [22500, 500000]
    assert len(data["vouchers"]) == 1 and data["vouchers"][0]["reward_id"] == "off50"
    with shop.app.uow_factory(readonly=True) as uow:
        (record,) = [r for r in uow.audit.records() if r.action == "member.exported"]
    assert record.staff_id == shop.staff["manager"] and record.subject == account.member_id
    assert "Somchai" not in record.details_json


def test_export_cli_writes_a_file(shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shop.app.close()
    base = ["--data-dir", str(shop.data_dir)]
    assert main(base + ["privacy", "export", "0812345678"]) == 1
    assert "needs a manager's PIN" in capsys.readouterr().err
    out = tmp_path / "exports" / "somchai.json"
    out.parent.mkdir()  # a folder that does not exist is refused, not made (test_cli_blackbox_ops)
    assert main(base + ["privacy", "export", "0812345678", "--out", str(out), "--manager-pin", "2222"]) == 0
    assert str(out) in capsys.readouterr().out
    assert json.loads(out.read_text())["profile"]["name"] == "Somchai Jaidee"


def test_erasure_wipes_the_person_and_keeps_the_books(shop: Shop) -> None:
    account = shop.app.services.accounts.account("0812345678")
    member_id = account.member_id
    old_code = account.member_code
    voucher_code = json.loads(shop.app.services.privacy.export("0812345678", approved_by=shop.staff["owner"]).to_json()
                              )["vouchers"][0]["code"]
    liability_before = _liability(shop.db_path)
    with pytest.raises(ManagerApprovalRequired):
        shop.app.services.privacy.erase(EraseMember(command_id="e0", member_code="0812345678"))
    with pytest.raises(PermissionDenied):
        shop.app.services.privacy.erase(EraseMember(command_id="e1", member_code="0812345678",
                                           approved_by=shop.staff["cashier"]))
    result = shop.app.services.privacy.erase(EraseMember(command_id="e2", member_code="0812345678",
                                                staff_id=shop.staff["cashier"], approved_by=shop.staff["manager"]))
    assert result.member_id == member_id and result.cards_revoked == 1
    assert result.written_off == {"PTS": account.points, "THB": account.credit.minor, "STAMP:coffee": 2}

    conn = sqlite3.connect(shop.db_path)
    row = conn.execute("SELECT name, name_search, phone, email, birthday, erased_at, marketing_consent "
                       "FROM members WHERE id = ?", (member_id,)).fetchone()
    live_cards = conn.execute("SELECT count(*) FROM member_cards WHERE member_id = ? AND revoked_at IS NULL",
                              (member_id,)).fetchone()[0]
    outbox = conn.execute("SELECT topic, member_id, payload_json FROM outbox WHERE topic = 'member.erase'").fetchall()
    conn.close()
    assert row[:5] == (ERASED_NAME, "", None, None, None) and row[5] is not None and row[6] == 0
    assert live_cards == 0
    # the member id is kept in its column once, not again in the payload (the Stripe sync reads it back)
    assert outbox == [("member.erase", member_id, json.dumps({}))]

    # unreachable by card, phone or search; the phone number is free for a new enrolment
    with pytest.raises(InvalidCode):
        shop.app.services.accounts.account(old_code)
    with pytest.raises(NotFound):
        shop.app.services.accounts.account("0812345678")
    assert shop.app.services.accounts.search("Somchai") == [] and shop.app.services.accounts.search("5678") == []
    assert shop.enroll(name="Somchai Again").member_id != member_id

    # the books: one erasure entry moved exactly what was held to breakage; nothing is owed to nobody
    with shop.app.uow_factory(readonly=True) as uow:
        entry = uow.ledger.get(result.entry_id or "")
        balances = uow.ledger.member_balances(member_id)
    assert entry is not None and entry.kind == EntryKind.ERASURE and entry.staff_id == shop.staff["cashier"]
    assert {p.account for p in entry.postings if p.amount > 0} == {"program:expired"}
    assert all(v == 0 for v in balances.values())
    liability_after = _liability(shop.db_path)
    for unit, amount in result.written_off.items():
        assert liability_before[unit] - liability_after.get(unit, 0) == amount - (
            50 if unit == "PTS" else 0)  # the new enrolment's sign-up bonus
    assert shop.app.services.verify.run().ok
    # the printed voucher is a bearer reward already paid for: it still works
    assert shop.sale(None, "LATTE", voucher_codes=(voucher_code,)).discounts

    # a retry returns the first result and changes nothing
    before = snapshot(shop.db_path)
    again = shop.app.services.privacy.erase(EraseMember(command_id="e2", member_code="0812345678",
                                               staff_id=shop.staff["cashier"], approved_by=shop.staff["manager"]))
    assert again == result and snapshot(shop.db_path) == before


def test_erasing_a_member_in_debt_writes_the_debt_off(shop: Shop) -> None:
    """Points spent, then the sale that earned them refunded: a flagged negative balance, then erasure."""
    account = shop.app.services.accounts.account("0898765432")
    shop.app.services.redemption.adjust(AdjustPoints(command_id="a", member_code="0898765432", points=-account.points,
                                            reason="spent elsewhere", approved_by=shop.staff["manager"]))
    receipt = account.visits[0].receipt_no
    refund = shop.app.services.refunds.refund(RefundSale(command_id="r", receipt_no=receipt,
                                                approved_by=shop.staff["manager"], print_slip=False))
    assert refund.negative_balance
    with shop.app.uow_factory(readonly=True) as uow:
        assert uow.ledger.member_balances(account.member_id)["PTS"] < 0
    result = shop.app.services.privacy.erase(EraseMember(command_id="e", member_code="0898765432",
                                                approved_by=shop.staff["manager"]))
    assert result.written_off["PTS"] < 0
    assert shop.app.services.verify.run().ok


def test_erase_cli(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    shop.app.close()
    base = ["--data-dir", str(shop.data_dir)]
    assert main(base + ["privacy", "erase", "0898765432", "--manager-pin", "1111"]) == 1
    assert "not a manager's PIN" in capsys.readouterr().err
    assert main(base + ["--language", "en", "privacy", "erase", "0898765432", "--manager-pin", "9999", "--id",
                        "x1"]) == 0
    assert "personal data wiped" in capsys.readouterr().out
    assert main(base + ["member", "show", "0898765432"]) == 1
    assert "No member has that phone number." in capsys.readouterr().err
    assert main(base + ["verify"]) == 0


# -- masking: screens and receipts -----------------------------------------------------------------------------
def test_no_printed_document_or_kiosk_view_shows_the_full_phone_or_name(shop: Shop) -> None:
    app = shop.app
    receipt = app.services.accounts.account("0812345678").visits[0].receipt_no
    app.services.refunds.refund(RefundSale(command_id="r", receipt_no=receipt, approved_by=shop.staff["manager"]))
    app.services.enrollment.card("0812345678", print_card=True)
    shop.sale("0812345678", "LATTE", print_receipt=True)
    conn = sqlite3.connect(shop.db_path)
    documents = conn.execute("SELECT kind, document_json FROM print_jobs").fetchall()
    conn.close()
    kinds = {k for k, _ in documents}
    assert {"sale_receipt", "member_card", "voucher", "refund_slip"} <= kinds, kinds
    for kind, document in documents:
        for form in PHONE_FORMS:
            assert form not in document, (kind, form)
        assert "Jaidee" not in document and "somchai@" not in document, kind
    receipts = [json.loads(d)["document"] for k, d in documents if k == "sale_receipt"]
    loyalty = [r["loyalty"] for r in receipts if r.get("loyalty")]
    assert loyalty and {block["member_name"] for block in loyalty} == {"Somchai J."}

    # what the kiosk and the counter screen get: masked name and phone only
    account = app.services.accounts.account("0812345678")
    view = json.dumps(encode(account), ensure_ascii=False)
    assert account.display_name == "Somchai J." and account.masked_phone == "•••-•••-5678"
    for form in PHONE_FORMS:
        assert form not in view
    assert "Jaidee" not in view
    found = app.services.accounts.search("Somch")
    assert [(m.display_name, m.masked_phone) for m in found] == [("Somchai J.", "•••-•••-5678")]


def test_overrides_on_erased_members_stay_in_the_books(shop: Shop) -> None:
    """Erasure never rewrites history: flagged entries and audit records stay, with no personal data."""
    result = shop.app.services.privacy.erase(EraseMember(command_id="e", member_code="0812345678",
                                                approved_by=shop.staff["owner"]))
    with shop.app.uow_factory(readonly=True) as uow:
        history = uow.ledger.for_member(result.member_id)
        records = [r for r in uow.audit.records() if r.subject == result.member_id]
    assert len(history) >= 5 and history[-1].kind == EntryKind.ERASURE
    assert not any(Flag.NEGATIVE_BALANCE in e.flags for e in history)
    assert [r.action for r in records][-1] == "member.erased"
    assert all("Somchai" not in r.details_json and "812345678" not in r.details_json for r in records)


# -- issue 13, item 2: what erasure writes off, and refunds after it ------------------------------------------
def test_erasure_says_what_was_written_off_in_baht_not_minor_units(shop: Shop,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    shop.sale("0812345678", amount="3300.00")  # 2 % cashback: 66.00 of store credit on top of the earlier sales
    account = shop.app.services.accounts.account("0812345678")
    credit = account.credit
    shop.app.close()
    assert main(["--data-dir", str(shop.data_dir), "--language", "en", "privacy", "erase", "0812345678",
                 "--manager-pin", "9999"]) == 0
    out = capsys.readouterr().out
    assert f"{account.points:,} points" in out and f"฿{credit.to_decimal():,.2f}" in out, out
    assert f"{credit.minor:,} THB" not in out


def test_refunding_an_erased_members_sale_takes_back_from_breakage_and_liability_stays_positive(
        shop: Shop) -> None:
    app = shop.app.services
    account = app.accounts.account("0812345678")
    receipts = [v.receipt_no for v in account.visits]
    before = app.analytics().liability()
    app.privacy.erase(EraseMember(command_id="erase", member_code="0812345678", approved_by=shop.staff["manager"]))
    for n, receipt in enumerate(receipts):
        refund = app.refunds.refund(RefundSale(command_id=f"refund-{n}", receipt_no=receipt,
                                               approved_by=shop.staff["manager"], print_slip=False))
        assert not refund.negative_balance
    with shop.app.uow_factory(readonly=True) as uow:
        assert all(v >= 0 for v in uow.ledger.member_balances(account.member_id).values())
    after = app.analytics().liability()
    assert after.total_minor >= 0 and after.points <= before.points and after.credit_minor >= 0
    health = app.analytics().health()
    assert health.liability.total_minor >= 0
    rate = health.all_time.breakage_rate
    assert rate is None or 0 <= rate <= 100
    assert app.verify.run().ok


def test_liability_counts_what_members_hold_and_not_what_one_of_them_owes(shop: Shop) -> None:
    app = shop.app.services
    friend = app.accounts.account("0898765432")
    app.redemption.adjust(AdjustPoints(command_id="spend-all", member_code="0898765432", points=-friend.points,
                                       reason="spent elsewhere", approved_by=shop.staff["manager"]))
    before = app.analytics().liability().points
    refund = app.refunds.refund(RefundSale(command_id="r", receipt_no=friend.visits[0].receipt_no,
                                           approved_by=shop.staff["manager"], print_slip=False))
    assert refund.negative_balance  # the friend now owes points ...
    # ... which does not lower what Somchai is owed; only the referral bonus that first purchase paid him goes back
    referral = app.ctx.programs.bonuses.referral_referrer_points
    assert referral and app.analytics().liability().points == before - referral
